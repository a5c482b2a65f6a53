"""Screens of version 2 records (RETURN-v2 §1): the quick hotline call form driven from the keyboard alone, the
establishment's page with its inspections and commitments, the consent warning under a referral form (and the
consent recorded from it), a clerk's client page and navigation without GBV cases, the supervisor's list of
withdrawn storing consents."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from ward_desk.models import Consent, HotlineCall
from ward_desk.services import accounts, records

D = dt.date


@pytest.fixture
def context(ward_db, data_dir):
    from ward_desk.ui.context import AppContext

    records.save_record("clients", {"client_code": "MNHF1995", "sex": "F", "group": "SW"})
    records.save_record("establishments", {"id": "E1", "name": "Karaoke Hoa Hồng", "type": "KARAOKE",
                                           "listed_on": D(2025, 1, 10)})
    return AppContext(data_dir)


def test_a_hotline_call_is_keyed_with_digits_and_enter_and_the_form_waits_for_the_next(qtbot, context):
    from ward_desk.ui.hotline_form import HotlineCallForm

    form = HotlineCallForm(context)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    assert form.focusWidget() is form.combos["caller"]
    for digit in "1", "1", "2":  # caller 1 = SW, sex 1 = F, topic 2 = HIV: each digit moves to the next question
        qtbot.keyClicks(form.focusWidget(), digit)
    assert form.focusWidget() is form.combos["referred"]
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Return)
    call = HotlineCall.get()
    assert (call.ref, call.date, call.caller, call.sex, call.topic, call.client) == (
        "DH00001", dt.date.today(), "SW", "F", "HIV", None)
    assert "DH00001" in form.saved_label.text() and form.focusWidget() is form.combos["caller"]
    assert all(combo.currentData() is None for combo in form.combos.values())  # ready for the next call
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Return)  # nothing answered: refused, said, nothing saved
    assert HotlineCall.select().count() == 1 and form.message.text()
    for digit in "6", "4", "7":
        qtbot.keyClicks(form.focusWidget(), digit)
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Return)
    assert [c.ref for c in HotlineCall.select().order_by(HotlineCall.id)] == ["DH00001", "DH00002"]


def test_the_establishment_s_page_lists_its_inspections_and_commitments(qtbot, context):
    from ward_desk.ui.establishment_page import TABS, EstablishmentPage

    est = records.save_record("establishments", {"id": "E2", "name": "Spa", "type": "MASSAGE",
                                                 "listed_on": D(2025, 1, 1)})
    records.save_record("inspections", {"id": "I1", "establishment_id": "E1", "date": D(2025, 3, 1),
                                        "team": "W178", "result": "COMPLIANT"})
    records.save_record("inspections", {"id": "I2", "establishment_id": "E2", "date": D(2025, 3, 1),
                                        "team": "P178", "result": "VIOLATION", "sanction": "WARNING"})
    records.save_record("commitments", {"id": "E2-C1", "establishment_id": "E2", "signed_on": D(2025, 2, 1),
                                        "signatory": "OWNER"})
    page = EstablishmentPage(context, est.id)
    qtbot.addWidget(page)
    assert TABS == ("establishment_activities", "inspections", "commitments")
    assert page.lists["inspections"].model.total() == 1 and page.lists["commitments"].model.total() == 1
    assert page.tabs.tabText(1) == "Kiểm tra cơ sở (1)" and "Spa (E2)" == page.title.text()
    form = page.lists["inspections"].form()  # the quick add knows the establishment
    qtbot.addWidget(form)
    assert form.raw_values()["establishment_id"] == "E2"


def test_a_referral_form_warns_of_a_missing_consent_and_records_it(qtbot, context, monkeypatch):
    from ward_desk.ui.record_form import RecordForm

    form = RecordForm(context, "referrals", initial={
        "id": "R1", "client_code": "MNHF1995", "service": "HIV_TEST", "referred_on": D(2025, 4, 1),
        "status": "REFERRED"})
    qtbot.addWidget(form)
    assert not form.consent_warning.isHidden() and "REFER" in form.consent_warning.text()
    assert not form.consent_button.isHidden()

    def accept_the_filled_in_consent(self):
        self.save()
        return 1

    monkeypatch.setattr(RecordForm, "exec", accept_the_filled_in_consent)
    form.consent_button.click()
    consent = Consent.get()
    assert (consent.ref, consent.purpose, consent.given_on) == ("MNHF1995-R1", "REFER", D(2025, 4, 1))
    assert form.consent_warning.isHidden() and form.consent_button.isHidden()


def test_a_clerk_sees_no_gbv_case_anywhere_but_can_record_one(qtbot, context, monkeypatch):
    from ward_desk.ui.client_page import ClientPage
    from ward_desk.ui.main_window import screen_order

    accounts.create_user("lan", "lan's password", "clerk")
    client = records.save_record("clients", {"client_code": "TTLM1980", "sex": "M", "group": "RISK"})
    records.save_record("gbv_cases", {"id": "V1", "client_code": "TTLM1980", "reported_on": D(2025, 1, 3),
                                      "type": "RAPE", "perpetrator": "CLIENT"})
    assert "gbv_cases" in screen_order(False) and "consent_review" in screen_order(False)
    admin_page = ClientPage(context, client.id)
    qtbot.addWidget(admin_page)
    assert "gbv_cases" in admin_page.lists
    accounts.sign_in("lan", "lan's password")
    assert "gbv_cases" not in screen_order(False) and "consent_review" not in screen_order(False)
    page = ClientPage(context, client.id)
    qtbot.addWidget(page)
    assert "gbv_cases" not in page.lists and "hotline_calls" in page.lists
    assert all("bạo lực" not in page.tabs.tabText(i) for i in range(page.tabs.count()))
    assert "gbv_cases" in page.quick_buttons  # a clerk records a case from here
    from ward_desk.ui import record_form

    opened = []
    monkeypatch.setattr(record_form.RecordForm, "exec", lambda form: opened.append(form.kind) or 0)
    page.quick_buttons["gbv_cases"].click()  # the case's form opens (it named a class it never imported)
    assert opened == ["gbv_cases"]


def test_the_supervisor_s_list_of_withdrawn_storing_consents(qtbot, context):
    from ward_desk.ui.consent_review import ConsentReviewScreen

    records.save_record("consents", {"id": "MNHF1995-S1", "client_code": "MNHF1995", "purpose": "STORE",
                                     "given_on": D(2025, 1, 1), "withdrawn_on": D(2025, 6, 1)})
    screen = ConsentReviewScreen(context)
    qtbot.addWidget(screen)
    assert screen.table.rowCount() == 1 and screen.table.item(0, 0).text() == "MNHF1995"
    screen.table.selectRow(0)
    with qtbot.waitSignal(context.navigate_requested, timeout=1000) as navigated:
        screen.open_current()
    assert navigated.args[0] == "client"
