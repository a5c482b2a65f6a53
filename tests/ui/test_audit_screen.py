"""The audit trail viewer: paged model (qtmodeltester), filters, the chain check, export; hidden from clerks."""

from __future__ import annotations

from openpyxl import load_workbook

from ward_desk.services import accounts, records
from ward_desk.ui.context import AppContext
from ward_desk.ui.security import AuditScreen


def _some_work():
    for i in range(5):
        records.save_record("clients", {"client_code": f"HK-{i}", "sex": "F", "birth_year": 1990, "group": "SW"})


def test_the_viewer_filters_verifies_and_exports(qtbot, qtmodeltester, ward_db, data_dir, tmp_path):
    _some_work()
    screen = AuditScreen(AppContext(data_dir))
    qtbot.addWidget(screen)
    qtmodeltester.check(screen.model)
    everything = screen.model.total
    assert everything >= 6  # five creates and the sign-in
    screen.action.setCurrentIndex(screen.action.findData("create"))
    assert screen.model.total == 5
    assert all(e.action == "create" for e in screen.model.rows)
    screen.table.selectRow(0)
    assert "HK-4" in screen.detail.toPlainText()  # newest first, with its new values
    screen.search.setText("HK-2")
    screen.refresh()
    assert screen.model.total == 1
    assert screen.verify() == [] and "intact" in screen.verdict.text()
    written = screen.export(str(tmp_path / "trail.xlsx"))
    assert written == 1
    sheet = load_workbook(tmp_path / "trail.xlsx").active
    assert sheet.max_row == 2

    ward_db.execute_sql("DROP TRIGGER IF EXISTS audit_log_no_update")  # what an attacker with the key would do
    ward_db.execute_sql("UPDATE audit_log SET user_name = 'someone else' WHERE action = 'create'")
    assert screen.verify() and "tampered" in screen.verdict.text()


def test_a_clerk_does_not_see_the_trail(qtbot, ward_db, data_dir):
    from ward_desk.ui.main_window import MainWindow

    accounts.create_user("thu", "thu's own password", "clerk")
    accounts.sign_in("thu", "thu's own password")
    window = MainWindow(AppContext(data_dir))
    qtbot.addWidget(window)
    assert "audit" not in window._names
    accounts.sign_in("admin", "test password 1")
    window2 = MainWindow(AppContext(data_dir))
    qtbot.addWidget(window2)
    assert "audit" in window2._names
