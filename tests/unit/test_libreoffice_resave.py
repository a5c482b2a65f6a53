"""A real exported return (styled Báo cáo sheet and all) opened and re-saved by LibreOffice still passes the
check, and a number edited by hand afterwards does not.

``tests/data/returns/libreoffice-resaved-WDR1_00070_2026-10.xlsx`` is a demo ward's October return exported by
Ward Desk and re-saved by LibreOffice 7 (``soffice --headless --convert-to xlsx``), kept so the check is tested
against LibreOffice's writer on every machine; the last test re-saves a fresh export where LibreOffice exists.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from tests.conftest import DATA
from ward_desk.export.return_check import check_return
from ward_desk.models import Client, Contact, Referral
from ward_desk.services import returns

RESAVED = DATA / "returns" / "libreoffice-resaved-WDR1_00070_2026-10.xlsx"


def test_a_return_resaved_by_libreoffice_passes():
    result = check_return(RESAVED)
    assert result.ok, [p.located() for p in result.errors]
    assert len(result.cells) == 1277 and result.meta["unit_code"] == "00070"
    assert [p.code for p in result.warnings] in ([], ["return.warn.late"])  # exported after the deadline


def test_a_number_edited_by_hand_after_libreoffice_is_refused(tmp_path):
    workbook = load_workbook(RESAVED)
    data = workbook["Data"]
    row = next(r for r in data.iter_rows(min_row=2) if r[0].value == "REACH" and r[2].value == "F")
    row[4].value = int(row[4].value) + 1
    row[5].value = int(row[5].value) + 1  # kept consistent with the year to date: only the hash can tell
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    result = check_return(edited)
    assert not result.ok
    located = [p.located() for p in result.errors]
    assert any(p.sheet == "Meta" or "content" in p.code for p in result.errors), located


def test_a_fresh_export_resaved_by_libreoffice_passes(ward_db, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed here (apt-get install libreoffice-calc); the stored re-saved "
                    "return above still covers LibreOffice's writer")
    client = Client.create(client_code="HK-1", sex="F", birth_year=2008, group="SW")
    Contact.create(ref="k1", client=client, date=dt.date(2026, 10, 3), channel="DIRECT", condoms=12)
    Referral.create(ref="r1", client=client, service="HIV_TEST", referred_on=dt.date(2026, 10, 4),
                    status="COMPLETED", received_on=dt.date(2026, 10, 9))
    exported = returns.export_return("2026-10", basis="calendar", out=tmp_path)
    out = tmp_path / "lo"
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--convert-to",
                    "xlsx", "--outdir", str(out), str(exported.path)], check=True, capture_output=True, timeout=180)
    result = check_return(out / exported.path.name)
    assert result.ok, [p.located() for p in result.errors]
    assert result.meta["content_sha256"] == exported.content_sha256
