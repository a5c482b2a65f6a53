"""Killed mid-operation (SIGKILL: the PC switched off at the wall, the process ended by Task Manager): the ward
database opens, passes the integrity check and holds all or nothing of the import; an export leaves either a
complete, valid return with its history entry, or neither."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import sign_in_test_admin
from ward_desk import db
from ward_desk.export.return_check import check_return
from ward_desk.models import Client, Contact, ExportHistory
from ward_desk.services import demo
from ward_desk.services.records_io import export_records

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _cli(data_dir: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ward_desk", "--data-dir", str(data_dir), *args], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def _kill_after(proc: subprocess.Popen, seconds: float) -> bool:
    """SIGKILL after ``seconds`` unless it already ended; True if it was killed mid-way."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return True


@pytest.fixture
def big_workbook(ward_db, tmp_path) -> Path:
    demo.fill_demo(clients=1500, seed=3)
    path = tmp_path / "records.xlsx"
    export_records(path)
    return path


def _kill_at_progress(proc: subprocess.Popen, wanted: int) -> bool:
    """SIGKILL as soon as the child reports its ``wanted``-th written batch short of the total (`--progress`), so the kill lands
    inside the import's write transaction on a fast machine and a slow one alike. True if it was killed."""
    seen = 0
    for line in proc.stderr:
        match = re.search(rb"(\d+)/(\d+)", line)
        if not match or int(match[1]) >= int(match[2]):  # the last report comes after COMMIT
            continue
        seen += 1
        if seen >= wanted:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            return True
    proc.wait(timeout=30)
    return False


def test_a_killed_import_leaves_all_or_nothing(big_workbook, ward_db, data_dir, tmp_path):
    expected_clients = Client.select().count()
    expected_contacts = Contact.select().count()
    db.close_database()
    empty = tmp_path / "empty-ward"
    subprocess.run([sys.executable, "-m", "ward_desk", "--data-dir", str(empty), "init", "--unit", "00070"],
                   cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True, capture_output=True)
    outcomes = []
    # Killed while starting, after the first written batch, deep into the writes, and left to finish.
    kills = [("start", 0.05), ("batch", 1), ("batch", 3), ("never", None)]
    for i, (when, at) in enumerate(kills):
        ward = tmp_path / f"ward-{i}"
        shutil.copytree(empty, ward)
        proc = _cli(ward, "records", "import", "--progress", str(big_workbook))
        if when == "start":
            killed = _kill_after(proc, at)
        elif when == "batch":
            killed = _kill_at_progress(proc, at)
        else:
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err.decode()
            killed = False
        db.open_database(ward)
        try:
            assert db.integrity_check() == [], f"damaged after a kill ({when} {at})"
            sign_in_test_admin()
            counts = (Client.select().count(), Contact.select().count())
        finally:
            db.close_database()
        assert counts in ((0, 0), (expected_clients, expected_contacts)), (when, at, counts)
        outcomes.append((when, at, killed, counts[0] > 0))
    # A kill after rows were written (batch) must leave none of them; the import left alone keeps all.
    for when, at, killed, kept in outcomes:
        if when == "batch":
            assert killed and not kept, outcomes
        if when == "never":
            assert kept, outcomes


def test_a_killed_export_leaves_a_valid_return_with_its_history_or_neither(big_workbook, ward_db, data_dir,
                                                                         tmp_path):
    db.close_database()
    for i, delay in enumerate((0.5, 0.9, 1.3, 1.8)):
        ward = tmp_path / f"export-{i}"
        shutil.copytree(data_dir, ward)
        out = tmp_path / f"out-{i}"
        out.mkdir()
        _kill_after(_cli(ward, "return", "export", "--period", "2026", "--basis", "calendar", "--out", str(out)),
                    delay)
        finals = sorted(out.glob("WDR1_*.xlsx"))
        db.open_database(ward)
        try:
            assert db.integrity_check() == []
            history = ExportHistory.select().count()
        finally:
            db.close_database()
        # Never a history entry without its file. (The file is renamed into place inside the history's
        # transaction, just before COMMIT: a kill in that instant leaves a valid file the next export replaces.)
        assert history <= len(finals) <= 1, (delay, finals, history)
        for final in finals:
            assert check_return(final).ok
