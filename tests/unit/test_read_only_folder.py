"""A data folder that cannot be written (review of issue 18, point 2): a REAL read-only folder (a read-only
bind mount, which needs root; skipped with the reason otherwise). Reading, searching and exporting to another
folder work, with no sign-in entry written; a write says plainly what does not work. A full disk (ENOSPC,
simulated) leaves viewing and searching working, as its message says."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess

import pytest

from ward_desk import db
from ward_desk.cli import main
from ward_desk.models.security import AuditEntry
from ward_desk.services import audit, records

pytestmark = pytest.mark.sqlite_only(reason="a ward's own data folder")


@contextlib.contextmanager
def read_only(folder):
    """``folder`` made read-only by the kernel (a read-only bind mount over itself): even root cannot write."""
    if os.name == "nt" or not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a read-only bind mount needs root on Linux (tests here run as root in CI)")
    if subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True).returncode:
        pytest.skip("mount --bind is not allowed in this container")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder), str(folder)], check=True, capture_output=True)
        with pytest.raises(OSError):
            (folder / "probe").write_text("x")
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


def _ward_with_a_client(data_dir):
    records.save_record("clients", {"client_code": "RO-CLIENT-1", "sex": "F", "group": "SW", "birth_year": 1990})
    db.close_database()


def test_a_read_only_folder_still_reads_searches_and_exports_elsewhere(ward_db, data_dir, tmp_path, capsys, monkeypatch,
                                                                       english):
    _ward_with_a_client(data_dir)
    db.open_database(data_dir)
    entries_before = AuditEntry.select().count()
    db.close_database()
    out = tmp_path / "elsewhere"
    out.mkdir()
    folder = str(data_dir)
    with read_only(data_dir):
        before = sorted(p.name for p in data_dir.rglob("*"))
        for command in (["user", "list"], ["audit", "verify"], ["records", "export", str(out / "records.xlsx")],
                        ["report", "narrative", "--period", "2026-11", "--out", str(out / "narrative.docx")],
                        ["audit", "export", str(out / "trail.csv")]):
            status = main(["--data-dir", folder, *command])
            captured = capsys.readouterr()
            assert status == 0, (command, captured.err)
            assert "cannot be written" not in captured.err and ".rekey" not in captured.err
        assert (out / "records.xlsx").exists() and (out / "narrative.docx").exists() and (out / "trail.csv").exists()
        # a write: refused, saying plainly what does not work and what does
        monkeypatch.setenv("WARD_DESK_NEW_PASSWORD", "clerk password 1")
        status = main(["--data-dir", folder, "user", "add", "lan", "--role", "clerk"])
        err = capsys.readouterr().err
        assert status == 1 and "cannot be written" in err and "viewing, searching" in err
        assert sorted(p.name for p in data_dir.rglob("*")) == before
    db.open_database(data_dir)
    try:
        assert AuditEntry.select().count() == entries_before  # no sign-in entry was written (nor could be)
        assert audit.verify() == [] and not list(data_dir.glob("*.rekey"))
    finally:
        db.close_database()


def test_a_full_disk_refuses_writes_and_still_views_and_searches(ward_db, data_dir, english):
    """SQLite's own "database or disk is full" (SQLITE_FULL: the file may not grow a page more, as on a full
    disk): the write is refused with storage.full, nothing half-saved; viewing and searching in the session
    already signed in still work, as the message says."""
    from ward_desk.models import Client, database

    records.save_record("clients", {"client_code": "FULL-1", "sex": "F", "group": "SW", "birth_year": 1990})
    pages = database.obj.execute_sql("PRAGMA page_count").fetchone()[0]
    database.obj.execute_sql(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(Exception) as full:  # peewee's or sqlcipher3's DatabaseError: explain takes both
        for i in range(2000):
            records.save_record("clients", {"client_code": f"FULL-MORE-{i:05d}", "sex": "F",
                                            "group": "SW", "birth_year": 1990})
    problem = db.explain(full.value)
    assert problem is not None, repr(full.value)
    assert problem.code == "storage.full" and "viewing and searching" in problem.message()
    assert Client.select().where(Client.client_code == "FULL-1").count() == 1  # viewing
    assert Client.select().where(Client.client_code.contains("FULL")).count() >= 1  # searching
    assert audit.verify() == []  # what was saved is intact
