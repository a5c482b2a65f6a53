"""UI layer: the first-run wizard: where the data is kept (this PC's encrypted file, or an office's shared
PostgreSQL database, new or already set up), whether this PC serves a ward or is a consolidating office, which
ward (its office, period basis and shown name) or which office (a province, or a custom ``C-...`` office with
its list of wards), and the first account (an admin, who is left signed in).

Wards and provinces are found by typing their names without diacritics (``units.search_wards`` over the
official list); the database is created only when the clerk finishes, through ``db.open_database(create=True)``
and ``settings.initialise_ward`` or ``services.office.initialise_office`` (what ``ward-desk init`` and
``ward-desk office init`` call), so cancelling leaves no half-made data folder. Every page checks its own fields
before Next, so a problem is shown where it can be put right.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QRadioButton, QStackedWidget,
                               QVBoxLayout, QWidget, QWizard, QWizardPage)

from ward_desk import units
from ward_desk.textutil import fold

# Page ids: an office skips the ward page's follow-ups (its own page instead of the ward's details).
STORAGE, WARD, OFFICE, DETAILS, ADMIN = range(5)
ERROR_STYLE = "color: #b00020;"


def _error_text(exc) -> str:
    from ward_desk.config import language

    return exc.message(language()) if callable(getattr(exc, "message", None)) else str(exc)


def search_provinces(query: str, limit: int = 12) -> list[units.Unit]:
    """Provinces and cities whose name (diacritics and 'Tỉnh'/'Thành phố' not needed) or code matches."""
    q = fold(query or "")
    everything = sorted(units.all_provinces(), key=lambda u: u.code)
    if not q:
        return everything[:limit]
    if q.isdigit():
        return [u for u in everything if u.code.startswith(q) or u.code == q.zfill(2)][:limit]
    words = q.split()

    def bare(name: str) -> str:
        folded = fold(name)
        for prefix in ("thanh pho ", "tinh "):
            if folded.startswith(prefix):
                return folded[len(prefix):]
        return folded

    hits = [u for u in everything if all(w in fold(u.name) for w in words)]
    hits.sort(key=lambda u: (bare(u.name) != q, not bare(u.name).startswith(q), len(u.name), u.code))
    return hits[:limit]


def _down_moves_to(search: QLineEdit, results: QListWidget, owner) -> None:
    """Down in a search field moves into its result list (as on the ward page)."""
    from PySide6.QtCore import QObject

    class Filter(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt name
            if event.type() == event.Type.KeyPress and event.key() == Qt.Key.Key_Down:
                results.setFocus()
                if results.count() and results.currentRow() < 0:
                    results.setCurrentRow(0)
                return True
            return False

    owner._down_filters = getattr(owner, "_down_filters", []) + [Filter(owner)]
    search.installEventFilter(owner._down_filters[-1])


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

        self.checked = None
        url = self.full_url()
        try:
            existing = db_server.holds_ward_desk_data(url)
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
    """A ward (the default: pick it by name) or a consolidating office (its own page follows)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Which ward does this computer serve?"))
        self.setSubTitle(self.tr("Type the ward's name (diacritics not needed) or its code, then pick it."))
        self.as_ward = QRadioButton(self.tr("A ward: this computer records the ward's work"), self)
        self.as_ward.setObjectName("role_ward")
        self.as_office = QRadioButton(self.tr("A consolidating office: this computer receives the wards' returns "
                                              "(a province, or an office for a list of wards)"), self)
        self.as_office.setObjectName("role_office")
        self.as_ward.setChecked(True)
        self.search = QLineEdit(self)
        self.search.setObjectName("ward_search")
        self.search.setPlaceholderText(self.tr("e.g. hoan kiem"))
        self.results = QListWidget(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.as_ward)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        layout.addWidget(self.as_office)
        self.as_office.toggled.connect(self._role_changed)
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
        if self.is_office():
            return None
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def is_office(self) -> bool:
        return self.as_office.isChecked()

    def _role_changed(self, *_args) -> None:
        office = self.is_office()
        self.search.setEnabled(not office)
        self.results.setEnabled(not office)
        wizard = self.wizard()
        if wizard is not None:
            wizard.setButtonText(QWizard.WizardButton.FinishButton, wizard.finish_text())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.is_office() or self.unit_code() is not None

    def nextId(self) -> int:
        return OFFICE if self.is_office() else DETAILS

    def initializePage(self) -> None:
        super().initializePage()
        # after the wizard's own focus on the page; dropped if the page is gone by then
        QTimer.singleShot(0, self.search, lambda: _focus_ward_search(self))


