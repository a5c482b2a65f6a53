"""Backups from the app: back up now and to a folder, restore (asked first), a damaged backup refused."""

from __future__ import annotations

import pytest

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


@pytest.fixture
def english_ui(english):
    """The screen's English source texts, whatever translator an earlier test left installed (a main window
    built by tests/ui/test_security_ui.py installs this PC's language, Vietnamese)."""
    from ward_desk.ui import i18n

    i18n.install_translator("en")
    yield
    i18n.install_translator("en")


def test_a_passphrase_change_offers_a_new_key(qtbot, ward_db, data_dir, monkeypatch, english_ui):
    from ward_desk import config
    from ward_desk import keys
    from ward_desk.services import audit

    records.save_record("clients", {"client_code": "HK-KEY", "sex": "F", "birth_year": 1990, "group": "SW"})
    db_path = config.database_path(data_dir)
    old_id = keys.read_key_file(db_path)["key_id"]
    screen = BackupScreen(AppContext(data_dir))
    qtbot.addWidget(screen)
    monkeypatch.setattr(BackupScreen.change_passphrase, "quiet", True, raising=False)
    assert screen.change_passphrase("a changed passphrase 3", rotate=False)
    assert keys.read_key_file(db_path)["key_id"] == old_id and "was not" in screen.message.text()
    assert screen.change_passphrase("a changed passphrase 4", rotate=True)
    assert keys.read_key_file(db_path)["key_id"] != old_id and screen.recovery_code in screen.message.text()
    assert Client.select().count() == 1 and audit.count(action="key.rotate") == 1 and audit.verify() == []


def test_automatic_backup_failures_and_stale_backups_show_in_the_status_bar(qtbot, ward_db, data_dir,
                                                                           monkeypatch, english):
    import datetime as dt

    from PySide6.QtWidgets import QMainWindow

    from ward_desk import app
    from ward_desk.services import backup

    window = QMainWindow()
    qtbot.addWidget(window)

    def full_disk(kind):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "automatic", full_disk)
    app.automatic_backup("daily", window)
    shown = window.statusBar().currentMessage()
    assert "automatic backup failed" in shown and "disk" in shown and "no backup" in shown.lower()
    monkeypatch.undo()
    made = backup.create(kind="daily")
    old = made.with_name(made.name.replace(made.name.split("-")[2], "20200101"))  # made years ago, by its name
    made.rename(old)
    made.with_name(made.name + ".key.json").rename(old.with_name(old.name + ".key.json"))
    monkeypatch.setattr(backup, "automatic", full_disk)
    app.automatic_backup("daily", window)
    assert "2020-01-01" in window.statusBar().currentMessage()
    monkeypatch.undo()
    app.automatic_backup("daily", window)  # today's backup made: nothing to warn about
    assert window.backup_warning is None and backup.last_good().date() == dt.date.today()
