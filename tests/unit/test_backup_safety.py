"""Backups, exports and files at rest (issue 18, points 5, 9 and 10): the clock set back for rotation, a full
disk leaving no plaintext and no partial backup, file modes, core dumps off, the scrypt cost, weak passphrases,
a read-only or full data folder explained."""

from __future__ import annotations

import errno
import os
import shutil
import stat

import pytest

from ward_desk import config, db, fileio
from ward_desk.cli import main
from ward_desk.errors import WardDeskError
from ward_desk import keys
from ward_desk.services import backup
from ward_desk.services.records import save_record

pytestmark = pytest.mark.sqlite_only(reason="backups and modes of the ward file")
SECRET = "PLAINTEXT-CLIENT-7731"


def _client(code=SECRET):
    save_record("clients", {"client_code": code, "sex": "F", "group": "SW", "birth_year": 1991})


def _copy_as(made, stamp):
    """A backup whose name says it was made at ``stamp`` (a PC whose clock was ahead then)."""
    target = made.with_name(f"ward-00070-{stamp}-daily.wdbak")
    shutil.copyfile(made, target)
    shutil.copyfile(made.with_name(made.name + ".key.json"), target.with_name(target.name + ".key.json"))
    return target


def test_rotation_goes_by_the_backups_number_and_keeps_the_backup_just_made(ward_db, data_dir):
    first = backup.create(kind="daily")
    # made while the clock was ahead (2099), then the clock was set right: every "old" backup looks newer
    future = [_copy_as(first, f"209901{day:02d}-120000") for day in range(1, 10)]
    first.unlink()
    first.with_name(first.name + ".key.json").unlink()
    now = 4_000_000_000  # and their files' times are in the future too
    for path in future:
        os.utime(path, (now, now))
    made = backup.automatic("daily")
    assert made is not None and made.exists()  # never removed by its own rotation
    listed = backup.list_backups()
    # changed on purpose (review of issue 18): newest by the number that only goes up, not by a time a clock
    # can move; the backups named 2099 are older than the one just made
    assert listed[0] == made and backup.in_the_future(listed[1])
    assert len([p for p in listed if p in future]) == 6  # today + the 6 days met next: 7 days kept


