"""Hostile input (property-based, hypothesis): mutated RECORDS-1 workbooks and WDR-1 returns — wrong types, huge
strings, formulas, control characters, broken and truncated zips — give a clean, located refusal (or a clean
import), never a crash, and a refused import leaves the database exactly as it was."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.unit.records_workbooks import CLIENTS, CONTACTS, dump, write_workbook
from tests.wdr1_files import write_return
from ward_desk.errors import ValidationFailed, WardDeskError
from ward_desk.export.return_check import check_return
from ward_desk.models.records import Client, Contact
from ward_desk.services.records_io import import_records

SETTINGS = settings(max_examples=20, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", categories=("Cc", "Cs", "Co", "Zs", "Lo")), max_size=30),
    st.sampled_from(["=1+1", "=HYPERLINK(\"http://x\")", "+SUM(A1)", "-2+3", "@cmd", "=cmd|' /C calc'!A0",
                     "\x00\x01\x02", "\u202e", "C001", "F", "SW", "2026-02-30", "1900-01-01", "9999-12-31"]),
    st.builds(lambda n: "x" * n, st.integers(10_000, 100_000)),
)
hostile_value = st.one_of(hostile_text, st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                          st.booleans(), st.dates(dt.date(1800, 1, 1), dt.date(2200, 1, 1)))


def write_hostile(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Like a hand-made or foreign workbook: XlsxWriter writes what openpyxl refuses (control characters, as
    ``_xHHHH_`` escapes) and turns text starting with ``=`` into real formulas."""
    import math

    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, value, dates)
                elif isinstance(value, float) and not math.isfinite(value):
                    sheet.write_string(r, c, str(value))
                elif isinstance(value, str) and len(value) > 32_767:
                    sheet.write_string(r, c, value[:32_767])  # Excel's own cell limit
                else:
                    sheet.write(r, c, value)
    book.close()
    return path


def _mutated(grid, draws):
    rows = [list(r) for r in grid]
    for (r, c, value) in draws:
        rows[1 + r % (len(rows) - 1)][c % len(rows[0])] = value
    return rows


# The cases found by chance before (issue 15), pinned so every run tries them, on SQLite and on PostgreSQL: a NUL
# and other control characters, a bidi override, a 10,000-character id, a code in other case, look-alikes.
@SETTINGS
@given(client_edits=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 10), hostile_value), max_size=6),
       contact_edits=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 10), hostile_value), max_size=6))
@example(client_edits=[(0, 0, "C0\x00")], contact_edits=[])
@example(client_edits=[], contact_edits=[(0, 7, "Hoa\x00\x01\x02")])
@example(client_edits=[], contact_edits=[(1, 7, "\u202eaoH")])
@example(client_edits=[(1, 0, "C" * 10_000)], contact_edits=[(0, 7, "x" * 10_000)])
@example(client_edits=[(0, 0, "c001")], contact_edits=[(1, 1, "c002")])
@example(client_edits=[(0, 0, "C\u200b001"), (1, 0, "\u0421002")], contact_edits=[(0, 1, "C\u0660\u06601")])
@example(client_edits=[], contact_edits=[(0, 4, 2_000_000_000), (1, 5, 2**70)])
def test_a_mutated_records_workbook_is_imported_cleanly_or_refused_changing_nothing(ward_db, tmp_path,
                                                                                   client_edits, contact_edits):
    path = write_hostile(tmp_path / "hostile.xlsx", {"clients": _mutated(CLIENTS, client_edits),
                                                      "contacts": _mutated(CONTACTS, contact_edits)})
    before = dump()
    # XlsxWriter writes text starting with "=" as a real formula: such a workbook is never imported
    has_formula = any(isinstance(v, str) and v.startswith("=") for _r, _c, v in client_edits + contact_edits)
    try:
        import_records(path)
    except ValidationFailed as exc:
        assert exc.problems and all(p.located() for p in exc.problems)
        assert dump() == before
    except WardDeskError:
        assert dump() == before
    else:
        assert not has_formula, "a formula cell was imported as a value"


@SETTINGS
@given(cut=st.integers(0, 4000), noise=st.binary(max_size=64))
def test_a_broken_or_truncated_zip_is_a_message(ward_db, tmp_path, cut, noise):
    good = write_workbook(tmp_path / "good.xlsx", {"clients": CLIENTS})
    raw = good.read_bytes()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(raw[:cut] + noise)
    before = dump()
    with pytest.raises((ValidationFailed, WardDeskError)):
        import_records(broken)
    assert dump() == before
    result = check_return(broken)  # the office's check: a result with reasons, never a traceback
    assert not result.ok and result.problems


def test_a_zip_bomb_is_refused_before_parsing(ward_db, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 2**20))  # 300 MB of zeros, ~300 KB packed
    with pytest.raises((ValidationFailed, WardDeskError)):
        import_records(bomb)
    assert not check_return(bomb).ok


@pytest.fixture(scope="module")
def good_return(tmp_path_factory) -> Path:
    return write_return(tmp_path_factory.mktemp("ret") / "good.xlsx", "00070")


@SETTINGS
@given(edits=st.lists(st.tuples(st.sampled_from(["Data", "Meta"]), st.integers(1, 40), st.integers(1, 7),
                                hostile_value), min_size=1, max_size=5))
