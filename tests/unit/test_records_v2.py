"""Records version 2 (RETURN-v2 §1): the new kinds' rules, the RECORDS-1 v2 sheets both ways, the consent
warnings, and who sees GBV cases."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ward_desk.errors import ValidationFailed, WardDeskError
from ward_desk.models import AuditEntry, Client, Commitment, Consent, GbvCase, HotlineCall
from ward_desk.services import accounts, consents, queries, records, rules
from ward_desk.services.records_io import export_records, import_records
from tests.conftest import TEST_PASSWORD, TEST_USER
from tests.unit.records_workbooks import write_workbook

D = dt.date
CLERK, SUPERVISOR = ("lan", "lan's password"), ("minh", "minh's password")


def problems(kind, **values) -> list[tuple[str, str]]:
    return [(p.field, p.code) for p in rules.check_record(kind, values)]


def test_an_inspection_s_sanction_and_fine_follow_its_result():
    ok = {"id": "I1", "establishment_id": "E1", "date": D(2026, 3, 1), "team": "W178"}
    assert problems("inspections", **ok, result="COMPLIANT") == []
    assert problems("inspections", **ok, result="VIOLATION", sanction="WARNING") == []
    assert problems("inspections", **ok, result="VIOLATION", sanction="FINE", fine_amount=7_500_000) == []
    assert problems("inspections", **ok, result="VIOLATION") == [("sanction", "records.sanction_missing")]
    assert problems("inspections", **ok, result="COMPLIANT", sanction="NONE") == [
        ("sanction", "records.sanction_not_violation")]
    assert problems("inspections", **ok, result="VIOLATION", sanction="FINE") == [
        ("fine_amount", "records.fine_missing")]
    assert problems("inspections", **ok, result="VIOLATION", sanction="FINE", fine_amount=0) == [
        ("fine_amount", "records.fine_missing")]
    assert problems("inspections", **ok, result="VIOLATION", sanction="WARNING", fine_amount=100) == [
        ("fine_amount", "records.fine_not_fine")]
    assert problems("inspections", **{**ok, "date": dt.date.today() + dt.timedelta(days=1)}, result="COMPLIANT") \
        == [("date", "records.future_date")]


def test_end_dates_are_not_before_the_start_and_validity_may_run_into_the_future():
    future = dt.date.today() + dt.timedelta(days=365)
    base = {"id": "C1", "establishment_id": "E1", "signed_on": D(2026, 3, 1), "signatory": "OWNER"}
    assert problems("commitments", **base, valid_until=future) == []
    assert problems("commitments", **base, valid_until=D(2026, 2, 28)) == [("valid_until", "records.before_start")]
    assert problems("commitments", **base, withdrawn_on=D(2026, 2, 1)) == [("withdrawn_on", "records.before_start")]
    assert problems("commitments", **base, withdrawn_on=future) == [("withdrawn_on", "records.future_date")]
    consent = {"id": "S1", "client_code": "C", "purpose": "STORE", "given_on": D(2026, 3, 1)}
    assert problems("consents", **consent, withdrawn_on=D(2026, 3, 1)) == []
    assert problems("consents", **consent, withdrawn_on=D(2026, 2, 1)) == [("withdrawn_on", "records.before_start")]


def test_gbv_types_and_codes_are_the_standard_s():
    assert rules.CODES["gbv_type"] == ("RAPE", "SEXUAL_ASSAULT", "PHYSICAL_ASSAULT", "FORCED_MARRIAGE",
                                       "DENIAL_OF_RESOURCES", "PSYCHOLOGICAL")
    assert rules.parse_record("gbv_cases", {"id": "v1", "client_code": "c", "reported_on": "2026-01-02",
                                            "type": "denial_of_resources", "perpetrator": "client"})[0]["type"] \
        == "DENIAL_OF_RESOURCES"


V2_SHEETS = {
    "clients": [["client_code", "sex", "group"], ["C1", "F", "SW"], ["C2", "M", "RISK"]],
    "establishments": [["id", "name", "type", "listed_on"], ["E1", "Karaoke Sao", "KARAOKE", "2025-01-01"]],
    "referrals": [["id", "client_code", "service", "referred_on", "status"],
                  ["R1", "C1", "HIV_TEST", "2026-03-01", "REFERRED"], ["R2", "C2", "LEGAL", "2026-03-01", "REFERRED"]],
    "inspections": [["id", "establishment_id", "date", "team", "result", "sanction", "fine_amount"],
                    ["I1", "E1", "2026-03-05", "w178", "violation", "fine", 7500000],
                    ["I2", "E1", "2026-04-05", "P178", "COMPLIANT", None, None]],
    "commitments": [["id", "establishment_id", "signed_on", "signatory", "valid_until", "withdrawn_on"],
                    ["E1-C1", "E1", "2025-02-01", "OWNER", "2026-01-31", None],
                    ["E1-C2", "E1", "2026-02-01", "MANAGER", None, None]],
    "hotline_calls": [["id", "date", "caller", "sex", "topic", "referred", "client_code", "staff"],
                      ["H1", "2026-03-02", "SW", "F", "HIV", "Y", "C1", "Hoa"],
                      ["H2", "2026-03-02", "UNKNOWN", "U", "LEGAL", None, None, None]],
    "gbv_cases": [["id", "client_code", "reported_on", "type", "perpetrator", "consent_to_refer"],
                  ["V1", "C1", "2026-03-03", "PHYSICAL_ASSAULT", "INTIMATE_PARTNER", "Y"]],
    "consents": [["id", "client_code", "purpose", "given_on", "withdrawn_on", "form"],
                 ["C1-S1", "C1", "STORE", "2026-01-01", None, "PAPER"],
                 ["C1-R1", "C1", "REFER", "2026-01-01", None, "PAPER"],
                 ["C2-S1", "C2", "STORE", "2026-01-01", "2026-03-10", "VERBAL_WITNESSED"]],
    "trainings": [["id", "date", "audience", "participants_f", "participants_m", "topic"],
                  ["T1", "2026-03-20", "STAFF", 12, 9, "Quy trình kiểm tra cơ sở"]],
}


def test_a_version_2_workbook_imports_lists_its_consent_warnings_and_its_export_re_imports_unchanged(
        ward_db, tmp_path):
    result = import_records(write_workbook(tmp_path / "v2.xlsx", V2_SHEETS))
    assert result.added["inspections"] == 2 and result.added["hotline_calls"] == 2
    assert HotlineCall.get(HotlineCall.ref == "H2").client is None  # a call names no client unless one agrees
    # R2: C2 gave no REFER consent; C2 withdrew their STORE consent. Accepted, listed.
    assert [w.located() for w in result.warnings] == [
        "referrals!B3: khách hàng C2 chưa có sự đồng ý chia sẻ để chuyển gửi (REFER) còn hiệu lực vào ngày "
        "2026-03-01",
        "consents!E4: khách hàng C2 đã rút lại sự đồng ý lưu giữ hồ sơ (STORE) ngày 2026-03-10; giám sát viên "
        "cần xem lại"]
    out = tmp_path / "out.xlsx"
    export_records(out)
    from openpyxl import load_workbook

    book = load_workbook(out, read_only=True)
    assert "commitment_on" not in next(book["establishments"].iter_rows(max_row=1, values_only=True))
    assert "consent_on" not in next(book["clients"].iter_rows(max_row=1, values_only=True))
    again = import_records(out)
    assert sum(again.added.values()) == 0 and sum(again.updated.values()) == 0
    assert sum(again.unchanged.values()) == sum(len(rows) - 1 for rows in V2_SHEETS.values())


def test_a_version_1_workbook_s_commitment_on_is_a_commitment_signed_by_the_owner(ward_db, tmp_path):
    sheets = {"establishments": [["id", "name", "type", "listed_on", "commitment_on"],
                                 ["e1", "Spa Hoa", "MASSAGE", "2025-01-01", "2025-06-01"],
                                 ["E2", "Bar", "BAR", "2025-01-01", None]],
              "clients": [["client_code", "sex", "group", "consent_on"], ["C9", "F", "SW", "2025-02-03"]]}
    result = import_records(write_workbook(tmp_path / "v1.xlsx", sheets))
    assert (result.added["commitments"], result.added["consents"]) == (1, 1)
    c = Commitment.get()
    assert (c.ref, c.establishment.ref, c.signed_on, c.signatory, c.valid_until, c.withdrawn_on) == (
        "E1-C1", "E1", D(2025, 6, 1), "OWNER", None, None)
    s = Consent.get()
    assert (s.ref, s.client.client_code, s.purpose, s.given_on) == ("C9-S1", "C9", "STORE", D(2025, 2, 3))
    # an establishment whose id the import gives keeps its version 1 commitment under that id
    no_id = {"establishments": [["id", "name", "type", "listed_on", "commitment_on"],
                                [None, "Quán mới", "CAFE", "2025-01-01", "2025-07-01"]]}
    result = import_records(write_workbook(tmp_path / "no-id.xlsx", no_id))
    new_id = result.assigned["establishments"][0]
    assert Commitment.get(Commitment.ref == f"{new_id}-C1").establishment.ref == new_id
    # a bad version 1 date is located at its own cell, and nothing is imported
    bad = {"establishments": [["id", "name", "type", "listed_on", "commitment_on"],
                              ["E3", "Quán", "CAFE", "2025-01-01", "2099-01-01"]]}
    with pytest.raises(ValidationFailed) as failed:
        import_records(write_workbook(tmp_path / "bad.xlsx", bad))
    assert [p.located() for p in failed.value.problems] == ["establishments!E2: ngày 01/01/2099 ở tương lai"]
    assert Commitment.select().count() == 2


def test_consent_warnings_before_saving(ward_db):
    records.save_record("clients", {"client_code": "C1", "sex": "F", "group": "SW"})
    referral = {"id": "R1", "client_code": "C1", "service": "HIV_TEST", "referred_on": D(2026, 3, 1),
                "status": "REFERRED"}
    assert [p.code for p in consents.warnings_for("referrals", referral)] == ["consent.no_refer"]
    records.save_record("consents", {"id": "C1-R1", "client_code": "C1", "purpose": "REFER",
                                     "given_on": D(2026, 3, 2)})
    assert [p.code for p in consents.warnings_for("referrals", referral)] == ["consent.no_refer"]  # given later
    assert consents.warnings_for("referrals", {**referral, "referred_on": D(2026, 3, 2)}) == []
    member = {"group_id": "G1", "client_code": "C1", "joined_on": D(2026, 3, 1)}
    assert [p.code for p in consents.warnings_for("peer_members", member)] == ["consent.no_group"]
    store = {"id": "C1-S1", "client_code": "C1", "purpose": "STORE", "given_on": D(2026, 1, 1),
             "withdrawn_on": D(2026, 4, 1)}
    assert [p.code for p in consents.warnings_for("consents", store)] == ["consent.store_withdrawn"]
    records.save_record("consents", store)
    assert [(w.client_code, w.withdrawn_on) for w in consents.withdrawn_store_clients()] == [("C1", D(2026, 4, 1))]
    records.save_record("consents", {"id": "C1-S2", "client_code": "C1", "purpose": "STORE",
                                     "given_on": D(2026, 5, 1)})  # given again: nothing to review
    assert consents.withdrawn_store_clients() == []


def test_an_import_reads_the_stored_consents_once_and_sees_what_the_consent_list_sees(ward_db):
    """The consent warnings of an import use the consents it read for matching (``records_io._given``): the live
    consents of live clients, as ``consents.stored_consents`` reads them."""
    from ward_desk.services import records_io
    from ward_desk.services.records import KINDS

    for code in ("C1", "C2", "C3"):
        records.save_record("clients", {"client_code": code, "sex": "F", "group": "SW"})
    for ref, code, purpose, given, withdrawn in (("C1-S1", "C1", "STORE", D(2026, 1, 1), D(2026, 2, 1)),
                                                  ("C1-R1", "C1", "REFER", D(2026, 1, 5), None),
                                                  ("C2-S1", "C2", "STORE", D(2026, 1, 2), None),
                                                  ("C2-S2", "C2", "STORE", D(2026, 3, 2), None),
                                                  ("C3-S1", "C3", "STORE", D(2026, 1, 3), None)):
        records.save_record("consents", {"id": ref, "client_code": code, "purpose": purpose, "given_on": given,
                                         "withdrawn_on": withdrawn})
    records.delete_record("consents", Consent.get(Consent.ref == "C2-S2").id)  # in the recycle bin
    # a live consent of a client in the recycle bin (not a state the forms leave; a hand-made one)
    Client.update(deleted_at=dt.datetime(2026, 5, 1)).where(Client.client_code == "C3").execute()
    given = records_io._given(records_io._stored(KINDS["consents"]), records_io._ref_map(KINDS["clients"]))

    def listed(found):
        return {code: sorted(found[code], key=lambda g: g.ref) for code in found}

    assert listed(given) == listed(consents.stored_consents())
    assert sorted(given) == ["C1", "C2"] and [g.ref for g in given["C2"]] == ["C2-S1"]


@pytest.fixture
def gbv_ward(ward_db):
    accounts.create_user(CLERK[0], CLERK[1], "clerk")
    accounts.create_user(SUPERVISOR[0], SUPERVISOR[1], "supervisor")
    records.save_record("clients", {"client_code": "C1", "sex": "F", "group": "SW"})
    return ward_db


def _as(user) -> None:
    accounts.sign_in(*user)


CASE = {"id": "V1", "client_code": "C1", "reported_on": D(2026, 3, 3), "type": "RAPE", "perpetrator": "CLIENT"}


def test_a_clerk_records_a_gbv_case_but_cannot_list_open_change_or_export_one(gbv_ward, tmp_path):
    _as(CLERK)
    case = records.save_record("gbv_cases", CASE)
    assert GbvCase.select().count() == 1
    for call in (lambda: queries.count("gbv_cases"), lambda: queries.page("gbv_cases", 0, 10),
                 lambda: records.get_record("gbv_cases", case.id),
                 lambda: records.save_record("gbv_cases", {**CASE, "type": "PSYCHOLOGICAL"}, case.id),
                 lambda: records.delete_record("gbv_cases", case.id)):
        with pytest.raises(WardDeskError) as refused:
            call()
        assert refused.value.code == "auth.forbidden"
    # the client's page lists nothing of it, and no search of a list a clerk can open finds it
    assert all("gbv" not in kind for kind in queries.KINDS if _clerk_can_list(kind))
    assert queries.count("clients", queries.Filters(search="RAPE")) == 0
    # a clerk deleting the client is told records remain, not that they are GBV cases
    with pytest.raises(WardDeskError) as kept:
        records.delete_record("clients", Client.get().id)
    assert "gbv" not in str(kept.value) and "hạn chế" in str(kept.value)
    assert GbvCase.get().type == "RAPE"


def _clerk_can_list(kind: str) -> bool:
    try:
        queries.count(kind)
    except WardDeskError:
        return False
    return True


def test_a_supervisor_lists_opens_and_changes_cases_and_every_view_is_audited(gbv_ward, tmp_path):
    _as(CLERK)
    case = records.save_record("gbv_cases", CASE)
    _as(SUPERVISOR)
    assert queries.count("gbv_cases") == 1
    assert [row[1] for row in queries.page("gbv_cases", 0, 10)] == ["V1"]
    assert records.get_record("gbv_cases", case.id)["type"] == "RAPE"
    records.save_record("gbv_cases", {**CASE, "type": "SEXUAL_ASSAULT"}, case.id)
    views = [(e.user_name, e.table_name, e.record_ref) for e in
             AuditEntry.select().where(AuditEntry.action == "view").order_by(AuditEntry.id)]
    assert views == [("minh", "gbv_cases", "V1..V1"), ("minh", "gbv_cases", "V1")]
    # the supervisor's line list holds the cases; a clerk has no line list at all
    export_records(tmp_path / "s.xlsx")
    from openpyxl import load_workbook

    assert len(list(load_workbook(tmp_path / "s.xlsx", read_only=True)["gbv_cases"].iter_rows())) == 3
    _as(CLERK)
    with pytest.raises(WardDeskError):
        export_records(tmp_path / "c.xlsx")


def test_the_cli_keeps_the_same_rules(gbv_ward, tmp_path, capsys, monkeypatch):
    from ward_desk.cli import main
    from ward_desk.db import close_database

    folder = str(tmp_path / "ward")  # the ward_db fixture's folder
    close_database()
    monkeypatch.setenv("WARD_DESK_USER", CLERK[0])
    monkeypatch.setenv("WARD_DESK_PASSWORD", CLERK[1])
    assert main(["--data-dir", folder, "records", "add", "gbv_case", "id=V7", "client_code=C1",
                 "reported_on=2026-03-03", "type=rape", "perpetrator=UNKNOWN"]) == 0
    assert main(["--data-dir", folder, "records", "add", "hotline_call", "id=H1", "date=2026-03-03", "caller=SW",
                 "sex=F", "topic=GBV"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", folder, "records", "list", "gbv_case"]) == 1
    assert main(["--data-dir", folder, "records", "show", "gbv_case", "V7"]) == 1
    assert "bạo lực giới" in capsys.readouterr().err  # refused for the clerk, the permission said in words
    monkeypatch.setenv("WARD_DESK_USER", SUPERVISOR[0])
    monkeypatch.setenv("WARD_DESK_PASSWORD", SUPERVISOR[1])
    assert main(["--data-dir", folder, "records", "show", "gbv_case", "V7"]) == 0
    assert "type\tRAPE" in capsys.readouterr().out
    monkeypatch.setenv("WARD_DESK_USER", TEST_USER)
    monkeypatch.setenv("WARD_DESK_PASSWORD", TEST_PASSWORD)
    assert main(["--data-dir", folder, "audit", "verify"]) == 0
