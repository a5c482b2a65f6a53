"""Shared fixtures: a fresh data folder per test, a ward database opened on it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
# Every test database is encrypted (ward_desk.services.keys) with this passphrase; cheap scrypt under tests only.
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


@pytest.fixture
def ward_db(data_dir):
    """An initialised ward (Phường Hoàn Kiếm) with its database open and bound to the models."""
    from ward_desk.db import close_database, open_database
    from ward_desk.services import settings

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

    from ward_desk.services import keys

    conn = sqlcipher.connect(str(path))
    conn.execute(f"PRAGMA key = {keys.sql_key(keys.unlock(path))}")
    return conn
