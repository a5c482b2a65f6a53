"""Closed periods: an exported period locks its records on every write path until a supervisor unlocks it."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.unit.records_workbooks import write_workbook
from ward_desk.cli import main
from ward_desk.errors import ValidationFailed, WardDeskError
from ward_desk.models import AuditEntry, Contact, PeriodUnlock
from ward_desk.services import accounts, closing, records, returns
from ward_desk.services.records_io import import_records


def _client_and_contact():
    client = records.save_record("clients", {"client_code": "HK-1", "sex": "F", "birth_year": 1995, "group": "SW",
                                             "registered_on": dt.date(2026, 9, 2)})
    contact = records.save_record("contacts", {"id": "k1", "client_code": "HK-1", "date": dt.date(2026, 10, 3),
                                               "channel": "DIRECT"})
    return client, contact


def _contact_values(**changes):
    values = {"id": "k1", "client_code": "HK-1", "date": dt.date(2026, 10, 3), "channel": "DIRECT"}
    values.update(changes)
    return values


def test_an_exported_month_locks_its_records_on_every_single_write(ward_db, tmp_path):
    _client, contact = _client_and_contact()
    returns.export_return("2026-10", basis="calendar", out=tmp_path)
    with pytest.raises(WardDeskError) as caught:  # create
        records.save_record("contacts", _contact_values(id="k2", date=dt.date(2026, 10, 31)))
    assert caught.value.code == "closing.closed" and "2026-10" in caught.value.message("en")
    with pytest.raises(WardDeskError):  # change into the closed month
        records.save_record("contacts", _contact_values(channel="PHONE"), contact.id)
    with pytest.raises(WardDeskError):  # delete
        records.delete_record("contacts", contact.id)
    with pytest.raises(WardDeskError):  # move it out of the closed month: the old date counts too
        records.save_record("contacts", _contact_values(date=dt.date(2026, 11, 2)), contact.id)
    assert records.save_record("contacts", _contact_values(), contact.id)  # saving it untouched is fine
    records.save_record("contacts", _contact_values(id="k3", date=dt.date(2026, 11, 1)))  # the open month
    assert records.save_record("clients", {"client_code": "HK-1", "sex": "F", "birth_year": 1996, "group": "SW",
                                           "registered_on": dt.date(2026, 9, 2)}, _client.id)  # September open


def test_unlock_needs_a_supervisor_and_a_reason_and_the_next_export_is_a_correction(ward_db, tmp_path):
    _client, contact = _client_and_contact()
    first = returns.export_return("2026-10", basis="calendar", out=tmp_path)
    assert first.submission_no == 1
    with pytest.raises(WardDeskError) as caught:
        closing.unlock("2026-10", "  ", basis="calendar")
    assert caught.value.code == "closing.reason_needed"
    accounts.create_user("thu", "thu's own password", "clerk")
    admin = accounts.current_user().username
    accounts.sign_in("thu", "thu's own password")
    with pytest.raises(WardDeskError) as caught:
        closing.unlock("2026-10", "late slips", basis="calendar")
    assert caught.value.code == "auth.forbidden"
    accounts.sign_in(admin, "test password 1")
    closing.unlock("2026-10", "three outreach slips arrived late", basis="calendar")
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert entry.action == "unlock" and "slips arrived late" in (entry.detail or "")
    records.save_record("contacts", _contact_values(id="k2", date=dt.date(2026, 10, 30)))
    second = returns.export_return("2026-10", basis="calendar", out=tmp_path)
    assert second.submission_no == 2 and not second.unchanged  # a correction
    assert PeriodUnlock.get().relocked_at is not None  # the export closed it again
    with pytest.raises(WardDeskError):
        records.delete_record("contacts", contact.id)


def test_a_quarter_locks_its_months_and_other_bases(ward_db, tmp_path):
    _client_and_contact()
    returns.export_return("2026-Q4", basis="calendar", out=tmp_path)
    with pytest.raises(WardDeskError):
        records.save_record("contacts", _contact_values(id="k9", date=dt.date(2026, 12, 1)))
    assert [c.period for c in closing.closed_periods()] == ["2026-Q4"]


def test_an_import_touching_a_closed_period_is_refused_whole_with_each_row_located(ward_db, tmp_path):
    _client_and_contact()
    returns.export_return("2026-10", basis="calendar", out=tmp_path)
    before = Contact.select().count()
    path = write_workbook(tmp_path / "late.xlsx", {
        "contacts": [["id", "client_code", "date", "channel"],
                     ["k20", "HK-1", "2026-11-02", "DIRECT"],  # open month: would be fine alone
                     ["k21", "HK-1", "2026-10-15", "PHONE"]]})
    with pytest.raises(ValidationFailed) as caught:
        import_records(path)
    located = [p.located() for p in caught.value.problems]
    assert len(located) == 1 and located[0].startswith("contacts!C3")
    assert Contact.select().count() == before  # nothing of the file went in


def test_period_cli_lists_and_unlocks(ward_db, data_dir, tmp_path, capsys, english):
    _client_and_contact()
    returns.export_return("2026-10", basis="calendar", out=tmp_path)
    from ward_desk.db import close_database

    close_database()
    assert main(["--data-dir", str(data_dir), "period", "list"]) == 0
    assert "2026-10 (calendar) submission 1: locked" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "period", "unlock", "2026-10", "--basis", "calendar",
                 "--reason", "late slips"]) == 0
    assert main(["--data-dir", str(data_dir), "period", "list"]) == 0
    assert "unlocked by admin: late slips" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "period", "unlock", "2026-09", "--basis", "calendar",
                 "--reason", "x"]) == 1
    assert "has not been exported" in capsys.readouterr().err
