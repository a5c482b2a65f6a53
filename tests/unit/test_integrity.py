"""A damaged ward file is found at start (PRAGMA quick_check) and the newest backup is the way out."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import TEST_PASSWORD, TEST_USER, sign_in_test_admin
from ward_desk import config, db
from ward_desk.errors import WardDeskError
from ward_desk.models import Client, Contact
from ward_desk.services import backup, records


def _fill(n: int) -> None:
    for i in range(n):
        records.save_record("clients", {"client_code": f"HK-{i:04d}", "sex": "F", "birth_year": 1990, "group": "SW"})
    client = Client.get(Client.client_code == "HK-0000")
    with Client._meta.database.atomic():
        for i in range(400):
            Contact.create(ref=f"k{i}", client=client, date=dt.date(2026, 10, 1 + i % 28), channel="DIRECT")


def _damage(path, pages=(6, 7, 8)) -> None:
    data = bytearray(path.read_bytes())
    for page in pages:
        start = page * 4096 + 100
        data[start:start + 200] = bytes(200)
    path.write_bytes(bytes(data))


def test_a_damaged_file_is_found_and_restored_from_the_newest_backup(ward_db, data_dir):
    _fill(60)
    assert db.integrity_check() == []
    kept = backup.create()
    Client.create(client_code="AFTER-BACKUP", sex="F", birth_year=1991, group="SW")
    ward_db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_database()
    _damage(config.database_path(data_dir))

    from ward_desk.services import accounts

    accounts.forget_session()  # the app checks before anyone signs in
    db.open_database(data_dir)  # the key still opens it; the check tells it is damaged
    problems = db.integrity_check()
    assert problems and problems != ["ok"]
    backup.restore(kept, damaged=True, username=TEST_USER, password=TEST_PASSWORD)  # an admin of the backup
    assert db.integrity_check() == []
    sign_in_test_admin()
    assert Client.select().count() == 60 and Contact.select().count() == 400
    assert not Client.select().where(Client.client_code == "AFTER-BACKUP").exists()  # after it: entered again


def test_the_damaged_way_is_refused_on_a_sound_database(ward_db):
    kept = backup.create()
    with pytest.raises(WardDeskError) as caught:
        backup.restore(kept, damaged=True)
    assert caught.value.code == "backup.not_damaged"


def test_the_app_offers_the_newest_backup_at_start(ward_db, data_dir, qapp):
    from ward_desk import app

    _fill(30)
    backup.create()
    ward_db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_database()
    _damage(config.database_path(data_dir))
    db.open_database(data_dir)
    app.sound_or_restored.answer = False
    app._ask_admin.answer = (TEST_USER, TEST_PASSWORD)  # restoring needs an admin of the backup
    try:
        assert app.sound_or_restored() is False  # Quit: nothing touched
        assert db.integrity_check()
        app.sound_or_restored.answer = True
        assert app.sound_or_restored() is True
    finally:
        app.sound_or_restored.answer = None
        app._ask_admin.answer = None
    assert db.integrity_check() == []


def test_the_app_start_skips_only_an_unchanged_file_and_still_finds_a_changed_one(ward_db, data_dir, qapp,
                                                                                  monkeypatch):
    """The start check (ward_desk.file_check): a file as the last clean close left it today is not read through
    again; one byte changed with the size and time put back still gets the whole check and the restore offer."""
    import os

    from ward_desk import app, file_check

    _fill(30)
    backup.create()
    db.close_database()
    path = config.database_path(data_dir)
    assert file_check.mark_path(path).exists()  # a sound session's clean close
    full = []
    real = db._quick_check_rows
    monkeypatch.setattr(db, "_quick_check_rows", lambda execute, limit: full.append(limit) or real(execute, limit))
    db.open_database(data_dir)
    assert app.sound_or_restored() is True and full == []
    db.close_database()
    stat = os.stat(path)
    _damage(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    db.open_database(data_dir)
    app.sound_or_restored.answer = False
    try:
        assert app.sound_or_restored() is False and full == [20]  # found, and the restore was offered
    finally:
        app.sound_or_restored.answer = None
