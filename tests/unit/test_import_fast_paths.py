"""What makes a re-import fast leaves its outcome alone: a row that is exactly its stored record skips the checks
it passed when stored; anything else (a changed cell, a boolean where a number is stored, other case, spaces)
goes the whole way."""

from __future__ import annotations

import pytest

from ward_desk.errors import ValidationFailed
from ward_desk.services import rules
from ward_desk.services.records_io import import_records

from tests.unit.records_workbooks import CLIENTS, CONTACTS, write_workbook

# The file as the ward's own export writes it: codes and ids upper-case, ISO dates as dates
EXACT_CLIENTS = [CLIENTS[0], CLIENTS[1]]
EXACT_CONTACTS = [CONTACTS[0], CONTACTS[1]]


@pytest.fixture
def counted(monkeypatch):
    calls = []
    real = rules.validate

    def validate(kind, raw, **kwargs):
        calls.append((kind, raw.get("id") or raw.get("client_code")))
        return real(kind, raw, **kwargs)

    monkeypatch.setattr(rules, "validate", validate)
    return calls


def test_an_unchanged_file_skips_the_checks_its_rows_passed(ward_db, tmp_path, counted):
    path = write_workbook(tmp_path / "r.xlsx", {"clients": EXACT_CLIENTS, "contacts": EXACT_CONTACTS})
    # the version 1 client's consent_on is its STORE consent (RETURN-v2 §1)
    assert import_records(path).added == {"clients": 1, "contacts": 1, "consents": 1}
    assert len(counted) == 2  # a new row is checked
    counted.clear()
    again = import_records(path)
    assert again.unchanged == {"clients": 1, "contacts": 1, "consents": 1}
    assert again.added == {"clients": 0, "contacts": 0, "consents": 0}
    assert counted == []


def test_a_row_that_differs_in_any_way_is_checked_as_ever(ward_db, tmp_path, counted):
    import_records(write_workbook(tmp_path / "r.xlsx", {"clients": EXACT_CLIENTS, "contacts": EXACT_CONTACTS}))
    counted.clear()
    other_case = [CONTACTS[0], ["k1", *CONTACTS[1][1:]]]  # the same record, typed in lower case
    result = import_records(write_workbook(tmp_path / "c.xlsx", {"contacts": other_case}))
    assert result.unchanged == {"contacts": 1} and counted == [("contacts", "k1")]


def test_a_boolean_cell_is_never_taken_for_the_stored_number(ward_db, tmp_path):
    import_records(write_workbook(tmp_path / "r.xlsx", {"clients": EXACT_CLIENTS, "contacts": EXACT_CONTACTS}))
    row = list(CONTACTS[1])
    row[6] = True  # materials: 1 is stored, and True == 1 in Python
    with pytest.raises(ValidationFailed) as failed:
        import_records(write_workbook(tmp_path / "b.xlsx", {"contacts": [CONTACTS[0], row]}))
    assert [p.code for p in failed.value.problems] == ["records.not_integer"]
