"""Hostile input (property-based, hypothesis): mutated RECORDS-1 workbooks and WDR-1 returns — wrong types, huge
strings, formulas, control characters, broken and truncated zips — give a clean, located refusal (or a clean
import), never a crash, and a refused import leaves the database exactly as it was."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.unit.records_workbooks import CLIENTS, CONTACTS, dump, write_workbook
from tests.wdr1_files import write_return
from ward_desk.errors import ValidationFailed, WardDeskError
from ward_desk.export.return_check import check_return
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


@SETTINGS
@given(client_edits=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 10), hostile_value), max_size=6),
       contact_edits=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 10), hostile_value), max_size=6))
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
