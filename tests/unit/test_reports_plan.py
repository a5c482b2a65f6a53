"""Annual plan targets: set by a supervisor (audited), imported and exported as a plan workbook (bad files are
located and change nothing), carried by the return in an optional Targets sheet that the Data hash ignores,
summed by consolidation; and the `ward-desk report` / `plan` commands."""

import json

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import CONFORMANCE, TEST_PASSWORD
from ward_desk.cli import main
from ward_desk.errors import ValidationFailed, WardDeskError
from ward_desk.export.return_check import check_return
from ward_desk.models import AuditEntry, PlanTarget
from ward_desk.reports import grid as grids
from ward_desk.reports import plan
from ward_desk.services import accounts, indicators, records_io, returns


@pytest.fixture
def sample_ward(ward_db):
    records_io.import_records(CONFORMANCE / "records-sample.xlsx")
    return ward_db


def test_a_supervisor_sets_targets_audited_and_a_clerk_cannot(ward_db):
    plan.set_targets(2026, {"REACH:*:*:*": 1500, ("REFERRED", "HIV_TEST", "*", "*"): "400", "LOAN_AMOUNT:*:*:*": ""})
    assert plan.targets(2026) == {("REACH", "*", "*", "*"): 1500, ("REFERRED", "HIV_TEST", "*", "*"): 400}
    entry = AuditEntry.select().where(AuditEntry.action == "plan.set").get()
    assert json.loads(entry.new_values) == {"REACH:*:*:*": 1500, "REFERRED:HIV_TEST:*:*": 400}
    assert entry.record_ref == "2026"
    accounts.create_user("lan", "lan's password", "clerk")
    accounts.sign_in("lan", "lan's password")
    with pytest.raises(WardDeskError) as caught:
        plan.set_targets(2026, {"REACH:*:*:*": 1})
    assert caught.value.code == "auth.forbidden"
    assert plan.targets(2026)[("REACH", "*", "*", "*")] == 1500


def test_bad_targets_change_nothing(ward_db):
    plan.set_targets(2026, {"REACH:*:*:*": 10})
    with pytest.raises(ValidationFailed) as caught:
        plan.set_targets(2026, {"REACH:*:*:*": 20, "NOPE:*:*:*": 3, "REACH:*:F:*": "nhiều"})
    assert [p.field for p in caught.value.problems] == ["NOPE:*:*:*", "REACH:*:F:*"]
    assert plan.targets(2026) == {("REACH", "*", "*", "*"): 10}


def test_plan_workbook_round_trip(ward_db, tmp_path):
    blank = plan.export_plan(tmp_path / "blank.xlsx", 2026)
    rows = list(load_workbook(blank).active.values)
    assert rows[0][:5] == plan.HEADER and len(rows) == 1 + len(plan.SUGGESTED)
    wb = load_workbook(blank)
    ws = wb.active
    ws["E2"], ws["E3"], ws["E9"] = 1500, 1200, 300  # REACH, REACH women, REFERRED HIV_TEST
    wb.save(tmp_path / "filled.xlsx")
    found = plan.import_plan(tmp_path / "filled.xlsx", 2026)
    assert found == {("REACH", "*", "*", "*"): 1500, ("REACH", "*", "F", "*"): 1200,
                     ("REFERRED", "HIV_TEST", "*", "*"): 300}
    again = plan.export_plan(tmp_path / "again.xlsx", 2026)
    assert plan.read_plan_workbook(again, 2026) == found


