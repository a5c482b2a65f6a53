"""The printed form: per indicator and category, this period and YTD for total, women and under-18s."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from ward_desk.ui.returns.form import as_cells, render_html, summarise
from ward_desk.ui.returns.screen import make_period


def test_summarise_and_render(qapp):
    rows = [
        ("REACH", "*", "F", "U16", 2, 5), ("REACH", "*", "F", "25-49", 3, 9), ("REACH", "*", "M", "16-17", 1, 1),
        ("REFERRED", "LEGAL", "F", "18-24", 4, 6), ("REFERRED", "HIV_TEST", "M", "50+", 0, 2),
    ]
    table = summarise(as_cells(rows))
    assert table["REACH"] == [("*", [6, 5, 3, 15, 14, 6])]
    assert dict(table["REFERRED"]) == {"LEGAL": [4, 4, 0, 6, 6, 0], "HIV_TEST": [0, 0, 0, 2, 0, 0]}
    html = render_html(rows, {"unit_code": "00070", "unit_name": "Phường Hoàn Kiếm", "period": "2026-10"},
                       ["Data!E5: REACH_NEW > REACH"], {"REACH"})
    doc = QTextDocument()
    doc.setHtml(html)
    text = doc.toPlainText()
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Phường Hoàn Kiếm", "Kỳ này", "Lũy kế",
                     "Người lập biểu", "Thủ trưởng đơn vị", "Data!E5: REACH_NEW > REACH", "Số người được tiếp cận"):
        assert expected in text
    assert "#ffcdd2" in html  # the flagged indicator is highlighted


def test_periods():
    assert make_period("month", 2026, 3) == "2026-03"
    assert make_period("quarter", 2026, 3) == "2026-Q3"
    assert make_period("half", 2026, 2) == "2026-H2"
    assert make_period("year", 2026, 1) == "2026"
