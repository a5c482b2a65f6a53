"""Issue 16 point 7: a clerk is not offered what the role cannot do (export every record, the staff screens,
restore from the recycle bin, the ward's settings); an account demoted or disabled while its window is open is
followed at its next action: the window offers the new role's buttons, a disabled account is signed out with a
message."""

from __future__ import annotations

from tests.conftest import TEST_USER
from ward_desk.errors import WardDeskError
from ward_desk.services import accounts, records, session


def _window(qtbot, context_dir):
    from ward_desk.ui.context import AppContext
    from ward_desk.ui.main_window import MainWindow

    context = AppContext(context_dir)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    return window


def _shown(window, name: str) -> bool:
    return name in window._names and not window.nav.item(window._names.index(name)).isHidden()


def _as_admin(action):
    """What an administrator does meanwhile, elsewhere (another window, another PC)."""
    me = session.current_user()
    session.set_current(accounts.get_user(TEST_USER))
    try:
        action()
    finally:
        session.set_current(me)


def test_a_clerk_is_not_offered_export_staff_screens_restore_or_ward_settings(qtbot, ward_db, data_dir):
    accounts.create_user("thu", "thu's own password", "clerk", "Trần Thu")
    accounts.sign_in("thu", "thu's own password")
    window = _window(qtbot, data_dir)
    assert not window.export_action.isVisible()
    assert not any(_shown(window, name) for name in ("audit", "users", "backups"))
    contacts = window.show_screen("contacts")
    contacts.bin.setChecked(True)
    assert not contacts.restore_button.isVisibleTo(contacts) and not contacts.purge_button.isVisibleTo(contacts)
    settings = window.show_screen("settings")
    assert settings.language.isVisibleTo(settings)  # the language is anyone's
    assert not settings.display_name.isVisibleTo(settings) and not settings.office.isVisibleTo(settings)


def test_a_demoted_account_sees_its_new_role_at_the_next_action(qtbot, ward_db, data_dir):
    accounts.create_user("lan", "lan's own password", "supervisor", "Lê Lan")
    accounts.sign_in("lan", "lan's own password")
    window = _window(qtbot, data_dir)
    assert window.export_action.isVisible() and _shown(window, "audit")
    window.show_screen("audit")
    _as_admin(lambda: accounts.set_role("lan", "clerk"))
    assert window.export_action.isVisible()  # nothing done yet in this window
    window.show_screen("contacts")  # the next action
    assert accounts.current_user().role == "clerk"
    assert not window.export_action.isVisible() and not _shown(window, "audit")
    assert window.show_screen("audit") is window.stack.currentWidget() and window.current == "contacts"

    # a service that refuses an action: the window reads the account again (here: promoted back)
    _as_admin(lambda: accounts.set_role("lan", "supervisor"))
    window.context.refused(WardDeskError("auth.forbidden", permission="records.restore", role="supervisor",
                                         user="lan", current="clerk"))
    assert window.export_action.isVisible() and accounts.current_user().role == "supervisor"


def test_a_refused_action_updates_the_buttons(qtbot, ward_db, data_dir, monkeypatch):
    accounts.create_user("lan", "lan's own password", "supervisor", "Lê Lan")
    accounts.sign_in("lan", "lan's own password")
    client = records.save_record("clients", {"client_code": "MNHF1995", "sex": "F", "group": "SW"})
    contact = records.save_record("contacts", {"client_code": "MNHF1995", "date": "2026-03-01",
                                               "channel": "DIRECT"})
    records.delete_record("contacts", contact.id)
    window = _window(qtbot, data_dir)
    contacts = window.show_screen("contacts")
    contacts.bin.setChecked(True)
    contacts.table.selectRow(0)
    assert contacts.restore_button.isVisibleTo(contacts) and window.export_action.isVisible()
    _as_admin(lambda: accounts.set_role("lan", "clerk"))
    errors: list[str] = []
    monkeypatch.setattr("ward_desk.ui.list_screen.confirm", lambda *a, **k: True)
    monkeypatch.setattr("ward_desk.ui.list_screen.show_error", lambda parent, title, text: errors.append(text))
    contacts.restore()  # the service refuses: the account is a clerk now
    assert errors and "records.restore" not in errors[0]  # said in words
    assert not contacts.restore_button.isVisibleTo(contacts) and not window.export_action.isVisible()
    assert window.isVisible() and client.id


def test_a_disabled_account_is_signed_out_with_a_message(qtbot, ward_db, data_dir, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from ward_desk.ui.main_window import SIGN_OUT

    exits: list[int] = []  # the app's loop would go back to the sign-in; no loop runs here
    monkeypatch.setattr(QApplication.instance(), "exit", lambda code=0: exits.append(code))
    accounts.create_user("thu", "thu's own password", "clerk", "Trần Thu")
    accounts.sign_in("thu", "thu's own password")
    records.save_record("clients", {"client_code": "MNHF1995", "sex": "F", "group": "SW"})
    window = _window(qtbot, data_dir)
    clients = window.show_screen("clients")
    _as_admin(lambda: accounts.disable_user("thu"))
    form = clients.add()  # the next action: a save the service refuses (the session has ended)
    qtbot.addWidget(form)
    qtbot.keyClicks(form.widgets["client_code"].edit, "TTLM1980")
    form.widgets["sex"].setCurrentIndex(form.widgets["sex"].findData("M"))
    form.widgets["group"].setCurrentIndex(form.widgets["group"].findData("RISK"))
    monkeypatch.setattr("ward_desk.ui.record_form.ask_discard", lambda parent: True)  # the slip is let go
    assert not form.save()
    assert accounts.current_user() is None and not window.isVisible() and exits == [SIGN_OUT]
    message = window.signed_out_message
    qtbot.addWidget(message)
    assert "thu" in message.text() and message.isVisible()
