"""The plan screen, the dashboard's plan bars and the Returns screen's report dialogs, driven as a clerk or a
supervisor would; the numbers they produce are the services' (tested cell by cell in tests/unit)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from tests.conftest import CONFORMANCE
from ward_desk.reports import grid as grids
from ward_desk.reports import plan
from ward_desk.services import accounts, records_io
from ward_desk.ui.context import AppContext

FORM = Path(__file__).resolve().parents[2] / "resources" / "forms" / "bieu-01-ket-qua-pcmd.xlsx"


@pytest.fixture
def sample_ward(ward_db):
    records_io.import_records(CONFORMANCE / "records-sample.xlsx")
    return ward_db


def test_the_plan_screen_saves_imports_and_exports(qtbot, sample_ward, data_dir, tmp_path):
    from ward_desk.ui.reports_ui import PlanScreen

    screen = PlanScreen(AppContext(data_dir))
    qtbot.addWidget(screen)
    screen.quiet = True
    screen.year.setValue(2026)
    assert screen.table.rowCount() == len(plan.SUGGESTED)
    screen.set_target("REACH:*:*:*", 200)
    screen.set_target("REFERRED:PREP:*:*", 30)  # not a suggested row: added
    assert screen.save()
    assert plan.targets(2026) == {("REACH", "*", "*", "*"): 200, ("REFERRED", "PREP", "*", "*"): 30}
    row = next(r for r in range(screen.table.rowCount()) if screen.table.item(r, 1).text() == "REACH:*:*:*")
    ytd = grids.from_records("2026").sum(("REACH", "*", "*", "*"), "ytd")
    assert screen.table.item(row, 3).text() == str(ytd)
    assert screen.table.item(row, 4).text() == f"{100 * ytd / 200:.1f}".replace(".", ",") + "%"
    screen.set_target("REACH:*:F:*", "nhiều")
    assert not screen.save() and "nhiều" in screen.last_error
    assert plan.targets(2026)[("REACH", "*", "*", "*")] == 200  # nothing changed
    assert not screen.add_row("REACH:*:*") and "INDICATOR:CATEGORY:SEX:AGE" in screen.last_error
    assert screen.export_to(tmp_path / "plan.xlsx")
    wb = load_workbook(tmp_path / "plan.xlsx")
    wb.active["E2"] = 250
    wb.save(tmp_path / "plan2.xlsx")
    assert screen.import_from(tmp_path / "plan2.xlsx")
    assert plan.targets(2026)[("REACH", "*", "*", "*")] == 250
    assert screen.plan_vs_to(tmp_path / "vs.xlsx", "2026-H1")
    assert load_workbook(tmp_path / "vs.xlsx").active["B5"].value == 250


def test_a_clerk_sees_the_plan_but_cannot_change_it(qtbot, sample_ward, data_dir):
    from ward_desk.ui.reports_ui import PlanScreen

    plan.set_targets(2026, {"REACH:*:*:*": 100})
    accounts.create_user("lan", "lan's password", "clerk")
    accounts.sign_in("lan", "lan's password")
    screen = PlanScreen(AppContext(data_dir))
    qtbot.addWidget(screen)
    screen.year.setValue(2026)
    assert not screen.save_button.isEnabled()
    assert screen.table.item(0, 2).text() == "100"
    assert not (screen.table.item(0, 2).flags() & screen.table.item(0, 2).flags().ItemIsEditable)


def test_the_dashboard_shows_each_target_as_a_percent_bar(qtbot, sample_ward, data_dir):
    from ward_desk.ui.dashboard import DashboardScreen

    screen = DashboardScreen(AppContext(data_dir))
    qtbot.addWidget(screen)
    screen.set_month("2026-10")
    assert screen.plan_panel.percents() == [] and "2026" in screen.plan_panel.empty.text()
    plan.set_targets(2026, {"REACH:*:*:*": 200, "CONTACTS:*:*:*": 1000})
    screen.set_month("2026-10")
    g = grids.from_records("2026-10")
    expected = [100 * g.sum(("REACH", "*", "*", "*"), "ytd") / 200, 100 * g.sum(("CONTACTS", "*", "*", "*"), "ytd") / 1000]
    assert screen.plan_panel.percents() == pytest.approx([min(e, 150) for e in expected])
    assert all(e > 0 for e in expected)


def test_the_returns_screen_writes_the_narrative_and_fills_a_form(qtbot, sample_ward, data_dir, tmp_path):
    from ward_desk.ui.returns import ReturnsScreen

    screen = ReturnsScreen(AppContext(data_dir))
    qtbot.addWidget(screen)
    screen.set_period("2026-H1")
    dialog = screen.reports_dialog("narrative")
    qtbot.addWidget(dialog)
    dialog.quiet = True
    assert dialog.period.currentData() == "2026-H1"
    dialog.out.setText(str(tmp_path / "bc.docx"))
    assert dialog.write(), dialog.last_error
    text = "\n".join(p.text for p in Document(str(tmp_path / "bc.docx")).paragraphs)
    assert "Trong 6 tháng đầu năm 2026, phường đã tiếp cận" in text
    bad = tmp_path / "bad.docx"
    doc = Document()
    doc.add_paragraph("{{REACH}}")
    doc.save(bad)
    assert not dialog.use_template(bad) and "REACH" in dialog.last_error

    fill = screen.reports_dialog("fill")
    qtbot.addWidget(fill)
    fill.quiet = True
    fill.period.setCurrentIndex(fill.period.findData("2026"))
    fill.set_form(FORM)
    assert "placeholder" in fill.info.text() or "chỗ điền" in fill.info.text()
    fill.out.setText(str(tmp_path / "filled.xlsx"))
    assert fill.fill(), fill.last_error
    assert fill.result_fill.filled > 40
    wb = Workbook()
    wb.active["C3"] = "{{REACH:*:*:*:weekly}}"
    wb.save(tmp_path / "bad-form.xlsx")
    fill.set_form(tmp_path / "bad-form.xlsx")
    fill.out.setText(str(tmp_path / "never.xlsx"))
    assert not fill.fill()
    assert "bad-form.xlsx: Sheet!C3:" in fill.status.text()
    assert not (tmp_path / "never.xlsx").exists()


def test_the_plan_screen_is_in_a_wards_navigation(qtbot, sample_ward, data_dir):
    from ward_desk.ui.main_window import MainWindow

    window = MainWindow(AppContext(data_dir))
    qtbot.addWidget(window)
    assert "plan" in window._names
    screen = window.show_screen("plan")
    assert type(screen).__name__ == "PlanScreen"


def test_an_office_fills_a_form_from_its_consolidation(qtbot, sample_ward, tmp_path):
    from ward_desk.services import returns
    from ward_desk.services.consolidate import consolidate
    from ward_desk.ui.reports_ui import FormDialog

    ward = returns.export_return("2026-H1", basis="calendar", out=tmp_path / "w").path
    cons = consolidate("01", "2026-H1", [ward], tmp_path / "cons.xlsx").out
    dialog = FormDialog(None, office=True)
    qtbot.addWidget(dialog)
    dialog.quiet = True
    assert dialog.from_file.isChecked() and not dialog.from_records.isEnabled()
    dialog.set_form(FORM)
    dialog.set_source(cons)
    dialog.out.setText(str(tmp_path / "office-form.xlsx"))
    assert dialog.fill(), dialog.last_error
    ws = load_workbook(tmp_path / "office-form.xlsx")["Biểu 01"]
    reach = grids.from_return(cons).sum(("REACH", "*", "*", "*"), "value")
    row = next(r for r in range(1, 60) if str(ws[f"B{r}"].value or "").startswith("Số người được tiếp cận (S01)"))
    assert ws[f"D{row}"].value == reach > 0
