"""The §4 check: a good return passes; broken and tampered ones are refused with located reasons."""

import shutil
import zipfile

import pytest
from openpyxl import load_workbook

from tests.wdr1_files import write_return
from ward_desk.export.return_check import check_return


@pytest.fixture
def good(tmp_path):
    return write_return(tmp_path / "good.xlsx", "00070")


def codes(result):
    return {p.code for p in result.errors}


def edit(path, out, fn):
    wb = load_workbook(path)
    fn(wb)
    wb.save(out)
    return out


def test_good_return_passes(good, tmp_path):
    result = check_return(good)  # generated 2026-11-03: 3 days after the period, within the deadline
    assert result.ok
    assert result.problems == []
    late = check_return(write_return(tmp_path / "late.xlsx", "00070", generated_at="2026-11-20T09:00:00+07:00"))
    assert late.ok and [(p.code, p.cell) for p in late.warnings] == [("return.warn.late", "B12")]
    future = check_return(write_return(tmp_path / "fut.xlsx", "00070", generated_at="2099-01-01T09:00:00+07:00"))
    assert future.ok and [p.code for p in future.warnings] == ["return.warn.future"]
    assert len(result.cells) == 1277
    assert result.meta["unit_code"] == "00070"


def test_edited_number_fails_the_hash(good, tmp_path):
    def bump(wb):
        wb["Data"]["E60"] = wb["Data"]["E60"].value + 1
        wb["Data"]["F60"] = wb["Data"]["F60"].value + 1
    result = check_return(edit(good, tmp_path / "t.xlsx", bump))
    assert not result.ok
    [problem] = result.errors
    assert problem.code == "return.hash_mismatch" and problem.sheet == "Meta" and problem.cell == "B15"


def test_removed_row(good, tmp_path):
    result = check_return(edit(good, tmp_path / "t.xlsx", lambda wb: wb["Data"].delete_rows(10)))
    assert "return.missing_cell" in codes(result)
    missing = [p for p in result.errors if p.code == "return.missing_cell"][0]
    assert (missing.sheet, missing.cell) == ("Data", "A10") and "REACH|*|M|18-24" in missing.located()


def test_wrong_unit_code(tmp_path):
    result = check_return(write_return(tmp_path / "x.xlsx", "99999"))
    assert [(p.code, p.sheet, p.cell) for p in result.errors] == [("return.bad_unit", "Meta", "B4")]


def test_bad_period_and_dates(good, tmp_path):
    result = check_return(edit(good, tmp_path / "t.xlsx", lambda wb: wb["Meta"].__setitem__("B7", "2026-13")))
    assert "return.bad_period" in codes(result)
    result = check_return(edit(good, tmp_path / "u.xlsx", lambda wb: wb["Meta"].__setitem__("B10", "2026-10-30")))
    assert [(p.code, p.cell) for p in result.errors] == [("return.bad_date", "B10")]
    result = check_return(edit(good, tmp_path / "v.xlsx", lambda wb: wb["Meta"].__setitem__("B8", "nd09")))
    assert {p.code for p in result.errors} == {"return.bad_date"}  # nd09 October is 15 Sep - 14 Oct


def test_formula_in_a_cell(good, tmp_path):
    result = check_return(edit(good, tmp_path / "t.xlsx", lambda wb: wb["Data"].__setitem__("E2", "=1+0")))
    formula = [p for p in result.errors if p.code == "return.formula"]
    assert [(p.sheet, p.cell) for p in formula] == [("Data", "E2")]


def test_renamed_sheet(good, tmp_path):
    def rename(wb):
        wb["Data"].title = "Dữ liệu"
    result = check_return(edit(good, tmp_path / "t.xlsx", rename))
    assert any(p.code == "return.sheet_missing" and p.sheet == "Data" for p in result.errors)


def test_not_a_workbook_and_zip_bomb(tmp_path):
    text = tmp_path / "x.xlsx"
    text.write_text("not a workbook")
    result = check_return(text)
    assert not result.ok and result.errors[0].code == "return.unreadable"
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    result = check_return(bomb)
    assert not result.ok and "MB" in result.errors[0].located()


def test_truncated_file_is_a_message(good, tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[:3000])
    result = check_return(broken)
    assert not result.ok and result.errors[0].code == "return.unreadable"


def test_negative_and_fractional_values_and_duplicates(good, tmp_path):
    def damage(wb):
        wb["Data"]["E3"] = -1
        wb["Data"]["F4"] = 1.5
        for col in "ABCD":
            wb["Data"][f"{col}6"] = wb["Data"][f"{col}5"].value
    result = check_return(edit(good, tmp_path / "t.xlsx", damage))
    located = {(p.code, p.cell) for p in result.errors}
    assert ("return.bad_number", "E3") in located and ("return.bad_number", "F4") in located
    assert ("return.duplicate_cell", "A6") in located


def test_a_number_typed_as_text_is_refused_even_with_a_recomputed_hash(tmp_path):
    """'12 (text) in Data is not a number, even when whoever typed it also fixed the content hash."""
    good = write_return(tmp_path / "good.xlsx", "00070")
    def as_text(wb):
        wb["Data"]["E4"] = str(wb["Data"]["E4"].value)
    result = check_return(edit(good, tmp_path / "t.xlsx", as_text))
    texts = [p for p in result.errors if p.code == "return.text_number"]
    assert [(p.sheet, p.cell) for p in texts] == [("Data", "E4")] and not result.ok


def test_reach_new_greater_than_reach_and_value_over_ytd(tmp_path):
    from openpyxl import Workbook  # noqa: F401 - the fixture writer rehashes the edited grid

    import tests.wdr1_files as files
    rows = files.grid()
    rows[24][4] = rows[0][4] + 1  # REACH_NEW F U16 value above REACH F U16
    rows[24][5] = rows[0][5] + 5
    original = files.grid
    files.grid = lambda: [list(r) for r in rows]
    try:
        result = check_return(files.write_return(tmp_path / "r.xlsx", "00070"))
    finally:
        files.grid = original
    assert {p.code for p in result.errors} >= {"return.new_gt_reach"}


def test_resaved_by_libreoffice_passes(good, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        # openpyxl re-save stands in where LibreOffice is not installed: types and values must survive
        result = check_return(edit(good, tmp_path / "resaved.xlsx", lambda wb: None))
        assert result.ok
        return
    import subprocess

    outdir = tmp_path / "lo"
    subprocess.run([office, "--headless", "--convert-to", "xlsx", "--outdir", str(outdir), str(good)],
                   check=True, capture_output=True, timeout=120)
    result = check_return(outdir / "good.xlsx")
    assert result.ok, [p.located() for p in result.errors]
