"""Every record screen's main flow, driven like a clerk at the keyboard (issue 5, "Tests and how it will be checked").

For each record kind (``queries.LISTS``): the list opens on a couple of seeded records; a search without
diacritics (or a code) narrows it, count label included; a new record is keyed into the real ``RecordForm`` with
one value a rule refuses, and the rule's message sits under that field before anything is saved (Enter refuses
too); corrected, Enter saves and the row appears; Enter on the row edits it; Delete (confirmed) moves it to the
recycle bin, where it is listed and restored. Esc on a form with typed text asks before discarding, and contacts
"save and add another" (Ctrl+Enter) keeps the form open for the next paper slip.

Forms are shown instead of ``exec``-ed (no modal loop) and the two windows are made active, so Qt's shortcuts
(Insert, Delete, Ctrl+Enter, Alt+mnemonics) fire from real key events.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog

from ward_desk.config import language
from ward_desk.errors import Problem
from ward_desk.services import queries, records
from ward_desk.services.rules import date_text, label_words, loan_order_words
from ward_desk.services.queries import Filters
from ward_desk.ui.widgets import DateEdit

D = dt.date
FUTURE = dt.date.today() + dt.timedelta(days=30)


def _ddmm(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# ---- the ward every test starts from: two clients, two establishments, two peer groups (all in 2025)
def _base_world() -> dict:
    ids = {
        "MNHF1995": records.save_record("clients", {"client_code": "MNHF1995", "sex": "F", "group": "SW",
                                                    "birth_year": 1995, "registered_on": D(2025, 1, 2)}).id,
        "TTLM1980": records.save_record("clients", {"client_code": "TTLM1980", "sex": "M", "group": "RISK"}).id,
    }
    records.save_record("establishments", {"id": "E1", "name": "Karaoke Hoa Hồng", "type": "KARAOKE",
                                           "address": "5 Hàng Bạc", "listed_on": D(2025, 1, 10), "workers": 4})
    records.save_record("establishments", {"id": "E2", "name": "Nhà nghỉ Bình Minh", "type": "HOTEL",
                                           "listed_on": D(2025, 2, 1)})
    records.save_record("peer_groups", {"id": "G1", "name": "Nhóm Hướng Dương", "kind": "PEER",
                                        "founded_on": D(2025, 1, 5)})
    records.save_record("peer_groups", {"id": "G2", "name": "Câu lạc bộ Sao Mai", "kind": "CLUB",
                                        "founded_on": D(2025, 3, 1)})
    return ids


SEEDS = {  # two records of each kind that the base world does not already hold two of
    "contacts": [
        {"id": "C001", "client_code": "MNHF1995", "date": D(2025, 1, 2), "channel": "DIRECT",
         "staff": "Nguyễn Thị Hằng"},
        {"id": "C002", "client_code": "TTLM1980", "date": D(2025, 1, 3), "channel": "PHONE", "staff": "Lan"}],
    "sessions": [
        {"id": "S001", "date": D(2025, 1, 10), "audience": "SW", "participants_f": 10, "participants_m": 2,
         "topic": "Phòng chống HIV", "location": "Nhà văn hóa tổ 3"},
        {"id": "S002", "date": D(2025, 2, 10), "audience": "YOUTH", "participants_f": 5, "participants_m": 5,
         "topic": "Sức khỏe sinh sản", "location": "Trường Trưng Vương"}],
    "referrals": [
        {"id": "R001", "client_code": "MNHF1995", "service": "HIV_TEST", "referred_on": D(2025, 1, 5),
         "status": "REFERRED", "provider": "Bệnh viện Đống Đa"},
        {"id": "R002", "client_code": "TTLM1980", "service": "PREP", "referred_on": D(2025, 2, 5),
         "status": "RECEIVED", "received_on": D(2025, 2, 10), "provider": "Trạm y tế phường"}],
    "loans": [
        {"id": "L001", "client_code": "MNHF1995", "programme": "JOB", "referred_on": D(2025, 1, 1),
         "approved_on": D(2025, 2, 1)},
        {"id": "L002", "client_code": "TTLM1980", "programme": "POOR", "referred_on": D(2025, 1, 15)}],
    "establishment_activities": [
        {"id": "A001", "establishment_id": "E1", "date": D(2025, 2, 1), "kind": "VISIT"},
        {"id": "A002", "establishment_id": "E2", "date": D(2025, 3, 1), "kind": "TRAINING", "owners_trained": 1,
         "workers_trained_f": 3}],
    "peer_members": [
        {"group_id": "G1", "client_code": "MNHF1995", "joined_on": D(2025, 1, 10)},
        {"group_id": "G2", "client_code": "TTLM1980", "joined_on": D(2025, 3, 5)}],
    "peer_meetings": [
        {"id": "M001", "group_id": "G1", "date": D(2025, 2, 1), "attendees": 8},
        {"id": "M002", "group_id": "G2", "date": D(2025, 3, 10), "attendees": 12}],
    # version 2 (RETURN-v2 §1)
    "inspections": [
        {"id": "I001", "establishment_id": "E1", "date": D(2025, 2, 3), "team": "W178", "result": "COMPLIANT"},
        {"id": "I002", "establishment_id": "E2", "date": D(2025, 3, 3), "team": "POLICE", "result": "VIOLATION",
         "sanction": "WARNING"}],
    "commitments": [
        {"id": "E1-C1", "establishment_id": "E1", "signed_on": D(2025, 1, 15), "signatory": "OWNER"},
        {"id": "E2-C1", "establishment_id": "E2", "signed_on": D(2025, 2, 15), "signatory": "MANAGER",
         "withdrawn_on": D(2025, 6, 1)}],
    "hotline_calls": [
        {"id": "H001", "date": D(2025, 1, 20), "caller": "SW", "sex": "F", "topic": "HIV", "referred": "Y",
         "client_code": "MNHF1995", "staff": "Nguyễn Thị Hằng"},
        {"id": "H002", "date": D(2025, 2, 20), "caller": "FAMILY", "sex": "M", "topic": "LEGAL", "staff": "Lan"}],
    "gbv_cases": [
        {"id": "V001", "client_code": "MNHF1995", "reported_on": D(2025, 1, 25), "type": "PHYSICAL_ASSAULT",
         "perpetrator": "INTIMATE_PARTNER", "consent_to_refer": "Y"},
        {"id": "V002", "client_code": "TTLM1980", "reported_on": D(2025, 2, 25), "type": "PSYCHOLOGICAL",
         "perpetrator": "FAMILY"}],
    "consents": [
        {"id": "MNHF1995-S1", "client_code": "MNHF1995", "purpose": "STORE", "given_on": D(2025, 1, 2),
         "form": "PAPER"},
        {"id": "TTLM1980-S1", "client_code": "TTLM1980", "purpose": "STORE", "given_on": D(2025, 1, 3),
         "withdrawn_on": D(2025, 5, 1)}],
    "trainings": [
        {"id": "T001", "date": D(2025, 1, 12), "audience": "STAFF", "participants_f": 10, "participants_m": 8,
         "topic": "Quy trình kiểm tra cơ sở"},
        {"id": "T002", "date": D(2025, 2, 12), "audience": "PEER_EDUCATOR", "participants_f": 15,
         "participants_m": 2, "topic": "Kỹ năng tư vấn"}],
}
EXTRA = {  # what the new record of a kind needs that the seeds do not give (its own group, so it is found alone)
    "peer_members": lambda: records.save_record("peer_groups", {"id": "G3", "name": "Nhóm Thanh Xuân",
                                                                "kind": "SELF_HELP", "founded_on": D(2025, 1, 1)}),
}


@dataclass
class Flow:
    """One kind's walk through its screen.

    ``search``: (typed words, the code in the first column of the only row found). ``fill``: field -> what the
    clerk types (dd/mm/yyyy dates, codes picked in their combo box), in form order. ``bad``: (field, the wrong
    text typed instead of ``fill[field]``, the Problem the rules report). ``live``: the message shows while typing
    (False: a rule that needs the database, shown when Enter tries to save). ``find``: the new record's code,
    the first column of its row. ``edit``: (field, typed text, value stored, text shown in the row).
    """

    search: tuple[str, str]
    fill: dict[str, str]
    bad: tuple[str, str, Problem]
    find: str
    edit: tuple[str, str, object, str]
    live: bool = True
    seeded: int = 2


FLOWS: dict[str, Flow] = {
    "clients": Flow(
        search=("mnhf", "MNHF1995"),
        fill={"client_code": "QQHF2000", "sex": "F", "birth_year": "2000", "group": "SW",
              "registered_on": "10/01/2025"},
        bad=("birth_year", "1850", Problem("records.birth_year", {"value": 1850, "low": 1930,
                                                                  "high": dt.date.today().year})),
        find="QQHF2000", edit=("birth_year", "2001", 2001, "2001")),
    "contacts": Flow(
        search=("hang", "C001"),  # the staff "Nguyễn Thị Hằng", typed without diacritics
        fill={"client_code": "MNHF1995", "date": "15/02/2025", "channel": "PHONE", "condoms": "3",
              "staff": "Lan"},
        bad=("condoms", "-3", Problem("records.negative", {"value": -3})),
        find="DK0000001", edit=("condoms", "5", 5, "5")),
    "sessions": Flow(
        search=("suc khoe", "S002"),
        fill={"date": "20/03/2025", "audience": "SW", "participants_f": "8", "participants_m": "4",
              "topic": "Bao cao su"},
        # a required count typed then erased (Backspace): "is required" at once, not only on save
        bad=("participants_m", "4\b", Problem("field.required")),
        find="DS00001", edit=("topic", "Tu van PrEP", "Tu van PrEP", "Tu van PrEP")),
    "referrals": Flow(
        search=("dong da", "R001"),
        fill={"client_code": "TTLM1980", "service": "HIV_TEST", "referred_on": "01/03/2025",
              "status": "REFERRED"},
        bad=("client_code", "NOPE0000", Problem("records.unknown_linked", {
            "what_vi": "khách hàng", "what_en": "client", "value": "NOPE0000"})),
        live=False, find="DR000001", edit=("provider", "Tram y te", "Tram y te", "Tram y te")),
    "loans": Flow(
        search=("poor", "L002"),  # a programme code, lower case
        fill={"client_code": "MNHF1995", "programme": "JOB", "referred_on": "01/01/2025",
              "amount_requested": "10000000", "approved_on": "01/03/2025", "disbursed_on": "15/03/2025",
              "amount_disbursed": "8000000"},
        # disbursed before it was approved
        bad=("disbursed_on", "15/02/2025", Problem("records.loan_order", {
            "later": label_words("loans", "disbursed_on"), "later_value": "15/02/2025",
            "earlier": label_words("loans", "approved_on"), "earlier_value": "01/03/2025",
            "order": loan_order_words()})),
        find="DL00001", edit=("amount_requested", "12000000", 12000000, "12.000.000")),
    "establishments": Flow(
        search=("hoa hong", "E1"),
        fill={"name": "Quan ca phe Mai", "type": "CAFE", "address": "12 Hang Bac",
              "listed_on": "01/04/2025", "workers": "6"},
        bad=("listed_on", _ddmm(FUTURE), Problem("records.future_date", {"value": date_text(FUTURE)})),
        find="DE0001", edit=("workers", "7", 7, "7")),
    "establishment_activities": Flow(
        search=("binh minh", "A002"),  # the establishment's name
        fill={"establishment_id": "E1", "date": "05/04/2025", "kind": "TRAINING",  # training counts: trainings only
              "workers_trained_f": "2"},
        bad=("establishment_id", "E404", Problem("records.unknown_linked", {
            "what_vi": "cơ sở kinh doanh", "what_en": "establishment", "value": "E404"})),
        live=False, find="DA00001", edit=("workers_trained_f", "3", 3, "3")),
    "peer_groups": Flow(
        search=("huong duong", "G1"),
        fill={"name": "Nhom Ban Than", "kind": "SELF_HELP", "founded_on": "28/02/2025"},
        bad=("founded_on", _ddmm(FUTURE), Problem("records.future_date", {"value": date_text(FUTURE)})),
        find="DG001", edit=("name", "Nhom Ban Than Moi", "Nhom Ban Than Moi", "Nhom Ban Than Moi")),
    "peer_members": Flow(
        search=("sao mai", "G2"),  # the group's name
        fill={"group_id": "G3", "client_code": "TTLM1980", "joined_on": "01/02/2025", "left_on": "01/05/2025"},
        bad=("left_on", "01/01/2025", Problem("records.left_before_joined",
                                              {"left": "01/01/2025", "joined": "01/02/2025",
                                               "left_label": label_words("peer_members", "left_on"),
                                               "joined_label": label_words("peer_members", "joined_on")})),
        find="G3", edit=("left_on", "01/06/2025", D(2025, 6, 1), "01/06/2025")),
    "peer_meetings": Flow(
        search=("sao mai", "M002"),
        fill={"group_id": "G1", "date": "10/04/2025", "attendees": "10"},
        bad=("attendees", "muoi", Problem("records.not_integer", {"value": "muoi"})),
        find="DM000001", edit=("attendees", "11", 11, "11")),
    "inspections": Flow(
        search=("binh minh", "I002"),  # the establishment's name
        fill={"establishment_id": "E1", "date": "05/04/2025", "team": "W178", "result": "VIOLATION",
              "sanction": "FINE", "fine_amount": "5000000"},
        bad=("fine_amount", "0", Problem("records.fine_missing")),
        find="DI00001", edit=("fine_amount", "6000000", 6000000, "6.000.000")),
    "commitments": Flow(
        search=("binh minh", "E2-C1"),
        fill={"establishment_id": "E1", "signed_on": "01/04/2025", "signatory": "OWNER",
              "valid_until": "31/03/2026", "withdrawn_on": "01/05/2025"},
        bad=("withdrawn_on", "01/03/2025", Problem("records.before_start", {
            "column": "withdrawn_on", "value": "2025-03-01", "start": "signed_on", "start_value": "2025-04-01"})),
        find="DC00001", edit=("valid_until", "31/12/2026", D(2026, 12, 31), "31/12/2026")),
    "hotline_calls": Flow(
        search=("hang", "H001"),  # the staff "Nguyễn Thị Hằng", typed without diacritics
        fill={"date": "10/04/2025", "caller": "UNKNOWN", "sex": "U", "topic": "PSYCH",
              "staff": "Lan"},
        bad=("date", _ddmm(FUTURE), Problem("records.future_date", {"value": date_text(FUTURE)})),
        find="DH00001", edit=("staff", "Mai", "Mai", "Mai")),
    "gbv_cases": Flow(  # the test's user is an admin: a supervisor's or admin's list (tests/unit/test_records_v2)
        search=("ttlm", "V002"),
        fill={"client_code": "MNHF1995", "reported_on": "10/04/2025", "type": "RAPE",
              "perpetrator": "CLIENT"},
        bad=("client_code", "NOPE0000", Problem("records.unknown_linked", {
            "what_vi": "khách hàng", "what_en": "client", "value": "NOPE0000"})),
        live=False, find="DV0001", edit=("reported_on", "11/04/2025", D(2025, 4, 11), "11/04/2025")),
    "consents": Flow(
        search=("ttlm", "TTLM1980-S1"),
        fill={"client_code": "MNHF1995", "purpose": "REFER", "given_on": "01/04/2025",
              "withdrawn_on": "01/05/2025", "form": "VERBAL_WITNESSED"},
        bad=("withdrawn_on", "01/03/2025", Problem("records.before_start", {
            "column": "withdrawn_on", "value": "2025-03-01", "start": "given_on", "start_value": "2025-04-01"})),
        find="DN000001", edit=("withdrawn_on", "02/05/2025", D(2025, 5, 2), "02/05/2025")),
    "trainings": Flow(
        search=("ky nang", "T002"),
        fill={"date": "20/03/2025", "audience": "VOLUNTEER", "participants_f": "6",
              "participants_m": "3", "topic": "Bao ve du lieu"},
        bad=("participants_f", "sau", Problem("records.not_integer", {"value": "sau"})),
        find="DT0001", edit=("topic", "Phong chong bao luc", "Phong chong bao luc", "Phong chong bao luc")),
}


def test_every_kind_has_a_flow():
    assert set(FLOWS) == set(queries.LISTS)


# ---- fixtures and keyboard helpers
@pytest.fixture
def context(ward_db, data_dir):
    from ward_desk.ui.context import AppContext

    return AppContext(data_dir)


@pytest.fixture
def world(ward_db):
    return _base_world()


@pytest.fixture
def forms(monkeypatch):
    """Every RecordForm the screens open, shown instead of exec-ed (a modal loop would block the test)."""
    from ward_desk.ui.record_form import RecordForm

    opened: list[RecordForm] = []

    def fake_exec(self):
        opened.append(self)
        self.show()
        return 0

    monkeypatch.setattr(RecordForm, "present", fake_exec)
    return opened


@pytest.fixture
def answers(monkeypatch):
    """The clerk's answers to "move to the recycle bin?" / "restore?" and "discard unsaved changes?"."""

    class Answers:  # a fresh class per test
        confirm = True
        discard = True
        asked: list[str] = []  # the questions confirm() was asked
        discard_asked = 0

    def confirm(parent, title, question):
        Answers.asked.append(question)
        return Answers.confirm

    def ask_discard(parent):
        Answers.discard_asked += 1
        return Answers.discard

    monkeypatch.setattr("ward_desk.ui.list_screen.confirm", confirm)
    monkeypatch.setattr("ward_desk.ui.record_form.ask_discard", ask_discard)
    return Answers


