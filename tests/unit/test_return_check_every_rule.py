"""Every RETURN-v1 §4 rule is still made on the way a usual return is now read (issue 19: consolidation close to
its floor, no check dropped): the Data grid taken column by column, the grid keyed at once, the extent told from
the references' shapes, and consolidation with the collector paused. Each file below is a usual grid (numbers in
numeric cells, hash recomputed) that breaks one rule, so only the rule itself can refuse it."""

from __future__ import annotations

import gc
import zipfile

import pytest

from tests.wdr1_files import write_return
from ward_desk.errors import WardDeskError
from ward_desk.export import return_check
from ward_desk.export.return_check import check_return
from ward_desk.export.xlsx_safety import _within_z9999, open_workbook
from ward_desk.services.consolidate import consolidate
from ward_desk.spec.catalogue import GridCell, content_sha256, read_cell


def _row(rows, indicator, category="*", sex=None, age=None):
    return next(r for r in rows if r[0] == indicator and r[1] == category and sex in (None, r[2])
                and age in (None, r[3]))


def _stock_ytd(rows):
    stock = _row(rows, "EST_LISTED_END", "KARAOKE")  # a stock: its year to date is its value
    stock[5] = stock[4] + 1


def _value_over_ytd(rows):
    contacts = _row(rows, "CONTACTS", "DIRECT")
    contacts[4] = contacts[5] + 1


def _new_over_reach(rows):
    new = next(r for r in rows if r[0] == "REACH_NEW")
    reach = _row(rows, "REACH", new[1], new[2], new[3])
    new[4], new[5] = reach[4] + 1, max(reach[5], reach[4] + 1)


def _amount_without_disbursed(rows):
    for r in rows:
        if r[0] == "LOAN_DISBURSED":
            r[4] = r[5] = 0


def _disbursed_without_amount(rows):
    for r in rows:
        if r[0] == "LOAN_AMOUNT":
            r[4] = r[5] = 0


def _unknown_cell(rows):
    rows.append(["NOT_AN_INDICATOR", "*", "*", "*", 1, 1])


def _duplicate_cell(rows):
    rows.append(list(rows[5]))


def _missing_cell(rows):
    del rows[8]


@pytest.mark.parametrize("edit, code", [
    (_stock_ytd, "return.stock_ytd"),
    (_value_over_ytd, "return.value_gt_ytd"),
    (_new_over_reach, "return.new_gt_reach"),
    (_amount_without_disbursed, "return.amount_without_disbursed"),
    (_disbursed_without_amount, "return.disbursed_without_amount"),
    (_unknown_cell, "return.unknown_cell"),
    (_duplicate_cell, "return.duplicate_cell"),
    (_missing_cell, "return.missing_cell"),
])
def test_each_rule_refuses_a_usual_grid_that_breaks_it(tmp_path, edit, code):
    path = write_return(tmp_path / "r.xlsx", "00070", edit=edit)
    result = check_return(path)
    assert not result.ok
    assert code in {p.code for p in result.errors}, [p.located() for p in result.errors]
    assert all(p.sheet for p in result.errors if p.code == code)  # located
    # and consolidation, which reads the same way, refuses it too and names why
    out = consolidate("C-TEST", "2026-10", [path], tmp_path / "out.xlsx", wards=["00070"])
    [unit] = out.units
    assert unit.status == "REJECTED" and unit.reasons


def test_the_duplicate_keeps_the_first_row_and_names_both():
    rows = [read_cell("CONTACTS", "DIRECT", "*", "*", 1, 1, 2), read_cell("CONTACTS", "DIRECT", "*", "*", 5, 5, 3)]
    result = return_check.CheckResult(True, [], {}, tuple(rows))
    check = return_check._Checker(result, return_check.wdr1(1))
    check.grid()
    assert check.by_key[("CONTACTS", "DIRECT", "*", "*")].row == 2
    [dup] = [p for p in result.problems if p.code == "return.duplicate_cell"]
    assert dup.cell == "A3" and dup.params["other"] == 2


