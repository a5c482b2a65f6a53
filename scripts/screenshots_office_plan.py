"""Render the office window's Plan tab (the wards' targets against achievement) in Vietnamese.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_office_plan.py
Uses a throw-away office folder and synthetic ward returns (the test suite's WDR-1 files, never real people).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
os.environ.setdefault("WARD_DESK_PASSPHRASE", "screenshots passphrase")
os.environ.setdefault("WARD_DESK_KDF", "fast")
os.environ["WARD_DESK_LANG"] = "vi"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"

from openpyxl import load_workbook  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.wdr1_files import write_return  # noqa: E402
from ward_desk.db import close_database, open_database  # noqa: E402
from ward_desk.services import accounts, office  # noqa: E402
from ward_desk.ui.context import AppContext  # noqa: E402

TARGETS = {
    "00070": [("REACH", "*", "*", "*", 300), ("REACH", "*", "F", "*", 200), ("CONTACTS", "*", "*", "*", 900)],
    "00004": [("REACH", "*", "*", "*", 120), ("CONTACTS", "*", "*", "*", 400), ("SESSIONS", "*", "*", "*", "1.5")],
}


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp(prefix="wd-office-plan-shots-"))
    try:
        mail = folder / "mail"
        for bump, (ward, rows) in enumerate(TARGETS.items()):
            path = write_return(mail / f"{ward}.xlsx", ward, bump=bump * 5)
            wb = load_workbook(path)
            ws = wb.create_sheet("Targets")
            ws.append(("indicator", "category", "sex", "age", "target"))
            for row in rows:
                ws.append(row)
            wb.save(path)
        open_database(folder / "office", create=True)
        accounts.sign_in_or_create_admin("admin", "screenshots password")
        office.initialise_office("C-HOANKIEM", ["00070", "00004", "00008"])
        office.receive([mail])
        from ward_desk.ui.office import OfficeScreen

        screen = OfficeScreen(AppContext(folder / "office"))
        screen.quiet = True
        screen.period_box.setCurrentText("2026-10")
        screen.tabs.setCurrentWidget(screen.plan_tab)
        screen.resize(1280, 760)
        screen.show()
        for _ in range(5):
            QApplication.processEvents()
        screen.grab().save(str(OUT / "office-plan.png"))
        print(OUT / "office-plan.png")
    finally:
        close_database()
        shutil.rmtree(folder, ignore_errors=True)
    del app


if __name__ == "__main__":
    main()
