"""UI layer: the sign-in dialog shown at start (and after "Sign out"), and the first admin of an older database.

Enter signs in, Esc quits without touching anything. Wrong name or password, a locked or disabled account: the
service's message is shown in Vietnamese (or English) under the fields, the password is cleared, the dialog
stays. The last user name is remembered (QSettings, this PC only); passwords never are. "Locked out?" lifts a
lockout of the named account with the data's passphrase or recovery code (the only admin included).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from ward_desk.config import language
from ward_desk.errors import WardDeskError


class LoginDialog(QDialog):
    def __init__(self, ward_label: str = "", parent=None):
        super().__init__(parent)
        from ward_desk.services import accounts

        self.first_admin = accounts.needs_first_admin()
        self.setWindowTitle(self.tr("Ward Desk: sign in"))
        self.setModal(True)
        intro = QLabel(self)
        intro.setWordWrap(True)
        if self.first_admin:
            intro.setText(self.tr("This database has no accounts yet (it was made by an earlier version). Create "
                                  "the first account, an administrator, who can then add the others."))
        else:
            intro.setText(self.tr("Sign in with your own name and password.") +
                          (f"\n{ward_label}" if ward_label else ""))
        self.username = QLineEdit(self)
        self.username.setObjectName("login_username")
        self.full_name = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setObjectName("login_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit(self)
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel(self)
        self.problem.setObjectName("login_problem")
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        if self.first_admin:
            form.addRow(self.tr("Full name"), self.full_name)
        form.addRow(self.tr("Password"), self.password)
        if self.first_admin:
            form.addRow(self.tr("Password again"), self.password2)
        else:  # made anyway (one code path for both modes), but not part of this dialog
            self.full_name.hide()
            self.password2.hide()
        buttons = QDialogButtonBox(self)
        self.sign_in_button = buttons.addButton(
            self.tr("Create and sign in") if self.first_admin else self.tr("Sign in"),
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        if not self.first_admin:
            self.unlock_button = buttons.addButton(self.tr("Locked out?"), QDialogButtonBox.ButtonRole.ResetRole)
            self.unlock_button.clicked.connect(lambda: self.unlock_with_key())
        self.sign_in_button.setDefault(True)
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        last = QSettings().value("login/last_user") or ("admin" if self.first_admin else "")
        self.username.setText(str(last))
        (self.password if last else self.username).setFocus()
        self.resize(440, self.sizeHint().height())

    def try_sign_in(self) -> bool:
        from ward_desk.services import accounts

        name = self.username.text().strip()
        try:
            if self.first_admin:
                if self.password.text() != self.password2.text():
                    self.problem.setText(self.tr("The two passwords differ."))
                    return False
                accounts.check_username(name)
                accounts.check_password(self.password.text(), name)
                accounts.create_user(name, self.password.text(), "admin", full_name=self.full_name.text())
            accounts.sign_in(name, self.password.text())
        except WardDeskError as exc:
            self.problem.setText(exc.message(language()))
            self.password.clear()
            self.password2.clear()
            self.password.setFocus()
            return False
        QSettings().setValue("login/last_user", name)
        self.accept()
        return True

    def unlock_with_key(self, secret: str | None = None) -> bool:
        """Lift the lockout of the account named above with the data's passphrase or recovery code."""
        from PySide6.QtWidgets import QInputDialog

        from ward_desk.services import accounts

        name = self.username.text().strip()
        if not name:
            self.problem.setText(self.tr("Type the locked account's user name first."))
            return False
        if secret is None:
            secret, ok = QInputDialog.getText(
                self, self.tr("Unlock an account"),
                self.tr("The data's passphrase or its recovery code lifts the lockout of %1:").replace("%1", name),
                QLineEdit.EchoMode.Password)
            if not ok:
                return False
        try:
            accounts.unlock_with_database_key(name, secret)
        except WardDeskError as exc:
            self.problem.setText(exc.message(language()))
            return False
        self.problem.setText(self.tr("%1 is unlocked: sign in with the password.").replace("%1", name))
        self.password.setFocus()
        return True
