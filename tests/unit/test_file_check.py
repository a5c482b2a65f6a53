"""The start-of-work check is skipped only for a file byte for byte as a clean close of a sound file left it today.

``ward_desk.file_check``: anything else (a changed byte, even with the size and time put back; a pending -wal; a
mark from another day; a damaged file) checks the whole file again, and a damaged file is never vouched for.
"""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from ward_desk import config, db, file_check, keys
from ward_desk.services import records

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def full_checks(monkeypatch):
    """Counts the full checks ``start_check`` makes (each still runs)."""
    made = []
    real = db._quick_check_rows

    def counted(execute, limit):
        made.append(limit)
        return real(execute, limit)

    monkeypatch.setattr(db, "_quick_check_rows", counted)
    return made


def test_a_clean_close_of_a_sound_file_lets_the_next_opening_skip_the_check(ward_db, data_dir, full_checks):
    records.save_record("clients", {"client_code": "FC-1", "sex": "F", "birth_year": 1990, "group": "SW"})
    db.close_database()
    file_check.forget(config.database_path(data_dir))  # e.g. the folder copied from an older version
    db.open_database(data_dir)
    assert db.start_check() == [] and full_checks == [20]  # no mark: the whole file checked
    records.save_record("clients", {"client_code": "FC-1B", "sex": "F", "birth_year": 1990, "group": "SW"})
    db.close_database()  # a sound session's own writes are vouched for with it
    mark = json.loads(file_check.mark_path(config.database_path(data_dir)).read_text(encoding="utf-8"))
    assert mark["checked_on"] == dt.date.today().isoformat() and set(mark) == {"size", "mtime_ns", "crc32",
                                                                               "checked_on"}
    db.open_database(data_dir)
    assert db.start_check() == [] and full_checks == [20]  # unchanged since: not read through again


def test_a_byte_changed_with_size_and_time_put_back_is_checked(ward_db, data_dir, full_checks):
    path = config.database_path(data_dir)
    db.close_database()
    stat = os.stat(path)
    data = bytearray(path.read_bytes())
    data[6 * 4096 + 300] ^= 0xFF  # a page in the middle, as a failing disk would
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert os.stat(path).st_mtime_ns == stat.st_mtime_ns
    db.open_database(data_dir)
    problems = db.start_check()
    assert problems and full_checks == [20]
    db.close_database()
    assert not file_check.mark_path(path).exists()  # a damaged file is never vouched for
    db.open_database(data_dir)
    assert db.start_check() and full_checks == [20, 20]


def test_a_write_left_in_the_wal_is_checked(ward_db, data_dir, full_checks):
    path = config.database_path(data_dir)
    db.close_database()
    assert file_check.checked_today(path)
    with open(f"{path}-wal", "wb") as handle:  # as a crash leaves it: a commit not yet in the file
        handle.write(b"\0" * 32)
    assert file_check.checked_today(path) is None
    os.unlink(f"{path}-wal")
    assert file_check.checked_today(path)


def test_the_first_opening_of_a_day_checks_the_whole_file(ward_db, data_dir):
    path = config.database_path(data_dir)
    db.close_database()
    today = dt.date.today()
    assert file_check.checked_today(path, today=today) == today.isoformat()
    assert file_check.checked_today(path, today=today + dt.timedelta(days=1)) is None
    assert file_check.checked_today(path, today=today - dt.timedelta(days=1)) is None  # a clock set back


def test_a_session_that_never_checked_leaves_no_mark(ward_db, data_dir):
    path = config.database_path(data_dir)
    db.close_database()
    file_check.forget(path)
    db.open_database(data_dir)  # opened and written without the start check (e.g. a sign-in's audit entry)
    records.save_record("clients", {"client_code": "FC-2", "sex": "F", "birth_year": 1990, "group": "SW"})
    db.close_database()
    assert not file_check.mark_path(path).exists()


def test_another_connection_still_open_leaves_no_mark(ward_db, data_dir):
    path = config.database_path(data_dir)
    db.close_database()
    db.open_database(data_dir)
    assert db.start_check() == []
    records.save_record("clients", {"client_code": "FC-3", "sex": "F", "birth_year": 1990, "group": "SW"})
    from sqlcipher3 import dbapi2 as sqlcipher

    other = sqlcipher.connect(str(path))  # another clerk's process, say, with the file open and a write pending
    other.execute(f"PRAGMA key = {keys.sql_key(keys.unlock(path))}")
    other.execute("BEGIN IMMEDIATE")
    other.execute("CREATE TABLE fc_test(x)")
    other.execute("COMMIT")
    db.close_database()
    assert os.path.getsize(f"{path}-wal") > 0 and not file_check.checked_today(path)
    other.close()


def test_the_fingerprint_read_ahead_is_taken_only_for_the_file_as_it_is(ward_db, data_dir, full_checks):
    path = config.database_path(data_dir)
    db.close_database()
    file_check.begin_fingerprint(path)
    db.open_database(data_dir)  # the thread's fingerprint, taken of the same bytes
    assert db.start_check() == [] and full_checks == []
    db.close_database()
    file_check.begin_fingerprint(path)
    file_check._early[path][0].join()
    data = bytearray(path.read_bytes())
    data[5 * 4096 + 100] ^= 0x01  # changed after the fingerprint was read ahead
    path.write_bytes(bytes(data))
    db.open_database(data_dir)
    assert db.start_check() and full_checks == [20]


