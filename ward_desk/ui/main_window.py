"""UI layer: the main window: navigation on the left, one screen at a time on the right, a status bar.

Screens are built when first shown (start-up stays fast) and kept. Geometry and the last screen live in
QSettings (UI state only; domain settings are in the database).

A ward's folder shows the ward's screens; an office's folder (``services.office.is_office``, made by
``ward-desk office init`` or the wizard) shows the office's: its inbox and completeness grid first, then users,
audit trail, backups and settings. The status bar names the ward or the office either way.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import QRect, QSettings, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QMainWindow, QSplitter, QStackedWidget, QWidget

from ward_desk import messages
from ward_desk.spec import records as spec
from ward_desk.ui import labels
from ward_desk.ui.context import is_office_folder, office_title
from ward_desk.ui.i18n import apply_language_preference

messages.register({"planui.nav": ("Kế hoạch năm", "Annual plan")})  # the plan screen's name in the navigation

SIGN_OUT = 3  # exit code of the event loop when the user signed out (the app goes back to sign-in)

RECORD_SCREENS = spec.SHEETS  # one screen per record kind, in the standard's order
# the screens built by import when first shown: (module, class)
SCREENS = {
    "dashboard": ("ward_desk.ui.dashboard", "DashboardScreen"),
    "returns": ("ward_desk.ui.returns", "ReturnsScreen"),
    "office": ("ward_desk.ui.office", "OfficeScreen"),
    "audit": ("ward_desk.ui.security", "AuditScreen"),
    "users": ("ward_desk.ui.security", "UsersScreen"),
    "backups": ("ward_desk.ui.security", "BackupScreen"),
    "plan": ("ward_desk.ui.reports_ui", "PlanScreen"),
    "consent_review": ("ward_desk.ui.consent_review", "ConsentReviewScreen"),
}


def _allowed(name: str) -> bool:
    """Screens only some roles see (the services refuse the rest anyway): a clerk never sees the trail."""
    from ward_desk.services import accounts

    needs = {"audit": "audit.view", "users": "users.manage", "backups": "backup.create",
             # RETURN-v2 §1: a clerk records a GBV case (the client's page, Ctrl+G) but has no list of them
             "gbv_cases": "gbv.read", "consent_review": "consents.review"}.get(name)
    return needs is None or accounts.can(needs)


def screen_order(office_mode: bool) -> list[str]:
    """The navigation: an office's inbox and the staff screens, or a ward's records, returns and the rest."""
    staff = [n for n in ("users", "audit", "backups") if _allowed(n)]
    if office_mode:
        return ["office"] + staff + ["settings"]
    records = [n for n in RECORD_SCREENS if _allowed(n)]
    review = [n for n in ("consent_review",) if _allowed(n)]
    return ["dashboard"] + records + ["followups"] + review + ["returns", "plan"] + staff + ["settings"]


DEFAULT_SIZE = QSize(1200, 760)
WINDOW_FRAME = QSize(16, 40)  # Windows' title bar and borders, outside the size resize() sets


def default_size(available: QRect | None) -> QSize:
    """The first-start size: 1200x760 where it fits, else the screen's usable area less the frame, so that
    the status bar and the list buttons show without maximising on a 1366x768 laptop (1366x728 above the
    taskbar)."""
    if available is None or available.isEmpty():
        return DEFAULT_SIZE
    return QSize(min(DEFAULT_SIZE.width(), available.width() - WINDOW_FRAME.width()),
                 min(DEFAULT_SIZE.height(), available.height() - WINDOW_FRAME.height()))


def screen_shortcuts(count: int) -> list[str]:
    """Ctrl+1..Ctrl+9 for the first nine screens, then Alt+1..Alt+9, then Ctrl+Alt+1..9 (the six record kinds of
    version 2 made the list longer than 18): every screen of the list has its keys."""
    keys = ([f"Ctrl+{n}" for n in range(1, 10)] + [f"Alt+{n}" for n in range(1, 10)]
            + [f"Ctrl+Alt+{n}" for n in range(1, 10)])
    return keys[:count]


class MainWindow(QMainWindow):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(230)
        self.stack = QStackedWidget(self)
        self.screens: dict[str, QWidget] = {}
        self._names: list[str] = []
        apply_language_preference()  # this PC's person's choice (Settings) over the database's default
        self.office_mode = is_office_folder()
        titles = {"dashboard": self.tr("Dashboard"), "followups": self.tr("Follow-ups"),
                  "returns": self.tr("Returns"), "office": self.tr("Inbox and completeness"),
                  "settings": self.tr("Settings"), "audit": self.tr("Audit trail"), "users": self.tr("Users"),
                  "backups": self.tr("Backups"), "plan": messages.text("planui.nav"),
                  "consent_review": self.tr("Consent withdrawn")}
        for name in screen_order(self.office_mode):
            item = QListWidgetItem(titles.get(name) or labels.kind_name(name))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.nav.addItem(item)
            self._names.append(name)
        splitter = QSplitter(self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self.nav.currentRowChanged.connect(lambda row: self.show_screen(self._names[row]) if row >= 0 else None)
        context.navigate_requested.connect(self._navigate)
        context.settings_changed.connect(self._settings_changed)
        for i, keys in enumerate(screen_shortcuts(len(self._names))):  # every screen has one (13 and more)
            QShortcut(QKeySequence(keys), self, activated=lambda i=i: self.nav.setCurrentRow(i))
            self.nav.item(i).setToolTip(keys)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.nav.setFocus)
        from PySide6.QtWidgets import QToolButton

        self.user_label = QLabel(self)
        self.sign_out_button = QToolButton(self)
        self.sign_out_button.setText(self.tr("Sign out"))
        self.sign_out_button.setToolTip(self.tr("Sign out so that someone else can sign in (Ctrl+Shift+Q)"))
        self.sign_out_button.clicked.connect(self.sign_out)
        QShortcut(QKeySequence("Ctrl+Shift+Q"), self, activated=self.sign_out)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.sign_out_button)
        context.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))  # "Saved: DK…"
        if self.office_mode:  # an office keeps no records: its menu receives ward files
            from ward_desk.services import accounts

            records_menu = self.menuBar().addMenu(self.tr("&Office"))
            receive = [records_menu.addAction(self.tr("&Receive ward files…"), QKeySequence("Ctrl+O"),
                                              lambda: self._office_screen()._pick_files()),
                       records_menu.addAction(self.tr("Receive a &folder of ward files…"),
                                              QKeySequence("Ctrl+Shift+O"),
                                              lambda: self._office_screen()._pick_folder())]
            for action in receive:
                action.setEnabled(accounts.can("office.receive"))  # a supervisor's (services.office.receive)
            from ward_desk.ui.reports_ui import FormDialog

            records_menu.addAction(messages.text("repui.fill"),  # a province form from a consolidated return
                                   lambda: FormDialog(None, self, office=True).exec())
        else:
            records_menu = self.menuBar().addMenu(self.tr("&Records"))
            records_menu.addAction(self.tr("&Import from a RECORDS-1 workbook…"), QKeySequence("Ctrl+I"),
                                   self.import_records)
            self.export_action = records_menu.addAction(self.tr("&Export every record to a workbook…"),
                                                        QKeySequence("Ctrl+E"), self.export_records)
            records_menu.addSeparator()
            records_menu.addAction(self.tr("&Hotline call…"), QKeySequence("Ctrl+H"), self.hotline_call)
            records_menu.addAction(self.tr("Record a &GBV case…"), QKeySequence("Ctrl+G"), self.gbv_case)
        records_menu.addSeparator()
        records_menu.addAction(self.tr("Sign &out"), self.sign_out)
        records_menu.addAction(self.tr("&Quit"), QKeySequence("Ctrl+Q"), self.close)
        context.access_refused.connect(self.check_account)
        from ward_desk.services import accounts as _accounts

        signed_in = _accounts.current_user()
        self._signed_in_as = signed_in.username if signed_in is not None else None  # whom this window serves
        self._shown_role = signed_in.role if signed_in is not None else None  # the role its buttons follow
        self.apply_role()
        self.update_status()
        self.restore_state()

    # ---- the account: what its role offers, followed while the window is open
    def apply_role(self) -> bool:
        """Offer only what the signed-in user's role allows: the staff screens in the navigation, the export of
        every record (a supervisor's), the current screen's buttons. Returns whether the current screen is still
        allowed."""
        from ward_desk.services import accounts

        export = getattr(self, "export_action", None)
        if export is not None:
            export.setVisible(accounts.can("records.export"))
            export.setEnabled(accounts.can("records.export"))
        for row, name in enumerate(self._names):
            self.nav.item(row).setHidden(not _allowed(name))
        current = self.stack.currentWidget()
        for method in ("_update_buttons", "load"):  # list screens' Add/Delete/Restore; settings' greyed part
            update = getattr(current, method, None) if current is not None else None
            if callable(update) and (method == "_update_buttons" or hasattr(current, "can_write")):
                update()
        return _allowed(getattr(self, "current", "")) if getattr(self, "current", None) else True

    def check_account(self) -> bool:
        """The account as the database has it now (an admin may have disabled or demoted it since this window
        opened): disabled or gone, it is signed out with a message; a changed role changes what is offered.
        Returns whether the user is still signed in."""
        from PySide6.QtWidgets import QMessageBox

        from ward_desk.services import accounts, session

        name = self._signed_in_as
        if name is None:
            return True  # nobody signed in (a bare test window): nothing to follow
        try:
            fresh = accounts.get_user(name)
        except Exception:  # the database is gone (closed for a restore): the next action says so
            return True
        if fresh is None or fresh.disabled:  # the services may have ended the session already (auth.signed_out_now)
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Signed out"),
                              self.tr("The account %1 has been disabled by an administrator. You are signed out; "
                                      "ask an administrator if you need it again.").replace("%1", name),
                              QMessageBox.StandardButton.Ok)  # no parent: it stays while the window goes
            box.setObjectName("signed_out_message")
            self.signed_out_message = box
            box.show()
            self._signed_in_as = None
            self.sign_out()
            return False
        user = accounts.current_user()
        if user is None:
            return True
        if fresh.role != self._shown_role or (fresh.full_name or "") != (user.full_name or ""):
            if fresh.role != user.role or (fresh.full_name or "") != (user.full_name or ""):
                session.set_current(fresh)
            changed = fresh.role != self._shown_role
            self._shown_role = fresh.role
            if not self.apply_role():
                self.nav.setCurrentRow(0)  # the screen shown is no longer this role's
            self.update_status()
            if changed:
                self.statusBar().showMessage(self.tr("Your role has changed: only what it allows is offered now."),
                                             10000)
        return True

    # ---- screens
    def build(self, name: str, **params) -> QWidget:
        if name == "client":
            from ward_desk.ui.client_page import ClientPage

            return ClientPage(self.context, params["record_id"], self)
        if name == "establishment":
            from ward_desk.ui.establishment_page import EstablishmentPage

            return EstablishmentPage(self.context, params["record_id"], self)
        if name in RECORD_SCREENS:
            from ward_desk.ui.list_screen import ListScreen

            screen = ListScreen(self.context, name, self)
            if name == "hotline_calls":
                from PySide6.QtWidgets import QPushButton

                button = QPushButton(self.tr("Quick call form (Ctrl+H)…"), screen)
                screen.extra_buttons.addWidget(button)
                button.clicked.connect(self.hotline_call)
            if name == "clients":
                from ward_desk.ui.uic_dialog import UicDialog
                from PySide6.QtWidgets import QPushButton

                button = QPushButton(self.tr("Build code (UIC)…"), screen)
                screen.extra_buttons.addWidget(button)

                def add_with_code():
                    dialog = UicDialog(screen)
                    if dialog.exec() and dialog.code:  # sex and birth year come along; the client's page next
                        form = screen.form(initial={"client_code": dialog.code, "sex": dialog.sex_code,
                                                    "birth_year": dialog.birth_year})
                        screen.land_on_client_page(form)
                    elif dialog.open_existing:
                        from ward_desk.services import records

                        self.context.navigate("client", record_id=records.find_by_ref("clients",
                                                                                      dialog.open_existing))

                button.clicked.connect(add_with_code)
            return screen
        if name == "followups":
            from ward_desk.ui.followups_screen import FollowupsScreen

            return FollowupsScreen(self.context, self)
        if name == "settings":
            from ward_desk.ui.settings_screen import SettingsScreen

            return SettingsScreen(self.context, self)
        module, cls = SCREENS[name]  # an unknown name, or a module that fails to import, is an error
        return getattr(importlib.import_module(module), cls)(self.context, self)

    def show_screen(self, name: str, **params) -> QWidget:
        if not self.check_account() or not _allowed(name):  # each move is an action: the account is read again
            return self.stack.currentWidget()
        key = f"{name}:{params['record_id']}" if name in ("client", "establishment") else name
        screen = self.screens.get(key)
        if screen is None:
            screen = self.build(name, **params)
            self.screens[key] = screen
            self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        if name in self._names and self.nav.currentRow() != self._names.index(name):
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self._names.index(name))
            self.nav.blockSignals(False)
        if name not in ("client", "establishment"):
            self.current = name
        focus = getattr(screen, "search", None)
        ready = getattr(screen, "quick_buttons", {}).get(params.get("ready"))  # a new client: "+ contact"
        (ready or focus or screen).setFocus()
        return screen

    def _navigate(self, name: str, params: dict) -> None:
        self.show_screen(name, **params)

    def _office_screen(self) -> QWidget:
        return self.show_screen("office")

    def _settings_changed(self) -> None:
        """A setting was saved: the status bar, and the inactivity lock's minutes (``lock_minutes``)."""
        self.update_status()
        lock = getattr(self, "inactivity_lock", None)
        if lock is not None:
            lock.set_minutes(lock._setting())

    # ---- status and state
    def update_status(self) -> None:
        from ward_desk import config, db
        from ward_desk.services import settings

        where = db.database_url(self.context.data_dir) or str(config.database_path(self.context.data_dir))
        if self.office_mode:
            ward = office_title()
            self.statusBar().showMessage(self.tr("Consolidating office: %1 · Database: %2").replace("%1", ward)
                                         .replace("%2", where))
        else:
            try:
                unit = settings.ward_unit()
                shown = settings.get("display_name") or unit.name
                ward = f"{shown} ({unit.code})"
            except Exception:
                ward = self.tr("no ward set")
            self.statusBar().showMessage(self.tr("Ward: %1 · Database: %2").replace("%1", ward)
                                         .replace("%2", where))
        self.setWindowTitle(self.tr("Ward Desk — %1").replace("%1", ward))
        from ward_desk.services import accounts

        user = accounts.current_user()
        roles = {"clerk": self.tr("clerk"), "supervisor": self.tr("supervisor"), "admin": self.tr("administrator")}
        self.user_label.setText(self.tr("Signed in: %1 (%2)").replace("%1", user.full_name or user.username)
                                .replace("%2", roles.get(user.role, user.role)) if user else "")

    def hotline_call(self) -> None:
        """The quick form for a call in progress (keyboard first, no client needed)."""
        from ward_desk.ui.hotline_form import HotlineCallForm

        HotlineCallForm(self.context, self).exec()

    def gbv_case(self) -> None:
        """A new GBV case, whoever is signed in; only a supervisor can list or open cases afterwards."""
        from ward_desk.ui.record_form import RecordForm

        RecordForm(self.context, "gbv_cases", parent=self).exec()

    def import_records(self) -> None:
        """The RECORDS-1 import with its preview (what would be added, left alone, in conflict) first."""
        from ward_desk.ui.import_dialog import ImportDialog

        ImportDialog(self.context, self).exec()

    def export_records(self, path: str | None = None) -> bool:
        """Every live record to a RECORDS-1 workbook, off the GUI thread with progress and Cancel."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from ward_desk.services.records_io import export_records
        from ward_desk.ui.workers import TaskDialog, error_text

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export every record"), "ward-records.xlsx",
                                                  self.tr("Excel workbook (*.xlsx)"))
            if not path:
                return False
        task = TaskDialog(self.tr("Exporting records…"), export_records, path, parent=self)
        if getattr(self, "_run_tasks_inline", False):  # tests: wait for the worker without a modal loop
            task.start()
            task.task.done.wait(120)
            from PySide6.QtCore import QCoreApplication

            QCoreApplication.processEvents()
            ok = task.error is None and not task.was_cancelled
        else:
            ok = task.run()
        if task.error is not None:
            QMessageBox.warning(self, self.tr("Not exported"), error_text(task.error))
        elif ok:
            self.statusBar().showMessage(self.tr("Every record written to %1").replace("%1", path), 10000)
        return ok

    def sign_out(self) -> None:
        """Close the window (each open form asks about unsaved changes first) and go back to the sign-in."""
        from PySide6.QtWidgets import QApplication

        from ward_desk.services import accounts

        if not self.close():
            return
        accounts.sign_out()
        QApplication.instance().exit(SIGN_OUT)

    def restore_state(self) -> None:
        state = QSettings()
        geometry = state.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(default_size(self._available()))
        last = state.value(self._screen_key()) or self._names[0]
        self.nav.setCurrentRow(self._names.index(last) if last in self._names else 0)

    def _available(self):
        from PySide6.QtGui import QGuiApplication

        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else None

    def _screen_key(self) -> str:
        """The last screen is remembered per kind of folder: an office opens on its inbox the first time."""
        return "main/office_screen" if self.office_mode else "main/screen"

    def closeEvent(self, event) -> None:
        from ward_desk.ui.record_form import open_forms

        for form in open_forms(self.context):  # each asks first when something was typed
            if not form.close():
                event.ignore()
                return
        state = QSettings()
        state.setValue("main/geometry", self.saveGeometry())
        state.setValue(self._screen_key(), getattr(self, "current", self._names[0]))
        super().closeEvent(event)
