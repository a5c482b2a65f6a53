"""Office screen: the completeness grid shows each ward's state and a click shows its files and problems."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtWidgets import QTextBrowser

from ward_desk.db import close_database, open_database
from ward_desk.models import ReceivedReturn
from ward_desk.ui.context import AppContext
from ward_desk.ui.office import OfficeScreen
from tests.conftest import sign_in_test_admin


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


def test_a_conflict_says_why_and_a_rejected_cell_names_its_file(qtbot, office_folder, tmp_path):
    from tests.unit.test_office import _inbox_folder

    screen = OfficeScreen(AppContext(office_folder))
    screen.quiet = True
    qtbot.addWidget(screen)
    screen.receive_paths([str(_inbox_folder(tmp_path))])
    screen.period_box.setCurrentText("2026-10")
    screen.refresh()
    col = 1 + screen.periods().index("2026-10")

    def row_of(code):
        return next(r for r in range(screen.grid.rowCount()) if screen.grid.item(r, 0).text().startswith(code))

    conflict = screen.grid.item(row_of("00008"), col)
    assert "2" in conflict.text() and conflict.toolTip()  # two files, and why in the tooltip
    screen.show_cell(row_of("00008"), col)
    text = screen.details.toPlainText()
    assert "ngocha-pc1.xlsx" in text and "ngocha-pc2.xlsx" in text
    assert "lần nộp 1" in text and "lần nộp 2" in text  # the same submission; the ward must send the next
    hashes = {r.content_sha256[:8] for r in ReceivedReturn.select().where(ReceivedReturn.unit_code == "00008")}
    assert len(hashes) == 2 and all(h in text for h in hashes)  # the two different contents
    rejected = screen.grid.item(row_of("00004"), col)
    assert "badinh.xlsx" in rejected.text()


def test_a_clerk_of_the_office_sees_the_grid_but_cannot_receive(qtbot, office_folder):
    from ward_desk.services import accounts

    accounts.create_user("thu", "thu's own password", "clerk")
    accounts.sign_in("thu", "thu's own password")
    screen = OfficeScreen(AppContext(office_folder))
    qtbot.addWidget(screen)
    assert not screen.consolidate_button.isEnabled() and not any(b.isEnabled() for b in screen.pick_buttons)
    assert screen.staff_note.text()


def test_an_office_folder_opens_on_the_office_screens(qtbot, tmp_path, monkeypatch):
    """`ward-desk office init`'s folder in the main window: the office's screens only, its name in the status."""
    from PySide6.QtCore import QCoreApplication, QSettings

    from ward_desk.cli import main
    from ward_desk.ui.main_window import MainWindow

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    QCoreApplication.setOrganizationName("WardDeskTest")
    QSettings().clear()
    folder = tmp_path / "office01"
    assert main(["--data-dir", str(folder), "office", "init", "--office", "01"]) == 0
    open_database(folder)
    sign_in_test_admin()
    try:
        window = MainWindow(AppContext(folder))
        qtbot.addWidget(window)
        assert window._names == ["office", "users", "audit", "backups", "settings"]
        assert window._names[window.nav.currentRow()] == "office"
        assert isinstance(window.stack.currentWidget(), OfficeScreen)
        assert "01 Thành phố Hà Nội" in window.statusBar().currentMessage()
        assert "01 Thành phố Hà Nội" in window.windowTitle()
        menu = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
        assert not any("RECORDS-1" in t for t in menu)  # an office keeps no records
    finally:
        QSettings().clear()
        close_database()


def test_a_ward_folder_shows_no_office_screen(qtbot, ward_db, data_dir):
    from ward_desk.ui.main_window import MainWindow

    window = MainWindow(AppContext(data_dir))
    qtbot.addWidget(window)
    assert "office" not in window._names and "clients" in window._names
    screen = OfficeScreen(AppContext(data_dir))  # reached some other way: it says what to do
    qtbot.addWidget(screen)
    assert "office init" in screen.summary.text()
