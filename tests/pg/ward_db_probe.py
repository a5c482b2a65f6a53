"""Run only by ``test_unit_suite_on_postgres`` beside the unit modules (its name keeps it out of a normal run):
proves that there ``ward_db`` really is a fresh PostgreSQL database, set up like the SQLite one."""

from __future__ import annotations

from tests.conftest import TEST_USER, WARD_CODE


def test_ward_db_is_a_fresh_initialised_postgresql_database(ward_db, data_dir):
    from ward_desk import db
    from ward_desk.models import Client, migrations
    from ward_desk.services import accounts, settings

    assert type(ward_db).__name__ == "OfficeDatabase"
    assert migrations.current_version(ward_db) == migrations.SCHEMA_VERSION
    assert settings.get("unit_code") == WARD_CODE and accounts.current_user().username == TEST_USER
    assert Client.select().count() == 0
    assert not (data_dir / "ward.db").exists()
    db.close_database()
    assert type(db.open_database(data_dir)).__name__ == "OfficeDatabase"  # a reopen finds the same database
    assert settings.get("unit_code") == WARD_CODE
