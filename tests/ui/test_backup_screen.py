"""Backups from the app: back up now and to a folder, restore (asked first), a damaged backup refused."""

from __future__ import annotations

from ward_desk.models import Client
from ward_desk.services import records
from ward_desk.ui.context import AppContext
from ward_desk.ui.security import BackupScreen


def test_back_up_then_restore_from_the_screen(qtbot, ward_db, data_dir, tmp_path):
    records.save_record("clients", {"client_code": "HK-1", "sex": "F", "birth_year": 1990, "group": "SW"})
    context = AppContext(data_dir)
    screen = BackupScreen(context)
    qtbot.addWidget(screen)
    made = screen.back_up()
    assert made is not None and screen.table.rowCount() == 1
    usb = tmp_path / "usb"
    usb.mkdir()
    assert screen.back_up(str(usb)) is not None and list(usb.glob("*.wdbak"))
    records.save_record("clients", {"client_code": "HK-2", "sex": "F", "birth_year": 1991, "group": "SW"})
    screen.table.selectRow(0)
    assert not screen.restore(screen.selected(), confirmed=False)  # "No": nothing changes
    assert Client.select().count() == 2
    with qtbot.waitSignal(context.records_changed, timeout=5000):
        assert screen.restore(screen.selected(), confirmed=True)
    assert [c.client_code for c in Client.select()] == ["HK-1"]

    damaged = tmp_path / "damaged.wdbak"
    damaged.write_bytes(made.read_bytes()[:5000])
    assert not screen.restore(damaged, confirmed=True)
    assert screen.message.text() and Client.select().count() == 1
