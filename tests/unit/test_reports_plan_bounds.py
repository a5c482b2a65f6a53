"""Plan targets read safely: a plan workbook goes through the bounded reader (one value in XFD1048576 is a
located refusal, not a 512 GB allocation), no module but ``export.xlsx_safety`` touches python-calamine, a
decimal target is refused rather than read as thousands, and a bad row of a received Targets sheet is a located
warning in `return check` and in the consolidation's notes (never a silently smaller office target)."""

import ast
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import CONFORMANCE
from ward_desk.cli import main
from ward_desk.errors import ValidationFailed
from ward_desk.export.return_check import check_return
from ward_desk.reports import plan
from ward_desk.services import records_io, returns
from ward_desk.services.targets import read_targets_sheet, whole

PACKAGE = Path(__file__).resolve().parents[2] / "ward_desk"


def far_cell_plan(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = plan.SHEET
    ws.append(plan.HEADER)
    ws.append(("REACH", "*", "*", "*", 100))
    ws["XFD1048576"] = 1
    wb.save(path)
    return path


def test_only_the_bounded_reader_imports_python_calamine():
    offenders = []
    for source in PACKAGE.rglob("*.py"):
        if source.relative_to(PACKAGE).as_posix() == "export/xlsx_safety.py":
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__" and node.args:
                names = [getattr(node.args[0], "value", "")]
            if any(str(n).split(".")[0] == "python_calamine" for n in names):
                offenders.append(f"{source.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == [], "read workbooks through export.xlsx_safety.open_workbook: " + ", ".join(offenders)


def test_a_plan_workbook_with_a_far_cell_is_refused_located(ward_db, tmp_path):
    plan.set_targets(2026, {"REACH:*:*:*": 10})
    path = far_cell_plan(tmp_path / "far.xlsx")
    with pytest.raises(ValidationFailed) as caught:
        plan.import_plan(path, 2026)
    text = caught.value.problems[0].located("en")
    assert caught.value.problems[0].file == "far.xlsx" and "XFD1048576" in text, text
    assert plan.targets(2026) == {("REACH", "*", "*", "*"): 10}


def test_the_plan_import_command_refuses_a_far_cell(tmp_path, capsys, english):
    data = str(tmp_path / "ward")
    assert main(["--data-dir", data, "init", "--unit", "00070"]) == 0
    capsys.readouterr()
    path = far_cell_plan(tmp_path / "far.xlsx")
    code = main(["--data-dir", data, "plan", "import", str(path), "--year", "2026"])
    err = capsys.readouterr().err
    assert code == 1 and "far.xlsx" in err and "XFD1048576" in err, err


@pytest.mark.parametrize("raw, expected", [
    ("1500", 1500), ("1.500", 1500), ("1,500", 1500), ("1 500", 1500), ("1.500.000", 1500000), ("0", 0),
    (1500, 1500), (1500.0, 1500), ("  42 ", 42),
    ("1.5", None), ("15,0", None), ("1.50", None), ("1,5000", None), ("1.500,000", None), ("-3", None),
    ("2e3", None), ("", None), (1.5, None), (-1, None), (True, None), ("١٢", None),
])
def test_whole_takes_thousands_in_threes_and_refuses_fractions(raw, expected):
    assert whole(raw) == expected


def test_a_decimal_target_is_refused_at_its_field_and_its_cell(ward_db, tmp_path, capsys, english):
    with pytest.raises(ValidationFailed) as caught:
        plan.set_targets(2026, {"CONTACTS:*:*:*": "1.5", "REACH:*:*:*": "1.500"})
    assert [(p.field, p.params["value"]) for p in caught.value.problems] == [("CONTACTS:*:*:*", "1.5")]
    assert plan.targets(2026) == {}
    wb = Workbook()
    ws = wb.active
    ws.append(plan.HEADER)
    ws.append(("REACH", "*", "*", "*", "1.500"))
    ws.append(("CONTACTS", "*", "*", "*", "1,5"))
    wb.save(tmp_path / "p.xlsx")
    with pytest.raises(ValidationFailed) as caught:
        plan.read_plan_workbook(tmp_path / "p.xlsx", 2026)
    assert [p.located("en") for p in caught.value.problems] == [
        "p.xlsx: Sheet!E3: the target '1,5' must be a whole number >= 0 (thousands grouped by three: 1,500)"]


def test_the_plan_set_command_refuses_a_decimal(tmp_path, capsys, english):
    data = str(tmp_path / "ward")
    assert main(["--data-dir", data, "init", "--unit", "00070"]) == 0
    capsys.readouterr()
    code = main(["--data-dir", data, "plan", "set", "--year", "2026", "CONTACTS:*:*:*=1.5"])
    err = capsys.readouterr().err
    assert code == 1 and "CONTACTS:*:*:*" in err and "'1.5'" in err, err
    assert main(["--data-dir", data, "plan", "show", "--year", "2026"]) == 0
    assert "CONTACTS" not in capsys.readouterr().out


def test_bad_targets_rows_are_located_warnings_and_consolidation_notes_them(ward_db, tmp_path):
    import shutil

    from ward_desk.services.consolidate import consolidate

    records_io.import_records(CONFORMANCE / "records-sample.xlsx")
    plan.set_targets(2026, {"REACH:*:*:*": 150})
    ward = returns.export_return("2026-10", basis="calendar", out=tmp_path / "a").path
    wb = load_workbook(ward)
    ws = wb["Targets"]
    ws.append(("SESSIONS", "*", "*", "*", "1.5"))
    ws.append(("NOPE", "*", "*", "*", 9))
    ws.append(("CONTACTS", "*", "*", "*", -4))
    wb.save(tmp_path / "ward.xlsx")
    checked = check_return(tmp_path / "ward.xlsx")
    assert checked.ok  # the numbers of Data never depend on the sheet
    warned = [(p.sheet, p.cell) for p in checked.warnings if p.code.startswith("return.warn.targets_")]
    assert warned == [("Targets", "E3"), ("Targets", "A4"), ("Targets", "E5")]
    found, problems = read_targets_sheet(checked.sheets["Targets"])
    assert found == {("REACH", "*", "*", "*"): 150} and len(problems) == 3
    shutil.copy(tmp_path / "ward.xlsx", tmp_path / "in.xlsx")
    cons = consolidate("01", "2026-10", [tmp_path / "in.xlsx"], tmp_path / "cons.xlsx")
    notes = [n for n in cons.notes if "Targets!" in n]
    assert len(notes) == 3 and all(n.startswith("in.xlsx: Targets!") for n in notes), cons.notes
    assert any("Targets!E3" in n and "1.5" in n for n in notes)


def test_a_targets_sheet_with_a_wrong_header_is_one_warning():
    found, problems = read_targets_sheet([["code", "target"], ["REACH", 5]])
    assert found == {} and [(p.sheet, p.cell, p.code) for p in problems] == [
        ("Targets", "A1", "return.warn.targets_header")]


def test_reading_a_returns_meta_alone_is_bounded_too(tmp_path):
    from ward_desk.export.return_check import read_meta

    wb = Workbook()
    ws = wb.active
    ws.title = "Meta"
    ws.append(("key", "value"))
    ws.append(("submission_no", "3"))
    wb.save(tmp_path / "ok.xlsx")
    assert read_meta(tmp_path / "ok.xlsx")["submission_no"] == "3"
    ws["XFD1048576"] = 1
    wb.save(tmp_path / "far.xlsx")
    assert read_meta(tmp_path / "far.xlsx") == {}  # refused (no meta), never a grid of 17 billion cells
