"""Render the record-keying screenshots in Vietnamese: the main window on the contacts list, a contact form being
keyed (client described beside its code, ids given by the app), the client picker, a loan form with its rule
messages and skipped stages, a soft check's "Lưu vẫn lưu", the UIC helper's duplicate, a client's page.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_entry.py
Uses a throw-away data folder filled with synthetic records (never real people).
"""

from __future__ import annotations

import datetime as dt
import os
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

from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from ward_desk import config  # noqa: E402
from ward_desk.ui import i18n  # noqa: E402
from ward_desk.db import close_database, open_database  # noqa: E402
from ward_desk.services import accounts, demo, records, settings  # noqa: E402
from ward_desk.ui.context import AppContext  # noqa: E402


def grab(widget, name: str, size=(1366, 768)) -> None:
    if size:
        widget.resize(*size)
    widget.show()
    for _ in range(5):
        QApplication.processEvents()
    widget.grab().save(str(OUT / name))
    print("wrote", name)


def main() -> None:
    config.set_language("vi")
    qt = QApplication.instance() or QApplication(sys.argv)
    i18n.install_translator("vi")
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp()) / "ward"
    open_database(folder, create=True)
    accounts.sign_in_or_create_admin("lan", "screenshots password")
    accounts.set_full_name("lan", "Nguyễn Thị Lan")
    settings.initialise_ward("00070")
    demo.fill_demo(300, 3)
    context = AppContext(folder)

    from ward_desk.ui.main_window import MainWindow

    window = MainWindow(context)
    window.show_screen("contacts")
    grab(window, "main-window.png")
    contacts = window.screens["contacts"]
    contacts.search.setText("dien thoai")
    contacts.apply_filters()
    grab(window, "contacts.png")

    from ward_desk.ui.record_form import RecordForm

    code = records.get_record("clients", 5)["client_code"]
    form = RecordForm(context, "contacts", parent=window)
    form.widgets["client_code"].setText(code)
    form.widgets["date"].edit.setText("5/11")
    form.widgets["date"].expand()
    form.widgets["channel"].setCurrentIndex(form.widgets["channel"].findData("PHONE"))
    form.widgets["condoms"].setText("12")
    form.saved_label.setText(form.tr("Saved: %1").replace("%1", "DK0001841"))
    form.widgets["condoms"].setFocus()
    grab(form, "contact-form.png", size=None)

    from ward_desk.ui.entry.fields import PickerDialog

    picker = PickerDialog("clients", "DM0001", form)
    grab(picker, "client-picker.png", size=None)
    form._dirty = False
    form.close()

    loan = RecordForm(context, "loans", parent=window)
    loan.widgets["client_code"].setText(code)
    loan.widgets["programme"].setCurrentIndex(loan.widgets["programme"].findData("JOB"))
    loan.widgets["referred_on"].edit.setText("03/03/2026")
    loan.widgets["amount_requested"].setText("30.000.000")
    loan.widgets["amount_requested"]._show_dots()
    loan.widgets["approved_on"].edit.setText("01/03/2026")  # before it was referred: refused beside the field
    loan.save()
    grab(loan, "loan-form-problems.png", size=None)
    loan._dirty = False
    loan.close()

    from ward_desk.services import soft_checks

    twin = records.get_record("contacts", 1)
    warnings = soft_checks.check("contacts", twin)
    box = QMessageBox(QMessageBox.Icon.Question, form.tr("Check before saving"), "\n".join(
        f"• {w.message('vi')}" for w in warnings) or "—", parent=window)
    box.addButton(form.tr("Save anyway"), QMessageBox.ButtonRole.YesRole)
    box.addButton(form.tr("Go back and check"), QMessageBox.ButtonRole.NoRole)
    grab(box, "soft-check.png", size=None)
    box.close()

    from ward_desk.ui.uic_dialog import UicDialog

    records.save_record("clients", {"client_code": "MNHF1995", "sex": "F", "group": "SW", "birth_year": 1995})
    uic = UicDialog(window)
    uic.mother.setText("Lê Thị Mai")
    uic.father.setText("Trần Văn Nam")
    uic.own.setText("Trần Thị Hoa")
    uic.sex.setCurrentIndex(uic.sex.findData("F"))
    uic.year.setText("1995")
    grab(uic, "uic-dialog.png", size=None)
    uic.mother.clear(), uic.father.clear(), uic.own.clear()

    window.show_screen("client", record_id=5)
    grab(window, "client-page.png")
    for kind in ("referrals", "loans", "sessions", "establishments", "establishment_activities", "peer_groups",
                 "peer_members", "peer_meetings"):
        window.show_screen(kind)
        grab(window, f"list-{kind.replace('_', '-')}.png")
    window.close()
    close_database()
    qt.processEvents()


if __name__ == "__main__":
    main()
