"""Issue 16 point 6: the audit screen shows actions and record types in words and times in local time (the
trail keeps codes and UTC); its date filter takes the PC's days."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import Qt

from ward_desk.models import AuditEntry
from ward_desk.services import records
from ward_desk.ui.context import AppContext


@pytest.fixture
def hanoi(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")  # UTC+7 all year
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_actions_record_types_and_local_times(qtbot, ward_db, data_dir, hanoi, monkeypatch):
    from ward_desk.ui.security import AuditScreen

    monkeypatch.setenv("WARD_DESK_LANG", "vi")
    records.save_record("clients", {"client_code": "HK-1", "sex": "F", "group": "SW"})
    screen = AuditScreen(AppContext(data_dir))
    qtbot.addWidget(screen)
    model = screen.model
    row = next(i for i, e in enumerate(model.rows) if e.action == "create")
    shown = [model.data(model.index(row, c), Qt.ItemDataRole.DisplayRole) for c in range(model.columnCount())]
    entry = model.rows[row]
    assert shown[2] == "Tạo mới" and shown[3] == "Khách hàng" and shown[4] == "HK-1"
    local = (entry.at + dt.timedelta(hours=7)).strftime("%d/%m/%Y %H:%M:%S")  # stored UTC, shown UTC+7
    assert shown[0] == local
    assert "UTC" not in model.headerData(0, Qt.Orientation.Horizontal)
    assert screen.action.itemText(screen.action.findData("create")) == "Tạo mới"  # the filter too
    screen.table.selectRow(row)
    assert local in screen.detail.toPlainText() and "Tạo mới" in screen.detail.toPlainText()
    # an entry written at 20:00 UTC is the next day in Hà Nội: the filter for that local day finds it
    ward_db.execute_sql("DROP TRIGGER IF EXISTS audit_log_no_update")  # the test moves the entry in time
    AuditEntry.update(at=dt.datetime(2026, 3, 1, 20, 0)).where(AuditEntry.id == entry.id).execute()
    from PySide6.QtCore import QDate

    screen.since.setDate(QDate(2026, 3, 2))
    screen.until.setDate(QDate(2026, 3, 2))
    screen.refresh()
    assert [e.id for e in model.rows] == [entry.id]