def test_a_bad_plan_workbook_is_located_and_changes_nothing(ward_db, tmp_path):
    plan.set_targets(2026, {"REACH:*:*:*": 10})
    wb = Workbook()
    ws = wb.active
    ws.title = plan.SHEET
    ws.append(("indicator", "category", "sex", "age", "target", "year"))
    ws.append(("REACH", "*", "*", "*", 99, 2026))
    ws.append(("REACHED", "*", "*", "*", 5, 2026))
    ws.append(("REFERRED", "HIV_TEST", "*", "*", "bốn trăm", 2026))
    ws.append(("SESSIONS", "*", "*", "*", 3, 2025))
    ws.append(("REACH", "*", "*", "*", 7, 2026))
    ws["E7"] = "=E2*2"
    ws["A7"] = "CONTACTS"
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    with pytest.raises(ValidationFailed) as caught:
        plan.import_plan(path, 2026)
    located = [p.located() for p in caught.value.problems]
    cells = [p.cell for p in caught.value.problems]
    assert cells == ["E7", "A3", "E4", "F5", "A6"], located
    assert all(line.startswith("plan.xlsx: Kế hoạch!") for line in located), located
    assert plan.targets(2026) == {("REACH", "*", "*", "*"): 10}
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"nope")
    with pytest.raises(ValidationFailed) as caught:
        plan.import_plan(junk, 2026)
    assert caught.value.problems[0].file == "junk.xlsx"


def test_the_return_carries_targets_outside_the_hash_and_the_office_sums_them(sample_ward, tmp_path):
    from ward_desk.services.consolidate import consolidate

    plain = returns.export_return("2026-10", basis="calendar", out=tmp_path / "a")
    plan.set_targets(2026, {"REACH:*:*:*": 150, "EST_COMMITMENTS:*:*:*": 12})
    with_targets = returns.export_return("2026-10", basis="calendar", out=tmp_path / "b")
    assert with_targets.content_sha256 == plain.content_sha256 and with_targets.unchanged
    checked = check_return(with_targets.path)
    assert checked.ok and checked.sheets["Targets"][0] == list(plan.HEADER)
    assert plan.targets_from_sheet(checked.sheets["Targets"]) == {("REACH", "*", "*", "*"): 150,
                                                                  ("EST_COMMITMENTS", "*", "*", "*"): 12}
    assert "Targets" not in check_return(plain.path).sheets  # no target: no sheet, the return as before
    # A second ward's return with its own targets, made from this one's file (another unit code).
    import shutil
    from tests.wdr1_files import write_return

    other = write_return(tmp_path / "other.xlsx", "00004")
    wb = load_workbook(other)
    t = wb.create_sheet("Targets")
    for row in (plan.HEADER, ("REACH", "*", "*", "*", 50), ("SESSIONS", "*", "*", "*", 4)):
        t.append(row)
    wb.save(other)
    assert check_return(other).ok
    shutil.copy(with_targets.path, tmp_path / "ward.xlsx")
    cons = consolidate("01", "2026-10", [tmp_path / "ward.xlsx", other], tmp_path / "cons.xlsx")
    grid = grids.from_return(cons.out)
    assert grid.targets == {("REACH", "*", "*", "*"): 200, ("EST_COMMITMENTS", "*", "*", "*"): 12,
                            ("SESSIONS", "*", "*", "*"): 4}
    rows = plan.achievement(grid)
    reach = next(a for a in rows if a.key == ("REACH", "*", "*", "*"))
    assert reach.ytd == grid.sum(("REACH", "*", "*", "*"), "ytd") and reach.target == 200


