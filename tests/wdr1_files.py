"""Ward return files for office tests, written by hand from the standard (RETURN-v1 §3), not by the app.

The Data grid is the conformance grid of 2026-10 (every one of the 1,277 cells); ``bump`` changes one cell (as a
real correction would: value and ytd together, keeping REACH_NEW <= REACH), and the content hash is computed as
§3 says, so a test can also make a tampered file by editing a number after hashing.
"""

from __future__ import annotations

import calendar
import csv
import hashlib
from pathlib import Path

from openpyxl import Workbook

from ward_desk import units

GRID = Path(__file__).parent / "data" / "conformance" / "expected-2026-10-calendar.csv"
GRID_V2 = Path(__file__).parent / "data" / "conformance" / "expected-v2-2026-10-calendar.csv"  # WDR-1 v2, 1,400


def grid(version: int = 1) -> list[list]:
    with open(GRID_V2 if version == 2 else GRID, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    return [[r[0], r[1], r[2], r[3], int(r[4]), int(r[5])] for r in rows]


def content_sha256(rows) -> str:
    lines = sorted("|".join(str(v) for v in r) + "\n" for r in rows)
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def write_return(path: Path, unit: str, *, period="2026-10", submission_no=1, office="01", bump=0,
                 generated_at="2026-11-03T09:00:00+07:00", tamper=False, version: int = 1, edit=None) -> Path:
    """``version`` 2 writes the version 2 conformance grid; ``edit(rows)`` changes numbers before hashing."""
    rows = grid(version) if version != 1 else grid()  # tests may replace grid() by a no-argument function
    if edit is not None:
        edit(rows)
    if bump:
        for r in rows:
            if r[0] == "CONTACTS":  # an event count with no cross-cell rule
                r[4] += bump
                r[5] += bump
                break
    digest = content_sha256(rows)
    if tamper:
        rows[0][4] += 1  # a number edited by hand after export
    wb = Workbook()
    form = wb.active
    form.title = "Báo cáo"
    form["A1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    data = wb.create_sheet("Data")
    data.append(["indicator", "category", "sex", "age", "value", "ytd"])
    for r in rows:
        data.append(r)
    meta = wb.create_sheet("Meta")
    ward = units.ward(unit)
    values = {
        "template": "WDR", "template_version": str(version), "unit_code": unit, "unit_name": ward.name if ward else unit,
        "office_code": office, "period": period, "period_basis": "calendar", "period_start": f"{period}-01",
        "period_end": f"{period}-{calendar.monthrange(int(period[:4]), int(period[5:7]))[1]:02d}", "submission_no": str(submission_no), "generated_at": generated_at,
        "app_version": "0.1.0", "prepared_by": "Test", "content_sha256": digest,
    }
    meta.append(["key", "value"])
    for k, v in values.items():
        meta.append([k, v])
    for row in meta.iter_rows():
        for cell in row:
            cell.data_type = "s"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