def _activate(qtbot, window) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def _screen(qtbot, context, kind, **kwargs):
    from ward_desk.ui.list_screen import ListScreen

    screen = ListScreen(context, kind, **kwargs)
    qtbot.addWidget(screen)
    _activate(qtbot, screen)
    return screen


def _open_form(qtbot, forms, press):
    """Press a key that opens a form; returns that form, active."""
    before = len(forms)
    press()
    assert len(forms) == before + 1, "no form opened"
    form = forms[-1]
    qtbot.addWidget(form)
    _activate(qtbot, form)
    return form


def _type(qtbot, form, key: str, text: str) -> None:
    """Replace what field ``key`` holds by ``text`` from the keyboard: a combo box is stepped with the arrow keys
    to the code ``text``; a line edit (or a date's) gets Ctrl+A and the keys, ``\\b`` being Backspace."""
    widget = form.widgets[key]
    if isinstance(widget, QComboBox):
        target = widget.findData(text)
        assert target > 0, f"{text!r} is not a choice of {key}"
        while widget.currentIndex() != target:
            qtbot.keyClick(widget, Qt.Key.Key_Down if widget.currentIndex() < target else Qt.Key.Key_Up)
        return
    line = getattr(widget, "edit", widget)
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if not text:
        qtbot.keyClick(line, Qt.Key.Key_Backspace)
    for part in re.split("(\x08)", text):
        if part == "\x08":
            qtbot.keyClick(line, Qt.Key.Key_Backspace)
        elif part:
            qtbot.keyClicks(line, part)


