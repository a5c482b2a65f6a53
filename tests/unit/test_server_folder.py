"""Which database a data folder opens: its own file, or the shared server it was connected to."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend

from ward_desk import config, db, db_server
from ward_desk.cli import main
from ward_desk.errors import WardDeskError


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.entries = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        self.entries.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(previous)


def test_the_address_is_saved_without_its_password_which_goes_to_the_keyring(tmp_path, memory_keyring):
    address = db_server.remember(tmp_path, "postgresql://clerk:pa ss@db.office.local:5433/ward")
    assert address == "postgresql://clerk@db.office.local:5433/ward"
    saved = (tmp_path / config.SERVER_FILE).read_text(encoding="utf-8")
    assert "pa ss" not in saved and saved.strip() == address
    assert db_server._stored_password(address) == "pa ss"
    assert db.database_url(tmp_path) == address
    assert db_server.forget(tmp_path) == address
    assert db.database_url(tmp_path) is None and memory_keyring.entries == {}


def test_explicit_database_and_environment_win_over_the_saved_address(tmp_path, monkeypatch):
    db_server.save_server_url(tmp_path, "postgresql://a@saved/db")
    assert db.database_url(tmp_path) == "postgresql://a@saved/db"
    monkeypatch.setenv("WARD_DESK_DATABASE", "postgresql://a@env/db")
    assert db.database_url(tmp_path) == "postgresql://a@env/db"
    db.use_database_url("postgresql://a@option/db")
    assert db.database_url(tmp_path) == "postgresql://a@option/db"


def test_a_bad_address_is_refused_before_anything_is_saved(tmp_path, english):
    with pytest.raises(WardDeskError) as caught:
        db_server.remember(tmp_path, "mysql://x@y/z")
    assert caught.value.code == "db.bad_url"
    assert not (tmp_path / config.SERVER_FILE).exists()


def test_connect_refuses_a_folder_that_has_its_own_database(ward_db, data_dir, capsys):
    db.close_database()
    assert main(["--data-dir", str(data_dir), "server", "connect", "postgresql://x@127.0.0.1:1/none"]) == 1
    assert "ward.db" in capsys.readouterr().err
    assert config.saved_server_url(data_dir) is None


def test_status_of_a_folder_with_its_own_file(data_dir, capsys, english):
    assert main(["--data-dir", str(data_dir), "server", "status"]) == 0
    assert "encrypted database file" in capsys.readouterr().out