def test_plan_vs_achieved_sheet(sample_ward, tmp_path):
    plan.set_targets(2026, {"REACH:*:*:*": 200, "REFERRED:*:*:*": 80})
    out = plan.write_plan_vs_achieved(tmp_path / "vs.xlsx", "2026-Q3", basis="calendar")
    ws = load_workbook(out).active
    p = grids.periods.parse("2026-Q3", "calendar")
    cells = {c.key: c for c in indicators.compute(p)}
    reach_ytd = sum(c.ytd for k, c in cells.items() if k[0] == "REACH")
    reach_q3 = sum(c.value for k, c in cells.items() if k[0] == "REACH")
    assert ws["F5"].value == "REACH:*:*:*"
    assert (ws["B5"].value, ws["C5"].value, ws["D5"].value) == (200, reach_q3, reach_ytd)
    assert ws["E5"].value == round(reach_ytd / 200, 4)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_commands(tmp_path, capsys, english, monkeypatch):
    data = str(tmp_path / "ward")
    assert run(capsys, "--data-dir", data, "init", "--unit", "00070")[0] == 0
    from ward_desk.db import opened

    with opened(data):
        accounts.sign_in("admin", TEST_PASSWORD)
        records_io.import_records(CONFORMANCE / "records-sample.xlsx")
    code, out, err = run(capsys, "--data-dir", data, "plan", "set", "--year", "2026", "REACH:*:*:*=200",
                         "REFERRED:HIV_TEST:*:*=40")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", data, "plan", "show", "--year", "2026")
    assert "REACH:*:*:*\t200\tPeople reached" in out
    code, out, err = run(capsys, "--data-dir", data, "plan", "export", str(tmp_path / "p.xlsx"), "--year", "2026")
    assert code == 0 and (tmp_path / "p.xlsx").is_file()
    code, out, err = run(capsys, "--data-dir", data, "plan", "import", str(tmp_path / "p.xlsx"), "--year", "2027")
    assert code == 1 and "p.xlsx: Kế hoạch!F2: a row for 2026, not for 2027" in err  # the plan of another year
    code, out, err = run(capsys, "--data-dir", data, "plan", "import", str(tmp_path / "p.xlsx"), "--year", "2026")
    assert code == 0 and "2 plan target(s) for 2026" in out, err
    code, out, err = run(capsys, "--data-dir", data, "report", "narrative", "--period", "2026-H1", "--out",
                         str(tmp_path / "F.docx"))
    assert code == 0 and out.strip() == str(tmp_path / "F.docx"), err
    form = CONFORMANCE.parents[2] / "resources" / "forms" / "bieu-01-ket-qua-pcmd.xlsx"
    code, out, err = run(capsys, "--data-dir", data, "report", "fill-form", str(form), "--period", "2026",
                         "--out", str(tmp_path / "F.xlsx"))
    assert code == 0 and "cell(s) filled" in err, err
    code, out, err = run(capsys, "--data-dir", data, "report", "plan-vs-achieved", "--period", "2026-H1",
                         "--out", str(tmp_path / "vs.xlsx"))
    assert code == 0, err
    bad = tmp_path / "bad.xlsx"
    wb = Workbook()
    wb.active["B2"] = "{{REACH:*:Q:*:value}}"
    wb.save(bad)
    code, out, err = run(capsys, "--data-dir", data, "report", "fill-form", str(bad), "--period", "2026",
                         "--out", str(tmp_path / "never.xlsx"))
    assert code == 1 and "bad.xlsx: Sheet!B2: unknown placeholder" in err, err
    assert not (tmp_path / "never.xlsx").exists()
    with opened(data):
        assert PlanTarget.select().count() == 2


@pytest.mark.sqlite_only(reason="opens a stored first-release SQLCipher ward file")
def test_a_database_from_an_earlier_release_gets_the_plan_table_on_open(tmp_path):
    import shutil

    from tests.conftest import DATA, raw_connect, sign_in_test_admin
    from ward_desk.db import close_database, open_database

    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(DATA / "ward-v1.db", folder / "ward.db")
    open_database(folder)  # made by the first release: no plan table in it
    try:
        sign_in_test_admin()
        plan.set_targets(2026, {"REACH:*:*:*": 5})
        assert plan.targets(2026) == {("REACH", "*", "*", "*"): 5}
    finally:
        close_database()
    import contextlib

    with contextlib.closing(raw_connect(folder / "ward.db")) as con:
        indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'plan_targets' "
                                             "AND type = 'index'")}
    assert indexes  # one target per year and pattern


def test_a_report_needs_a_period_or_a_return_file(tmp_path, capsys, english):
    code = main(["--data-dir", str(tmp_path / "x"), "report", "narrative", "--out", str(tmp_path / "a.docx")])
    assert code == 2 and "--period is needed" in capsys.readouterr().err
