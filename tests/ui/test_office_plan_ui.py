"""The office window's Plan tab shows the wards' targets against achievement (total first, then each ward, a
missing ward said so, an unreadable Targets row named); the ward's Plan screen refuses a plan workbook with a
value in XFD1048576 with a located message instead of dying."""

from __future__ import annotations

from openpyxl import Workbook

from tests.conftest import CONFORMANCE
from tests.unit.test_office_plan import REACH, returns_with_targets
from ward_desk.reports import plan
from ward_desk.reports import office_plan
from ward_desk.services import office, records_io
from ward_desk.ui.context import AppContext


def test_the_office_window_shows_targets_and_achievement(qtbot, office_folder, tmp_path):
    from ward_desk.ui.office import OfficeScreen

    office.receive([returns_with_targets(tmp_path / "mail")])
    screen = OfficeScreen(AppContext(office_folder))
    screen.quiet = True
    screen.plan_tab.quiet = True
    qtbot.addWidget(screen)
    screen.period_box.setCurrentText("2026-10")
    assert screen.plan_tab.plan is None  # read only when shown
    screen.tabs.setCurrentWidget(screen.plan_tab)
    table = screen.plan_tab.table
    assert screen.plan_tab.plan is not None and table.rowCount() == 2 + 2 + 2 + 1
    expected = office_plan.plan_vs_achieved("2026-10").line(None, REACH)
    first = [table.item(0, c).text() for c in range(6)]
    assert first[0] == "Tổng cộng" and first[1] == "Số người được tiếp cận"
    assert first[2:5] == ["400", str(expected.value), str(expected.ytd)]
    assert first[5] == f"{expected.percent:.1f}".replace(".", ",") + "%"
    rows = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert ["00004 Phường Ba Đình", "Số người được tiếp cận — nữ", "—"] in rows  # no target set there
    assert any(r[0].startswith("00008") and "Chưa nộp" in r[1] for r in rows)
    assert "Targets!E3" in screen.plan_tab.notes.text()
    assert screen.plan_tab.export_to(tmp_path / "vs.xlsx") and (tmp_path / "vs.xlsx").is_file()


def test_the_plan_screen_refuses_a_far_cell_plan_workbook(qtbot, ward_db, data_dir, tmp_path):
    from ward_desk.ui.reports_ui import PlanScreen

    records_io.import_records(CONFORMANCE / "records-sample.xlsx")
    plan.set_targets(2026, {"REACH:*:*:*": 10})
    wb = Workbook()
    ws = wb.active
    ws.title = plan.SHEET
    ws.append(plan.HEADER)
    ws.append(("REACH", "*", "*", "*", 100))
    ws["XFD1048576"] = 1
    wb.save(tmp_path / "far.xlsx")
    screen = PlanScreen(AppContext(data_dir))
    qtbot.addWidget(screen)
    screen.quiet = True
    screen.year.setValue(2026)
    assert not screen.import_from(tmp_path / "far.xlsx")
    assert "far.xlsx" in screen.last_error and "XFD1048576" in screen.last_error, screen.last_error
    assert plan.targets(2026) == {("REACH", "*", "*", "*"): 10}
