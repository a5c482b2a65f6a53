"""UI layer: accounts (administrators): who may sign in, with which role; add, change role, reset a password,
disable or enable, lift a lockout. The rules (password length, the last admin keeps its role) are the service's.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QInputDialog,
                               QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ward_desk.config import language
from ward_desk.errors import WardDeskError


class UserDialog(QDialog):
    """A new account: name, full name, role and a password typed twice."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New account"))
        self.username = QLineEdit(self)
        self.full_name = QLineEdit(self)
        self.role = QComboBox(self)
        for role, label in _role_labels(self).items():
            self.role.addItem(label, role)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit(self)
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Full name"), self.full_name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Password (8 characters or more)"), self.password)
        form.addRow(self.tr("Password again"), self.password2)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def create(self) -> bool:
        from ward_desk.services import accounts

        if self.password.text() != self.password2.text():
            self.problem.setText(self.tr("The two passwords differ."))
            return False
        try:
            accounts.create_user(self.username.text(), self.password.text(), self.role.currentData(),
                                 full_name=self.full_name.text())
        except WardDeskError as exc:
            self.problem.setText(exc.message(language()))
            return False
        self.accept()
        return True


def _role_labels(widget) -> dict[str, str]:
    return {"clerk": widget.tr("clerk (enter and edit records)"),
            "supervisor": widget.tr("supervisor (also returns, unlocking periods, the audit trail)"),
            "admin": widget.tr("administrator (also accounts, settings, backups)")}


class UsersScreen(QWidget):
    def __init__(self, context=None, parent=None):
        super().__init__(parent)
        self.context = context
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([self.tr("User name"), self.tr("Full name"), self.tr("Role"),
                                              self.tr("State")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        actions = ((self.tr("Add…"), self.add), (self.tr("Change role…"), self.change_role),
                   (self.tr("Reset password…"), self.reset_password), (self.tr("Disable"), self.disable),
                   (self.tr("Enable"), self.enable), (self.tr("Lift lockout"), self.unlock))
        for text, slot in actions:
            button = QPushButton(text, self)
            button.clicked.connect(lambda _=False, s=slot: s())
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        from ward_desk.services import accounts

        self.users = accounts.list_users()
        labels = _role_labels(self)
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            state = (self.tr("disabled") if user.disabled else self.tr("locked out") if accounts.is_locked(user)
                     else self.tr("active"))
            for column, text in enumerate((user.username, user.full_name or "", labels.get(user.role, user.role),
                                           state)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected(self) -> str | None:
        row = self.table.currentRow()
        return self.users[row].username if 0 <= row < len(self.users) else None

    def _do(self, action, *args) -> bool:
        try:
            action(*args)
        except WardDeskError as exc:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(exc.message(language()))
            return False
        self.message.setStyleSheet("color: #1b5e20;")
        self.message.setText(self.tr("Done."))
        self.refresh()
        return True

    def add(self) -> None:
        if UserDialog(self).exec():
            self.refresh()

    def change_role(self, role: str | None = None) -> bool:
        from ward_desk.services import accounts

        name = self.selected()
        if name is None:
            return False
        if role is None:
            labels = _role_labels(self)
            chosen, ok = QInputDialog.getItem(self, self.tr("Change role"), name, list(labels.values()), 0, False)
            if not ok:
                return False
            role = next(r for r, label in labels.items() if label == chosen)
        return self._do(accounts.set_role, name, role)

    def reset_password(self, password: str | None = None) -> bool:
        from ward_desk.services import accounts

        name = self.selected()
        if name is None:
            return False
        if password is None:
            password, ok = QInputDialog.getText(self, self.tr("Reset password"),
                                                self.tr("New password for %1:").replace("%1", name),
                                                QLineEdit.EchoMode.Password)
            if not ok:
                return False
        return self._do(accounts.set_password, name, password)

    def disable(self) -> bool:
        from ward_desk.services import accounts

        return self.selected() is not None and self._do(accounts.disable_user, self.selected())

    def enable(self) -> bool:
        from ward_desk.services import accounts

        return self.selected() is not None and self._do(accounts.enable_user, self.selected())

    def unlock(self) -> bool:
        from ward_desk.services import accounts

        return self.selected() is not None and self._do(accounts.unlock_user, self.selected())