def _focus_ward_search(page) -> None:
    """The ward page opens with the cursor in its search field: the clerk types the ward's name at once."""
    if page.search.isEnabled():
        page.search.setFocus()


class OfficePage(QWizardPage):
    """The consolidating office: a province (all its wards), or a custom ``C-...`` office with its list of wards.

    Checked before Next with ``services.office.resolve_office_wards``, the check ``ward-desk office init`` makes.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Which consolidating office is this?"))
        self.setSubTitle(self.tr("A province or city receives the returns of all its wards; a custom office "
                                 "(code C-…) receives those of the wards you list."))
        self.province_choice = QRadioButton(self.tr("A province or city (all its wards)"), self)
        self.province_choice.setObjectName("office_province")
        self.custom_choice = QRadioButton(self.tr("A custom office for a list of wards"), self)
        self.custom_choice.setObjectName("office_custom")
        self.province_choice.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.province_choice)
        group.addButton(self.custom_choice)
        choices = QHBoxLayout()
        choices.addWidget(self.province_choice)
        choices.addWidget(self.custom_choice)
        choices.addStretch(1)

        # ---- a province
        province = QWidget(self)
        self.province_search = QLineEdit(province)
        self.province_search.setObjectName("province_search")
        self.province_search.setPlaceholderText(self.tr("e.g. ha noi"))
        self.provinces = QListWidget(province)
        self.provinces.setObjectName("provinces")
        self.province_note = QLabel(province)
        box = QVBoxLayout(province)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.province_search)
        box.addWidget(self.provinces, 1)
        box.addWidget(self.province_note)

        # ---- a custom office and its wards
        custom = QWidget(self)
        self.code = QLineEdit(custom)
        self.code.setObjectName("office_code")
        self.code.setPlaceholderText("HOANKIEM")
        self.code.setMaxLength(42)
        self.ward_search = QLineEdit(custom)
        self.ward_search.setObjectName("office_ward_search")
        self.ward_search.setPlaceholderText(self.tr("ward name or code, e.g. ba dinh"))
        self.ward_results = QListWidget(custom)
        self.add_button = QPushButton(self.tr("Add →"), custom)
        self.remove_button = QPushButton(self.tr("← Remove"), custom)
        self.chosen = QListWidget(custom)
        self.chosen.setObjectName("office_wards")
        self.chosen_note = QLabel(custom)
        grid = QGridLayout(custom)
        grid.setContentsMargins(0, 0, 0, 0)
        code_row = QHBoxLayout()
        code_row.addWidget(QLabel(self.tr("Office code"), custom))
        code_row.addWidget(QLabel("C-", custom))  # every custom office code starts so; typed or not
        code_row.setSpacing(4)
        code_row.addWidget(self.code, 1)
        grid.addLayout(code_row, 0, 0, 1, 3)
        grid.addWidget(self.ward_search, 1, 0)
        grid.addWidget(self.ward_results, 2, 0)
        buttons = QVBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 2, 1)
        grid.addWidget(QLabel(self.tr("Wards of this office"), custom), 1, 2)
        grid.addWidget(self.chosen, 2, 2)
        grid.addWidget(self.chosen_note, 3, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(province)
        self.stack.addWidget(custom)
        # ---- what the office's printed return names in its heading
        self.agency = QLineEdit(self)
        self.agency.setObjectName("office_agency")
        self.agency.setMaxLength(200)
        self.receiver = QLineEdit(self)
        self.receiver.setObjectName("office_receiver")
        self.receiver.setMaxLength(200)
        self.receiver.setPlaceholderText(self.tr("e.g. Bộ Y tế"))
        heading = QFormLayout()
        heading.addRow(self.tr("Reporting agency (printed heading)"), self.agency)
        heading.addRow(self.tr("Receiving body"), self.receiver)
        self.problem = QLabel(self)
        self.problem.setObjectName("office_problem")
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.stack, 1)
        layout.addLayout(heading)
        layout.addWidget(self.problem)

        self.custom_choice.toggled.connect(self._kind_changed)
        self.province_search.textChanged.connect(self.update_provinces)
        self.provinces.currentRowChanged.connect(self._changed)
        self.province_search.returnPressed.connect(
            lambda: self.provinces.setCurrentRow(0) if self.provinces.count() else None)
        self.code.textChanged.connect(self._changed)
        self.ward_search.textChanged.connect(self.update_ward_results)
        self.ward_search.returnPressed.connect(self.add_typed)
        self.ward_results.itemActivated.connect(lambda item: self.add_ward(item.data(Qt.ItemDataRole.UserRole)))
        self.add_button.clicked.connect(self.add_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.chosen.itemActivated.connect(lambda _item: self.remove_selected())
        _down_moves_to(self.province_search, self.provinces, self)
        _down_moves_to(self.ward_search, self.ward_results, self)
        self.update_provinces("")
        self._changed()

    # ---- a province
    def update_provinces(self, text: str) -> None:
        self.provinces.clear()
        for unit in search_provinces(text, limit=40):
            item = QListWidgetItem(f"{unit.name} ({unit.code})")
            item.setData(Qt.ItemDataRole.UserRole, unit.code)
            self.provinces.addItem(item)
        if text.strip() and self.provinces.count() == 1:
            self.provinces.setCurrentRow(0)
        self._changed()

    def province_code(self) -> str | None:
        item = self.provinces.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    # ---- a custom office
    def custom_code(self) -> str:
        """What is typed, as the code it stands for: ``hoankiem`` and ``c-hoankiem`` are ``C-HOANKIEM``."""
        text = "-".join(self.code.text().strip().upper().split())
        if not text:
            return ""
        return text if text.startswith("C-") else f"C-{text}"

    def update_ward_results(self, text: str) -> None:
        """Matches by name or code; wards of the provinces already chosen come first (an office is local)."""
        self.ward_results.clear()
        near = {units.ward(code).province_code for code in self.ward_codes()}
        found = units.search_wards(text, limit=30)
        for unit in sorted(found, key=lambda u: u.province_code not in near) if near else found:
            province = units.province(unit.province_code)
            item = QListWidgetItem(f"{unit.name} — {province.name if province else ''} ({unit.code})")
            item.setData(Qt.ItemDataRole.UserRole, unit.code)
            self.ward_results.addItem(item)

    def add_ward(self, code: str | None) -> bool:
        unit = units.ward(code) if code else None
        if unit is None or code in self.ward_codes():
            return False
        item = QListWidgetItem(unit.label)
        item.setData(Qt.ItemDataRole.UserRole, unit.code)
        self.chosen.addItem(item)
        self._changed()
        return True

    def add_selected(self) -> None:
        item = self.ward_results.currentItem() or self.ward_results.item(0)
        if item is not None:
            self.add_ward(item.data(Qt.ItemDataRole.UserRole))

    def add_typed(self) -> None:
        """Enter in the search: a pasted list of ward codes adds them all; a name adds its first match."""
        tokens = self.ward_search.text().replace(",", " ").replace(";", " ").split()
        if len(tokens) > 1 and all(t.isdigit() for t in tokens):
            for token in tokens:
                self.add_ward(units.normalise_code(token))
        else:
            self.add_selected()
        self.ward_search.selectAll()

    def remove_selected(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.takeItem(row)
            self._changed()

    def ward_codes(self) -> list[str]:
        return [self.chosen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chosen.count())]

    # ---- the page
    def is_custom(self) -> bool:
        return self.custom_choice.isChecked()

    def choice(self) -> tuple[str | None, list[str] | None]:
        """(office code, ward codes) as ``office init --office CODE [--wards ...]`` takes them."""
        if self.is_custom():
            return self.custom_code() or None, self.ward_codes()
        return self.province_code(), None

    def _kind_changed(self, *_args) -> None:
        self.stack.setCurrentIndex(1 if self.is_custom() else 0)
        (self.code if self.is_custom() else self.province_search).setFocus()
        self._changed()

    def heading(self) -> tuple[str, str]:
        """(reporting agency, receiving body) as ``office init --agency --receiver`` takes them ('' = default)."""
        return self.agency.text().strip(), self.receiver.text().strip()

    def _changed(self, *_args) -> None:
        self.problem.setText("")
        from ward_desk.services.office import default_agency

        chosen, _wards = self.choice()
        self.agency.setPlaceholderText(default_agency(chosen) if chosen and (
            units.is_province_code(chosen) or units.is_custom_office_code(chosen)) else "")
        code = self.province_code()
        count = len(units.wards_of_province(code)) if code else 0
        self.province_note.setText(self.tr("%1 wards will report to this office.").replace("%1", str(count))
                                   if code else "")
        n = self.chosen.count()
        self.chosen_note.setText(self.tr("%1 wards chosen").replace("%1", str(n)))
        if self.is_custom() and self.code.text().strip() and not units.is_custom_office_code(self.custom_code()):
            self.problem.setText(self.tr("An office code is C- followed by letters, digits, - or _ (at most 40), "
                                         "e.g. C-HOANKIEM."))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.is_custom():
            return units.is_custom_office_code(self.custom_code()) and self.chosen.count() > 0
        return self.province_code() is not None

    def validatePage(self) -> bool:
        from ward_desk.errors import WardDeskError
        from ward_desk.services import office

        code, wards = self.choice()
        try:
            office.resolve_office_wards(code or "", wards or None)
        except WardDeskError as exc:
            self.problem.setText(_error_text(exc))
            return False
        return True

    def nextId(self) -> int:
        storage = getattr(self.wizard(), "storage_page", None)
        return ADMIN if storage is not None and storage.uses_server() else DETAILS  # a server needs no passphrase


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
        form.addRow(self.tr("Passphrase for the data (8 characters or more)"), self.passphrase)
        form.addRow(self.tr("Passphrase again"), self.passphrase2)
        form.addRow("", self.problem)
        self.passphrase.textChanged.connect(lambda _: self.completeChanged.emit())
        self.passphrase2.textChanged.connect(lambda _: self.completeChanged.emit())

    def needs_passphrase(self) -> bool:
        storage = getattr(self.wizard(), "storage_page", None)
        return storage is None or not storage.uses_server()  # a server keeps its own protection

    def for_office(self) -> bool:
        return self.ward_page.is_office()

    def passphrase_problem(self) -> str:
        """Why the passphrase cannot be used ('' when it can): the rule ``ward_desk.keys`` applies."""
        from ward_desk.errors import WardDeskError
        from ward_desk import keys

        if not self.needs_passphrase():
            return ""
        try:
            keys.check_passphrase(self.passphrase.text())
        except WardDeskError as exc:
            return _error_text(exc)
        return ""

    def isComplete(self) -> bool:
        if not self.needs_passphrase():
            return True
        same = self.passphrase.text() == self.passphrase2.text()
        short = self.passphrase_problem() if self.passphrase.text() else ""
        self.problem.setText(short or ("" if same else self.tr("The two passphrases differ.")))
        return bool(self.passphrase.text()) and same and not short

    def validatePage(self) -> bool:
        """Next (or a Finish further on) never goes past a passphrase the database would refuse."""
        problem = self.passphrase_problem()
        if not problem and self.needs_passphrase() and self.passphrase.text() != self.passphrase2.text():
            problem = self.tr("The two passphrases differ.")
        self.problem.setText(problem)
        return not problem

    def initializePage(self) -> None:
        form = self.layout()
        for edit in (self.passphrase, self.passphrase2):
            form.setRowVisible(edit, self.needs_passphrase())
        office = self.for_office()  # an office reports to no one and has no ward name: only the passphrase
        for widget in (self.office, self.basis, self.name):
            form.setRowVisible(widget, not office)
        self.setTitle(self.tr("The passphrase for the office's data") if office
                      else self.tr("Office, reporting period and name"))
        self.setSubTitle(self.tr("The data is kept encrypted; the passphrase opens it where this computer's "
                                 "credential store cannot (another computer, a restored backup).")
                         if office else "")
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

    def account_problem(self) -> str:
        """Why this account cannot be made ('' when it can): the rules of ``services.accounts``."""
        from ward_desk.errors import WardDeskError
        from ward_desk.services import accounts

        try:
            accounts.check_username(self.username.text())
            accounts.check_password(self.password.text(), self.username.text())
        except WardDeskError as exc:
            return _error_text(exc)
        return ""

    def validatePage(self) -> bool:
        problem = self.account_problem()
        self.problem.setText(problem)
        return not problem


class SetupWizard(QWizard):
    def __init__(self, data_dir, parent=None):
        super().__init__(parent)
        self.data_dir = data_dir
        self.setWindowTitle(self.tr("Ward Desk: first-time setup"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.storage_page = StoragePage(self)
        self.ward_page = WardPage(self)
        self.office_page = OfficePage(self)
        self.details_page = DetailsPage(self.ward_page, self)
        self.admin_page = AdminPage(self)
        self.setPage(STORAGE, self.storage_page)
        self.setPage(WARD, self.ward_page)
        self.setPage(OFFICE, self.office_page)
        self.setPage(DETAILS, self.details_page)
        self.setPage(ADMIN, self.admin_page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.finish_text())
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        self.error = QLabel(self)
        self.resize(720, 520)

    def finish_text(self) -> str:
        return (self.tr("Create the office's database") if self.ward_page.is_office()
                else self.tr("Create the ward's database"))

    def back_to(self, page: QWizardPage) -> None:
        """Go back to ``page`` (where a problem found at Finish can be put right), if it was visited."""
        for _ in range(len(self.visitedIds())):
            if self.currentPage() is page or self.currentId() == -1:
                return
            self.back()

    def accept(self) -> None:
        from ward_desk.db import close_database, open_database
        from ward_desk.services import settings

        from PySide6.QtWidgets import QMessageBox

        from ward_desk.config import language
        from ward_desk.errors import WardDeskError
        from ward_desk import keys

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
        as_office = self.ward_page.is_office()
        admin = self.admin_page
        # Everything is checked before the database exists (a slip leaves no half-made folder), and a problem is
        # shown on the page that has the field, the wizard going back there when it is not the current one.
        problem = admin.account_problem()
        if problem:
            admin.problem.setText(problem)
            self.back_to(admin)
            return
        if as_office:
            from ward_desk.services import office

            office_code, office_wards = self.office_page.choice()
            try:
                office.resolve_office_wards(office_code or "", office_wards or None)
            except WardDeskError as exc:
                self.office_page.problem.setText(_error_text(exc))
                self.back_to(self.office_page)
                return
        if not storage.uses_server():
            problem = self.details_page.passphrase_problem()
            if problem:
                self.details_page.problem.setText(problem)
                self.back_to(self.details_page)
                return
        try:
            if storage.uses_server():
                db = open_database(self.data_dir, create=True, url=storage.full_url())
            else:
                db = open_database(self.data_dir, create=True, passphrase=self.details_page.passphrase.text())
        except WardDeskError as exc:  # folder not writable, server gone...
            where = storage.status if storage.uses_server() else self.details_page.problem
            where.setStyleSheet(ERROR_STYLE)
            where.setText(_error_text(exc))
            admin.problem.setText(_error_text(exc))
            self.back_to(storage if storage.uses_server() else self.details_page)
            return
        try:
            with db.atomic():
                accounts.create_user(admin.username.text(), admin.password.text(), "admin",
                                     full_name=admin.full_name.text())
                accounts.sign_in(admin.username.text(), admin.password.text())  # the app opens signed in
                if as_office:  # what `ward-desk office init --office CODE [--wards ...]` does
                    agency, receiver = self.office_page.heading()
                    office.initialise_office(office_code, office_wards or None, agency=agency or None,
                                             receiver=receiver or None)
                else:
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
