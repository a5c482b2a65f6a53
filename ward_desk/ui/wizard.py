"""UI layer: the first-run wizard: where the data is kept (this PC's encrypted file, or an office's shared
PostgreSQL database, new or already set up), which ward this PC serves, its office, period basis and shown name,
and the first account (an admin, who is left signed in).

The ward is found by typing its name without diacritics (``units.search_wards`` over the official list); the
database is created only when the clerk finishes, through ``db.open_database(create=True)`` and
``settings.initialise_ward``, so cancelling leaves no half-made data folder.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QRadioButton, QVBoxLayout, QWizard, QWizardPage)

from ward_desk import units


class StoragePage(QWizardPage):
    """This PC's encrypted file (one ward PC, the default) or an office's shared PostgreSQL database.

    A shared database is checked here: one already set up for Ward Desk is simply joined (the wizard ends, the
    people sign in with their accounts there); an empty one is set up by the following pages, like a file.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Where is the data kept?"))
        self.local = QRadioButton(self.tr("On this computer, in an encrypted file (one ward PC)"), self)
        self.server = QRadioButton(self.tr("In the office's shared database (PostgreSQL, several staff)"), self)
        self.local.setChecked(True)
        self.url = QLineEdit(self)
        self.url.setObjectName("server_url")
        self.url.setPlaceholderText("postgresql://clerk@server/wardesk")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.check = QPushButton(self.tr("Check the connection"), self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.local)
        layout.addWidget(self.server)
        form = QFormLayout()
        form.addRow(self.tr("Database address"), self.url)
        form.addRow(self.tr("Database password"), self.password)
        form.addRow("", self.check)
        form.addRow("", self.status)
        layout.addLayout(form)
        layout.addStretch(1)
        self.checked: tuple[str, str] | None = None  # (url, "existing" | "empty") of the last good check
        self.local.toggled.connect(self._changed)
        self.url.textChanged.connect(self._changed)
        self.password.textChanged.connect(self._changed)
        self.check.clicked.connect(self.check_server)
        self._changed()

    def uses_server(self) -> bool:
        return self.server.isChecked()

    def full_url(self) -> str:
        """The address with the password typed beside it (kept only in the credential store, never a file)."""
        from urllib.parse import quote, urlsplit, urlunsplit

        url = self.url.text().strip()
        password = self.password.text()
        if not password:
            return url
        parts = urlsplit(url)
        user, _, host = parts.netloc.rpartition("@")
        user = user.split(":", 1)[0]
        return urlunsplit(parts._replace(netloc=f"{user}:{quote(password, safe='')}@{host}"))

    def _changed(self, *_) -> None:
        server = self.uses_server()
        for widget in (self.url, self.password, self.check):
            widget.setEnabled(server)
        if self.checked and self.checked[0] != self.full_url():
            self.checked = None
            self.status.setText("")
        self.completeChanged.emit()

    def check_server(self) -> bool:
        """Connect once: is the database reachable, and is it already a Ward Desk database?"""
        from ward_desk import db_server
        from ward_desk.config import language
        from ward_desk.errors import WardDeskError
        from ward_desk.models import migrations

        self.checked = None
        url = self.full_url()
        try:
            if not db_server.is_server_url(url):
                raise WardDeskError("db.bad_url", url=db_server.masked(url))
            connection = db_server._connect(url)
            try:
                existing = migrations.current_version(connection) is not None
            finally:
                connection.close()
        except WardDeskError as exc:
            self.status.setStyleSheet("color: #b00020;")
            self.status.setText(exc.message(language()))
            self.completeChanged.emit()
            return False
        self.checked = (url, "existing" if existing else "empty")
        self.status.setStyleSheet("color: #1b5e20;")
        self.status.setText(self.tr("This database already holds the unit's data: finish to use it and sign in.")
                            if existing else
                            self.tr("This database is empty: the next pages set it up for the ward."))
        self.completeChanged.emit()
        return True

    def joins_existing(self) -> bool:
        return self.uses_server() and self.checked is not None and self.checked[1] == "existing"

    def isComplete(self) -> bool:
        return not self.uses_server() or self.checked is not None

    def nextId(self) -> int:
        return -1 if self.joins_existing() else super().nextId()


