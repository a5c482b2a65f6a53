"""Desktop entry point: the Qt application: translations, first-run wizard or the ward's main window.

Start-up imports only what the first window needs (PERF-NOTES: PySide6 ~0.13 s; openpyxl and friends are
imported by the screens that use them). The UI language and its translators are ``ui.i18n``'s.
"""

from __future__ import annotations

import sys
from pathlib import Path

def _open_with_key(data_dir: Path) -> None:
    """Open the encrypted database: silently with the keyring's key, else ask for the passphrase (or recovery
    code) until it is right or the clerk cancels (then the app ends without touching anything)."""

    from ward_desk.db import open_database
    from ward_desk.errors import WardDeskError

    from ward_desk import keys

    keys.take_recovery_code()  # only a key made by this opening (an old database encrypted) is shown
    try:
        open_database(data_dir)
        _show_recovery_code()  # an old unencrypted database encrypted with WARD_DESK_PASSPHRASE
        return
    except WardDeskError as exc:
        if exc.code == "db.not_a_database" and _restore_unopenable(data_dir, exc):
            return
        if not str(getattr(exc, "code", "")).startswith("keys."):
            raise
        problem = exc
    from PySide6.QtCore import QCoreApplication

    from ward_desk import config

    migrating = keys.is_plaintext(config.database_path(config.data_dir(data_dir)))
    while True:
        text = _ask_passphrase(problem, QCoreApplication.translate(
            "App", "%1\n\nChoose a passphrase to encrypt the data (8 characters or more):") if migrating else None)
        if text is None:
            raise SystemExit(0)
        try:
            if migrating:  # an unencrypted database from an earlier version: the new passphrase, typed twice
                again = _ask_passphrase("", QCoreApplication.translate("App", "Type the new passphrase again:"))
                if again is None:
                    raise SystemExit(0)
                if again != text:
                    problem = QCoreApplication.translate("App", "The two passphrases differ; type them again.")
                    continue
                open_database(data_dir, passphrase=text)
                _show_recovery_code()
            else:  # a passphrase may look like a recovery code (words and dashes): the key file tries both
                open_database(data_dir, passphrase=text, recovery_code=text)
            return
        except WardDeskError as exc:
            if exc.code == "db.not_a_database":  # the key is right, the file is damaged past opening
                if _restore_unopenable(data_dir, exc, passphrase=text):
                    return
                raise
            problem = exc


