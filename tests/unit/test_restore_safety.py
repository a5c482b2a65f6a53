"""Restoring over a damaged database: nothing lost, nobody through (issue 18, point 1).

A damaged page in the middle and on page 1; a clerk's and a nobody's restore refused; an admin's restore keeps
the damaged file aside, refuses another ward's backup and is audited; `audit verify` on a damaged file says
where, not "Unexpected error".
"""

from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD, TEST_USER, sign_in_test_admin
from ward_desk import config, db
from ward_desk.cli import main
from ward_desk.errors import WardDeskError
from ward_desk.services import accounts, backup, settings
from ward_desk.services.records import save_record

pytestmark = pytest.mark.sqlite_only(reason="restores the ward file")


def _client(code):
    save_record("clients", {"client_code": code, "sex": "F", "group": "SW", "birth_year": 1990})


def _ward_with_a_backup_and_later_work(data_dir):
    """A clerk account, a backup, then work saved after it; the database closed and checkpointed."""
    accounts.create_user("lan", "clerk password 1", "clerk")
    for i in range(40):
        _client(f"BEFORE-{i:03d}")
    made = backup.create()
    _client("SAVED-AFTER-THE-BACKUP")
    db.close_database()
    return made


def _damage_middle(path):
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    for page in (pages // 2, pages // 2 + 1):
        data[page * 4096 + 100:page * 4096 + 300] = bytes(200)
    path.write_bytes(bytes(data))


def _damage_a_data_page(path):
    """A page of records near the end of the file: the file opens, its integrity check fails."""
    data = bytearray(path.read_bytes())
    page = len(data) // 4096 - 3
    data[page * 4096 + 100:page * 4096 + 300] = bytes(200)
    path.write_bytes(bytes(data))


def _damage_page_one(path):
    data = path.read_bytes()
    path.write_bytes(b"\x00" * 4096 + data[4096:])


def _restore(folder, made, *user):
    args = ["--data-dir", str(folder)] + (["--user", user[0]] if user else []) + ["backup", "restore", str(made)]
    return main(args)


@pytest.mark.parametrize("damage", [_damage_middle, _damage_a_data_page, _damage_page_one],
                         ids=["middle", "data-page", "page-1"])
def test_a_nobody_and_a_clerk_cannot_restore_over_a_damaged_file(ward_db, data_dir, damage, monkeypatch,
                                                                 capsys, english):
    made = _ward_with_a_backup_and_later_work(data_dir)
    damage(config.database_path(data_dir))
    assert _restore(data_dir, made, "nobody") == 1
    monkeypatch.setenv("WARD_DESK_PASSWORD", "clerk password 1")
    assert _restore(data_dir, made, "lan") == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Unexpected" not in err
    # nothing moved: the damaged file is still in place (its failed sign-ins may be logged in it), no restore
    assert config.database_path(data_dir).read_bytes() != made.read_bytes()
    assert not list(data_dir.glob("ward.db.damaged-*")) and not list(data_dir.glob("ward.db.before-restore-*"))


@pytest.mark.parametrize("damage", [_damage_middle, _damage_a_data_page, _damage_page_one],
                         ids=["middle", "data-page", "page-1"])
def test_an_admins_restore_keeps_the_damaged_file_aside_and_is_audited(ward_db, data_dir, damage, capsys,
                                                                        english):
    made = _ward_with_a_backup_and_later_work(data_dir)
    damage(config.database_path(data_dir))
    damaged = config.database_path(data_dir).read_bytes()
    assert _restore(data_dir, made) == 0, capsys.readouterr().err
    aside = list(data_dir.glob("ward.db.damaged-*"))
    # kept, not deleted (its sign-in may have been logged in it): the records saved since can still be saved
    assert len(aside) == 1 and aside[0].stat().st_size >= len(damaged) and aside[0].read_bytes() != made.read_bytes()
    db.open_database(data_dir)
    sign_in_test_admin()
    from ward_desk.models.records import Client
    from ward_desk.services import audit

    assert Client.select().count() == 40
    assert audit.count(action="restore", user=TEST_USER) == 1
    assert audit.verify() == []


def test_another_wards_backup_is_refused_over_a_damaged_file(ward_db, data_dir, tmp_path, capsys, english):
    db.close_database()
    other = tmp_path / "other-ward"
    db.open_database(other, create=True)
    sign_in_test_admin()
    settings.initialise_ward("00004")
    foreign = backup.create(to=tmp_path / "usb")  # with its own key file beside it
    db.close_database()
    _damage_page_one(config.database_path(data_dir))
    assert _restore(data_dir, foreign) == 1
    assert "another unit" in capsys.readouterr().err
    assert not list(data_dir.glob("ward.db.damaged-*"))
    db.open_database(data_dir, path=config.database_path(other))
    sign_in_test_admin()
    assert settings.get("unit_code") == "00004"
    db.close_database()


def test_another_wards_backup_is_refused_when_page_one_and_the_key_file_are_gone(ward_db, data_dir, tmp_path,
                                                                                 capsys, english):
    """Review of issue 18: with page 1 damaged and ward.key.json deleted nothing in the folder said which ward
    it was, so another ward's backup (with its own key file) came in. The anchor (audit.head) records the code."""
    from ward_desk.services import audit

    _client("OURS-1")
    db.close_database()
    assert audit.recorded_unit(config.anchor_path(data_dir)) == "00070"
    other = tmp_path / "other-ward"
    db.open_database(other, create=True)
    sign_in_test_admin()
    settings.initialise_ward("00004")
    foreign = backup.create(to=tmp_path / "usb")
    db.close_database()
    _damage_page_one(config.database_path(data_dir))
    from ward_desk import keys

    keys.key_file(config.database_path(data_dir)).unlink()
    assert _restore(data_dir, foreign) == 1
    err = capsys.readouterr().err
    assert "00004" in err and "records the unit 00070" in err and "--allow-other-unit" in err
    assert not list(data_dir.glob("ward.db.damaged-*"))
    # on purpose: allowed, and the restore's entry says so
    args = ["--data-dir", str(data_dir), "backup", "restore", "--allow-other-unit", str(foreign)]
    assert main(args) == 0, capsys.readouterr().err
    db.open_database(data_dir)
    sign_in_test_admin()
    assert settings.get("unit_code") == "00004"
    entry = audit.entries(action="restore").order_by(audit.AuditEntry.id.desc()).first()
    assert "another unit" in entry.detail and "00070" in entry.detail
    db.close_database()


def test_the_service_refuses_a_damaged_restore_without_an_admin(ward_db, data_dir):
    made = _ward_with_a_backup_and_later_work(data_dir)
    _damage_a_data_page(config.database_path(data_dir))
    db.open_database(data_dir)
    assert db.integrity_check()
    with pytest.raises(WardDeskError) as nobody:
        backup.restore(made, damaged=True)
    assert nobody.value.code == "auth.sign_in_required"
    db.open_database(data_dir)
    with pytest.raises(WardDeskError) as clerk:
        backup.restore(made, damaged=True, username="lan", password="clerk password 1")
    assert clerk.value.code == "auth.forbidden"
    db.open_database(data_dir)
    backup.restore(made, damaged=True, username=TEST_USER, password=TEST_PASSWORD)
    assert db.integrity_check() == [] and accounts.current_user().username == TEST_USER
    assert len(list(data_dir.glob("ward.db.damaged-*"))) == 1


def test_a_sound_restore_keeps_the_replaced_database(ward_db, data_dir):
    _client("KEPT-1")
    made = backup.create()
    _client("AFTER-1")
    backup.restore(made)
    assert len(list(data_dir.glob("ward.db.before-restore-*"))) == 1


def test_audit_verify_on_a_damaged_file_says_where(ward_db, data_dir, capsys, english):
    from ward_desk.services import audit

    with ward_db.atomic():
        for i in range(3000):  # enough entries to span many pages
            audit.log("note", detail=f"entry {i} " + "x" * 200)
    ward_db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_database()
    _damage_middle(config.database_path(data_dir))
    status = main(["--data-dir", str(data_dir), "audit", "verify"])
    err = capsys.readouterr().err
    assert status == 1 and "Unexpected" not in err
    assert "damaged" in err and str(config.database_path(data_dir)) in err


def test_a_removed_anchor_is_a_break(ward_db, data_dir, capsys, english):
    from ward_desk.models.security import AuditEntry
    from ward_desk.services import audit

    for i in range(3):
        _client(f"A-{i}")
    newest = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    for name in audit.GUARD_TRIGGERS:
        ward_db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    AuditEntry.delete().where(AuditEntry.id == newest.id).execute()
    config.anchor_path(data_dir).unlink()
    assert (newest.id - 1, "anchor_missing") in audit.verify()
    db.close_database()
    # `audit verify` signs in first (a new entry, a new anchor): the removal is still reported
    assert main(["--data-dir", str(data_dir), "audit", "verify"]) == 1
    assert "removed" in capsys.readouterr().err



def _flip_page_at(path, fraction):
    """One page of the file, at ``fraction`` of its length, overwritten (a bad sector, a write cut short)."""
    data = bytearray(path.read_bytes())
    page = max(1, int(len(data) // 4096 * fraction))
    data[page * 4096 + 64:page * 4096 + 1024] = bytes(range(256)) * 3 + bytes(192)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("fraction", [0.10, 0.30, 0.95])
def test_the_cli_writes_nothing_on_a_damaged_file_and_verify_does_not_say_intact(ward_db, data_dir, fraction,
                                                                                  monkeypatch, capsys, english):
    """Review of issue 18: a damaged page far from the audit trail left `audit verify` saying "intact" and write
    commands writing. Now the CLI runs PRAGMA quick_check before its first write, and verify checks the file."""
    for i in range(300):
        _client(f"DAMAGE-{i:04d}-CLIENT")
    backup.create()
    db.close_database()
    path = config.database_path(data_dir)
    _flip_page_at(path, fraction)
    folder = str(data_dir)
    monkeypatch.setenv("WARD_DESK_NEW_PASSWORD", "clerk password 1")
    opens = True
    for command in (["user", "add", "lan", "--role", "clerk"], ["audit", "verify"]):
        status = main(["--data-dir", folder, *command])
        err = capsys.readouterr()
        assert status != 0, command
        assert "damaged" in err.err and "backup restore" in err.err, (command, err.err)
        assert "intact" not in err.out
        opens = opens and "not a Ward Desk database" not in err.err  # a page the opening itself reads
    if opens:  # reading still works, to find the backup
        status = main(["--data-dir", folder, "backup", "list"])
        assert status == 0 and ".wdbak" in capsys.readouterr().out
