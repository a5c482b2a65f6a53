"""Shared fixtures: a fresh data folder per test, a ward database opened on it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
# Every test database is encrypted (ward_desk.keys) with this passphrase; cheap scrypt under tests only.
TEST_PASSPHRASE = "test passphrase 1"
os.environ.setdefault("WARD_DESK_PASSPHRASE", TEST_PASSPHRASE)
os.environ.setdefault("WARD_DESK_KDF", "fast")  # also argon2 (services.accounts): cheap under tests only
# Every test acts as this admin: `init` (and the `ward_db` fixture) create it, the CLI signs it in.
TEST_USER = "admin"
TEST_PASSWORD = "test password 1"
os.environ.setdefault("WARD_DESK_USER", TEST_USER)
os.environ.setdefault("WARD_DESK_PASSWORD", TEST_PASSWORD)

DATA = Path(__file__).parent / "data"
CONFORMANCE = DATA / "conformance"
WARD_CODE = "00070"  # Phường Hoàn Kiếm


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path, monkeypatch):
    """No test reads or writes the real per-user folder, and every test reads Vietnamese unless it asks."""
    from ward_desk import config

    monkeypatch.setenv("WARD_DESK_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.delenv("WARD_DESK_LANG", raising=False)
    monkeypatch.delenv("WARD_DESK_DATABASE", raising=False)  # never a clerk's real office database
    config.set_language(None)
    yield
    config.set_language(None)
    from ward_desk.db import close_database, use_database_url
    from ward_desk.services import accounts

    close_database()
    use_database_url(None)  # a test's `--database` does not follow the next test
    accounts.clear_cli_credentials()
    accounts.forget_session()  # no signed-in user follows the next test either


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "ward"


# Opt-in: with this set to a PostgreSQL server's URL (postgresql://user@127.0.0.1:PORT/postgres, a superuser or a
# role allowed to CREATE DATABASE), every `ward_db` is a fresh database on that server instead of a ward file, and
# tests marked `sqlite_only` are skipped. tests/pg/test_unit_suite_on_postgres.py runs the domain tests this way.
TEST_DATABASE_ENV = "WARD_DESK_TEST_DATABASE"


def pg_test_server_url() -> str | None:
    """The PostgreSQL server the unit tests run against (``WARD_DESK_TEST_DATABASE``), None for SQLite files."""
    return os.environ.get(TEST_DATABASE_ENV) or None


def pytest_runtest_setup(item):
    if pg_test_server_url() and item.get_closest_marker("sqlite_only"):
        marker = item.get_closest_marker("sqlite_only")
        pytest.skip(f"SQLite file only: {marker.kwargs.get('reason') or (marker.args or ['ward file'])[0]}")


def _fresh_server_database(server: str) -> tuple[str, str]:
    """A new, empty database beside the one ``server`` names: (its URL, its name)."""
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"wd_unit_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        # FILE_COPY of the tiny template0: no WAL for the copy, a few ms on a server without fsync (the
        # STRATEGY clause exists from PostgreSQL 15; older servers copy that way anyway)
        strategy = " STRATEGY FILE_COPY" if conn.info.server_version >= 150000 else ""
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0{strategy}')
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}")), name


def _drop_server_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def ward_db(data_dir, request):
    """An initialised ward (Phường Hoàn Kiếm) with its database open and bound to the models."""
    from ward_desk.db import close_database, open_database
    from ward_desk.services import settings

    server = pg_test_server_url()
    if server:  # the same ward, on a fresh PostgreSQL database that every later open (and the CLI) reaches too
        url, name = _fresh_server_database(server)
        request.getfixturevalue("monkeypatch").setenv("WARD_DESK_DATABASE", url)
        data_dir.mkdir(parents=True, exist_ok=True)  # an office PC's own folder (inbox, returns, logs) exists
        try:
            db = open_database(data_dir, create=True, url=url)
            sign_in_test_admin()
            settings.initialise_ward(WARD_CODE)
            yield db
        finally:
            close_database()
            _drop_server_database(server, name)
        return
    db = open_database(data_dir, create=True)
    sign_in_test_admin()
    settings.initialise_ward(WARD_CODE)
    yield db
    close_database()


def sign_in_test_admin(role: str = "admin"):
    """Sign the test user in on the open database, creating it first if the database has no account (a
    freshly created one, or one an earlier version made). Tests that open databases their own way call this."""
    from ward_desk.services import accounts

    return accounts.sign_in_or_create_admin(TEST_USER, TEST_PASSWORD)


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setenv("WARD_DESK_LANG", "en")


def raw_connect(path):
    """A raw DB-API connection to an encrypted ward database (tests that poke at the file under the ORM)."""
    from sqlcipher3 import dbapi2 as sqlcipher

    from ward_desk import keys

    conn = sqlcipher.connect(str(path))
    conn.execute(f"PRAGMA key = {keys.sql_key(keys.unlock(path))}")
    return conn


@pytest.fixture
def office_folder(tmp_path):
    """A consolidating office (cluster C-HOANKIEM over wards 00070, 00004, 00008) with its database open and the
    test admin signed in."""
    from ward_desk.db import close_database, open_database
    from ward_desk.services import office

    folder = tmp_path / "office"
    open_database(folder, create=True)
    sign_in_test_admin()
    office.initialise_office("C-HOANKIEM", ["00070", "00004", "00008"])
    yield folder
    close_database()
