"""Keying slips: automatic ids, a saved record's id and client fixed (moving is explicit and audited), soft
checks that warn without refusing: through the service, `records import` and `records move`."""

from __future__ import annotations

import datetime as dt

import pytest

from ward_desk.cli import main
from ward_desk.db import opened
from ward_desk.errors import ValidationFailed, WardDeskError
from ward_desk.models.records import Contact
from ward_desk.models.security import AuditEntry
from ward_desk.services import audit, ids, records, soft_checks
from ward_desk.services.records_io import import_records

from tests.conftest import sign_in_test_admin
from tests.unit.records_workbooks import CLIENTS, write_workbook

DAY = dt.date(2026, 3, 2)


def _clients():
    records.save_record("clients", {"client_code": "C001", "sex": "F", "group": "SW", "registered_on": "2026-01-05"})
    records.save_record("clients", {"client_code": "C002", "sex": "M", "group": "RISK"})


def _contact(**over):
    return records.save_record("contacts", {"client_code": "C001", "date": DAY, "channel": "DIRECT", **over})


def test_new_records_are_numbered_per_kind_after_the_highest_used(ward_db):
    _clients()
    assert _contact().ref == "DK0000001"
    assert _contact(date=dt.date(2026, 3, 3)).ref == "DK0000002"
    # an id typed by hand (or imported) ahead of the counter is skipped, not reused
    _contact(id="DK0000003", date=dt.date(2026, 3, 4))
    assert _contact(date=dt.date(2026, 3, 5)).ref == "DK0000004"
    referral = records.save_record("referrals", {"client_code": "C001", "service": "ARV", "referred_on": DAY,
                                                 "status": "REFERRED"})
    assert referral.ref == "DR000001"
    # a record in the recycle bin keeps its number: the next one is new
    records.delete_record("referrals", referral.id)
    again = records.save_record("referrals", {"client_code": "C002", "service": "ARV", "referred_on": DAY,
                                              "status": "REFERRED"})
    assert again.ref == "DR000002"
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (entry.action, entry.record_ref) == ("create", "DR000002")
    assert ids.allocate("contacts", 3, taken={"DK0000006"}) == ["DK0000007", "DK0000008", "DK0000009"]


def test_a_saved_record_keeps_its_id_and_client(ward_db):
    _clients()
    contact = _contact()
    values = records.get_record("contacts", contact.id)
    with pytest.raises(ValidationFailed) as caught:
        records.save_record("contacts", {**values, "id": "DK0000001DK0009020"}, contact.id)
    assert [p.field for p in caught.value.problems] == ["id"]
    with pytest.raises(ValidationFailed) as caught:
        records.save_record("contacts", {**values, "client_code": "C002"}, contact.id)
    assert [(p.field, p.code) for p in caught.value.problems] == [("client_code", "records.client_fixed")]
    assert records.get_record("contacts", contact.id) == values  # nothing changed
    # an empty id on a change keeps the stored one
    records.save_record("contacts", {**values, "id": None, "condoms": 5}, contact.id)
    assert records.get_record("contacts", contact.id)["id"] == "DK0000001"


def test_moving_a_record_to_another_client_is_explicit_and_audited(ward_db):
    _clients()
    contact = _contact()
    records.move_record("contacts", contact.id, "C002")
    assert records.get_record("contacts", contact.id)["client_code"] == "C002"
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (entry.action, entry.table_name, entry.record_ref) == ("move", "contacts", "DK0000001")
    assert "C001" in entry.old_values and "C002" in entry.new_values
    with pytest.raises(ValidationFailed):
        records.move_record("contacts", contact.id, "NOPE")
    with pytest.raises(WardDeskError):
        records.move_record("contacts", contact.id, "C002")
    with pytest.raises(WardDeskError):
        records.move_record("clients", 1, "C002")
    assert audit.verify() == []


