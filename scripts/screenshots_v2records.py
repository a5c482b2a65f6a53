"""Render the screenshots of the version 2 record screens (RETURN-v2 §1) in Vietnamese: the establishment's page
with its inspections and commitments, the quick hotline call form, the GBV case form, a referral form warning of a
missing consent, the client's consents, the supervisor's list of withdrawn storing consents, the trainings list.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_v2records.py
Uses a throw-away data folder filled by the demo generator (never real people).
"""

from __future__ import annotations

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

from PySide6.QtWidgets import QApplication  # noqa: E402

from ward_desk import config  # noqa: E402
from ward_desk.db import close_database, open_database  # noqa: E402
from ward_desk.services import accounts, demo, settings  # noqa: E402
from ward_desk.ui.context import AppContext  # noqa: E402


def save(app, widget, name: str, size=(1180, 720)) -> None:
    widget.resize(*size)
    widget.show()
    app.processEvents()
    widget.grab().save(str(OUT / name))
    widget.close()


def main() -> None:
    config.set_language("vi")
    app = QApplication.instance() or QApplication(sys.argv)
    from ward_desk.ui.i18n import install_translator

    install_translator("vi")
    folder = Path(tempfile.mkdtemp()) / "ward"
    open_database(folder, create=True)
    accounts.sign_in_or_create_admin("admin", "screenshots password")
    settings.initialise_ward("00070")
    demo.fill_demo(300, 7)
    context = AppContext(folder)
    from ward_desk.models import Client, Consent, Establishment, Inspection
    from ward_desk.ui.client_page import ClientPage
    from ward_desk.ui.consent_review import ConsentReviewScreen
    from ward_desk.ui.establishment_page import EstablishmentPage
    from ward_desk.ui.hotline_form import HotlineCallForm
    from ward_desk.ui.list_screen import ListScreen
    from ward_desk.ui.record_form import RecordForm

    busiest = max(Establishment.select(), key=lambda e: Inspection.select().where(Inspection.establishment == e)
                  .count())
    page = EstablishmentPage(context, busiest.id)
    page.tabs.setCurrentIndex(1)
    save(app, page, "establishment-page-inspections.png")
    page = EstablishmentPage(context, busiest.id)
    page.tabs.setCurrentIndex(2)
    save(app, page, "establishment-page-commitments.png")
    for kind in ("inspections", "commitments", "hotline_calls", "gbv_cases", "consents", "trainings"):
        save(app, ListScreen(context, kind), f"list-{kind.replace('_', '-')}.png")
    form = HotlineCallForm(context)
    for key, index in (("caller", 1), ("sex", 1), ("topic", 2)):
        form.combos[key].setCurrentIndex(index)
    form.staff.setText("Hoa")
    save(app, form, "hotline-call-form.png", (560, 420))
    client = Client.select().where(Client.id.not_in(Consent.select(Consent.client).where(
        Consent.purpose == "REFER"))).first()
    form = RecordForm(context, "referrals", initial={"id": "DR900001", "client_code": client.client_code,
                                                    "service": "HIV_TEST", "referred_on": client.registered_on,
                                                    "status": "REFERRED"})
    save(app, form, "referral-form-consent-warning.png", (660, 560))
    form = RecordForm(context, "gbv_cases", initial={"client_code": client.client_code})
    save(app, form, "gbv-case-form.png", (660, 420))
    page = ClientPage(context, Consent.select().where(Consent.purpose == "GROUP").first().client_id)
    page.tabs.setCurrentIndex(page.kinds.index("consents"))
    save(app, page, "client-page-consents.png")
    save(app, ConsentReviewScreen(context), "consent-withdrawn.png", (900, 560))
    close_database()


if __name__ == "__main__":
    main()
