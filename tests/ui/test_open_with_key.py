"""The app's way into an encrypted ward when no keyring holds the key: the passphrase (whatever it looks like)
or the recovery code; an unencrypted database from an earlier version gets a passphrase typed twice and shows
its new recovery code."""

from __future__ import annotations

import sqlite3

import pytest

from ward_desk import app
from ward_desk.db import close_database, open_database
from ward_desk import keys


@pytest.fixture
def answers(monkeypatch):
    """Scripted answers to the passphrase dialogs, and the messages shown."""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    typed: list[str] = []
    shown: list[str] = []
    prompts: list[str] = []

    def get_text(_parent, _title, prompt, *_args, **_kwargs):
        prompts.append(prompt)
        return (typed.pop(0), True) if typed else ("", False)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda _p, _t, text: shown.append(text)))
    return typed, shown, prompts


def test_a_passphrase_with_dashes_opens_the_ward(qapp, tmp_path, monkeypatch, answers):
    typed, _shown, _prompts = answers
    folder = tmp_path / "w"
    open_database(folder, create=True, passphrase="correct-horse-battery-staple")
    close_database()
    keys.forget_cached()
    monkeypatch.delenv("WARD_DESK_PASSPHRASE")
    typed.extend(["wrong-horse-battery-staple", "correct-horse-battery-staple"])
    app._open_with_key(folder)  # the first answer is refused, the second opens it
    assert typed == []
    close_database()


def test_an_unencrypted_database_asks_twice_and_shows_the_recovery_code(qapp, tmp_path, monkeypatch, answers):
    typed, shown, prompts = answers
    folder = tmp_path / "old"
    folder.mkdir()
    with sqlite3.connect(folder / "ward.db") as con:  # a plain SQLite file, as an earlier version left it
        con.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
    monkeypatch.delenv("WARD_DESK_PASSPHRASE")
    keys.forget_cached()
    typed.extend(["new passphrase 1", "new passphrase 2", "new passphrase 1", "new passphrase 1"])
    app._open_with_key(folder)
    assert typed == [] and len(prompts) == 4  # the mismatch asked again
    assert len(shown) == 1 and keys.take_recovery_code() is None  # shown once, then gone
    close_database()
    assert not keys.is_plaintext(folder / "ward.db")
    keys.forget_cached()
    open_database(folder, passphrase="new passphrase 1")
    close_database()


def test_a_database_that_does_not_open_is_restored_from_the_newest_backup(qapp, tmp_path, monkeypatch, answers):
    from tests.conftest import sign_in_test_admin
    from ward_desk.models.records import Client
    from ward_desk.services import backup, settings
    from ward_desk.services.records import save_record

    typed, _shown, _prompts = answers
    folder = tmp_path / "w"
    open_database(folder, create=True, passphrase="ward passphrase 1")
    sign_in_test_admin()
    settings.initialise_ward("00070")
    save_record("clients", {"client_code": "KEPT-1", "sex": "F", "group": "SW"})
    backup.create()
    close_database()
    raw = (folder / "ward.db").read_bytes()
    (folder / "ward.db").write_bytes(b"\xff" * 4096 + raw[4096:])
    keys.forget_cached()
    monkeypatch.delenv("WARD_DESK_PASSPHRASE")
    monkeypatch.setattr(app._restore_unopenable, "answer", True, raising=False)
    from tests.conftest import TEST_PASSWORD, TEST_USER

    monkeypatch.setattr(app._ask_admin, "answer", (TEST_USER, TEST_PASSWORD), raising=False)  # an admin restores
    typed.append("ward passphrase 1")  # the keyring has no key: asked once
    app._open_with_key(folder)
    sign_in_test_admin()
    assert [c.client_code for c in Client.select()] == ["KEPT-1"]
    assert list(folder.glob("ward.db.damaged-*"))
    close_database()
