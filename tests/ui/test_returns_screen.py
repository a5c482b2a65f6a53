"""The returns screen: a return file shown as the printed form, with the check's problems in red."""

from __future__ import annotations

from ward_desk.ui.context import AppContext
from ward_desk.ui.returns import ReturnsScreen
from tests.wdr1_files import write_return


def test_show_a_return_file_as_the_form(qtbot, ward_db, data_dir, tmp_path):
    screen = ReturnsScreen(AppContext(data_dir))
    screen.quiet = True
    qtbot.addWidget(screen)
    good = write_return(tmp_path / "WDR1_00070_2026-10.xlsx", "00070")
    assert screen.show_file(good) == []
    text = screen.document().toPlainText()
    assert "Phường Hoàn Kiếm" in text and "2026-10" in text and "Kỳ này" in text and "Lũy kế" in text
    assert "Số người được tiếp cận" in text
    assert "sẵn sàng" in screen.status.text()

    edited = write_return(tmp_path / "edited.xlsx", "00070", tamper=True)
    problems = screen.show_file(edited)
    assert problems and any("content_sha256" in p for p in problems)
    assert "#b71c1c" in screen.html  # the problems are shown in red above the form
    assert "edited.xlsx" in screen.status.text()


def test_print_output_is_the_form(qtbot, ward_db, data_dir, tmp_path):
    screen = ReturnsScreen(AppContext(data_dir))
    qtbot.addWidget(screen)
    screen.show_file(write_return(tmp_path / "r.xlsx", "00070"))
    pdf = screen.print_to_pdf(tmp_path / "r.pdf")
    body = pdf.read_bytes()
    assert body.startswith(b"%PDF") and body.count(b"/Type /Page") - body.count(b"/Type /Pages") >= 2


def test_a_supervisor_unlocks_a_closed_period_with_a_reason_and_a_clerk_cannot(qtbot, ward_db, data_dir, tmp_path,
                                                                                monkeypatch):
    import datetime as dt

    import pytest
    from PySide6.QtWidgets import QMessageBox

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: warned.append(a[2])))

    from ward_desk.errors import WardDeskError
    from ward_desk.services import accounts, closing, records, returns

    records.save_record("clients", {"client_code": "K-1", "sex": "F", "group": "SW"})
    records.save_record("contacts", {"id": "C-1", "client_code": "K-1", "date": dt.date(2026, 10, 3),
                                     "channel": "DIRECT"})
    returns.export_return("2026-10", basis="calendar", out=tmp_path)
    screen = ReturnsScreen(AppContext(data_dir))
    qtbot.addWidget(screen)
    screen.refresh()
    assert screen.closed.rowCount() == 1 and screen.closed.item(0, 0).text() == "2026-10"
    assert screen.closed.item(0, 4).text() == "Đã khóa"
    with pytest.raises(WardDeskError):  # the contact of October is locked now
        records.save_record("contacts", {"id": "C-2", "client_code": "K-1", "date": dt.date(2026, 10, 9),
                                         "channel": "PHONE"})
    screen.closed.selectRow(0)
    assert screen.unlock_button.isEnabled()
    assert not screen.unlock_selected(reason="  ")  # a reason is needed (the warning is shown, nothing changes)
    assert warned and "lý do" in warned[0].lower()
    assert closing.period_states()[0]["locked"]
    assert screen.unlock_selected(reason="sửa ngày tiếp cận ghi nhầm")
    assert "sửa ngày tiếp cận ghi nhầm" in screen.closed.item(0, 4).text()
    records.save_record("contacts", {"id": "C-2", "client_code": "K-1", "date": dt.date(2026, 10, 9),
                                     "channel": "PHONE"})

    accounts.create_user("lan", "clerk password 1", "clerk")
    accounts.sign_in("lan", "clerk password 1")
    screen.refresh()
    assert not screen.unlock_button.isEnabled()  # a clerk sees the periods, cannot reopen them


def test_a_correction_lists_its_changes_in_words():
    from ward_desk.ui.returns.screen import _change_text

    text = _change_text({"indicator": "REACH", "category": "*", "sex": "F", "age": "18-24", "old": 12, "new": 13,
                         "old_ytd": 40, "new_ytd": 41})
    assert text.startswith("Số người được tiếp cận (") and "18-24" in text and "12 → 13" in text
    assert "lũy kế 40 → 41" in text and "REACH|" not in text


def test_a_correction_in_english_is_all_english(english):
    from ward_desk.ui.returns.screen import _change_text

    text = _change_text({"indicator": "REFERRED", "category": "HIV_TEST", "sex": "F", "age": "*", "old": 1,
                         "new": 2})
    assert "Xét nghiệm" not in text and "HIV" in text and "1 → 2" in text


def test_an_office_return_mixing_versions_marks_what_only_some_wards_reported(qtbot, ward_db, data_dir, tmp_path):
    from ward_desk.services.consolidate import consolidate

    files = [write_return(tmp_path / "in" / "a.xlsx", "00004"),
             write_return(tmp_path / "in" / "b.xlsx", "00070", version=2)]
    out = consolidate("C-X", "2026-10", files, tmp_path / "cons.xlsx", wards=["00070", "00004"]).out
    screen = ReturnsScreen(AppContext(data_dir))
    screen.quiet = True
    qtbot.addWidget(screen)
    assert screen.show_file(out) == []
    text = screen.document().toPlainText()
    assert text.count("(1/2 xã/phường báo cáo)") == 12  # each version 2 indicator, none of version 1's
    assert "Số cuộc gọi đường dây nóng, theo nội dung" in text
