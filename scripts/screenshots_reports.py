"""Render the screenshots of the reports (plan screen, dashboard plan bars, the Returns screen's report dialogs)
and a rendering of the narrative .docx and a filled province form (LibreOffice -> PDF -> PNG) in Vietnamese.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_reports.py
Needs `libreoffice` and `pdftoppm` (poppler-utils) on PATH for the document renderings. Uses a throw-away data
folder filled with the synthetic conformance sample (never real people).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
os.environ.setdefault("WARD_DESK_PASSPHRASE", "screenshots passphrase")
os.environ.setdefault("WARD_DESK_KDF", "fast")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"

from PySide6.QtWidgets import QApplication  # noqa: E402

from ward_desk.db import close_database, open_database  # noqa: E402
from ward_desk.reports import form_fill, narrative, plan  # noqa: E402
from ward_desk.services import accounts, records_io, settings  # noqa: E402
from ward_desk.ui.context import AppContext  # noqa: E402

FORM = ROOT / "resources" / "forms" / "bieu-01-ket-qua-pcmd.xlsx"


def grab(widget, name: str, size=(1280, 800)) -> None:
    widget.resize(*size)
    widget.show()
    for _ in range(5):
        QApplication.processEvents()
    widget.grab().save(str(OUT / name))
    print(OUT / name)


def render(document: Path, name: str, pages: int = 2) -> None:
    """LibreOffice to PDF, then the first pages to PNG (``name-1.png`` ...)."""
    work = document.parent / "pdf"
    work.mkdir(exist_ok=True)
    subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(document)],
                   check=True, capture_output=True, timeout=300)
    pdf = work / (document.stem + ".pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", str(pages), str(pdf), str(work / name)],
                   check=True, timeout=300)
    for png in sorted(work.glob(f"{name}-*.png")):
        target = OUT / (png.name.replace("-0", "-").replace(f"{name}-", f"{name}-p"))
        shutil.copy(png, target)
        print(target)


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp(prefix="wd-reports-shots-"))
    try:
        open_database(folder / "ward", create=True)
        accounts.sign_in_or_create_admin("admin", "screenshots password")
        settings.initialise_ward("00070")
        records_io.import_records(ROOT / "tests" / "data" / "conformance" / "records-sample.xlsx")
        plan.set_targets(2026, {"REACH:*:*:*": 150, "REACH:*:F:*": 110, "REFERRED:HIV_TEST:*:*": 40,
                                "EST_COMMITMENTS:*:*:*": 12, "LOAN_DISBURSED:*:*:*": 10, "SESSIONS:*:*:*": 24})
        context = AppContext(folder / "ward")
        from ward_desk.ui.reports_ui import FormDialog, NarrativeDialog, PlanScreen

        screen = PlanScreen(context)
        screen.year.setValue(2026)
        grab(screen, "plan-screen.png", (1180, 640))
        from ward_desk.ui.dashboard import DashboardScreen

        dash = DashboardScreen(context)
        dash.set_month("2026-10")
        grab(dash, "dashboard-plan.png", (1400, 900))
        dialog = NarrativeDialog("2026-H1")
        dialog.out.setText("C:/Users/VHXH/Documents/BaoCao_00070_2026-H1.docx")
        grab(dialog, "report-narrative-dialog.png", (640, 260))
        fill = FormDialog("2026")
        fill.period.setCurrentIndex(fill.period.findData("2026-H1"))
        fill.set_form(FORM)
        grab(fill, "report-fill-form-dialog.png", (760, 300))
        docx = folder / "BaoCao_00070_2026-H1.docx"
        narrative.write_narrative(docx, "2026-H1")
        filled = folder / "Bieu01_00070_2026-H1.xlsx"
        form_fill.fill_form(FORM, filled, "2026-H1")
        if shutil.which("libreoffice") and shutil.which("pdftoppm"):
            render(docx, "narrative-docx", pages=4)
            render(filled, "province-form-filled", pages=1)
        else:
            print("libreoffice or pdftoppm missing: no document rendering", file=sys.stderr)
    finally:
        close_database()
        shutil.rmtree(folder, ignore_errors=True)
    del app


if __name__ == "__main__":
    main()
