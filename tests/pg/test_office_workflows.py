"""The same records give the same returns on SQLite and PostgreSQL, and two clerks working at once lose nothing.

Through the services the CLI and the app call (``records_io.import_records``, ``returns.export_return``), with
the conformance sample whose expected grids were worked out independently.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook, load_workbook

from tests.conftest import CONFORMANCE, WARD_CODE, sign_in_test_admin
from ward_desk import db
from ward_desk.models import Client, Contact, ExportHistory, Loan, Referral
from ward_desk.services import returns, settings
from ward_desk.services.records_io import import_records

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = CONFORMANCE / "records-sample.xlsx"
RETURNS = [("2026-10", "calendar", "expected-2026-10-calendar.csv"),
           ("2026-Q3", "nd09", "expected-2026-Q3-nd09.csv"),
           ("2026", "calendar", "expected-2026-calendar.csv")]


def data_grid(path: Path) -> list[tuple]:
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [tuple(r) for r in wb["Data"].iter_rows(values_only=True)]
    finally:
        wb.close()
    return [tuple("" if v is None else str(v) for v in r[:6]) for r in rows]


def expected_grid(name: str) -> list[tuple]:
    with (CONFORMANCE / name).open(encoding="utf-8") as handle:
        return [tuple(r) for r in csv.reader(handle)]


def _returns_of_the_sample(out: Path, **open_args) -> dict[str, list]:
    out.mkdir(parents=True, exist_ok=True)
    db.open_database(create=True, **open_args)
    try:
        sign_in_test_admin()
        settings.initialise_ward(WARD_CODE)
        import_records(SAMPLE)
        import_records(SAMPLE)  # the same file twice changes nothing
        return {period: data_grid(returns.export_return(period, basis, out=out, version=1).path)
                for period, basis, _ in RETURNS}
    finally:
        db.close_database()


def test_sqlite_and_postgresql_give_identical_returns(pg_url, tmp_path):
    on_sqlite = _returns_of_the_sample(tmp_path / "sqlite", path=tmp_path / "ward.db")
    on_postgresql = _returns_of_the_sample(tmp_path / "pg", url=pg_url)
    for period, _, expected in RETURNS:
        assert on_postgresql[period] == on_sqlite[period]
        assert on_sqlite[period] == expected_grid(expected)


def split_sample(folder: Path) -> tuple[Path, Path]:
    """Two workbooks whose union is the sample: both hold every client (identical rows, so whichever comes
    second leaves them alone); contacts, referrals and loans are split between them; A holds the rest."""
    source = load_workbook(SAMPLE, data_only=True)
    halves = {"A": Workbook(), "B": Workbook()}
    for wb in halves.values():
        wb.remove(wb.active)
    for sheet in source.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header, body = rows[0], [r for r in rows[1:] if any(v not in (None, "") for v in r)]
        split = sheet.title in ("contacts", "referrals", "loans")
        for key, wb in halves.items():
            if sheet.title != "clients" and not split and key == "B":
                continue
            target = wb.create_sheet(sheet.title)
            target.append(list(header))
            for index, row in enumerate(body):
                if split and (index % 2 == 0) != (key == "A"):
                    continue
                target.append(list(row))
    paths = (folder / "half-A.xlsx", folder / "half-B.xlsx")
    halves["A"].save(paths[0])
    halves["B"].save(paths[1])
    return paths


CLERK = """
import os
import sys
from ward_desk import db
from ward_desk.services import accounts, returns
from ward_desk.services.records_io import import_records
url, data_dir, workbook, out, rounds = sys.argv[1:6]
db.open_database(data_dir, url=url)
accounts.sign_in(os.environ["WARD_DESK_USER"], os.environ["WARD_DESK_PASSWORD"])  # the test admin
import_records(workbook)
for period, basis in [("2026-10", "calendar"), ("2026-Q3", "nd09")] * int(rounds):
    returns.export_return(period, basis, out=out)
db.close_database()
"""


def test_two_clerks_importing_and_exporting_at_once_lose_nothing(pg_url, tmp_path):
    db.open_database(tmp_path / "office", create=True, url=pg_url)
    sign_in_test_admin()
    settings.initialise_ward(WARD_CODE)
    db.close_database()
    half_a, half_b = split_sample(tmp_path)
    script = tmp_path / "clerk.py"
    script.write_text(CLERK, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WARD_DESK_LANG": "en"}
    procs = []
    for i, book in enumerate((half_a, half_b)):
        (tmp_path / f"out{i}").mkdir()
        procs.append(subprocess.Popen([sys.executable, str(script), pg_url, str(tmp_path / f"clerk{i}"), str(book),
                                       str(tmp_path / f"out{i}"), "3"],
                                      cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err

    source = load_workbook(SAMPLE, read_only=True, data_only=True)
    counts = {name: sum(1 for r in source[name].iter_rows(min_row=2, values_only=True) if r and r[0])
              for name in ("clients", "contacts", "referrals", "loans")}
    source.close()
    (tmp_path / "final").mkdir()
    with db.opened(tmp_path / "office", url=pg_url):
        assert Client.select().count() == counts["clients"]
        assert Contact.select().count() == counts["contacts"]
        assert Referral.select().count() == counts["referrals"]
        assert Loan.select().count() == counts["loans"]
        for period in ("2026-10", "2026-Q3"):
            by_number: dict[int, set[str]] = {}
            for h in ExportHistory.select().where(ExportHistory.period == period):
                by_number.setdefault(h.submission_no, set()).add(h.content_sha256)
            assert by_number and all(len(hashes) == 1 for hashes in by_number.values())  # no number twice
        # every record of both halves is in the office's return: it equals the grid worked out for the sample
        final = returns.export_return("2026-10", "calendar", out=tmp_path / "final", version=1).path
        final_q3 = returns.export_return("2026-Q3", "nd09", out=tmp_path / "final", version=1).path
    assert data_grid(final) == expected_grid("expected-2026-10-calendar.csv")
    assert data_grid(final_q3) == expected_grid("expected-2026-Q3-nd09.csv")
