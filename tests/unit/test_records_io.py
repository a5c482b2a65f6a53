"""RECORDS-1 import: every bad input refused with a specific `sheet!cell: message`, the database unchanged."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from ward_desk.errors import ImportCancelled, ValidationFailed, WardDeskError
from ward_desk.models.records import Client, Contact
from ward_desk.models.security import AuditEntry
from ward_desk.services import audit, records
from ward_desk.services.records_io import import_records

from tests.conftest import CONFORMANCE
from tests.unit.records_workbooks import CLIENTS, CONTACTS, TODAY, dump, write_workbook

AUDIT = AuditEntry._meta.table_name
LOANS = [["id", "client_code", "programme", "referred_on", "amount_requested", "approved_on", "disbursed_on",
          "amount_disbursed", "rejected_on", "closed_on"]]


@pytest.fixture
def base(ward_db, tmp_path):
    """A ward that already holds the two clients and contacts, so 'unchanged' is the before state."""
    import_records(write_workbook(tmp_path / "base.xlsx", {"clients": CLIENTS, "contacts": CONTACTS}))
    return tmp_path


def refused(path, *located):
    """Import must fail listing exactly these `sheet!cell: message` lines (in order) and change nothing."""
    before = dump()
    with pytest.raises(ValidationFailed) as failed:
        import_records(path)
    assert [p.located() for p in failed.value.problems] == list(located)
    assert dump() == before
    return failed.value


def test_clean_file_adds_then_reimport_leaves_alone(ward_db, tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", {"clients": CLIENTS, "contacts": CONTACTS})
    first = import_records(path)
    # a version 1 workbook: C001's consent_on is a STORE consent C001-S1 (RETURN-v2 §1)
    assert first.added == {"clients": 2, "contacts": 2, "consents": 1}
    assert Client.get(Client.client_code == "C002").sex == "T"  # codes case-insensitive
    assert Contact.get(Contact.ref == "K2").date == dt.date(2025, 3, 2)  # ISO text date
    before = dump()
    again = import_records(path)
    assert again.added == {"clients": 0, "contacts": 0, "consents": 0}
    assert again.unchanged == {"clients": 2, "contacts": 2, "consents": 1}
    assert {k: v for k, v in dump().items() if k != AUDIT} == {
        k: v for k, v in before.items() if k != AUDIT}
    imports = AuditEntry.select().where(AuditEntry.action == "import").count()
    assert imports == 2 and audit.verify() == []  # one audit entry per import, not per row


def test_each_imported_record_is_in_the_audit_trail_with_its_values(ward_db, tmp_path):
    import json

    import_records(write_workbook(tmp_path / "r.xlsx", {"clients": CLIENTS, "contacts": CONTACTS}))
    created = {(e.table_name, e.record_ref): json.loads(e.new_values)
               for e in AuditEntry.select().where(AuditEntry.action == "create")}
    assert set(created) == {("clients", "C001"), ("clients", "C002"), ("contacts", "K1"), ("contacts", "K2"),
                            ("consents", "C001-S1")}
    assert created[("clients", "C001")]["birth_year"] == 1990 and created[("contacts", "K2")]["date"] == "2025-03-02"
    assert audit.verify() == []


def test_label_row_and_empty_rows_are_skipped(ward_db, tmp_path):
    rows = [CLIENTS[0], ["# Mã khách hàng", "Giới tính"], CLIENTS[1], [None] * 7, CLIENTS[2]]
    assert import_records(write_workbook(tmp_path / "r.xlsx", {"clients": rows})).added == {"clients": 2,
                                                                                           "consents": 1}


def test_wrong_sheet_name(base):
    path = write_workbook(base / "x.xlsx", {"client": CLIENTS})
    refused(path, "client: trang tính 'client' không thuộc RECORDS-1 (có phải clients?)")


def test_missing_required_column(base):
    rows = [[c for c in row[:1] + row[2:]] for row in CLIENTS]  # no sex
    refused(write_workbook(base / "x.xlsx", {"clients": rows}), "clients!G1: thiếu cột bắt buộc sex")


def test_unknown_code_impossible_and_future_dates_all_listed(base):
    rows = [CLIENTS[0], ["C010", "X", 1990, "SW", None, "2026-02-30", TODAY + dt.timedelta(days=3)]]
    future = (TODAY + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    refused(write_workbook(base / "x.xlsx", {"clients": rows}),
            "clients!B2: mã không hợp lệ 'X'; dùng một trong: F, M, T, U",
            "clients!F2: không phải ngày hợp lệ '2026-02-30' (dùng ngày Excel hoặc YYYY-MM-DD)",
            f"clients!G2: ngày {future} ở tương lai")


def test_loan_disbursed_before_approved(base):
    rows = LOANS + [["L1", "C001", "JOB", "2025-01-01", 100, "2025-02-01", "2025-01-15", 100, None, None]]
    refused(write_workbook(base / "x.xlsx", {"loans": rows}),
            "loans!G2: 'Ngày giải ngân' (15/01/2025) trước 'Ngày duyệt' (01/02/2025); thứ tự phải là "
            "'Ngày giới thiệu vay' ≤ 'Ngày duyệt' ≤ 'Ngày giải ngân' ≤ 'Ngày tất toán'")


def test_duplicate_id_in_file(base):
    rows = CONTACTS + [["K9", "C001", "2025-04-01", "PHONE"], ["K9", "C002", "2025-04-02", "PHONE"]]
    refused(write_workbook(base / "x.xlsx", {"contacts": rows}), "contacts!A5: mã 'K9' trùng với dòng 4")


def test_reference_to_missing_client(base):
    rows = [CONTACTS[0], ["K9", "NOBODY", "2025-04-01", "PHONE"]]
    refused(write_workbook(base / "x.xlsx", {"contacts": rows}), "contacts!B2: không có khách hàng nào mã 'NOBODY'")


def test_a_bad_value_in_a_stored_row_is_one_problem_not_also_a_conflict(base):
    rows = [CONTACTS[0], ["K1"] + CONTACTS[1][1:4] + ["three"] + CONTACTS[1][5:]]
    refused(write_workbook(base / "x.xlsx", {"contacts": rows}),
            "contacts!E2: phải là số nguyên, không phải 'three'")


def test_a_formula_cell_is_refused_not_imported_as_empty(base):
    rows = [CONTACTS[0], ["K9", "C001", "2025-04-01", "PHONE", "=1+1"]]
    refused(write_workbook(base / "x.xlsx", {"contacts": rows}),
            "contacts!E2: ô chứa công thức; hãy nhập giá trị (Ward Desk không tính công thức)")


def test_a_reference_in_other_case_is_the_same_client(base):
    rows = [CONTACTS[0], ["k9", "c001", "2025-04-01", "PHONE"]]
    result = import_records(write_workbook(base / "x.xlsx", {"contacts": rows}))
    assert result.added == {"contacts": 1}
    assert records.get_record("contacts", Contact.get(Contact.ref == "K9").id)["client_code"] == "C001"


def test_reference_to_a_client_in_the_same_file_is_fine(ward_db, tmp_path):
    result = import_records(write_workbook(tmp_path / "x.xlsx", {"contacts": CONTACTS, "clients": CLIENTS}))
    assert result.added == {"clients": 2, "contacts": 2, "consents": 1}


def test_text_in_number_column(base):
    rows = [CONTACTS[0], ["K9", "C001", "2025-04-01", "PHONE", "nhiều"]]
    refused(write_workbook(base / "x.xlsx", {"contacts": rows}), "contacts!E2: phải là số nguyên, không phải 'nhiều'")


def test_not_an_xlsx_and_empty_file(base):
    before = dump()
    (base / "a.xlsx").write_text("id,client_code\n")
    (base / "b.xlsx").write_bytes(b"")
    with pytest.raises(WardDeskError, match="không phải là bảng tính Excel"):
        import_records(base / "a.xlsx")
    with pytest.raises(WardDeskError, match="rỗng"):
        import_records(base / "b.xlsx")
    assert dump() == before


def test_workbook_without_any_records_sheet(base):
    refused(write_workbook(base / "x.xlsx", {"Sheet1": [[]]}), "x.xlsx: " + (
        "tệp không có trang tính RECORDS-1 nào (clients, contacts, sessions, referrals, loans, establishments, "
        "establishment_activities, peer_groups, peer_members, peer_meetings, inspections, commitments, "
        "hotline_calls, gbv_cases, consents, trainings)"))


def test_unknown_column(base):
    rows = [CLIENTS[0] + ["nickname"], CLIENTS[1] + ["x"]]
    refused(write_workbook(base / "x.xlsx", {"clients": rows}), "clients!H1: cột 'nickname' không thuộc trang clients")


def test_conflict_fails_and_update_updates(base):
    rows = [CLIENTS[0], ["C001", "F", 1991, "SW", "Y", dt.date(2025, 1, 5), dt.date(2025, 1, 5)], CLIENTS[2]]
    path = write_workbook(base / "x.xlsx", {"clients": rows})
    refused(path, "clients!A2: clients C001 khác với hồ sơ đã lưu: birth_year: 1990 -> 1991 "
                  "(dùng --update để cập nhật)")
    result = import_records(path, update=True)
    assert (result.added, result.unchanged, result.updated) == ({"clients": 0, "consents": 0},
                                                                {"clients": 1, "consents": 1},
                                                                {"clients": 1, "consents": 0})
    assert Client.get(Client.client_code == "C001").birth_year == 1991
    assert len(result.conflicts) == 1


def test_dry_run_reports_without_writing(base):
    rows = CONTACTS + [["K3", "C001", "2025-04-01", "PHONE"]]
    before = dump()
    result = import_records(write_workbook(base / "x.xlsx", {"contacts": rows}), dry_run=True)
    assert (result.added, result.unchanged) == ({"contacts": 1}, {"contacts": 2})
    assert dump() == before


def test_cancel_writes_nothing_and_progress_is_reported(base):
    rows = CONTACTS + [[f"N{i}", "C001", "2025-04-01", "PHONE"] for i in range(20)]
    path = write_workbook(base / "x.xlsx", {"contacts": rows})
    before = dump()
    stop = threading.Event()
    stop.set()
    with pytest.raises(ImportCancelled):
        import_records(path, cancel=stop)
    assert dump() == before
    seen = []
    import_records(path, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] and seen[-1][1] >= 20


def test_problems_are_capped_but_counted(base):
    rows = [CONTACTS[0]] + [[f"N{i}", "C001", "2025-04-01", "BAD"] for i in range(250)]
    with pytest.raises(ValidationFailed) as info:
        import_records(write_workbook(base / "x.xlsx", {"contacts": rows}))
    assert len(info.value.problems) == 201
    assert info.value.problems[-1].located() == "... và 50 lỗi khác"
    assert "250 lỗi" in info.value.message()


def test_english_messages(base, english):
    rows = [CONTACTS[0], ["K9", "NOBODY", "2025-04-01", "PHONE"]]
    refused(write_workbook(base / "x.xlsx", {"contacts": rows}), "contacts!B2: no client with id 'NOBODY'")


def test_id_in_recycle_bin_is_reported(base):
    from ward_desk.services import records

    records.delete_record("contacts", Contact.get(Contact.ref == "K1").id)
    refused(write_workbook(base / "x.xlsx", {"contacts": CONTACTS[:2]}),
            "contacts!A2: mã 'K1' đã có trong contacts (trong thùng rác: khôi phục hoặc xóa hẳn trước)")


def test_conformance_sample_imports_cleanly(ward_db):
    result = import_records(CONFORMANCE / "records-sample.xlsx")
    assert result.added["clients"] == 160 and result.added["contacts"] == 388
    # a version 1 workbook: 140 consent_on -> STORE consents, 3 commitment_on -> commitments (RETURN-v2 §1)
    assert result.added["consents"] == 140 and result.added["commitments"] == 3
    assert sum(result.added.values()) == 773 + 140 + 3


def test_the_bigger_page_cache_of_an_import_is_given_back_after_it_whatever_its_outcome(ward_db, tmp_path,
                                                                                        monkeypatch):
    """An import runs with a bigger SQLite page cache (``IMPORT_CACHE_KIB``) up to its commit; afterwards the
    ward's own size is back, after a clean file and after a refused one."""
    from ward_desk.services import records_io

    if ward_db.param != "?":
        pytest.skip("SQLite file only: the page cache an import raises is SQLite's")
    usual = ward_db.execute_sql("PRAGMA cache_size").fetchone()[0]
    seen = []
    real = records_io._write

    def write(*args, **kwargs):
        seen.append(ward_db.execute_sql("PRAGMA cache_size").fetchone()[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(records_io, "_write", write)
    import_records(write_workbook(tmp_path / "r.xlsx", {"clients": CLIENTS, "contacts": CONTACTS}))
    assert seen == [-records_io.IMPORT_CACHE_KIB] and usual != seen[0]
    assert ward_db.execute_sql("PRAGMA cache_size").fetchone()[0] == usual
    with pytest.raises(ValidationFailed):
        import_records(write_workbook(tmp_path / "bad.xlsx", {"contacts": [CONTACTS[0], ["K9", "NOPE"]]}))
    assert ward_db.execute_sql("PRAGMA cache_size").fetchone()[0] == usual
