"""Province forms filled from the WDR-1 grid: every number equals the return's Data for the same period, cell by
cell, on the conformance data; everything else in the form is kept; bad forms change nothing."""

import csv
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import CONFORMANCE
from ward_desk.errors import ValidationFailed
from ward_desk.export.return_check import check_return
from ward_desk.reports import form_fill, placeholders
from ward_desk.services import records_io, returns

FORM = Path(__file__).resolve().parents[2] / "resources" / "forms" / "bieu-01-ket-qua-pcmd.xlsx"


@pytest.fixture
def sample_ward(ward_db):
    records_io.import_records(CONFORMANCE / "records-sample.xlsx")
    return ward_db


def _data_of(path) -> dict:
    checked = check_return(path)
    assert checked.ok, [p.located() for p in checked.errors]
    return {c.key: (c.value, c.ytd) for c in checked.cells}


def _expected(data: dict, inner: str) -> int:
    parts = inner.split(":")
    which = ("value", "ytd").index(parts[4])
    return sum(v[which] for key, v in data.items()
               if all(p == "*" or p == k for p, k in zip(parts[:4], key)))


def _compare(filled: Path, data: dict) -> int:
    """Every number placeholder of the example form against ``data``; returns how many were compared."""
    wb = load_workbook(filled)
    compared = 0
    for sheet, ref, inner in form_fill.list_placeholders(FORM):
        if inner in placeholders.NAMES:
            continue
        got = wb[sheet][ref].value
        assert isinstance(got, int), (ref, inner, got)
        assert got == _expected(data, inner), (ref, inner)
        compared += 1
    return compared


@pytest.mark.parametrize("period", ["2026-H1", "2026"])
def test_the_example_form_equals_the_return_of_the_same_period(sample_ward, tmp_path, period):
    ret = returns.export_return(period, basis="calendar", out=tmp_path)
    out = tmp_path / f"form-{period}.xlsx"
    result = form_fill.fill_form(FORM, out, period, basis="calendar")
    assert result.filled > 40
    assert _compare(out, _data_of(ret.path)) == len([r for r in result.placeholders if r[2] not in
                                                     placeholders.NAMES])
    ws = load_workbook(out)["Biểu 01"]
    assert ws["A1"].value == "Đơn vị báo cáo: Phường Hoàn Kiếm (mã 00070)"
    assert ws["A2"].value == "Đơn vị nhận báo cáo: Sở Y tế Thành phố Hà Nội"
    assert ws["A5"].value.startswith(f"Kỳ báo cáo: {period} (từ 01/01/2026 đến ")


