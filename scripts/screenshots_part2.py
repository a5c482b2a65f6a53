"""Render the part-2 screenshots (dashboard, returns screen, office completeness grid, follow-ups, audit trail,
settings, the set-up wizard) in Vietnamese, at 1366x768 where the window would be.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_part2.py [which...]
Uses throw-away data folders filled with synthetic records (never real people).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"

from PySide6.QtWidgets import QApplication  # noqa: E402

from ward_desk import config  # noqa: E402
from ward_desk.db import close_database, open_database  # noqa: E402
from ward_desk.services import accounts, demo, settings  # noqa: E402
from ward_desk.ui.context import AppContext  # noqa: E402

def seed(folder: Path, unit: str = "00070", seed_no: int = 7, clients: int = 500):
    """A ward with synthetic work from the demo generator."""
    open_database(folder, create=True)
    accounts.sign_in_or_create_admin("admin", "screenshots password")  # the services need a signed-in user
    settings.initialise_ward(unit)
    demo.fill_demo(clients, seed_no)


def dashboard(app):
    from ward_desk.ui.dashboard import DashboardScreen
    folder = Path(tempfile.mkdtemp()) / "ward"
    seed(folder)
    screen = DashboardScreen(AppContext(folder))
    screen.set_month("2026-10")
    screen.resize(1280, 860)
    screen.show()
    app.processEvents()
    screen.grab().save(str(OUT / "dashboard.png"))
    screen.close()
    close_database()


def office(app):
    """A custom office of 12 Hà Nội wards; three months of ward files (written per the standard from the
    conformance grid) received through the inbox, with corrections, late, tampered and conflicting files."""
    from ward_desk import units
    from ward_desk.services import office as office_service
    from ward_desk.ui.office import OfficeScreen
    from tests.wdr1_files import write_return

    folder = Path(tempfile.mkdtemp()) / "office"
    mail = folder.parent / "mail"
    open_database(folder, create=True)
    accounts.sign_in_or_create_admin("admin", "screenshots password")
    wards = [u.code for u in units.wards_of_province("01")[:12]]
    office_service.initialise_office("C-HANOI-TRUNGTAM", wards)
    rng = random.Random(3)
    for period, gap in {"2026-08": 0.0, "2026-09": 0.1, "2026-10": 0.3}.items():
        ends = {"2026-08": "2026-09-04", "2026-09": "2026-10-03", "2026-10": "2026-11-04"}
        for code in wards:
            roll = rng.random()
            if roll < gap:
                continue  # missing
            name = mail / period / f"WDR1_{code}_{period}.xlsx"
            stamp = f"{ends[period]}T09:00:00+07:00"
            if roll > 0.93:
                write_return(name, code, period=period, generated_at=stamp, tamper=True)
            elif roll > 0.85:
                write_return(name, code, period=period, generated_at=stamp)
                write_return(name.with_name(name.stem + "_s2.xlsx"), code, period=period, submission_no=2, bump=2,
                             generated_at=stamp)
            elif roll > 0.8:
                late = f"{period[:5]}{int(period[5:]) + 1:02d}-28T09:00:00+07:00"
                write_return(name, code, period=period, generated_at=late)
            else:
                write_return(name, code, period=period, generated_at=stamp)
    conflict = wards[3]
    write_return(mail / "may-2" / f"WDR1_{conflict}_2026-10.xlsx", conflict, bump=5,
                 generated_at="2026-11-04T10:00:00+07:00")
    # a ward that reported on the Decree 09 basis: shown as another period/basis, never counted
    other_basis = next(c for c in wards if not (mail / "2026-10" / f"WDR1_{c}_2026-10.xlsx").exists())
    from tests.unit.test_office_counts import nd09

    nd09(write_return(mail / "zalo" / f"bao cao {other_basis} thang 10.xlsx", other_basis,
                      generated_at="2026-10-20T09:00:00+07:00"))
    (mail / "zalo" / "Bao cao tuong thuat thang 10.pdf").write_bytes(b"%PDF-1.7 narrative")
    office_service.update_office_settings(agency="Sở Y tế Thành phố Hà Nội", receiver="Bộ Y tế",
                                          deadline_days=10)
    office_service.receive([mail])
    screen = OfficeScreen(AppContext(folder))
    screen.quiet = True
    screen.period_box.setCurrentText("2026-10")
    screen.refresh()
    screen.resize(1280, 760)
    screen.show()
    app.processEvents()
    row = next(r for r in range(screen.grid.rowCount()) if screen.grid_cells[(r, 3)].state == "CONFLICT")
    screen.grid.setCurrentCell(row, 3)
    screen.show_cell(row, 3)
    app.processEvents()
    screen.grab().save(str(OUT / "office-completeness.png"))
    # the inbox: one line a file, the first reason shown (the rest in a tooltip), lateness plainly worded
    screen.tabs.setCurrentIndex(1)
    app.processEvents()
    screen.grab().save(str(OUT / "office-inbox.png"))
    screen.tabs.setCurrentIndex(0)
    out = Path(tempfile.mkdtemp()) / "WDR1_C-HANOI-TRUNGTAM_2026-10.xlsx"
    screen.consolidate_to("2026-10", out)
    app.processEvents()
    screen.grab().save(str(OUT / "office-consolidated.png"))
    from ward_desk.ui.office.screen import OfficeSettingsDialog

    dialog = OfficeSettingsDialog(screen)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(OUT / "office-settings.png"))
    dialog.close()
    screen.close()
    close_database()


def returns(app):
    """The returns screen: this period's return from the engine when it is in the build, else a WDR-1 file of
    the conformance grid opened in the same screen (``Mở tệp báo cáo``)."""
    from ward_desk.ui.returns import ReturnsScreen

    folder = Path(tempfile.mkdtemp()) / "ward"
    seed(folder)
    screen = ReturnsScreen(AppContext(folder))
    screen.set_period("2026-10")
    if screen.preview is None:
        from tests.wdr1_files import write_return
        path = write_return(Path(tempfile.mkdtemp()) / "WDR1_00070_2026-10.xlsx", "00070")
        screen.show_file(path)
    screen.resize(1280, 860)
    screen.show()
    app.processEvents()
    screen.grab().save(str(OUT / "returns.png"))
    screen.close()
    close_database()


def _shot(app, widget, name: str, size=(1366 - 230, 768 - 80)) -> None:
    """A screen as it sits right of the navigation in a 1366x768 window."""
    if size:
        widget.resize(*size)
    widget.show()
    for _ in range(5):
        app.processEvents()
    widget.grab().save(str(OUT / name))


def followups(app):
    from ward_desk.ui.followups_screen import FollowupsScreen

    folder = Path(tempfile.mkdtemp()) / "ward"
    seed(folder)
    screen = FollowupsScreen(AppContext(folder))
    _shot(app, screen, "followups.png")
    screen.close()
    close_database()


def audit(app):
    from ward_desk.ui.security import AuditScreen

    folder = Path(tempfile.mkdtemp()) / "ward"
    seed(folder, clients=40)
    screen = AuditScreen(AppContext(folder))
    screen.table.selectRow(0)
    _shot(app, screen, "audit-trail.png")
    screen.close()
    close_database()


def settings_screen(app):
    from ward_desk.ui.settings_screen import SettingsScreen

    folder = Path(tempfile.mkdtemp()) / "ward"
    seed(folder, clients=20)
    screen = SettingsScreen(AppContext(folder))
    _shot(app, screen, "settings.png")
    screen.close()
    close_database()


def setup(app):
    """The first-run wizard: where the data lives, the ward found without diacritics, a province office."""
    from ward_desk.ui.wizard import SetupWizard

    wizard = SetupWizard(Path(tempfile.mkdtemp()) / "new")
    wizard.quiet = True
    wizard.resize(900, 640)
    wizard.show()
    app.processEvents()
    wizard.grab().save(str(OUT / "setup-storage.png"))
    wizard.next()
    wizard.ward_page.search.setText("hoan kiem")
    for _ in range(5):
        app.processEvents()
    if wizard.ward_page.results.count():
        wizard.ward_page.results.setCurrentRow(0)
    app.processEvents()
    wizard.grab().save(str(OUT / "setup-wizard.png"))
    wizard.ward_page.as_office.setChecked(True)
    wizard.next()
    wizard.office_page.province_search.setText("ha noi")
    app.processEvents()
    wizard.office_page.provinces.setCurrentRow(0)
    app.processEvents()
    wizard.grab().save(str(OUT / "setup-office.png"))
    wizard.close()


def main(which):
    from ward_desk.ui import i18n

    config.set_language("vi")
    app = QApplication.instance() or QApplication(sys.argv)
    i18n.install_translator("vi")  # the screens' own words (Qt's tr), not only the core's messages
    OUT.mkdir(parents=True, exist_ok=True)
    for name in which or ["dashboard", "returns", "office", "followups", "audit", "settings_screen", "setup"]:
        globals()[name](app)
        print("wrote", name)


if __name__ == "__main__":
    main(sys.argv[1:])
