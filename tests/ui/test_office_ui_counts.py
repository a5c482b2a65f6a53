"""Office window (issue 17): set a file aside on a conflict, pick up files received elsewhere, a summary after
consolidating, DHIS2/ADX export with its partial warning, compact inbox rows, plain-worded lateness, settings."""

from __future__ import annotations

from tests.wdr1_files import write_return
from ward_desk.services import office
from ward_desk.ui.context import AppContext
from ward_desk.ui.office import OfficeScreen
from ward_desk.ui.office.screen import OfficeSettingsDialog


def screen_for(qtbot, folder):
    screen = OfficeScreen(AppContext(folder))
    screen.quiet = True
    qtbot.addWidget(screen)
    return screen


def grid_row(screen, ward):
    return next(r for r in range(screen.grid.rowCount()) if screen.grid.item(r, 0).text().startswith(ward))


def test_a_conflict_is_cleared_by_setting_a_file_aside_in_the_window(qtbot, office_folder, tmp_path):
    write_return(tmp_path / "in" / "ht-pc1.xlsx", "00004", office="C-HOANKIEM")
    write_return(tmp_path / "in" / "ht-pc2.xlsx", "00004", office="C-HOANKIEM", bump=2)
    screen = screen_for(qtbot, office_folder)
    screen.receive_paths([str(tmp_path / "in")])
    assert screen.state_at("00004", "2026-10") == "CONFLICT"
    screen.show_cell(grid_row(screen, "00004"), 1)
    assert screen.set_aside_button.isEnabled() and not screen.restore_button.isEnabled()
    wrong = next(r for r in screen.candidate_rows() if r.original_name == "ht-pc2.xlsx")
    assert screen.set_aside_file(wrong.id, "máy thứ hai gửi nhầm")
    assert screen.state_at("00004", "2026-10") == "ACCEPTED"
    details = screen.details.toPlainText()
    assert "ht-pc1.xlsx" in details and "máy thứ hai gửi nhầm" in details
    assert screen.restore_button.isEnabled()
    assert screen.restore_file(wrong.id)
    assert screen.state_at("00004", "2026-10") == "CONFLICT"


def test_the_window_sets_aside_by_row_two_files_of_one_name_and_a_rejected_file(qtbot, office_folder, tmp_path):
    write_return(tmp_path / "pc1" / "00004.xlsx", "00004", office="C-HOANKIEM")
    write_return(tmp_path / "pc2" / "00004.xlsx", "00004", office="C-HOANKIEM", bump=2)  # same name, same s1
    write_return(tmp_path / "pc2b" / "00008.xlsx", "00008", office="C-HOANKIEM", tamper=True)
    write_return(tmp_path / "pc3" / "00008.xlsx", "00008", office="C-HOANKIEM", tamper=True, bump=1)
    screen = screen_for(qtbot, office_folder)
    for folder in ("pc1", "pc2", "pc2b", "pc3"):
        screen.receive_paths([str(tmp_path / folder)])
    assert screen.state_at("00004", "2026-10") == "CONFLICT"
    screen.show_cell(grid_row(screen, "00004"), 1)
    first, second = sorted(screen.candidate_rows(), key=lambda r: r.id)
    assert first.original_name == second.original_name == "00004.xlsx"
    assert screen.set_aside_file(second.id, "máy thứ hai")  # exactly the row picked, not the newest of the name
    assert set(office.set_aside_reasons()) == {second.id}
    assert screen.state_at("00004", "2026-10") == "ACCEPTED"
    # the counted file named as `office status` and the office return name it: with its inbox name here
    assert f"00004.xlsx ({first.stored_name})" in screen.details.toPlainText()
    screen.show_cell(grid_row(screen, "00008"), 1)
    older, newer = sorted(screen.candidate_rows(), key=lambda r: r.id)
    assert not older.stored_name and not newer.stored_name  # rejected: never kept in the inbox
    assert screen.set_aside_file(older.id, "bản cũ")
    assert set(office.set_aside_reasons()) == {second.id, older.id}


