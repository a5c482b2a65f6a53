"""Export a return from the screen and read the file back; cancel an export and find nothing written."""

from __future__ import annotations

import datetime as dt

from ward_desk.models import Client, Contact, ExportHistory
from ward_desk.ui.context import AppContext
from ward_desk.ui.returns import ReturnsScreen


def _seed():
    a = Client.create(client_code="A", sex="F", birth_year=2009, group="SW")
    b = Client.create(client_code="B", sex="M", birth_year=1980, group="RISK")
    Contact.create(ref="k1", client=a, date=dt.date(2026, 10, 3), channel="DIRECT")
    Contact.create(ref="k2", client=b, date=dt.date(2026, 10, 30), channel="PHONE")


def test_export_from_the_screen_and_read_back(qtbot, ward_db, data_dir, tmp_path):
    from ward_desk.export.return_check import check_return

    _seed()
    screen = ReturnsScreen(AppContext(data_dir))
    screen.quiet = True
    qtbot.addWidget(screen)
    screen.set_period("2026-10")
    assert "Phường Hoàn Kiếm" in screen.document().toPlainText()
    assert screen.default_file_name() == "WDR1_00070_2026-10.xlsx"
    out = tmp_path / screen.default_file_name()
    task = screen.export_to(out, prepared_by="Nguyễn Thị Lan")
    assert task.error is None and not task.was_cancelled, screen.last_error
    result = check_return(out)
    assert result.ok, result.problems
    assert result.meta["unit_code"] == "00070" and result.meta["period"] == "2026-10"
    assert result.meta["prepared_by"] == "Nguyễn Thị Lan"
    assert screen.history.rowCount() == 1 and screen.history.item(0, 2).text() == "1"


def test_cancelled_export_writes_nothing(qtbot, ward_db, data_dir, tmp_path):
    _seed()
    screen = ReturnsScreen(AppContext(data_dir))
    screen.quiet = True
    qtbot.addWidget(screen)
    screen.set_period("2026")
    out = tmp_path / "out" / "WDR1_00070_2026.xlsx"
    out.parent.mkdir()
    task = screen.export_to(out, wait=False)
    with qtbot.waitSignal(task.ended, timeout=30_000):
        task.request_cancel()
    assert task.was_cancelled
    assert list(out.parent.iterdir()) == []
    assert ExportHistory.select().count() == 0
