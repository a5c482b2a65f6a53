"""Accounts from the app (admins): add, change role, reset a password, disable and enable, lift a lockout."""

from __future__ import annotations

from ward_desk.services import accounts
from ward_desk.ui.context import AppContext
from ward_desk.ui.security import UsersScreen
from ward_desk.ui.security.users_screen import UserDialog


def test_an_admin_manages_accounts_from_the_screen(qtbot, ward_db, data_dir):
    screen = UsersScreen(AppContext(data_dir))
    qtbot.addWidget(screen)
    dialog = UserDialog(screen)
    qtbot.addWidget(dialog)
    dialog.username.setText("thu")
    dialog.password.setText("short")
    dialog.password2.setText("short")
    assert not dialog.create() and "8" in dialog.problem.text()
    dialog.password.setText("thu's own password")
    dialog.password2.setText("thu's own password")
    assert dialog.create()
    screen.refresh()
    names = [screen.table.item(r, 0).text() for r in range(screen.table.rowCount())]
    assert "thu" in names
    screen.table.selectRow(names.index("thu"))
    assert screen.change_role("supervisor") and accounts.get_user("thu").role == "supervisor"
    assert screen.reset_password("a brand new password")
    assert accounts.authenticate("thu", "a brand new password")
    assert screen.disable() and accounts.get_user("thu").disabled
    assert screen.enable() and not accounts.get_user("thu").disabled
    for _ in range(5):
        try:
            accounts.authenticate("thu", "wrong wrong wrong")
        except Exception:
            pass
    screen.refresh()
    screen.table.selectRow(names.index("thu"))
    assert screen.unlock() and not accounts.is_locked(accounts.get_user("thu"))
    admin_row = names.index("admin")
    screen.table.selectRow(admin_row)
    assert not screen.change_role("clerk")  # the last admin keeps the role: the service says why
    assert screen.message.text()
