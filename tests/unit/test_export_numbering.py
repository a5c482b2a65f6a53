"""Submission numbers stay unique when two clerks export the same period at the same moment."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import WARD_CODE
from ward_desk.models import Client, Contact, ExportHistory
from ward_desk.services import indicators, returns

ROOT = Path(__file__).resolve().parents[2]


def _meta(path) -> dict:
    return {k: v for k, v in load_workbook(path)["Meta"].iter_rows(min_row=2, values_only=True)}


def test_a_number_taken_while_writing_is_not_reused(ward_db, tmp_path, monkeypatch):
    c = Client.create(client_code="C1", sex="F", birth_year=1990, group="SW")
    Contact.create(ref="k1", client=c, date=dt.date(2026, 10, 3), channel="DIRECT")
    from ward_desk.export import return_workbook

    real, calls = return_workbook.write_return_workbook, []

    def another_clerk_commits_first(path, rows, meta, **kw):
        calls.append(meta["submission_no"])
        if len(calls) == 1:  # while this export writes its file, another one records submission 1
            ExportHistory.create(period="2026-10", basis="calendar", submission_no=1, content_sha256="x" * 64,
                                 file_name="other.xlsx", generated_at=dt.datetime(2026, 11, 2),
                                 grid_json=json.dumps([]))
        return real(path, rows, meta, **kw)

    monkeypatch.setattr(return_workbook, "write_return_workbook", another_clerk_commits_first)
    out = tmp_path / "out"
    out.mkdir()
    result = returns.export_return("2026-10", basis="calendar", out=out)
    assert calls == ["1", "2"]  # the first file was thrown away, the return renumbered
    assert result.submission_no == 2 and result.path.name == "WDR1_00070_2026-10_s2.xlsx"
    assert _meta(result.path)["submission_no"] == "2"
    assert sorted(os.listdir(out)) == ["WDR1_00070_2026-10_s2.xlsx"]  # no stray temporary or stale file
    numbers = [h.submission_no for h in ExportHistory.select().order_by(ExportHistory.submission_no)]
    assert numbers == [1, 2]


def test_two_processes_exporting_at_once_record_one_submission(ward_db, data_dir, tmp_path):
    c = Client.create(client_code="C1", sex="F", birth_year=1990, group="SW")
    for day in range(1, 20):
        Contact.create(ref=f"k{day}", client=c, date=dt.date(2026, 10, day), channel="DIRECT")
    from ward_desk.spec.catalogue import wdr1

    period = returns.periods.parse("2026-10", "calendar")
    expected = indicators.content_sha256(indicators.compute(period, wdr1(returns.default_version(period))))
    from ward_desk.db import close_database, open_database

    close_database()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for i in range(3):
        (tmp_path / f"pc{i}").mkdir()
    procs = [subprocess.Popen([sys.executable, "-m", "ward_desk", "--data-dir", str(data_dir), "return", "export",
                               "--period", "2026-10", "--basis", "calendar", "--out", str(tmp_path / f"pc{i}")],
                              env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(3)]
    results = [proc.communicate(timeout=180) for proc in procs]
    assert all(proc.returncode == 0 for proc in procs), results
    open_database(data_dir)
    from tests.conftest import sign_in_test_admin

    sign_in_test_admin()
    history = list(ExportHistory.select())
    assert [(h.submission_no, h.content_sha256) for h in history] == [(1, expected)]  # same numbers: one entry
    for i in range(3):
        files = list((tmp_path / f"pc{i}").glob("*.xlsx"))
        assert [f.name for f in files] == [f"WDR1_{WARD_CODE}_2026-10.xlsx"]
        assert _meta(files[0])["submission_no"] == "1"