def _ask_passphrase(problem, question: str | None = None) -> str | None:
    """The passphrase (or recovery code) dialog, below what went wrong; None when the clerk cancels."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    tr = QCoreApplication.translate
    question = question or tr("App", "%1\n\nPassphrase (or the recovery code):")
    text = problem.message(config_language()) if callable(getattr(problem, "message", None)) else str(problem)
    typed, ok = QInputDialog.getText(None, tr("App", "Open the ward's data"), question.replace("%1", text),
                                     QLineEdit.EchoMode.Password)
    return typed if ok else None


def _offer_newest_backup(asker, title: str, text: str, informative: str) -> bool:
    """Ask whether to restore the newest backup (Restore / Quit); ``asker.answer`` lets tests answer."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    if getattr(asker, "answer", None) is not None:
        return bool(asker.answer)
    tr = QCoreApplication.translate
    box = QMessageBox(QMessageBox.Icon.Critical, title, text)
    box.setInformativeText(informative)
    restore = box.addButton(tr("App", "Restore the newest backup"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr("App", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is restore


def _restore_unopenable(data_dir: Path, problem, passphrase: str | None = None) -> bool:
    """The database file does not open at all (page 1 damaged, overwritten): offer the newest backup of the
    folder, restore it beside the damaged file (kept aside), and open it. False: quit, nothing changed."""
    from PySide6.QtCore import QCoreApplication

    from ward_desk import config
    from ward_desk.db import open_database
    from ward_desk.errors import WardDeskError
    from ward_desk.services import backup
    from ward_desk.ui.widgets import show_error

    tr = QCoreApplication.translate
    backups = backup.list_backups(config.data_dir(data_dir))
    if not backups:
        return False  # the caller reports the problem: there is nothing to offer
    informative = tr("App", "%1\n\nThe newest backup is %2. Restore it? The damaged file is kept aside; what was "
                            "entered after that backup must be entered again.").replace(
        "%1", problem.message(config_language())).replace("%2", backups[0].name)
    if not _offer_newest_backup(_restore_unopenable, tr("App", "The ward's data is damaged"),
                                problem.message(config_language()), informative):
        return False
    admin = _ask_admin(None)
    while True:
        if admin is None:
            return False
        try:
            backup.restore_into_folder(backups[0], data_dir, passphrase=passphrase, username=admin[0],
                                       password=admin[1])
            break
        except WardDeskError as exc:
            if exc.code.startswith("auth."):
                admin = _ask_admin(exc)
                continue
            if not exc.code.startswith("keys."):
                show_error(None, tr("App", "Not restored"), exc.message(config_language()))
                return False
            passphrase = _ask_passphrase(exc)
            if passphrase is None:
                return False
    open_database(data_dir)  # the key unlocked just now is kept for this process
    backup.log_restore(backups[0])
    return True


def _show_recovery_code() -> None:
    """The recovery code of a key just made (an old database encrypted on opening): shown once, to write down."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from ward_desk import keys

    code = keys.take_recovery_code()
    if code:
        QMessageBox.information(None, QCoreApplication.translate("App", "Recovery code"), QCoreApplication.translate(
            "App", "The ward's data is now encrypted. Write this recovery code down and keep it locked away: it "
                   "opens the data if the passphrase is forgotten.\n\n%1").replace("%1", code))


def config_language() -> str:
    from ward_desk import config

    return config.language()


def create_main_window(data_dir: Path):
    """Open the ward's database and build the main window (the database must exist)."""
    from ward_desk.ui.context import AppContext
    from ward_desk.ui.i18n import install_translator, ui_language
    from ward_desk.ui.main_window import MainWindow

    _open_with_key(data_dir)
    install_translator(ui_language())
    if not sound_or_restored() or not sign_in():
        from ward_desk.db import close_database

        close_database()
        return None
    context = AppContext(data_dir)
    window = MainWindow(context)
    window.context_ref = context  # the window owns its context for the app's lifetime
    from ward_desk.ui.security import InactivityLock

    window.inactivity_lock = InactivityLock(window)
    from PySide6.QtCore import QTimer

    # The daily backup while the app is open: tried soon after start and then hourly (cheap when today's exists).
    window.backup_timer = QTimer(window)
    window.backup_timer.timeout.connect(lambda: automatic_backup("daily", window))
    window.backup_timer.start(60 * 60 * 1000)
    QTimer.singleShot(30_000, lambda: automatic_backup("daily", window))
    return window


def automatic_backup(kind: str, window=None) -> None:
    """A daily or at-close backup, never in the clerk's way (the data is already saved): a failure is logged
    and shown in the window's status bar, and so is a newest backup older than the settings allow."""
    import logging

    from ward_desk import db
    from ward_desk.services import backup

    if db.database_url():  # a shared server is backed up by the server's own tools
        return
    problem = None
    try:
        backup.automatic(kind)
    except Exception as exc:
        logging.getLogger("ward_desk").exception("automatic %s backup failed", kind)
        from ward_desk.ui.workers import error_text

        problem = backup.WardDeskError("backup.auto_failed", detail=error_text(exc))
    try:
        warning = backup.overdue()
    except Exception:  # noqa: BLE001 - the warning must not become a failure of its own
        warning = None
    shown = " ".join(p.message(config_language()) for p in (problem, warning) if p is not None)
    if window is not None:
        window.backup_warning = shown or None
        if shown:
            window.statusBar().showMessage(shown)


def sound_or_restored() -> bool:
    """``PRAGMA quick_check`` at start (``ward_desk.db.start_check``: skipped for a file unchanged since a sound,
    clean close today). A damaged file is never worked on: offer the newest backup or quit."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from ward_desk import db
    from ward_desk.errors import WardDeskError
    from ward_desk.services import backup
    from ward_desk.ui.widgets import show_error

    problems = db.start_check()
    if not problems:
        return True
    tr = QCoreApplication.translate
    backups = backup.list_backups()
    title = tr("App", "The ward's data is damaged")
    text = tr("App", "The database file failed its integrity check (the PC was perhaps switched off while writing, "
              "or the disk is failing), so Ward Desk will not work on it.\n\n%1").replace("%1", "\n".join(problems[:3]))
    if not backups:
        if getattr(sound_or_restored, "answer", None) is None:  # tests answer without a modal box
            box = QMessageBox(QMessageBox.Icon.Critical, title, text)
            box.setInformativeText(tr("App", "There is no backup in this data folder. Ask your administrator: a "
                                             "backup on a USB stick can be restored with `ward-desk backup restore "
                                             "FILE`."))
            box.exec()
        return False
    if not _offer_newest_backup(sound_or_restored, title, text, tr(
            "App", "The newest backup is %1. Restoring it replaces the damaged data; what was entered after that "
                   "backup must be entered again.").replace("%1", backups[0].name)):
        return False
    admin = _ask_admin(None)
    while admin is not None:
        try:
            backup.restore(backups[0], damaged=True, username=admin[0], password=admin[1])
            return True
        except WardDeskError as exc:
            if not exc.code.startswith("auth."):
                show_error(None, tr("App", "Not restored"), exc.message(config_language()))
                return False
            admin = _ask_admin(exc)
    return False


def _ask_admin(problem) -> tuple[str, str] | None:
    """An admin's user name and password before a restore (an admin of the backup: the damaged file's accounts
    cannot be trusted); None when cancelled. ``_ask_admin.answer`` lets tests answer without a dialog."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    answer = getattr(_ask_admin, "answer", None)
    if answer is not None:
        return answer(problem) if callable(answer) else answer
    tr = QCoreApplication.translate
    above = (problem.message(config_language()) + "\n\n") if problem is not None else ""
    name, ok = QInputDialog.getText(None, tr("App", "Restore: an administrator signs in"), above + tr(
        "App", "Restoring needs an administrator of the backup (the accounts as they were then).\n\nUser name:"))
    if not ok or not name.strip():
        return None
    password, ok = QInputDialog.getText(None, tr("App", "Restore: an administrator signs in"),
                                        tr("App", "Password of %1:").replace("%1", name.strip()),
                                        QLineEdit.EchoMode.Password)
    return (name.strip(), password) if ok else None


def sign_in() -> bool:
    """Ask who is working (unless the setup wizard just signed its first admin in); False: the clerk quit."""
    from ward_desk.services import accounts, settings

    if accounts.current_user() is not None:
        return True
    from ward_desk.ui.security import LoginDialog

    try:
        unit = settings.ward_unit()
        label = f"{settings.get('display_name') or unit.name} ({unit.code})"
    except Exception:  # an office (its name, e.g. "01 Thành phố Hà Nội"), or a ward not set up yet
        from ward_desk.services import office

        label = office.office_label()
    return bool(LoginDialog(label).exec())


def main(data_dir: str | None = None) -> int:
    from ward_desk import process

    process.harden()  # no core file with the database key, the passphrase or a password in it
    if "--self-test" in sys.argv[1:]:  # `ward-desk-gui --self-test`: same check as `ward-desk --self-test`
        from ward_desk.selftest import main as self_test

        return self_test()
    from ward_desk import config, db

    db.warm_up(data_dir)  # the key and the file's fingerprint are looked for while Qt and the window load
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from ward_desk.ui.i18n import install_translator, ui_language
    from ward_desk.ui.main_window import SIGN_OUT

    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("WardDesk")
    app.setApplicationName("Ward Desk")
    from ward_desk.ui import fonts

    fonts.apply(app)  # Segoe UI on Windows: every Vietnamese letter, never a box
    app.setWindowIcon(QIcon(":/icons/ward-desk.png"))  # the resources are registered by ui.i18n
    folder = config.data_dir(data_dir)
    install_translator(ui_language())  # this PC's choice from the first prompt (passphrase, sign-in) on
    from ward_desk.ui.security.instance import SingleInstance, bring_forward

    instance = SingleInstance(folder)
    if not instance.acquire():  # already open on this data folder: that window was asked to come forward
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QMessageBox

        if instance.holder is not None and not instance.holder.is_this_session():  # another person's session
            from ward_desk import messages

            QMessageBox.warning(None, "Ward Desk", messages.text("lock.held_elsewhere",
                                                                 holder=instance.holder.describe()))
            return 0
        QMessageBox.information(None, "Ward Desk", QCoreApplication.translate(
            "App", "Ward Desk is already open for this data folder; its window has been brought forward."))
        return 0
    if instance.taken_over is not None and not confirm_takeover(instance.taken_over):
        instance.release()
        return 0
    if not db.database_url(folder) and not config.database_path(folder).exists():
        from ward_desk.ui.wizard import SetupWizard

        wizard = SetupWizard(folder)
        if not wizard.exec():
            return 0
        db.close_database()
    while True:  # "Sign out" ends the window with SIGN_OUT: the next person signs in to a fresh one
        window = create_main_window(folder)
        if window is None:
            instance.release()
            return 0
        window.show()
        instance.activated.connect(lambda w=window: bring_forward(w))
        code = app.exec()
        instance.activated.disconnect()
        window.inactivity_lock.set_minutes(0)  # this window is done: no lock or backup timer outlives it
        app.removeEventFilter(window.inactivity_lock)
        window.backup_timer.stop()
        window.deleteLater()
        automatic_backup("close")
        db.close_database()
        if code != SIGN_OUT:
            instance.release()
            return code


def confirm_takeover(previous) -> bool:
    """The lock was another person's, in a session this one could not check: open only if the clerk says so."""
    from PySide6.QtWidgets import QMessageBox

    from ward_desk import messages

    answer = QMessageBox.question(None, "Ward Desk", messages.text("lock.taken_over", holder=previous.describe()),
                                  QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes

