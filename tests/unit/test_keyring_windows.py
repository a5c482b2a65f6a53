"""The database key in the PC's credential store: Windows Credential Manager on Windows (keyring's WinVault
backend, in the frozen app too), and when the store is missing or fails, the passphrase or recovery code opens
the database, with a message saying so and never a traceback."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import keyring
import keyring.backend
import pytest

from ward_desk import keys, selftest
from ward_desk.cli import main
from ward_desk.db import close_database, open_database
from ward_desk.selftest import Context, StepFailed

pytestmark = pytest.mark.sqlite_only(reason="the key of a ward's SQLCipher file")


class BrokenStore(keyring.backend.KeyringBackend):
    """A credential store that is there but fails (a locked vault, a broken D-Bus, a policy that forbids it)."""

    priority = 1

    def get_password(self, service, username):
        raise keyring.errors.KeyringError("Access is denied")

    def set_password(self, service, username, password):
        raise keyring.errors.PasswordSetError("Access is denied")

    def delete_password(self, service, username):
        raise keyring.errors.PasswordDeleteError("Access is denied")


class MemoryStore(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.items = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


@pytest.fixture
def store():
    before = keyring.get_keyring()
    yield lambda backend: keyring.set_keyring(backend)
    keyring.set_keyring(before)
    keys.forget_cached()
    keys._store_warned.clear()


def _new_ward(folder: Path) -> None:
    assert main(["--data-dir", str(folder), "init", "--unit", "00070"]) == 0
    close_database()
    keys.forget_cached()


def test_the_key_goes_into_the_credential_store_and_opens_from_it(tmp_path, store, monkeypatch):
    memory = MemoryStore()
    store(memory)
    _new_ward(tmp_path / "ward")
    kid = keys.read_key_file(tmp_path / "ward" / "ward.db")["key_id"]
    assert (keys.KEYRING_SERVICE, kid) in memory.items  # service "ward-desk", user name = the key's id
    monkeypatch.delenv("WARD_DESK_PASSPHRASE")
    open_database(tmp_path / "ward")  # no passphrase anywhere: the store opened it
    close_database()


def test_a_failing_store_falls_back_to_the_passphrase_with_a_message(tmp_path, store, caplog, capsys, english):
    store(BrokenStore())
    with caplog.at_level(logging.WARNING, logger="ward_desk.keys"):
        _new_ward(tmp_path / "ward")
        open_database(tmp_path / "ward")  # WARD_DESK_PASSPHRASE (the tests') opens it
        close_database()
    said = [r.getMessage() for r in caplog.records if r.name == "ward_desk.keys"]
    assert said and "credential store" in said[0] and "BrokenStore" in said[0] and "Access is denied" in said[0]
    assert "passphrase" in said[0]
    assert len(said) == 1  # once per process, not at every open


def test_a_failing_store_without_a_passphrase_is_a_message_not_a_traceback(tmp_path, store, capsys,
                                                                           monkeypatch, english):
    store(MemoryStore())
    _new_ward(tmp_path / "ward")
    store(BrokenStore())
    monkeypatch.delenv("WARD_DESK_PASSPHRASE")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert main(["--data-dir", str(tmp_path / "ward"), "audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "is locked: give its passphrase" in err and "Traceback" not in err


def test_a_missing_keyring_package_falls_back_to_the_passphrase(tmp_path, monkeypatch):
    _new_ward(tmp_path / "ward")
    monkeypatch.setitem(sys.modules, "keyring", None)  # import keyring -> ImportError
    open_database(tmp_path / "ward")
    close_database()


def test_windows_uses_credential_manager():
    """keyring ships the WinVault backend (Credential Manager) and the self-test fails a Windows build that
    picked anything else; the spec bundles the backend and its pywin32-ctypes bindings."""
    import importlib.util

    assert importlib.util.find_spec("keyring.backends.Windows") is not None
    spec = (Path(__file__).resolve().parents[2] / "packaging" / "ward_desk.spec").read_text(encoding="utf-8")
    assert '"keyring.backends.Windows", *collect_submodules("win32ctypes")' in spec


def test_the_self_test_requires_credential_manager_on_windows(monkeypatch, store):
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setattr(selftest.sys, "platform", "win32")
    store(MemoryStore())
    with pytest.raises(StepFailed, match="Windows Credential Manager"):
        selftest.step_keyring(Context(folder=None))
    WinVaultKeyring = type("WinVaultKeyring", (MemoryStore,), {"__module__": "keyring.backends.Windows"})
    store(WinVaultKeyring())
    assert selftest.step_keyring(Context(folder=None)) == selftest.WINDOWS_KEYRING
