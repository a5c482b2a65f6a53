"""Signing in at start, the first admin of an older database, signing out, and the inactivity lock."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from tests.conftest import TEST_PASSWORD, TEST_USER
from ward_desk.models import AuditEntry
from ward_desk.services import accounts
from ward_desk.ui.security import InactivityLock, LockDialog, LoginDialog


def test_wrong_password_is_a_message_and_the_right_one_signs_in(qtbot, ward_db):
    accounts.forget_session()
    dialog = LoginDialog("Phường Hoàn Kiếm (00070)")
    qtbot.addWidget(dialog)
    assert not dialog.first_admin
    dialog.username.setText(TEST_USER)
    dialog.password.setText("not the password")
    assert not dialog.try_sign_in()
    assert dialog.problem.text() and dialog.password.text() == ""  # cleared for the next try
    assert accounts.current_user() is None
    dialog.password.setText(TEST_PASSWORD)
    assert dialog.try_sign_in()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert accounts.current_user().username == TEST_USER
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert "login_failed" in actions and actions[-1] == "login"


def test_a_locked_account_says_for_how_long(qtbot, ward_db, english):
    accounts.forget_session()
    dialog = LoginDialog()
    qtbot.addWidget(dialog)
    dialog.username.setText(TEST_USER)
    for _ in range(5):
        dialog.password.setText("wrong wrong wrong")
        dialog.try_sign_in()
    dialog.password.setText(TEST_PASSWORD)  # even the right password now waits for the lockout to end
    assert not dialog.try_sign_in()
    assert "minute" in dialog.problem.text()
    assert accounts.current_user() is None


def test_an_older_database_without_accounts_creates_its_first_admin(qtbot, ward_db):
    from ward_desk.models import User

    accounts.forget_session()
    User.delete().execute()
    dialog = LoginDialog()
    qtbot.addWidget(dialog)
    assert dialog.first_admin
    dialog.username.setText("lan")
    dialog.password.setText("lan's own password")
    dialog.password2.setText("lan's other password")
    assert not dialog.try_sign_in() and User.select().count() == 0  # the two entries differ: nothing made
    dialog.password.setText("lan's own password")
    dialog.password2.setText("lan's own password")
    assert dialog.try_sign_in()
    assert [(u.username, u.role) for u in accounts.list_users()] == [("lan", "admin")]
    assert accounts.current_user().username == "lan"


def test_a_second_start_asks_who_is_working_and_shows_it(qtbot, ward_db, data_dir, monkeypatch):
    from ward_desk import app
    from ward_desk.db import close_database

    accounts.forget_session()
    close_database()

    def sign_in_as_test_user(dialog):
        dialog.username.setText(TEST_USER)
        dialog.password.setText(TEST_PASSWORD)
        return dialog.try_sign_in()

    monkeypatch.setattr(LoginDialog, "exec", sign_in_as_test_user)
    window = app.create_main_window(data_dir)
    qtbot.addWidget(window)
    assert TEST_USER in window.user_label.text()
    assert isinstance(window.inactivity_lock, InactivityLock)

    accounts.forget_session()
    close_database()
    monkeypatch.setattr(LoginDialog, "exec", lambda dialog: False)  # the clerk pressed Quit
    assert app.create_main_window(data_dir) is None


def test_the_lock_keeps_an_open_form_and_asks_the_same_password(qtbot, ward_db):
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    form = QDialog(window)
    typed = QLineEdit(form)
    typed.setText("half-typed outreach slip")
    form.show()
    lock = InactivityLock(window, minutes=0.002)  # 120 ms without input
    seen = {}

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LockDialog):  # not locked yet: look again shortly
            QTimer.singleShot(20, answer)
            return
        dialog.reject()  # Esc does not unlock
        assert dialog.isVisible()
        dialog.password.setText("wrong password here")
        dialog.try_unlock()
        seen["problem"] = dialog.problem.text()
        dialog.password.setText(TEST_PASSWORD)
        dialog.try_unlock()

    QTimer.singleShot(50, answer)
    with qtbot.waitSignal(lock.timer.timeout, timeout=3000):
        pass
    qtbot.waitUntil(lambda: not lock.locked, timeout=3000)
    assert seen["problem"]
    assert form.isVisible() and typed.text() == "half-typed outreach slip"  # nothing lost underneath
    assert accounts.current_user().username == TEST_USER
    assert [e.action for e in AuditEntry.select().order_by(AuditEntry.id)][-2:] == ["login_failed", "unlock"]
    lock.set_minutes(0)  # no lock firing in later tests
    QApplication.instance().removeEventFilter(lock)


def test_the_records_menu_imports_and_exports(qtbot, ward_db, data_dir, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from ward_desk.services import records
    from ward_desk.ui.context import AppContext
    from ward_desk.ui.import_dialog import ImportDialog
    from ward_desk.ui.main_window import MainWindow

    records.save_record("clients", {"client_code": "HK-1", "sex": "F", "birth_year": 1990, "group": "SW"})
    window = MainWindow(AppContext(data_dir))
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert any("Import" in t or "Nhập" in t for t in titles)
    opened = []
    monkeypatch.setattr(ImportDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    window.import_records()
    assert opened  # Ctrl+I reaches the import with its preview
    window._run_tasks_inline = True
    out = tmp_path / "all.xlsx"
    assert window.export_records(str(out))
    assert load_workbook(out)["clients"]["A3"].value == "HK-1"


def _one_colour(image) -> bool:
    """True when every pixel of a grabbed window is the same colour: nothing readable on it."""
    from PySide6.QtGui import QImage

    image = image.toImage().convertToFormat(QImage.Format.Format_RGB32)
    first = image.pixel(0, 0)
    return all(image.pixel(x, y) == first for y in range(0, image.height(), 2) for x in range(0, image.width(), 2))


def test_the_locked_window_shows_no_data(qtbot, ward_db):
    from PySide6.QtWidgets import QLabel, QMainWindow, QTableWidget, QTableWidgetItem

    window = QMainWindow()
    qtbot.addWidget(window)
    table = QTableWidget(3, 2)
    for row in range(3):
        table.setItem(row, 0, QTableWidgetItem(f"HK-SECRET-{row}"))
        table.setItem(row, 1, QTableWidgetItem("F 1991 SW"))
    window.setCentralWidget(table)
    window.statusBar().addPermanentWidget(QLabel("Ward 00070"))
    window.resize(420, 300)
    window.show()
    form = QDialog(window)  # an open record form, a window of its own
    QLineEdit("HK-SECRET-9", form)
    form.resize(200, 80)
    form.show()
    qtbot.waitExposed(window)
    assert not _one_colour(window.grab())  # the register is readable before the lock
    lock = InactivityLock(window, minutes=0)
    seen = {}

    def look():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LockDialog):
            QTimer.singleShot(20, look)
            return
        window.resize(500, 340)  # a resize while locked stays covered
        QApplication.processEvents()
        seen["window"] = _one_colour(window.grab())
        seen["form"] = _one_colour(form.grab())
        dialog.password.setText(TEST_PASSWORD)
        dialog.try_unlock()

    QTimer.singleShot(0, look)
    assert lock.lock() is True
    assert seen == {"window": True, "form": True}
    QApplication.processEvents()
    assert not _one_colour(window.grab())  # uncovered again once unlocked
    QApplication.instance().removeEventFilter(lock)


def test_a_locked_out_admin_is_unlocked_with_the_passphrase_at_sign_in(qtbot, ward_db, english):
    from tests.conftest import TEST_PASSPHRASE

    accounts.forget_session()
    dialog = LoginDialog()
    qtbot.addWidget(dialog)
    dialog.username.setText(TEST_USER)
    for _ in range(5):
        dialog.password.setText("wrong wrong wrong")
        dialog.try_sign_in()
    assert accounts.is_locked(accounts.get_user(TEST_USER))
    assert not dialog.unlock_with_key("not the passphrase")
    assert accounts.is_locked(accounts.get_user(TEST_USER))
    assert dialog.unlock_with_key(TEST_PASSPHRASE)
    dialog.password.setText(TEST_PASSWORD)
    assert dialog.try_sign_in()