def test_files_received_elsewhere_appear_without_a_restart(qtbot, office_folder, tmp_path):
    screen = screen_for(qtbot, office_folder)
    screen.show()
    assert not screen.pick_up_changes()
    write_return(tmp_path / "cli" / "hk.xlsx", "00070", office="C-HOANKIEM")
    office.receive([tmp_path / "cli"])  # as `ward-desk office receive` or another officer's PC would
    assert screen.pick_up_changes()
    assert screen.state_at("00070", "2026-10") == "ACCEPTED"
    assert screen.poll.isActive()


def test_consolidating_says_what_was_counted_and_dhis2_export_warns_when_partial(qtbot, office_folder, tmp_path):
    write_return(tmp_path / "in" / "hk.xlsx", "00070", office="C-HOANKIEM")
    write_return(tmp_path / "in" / "bd.xlsx", "00004", office="C-HOANKIEM", tamper=True)
    screen = screen_for(qtbot, office_folder)
    screen.receive_paths([str(tmp_path / "in")])
    out = tmp_path / "out" / "WDR1_C-HOANKIEM_2026-10.xlsx"
    assert screen.consolidate_to("2026-10", out), getattr(screen, "last_error", "")
    summary = screen.last_summary
    assert "đã tính 1/3 xã/phường" in summary and "bị từ chối: 1" in summary and str(out) in summary
    assert screen.last_output == out
    text = screen.export_dhis2(out, "adx", tmp_path / "out" / "dhis2.xml")
    assert text is not None, getattr(screen, "last_error", "")
    assert (tmp_path / "out" / "dhis2.xml").is_file()
    assert "wdr1-default-mapping.json" in text and "THIẾU 2/3" in text


def test_inbox_rows_are_one_line_with_tooltips_and_lateness_is_plainly_worded(qtbot, office_folder, tmp_path):
    long_name = "bao-cao-phuong-hoan-kiem-thang-10-gui-qua-zalo-lan-cuoi-cung-da-sua.xlsx"
    write_return(tmp_path / "in" / long_name, "00070", office="C-HOANKIEM",
                 generated_at="2026-12-16T09:00:00+07:00")
    write_return(tmp_path / "in" / "bd.xlsx", "00004", office="C-HOANKIEM", tamper=True)
    screen = screen_for(qtbot, office_folder)
    screen.receive_paths([str(tmp_path / "in")])
    screen.tabs.setCurrentIndex(1)
    heights = {screen.inbox.rowHeight(r) for r in range(screen.inbox.rowCount())}
    assert len(heights) == 1  # a warning does not make a row taller
    row = next(r for r in range(screen.inbox.rowCount()) if screen.inbox.item(r, 1).text() == long_name)
    assert "nộp muộn 36 ngày so với hạn 10/11/2026" in screen.inbox.item(row, 6).text()
    assert screen.inbox.columnWidth(1) >= screen.inbox.fontMetrics().horizontalAdvance(long_name)
    rejected = next(r for r in range(screen.inbox.rowCount()) if screen.inbox.item(r, 1).text() == "bd.xlsx")
    assert "\n" not in screen.inbox.item(rejected, 6).text()
    assert "bd.xlsx" in screen.inbox.item(rejected, 6).toolTip()
    screen.tabs.setCurrentIndex(0)
    screen.show_cell(grid_row(screen, "00070"), 1)
    assert "nộp muộn 36 ngày so với hạn 10/11/2026" in screen.details.toPlainText()
    assert "quá hạn" not in screen.details.toPlainText()


def test_office_settings_dialog_saves_through_the_service(qtbot, office_folder):
    dialog = OfficeSettingsDialog()
    qtbot.addWidget(dialog)
    dialog.agency.setText("Sở Y tế Thành phố Hà Nội")
    dialog.deadline.setValue(12)
    dialog.wards.setPlainText("00070, 00004, 00008, 00025")
    assert dialog.save(), dialog.message.text()
    values = office.office_settings()
    assert values["agency"] == "Sở Y tế Thành phố Hà Nội" and values["deadline_days"] == 12
    assert "00025" in values["wards"]
    dialog = OfficeSettingsDialog()
    qtbot.addWidget(dialog)
    dialog.wards.setPlainText("00070, 99999")
    assert not dialog.save() and dialog.message.text()
