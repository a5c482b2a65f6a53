"""An admin changes the database passphrase or replaces the recovery code; a clerk cannot; the old secrets stop
opening the database and the new ones do."""

from __future__ import annotations

import pytest

from ward_desk import db
from ward_desk.cli import main
from ward_desk.errors import WardDeskError
from ward_desk import keys
from ward_desk.services import accounts, key_admin

from tests.conftest import TEST_PASSPHRASE, sign_in_test_admin


def test_new_passphrase_and_recovery_code_replace_the_old_ones(ward_db, data_dir, capsys, monkeypatch, english):
    db.close_database()
    monkeypatch.setenv("WARD_DESK_NEW_PASSPHRASE", "a brand new passphrase")
    assert main(["--data-dir", str(data_dir), "key", "passphrase"]) == 0
    assert main(["--data-dir", str(data_dir), "key", "recovery-code"]) == 0
    out = capsys.readouterr().out
    code = out.split("shown only once): ")[1].split()[0]
    keys.forget_cached()
    with pytest.raises(WardDeskError):
        db.open_database(data_dir, passphrase=TEST_PASSPHRASE)
    db.open_database(data_dir, passphrase="a brand new passphrase")
    db.close_database()
    keys.forget_cached()
    db.open_database(data_dir, recovery_code=code)
    sign_in_test_admin()
    from ward_desk.models.security import AuditEntry

    actions = {e.action for e in AuditEntry.select()}
    assert {"key.passphrase", "key.recovery_code"} <= actions
    assert "a brand new passphrase" not in str([(e.detail, e.new_values) for e in AuditEntry.select()])


def test_a_clerk_cannot_change_the_key_secrets(ward_db):
    accounts.create_user("lan", "clerk password 1", "clerk")
    accounts.sign_in("lan", "clerk password 1")
    with pytest.raises(WardDeskError):
        key_admin.change_passphrase("another passphrase")
    with pytest.raises(WardDeskError):
        key_admin.replace_recovery_code()
