"""Records version 2 (RETURN-v2 §1), schema 5: a database that kept ``commitment_on`` and ``consent_on`` moves
them to commitments and STORE consents in one step, after a backup of the file as it was."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

from ward_desk.db import close_database, open_database
from ward_desk.models.migrations import SCHEMA_VERSION
from tests.conftest import DATA, raw_connect, sign_in_test_admin

pytestmark = pytest.mark.sqlite_only(reason="the stored fixtures are a ward's SQLite files")


def _columns(con, table: str) -> set[str]:
    return {row[1] for row in con.execute(f"PRAGMA table_info({table})")}


def _connect_with_the_ward_key(path: Path, ward_file: Path):
    from sqlcipher3 import dbapi2 as sqlcipher

    from ward_desk import keys

    con = sqlcipher.connect(str(path))
    con.execute(f"PRAGMA key = {keys.sql_key(keys.unlock(ward_file))}")
    return con


def _upgrade_backups(folder: Path) -> list[Path]:
    return sorted((folder / "backups").glob("*-before-upgrade-*.wdbak"))


def test_a_version_1_database_gets_store_consents_and_a_backup_first(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(DATA / "ward-v1.db", folder / "ward.db")
    open_database(folder)
    try:
        sign_in_test_admin()
        from ward_desk.models import Consent

        consents = [(c.ref, c.client.client_code, c.purpose, c.given_on.isoformat(), c.withdrawn_on, c.deleted_at)
                    for c in Consent.select()]
        # HK-0001 had consent_on 2026-01-05; HK-0002 had none
        assert consents == [("HK-0001-S1", "HK-0001", "STORE", "2026-01-05", None, None)]
    finally:
        close_database()
    with contextlib.closing(raw_connect(folder / "ward.db")) as con:
        assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
        assert "consent_on" not in _columns(con, "clients")
        assert "commitment_on" not in _columns(con, "establishments")
    [backup] = _upgrade_backups(folder)
    assert backup.name.startswith("ward-00070-") and backup.name.endswith("-before-upgrade-v1.wdbak")
    assert backup.with_name(backup.name + ".key.json").read_bytes() == (folder / "ward.key.json").read_bytes()
    with contextlib.closing(_connect_with_the_ward_key(backup, folder / "ward.db")) as con:  # the file as it was: version 1, consent_on kept
        assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 1
        assert con.execute("SELECT client_code, consent_on FROM clients ORDER BY client_code").fetchall() == [
            ("HK-0001", "2026-01-05"), ("HK-0002", None)]


def test_the_previous_release_folder_moves_commitments_and_consents(tmp_path):
    folder = tmp_path / "ward"
    shutil.copytree(DATA / "ward-sqlcipher-4.12", folder, ignore=shutil.ignore_patterns("README.md"))
    with contextlib.closing(raw_connect(folder / "ward.db")) as con:
        assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 3
        committed = con.execute("SELECT ref, commitment_on FROM establishments WHERE commitment_on IS NOT NULL "
                                "ORDER BY ref").fetchall()
        consented = con.execute("SELECT client_code, consent_on FROM clients WHERE consent_on IS NOT NULL "
                                "ORDER BY client_code").fetchall()
    assert committed and consented  # the fixture has both, or this test would prove nothing
    before = set((folder / "backups").iterdir())
    db = open_database(folder)
    try:
        sign_in_test_admin()
        from ward_desk.models import Commitment, Consent

        assert sorted((c.ref, c.establishment.ref, c.signed_on.isoformat(), c.signatory, c.valid_until,
                       c.withdrawn_on) for c in Commitment.select()) == [
            (f"{ref}-C1", ref, day, "OWNER", None, None) for ref, day in committed]
        assert sorted((c.ref, c.client.client_code, c.purpose, c.given_on.isoformat())
                      for c in Consent.select()) == [(f"{code}-S1", code, "STORE", day) for code, day in consented]
        assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        close_database()
    [backup] = _upgrade_backups(folder)
    assert set((folder / "backups").iterdir()) - before == {backup, backup.with_name(backup.name + ".key.json")}
    assert backup.name.endswith("-before-upgrade-v3.wdbak")
    # opening again upgrades nothing and backs nothing up
    open_database(folder)
    close_database()
    assert _upgrade_backups(folder) == [backup]


def test_an_upgraded_ward_counts_the_same_commitments_in_its_version_1_return(ward_db):
    """A schema 4 ward (commitment_on stored), one establishment in the recycle bin: its commitment goes to the
    recycle bin with it, and version 1's EST_COMMITMENTS counts what it counted before the upgrade."""
    from ward_desk.models import Commitment, Consent, SchemaVersion
    from ward_desk.models.migrations import bring_up_to_date
    from ward_desk.services import indicators
    from ward_desk.services.periods import parse as parse_period

    db = ward_db
    db.execute_sql('ALTER TABLE establishments ADD COLUMN commitment_on DATE')
    db.execute_sql('ALTER TABLE clients ADD COLUMN consent_on DATE')
    for i, (kind, committed, deleted) in enumerate((("KARAOKE", "2026-03-02", None), ("KARAOKE", "2026-03-20", None),
                                                   ("HOTEL", "2026-03-05", None), ("BAR", None, None),
                                                   ("MASSAGE", "2026-03-07", "2026-04-01 08:00:00"))):
        db.execute_sql("INSERT INTO establishments (ref, name, type, listed_on, commitment_on, deleted_at, "
                       "created_at, updated_at) VALUES (?, ?, ?, '2026-01-01', ?, ?, '2026-01-01', '2026-01-01')",
                       (f"E{i}", f"Cơ sở {i}", kind, committed, deleted))
    db.execute_sql("INSERT INTO clients (client_code, sex, \"group\", consent_on, created_at, updated_at) "
                   "VALUES ('C1', 'F', 'SW', '2026-02-01', '2026-01-01', '2026-01-01')")
    Commitment._meta.database.drop_tables([Commitment, Consent])
    SchemaVersion.update(version=4).execute()
    bring_up_to_date(db, new=False)
    assert Commitment.select().where(Commitment.deleted_at.is_null(False)).get().ref == "E4-C1"
    assert Commitment.select().count() == 4
    assert Consent.get().ref == "C1-S1"
    cells = {(c.indicator, c.category): c.value for c in indicators.compute(parse_period("2026-03"))
             if c.indicator == "EST_COMMITMENTS"}
    assert cells[("EST_COMMITMENTS", "KARAOKE")] == 2
    assert cells[("EST_COMMITMENTS", "HOTEL")] == 1
    assert cells[("EST_COMMITMENTS", "MASSAGE")] == 0  # in the recycle bin: never counted
