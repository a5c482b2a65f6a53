import shutil

import pytest

from ward_desk.db import close_database, open_database
from ward_desk.errors import WardDeskError
from ward_desk.models import Client, Contact, ExportHistory
from ward_desk.models.migrations import SCHEMA_VERSION
from tests.conftest import DATA, raw_connect


def test_new_database_is_wal_with_foreign_keys_and_current_schema(ward_db):
    assert ward_db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert ward_db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert ward_db.execute_sql("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]


def test_every_row_has_created_and_updated_stamps(ward_db):
    client = Client.create(client_code="A1", sex="F", group="SW")
    assert client.created_at is not None and client.updated_at is not None


def test_foreign_keys_are_enforced(ward_db):
    import peewee

    with pytest.raises(peewee.IntegrityError):
        Contact.create(ref="K1", client=999, date="2026-01-01", channel="DIRECT")


def test_opening_a_missing_database_says_to_run_init(tmp_path):
    with pytest.raises(WardDeskError) as info:
        open_database(tmp_path / "nowhere")
    assert info.value.code == "db.missing"
    assert not (tmp_path / "nowhere" / "ward.db").exists()


def test_version_1_database_is_upgraded_in_place_keeping_its_records(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(DATA / "ward-v1.db", folder / "ward.db")
    open_database(folder)
    try:
        assert [c.client_code for c in Client.select().order_by(Client.client_code)] == ["HK-0001", "HK-0002"]
        assert Client.get(Client.client_code == "HK-0001").deleted_at is None
        assert Contact.get(Contact.ref == "K-0001").client.client_code == "HK-0001"
        assert ExportHistory.select().count() == 0
    finally:
        close_database()
    with raw_connect(folder / "ward.db") as con:
        assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
        columns = {row[1] for row in con.execute("PRAGMA table_info(contacts)")}
        assert "deleted_at" in columns
        indexes = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'contacts' "
                                                 "AND type = 'index'")}
        # version 3: the recycle bin and the list order get partial indexes; the full deleted_at one is gone
        assert {"contacts_binned", "contacts_live_date_client_channel"} <= indexes
        assert "contacts_deleted_at" not in indexes


def test_a_database_from_a_newer_release_is_refused_unchanged(tmp_path):
    folder = tmp_path / "new"
    open_database(folder, create=True)
    close_database()
    with raw_connect(folder / "ward.db") as con:
        con.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(WardDeskError) as info:
        open_database(folder)
    assert info.value.code == "db.too_new"


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path):
    folder = tmp_path / "junk"
    folder.mkdir()
    (folder / "ward.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(WardDeskError) as info:
        open_database(folder)
    assert info.value.code == "db.not_a_database"
