"""Encryption at rest: the file is ciphertext, and the passphrase or recovery code opens it without the keyring."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from ward_desk import db
from ward_desk.errors import WardDeskError
from ward_desk import keys
from ward_desk.services import settings

from tests.conftest import DATA, TEST_PASSPHRASE, WARD_CODE

CLIENT_CODE = "ZXQ-SECRET-CLIENT-4711"


def _folder_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def _add_client():
    from ward_desk.services.records import save_record

    save_record("clients", {"client_code": CLIENT_CODE, "sex": "F", "group": "SW", "birth_year": 1990})


def test_database_wal_and_key_file_never_hold_a_client_code(ward_db, data_dir):
    _add_client()
    assert (data_dir / "ward.db-wal").exists()
    while_open = _folder_bytes(data_dir)
    assert CLIENT_CODE.encode() not in while_open and CLIENT_CODE.encode("utf-16-le") not in while_open
    db.close_database()
    after = _folder_bytes(data_dir)
    assert CLIENT_CODE.encode() not in after
    assert (data_dir / "ward.db").read_bytes()[:16] != keys.PLAINTEXT_HEADER
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(str(data_dir / "ward.db")).execute("SELECT count(*) FROM sqlite_master").fetchone()
    document = json.loads((data_dir / keys.KEY_FILE).read_text())
    assert set(document) == {"format", "key_id", "cipher", "passphrase", "recovery"}


def test_passphrase_opens_a_copy_without_keyring_or_cache(ward_db, data_dir, tmp_path, monkeypatch):
    _add_client()
    db.close_database()
    copy = tmp_path / "other-pc"
    shutil.copytree(data_dir, copy)
    keys.forget_cached()
    monkeypatch.delenv("WARD_DESK_PASSPHRASE")
    with pytest.raises(WardDeskError) as locked:
        db.open_database(copy)
    assert locked.value.code == "keys.locked"
    keys.forget_cached()
    with pytest.raises(WardDeskError) as wrong:
        db.open_database(copy, passphrase="not the passphrase")
    assert wrong.value.code == "keys.wrong"
    db.open_database(copy, passphrase=TEST_PASSPHRASE)
    from ward_desk.models.records import Client

    assert Client.get(Client.client_code == CLIENT_CODE)


def test_recovery_code_printed_once_opens_the_database(data_dir, monkeypatch):
    db.open_database(data_dir, create=True, passphrase="a good passphrase")
    settings.initialise_ward(WARD_CODE)
    code = keys.take_recovery_code()
    assert code and keys.take_recovery_code() is None
    db.close_database()
    keys.forget_cached()
    monkeypatch.delenv("WARD_DESK_PASSPHRASE")
    assert code.encode() not in _folder_bytes(data_dir)
    db.open_database(data_dir, recovery_code=code.lower().replace("-", " "))
    assert settings.ward_unit().code == WARD_CODE


def test_create_refuses_a_missing_or_short_passphrase(data_dir, monkeypatch):
    monkeypatch.delenv("WARD_DESK_PASSPHRASE")
    with pytest.raises(WardDeskError) as missing:
        db.open_database(data_dir, create=True)
    assert missing.value.code == "keys.passphrase_needed"
    with pytest.raises(WardDeskError) as short:
        db.open_database(data_dir, create=True, passphrase="short")
    assert short.value.code == "keys.passphrase_short"


def test_earlier_plain_database_is_encrypted_in_place(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(DATA / "ward-v1.db", folder / "ward.db")
    plain = sqlite3.connect(str(folder / "ward.db"))
    clients = plain.execute("SELECT count(*) FROM clients").fetchone()[0]
    plain.close()
    opened = db.open_database(folder)
    assert opened.execute_sql("SELECT count(*) FROM clients").fetchone()[0] == clients
    db.close_database()
    assert not keys.is_plaintext(folder / "ward.db")
    assert not (folder / "ward.db.unencrypted-copy").exists()
    keys.forget_cached()
    again = db.open_database(folder)
    assert again.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_cli_init_prints_the_recovery_code(tmp_path, capsys, english):
    from ward_desk.cli import main

    assert main(["--data-dir", str(tmp_path / "w"), "init", "--unit", WARD_CODE]) == 0
    out = capsys.readouterr().out
    assert "RECOVERY CODE" in out
    assert (tmp_path / "w" / keys.KEY_FILE).exists()
