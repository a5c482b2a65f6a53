"""Desktop record screens: paged models pass qtmodeltester; list -> search -> add -> bad value -> save ->
delete -> restore; UIC dialog; client page; follow-ups; main window; first-run wizard."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from ward_desk.services import queries, records
from ward_desk.ui import widgets


@pytest.fixture
def context(ward_db, data_dir):
    from ward_desk.ui.context import AppContext

    return AppContext(data_dir)


@pytest.fixture
def sample(ward_db):
    client = records.save_record("clients", {"client_code": "MNHF1995", "sex": "F", "group": "SW", "birth_year": 1995})
    records.save_record("clients", {"client_code": "TTLM1980", "sex": "M", "group": "RISK"})
    for i in range(30):
        records.save_record("contacts", {"id": f"C{i:03d}", "client_code": "MNHF1995" if i % 2 else "TTLM1980",
                                         "date": dt.date(2026, 1, 1) + dt.timedelta(days=i), "channel": "DIRECT",
                                         "staff": "Nguyễn Thị Hằng" if i == 7 else "Lan"})
    records.save_record("referrals", {"id": "R1", "client_code": "MNHF1995", "service": "HIV_TEST",
                                      "referred_on": dt.date(2025, 1, 1), "status": "REFERRED"})
    records.save_record("loans", {"id": "L1", "client_code": "MNHF1995", "programme": "JOB",
                                  "referred_on": dt.date(2025, 1, 1), "approved_on": dt.date(2025, 2, 1)})
    return client


@pytest.mark.parametrize("kind", queries.KINDS)
def test_every_paged_model_passes_modeltester(qtmodeltester, sample, kind):
    from ward_desk.ui.paged_model import PagedTableModel

    model = PagedTableModel(kind)
    model.PAGE = 7  # several pages even for the small sample
    qtmodeltester.check(model, force_py=True)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)


def test_model_pages_lazily_and_fetches_more(qtmodeltester, sample):
    from ward_desk.ui.paged_model import PagedTableModel

    model = PagedTableModel("contacts")
    model.STEP = 10
    model.refresh()
    assert model.total() == 30 and model.rowCount() == 10 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 20
    qtmodeltester.check(model, force_py=True)


def _form(qtbot, screen):
    """The form the screen opens, driven without a modal loop (exec is replaced by show)."""
    opened = []

    def fake_exec(self):
        opened.append(self)
        self.show()
        return 0

    return opened, fake_exec


def test_contacts_list_main_flow(qtbot, monkeypatch, context, sample):
    from ward_desk.ui.list_screen import ListScreen
    from ward_desk.ui.record_form import RecordForm

    screen = ListScreen(context, "contacts")
    qtbot.addWidget(screen)
    assert screen.model.total() == 30
    assert "30" in screen.count_label.text()

    qtbot.keyClicks(screen.search, "hang")  # no diacritics, lower case
    screen.apply_filters()
    assert screen.model.total() == 1
    screen.search.clear()
    screen.apply_filters()

    opened, fake_exec = _form(qtbot, screen)
    monkeypatch.setattr(RecordForm, "present", fake_exec)
    screen.add()
    form = opened[-1]
    qtbot.addWidget(form)
    assert form.widgets["id"].isReadOnly()  # the app numbers it
    qtbot.keyClicks(form.widgets["client_code"].edit, "MNHF1995")
    form.widgets["date"].edit.setText("31/02/2026")  # not a real date
    form.widgets["channel"].setCurrentIndex(form.widgets["channel"].findData("PHONE"))
    qtbot.keyClicks(form.widgets["condoms"], "-3")
    assert not form.save()
    assert form.errors["date"].isVisible() and form.errors["date"].text()
    assert form.errors["condoms"].isVisible() and ">= 0" in form.errors["condoms"].text()
    form.widgets["date"].edit.setText("15/02/2026")
    form.widgets["condoms"].setText("3")
    assert not form.errors["date"].isVisible()
    with qtbot.waitSignal(context.records_changed, timeout=2000) as changed:
        assert form.save()
    assert changed.args == ["contacts"]
    assert screen.model.total() == 31
    saved = records.get_record("contacts", queries.page("contacts", 0, 1, queries.Filters(search="DK0000001"))[0][0])
    assert saved["date"] == dt.date(2026, 2, 15) and saved["condoms"] == 3

    # edit: a value the rules refuse is shown next to the field and nothing is saved
    screen.search.setText("DK0000001")
    screen.apply_filters()
    screen.table.selectRow(0)
    screen.edit()
    form = opened[-1]
    qtbot.addWidget(form)
    form.widgets["date"].edit.setText("01/01/2999")
    assert form.errors["date"].isVisible()
    assert not form.save()
    monkeypatch.setattr("ward_desk.ui.record_form.ask_discard", lambda parent: True)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert records.get_record("contacts", screen.current_id())["date"] == dt.date(2026, 2, 15)

    # delete (confirmed) -> recycle bin -> restore
    monkeypatch.setattr("ward_desk.ui.list_screen.confirm", lambda *a: True)
    screen.delete()
    assert screen.model.total() == 0
    screen.bin.setChecked(True)
    assert screen.model.total() == 1 and screen.restore_button.isVisibleTo(screen)
    screen.table.selectRow(0)
    screen.restore()
    screen.bin.setChecked(False)
    assert screen.model.total() == 1


def test_delete_asks_first(qtbot, monkeypatch, context, sample):
    from ward_desk.ui.list_screen import ListScreen

    screen = ListScreen(context, "contacts")
    qtbot.addWidget(screen)
    screen.table.selectRow(0)
    monkeypatch.setattr("ward_desk.ui.list_screen.confirm", lambda *a: False)
    screen.delete()
    assert screen.model.total() == 30


def test_save_and_add_another_keeps_date_and_staff(qtbot, context, sample):
    from ward_desk.ui.record_form import RecordForm

    form = RecordForm(context, "contacts")
    qtbot.addWidget(form)
    for i, code in enumerate(("MNHF1995", "TTLM1980")):  # two clients: the same one twice is "keyed twice?"
        form.widgets["client_code"].setText(code)
        if i == 0:
            form.widgets["date"].edit.setText("02/03/2026")
            form.widgets["channel"].setCurrentIndex(1)
            form.widgets["staff"].setText("Lan")
        assert form.save(another=True)
        assert form.widgets["id"].text() == "" and form.widgets["date"].text() == "02/03/2026"
        assert form.saved_label.text().endswith(f"DK000000{i + 1}")  # the slip just keyed went in
    assert queries.count("contacts", queries.Filters(search="DK000000")) == 2


def test_unknown_client_reported_next_to_field(qtbot, context, sample):
    from ward_desk.ui.record_form import RecordForm

    form = RecordForm(context, "referrals")
    qtbot.addWidget(form)
    assert form.widgets["status"].currentData() == "REFERRED"  # a new referral starts so
    form.widgets["client_code"].setText("NOPE0000")
    form.widgets["service"].setCurrentIndex(1)
    form.widgets["referred_on"].edit.setText("01/01/2026")
    form.widgets["status"].setCurrentIndex(form.widgets["status"].findData("REFERRED"))
    assert not form.save()
    error = form.errors["client_code"]
    assert not error.isHidden() and "NOPE0000" in error.text() and "clients" not in error.text()
    assert not form.new_client_link.isHidden()  # "create it?"


def test_uic_dialog_builds_warns_and_keeps_nothing(qtbot, context, sample):
    from ward_desk.ui.uic_dialog import UicDialog

    dialog = UicDialog()
    qtbot.addWidget(dialog)
    dialog.mother.setText("Lê Thị Mai")  # keyClicks types ASCII only
    dialog.father.setText("Trần Văn Nam")
    dialog.own.setText("Trần Thị Hoa")
    dialog.sex.setCurrentIndex(dialog.sex.findData("F"))
    qtbot.keyClicks(dialog.year, "1995")
    assert dialog.code == "MNHF1995" and dialog.code_label.text() == "MNHF1995"
    assert "MNHF1995" in dialog.warning.text()  # exists already: a possible duplicate
    dialog.year.setText("1996")
    assert dialog.warning.text() == ""
    dialog.accept()
    assert dialog.code == "MNHF1996"
    assert dialog.mother.text() == dialog.father.text() == dialog.own.text() == ""
    assert queries.count("clients") == 2


def test_client_page_and_followups(qtbot, context, sample):
    from ward_desk.ui.client_page import ClientPage
    from ward_desk.ui.followups_screen import FollowupsScreen

    page = ClientPage(context, sample.id)
    qtbot.addWidget(page)
    assert "MNHF1995" in page.title.text()
    assert page.lists["contacts"].model.total() == 15
    assert page.lists["referrals"].model.total() == 1 and page.lists["loans"].model.total() == 1
    follow = FollowupsScreen(context)
    qtbot.addWidget(follow)
    assert follow.referrals.rowCount() == 1 and follow.referrals.item(0, 0).text() == "R1"
    assert follow.loans.rowCount() == 1 and follow.loans.item(0, 0).text() == "L1"


def test_main_window_navigation_status_and_memory(qtbot, context, sample, tmp_path, monkeypatch):
    from PySide6.QtCore import QCoreApplication, QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    QCoreApplication.setOrganizationName("WardDeskTest")
    from ward_desk.ui.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    assert "Hoàn Kiếm" in window.statusBar().currentMessage() and "ward.db" in window.statusBar().currentMessage()
    window.show_screen("loans")
    assert window.stack.currentWidget().kind == "loans"
    window.show_screen("returns")
    window.close()
    again = MainWindow(context)
    qtbot.addWidget(again)
    assert again._names[again.nav.currentRow()] == "returns"
    context.navigate("client", record_id=sample.id)
    assert "MNHF1995" in again.stack.currentWidget().title.text()


def test_wizard_creates_the_ward(qtbot, tmp_path):
    from ward_desk import config
    from ward_desk.db import close_database, open_database
    from ward_desk.services import settings
    from ward_desk.ui.wizard import SetupWizard

    folder = tmp_path / "new-ward"
    wizard = SetupWizard(folder)
    qtbot.addWidget(wizard)
    qtbot.keyClicks(wizard.ward_page.search, "hoan kiem")
    wizard.ward_page.results.setCurrentRow(0)
    assert wizard.ward_page.unit_code() == "00070"
    wizard.next()
    wizard.details_page.name.setText("Phường Hoàn Kiếm (thử)")
    wizard.details_page.basis.setCurrentIndex(1)
    wizard.details_page.passphrase.setText("a long ward passphrase")
    assert not wizard.details_page.isComplete()  # confirmation still empty
    wizard.details_page.passphrase2.setText("a long ward passphrase")
    assert wizard.details_page.isComplete()
    wizard.next()
    wizard.admin_page.username.setText("Lan")
    wizard.admin_page.password.setText("short")
    wizard.admin_page.password2.setText("short")
    wizard.accept()  # refused before anything is created: the password is too short
    assert "8" in wizard.admin_page.problem.text() and not (folder / "ward.db").exists()
    wizard.admin_page.password.setText("lan's own password")
    assert not wizard.admin_page.isComplete()
    wizard.admin_page.password2.setText("lan's own password")
    assert wizard.admin_page.isComplete()
    wizard.quiet = True  # no modal box in the test; the code is still kept for the caller
    wizard.accept()
    assert wizard.recovery_code
    assert config.database_path(folder).exists()
    close_database()
    open_database(folder)
    assert settings.get("unit_code") == "00070" and settings.get("period_basis") == "nd09"
    assert settings.get("display_name") == "Phường Hoàn Kiếm (thử)"
    from ward_desk.services import accounts

    assert accounts.current_user().username == "lan"  # the app opens signed in as the first admin
    assert [(u.username, u.role) for u in accounts.list_users()] == [("lan", "admin")]


def test_date_parsing():
    assert widgets.parse_ddmmyyyy("23/11/2026") == dt.date(2026, 11, 23)
    assert widgets.parse_ddmmyyyy("2026-11-23") == dt.date(2026, 11, 23)
    assert widgets.parse_ddmmyyyy("31/02/2026") == "31/02/2026"
    assert widgets.parse_ddmmyyyy("") is None


def test_vietnamese_translation_is_complete_and_loads(qtbot, context, sample):
    """Every source string of the record screens has a Vietnamese translation, and the app shows it."""
    from pathlib import Path

    from ward_desk.ui import i18n
    from ward_desk.ui.list_screen import ListScreen

    ts = (Path(__file__).resolve().parents[2] / "resources" / "i18n" / "ward_desk_vi.ts").read_text(encoding="utf-8")
    assert ts.count("<source>") > 150 and 'type="unfinished"' not in ts
    qm = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "ward_desk_vi.qm"
    if not qm.exists():  # compiled by packaging/build_resources.py (the README's install runs it)
        import subprocess
        import sys

        subprocess.run([sys.executable, str(qm.parents[2] / "packaging" / "build_resources.py")], check=True)
    i18n.install_translator("vi")
    try:
        screen = ListScreen(context, "contacts")
        qtbot.addWidget(screen)
        assert screen.add_button.text() == "&Thêm" and screen.bin.text() == "Thùng rác"
        assert screen.model.headerData(2, Qt.Orientation.Horizontal) == "Ngày"
    finally:
        i18n.install_translator("en")


def test_the_form_and_the_list_word_every_column_as_the_standard_does(qtbot, context):
    """One wording per column (issue 15): the form's label and the list's header are the declaration's, the same
    the RECORDS-1 workbook's label row carries (``tests/unit/test_spec_records.py``)."""
    from PySide6.QtWidgets import QFormLayout, QLabel

    from ward_desk.spec import records as spec
    from ward_desk.ui.paged_model import PagedTableModel
    from ward_desk.ui.record_form import RecordForm

    for name, declared in spec.KINDS.items():
        form = RecordForm(context, name)
        qtbot.addWidget(form)
        layout = form.findChild(QFormLayout)
        shown = [layout.itemAt(i, QFormLayout.ItemRole.LabelRole).widget().text() for i in range(layout.rowCount())]
        assert shown == [c.vi + (" *" if c.required else "") for c in declared.columns]
        assert all(isinstance(layout.itemAt(i, QFormLayout.ItemRole.LabelRole).widget(), QLabel)
                   for i in range(layout.rowCount()))
        model = PagedTableModel(name)
        headers = {model.keys[i]: model.headerData(i, Qt.Orientation.Horizontal) for i in range(len(model.keys))}
        assert all(headers[c.key] == c.vi for c in declared.columns)


def test_a_form_whose_record_was_changed_meanwhile_says_so_and_reloads(qtbot, context, sample, monkeypatch,
                                                                       english):
    from ward_desk.models.records import Client
    from ward_desk.ui.record_form import RecordForm

    client = Client.select().order_by(Client.id).first()
    form = RecordForm(context, "clients", record_id=client.id)
    qtbot.addWidget(form)
    theirs = records.get_record("clients", client.id)  # another clerk corrects the birth year meanwhile
    records.save_record("clients", {**theirs, "birth_year": 1970}, client.id, loaded=theirs)
    form.widgets["birth_year"].setText("1999")
    monkeypatch.setattr(RecordForm.offer_reload, "answer", True, raising=False)
    assert form.save() is False  # refused, not saved over the correction
    assert "changed by" in form.general.text()
    assert form.widgets["birth_year"].text() == "1970"  # reloaded: the stored version
    form.widgets["birth_year"].setText("1971")
    assert form.save() is True  # a save of the reloaded form goes through
    assert records.get_record("clients", client.id)["birth_year"] == 1971
