"""A ward folder written by the previous release (sqlcipher3-binary 0.6.0, SQLCipher 4.12) opens, upgrades,
verifies and restores its backup with the SQLCipher library the app ships now (sqlcipher3 >= 0.6.4, whose
wheels exist for Windows). The fixture and how it was made: tests/data/ward-sqlcipher-4.12/README.md."""

from __future__ import annotations

import contextlib
import shutil

import pytest

from ward_desk.db import close_database, open_database
from ward_desk.models.migrations import SCHEMA_VERSION
from tests.conftest import DATA, raw_connect, sign_in_test_admin

pytestmark = pytest.mark.sqlite_only(reason="the fixture is a ward's SQLCipher file")

FIXTURE = DATA / "ward-sqlcipher-4.12"
RECOVERY_CODE = "ROW7-LM3J-AC4U-2FWW-LJHS-XBAJ"
COUNTS = {"clients": 12, "establishments": 4, "peer_groups": 2, "contacts": 40, "sessions": 3, "referrals": 3,
          "loans": 1, "establishment_activities": 9, "peer_members": 23, "peer_meetings": 42}


def run_cli(*args: str) -> int:
    from ward_desk.cli import main

    return main(list(args))


def _counts(db) -> dict[str, int]:
    return {table: db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in COUNTS}


@pytest.fixture
def old_folder(tmp_path):
    folder = tmp_path / "ward"
    shutil.copytree(FIXTURE, folder, ignore=shutil.ignore_patterns("README.md"))
    return folder


def test_the_fixture_was_written_by_sqlcipher_4_12():
    """Guard: the file really is the old library's (a rebuilt fixture would prove nothing)."""
    header = (FIXTURE / "ward.db").read_bytes()[:16]
    assert header != b"SQLite format 3\x00"  # encrypted
    import sqlcipher3

    connection = sqlcipher3.connect(":memory:")
    try:
        version = connection.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        connection.close()
    assert not version.startswith("4.12")  # and the library under test is the new one


def test_previous_release_folder_opens_upgrades_and_verifies(old_folder, capsys):
    db = open_database(old_folder)
    try:
        sign_in_test_admin()
        assert _counts(db) == COUNTS
        assert db.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        close_database()
    assert run_cli("--data-dir", str(old_folder), "audit", "verify") == 0
    capsys.readouterr()
    with contextlib.closing(raw_connect(old_folder / "ward.db")) as con:  # still SQLCipher, with the same key
        assert con.execute("SELECT COUNT(*) FROM clients").fetchone()[0] == COUNTS["clients"]
    assert not (old_folder / "ward.db").read_bytes().startswith(b"SQLite format 3")


def test_previous_release_key_file_opens_with_the_recovery_code(old_folder, monkeypatch):
    monkeypatch.delenv("WARD_DESK_PASSPHRASE")
    db = open_database(old_folder, recovery_code=RECOVERY_CODE)
    try:
        assert _counts(db)["contacts"] == COUNTS["contacts"]
    finally:
        close_database()


def test_previous_release_backup_restores(old_folder, capsys):
    backup = next((old_folder / "backups").glob("*.wdbak"))
    db = open_database(old_folder)  # the folder as the new release leaves it: upgraded, then work goes on
    try:
        sign_in_test_admin()
        db.execute_sql("DELETE FROM peer_meetings")
    finally:
        close_database()
    assert run_cli("--data-dir", str(old_folder), "backup", "restore", str(backup)) == 0
    capsys.readouterr()
    db = open_database(old_folder)
    try:
        assert _counts(db) == COUNTS
        assert db.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        close_database()
    assert run_cli("--data-dir", str(old_folder), "audit", "verify") == 0
    assert not (old_folder / "ward.db.before-restore").exists()
