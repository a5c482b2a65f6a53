"""Issue 16 points 9 and 10: the follow-up lists print (a preview, the printer, a PDF) as well as export; long
Vietnamese labels are read whole in the follow-up lists and the client page's tabs at 1366x768."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from ward_desk.services import records

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date.today()


@pytest.fixture
def vietnamese(qapp):
    from ward_desk.ui import i18n

    subprocess.run([sys.executable, str(ROOT / "packaging" / "build_resources.py")], check=True)  # .ts -> .qm
    i18n.install_translator("vi")
    yield
    i18n.install_translator("en")


@pytest.fixture
def context(ward_db, data_dir):
    from ward_desk.ui.context import AppContext

    return AppContext(data_dir)


@pytest.fixture
def waiting(ward_db):
    records.save_record("clients", {"client_code": "MNHF1995", "sex": "F", "group": "SW", "birth_year": 1995})
    records.save_record("referrals", {"client_code": "MNHF1995", "service": "STI", "status": "REFERRED",
                                      "referred_on": TODAY - dt.timedelta(days=60)})
    records.save_record("loans", {"client_code": "MNHF1995", "programme": "JOB",
                                  "referred_on": TODAY - dt.timedelta(days=50),
                                  "approved_on": TODAY - dt.timedelta(days=40)})
    records.save_record("peer_groups", {"id": "NH01", "name": "Nhóm Hoa Sen", "kind": "PEER",
                                        "founded_on": TODAY - dt.timedelta(days=90)})
    records.save_record("peer_members", {"group_id": "NH01", "client_code": "MNHF1995",
                                         "joined_on": TODAY - dt.timedelta(days=30)})


def test_the_follow_up_lists_print(qtbot, context, waiting, tmp_path, monkeypatch, vietnamese):
    from ward_desk.ui.followups_screen import FollowupsScreen

    screen = FollowupsScreen(context)
    qtbot.addWidget(screen)
    html = screen.html()
    referral = screen.referrals.item(0, 0).text()
    assert referral in html and "MNHF1995" in html and "Bệnh lây truyền qua đường tình dục" in html
    assert "Số ngày chờ" in html and TODAY.strftime("%d/%m/%Y") in html  # headings and the day, in Vietnamese
    out = screen.print_to_pdf(tmp_path / "theo-doi.pdf")
    assert out.read_bytes()[:5] == b"%PDF-" and out.stat().st_size > 1000
    previews = []
    monkeypatch.setattr("PySide6.QtPrintSupport.QPrintPreviewDialog.exec", lambda dialog: previews.append(dialog))
    qtbot.keyClick(screen.print_button, Qt.Key.Key_Space)  # the button opens the preview
    assert previews and screen.print_button.text() == "In…"


def _whole(widget_text: str, metrics, room: int) -> bool:
    return metrics.horizontalAdvance(widget_text) <= room


def test_long_vietnamese_labels_are_not_cut_at_1366x768(qtbot, context, waiting, vietnamese):
    from ward_desk.ui.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1366 - 16, 768 - 40)  # a 1366x768 laptop less the taskbar and the window's frame
    window.show()
    follow = window.show_screen("followups")
    qtbot.waitExposed(window)
    for table in (follow.referrals, follow.loans):
        metrics = table.fontMetrics()
        header = table.horizontalHeader()
        for column in range(table.columnCount()):
            title = table.horizontalHeaderItem(column).text()
            assert _whole(title, header.fontMetrics(), header.sectionSize(column)), title
            for row in range(table.rowCount()):
                text = table.item(row, column).text()
                assert _whole(text, metrics, table.columnWidth(column)), text
    assert "Bệnh lây truyền qua đường tình dục" in follow.referrals.item(0, 2).text()

    page = window.show_screen("client", record_id=records.find_by_ref("clients", "MNHF1995"))
    bar = page.tabs.tabBar()
    assert page.tabs.elideMode() == Qt.TextElideMode.ElideNone
    names = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert any("nhóm" in name.casefold() for name in names), names  # the long one: peer group members
    for i, name in enumerate(names):
        assert _whole(name, bar.fontMetrics(), bar.tabRect(i).width()), name
