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


def test_export_says_first_that_it_closes_the_period_and_the_closed_tab_follows(qtbot, monkeypatch, ward_db,
                                                                               data_dir, tmp_path):
    from ward_desk.services import accounts

    _seed()
    accounts.set_full_name(accounts.current_user().username, "Trần Thị Mai")
    screen = ReturnsScreen(AppContext(data_dir))
    screen.quiet = True
    qtbot.addWidget(screen)
    screen.set_period("2026-10")
    asked = []
    monkeypatch.setattr("ward_desk.ui.widgets.confirm", lambda parent, title, question, **k: asked.append(question))
    screen._export_clicked()  # "No": nothing written, nothing asked of the file dialog
    assert len(asked) == 1 and "2026-10" in asked[0] and ExportHistory.select().count() == 0
    closed_before = screen.closed.rowCount()
    task = screen.export_to(tmp_path / screen.default_file_name())  # "Người lập": the signed-in user's full name
    assert task.error is None, screen.last_error
    assert ExportHistory.get().prepared_by == "Trần Thị Mai"
    assert screen.closed.rowCount() == closed_before + 1  # the closed periods tab is current at once


def test_the_screen_names_the_default_version_and_exports_the_one_chosen(qtbot, ward_db, data_dir, tmp_path):
    from ward_desk.export.return_check import check_return
    from ward_desk.services import settings

    _seed()
    settings.set("return_v1_until", "2026-10")  # the office asks for version 1 up to October
    screen = ReturnsScreen(AppContext(data_dir))
    screen.quiet = True
    qtbot.addWidget(screen)
    screen.set_period("2026-10")
    assert screen.version.currentData() is None and screen.version.itemText(0) == "Phiên bản 1 (mặc định)"
    assert "Số lượt chuyển gửi dịch vụ" not in screen.document().toPlainText()  # version 1's form
    task = screen.export_to(tmp_path / "v1.xlsx")
    assert task.error is None and check_return(tmp_path / "v1.xlsx").meta["template_version"] == "1"
    screen.version.setCurrentIndex(screen.version.findData(2))  # the ward's choice
    text = screen.document().toPlainText()
    assert "Số lượt chuyển gửi dịch vụ" in text and "Số cuộc gọi đường dây nóng" in text and "PHIÊN BẢN 2" in text
    task = screen.export_to(tmp_path / "v2.xlsx")
    result = check_return(tmp_path / "v2.xlsx")
    assert task.error is None and result.ok and result.meta["template_version"] == "2" and len(result.cells) == 1400
    screen.set_period("2026-11")
    assert screen.version.itemText(0) == "Phiên bản 2 (mặc định)"