def test_soft_checks_warn_and_save_anyway_is_audited(ward_db):
    _clients()
    _contact()
    twin = {"client_code": "C001", "date": DAY, "channel": "DIRECT", "condoms": 900}
    found = soft_checks.check("contacts", twin)
    assert {(w.code, w.field) for w in found} == {("warn.same_contact", "date"), ("warn.large", "condoms")}
    early = soft_checks.check("contacts", {"client_code": "C001", "date": dt.date(2025, 11, 1), "channel": "PHONE"})
    assert [w.code for w in early] == ["warn.before_registration"]
    assert "01/11/2025" in early[0].message("vi")
    with pytest.raises(records.SoftWarnings):
        records.save_record("contacts", twin, check_warnings=True)
    assert Contact.select().count() == 1
    saved = records.save_record("contacts", twin, check_warnings=True, accept_warnings=True)
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert entry.record_ref == saved.ref and "warn.same_contact" in entry.detail
    # without asking for checks (older callers) a save is not held back
    records.save_record("contacts", {**twin, "condoms": 1})


def test_meeting_soft_checks(ward_db):
    _clients()
    records.save_record("peer_groups", {"name": "Nhóm 1", "kind": "PEER", "founded_on": "2025-01-01"})
    records.save_record("peer_members", {"group_id": "DG001", "client_code": "C001", "joined_on": "2025-02-01"})
    records.save_record("peer_meetings", {"group_id": "DG001", "date": DAY, "attendees": 1})
    found = soft_checks.check("peer_meetings", {"group_id": "DG001", "date": DAY, "attendees": 30})
    assert {w.code for w in found} == {"warn.same_meeting", "warn.attendees"}


def test_soft_checks_of_many_rows_read_once_say_what_one_by_one_says(ward_db):
    """``check_rows`` (an import's rows, the database read once) gives each row exactly ``check``'s warnings."""
    _clients()
    _contact()
    records.save_record("clients", {"client_code": "C003", "sex": "F", "group": "SW", "registered_on": "2026-02-20"})
    gone = _contact(date=dt.date(2026, 3, 9), channel="PHONE")
    records.delete_record("contacts", gone.id)  # a contact in the recycle bin is no twin
    contacts = [{"id": "K1", "client_code": "C001", "date": DAY, "channel": "DIRECT", "condoms": 900},  # stored twin
                {"id": "K2", "client_code": "C002", "date": DAY, "channel": "PHONE", "condoms": 1},
                {"id": None, "client_code": "C002", "date": DAY, "channel": "PHONE", "lubricants": 101},
                {"id": "K4", "client_code": "C002", "date": DAY, "channel": "PHONE"},
                {"id": "K5", "client_code": "C001", "date": dt.date(2026, 3, 9), "channel": "PHONE"},
                {"id": "K6", "client_code": "C001", "date": dt.date(2025, 11, 1), "channel": "ONLINE"},
                {"id": "K7", "client_code": "C003", "date": dt.date(2026, 1, 21), "channel": "ONLINE"},
                {"id": "K8", "client_code": "C003", "date": dt.date(2026, 1, 22), "channel": "ONLINE"},
                {"id": "K9", "client_code": "NOPE", "date": dt.date(2020, 1, 1), "channel": "ONLINE"}]
    referrals = [{"id": "R1", "client_code": "C001", "referred_on": dt.date(2025, 12, 1), "service": "ARV"},
                 {"id": "R2", "client_code": "C001", "referred_on": DAY, "service": "ARV"},
                 {"id": "R3", "client_code": "C003", "referred_on": None, "service": "ARV"}]
    for kind, rows in (("contacts", contacts), ("referrals", referrals), ("loans", referrals), ("sessions", [{}])):
        one_by_one = [[(w.code, w.field, w.params) for w in soft_checks.check(kind, values, same_file=rows)]
                      for values in rows]
        together = [[(w.code, w.field, w.params) for w in found] for found in soft_checks.check_rows(kind, rows)]
        assert together == one_by_one
    assert any(found for found in one_by_one) is False  # sessions: nothing to say
    codes = [[w.code for w in found] for found in soft_checks.check_rows("contacts", contacts)]
    assert codes[:3] == [["warn.large", "warn.same_contact"], ["warn.same_contact"],
                         ["warn.large", "warn.same_contact"]]
    assert codes[4:] == [[], ["warn.before_registration"], ["warn.before_registration"], [], []]