def _line(form, key: str):
    widget = form.widgets[key]
    return getattr(widget, "edit", widget)  # a date's or a linked code's line edit


def _save_keys(qtbot, form, key: str) -> None:
    """Ctrl+S: save and close, from any field (Enter walks to the next field)."""
    qtbot.keyClick(_line(form, key), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def _search(qtbot, screen, text: str) -> None:
    qtbot.keyClick(screen.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(screen.search, Qt.Key.Key_Backspace)
    qtbot.keyClicks(screen.search, text)
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)  # Enter searches at once (no 250 ms wait)


def _rows(screen) -> list[str]:
    model = screen.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def _count_shown(screen) -> int:
    numbers = re.findall(r"\d+", screen.count_label.text())
    assert len(numbers) == 1, screen.count_label.text()
    return int(numbers[0])


def _all(kind: str) -> int:
    return queries.count(kind) + queries.count(kind, Filters(deleted=True))


def _seed(kind: str) -> None:
    for values in SEEDS.get(kind, []):
        records.save_record(kind, values)
    if kind in EXTRA:
        EXTRA[kind]()


# ---- the main flow, every kind
@pytest.mark.parametrize("kind", queries.KINDS)
def test_screen_main_flow(qtbot, context, world, forms, answers, kind):
    flow = FLOWS[kind]
    _seed(kind)

    # open the list: the seeded records and their count
    screen = _screen(qtbot, context, kind)
    seeded = queries.count(kind)
    assert seeded >= flow.seeded and screen.model.total() == seeded == len(_rows(screen))
    assert _count_shown(screen) == seeded

    # search without diacritics (or by a code): one row, the right one, and the count says so
    words, expected = flow.search
    _search(qtbot, screen, words)
    assert _rows(screen) == [expected] and _count_shown(screen) == 1
    _search(qtbot, screen, "")
    assert screen.model.total() == seeded and _count_shown(screen) == seeded

    # add (Insert): every field keyed in, one of them wrong
    before = _all(kind)
    form = _open_form(qtbot, forms, lambda: qtbot.keyClick(screen.table, Qt.Key.Key_Insert))
    assert form.record_id is None and not any(label.isVisible() for label in form.errors.values())  # not red yet
    # the cursor starts in the first field to key (the id is the app's) and Tab walks the fields that apply in
    # the form's order (a date's or a code's "…" skipped)
    keyable = [f.key for f in form.fields if form.widgets[f.key].isEnabled() and f.key != "id"]
    assert form._keyable() == keyable
    visited = []
    for _ in keyable:
        focused = QApplication.focusWidget()
        visited.append(next((key for key in form.widgets if _line(form, key) is focused), focused))
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert visited == keyable
    bad_key, bad_text, problem = flow.bad
    for key, text in flow.fill.items():
        _type(qtbot, form, key, bad_text if key == bad_key else text)
    if bad_key not in flow.fill:
        _type(qtbot, form, bad_key, bad_text)
    error, widget = form.errors[bad_key], form.widgets[bad_key]
    message = problem.message(language())
    if flow.live:  # shown as soon as it is typed, under that very field
        assert error.isVisible() and message in error.text().split("\n"), error.text()
    _save_keys(qtbot, form, bad_key)  # Ctrl+S: refused
    assert form.isVisible() and form.result() != QDialog.DialogCode.Accepted
    assert error.isVisible() and message in error.text().split("\n"), error.text()
    assert 0 <= error.y() - widget.geometry().bottom() < 12 and error.x() == widget.x()  # right under the field
    assert form.focusWidget() is _line(form, bad_key)  # the cursor waits in the field to correct
    assert _all(kind) == before and screen.model.total() == seeded  # nothing saved

    # correct it; Enter saves, the form closes and the new row is listed
    _type(qtbot, form, bad_key, flow.fill.get(bad_key, ""))
    assert not error.isVisible()
    with qtbot.waitSignal(context.records_changed, timeout=2000) as changed:
        _save_keys(qtbot, form, bad_key)
    assert changed.args == [kind]
    assert not form.isVisible() and form.result() == QDialog.DialogCode.Accepted
    _activate(qtbot, screen)  # the list is the active window again
    assert screen.model.total() == seeded + 1 and _count_shown(screen) == seeded + 1
    _search(qtbot, screen, flow.find)
    assert _rows(screen) == [flow.find] and _count_shown(screen) == 1
    record_id = screen.model.record_id(0)
    stored = records.get_record(kind, record_id)
    for key, text in flow.fill.items():
        shown = (stored[key].strftime("%d/%m/%Y") if isinstance(form.widgets[key], DateEdit) else str(stored[key]))
        assert shown == text, (key, stored[key])

    # edit: Down from the search box to the row, Enter opens it (a client, an establishment: its page; Alt+E edits)
    qtbot.keyClick(screen.search, Qt.Key.Key_Down)
    assert screen.current_id() == record_id
    if kind in ("clients", "establishments"):  # a client or an establishment opens its page (RETURN-v2: its
        # inspections and commitments are there); Alt+E edits
        with qtbot.waitSignal(context.navigate_requested, timeout=1000) as navigated:
            qtbot.keyClick(screen.table, Qt.Key.Key_Return)
        assert navigated.args == [kind[:-1], {"record_id": record_id}]
        opened = len(forms)

        def alt_e():
            qtbot.keyClick(screen, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
            qtbot.waitUntil(lambda: len(forms) > opened, timeout=1000)  # a mnemonic clicks after a short delay

        form = _open_form(qtbot, forms, alt_e)
    else:
        form = _open_form(qtbot, forms, lambda: qtbot.keyClick(screen.table, Qt.Key.Key_Return))
    assert form.record_id == record_id
    assert not any(label.isVisible() for label in form.errors.values())
    error = form.errors[bad_key]
    if _line(form, bad_key).isReadOnly():  # a saved record's client: changed only by "Move to another client"
        assert bad_key == "client_code" and form.move_button is not None
    else:  # the same wrong value in the edit is refused the same way, and the stored record is untouched
        _type(qtbot, form, bad_key, bad_text)
        _save_keys(qtbot, form, bad_key)
        assert form.isVisible() and error.isVisible() and message in error.text().split("\n")
        assert records.get_record(kind, record_id) == stored
        _type(qtbot, form, bad_key, flow.fill.get(bad_key, ""))
        assert not error.isVisible()
    edit_key, edit_text, edit_value, edit_shown = flow.edit
    _type(qtbot, form, edit_key, edit_text)
    with qtbot.waitSignal(context.records_changed, timeout=2000):
        _save_keys(qtbot, form, edit_key)
    assert not form.isVisible()
    _activate(qtbot, screen)  # the list is the active window again
    assert records.get_record(kind, record_id)[edit_key] == edit_value
    column = screen.model.keys.index(edit_key)
    assert screen.model.index(0, column).data() == edit_shown and screen.model.total() == 1

    # delete: the Delete key on the row asks, and only a Yes moves it to the recycle bin
    screen.table.setFocus()
    screen.table.selectRow(0)
    answers.confirm = False
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    assert len(answers.asked) == 1 and screen.model.total() == 1 and queries.count(kind) == seeded + 1
    answers.confirm = True
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    assert answers.asked == [screen.tr("Move this record to the recycle bin? It can be restored later.")] * 2
    assert screen.model.total() == 0 and _count_shown(screen) == 0 and queries.count(kind) == seeded

    # the recycle bin (Space on its switch) lists it, with Restore instead of Edit/Delete; Alt+R restores
    screen.bin.setFocus()
    qtbot.keyClick(screen.bin, Qt.Key.Key_Space)
    assert screen.bin.isChecked() and _rows(screen) == [flow.find] and _count_shown(screen) == 1
    assert screen.restore_button.isVisible() and not screen.delete_button.isVisible()
    screen.table.setFocus()
    screen.table.selectRow(0)
    qtbot.keyClick(screen, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: screen.model.total() == 0, timeout=1000)  # a mnemonic clicks after a short delay
    assert answers.asked[2:] == [screen.tr("Restore this record from the recycle bin?")] and _count_shown(screen) == 0
    qtbot.keyClick(screen.bin, Qt.Key.Key_Space)
    assert not screen.bin.isChecked() and _rows(screen) == [flow.find]
    assert queries.count(kind) == seeded + 1 and records.get_record(kind, record_id)[edit_key] == edit_value


# ---- Esc never throws typed work away without asking, every kind
@pytest.mark.parametrize("kind", queries.KINDS)
def test_escape_asks_before_discarding(qtbot, context, world, forms, answers, kind):
    _seed(kind)
    screen = _screen(qtbot, context, kind)
    before = _all(kind)

    # a new form, nothing typed: Esc just closes
    form = _open_form(qtbot, forms, lambda: qtbot.keyClick(screen.table, Qt.Key.Key_Insert))
    first = form._keyable()[0]  # the first field to key (an id is the app's)
    qtbot.keyClick(_line(form, first), Qt.Key.Key_Escape)
    assert not form.isVisible() and answers.discard_asked == 0
    _activate(qtbot, screen)  # the list is the active window again

    # something typed: Esc asks; "No" keeps the form and the text, "Yes" throws it away
    form = _open_form(qtbot, forms, lambda: qtbot.keyClick(screen.table, Qt.Key.Key_Insert))
    text = FLOWS[kind].fill[first]
    _type(qtbot, form, first, text)
    answers.discard = False
    qtbot.keyClick(_line(form, first), Qt.Key.Key_Escape)
    assert answers.discard_asked == 1 and form.isVisible() and _line(form, first).text() == text
    form.close()  # the window's close button asks too
    assert answers.discard_asked == 2 and form.isVisible()
    answers.discard = True
    qtbot.keyClick(_line(form, first), Qt.Key.Key_Escape)
    assert answers.discard_asked == 3 and not form.isVisible()
    _activate(qtbot, screen)  # the list is the active window again
    assert form.result() == QDialog.DialogCode.Rejected and _all(kind) == before

    # an existing record opened and left untouched closes without a question; changed, it asks
    screen.table.setFocus()
    screen.table.selectRow(0)
    record_id = screen.current_id()
    values = records.get_record(kind, record_id)
    form = _open_form(qtbot, forms, screen.edit)
    first = form._keyable()[0]  # a saved record's client is not typed over
    qtbot.keyClick(_line(form, first), Qt.Key.Key_Escape)
    assert not form.isVisible() and answers.discard_asked == 3
    _activate(qtbot, screen)  # the list is the active window again
    form = _open_form(qtbot, forms, screen.edit)
    if isinstance(form.widgets[first], QComboBox):
        qtbot.keyClick(form.widgets[first], Qt.Key.Key_Down)  # another choice
    else:
        qtbot.keyClicks(_line(form, first), "X")
    answers.discard = False
    qtbot.keyClick(_line(form, first), Qt.Key.Key_Escape)
    assert answers.discard_asked == 4 and form.isVisible()
    answers.discard = True
    qtbot.keyClick(_line(form, first), Qt.Key.Key_Escape)
    assert not form.isVisible() and records.get_record(kind, record_id) == values


# ---- contacts: "save and add another" for a stack of paper slips
def _slip(qtbot, form, **typed) -> None:
    for key, text in typed.items():
        _type(qtbot, form, key, text)


def _ctrl_enter(qtbot, form, key: str, expected_total: int, kind="contacts") -> None:
    qtbot.keyClick(_line(form, key), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: queries.count(kind) == expected_total, timeout=1000)  # the button clicks shortly after


def test_contacts_save_and_add_another(qtbot, context, world, forms, answers):
    _seed("contacts")
    screen = _screen(qtbot, context, "contacts")
    form = _open_form(qtbot, forms, lambda: qtbot.keyClick(screen.table, Qt.Key.Key_Insert))
    assert form.another_button is not None
    _slip(qtbot, form, client_code="MNHF1995", date="15/02/2025", channel="ESTABLISHMENT", condoms="3",
          staff="Lan")
    _ctrl_enter(qtbot, form, "staff", 3)

    # saved, and the form stays open for the next slip: the slip's own fields cleared, the session's kept
    assert form.isVisible() and screen.model.total() == 3 and _count_shown(screen) == 3
    saved = records.get_record("contacts", queries.page("contacts", 0, 1, Filters(search="DK0000001"))[0][0])
    assert saved["client_code"] == "MNHF1995" and saved["condoms"] == 3 and saved["date"] == D(2025, 2, 15)
    assert form.widgets["id"].text() == "" and form.widgets["condoms"].text() == ""
    assert form.widgets["client_code"].text() == ""  # each slip is another client (off the client's page)
    assert form.widgets["date"].text() == "15/02/2025" and form.widgets["staff"].text() == "Lan"
    assert form.widgets["channel"].currentData() == "ESTABLISHMENT"
    assert not any(label.isVisible() for label in form.errors.values())  # the next slip does not start red
    assert form.focusWidget() is _line(form, "client_code")  # ready to key the next slip's client

    # the second slip: only its own fields typed, Ctrl+S saves it with the kept ones and closes
    _slip(qtbot, form, client_code="TTLM1980")
    with qtbot.waitSignal(context.records_changed, timeout=2000):
        _save_keys(qtbot, form, "client_code")
    assert not form.isVisible() and screen.model.total() == 4
    _activate(qtbot, screen)  # the list is the active window again
    second = records.get_record("contacts", queries.page("contacts", 0, 1, Filters(search="DK0000002"))[0][0])
    assert (second["client_code"], second["date"], second["channel"], second["staff"], second["condoms"]) == (
        "TTLM1980", D(2025, 2, 15), "ESTABLISHMENT", "Lan", None)

    # a kept value is not typed work: Esc on the fresh slip closes without asking
    form = _open_form(qtbot, forms, lambda: qtbot.keyClick(screen.table, Qt.Key.Key_Insert))
    _slip(qtbot, form, client_code="MNHF1995", date="16/02/2025", channel="DIRECT")
    _ctrl_enter(qtbot, form, "date", 5)
    qtbot.keyClick(_line(form, "client_code"), Qt.Key.Key_Escape)
    assert not form.isVisible() and answers.discard_asked == 0


def test_contacts_save_and_add_another_on_a_clients_page_keeps_the_client(qtbot, context, world, forms, answers):
    """On a client's page every slip is that client's: the code the page filled in stays for the next one."""
    screen = _screen(qtbot, context, "contacts", client_id=world["MNHF1995"])
    form = _open_form(qtbot, forms, lambda: qtbot.keyClick(screen.table, Qt.Key.Key_Insert))
    assert form.widgets["client_code"].text() == "MNHF1995"
    _slip(qtbot, form, date="15/02/2025", channel="DIRECT")
    _ctrl_enter(qtbot, form, "date", 1)
    assert form.isVisible() and form.widgets["id"].text() == ""
    assert form.widgets["client_code"].text() == "MNHF1995"
    _slip(qtbot, form, date="16/02/2025")  # the same client, date and channel would ask "keyed twice?"
    with qtbot.waitSignal(context.records_changed, timeout=2000):
        _save_keys(qtbot, form, "date")
    assert not form.isVisible() and screen.model.total() == 2 and _rows(screen) == ["DK0000002", "DK0000001"]  # newest first
    assert all(records.get_record("contacts", screen.model.record_id(r))["client_code"] == "MNHF1995"
               for r in range(2))