def test_the_key_found_ahead_opens_the_file_and_a_wrong_passphrase_is_still_said(ward_db, data_dir, monkeypatch):
    from ward_desk.errors import WardDeskError

    path = config.database_path(data_dir)
    db.close_database()
    keys.forget_cached()
    db.warm_up(data_dir)
    db.open_database(data_dir)
    assert not keys._early  # the thread's key was taken
    db.close_database()
    keys.forget_cached()
    monkeypatch.setenv("WARD_DESK_PASSPHRASE", "not the passphrase of this ward")
    db.warm_up(data_dir)
    with pytest.raises(WardDeskError) as caught:
        db.open_database(data_dir)
    assert caught.value.code == "keys.wrong"
    assert path.exists()


def test_cli_write_commands_check_once_a_day_and_refuse_a_file_changed_since(ward_db, data_dir, full_checks,
                                                                             monkeypatch, capsys, english):
    from ward_desk.cli import main

    path = config.database_path(data_dir)
    db.close_database()
    file_check.forget(path)
    folder = str(data_dir)
    monkeypatch.setenv("WARD_DESK_NEW_PASSWORD", "clerk password 1")
    assert main(["--data-dir", folder, "user", "add", "lan", "--role", "clerk"]) == 0
    assert full_checks == [20]  # the day's first write: the whole file (begun while the command loaded)
    assert main(["--data-dir", folder, "user", "add", "mai", "--role", "clerk"]) == 0
    assert full_checks == [20]  # unchanged since that command's clean close: not read through again
    stat = os.stat(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2 + 200] ^= 0x40
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # size and time as they were
    capsys.readouterr()
    assert main(["--data-dir", folder, "user", "add", "hoa", "--role", "clerk"]) != 0
    assert "damaged" in capsys.readouterr().err and full_checks == [20, 3]  # size and time alike: the CRC told


def test_the_password_checked_ahead_signs_in_and_a_wrong_one_is_still_counted(ward_db, data_dir):
    from tests.conftest import TEST_PASSWORD, TEST_USER
    from ward_desk.errors import WardDeskError
    from ward_desk.models import User
    from ward_desk.services import accounts

    db.close_database()
    accounts.forget_session()
    accounts.clear_cli_credentials()
    keys.forget_cached()
    db.warm_up(data_dir, username=TEST_USER, password=TEST_PASSWORD)
    accounts.use_cli_credentials(TEST_USER, lambda: TEST_PASSWORD)
    try:
        db.open_database(data_dir)
        assert accounts.current_user().username == TEST_USER.casefold()
        assert not accounts._verified_ahead  # the verdict was taken by the sign-in, once
        db.close_database()
        accounts.forget_session()
        keys.forget_cached()
        db.warm_up(data_dir, username=TEST_USER, password="not the password at all")
        accounts.use_cli_credentials(TEST_USER, lambda: "not the password at all")
        with pytest.raises(WardDeskError) as caught:
            db.open_database(data_dir)
        assert caught.value.code == "auth.bad_credentials" and not accounts._verified_ahead
    finally:
        accounts.clear_cli_credentials()
    db.open_database(data_dir)
    assert User.get(User.username == TEST_USER.casefold()).failed_attempts == 1  # counted as any wrong password


def test_the_whole_check_begun_ahead_is_the_one_the_start_waits_for(ward_db, data_dir, full_checks):
    path = config.database_path(data_dir)
    db.close_database()
    keys.forget_cached()
    file_check.forget(path)
    db.warm_up(data_dir)  # no mark: the whole file is checked in the background once the key is found
    db.open_database(data_dir)
    assert db.start_check() == [] and full_checks == [20] and not db._early_checks
    db.close_database()
    assert file_check.checked_today(path)
    keys.forget_cached()
    file_check.forget(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2 + 100] ^= 0x10
    path.write_bytes(bytes(data))
    db.warm_up(data_dir)
    db.open_database(data_dir)
    assert db.start_check() and full_checks == [20, 20]  # the damage found by the check begun ahead


def test_a_check_ahead_that_cannot_run_leaves_the_check_to_the_opening(ward_db, data_dir, monkeypatch):
    """A read-only folder's file cannot be opened by the warm-up's plain connection: that failure is no finding."""
    import threading

    path = config.database_path(data_dir)
    db.close_database()
    keys.forget_cached()
    file_check.forget(path)
    real = db._quick_check_rows
    on_main = []

    def only_on_the_main_thread(execute, limit):
        if threading.current_thread() is not threading.main_thread():
            raise OSError("unable to open database file")
        on_main.append(limit)
        return real(execute, limit)

    monkeypatch.setattr(db, "_quick_check_rows", only_on_the_main_thread)
    db.warm_up(data_dir)
    db.open_database(data_dir)
    assert db.start_check() == [] and on_main == [20]  # sound, told by the opening's own check
