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
