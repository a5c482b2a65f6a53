"""Issue 16 points 2 and 8, and a saved client's code: a record form does not block the window behind it, a
record has one form, Esc still asks before a typed slip is lost, closing the window asks each open form; a new
client saved lands on its page ready to add a contact; a saved client's code is not editable (nor renamed by
the service)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ward_desk.errors import ValidationFailed
from ward_desk.services import queries, records


@pytest.fixture
def context(ward_db, data_dir):
    from ward_desk.ui.context import AppContext

    return AppContext(data_dir)


@pytest.fixture
def client(ward_db):
    return records.save_record("clients", {"client_code": "MNHF1995", "sex": "F", "group": "SW",
                                           "birth_year": 1995})


def test_a_form_leaves_the_window_usable_and_a_record_has_one_form(qtbot, monkeypatch, context, client):
    from ward_desk.ui.list_screen import ListScreen

    clients = ListScreen(context, "clients")
    contacts = ListScreen(context, "contacts")
    for screen in (clients, contacts):
        qtbot.addWidget(screen)
        screen.show()
    form = contacts.add()
    qtbot.addWidget(form)
    assert form.isVisible() and not form.isModal()
    assert QApplication.activeModalWidget() is None  # nothing blocks the rest of the window
    qtbot.keyClicks(form.widgets["condoms"], "4")
    # while the slip waits, the clerk looks a code up in the clients list behind it
    qtbot.keyClicks(clients.search, "mnhf")
    clients.apply_filters()
    assert clients.model.total() == 1 and clients.isEnabled()
    assert contacts.add() is form  # Insert again: the half-keyed slip comes back, not a second form
    assert form.widgets["condoms"].text() == "4"  # nothing typed lost

    editing = clients.form(client.id)
    qtbot.addWidget(editing)
    assert clients.form(client.id) is editing  # one form per record

    asked: list[bool] = []
    monkeypatch.setattr("ward_desk.ui.record_form.ask_discard", lambda parent: asked.append(True) or False)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked and form.isVisible()  # Esc asked first, and "keep it" kept it
    assert not form.close() and form.isVisible()  # the window's close button asks too

    from ward_desk.ui.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    assert not window.close() and window.isVisible()  # the open slip asks before the window goes
    monkeypatch.setattr("ward_desk.ui.record_form.ask_discard", lambda parent: True)
    assert window.close() and not form.isVisible()


def test_a_new_client_lands_on_its_page_ready_to_add_a_contact(qtbot, context, ward_db):
    from ward_desk.ui.client_page import ClientPage
    from ward_desk.ui.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    screen = window.show_screen("clients")
    form = screen.add()
    qtbot.addWidget(form)
    qtbot.keyClicks(form.widgets["client_code"].edit, "TTLM1980")
    form.widgets["sex"].setCurrentIndex(form.widgets["sex"].findData("M"))
    form.widgets["group"].setCurrentIndex(form.widgets["group"].findData("RISK"))
    assert form.save()
    page = window.stack.currentWidget()
    assert isinstance(page, ClientPage)
    assert page.record_id == records.find_by_ref("clients", "TTLM1980")
    ready = page.quick_buttons["contacts"]
    assert window.focusWidget() is ready  # the window's focus waits on "+ contact" (Space or Enter opens it)
    ready.click()  # Space on the focused button: the contact form, the client filled in
    contact = next(f for f in QApplication.topLevelWidgets() if getattr(f, "kind", None) == "contacts"
                   and f.isVisible())
    qtbot.addWidget(contact)
    assert contact.widgets["client_code"].text() == "TTLM1980"


def test_a_saved_clients_code_is_fixed(qtbot, context, client):
    from ward_desk.ui.record_form import RecordForm

    form = RecordForm(context, "clients", client.id)
    qtbot.addWidget(form)
    code = form.widgets["client_code"]
    assert code.isReadOnly() and code.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert "client_code" not in form._keyable()
    with pytest.raises(ValidationFailed) as refused:  # nor through the service (the CLI, an import)
        records.save_record("clients", {**records.get_record("clients", client.id), "client_code": "XX0001"},
                            record_id=client.id)
    assert refused.value.problems[0].code == "records.client_code_fixed"
    assert queries.count("clients", queries.Filters(search="MNHF1995")) == 1
