"""The pieces of fast keying: code-list typeahead, quick dates, amounts with dots, skip logic, the client picker,
defaults, soft checks with "Save anyway" and moving a record to another client from its form."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from ward_desk.models.records import Contact, Referral
from ward_desk.models.security import AuditEntry
from ward_desk.services import accounts, records
from ward_desk.services.lookup import match_code
from ward_desk.ui.entry import skips
from ward_desk.ui.entry.dates import parse_quick
from ward_desk.ui.entry.fields import PickerDialog, plain_number

TODAY = dt.date.today()


@pytest.fixture
def context(ward_db, data_dir):
    from ward_desk.ui.context import AppContext

    return AppContext(data_dir)


@pytest.fixture
def clients(ward_db):
    records.save_record("clients", {"client_code": "DM000101", "sex": "F", "group": "SW", "birth_year": 1995})
    records.save_record("clients", {"client_code": "DM000102", "sex": "M", "group": "RISK"})
    records.save_record("clients", {"client_code": "XY1", "sex": "T", "group": "SW"})
    records.save_record("contacts", {"client_code": "DM000101", "date": dt.date(2026, 11, 2), "channel": "PHONE"})


def _form(qtbot, context, kind, record_id=None, initial=None):
    from ward_desk.ui.record_form import RecordForm

    form = RecordForm(context, kind, record_id, initial)
    qtbot.addWidget(form)
    return form


@pytest.mark.parametrize("list_name, typed, code", [
    ("channel", "dt", "PHONE"), ("channel", "Điện", "PHONE"), ("channel", "tt", "DIRECT"), ("channel", "on", "ONLINE"),
    ("service", "arv", "ARV"), ("service", "hiv", "HIV_TEST"), ("service", "lao", "TB"), ("sex", "nu", "F"),
    ("status", "da nhan", "RECEIVED"), ("channel", "zz", None), ("channel", " ", None)])
def test_a_code_is_picked_by_its_code_label_or_initials_without_diacritics(list_name, typed, code):
    assert match_code(list_name, typed) == code


def test_quick_dates_and_amounts():
    today = dt.date(2026, 12, 6)
    assert parse_quick("5/12", today) == dt.date(2026, 12, 5)
    assert parse_quick("5", today) == dt.date(2026, 12, 5)
    assert parse_quick("t", today) == parse_quick("+", today) == today
    assert parse_quick("-", today) == dt.date(2026, 12, 5)
    assert parse_quick("05/12/2025", today) == dt.date(2025, 12, 5)
    assert parse_quick("31/2", today) == "31/2"  # not a date: said so beside the field
    assert plain_number("30.000.000") == plain_number("30 000 000") == "30000000"
    assert plain_number("3.5") == "3.5" and plain_number("12") == "12"


def test_skip_rules():
    assert skips.not_applicable("referrals", {"status": "REFERRED"}) == {"received_on"}
    assert skips.not_applicable("referrals", {"status": "RECEIVED"}) == set()
    assert skips.not_applicable("loans", {"referred_on": "2026-01-01"}) == {"disbursed_on", "amount_disbursed",
                                                                            "closed_on"}
    assert skips.not_applicable("loans", {"referred_on": "2026-01-01", "approved_on": "2026-02-01"}) == {
        "closed_on", "rejected_on"}
    assert "owners_trained" in skips.not_applicable("establishment_activities", {"kind": "VISIT"})
    assert skips.not_applicable("establishment_activities", {"kind": "TRAINING"}) == set()


def test_fields_that_do_not_apply_are_emptied_and_disabled(qtbot, context, clients):
    form = _form(qtbot, context, "referrals")
    assert form.widgets["status"].currentData() == "REFERRED"  # a referral starts "referred"
    assert not form.widgets["received_on"].isEnabled()
    form.widgets["status"].setCurrentIndex(form.widgets["status"].findData("RECEIVED"))
    assert form.widgets["received_on"].isEnabled()
    form.widgets["received_on"].edit.setText("t")
    form.widgets["status"].setCurrentIndex(form.widgets["status"].findData("DECLINED"))
    assert not form.widgets["received_on"].isEnabled() and form.widgets["received_on"].text() == ""
    loan = _form(qtbot, context, "loans")
    assert not loan.widgets["approved_on"].isEnabled() and not loan.widgets["disbursed_on"].isEnabled()
    loan.widgets["referred_on"].edit.setText("1/1/2026")
    assert loan.widgets["approved_on"].isEnabled() and not loan.widgets["disbursed_on"].isEnabled()
    loan.widgets["amount_requested"].setText("30.000.000")
    assert loan.raw_values()["amount_requested"] == "30000000"
    visit = _form(qtbot, context, "establishment_activities")
    assert not visit.widgets["owners_trained"].isEnabled()


def test_typing_picks_a_code_and_pages_move_a_date(qtbot, context, clients):
    form = _form(qtbot, context, "contacts")
    channel = form.widgets["channel"]
    qtbot.keyClicks(channel, "dt")
    assert channel.currentData() == "PHONE"
    qtbot.keyClick(channel, Qt.Key.Key_Backspace)
    assert channel.currentData() == "DIRECT"  # "d"
    qtbot.keyClick(channel, Qt.Key.Key_Delete)
    assert channel.currentData() is None
    date = form.widgets["date"]
    qtbot.keyClicks(date.edit, "t")
    assert date.value() == TODAY
    qtbot.keyClick(date.edit, Qt.Key.Key_PageDown)
    assert date.value() == TODAY - dt.timedelta(days=1) and date.text() == date.value().strftime("%d/%m/%Y")
    accounts.current_user()
    assert form.widgets["staff"].text() == (accounts.current_user().full_name or accounts.current_user().username)


def test_client_code_completes_describes_and_is_looked_up(qtbot, context, clients):
    form = _form(qtbot, context, "contacts")
    client = form.widgets["client_code"]
    qtbot.keyClicks(client.edit, "X")
    assert client.text() == "XY1" and client.edit.selectedText() == "Y1"  # one code fits: completed
    client.edit.clear()
    qtbot.keyClicks(client.edit, "DM0001")
    assert client.text() == "DM0001"  # two fit: nothing guessed
    qtbot.keyClicks(client.edit, "01")
    info = client.info.text()  # sex, birth year, last contact: never a name
    assert info.split(",")[0] in ("Nữ", "Female") and "1995" in info and "02/11/2026" in info
    picker = PickerDialog("clients", "DM")
    qtbot.addWidget(picker)
    assert picker.table.rowCount() == 2 and picker.table.item(1, 0).text() == "DM000102"
    picker.table.selectRow(1)
    picker.pick()
    assert picker.chosen == "DM000102"


def test_save_anyway_is_the_clerks_choice_and_is_audited(qtbot, monkeypatch, context, clients):
    answers = []
    monkeypatch.setattr("ward_desk.ui.record_form.confirm", lambda *a, **k: answers.pop(0))
    form = _form(qtbot, context, "contacts")
    form.widgets["client_code"].setText("DM000101")
    form.widgets["date"].edit.setText("02/11/2026")
    form.widgets["channel"].setCurrentIndex(form.widgets["channel"].findData("PHONE"))  # keyed twice?
    answers.append(False)
    assert not form.save() and Contact.select().count() == 1
    answers.append(True)
    assert form.save() and Contact.select().count() == 2
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert entry.action == "create" and "warn.same_contact" in entry.detail


def test_a_saved_records_client_is_moved_only_by_the_move_action(qtbot, monkeypatch, context, clients):
    referral = records.save_record("referrals", {"client_code": "DM000101", "service": "ARV", "referred_on": TODAY,
                                                 "status": "REFERRED"})
    form = _form(qtbot, context, "referrals", referral.id)
    assert form.widgets["id"].isReadOnly() and form.widgets["id"].text() == "DR000001"
    assert form.widgets["client_code"].edit.isReadOnly() and form.move_button is not None
    monkeypatch.setattr("ward_desk.ui.record_form.QInputDialog.getText", lambda *a, **k: ("XY1", True))
    monkeypatch.setattr("ward_desk.ui.record_form.confirm", lambda *a, **k: True)
    form.move_to_client()
    assert Referral.get_by_id(referral.id).client.client_code == "XY1"
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().action == "move"


def test_uic_duplicate_shows_the_client_and_offers_open_or_suffix(qtbot, context, clients):
    from ward_desk.ui.uic_dialog import UicDialog

    records.save_record("clients", {"client_code": "MNHF1995", "sex": "F", "group": "SW", "birth_year": 1995})
    dialog = UicDialog()
    qtbot.addWidget(dialog)
    dialog.mother.setText("Lê Thị Mai")
    dialog.father.setText("Trần Văn Nam")
    dialog.own.setText("Trần Thị Hoa")
    dialog.sex.setCurrentIndex(dialog.sex.findData("F"))
    dialog.year.setText("1995")
    assert "MNHF1995" in dialog.warning.text() and "1995" in dialog.warning.text()
    assert dialog.open_button.isVisibleTo(dialog) and dialog.suffix_button.isVisibleTo(dialog)
    dialog.suffix_button.click()
    assert dialog.code == "MNHF1995-2" and not dialog.open_button.isVisibleTo(dialog)
    dialog.accept()
    assert (dialog.code, dialog.sex_code, dialog.birth_year) == ("MNHF1995-2", "F", 1995)
    assert dialog.mother.text() == dialog.own.text() == ""  # no name kept
    again = UicDialog()
    qtbot.addWidget(again)
    again.mother.setText("Lê Thị Mai")
    again.father.setText("Trần Văn Nam")
    again.own.setText("Trần Thị Hoa")
    again.sex.setCurrentIndex(again.sex.findData("F"))
    again.year.setText("1995")
    again.open_button.click()
    assert again.open_existing == "MNHF1995"


def test_a_clerk_is_offered_only_what_a_clerk_may_do(qtbot, context, clients):
    from ward_desk.ui.list_screen import ListScreen

    accounts.create_user("lan", "a good password", "clerk")
    screen = ListScreen(context, "contacts")
    qtbot.addWidget(screen)
    screen.bin.setChecked(True)
    assert screen.restore_button.isVisibleTo(screen)  # the admin may restore
    accounts.sign_in("lan", "a good password")
    screen.bin.setChecked(False)
    screen.bin.setChecked(True)
    assert not screen.restore_button.isVisibleTo(screen) and not screen.purge_button.isVisibleTo(screen)
    screen.bin.setChecked(False)
    assert screen.delete_button.isVisibleTo(screen) and screen.add_button.isVisibleTo(screen)


def test_every_screen_has_a_shortcut_and_the_wizard_starts_in_the_ward_search(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from ward_desk.ui.main_window import screen_order, screen_shortcuts
    from ward_desk.ui.wizard import SetupWizard

    assert len(set(screen_shortcuts(13))) == 13 and screen_shortcuts(13)[9] == "Alt+1"
    assert len(screen_shortcuts(len(screen_order(False)))) == len(screen_order(False))
    wizard = SetupWizard(tmp_path / "new-ward")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()
    while wizard.currentPage() is not wizard.ward_page:
        wizard.next()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is wizard.ward_page.search, timeout=2000)


def test_lists_name_codes_by_their_label_in_vietnamese(qtbot, monkeypatch, context, clients):
    from ward_desk.ui.paged_model import PagedTableModel

    model = PagedTableModel("contacts")
    model.refresh()
    column = model.keys.index("channel")
    monkeypatch.setattr("ward_desk.config.language", lambda: "vi")
    assert model.index(0, column).data() == "Điện thoại"  # not "Điện thoại (PHONE)"
    monkeypatch.setattr("ward_desk.config.language", lambda: "en")
    assert model.index(0, column).data() == "Phone (PHONE)"


def test_client_page_counts_are_current_and_a_follow_up_opens_at_its_outcome(qtbot, monkeypatch, context, clients):
    from PySide6.QtWidgets import QApplication

    from ward_desk.ui.client_page import ClientPage
    from ward_desk.ui.followups_screen import FollowupsScreen
    from ward_desk.ui.record_form import RecordForm

    client = records.find_by_ref("clients", "DM000101")
    page = ClientPage(context, client)
    qtbot.addWidget(page)
    assert page.tabs.tabText(0).endswith("(1)")
    page.tabs.setCurrentIndex(1)  # the contacts tab is hidden: its list waits, the count does not
    page.show()
    records.save_record("contacts", {"client_code": "DM000101", "date": TODAY, "channel": "DIRECT"})
    context.notify_saved("contacts")
    assert page.tabs.tabText(0).endswith("(2)")
    records.save_record("referrals", {"client_code": "DM000101", "service": "ARV", "status": "REFERRED",
                                      "referred_on": TODAY - dt.timedelta(days=60)})
    shown: list[RecordForm] = []
    monkeypatch.setattr(RecordForm, "present", lambda self: (shown.append(self), self.show(), self.activateWindow()))
    follow = FollowupsScreen(context)
    qtbot.addWidget(follow)
    assert follow.referrals.rowCount() == 1
    follow.open(follow.referrals, 0)
    form = shown[-1]
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.widgets["status"], timeout=2000)
