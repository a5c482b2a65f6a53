"""Encrypted backups: ciphertext on disk, restore of this ward's backup, refusal of a damaged or foreign one."""

from __future__ import annotations

import pytest

from ward_desk import db
from ward_desk.cli import main
from ward_desk.errors import WardDeskError
from ward_desk import keys
from ward_desk.services import backup

from tests.conftest import WARD_CODE, sign_in_test_admin

CLIENT_CODE = "BKP-SECRET-CODE-991"


def _add_client(code=CLIENT_CODE):
    from ward_desk.services.records import save_record

    save_record("clients", {"client_code": code, "sex": "F", "group": "SW", "birth_year": 1991})


def test_backup_is_ciphertext_and_restores(ward_db, data_dir, tmp_path):
    from ward_desk.models.records import Client

    _add_client()
    path = backup.create(to=tmp_path / "usb")
    data = path.read_bytes()
    assert data[:16] != keys.PLAINTEXT_HEADER and CLIENT_CODE.encode() not in data
    assert (path.parent / (path.name + ".key.json")).exists()
    _add_client("LATER-CLIENT-1")
    backup.restore(path)
    codes = {c.client_code for c in Client.select()}
    assert CLIENT_CODE in codes and "LATER-CLIENT-1" not in codes
    from ward_desk.models.security import AuditEntry

    assert AuditEntry.select().where(AuditEntry.action == "restore").count() == 1


def test_damaged_and_foreign_backups_are_refused(ward_db, data_dir, tmp_path):
    _add_client()
    path = backup.create()
    damaged = tmp_path / "damaged.wdbak"
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2:len(raw) // 2 + 2048] = b"\x00" * 2048
    damaged.write_bytes(bytes(raw))
    with pytest.raises(WardDeskError) as bad:
        backup.restore(damaged)
    assert bad.value.code in {"backup.damaged", "backup.wrong_key"}
    db.close_database()
    other = tmp_path / "other-ward"
    db.open_database(other, create=True)
    sign_in_test_admin()  # another ward: the same test admin, made there
    from ward_desk.services import settings

    settings.initialise_ward("00004")
    foreign = backup.create()
    db.close_database()
    db.open_database(data_dir)
    sign_in_test_admin()
    with pytest.raises(WardDeskError) as refused:
        backup.restore(foreign)
    assert refused.value.code == "backup.wrong_key"
    from ward_desk.models.records import Client

    assert Client.select().where(Client.client_code == CLIENT_CODE).count() == 1


def test_random_bytes_over_a_backup_are_damage_never_a_crash(ward_db, data_dir, tmp_path):
    import random

    for _ in range(30):
        _add_client(f"C-{random.randrange(10**12)}")  # ids: letters, digits, - and _
    path = backup.create()
    raw = bytearray(path.read_bytes())
    rng = random.Random(7)
    for trial in range(8):  # overwrite a few spots past page 1 (seen: MemoryError out of SQLCipher)
        broken = bytearray(raw)
        for _ in range(4):
            at = rng.randrange(4096, len(broken) - 64)
            broken[at:at + 64] = bytes(rng.randrange(256) for _ in range(64))
        target = tmp_path / f"broken-{trial}.wdbak"
        target.write_bytes(bytes(broken))
        try:
            backup.check_backup(target)
        except WardDeskError as exc:
            assert exc.code in {"backup.damaged", "backup.wrong_key"}


def test_restore_is_refused_while_another_window_has_the_folder_open(ward_db, data_dir, tmp_path):
    import socket
    import subprocess
    import sys

    from ward_desk import config
    from ward_desk.models.records import Client

    _add_client()
    path = backup.create()
    _add_client("SAVED-AFTER-THE-BACKUP")
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:  # the lock file another Ward Desk window holds (QLockFile: pid, app name, host)
        (data_dir / config.INSTANCE_LOCK).write_text(f"{other.pid}\nward-desk\n{socket.gethostname()}\n")
        with pytest.raises(WardDeskError) as refused:
            backup.restore(path)
        assert refused.value.code == "backup.in_use" and str(other.pid) in refused.value.message()
        assert Client.select().where(Client.client_code == "SAVED-AFTER-THE-BACKUP").count() == 1
    finally:
        other.kill()
        other.wait()
    backup.restore(path)  # that window is gone: its stale lock no longer stops the restore
    assert Client.select().where(Client.client_code == "SAVED-AFTER-THE-BACKUP").count() == 0


