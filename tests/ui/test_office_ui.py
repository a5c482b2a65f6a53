"""Office screen: the completeness grid shows each ward's state and a click shows its files and problems."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtWidgets import QTextBrowser

from ward_desk.db import close_database, open_database
from ward_desk.models import ReceivedReturn
from ward_desk.services import office
from ward_desk.ui.context import AppContext
from ward_desk.ui.office import OfficeScreen
from tests.conftest import sign_in_test_admin


@pytest.fixture
def office_folder(tmp_path):
    folder = tmp_path / "office"
    open_database(folder, create=True)
    sign_in_test_admin()
    office.initialise_office("C-HOANKIEM", ["00070", "00004", "00008"])
    yield folder
    close_database()


def test_grid_click_shows_file_and_problems(qtbot, office_folder):
    ReceivedReturn.create(received_at=dt.datetime(2026, 11, 3, 8), original_name="hk.xlsx", file_sha256="1",
                          status="ACCEPTED", unit_code="00070", period="2026-10", submission_no=1,
                          content_sha256="c", stored_name="WDR1_00070_2026-10_s1_aaaa.xlsx")
    ReceivedReturn.create(received_at=dt.datetime(2026, 11, 3, 9), original_name="bd.xlsx", file_sha256="2",
                          status="REJECTED", unit_code="00004", period="2026-10",
                          problems_json=json.dumps(["Meta!B14: mã băm nội dung không khớp"], ensure_ascii=False))
    screen = OfficeScreen(AppContext(office_folder))
    screen.quiet = True
    qtbot.addWidget(screen)
    assert screen.state_at("00070", "2026-10") == "ACCEPTED"
    assert screen.state_at("00004", "2026-10") == "REJECTED"
    assert screen.state_at("00008", "2026-10") == "MISSING"
    row = next(r for r in range(screen.grid.rowCount()) if screen.grid.item(r, 0).text().startswith("00004"))
    screen.show_cell(row, 1)
    assert "bd.xlsx" in screen.details.toPlainText()
    assert "Meta!B14: mã băm nội dung không khớp" in screen.details.toPlainText()
    row = next(r for r in range(screen.grid.rowCount()) if screen.grid.item(r, 0).text().startswith("00070"))
    screen.show_cell(row, 1)
    assert str(office_folder / "inbox" / "WDR1_00070_2026-10_s1_aaaa.xlsx") in screen.details.toPlainText()
    assert screen.inbox.rowCount() == 2


def test_inbox_folder_from_the_screen(qtbot, office_folder, tmp_path):
    from tests.unit.test_office import _inbox_folder

    src = _inbox_folder(tmp_path)
    context = AppContext(office_folder)
    screen = OfficeScreen(context)
    screen.quiet = True
    qtbot.addWidget(screen)
    with qtbot.waitSignal(context.records_changed, timeout=20_000):
        arrivals = screen.receive_paths([str(src)])  # what a drop or a folder pick does
    assert len(arrivals) == 8
    screen.period_box.setCurrentText("2026-10")
    screen.refresh()
    assert screen.state_at("00070", "2026-10") == "CORRECTION"
    assert screen.state_at("00004", "2026-10") == "REJECTED"
    assert screen.state_at("00008", "2026-10") == "CONFLICT"
    # the reasons for each refused file are shown on arrival, and the inbox lists every file
    text = screen.details.toPlainText()
    assert "badinh.xlsx" in text and "notes.xlsx" in text and "hcm.xlsx" in text
    assert screen.inbox.rowCount() == 8
    reasons = [screen.inbox.item(r, 6).text() for r in range(8) if screen.inbox.item(r, 1).text() == "badinh.xlsx"]
    assert reasons and reasons[0]
    # a double click opens the file that counts (the correction) as the printed form
    row = next(r for r in range(screen.grid.rowCount()) if screen.grid.item(r, 0).text().startswith("00070"))
    col = 1 + screen.periods().index("2026-10")
    dialog = screen.open_cell_form(row, col)
    assert dialog is not None and "Phường Hoàn Kiếm" in dialog.findChild(QTextBrowser).toPlainText()
    dialog.close()


def test_consolidate_from_the_screen(qtbot, office_folder, tmp_path):
    from tests.unit.test_office import _inbox_folder
    from ward_desk.export.return_check import check_return

    screen = OfficeScreen(AppContext(office_folder))
    screen.quiet = True
    qtbot.addWidget(screen)
    screen.receive_paths([str(_inbox_folder(tmp_path))])
    out = tmp_path / "WDR1_C-HOANKIEM_2026-10.xlsx"
    assert screen.consolidate_to("2026-10", out), getattr(screen, "last_error", "")
    result = check_return(out)
    assert result.ok, result.problems
    assert result.meta["unit_code"] == "C-HOANKIEM" and result.meta["period"] == "2026-10"
    from ward_desk.services import audit

    logged = list(audit.entries(action="export", table="office_return"))  # who consolidated, from which files
    assert [(e.record_ref, e.user_name) for e in logged] == [("C-HOANKIEM/2026-10", "admin")]
