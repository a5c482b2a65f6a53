"""An office's plan against achievement (issue 20 point 1): each ward's targets from its counted return's Targets
sheet, its numbers from Data, the total equal to the office's consolidation of the same files; a bad Targets row
is a note naming file, sheet and cell; `ward-desk office plan` prints and writes the same."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from ward_desk.cli import main
from ward_desk.reports import grid as grids
from ward_desk.reports import office_plan
from ward_desk.services import office

REACH = ("REACH", "*", "*", "*")
SESSIONS = ("SESSIONS", "*", "*", "*")
WOMEN = ("REACH", "*", "F", "*")


def with_targets(path, rows):
    wb = load_workbook(path)
    ws = wb.create_sheet("Targets")
    ws.append(("indicator", "category", "sex", "age", "target"))
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def returns_with_targets(folder):
    from tests.wdr1_files import write_return

    folder.mkdir(parents=True, exist_ok=True)
    with_targets(write_return(folder / "hoankiem.xlsx", "00070"), [("REACH", "*", "*", "*", 300),
                                                                   ("REACH", "*", "F", "*", 200)])
    with_targets(write_return(folder / "badinh.xlsx", "00004", bump=2), [("REACH", "*", "*", "*", 100),
                                                                         ("SESSIONS", "*", "*", "*", "1.5")])
    return folder  # 00008 sends nothing


def test_the_office_sees_its_wards_targets_and_achievement(office_folder, tmp_path):
    office.receive([returns_with_targets(tmp_path / "mail")])
    plan = office_plan.plan_vs_achieved("2026-10")
    assert plan.keys == [REACH, WOMEN]  # SESSIONS' only target could not be read: not a pattern of the office
    by_ward = {w.ward: w for w in plan.wards}
    assert by_ward["00008"].state == "MISSING" and not by_ward["00008"].counted and by_ward["00008"].lines == []
    hk, bd = by_ward["00070"], by_ward["00004"]
    assert plan.line("00070", REACH).target == 300 and plan.line("00004", REACH).target == 100
    assert plan.line("00004", WOMEN).target is None  # Ba Đình set no target for women
    total = plan.line(None, REACH)
    assert total.target == 400 and plan.line(None, WOMEN).target == 200
    ward_grids = {w: grids.from_return(office.stored_path(c.counted)) for w, c in
                  ((c.ward, c) for c in office.standing("2026-10")) if c.counted is not None}
    for ward in (hk, bd):
        line = plan.line(ward.ward, REACH)
        assert (line.value, line.ytd) == (ward_grids[ward.ward].sum(REACH, "value"),
                                          ward_grids[ward.ward].sum(REACH, "ytd")) and line.ytd > 0
    assert total.ytd == plan.line("00070", REACH).ytd + plan.line("00004", REACH).ytd
    assert total.percent == pytest.approx(100.0 * total.ytd / 400)
    # the total is what the office's consolidation of the same files carries
    cons = grids.from_return(office.consolidate_period("2026-10", tmp_path / "cons.xlsx").path)
    for key in plan.keys:
        line = plan.line(None, key)
        assert (cons.targets[key], cons.sum(key, "value"), cons.sum(key, "ytd")) == (line.target, line.value,
                                                                                     line.ytd)
    assert [n for n in plan.notes if "Targets!E3" in n and "1.5" in n and "badinh" in n.lower()], plan.notes
    out = office_plan.write_plan_vs_achieved(plan, tmp_path / "vs.xlsx")
    ws = load_workbook(out).active
    assert ws["G4"].value == "REACH:*:*:*" and ws["C4"].value == 400 and ws["E4"].value == total.ytd


def test_the_office_plan_command(tmp_path, capsys, english):
    folder = str(tmp_path / "office")
    assert main(["--data-dir", folder, "office", "init", "--office", "C-HOANKIEM", "--wards",
                 "00070,00004,00008"]) == 0
    assert main(["--data-dir", folder, "office", "receive", str(returns_with_targets(tmp_path / "mail"))]) == 0
    capsys.readouterr()
    code = main(["--data-dir", folder, "office", "plan", "--period", "2026-10", "--out", str(tmp_path / "p.xlsx")])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = [line.split("\t") for line in out.splitlines()]
    total = next(x for x in lines if x[0] == "*" and x[2] == "REACH:*:*:*")
    assert total[1] == "Total" and total[3] == "400" and int(total[5]) > 0
    assert any(x[:4] == ["00004", x[1], "REACH:*:F:*", "-"] for x in lines)
    assert any(x[0] == "00008" and "no counted return" in x[2] for x in lines)
    assert "Targets!E3" in err and (tmp_path / "p.xlsx").is_file()
    code = main(["--data-dir", str(tmp_path / "ward"), "init", "--unit", "00070"])
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path / "ward"), "office", "plan", "--period", "2026-10"]) != 0