def test_a_mutated_return_is_checked_never_crashing(good_return, tmp_path, edits):
    workbook = load_workbook(good_return)
    grids = {name: [[c.value for c in row] for row in workbook[name].iter_rows()] for name in workbook.sheetnames}
    for sheet, row, col, value in edits:
        grid = grids[sheet]
        while len(grid) < row:
            grid.append([None] * len(grid[0]))
        while len(grid[row - 1]) < col:
            grid[row - 1].append(None)
        grid[row - 1][col - 1] = value
    path = write_hostile(tmp_path / "mutated.xlsx", grids)
    result = check_return(path)
    if not result.ok:
        assert all(p.sheet for p in result.errors), [p.located() for p in result.errors]  # located


# ---- located problems for what the storage cannot keep (the same on SQLite and PostgreSQL)

HOSTILE_CELLS = [
    ("clients", 1, 0, "C0\x00", "clients!A2", "records.hidden_char"),
    ("contacts", 1, 7, "Hoa\x1b", "contacts!H2", "records.hidden_char"),
    ("contacts", 1, 7, "Hoa\x1f", "contacts!H2", "records.hidden_char"),  # white space to str.strip, not kept
    ("contacts", 1, 7, "Hoa\u202e", "contacts!H2", "records.hidden_char"),
    ("contacts", 1, 7, "Ho\u2066a", "contacts!H2", "records.hidden_char"),
    ("clients", 1, 0, "C" * 10_000, "clients!A2", "records.too_long"),
    ("contacts", 1, 7, "x" * 10_000, "contacts!H2", "records.too_long"),
    ("clients", 1, 0, "C\u200b001", "clients!A2", "records.hidden_char"),  # a zero-width space
    ("clients", 1, 0, "\u0421001", "clients!A2", "records.bad_id"),  # a Cyrillic С
    ("clients", 1, 0, "C\u0660\u06601", "clients!A2", "records.bad_id"),  # Arabic-Indic digits
    ("clients", 1, 0, "Cé01", "clients!A2", "records.bad_id"),
    ("contacts", 1, 4, 2_000_000_000, "contacts!E2", "records.too_large"),
    ("contacts", 1, 4, str(2**70), "contacts!E2", "records.too_large"),  # beyond 64 bits: a message
    ("clients", 1, 2, str(2**70), "clients!C2", "records.birth_year"),
]


@pytest.mark.parametrize("sheet,row,col,value,cell,code", HOSTILE_CELLS)
def test_a_cell_the_storage_cannot_keep_is_a_located_problem_changing_nothing(ward_db, tmp_path, sheet, row, col,
                                                                             value, cell, code):
    grids = {"clients": [list(r) for r in CLIENTS], "contacts": [list(r) for r in CONTACTS]}
    grids[sheet][row][col] = value
    path = write_hostile(tmp_path / "hostile.xlsx", grids)
    before = dump()
    with pytest.raises(ValidationFailed) as refused:
        import_records(path)
    found = [(f"{p.sheet}!{p.cell}", p.code) for p in refused.value.problems]
    assert (cell, code) in found, found
    assert all(len(p.located()) < 400 for p in refused.value.problems)  # a 10,000-character cell is not echoed
    assert dump() == before


def test_a_note_keeps_its_line_breaks_and_tabs(ward_db, tmp_path):
    sessions = [["id", "date", "audience", "participants_f", "participants_m", "topic", "location"],
                ["S1", dt.date(2025, 3, 1), "SW", 3, 0, "HIV\r\nSTI\tPrEP", "Tổ 5"]]
    import_records(write_hostile(tmp_path / "s.xlsx", {"sessions": sessions}))
    from ward_desk.models.records import GroupSession

    assert GroupSession.get().topic == "HIV\nSTI\tPrEP"
    sessions[1][6] = "Tổ\n5"  # a one-line text column: a newline is refused, located
    with pytest.raises(ValidationFailed) as refused:
        import_records(write_hostile(tmp_path / "t.xlsx", {"sessions": sessions}))
    assert [(p.cell, p.code) for p in refused.value.problems] == [("G2", "records.hidden_char")]


def test_a_client_code_in_other_case_is_the_same_client(ward_db, tmp_path):
    import_records(write_hostile(tmp_path / "a.xlsx", {"clients": CLIENTS, "contacts": CONTACTS}))
    clients = [list(r) for r in CLIENTS]
    clients[1][0], clients[2][0] = "c001", "c002"
    contacts = [list(r) for r in CONTACTS] + [["k3", "c001", dt.date(2025, 3, 3), "PHONE"]]
    contacts[1][0] = "k1"
    result = import_records(write_hostile(tmp_path / "b.xlsx", {"clients": clients, "contacts": contacts}))
    # C001's version 1 consent_on is its STORE consent C001-S1, matched too (RETURN-v2 §1)
    assert result.added == {"clients": 0, "contacts": 1, "consents": 0}
    assert result.unchanged == {"clients": 2, "contacts": 2, "consents": 1}
    assert Client.select().count() == 2  # matched, never a second person
    assert Contact.get(Contact.ref == "K3").client.client_code == "C001"


def test_a_client_code_typed_in_other_case_on_a_form_is_the_same_client(ward_db):
    from ward_desk.services import records

    records.save_record("clients", {"client_code": "HC00000", "sex": "F", "group": "SW"})
    before = dump()
    with pytest.raises(ValidationFailed) as refused:
        records.save_record("clients", {"client_code": "hC00000", "sex": "F", "group": "SW"})
    assert [(p.field, p.code) for p in refused.value.problems] == [("client_code", "records.duplicate_id")]
    assert dump() == before
    contact = records.save_record("contacts", {"id": "k1", "client_code": "hc00000", "date": "2025-01-02",
                                               "channel": "direct"})
    assert (contact.ref, contact.client.client_code) == ("K1", "HC00000")