def test_the_year_matches_the_independent_conformance_grid(sample_ward, tmp_path):
    with open(CONFORMANCE / "expected-2026-calendar.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    data = {tuple(r[:4]): (int(r[4]), int(r[5])) for r in rows}
    out = tmp_path / "form.xlsx"
    form_fill.fill_form(FORM, out, "2026", basis="calendar")
    assert _compare(out, data) > 40
    assert _expected(data, "REACH:*:*:*:value") > 0  # the sample reaches people: the comparison is not all zeros


def test_everything_but_the_placeholders_is_kept(sample_ward, tmp_path):
    out = tmp_path / "form.xlsx"
    form_fill.fill_form(FORM, out, "2026-H1", basis="calendar")
    before, after = load_workbook(FORM)["Biểu 01"], load_workbook(out)["Biểu 01"]
    holders = {ref for _s, ref, _i in form_fill.list_placeholders(FORM)}
    assert before.merged_cells.ranges == after.merged_cells.ranges or \
        sorted(map(str, before.merged_cells.ranges)) == sorted(map(str, after.merged_cells.ranges))
    formulas = 0
    for row in before.iter_rows():
        for cell in row:
            other = after[cell.coordinate]
            assert other.style_id == cell.style_id or other.font == cell.font, cell.coordinate
            assert other.number_format == cell.number_format, cell.coordinate
            if cell.coordinate not in holders:
                assert other.value == cell.value, cell.coordinate
            if isinstance(cell.value, str) and cell.value.startswith("="):
                formulas += 1
    assert formulas >= 2
    with zipfile.ZipFile(FORM) as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name not in ("xl/worksheets/sheet1.xml", "xl/workbook.xml"):
                assert a.read(name) == b.read(name), name
        assert 'fullCalcOnLoad="1"' in b.read("xl/workbook.xml").decode()


def test_an_office_fills_the_same_form_from_its_consolidation(sample_ward, tmp_path):
    from ward_desk.services.consolidate import consolidate

    ward = returns.export_return("2026-H1", basis="calendar", out=tmp_path / "wards").path
    cons = consolidate("01", "2026-H1", [ward], tmp_path / "cons.xlsx").out
    out = tmp_path / "office-form.xlsx"
    form_fill.fill_form(FORM, out, source=cons)
    assert _compare(out, _data_of(cons)) > 40
    ws = load_workbook(out)["Biểu 01"]
    assert "Thành phố Hà Nội" in ws["A1"].value  # the office's own name as the reporting unit


def _form(tmp_path, cells: dict) -> Path:
    wb = Workbook()
    for ref, value in cells.items():
        wb.active[ref] = value
    path = tmp_path / "bad-form.xlsx"
    wb.save(path)
    return path


def test_unknown_placeholders_are_listed_located_and_nothing_is_written(sample_ward, tmp_path):
    form = _form(tmp_path, {"A1": "{{REACH:*:F:*:value}}", "B2": "{{REACH:*:X:*:value}}", "C3": "{{NOPE:*:*:*:ytd}}",
                            "D4": "Kỳ {{perod}}", "E5": "{{REACH:*:*:*:total}}"})
    out = tmp_path / "never.xlsx"
    with pytest.raises(ValidationFailed) as caught:
        form_fill.fill_form(form, out, "2026-H1")
    located = [p.located() for p in caught.value.problems]
    assert [p.cell for p in caught.value.problems] == ["B2", "C3", "D4", "E5"], located
    assert all(line.startswith("bad-form.xlsx: Sheet!") for line in located), located
    assert "NOPE" in located[1] and "perod" in located[2] and "total" in located[3]
    assert not out.exists()


def test_a_damaged_form_is_a_message(sample_ward, tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ValidationFailed) as caught:
        form_fill.fill_form(bad, tmp_path / "out.xlsx", "2026-H1")
    assert caught.value.problems[0].file == "broken.xlsx"
    assert not (tmp_path / "out.xlsx").exists()


def test_text_around_a_placeholder_stays_text(sample_ward, tmp_path):
    form = _form(tmp_path, {"A1": "Giải ngân {{LOAN_AMOUNT:*:*:*:ytd}} đồng", "A2": "{{LOAN_AMOUNT:*:*:*:ytd}}",
                            "A3": "=A2*2"})
    out = tmp_path / "out.xlsx"
    form_fill.fill_form(form, out, "2026", basis="calendar")
    ws = load_workbook(out).active
    number = ws["A2"].value
    assert isinstance(number, int) and number > 1000
    assert ws["A1"].value == f"Giải ngân {number:,} đồng".replace(",", ".")
    assert ws["A3"].value == "=A2*2"
    assert re.fullmatch(r"Giải ngân [\d.]+ đồng", ws["A1"].value)


RESAVED = Path(__file__).resolve().parents[1] / "data" / "forms" / "libreoffice-resaved-bieu-01.xlsx"


def test_a_form_resaved_by_libreoffice_is_filled_the_same(sample_ward, tmp_path):
    """The example form as LibreOffice Calc writes it (kept in tests/data/forms): its XML dialect differs from
    openpyxl's, the numbers must not."""
    ret = returns.export_return("2026-H1", basis="calendar", out=tmp_path)
    data = _data_of(ret.path)
    out = tmp_path / "lo-filled.xlsx"
    result = form_fill.fill_form(RESAVED, out, "2026-H1", basis="calendar")
    ours = {(r[1], r[2]) for r in form_fill.list_placeholders(FORM)}
    assert {(r[1], r[2]) for r in form_fill.list_placeholders(RESAVED)} == ours
    wb = load_workbook(out)
    compared = 0
    for sheet, ref, inner in form_fill.list_placeholders(RESAVED):
        if inner not in placeholders.NAMES:
            assert wb[sheet][ref].value == _expected(data, inner), (ref, inner)
            compared += 1
    assert compared == len([r for r in result.placeholders if r[2] not in placeholders.NAMES]) > 40


def test_the_command_fills_a_form_from_a_consolidation_without_a_ward(sample_ward, tmp_path, capsys, english):
    from ward_desk.cli import main
    from ward_desk.services.consolidate import consolidate

    ward = returns.export_return("2026-H1", basis="calendar", out=tmp_path / "wards").path
    cons = consolidate("01", "2026-H1", [ward], tmp_path / "cons.xlsx").out
    out = tmp_path / "office.xlsx"
    code = main(["--data-dir", str(tmp_path / "no-such-folder"), "report", "fill-form", str(FORM), "--from", str(cons),
                 "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert _compare(out, _data_of(cons)) > 40
    code = main(["report", "fill-form", str(FORM), "--from", str(cons), "--period", "2026", "--out",
                 str(tmp_path / "never.xlsx")])
    assert code == 1 and "is the return for 2026-H1, not 2026" in capsys.readouterr().err
    assert not (tmp_path / "never.xlsx").exists()