def test_rotation_keeps_one_per_day(ward_db, data_dir):
    made = [backup.create(kind="daily") for _ in range(3)]
    # the time in the name decides which is newest (issue 18: never the file's modification time)
    named = []
    for hour, path in zip((12, 11, 10), made):
        target = path.with_name(f"ward-{WARD_CODE}-20261120-{hour:02d}0000-daily.wdbak")
        path.rename(target)
        path.with_name(path.name + ".key.json").rename(target.with_name(target.name + ".key.json"))
        named.append(target)
    removed = backup.rotate()
    assert len(removed) == 2 and backup.list_backups() == [named[0]]


def test_cli_backup_create_list_restore(ward_db, data_dir, capsys, english):
    _add_client()
    db.close_database()
    folder = str(data_dir)
    assert main(["--data-dir", folder, "backup", "create"]) == 0
    assert main(["--data-dir", folder, "backup", "list"]) == 0
    name = capsys.readouterr().out.splitlines()[-1].split("\t")[0]
    assert name.startswith(f"ward-{WARD_CODE}-")
    assert main(["--data-dir", folder, "backup", "restore", str(data_dir / "backups" / name)]) == 0
    assert main(["--data-dir", folder, "backup", "restore", str(data_dir / "nothing.wdbak")]) == 1


def _cli_restore(folder, backup_file, capsys):
    code = main(["--data-dir", str(folder), "backup", "restore", str(backup_file)])
    return code, capsys.readouterr()


def test_a_usb_backup_restores_on_a_new_pc_with_the_passphrase(ward_db, data_dir, tmp_path, capsys, english):
    from ward_desk.models.records import Client

    _add_client()
    made = backup.create(to=tmp_path / "usb")
    db.close_database()
    keys.forget_cached()  # the new PC's keyring knows nothing of this ward
    new_pc = tmp_path / "new-pc"
    code, out = _cli_restore(new_pc, made, capsys)
    assert code == 0, out.err
    db.open_database(new_pc)
    sign_in_test_admin()
    assert Client.select().where(Client.client_code == CLIENT_CODE).count() == 1
    from ward_desk.services import audit

    assert audit.verify() == []
    from ward_desk.models.security import AuditEntry

    assert AuditEntry.select().where(AuditEntry.action == "restore").count() == 1


def test_without_the_passphrase_the_recovery_code_restores_it(ward_db, data_dir, tmp_path, capsys, monkeypatch,
                                                              english):
    db.close_database()
    fresh = tmp_path / "made-with-a-code"
    db.open_database(fresh, create=True)
    code = keys.take_recovery_code()
    sign_in_test_admin()
    from ward_desk.services import settings

    settings.initialise_ward(WARD_CODE)
    _add_client()
    made = backup.create(to=tmp_path / "usb")
    db.close_database()
    keys.forget_cached()
    monkeypatch.delenv("WARD_DESK_PASSPHRASE")
    monkeypatch.setenv("WARD_DESK_RECOVERY_CODE", code)
    status, out = _cli_restore(tmp_path / "new-pc", made, capsys)
    assert status == 0, out.err
    monkeypatch.setenv("WARD_DESK_RECOVERY_CODE", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    keys.forget_cached()
    status, out = _cli_restore(tmp_path / "another-pc", made, capsys)
    assert status == 1 and "Traceback" not in out.err
    assert not (tmp_path / "another-pc" / "ward.db").exists()  # nothing half made


def test_a_database_damaged_past_opening_is_restored_and_kept_aside(ward_db, data_dir, tmp_path, capsys, english):
    from ward_desk.models.records import Client

    _add_client()
    made = backup.create()
    db.close_database()
    damaged = (data_dir / "ward.db").read_bytes()
    (data_dir / "ward.db").write_bytes(b"\x00" * 4096 + damaged[4096:])  # page 1 gone: it does not open
    status, out = _cli_restore(data_dir, made, capsys)
    assert status == 0, out.err
    assert [p.name.split(".damaged-")[0] for p in data_dir.glob("ward.db.damaged-*")] == ["ward.db"]
    db.open_database(data_dir)
    sign_in_test_admin()
    assert Client.select().where(Client.client_code == CLIENT_CODE).count() == 1