def test_import_numbers_empty_id_cells_and_lists_warnings(ward_db, tmp_path):
    _contact_rows = [["id", "client_code", "date", "channel", "condoms"],
                     ["K1", "C001", dt.date(2025, 3, 1), "DIRECT", 10],
                     [None, "C001", dt.date(2025, 3, 1), "DIRECT", 10],
                     ["", "C002", dt.date(2025, 3, 2), "PHONE", 999]]
    path = write_workbook(tmp_path / "r.xlsx", {"clients": CLIENTS, "contacts": _contact_rows})
    result = import_records(path)
    assert result.assigned == {"contacts": ["DK0000001", "DK0000002"]}
    assert sorted(c.ref for c in Contact.select()) == ["DK0000001", "DK0000002", "K1"]
    cells = {(w.code, w.cell) for w in result.warnings}
    assert ("warn.same_contact", "C3") in cells and ("warn.large", "E4") in cells
    # a sheet without an id column is numbered too
    path = write_workbook(tmp_path / "s.xlsx", {"contacts": [["client_code", "date", "channel"],
                                                             ["C002", dt.date(2025, 4, 1), "ONLINE"]]})
    assert import_records(path).assigned == {"contacts": ["DK0000003"]}


def test_cli_import_lists_warnings_and_move(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("WARD_DESK_LANG", "en")
    folder = str(tmp_path / "ward")
    assert main(["--data-dir", folder, "init", "--unit", "00070"]) == 0
    rows = [["id", "client_code", "date", "channel", "condoms"], [None, "C001", dt.date(2025, 3, 1), "DIRECT", 999]]
    path = write_workbook(tmp_path / "r.xlsx", {"clients": CLIENTS, "contacts": rows})
    assert main(["--data-dir", folder, "records", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "numbered DK0000001..DK0000001" in out
    assert "contacts!E2: 999 is unusually large" in out
    assert main(["--data-dir", folder, "records", "move", "contact", "DK0000001", "--to", "C002"]) == 0
    assert "Moved contacts DK0000001 from client C001 to C002." in capsys.readouterr().out
    assert main(["--data-dir", folder, "records", "move", "contact", "DK0000001", "--to", "NOPE"]) == 1
    assert "NOPE" in capsys.readouterr().err
    with opened(folder):
        assert Contact.get().client.client_code == "C002"


def test_follow_up_lists_are_exported_and_logged(tmp_path, capsys, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.setenv("WARD_DESK_LANG", "en")
    folder = str(tmp_path / "ward")
    assert main(["--data-dir", folder, "init", "--unit", "00070"]) == 0
    with opened(folder):
        sign_in_test_admin()
        records.save_record("clients", {"client_code": "C1", "sex": "F", "group": "SW"})
        records.save_record("referrals", {"client_code": "C1", "service": "STI", "status": "REFERRED",
                                          "referred_on": dt.date.today() - dt.timedelta(days=45)})
    out = tmp_path / "f.xlsx"
    assert main(["--data-dir", folder, "records", "followups", str(out)]) == 0
    assert "Exported 1 referral(s) and 0 loan(s)" in capsys.readouterr().out
    sheet = load_workbook(out)["Chuyen gui"]
    assert [c.value for c in sheet[2]][:3] == ["DR000001", "C1", "Bệnh lây truyền qua đường tình dục"]
    with opened(folder):
        assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().action == "export"