class WardPage(QWizardPage):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Which ward does this computer serve?"))
        self.setSubTitle(self.tr("Type the ward's name (diacritics not needed) or its code, then pick it."))
        self.search = QLineEdit(self)
        self.search.setObjectName("ward_search")
        self.search.setPlaceholderText(self.tr("e.g. hoan kiem"))
        self.results = QListWidget(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self.search.textChanged.connect(self.update_results)
        self.results.currentRowChanged.connect(lambda _: self.completeChanged.emit())
        self.search.returnPressed.connect(lambda: self.results.setCurrentRow(0) if self.results.count() else None)
        self.search.installEventFilter(self)

    def eventFilter(self, obj, event):
        if obj is self.search and event.type() == event.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            self.results.setFocus()
            if self.results.count() and self.results.currentRow() < 0:
                self.results.setCurrentRow(0)
            return True
        return super().eventFilter(obj, event)

    def update_results(self, text: str) -> None:
        self.results.clear()
        for unit in units.search_wards(text, limit=12):
            province = units.province(unit.province_code)
            item = QListWidgetItem(f"{unit.name} — {province.name if province else ''} ({unit.code})")
            item.setData(Qt.ItemDataRole.UserRole, unit.code)
            self.results.addItem(item)
        self.completeChanged.emit()

    def unit_code(self) -> str | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def isComplete(self) -> bool:
        return self.unit_code() is not None


class DetailsPage(QWizardPage):
    def __init__(self, ward_page: WardPage, parent=None):
        super().__init__(parent)
        self.ward_page = ward_page
        self.setTitle(self.tr("Office, reporting period and name"))
        self.office = QComboBox(self)
        self.basis = QComboBox(self)
        self.basis.addItem(self.tr("Calendar month"), "calendar")
        self.basis.addItem(self.tr("15th to 14th (Decree 09)"), "nd09")
        self.name = QLineEdit(self)
        # the database is encrypted: the passphrase opens it where the keyring cannot (another PC, lost entry)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase2 = QLineEdit(self)
        self.passphrase2.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Reports to (office)"), self.office)
        form.addRow(self.tr("Reporting period"), self.basis)
        form.addRow(self.tr("Ward name shown"), self.name)
        form.addRow(self.tr("Passphrase for the data"), self.passphrase)
        form.addRow(self.tr("Passphrase again"), self.passphrase2)
        form.addRow("", self.problem)
        self.passphrase.textChanged.connect(lambda _: self.completeChanged.emit())
        self.passphrase2.textChanged.connect(lambda _: self.completeChanged.emit())

    def needs_passphrase(self) -> bool:
        storage = getattr(self.wizard(), "storage_page", None)
        return storage is None or not storage.uses_server()  # a server keeps its own protection

    def isComplete(self) -> bool:
        if not self.needs_passphrase():
            return True
        same = self.passphrase.text() == self.passphrase2.text()
        self.problem.setText("" if same else self.tr("The two passphrases differ."))
        return bool(self.passphrase.text()) and same

    def initializePage(self) -> None:
        form = self.layout()
        for edit in (self.passphrase, self.passphrase2):
            form.setRowVisible(edit, self.needs_passphrase())
        code = self.ward_page.unit_code()
        unit = units.ward(code) if code else None
        self.office.clear()
        if unit is not None:
            province = units.province(unit.province_code)
            self.office.addItem(f"{province.name if province else unit.province_code} ({unit.province_code})",
                                unit.province_code)
            self.name.setText(unit.name)


class AdminPage(QWizardPage):
    """The first account, an admin: the people who use the app sign in by name (``services.accounts``)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("The first account (administrator)"))
        self.setSubTitle(self.tr("Each person signs in with their own name and password. This first account "
                                 "manages the others, the settings and the backups."))
        self.username = QLineEdit("admin", self)
        self.username.setObjectName("admin_username")
        self.full_name = QLineEdit(self)
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
        form.addRow(self.tr("Password (8 characters or more)"), self.password)
        form.addRow(self.tr("Password again"), self.password2)
        form.addRow("", self.problem)
        for edit in (self.username, self.password, self.password2):
            edit.textChanged.connect(lambda _: self.completeChanged.emit())

    def isComplete(self) -> bool:
        same = self.password.text() == self.password2.text()
        self.problem.setText("" if same else self.tr("The two passwords differ."))
        return bool(self.username.text().strip() and self.password.text()) and same


class SetupWizard(QWizard):
    def __init__(self, data_dir, parent=None):
        super().__init__(parent)
        self.data_dir = data_dir
        self.setWindowTitle(self.tr("Ward Desk: first-time setup"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.storage_page = StoragePage(self)
        self.ward_page = WardPage(self)
        self.details_page = DetailsPage(self.ward_page, self)
        self.addPage(self.storage_page)
        self.addPage(self.ward_page)
        self.addPage(self.details_page)
        self.admin_page = AdminPage(self)
        self.addPage(self.admin_page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Create the ward's database"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        self.error = QLabel(self)
        self.resize(640, 460)

    def accept(self) -> None:
        from ward_desk.db import close_database, open_database
        from ward_desk.services import settings

        from PySide6.QtWidgets import QMessageBox

        from ward_desk.config import language
        from ward_desk.errors import WardDeskError
        from ward_desk.services import keys

        from ward_desk.services import accounts

        from ward_desk import db_server

        storage = self.storage_page
        if storage.joins_existing():  # the unit and its accounts are on the server already: remember it, done
            try:
                db_server.remember(self.data_dir, storage.full_url())
            except WardDeskError as exc:
                storage.status.setStyleSheet("color: #b00020;")
                storage.status.setText(exc.message(language()))
                return
            self.recovery_code = None
            super().accept()
            return
        code = self.ward_page.unit_code()
        admin = self.admin_page
        try:  # the account is checked before the database exists: a slip here leaves no half-made folder
            accounts.check_username(admin.username.text())
            accounts.check_password(admin.password.text(), admin.username.text())
        except WardDeskError as exc:
            admin.problem.setText(exc.message(language()))
            return
        try:
            if storage.uses_server():
                db = open_database(self.data_dir, create=True, url=storage.full_url())
            else:
                db = open_database(self.data_dir, create=True, passphrase=self.details_page.passphrase.text())
        except WardDeskError as exc:  # passphrase too short, folder not writable...
            self.details_page.problem.setText(exc.message(language()) if callable(getattr(exc, "message", None))
                                              else str(exc))
            return
        try:
            with db.atomic():
                accounts.create_user(admin.username.text(), admin.password.text(), "admin",
                                     full_name=admin.full_name.text())
                accounts.sign_in(admin.username.text(), admin.password.text())  # the app opens signed in
                settings.initialise_ward(code, self.details_page.office.currentData())
                settings.set_many({"period_basis": self.details_page.basis.currentData(),
                                   "display_name": self.details_page.name.text().strip() or None})
        except Exception:
            close_database()
            raise
        if storage.uses_server():
            try:
                db_server.remember(self.data_dir, storage.full_url())
            except WardDeskError as exc:  # made on the server; only this PC's shortcut to it is missing
                QMessageBox.warning(self, self.tr("Shared database"), exc.message(language()))
        recovery = keys.take_recovery_code()
        if recovery and not getattr(self, "quiet", False):
            QMessageBox.information(self, self.tr("Recovery code"), self.tr(
                "Write this recovery code on paper and keep it locked away. It opens the data if the passphrase "
                "is forgotten; it is shown only now:\n\n%1").replace("%1", recovery))
        self.recovery_code = recovery
        super().accept()