def test_a_clock_set_back_keeps_todays_backups_first_and_is_warned_about(ward_db, data_dir, capsys, english):
    import datetime as dt

    seed = backup.create(kind="daily")
    ahead = []  # made while the clock said January 2027, numbered as they were made
    for day in range(1, 9):
        target = seed.with_name(f"ward-00070-202701{day:02d}-120000-daily-n{day:06d}.wdbak")
        shutil.copyfile(seed, target)
        shutil.copyfile(seed.with_name(seed.name + ".key.json"), target.with_name(target.name + ".key.json"))
        ahead.append(target)
    seed.unlink()
    seed.with_name(seed.name + ".key.json").unlink()
    now = dt.datetime(2026, 12, 6, 9, 0)  # the clock set right again
    today = [backup.create(kind="manual") for _ in range(3)]
    assert [backup.sequence(p) for p in today] == [9, 10, 11]
    backup.rotate(keep=today[-1])
    listed = backup.list_backups()
    # today's newest first; rotation kept it as today's one (not a "2027" one over it) and 6 more days
    assert listed == [today[-1], *ahead[::-1][:6]]
    today = today[-1:]
    problem = backup.overdue(now)  # the newest is today's: no negative age, no "overdue"
    assert problem is None or problem.code != "backup.overdue"
    # with only the backups from "2027" the newest is in the future: said so, not a negative age
    for path in today:
        path.unlink()
        path.with_name(path.name + ".key.json").unlink()
    assert backup.overdue(now).code == "backup.future"
    db.close_database()
    assert main(["--data-dir", str(data_dir), "backup", "list"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(ahead[-1].name) and "later than this PC's time" in first


@pytest.mark.skipif(os.name == "nt", reason="symbolic links and pipes")
def test_a_dangling_link_or_a_pipe_in_backups_is_skipped_and_named(ward_db, data_dir, capsys, english):
    made = backup.create()
    folder = backup.backup_folder()
    (folder / "gone.wdbak").symlink_to(folder / "no-such-file.wdbak")
    os.mkfifo(folder / "pipe.wdbak")
    assert backup.list_backups() == [made]
    assert sorted(p.name for p in backup.skipped_entries()) == ["gone.wdbak", "pipe.wdbak"]
    again = backup.create()  # numbering and rotation step over them too
    assert backup.sequence(again) == backup.sequence(made) + 1
    backup.rotate(keep=again)
    db.close_database()
    assert main(["--data-dir", str(data_dir), "backup", "list"]) == 0
    out = capsys.readouterr()
    assert "gone.wdbak" in out.err and "pipe.wdbak" in out.err and "not a regular file" in out.err
    assert out.out.splitlines()[0].startswith(again.name)
    assert main(["--data-dir", str(data_dir), "backup", "create"]) == 0


def test_a_failed_backup_leaves_no_partial_file(ward_db, data_dir, monkeypatch):
    _client()
    before = set(backup.backup_folder().glob("*")) if backup.backup_folder().exists() else set()

    def full_disk(path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio, "fsync_file", full_disk)  # VACUUM INTO wrote it; the disk filled on flushing
    with pytest.raises(OSError):
        backup.create()
    assert set(backup.backup_folder().glob("*")) == before
    assert not list(data_dir.rglob("*.part")) and not list(data_dir.rglob("*.tmp"))


def test_a_failed_line_list_export_leaves_no_plaintext(ward_db, data_dir, tmp_path, monkeypatch):
    import zipfile

    from ward_desk.services.records_io import export_records

    for i in range(50):
        _client(f"{SECRET}-{i}")
    target = tmp_path / "exports" / "line-list.xlsx"
    target.parent.mkdir()

    def full_disk(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", full_disk)  # packing the sheets xlsxwriter wrote to disk
    with pytest.raises(OSError):
        export_records(target)
    assert list(target.parent.iterdir()) == []  # no workbook, no xlsxwriter working file, no folder
    for path in tmp_path.rglob("*"):
        if path.is_file() and not path.name.startswith("ward.db"):
            assert SECRET.encode() not in path.read_bytes(), path


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_the_wards_files_are_this_accounts_only(ward_db, data_dir, tmp_path):
    _client()
    made = backup.create()
    usb = backup.create(to=tmp_path / "usb")
    for path in (config.database_path(data_dir), keys.key_file(config.database_path(data_dir)), made,
                 made.with_name(made.name + ".key.json"), usb, usb.with_name(usb.name + ".key.json")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in (data_dir, made.parent, usb.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    wal = config.database_path(data_dir).with_name("ward.db-wal")
    if wal.exists():
        assert stat.S_IMODE(wal.stat().st_mode) & 0o077 == 0


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_an_earlier_versions_readable_files_are_closed_on_opening(ward_db, data_dir):
    db.close_database()
    os.chmod(config.database_path(data_dir), 0o644)
    os.chmod(keys.key_file(config.database_path(data_dir)), 0o644)
    db.open_database(data_dir)
    assert stat.S_IMODE(config.database_path(data_dir).stat().st_mode) == 0o600
    assert stat.S_IMODE(keys.key_file(config.database_path(data_dir)).stat().st_mode) == 0o600


@pytest.mark.skipif(os.name == "nt", reason="core files are a POSIX thing")
def test_core_dumps_are_off_in_the_cli_process(tmp_path):
    import subprocess
    import sys

    probe = ("import sys\nfrom ward_desk import process\nimport ward_desk.cli as cli\n"
             "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
             "print(process.core_dumps_disabled())")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "True", out.stderr


def test_the_scrypt_cost_is_at_least_owasps_and_old_key_files_still_open(data_dir, monkeypatch):
    monkeypatch.delenv("WARD_DESK_KDF")
    assert keys._kdf_params()["n"] >= 2 ** 17 and keys._kdf_params()["r"] >= 8
    monkeypatch.setenv("WARD_DESK_KDF", "fast")
    # a key file written by the earlier release (N=2^15): its own parameters open it (cheap N here: the point
    # is that unwrapping follows what the file records, not the current cost)
    old = {"n": 2 ** 11, "r": 8, "p": 1}
    monkeypatch.setattr(keys, "_kdf_params", lambda: old)
    db.open_database(data_dir, create=True, passphrase="an older ward 1")
    db.close_database()
    monkeypatch.undo()
    keys.forget_cached()
    assert keys.read_key_file(config.database_path(data_dir))["passphrase"]["n"] == 2 ** 11
    assert keys.unlock(config.database_path(data_dir), passphrase="an older ward 1")


@pytest.mark.parametrize("weak", ["password", "12345678", "Mat khau 123", "aaaaaaaaaa", "98765432109",
                                  "abababababab", "PASSWORD1", "qwertyuiopasdf", "poiuytrewq",
                                  "asdfghjkl;zxcvbnm", "1qaz2wsx3edc4rfv", "QWERTZUIOP"])
def test_weak_passphrases_are_refused(weak):
    with pytest.raises(WardDeskError) as refused:
        keys.check_passphrase(weak)
    assert refused.value.code in ("keys.passphrase_weak", "keys.passphrase_short")


def test_a_good_passphrase_passes():
    assert keys.check_passphrase("ba con mèo đen")
    assert keys.check_passphrase("nhà tôi ở hà nội") and keys.check_passphrase("correct horse battery")


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_the_audit_anchor_is_this_accounts_only(ward_db, data_dir):
    _client()  # an entry: the anchor is (re)written
    anchor = config.anchor_path(data_dir)
    assert anchor.exists() and stat.S_IMODE(anchor.stat().st_mode) == 0o600


def test_a_missing_backup_is_not_found_not_damaged(ward_db, data_dir, capsys, english):
    db.close_database()
    assert main(["--data-dir", str(data_dir), "backup", "restore", str(data_dir / "no-such.wdbak")]) == 1
    err = capsys.readouterr().err
    assert "was not found" in err and "damaged" not in err


def test_the_key_commands_help_mentions_rotate(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    line = next(l for l in capsys.readouterr().out.splitlines() if l.strip().startswith("key"))
    assert "rotate" in line


@pytest.mark.parametrize("failure, code", [
    ("attempt to write a readonly database", "storage.read_only"),
    ("database or disk is full", "storage.full"),
    ("database disk image is malformed", "db.damaged"),
])
def test_a_read_only_full_or_damaged_folder_is_explained(ward_db, data_dir, monkeypatch, capsys, english,
                                                          failure, code):
    from peewee import OperationalError

    from ward_desk.services import records_io

    db.close_database()

    def fails(*args, **kwargs):
        raise OperationalError(failure)

    monkeypatch.setattr(records_io, "export_records", fails)
    status = main(["--data-dir", str(data_dir), "records", "export", str(data_dir / "out.xlsx")])
    err = capsys.readouterr().err
    assert status == 1 and "Unexpected" not in err and "still works" in err
    assert db.explain(OperationalError(failure)).code == code


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_failed_audit_export_leaves_no_file_behind(ward_db, data_dir, tmp_path, monkeypatch, suffix):
    from ward_desk.services import audit

    _client()
    audit.log("note", table="clients", ref=SECRET, detail=SECRET)
    out = tmp_path / "audit-out"
    out.mkdir()

    def full_disk(path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio, "fsync_file", full_disk)  # written, then the disk filled on flushing
    with pytest.raises(OSError):
        audit.export(out / f"trail{suffix}")
    assert list(out.iterdir()) == []  # no .part, no temporary file, no half an export in clear
    monkeypatch.undo()
    assert audit.export(out / f"trail{suffix}") > 0 and [p.name for p in out.iterdir()] == [f"trail{suffix}"]