def test_the_column_reading_makes_the_same_cells_as_the_row_reading():
    body = [["REACH ", " *", "F", "U16", 1.0, 2.0], ["CONTACTS", "DIRECT", "*", "*", 3.0, 4.0]]
    assert return_check._usual_grid(body) == [GridCell("REACH", "*", "F", "U16", 1, 2),
                                              GridCell("CONTACTS", "DIRECT", "*", "*", 3, 4)]
    assert [c.row for c in return_check._usual_grid(body)] == [2, 3]
    assert [type(c.value) for c in return_check._usual_grid(body)] == [int, int]
    assert return_check._usual_grid([["REACH", "*", "F", "U16", 1, 2]]) == [GridCell("REACH", "*", "F", "U16", 1, 2)]
    assert return_check._usual_grid([["REACH", "*", "F", "U16", 1.0, 2.0], ["CONTACTS", "*", "*", "*", 3, 4]]) \
        is None  # ints and floats mixed: read row by row (the same cells, the odd ones named)
    for odd in (["REACH", "*", "F", "U16", "1", 2.0], ["REACH", "*", "F", "U16", 1.5, 2.0],
                ["REACH", "*", "F", "U16", -1.0, 2.0], ["REACH", "*", "F", "U16", True, 2.0],
                ["REACH", "*", "F", 16, 1.0, 2.0], ["REACH", "*", "F", "U16", None, 2.0], ["REACH", "*", "F"]):
        assert return_check._usual_grid([odd]) is None, odd


def test_a_fast_made_cell_is_a_grid_cell_like_any_other():
    cell = read_cell("REACH", "*", "F", "U16", 1, 2, 7)
    assert type(cell) is GridCell and cell == GridCell("REACH", "*", "F", "U16", 1, 2) and cell.row == 7
    assert hash(cell) == hash(GridCell("REACH", "*", "F", "U16", 1, 2, row=9))
    with pytest.raises(AttributeError):
        cell.value = 3  # still frozen
    # the hash reads cells, 6-tuples and dicts alike
    assert content_sha256([cell]) == content_sha256([("REACH", "*", "F", "U16", 1, 2)]) == content_sha256(
        [{"indicator": "REACH", "category": "*", "sex": "F", "age": "U16", "value": 1, "ytd": 2}])


def test_the_extent_shortcut_holds_only_within_a1_z9999():
    assert _within_z9999([b"1", b"A1", b"F1278", b"1278", b"Z9999"]) == 3  # the cells' references counted
    assert _within_z9999([b"A1", b"AA1"]) is None
    assert _within_z9999([b"A10000"]) is None
    assert _within_z9999([b"10000"]) is None  # a row's number past 9999 too
    assert _within_z9999([]) == 0


def _with_a_cell_at(path, ref: str):
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    name = "xl/worksheets/sheet2.xml"  # Data
    row = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    parts[name] = parts[name].replace(b"</sheetData>", f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'
                                      f'</sheetData>'.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for filename, content in parts.items():
            out.writestr(filename, content)
    return path


@pytest.mark.parametrize("far, reach", [("A2000001", "F2000001"), ("AA76924", "AA76924"), ("XFD2", "XFD1278")])
def test_a_cell_past_the_shortcut_is_measured_exactly_and_refused(tmp_path, far, reach):
    """Past column Z or row 9999 the sheet is measured cell by cell as before: each reaches over 2,000,000."""
    path = _with_a_cell_at(write_return(tmp_path / "far.xlsx", "00070"), far)
    with pytest.raises(WardDeskError) as err:
        open_workbook(path)
    assert err.value.code == "xlsx.sheet_too_large" and reach in err.value.message() and "Data" in err.value.message()


def test_a_cell_past_z9999_within_bounds_still_opens(tmp_path):
    path = _with_a_cell_at(write_return(tmp_path / "wide.xlsx", "00070"), "AB100")
    assert open_workbook(path).rows("Data")[99][27] == 1


def test_consolidation_leaves_the_collector_as_it_found_it(tmp_path):
    good = write_return(tmp_path / "in" / "a.xlsx", "00070")
    assert gc.isenabled()
    consolidate("C-TEST", "2026-10", [good], tmp_path / "out.xlsx", wards=["00070"])
    assert gc.isenabled()
    gc.disable()
    try:
        consolidate("C-TEST", "2026-10", [good], tmp_path / "out2.xlsx", wards=["00070"])
        assert not gc.isenabled()  # an outer pause is not ended by ours
    finally:
        gc.enable()

    def fail(*_a):
        raise RuntimeError("progress failed")

    with pytest.raises(RuntimeError):
        consolidate("C-TEST", "2026-10", [good], tmp_path / "out3.xlsx", wards=["00070"], progress=fail)
    assert gc.isenabled()  # an error inside the loop ends the pause too
