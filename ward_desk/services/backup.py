"""Encrypted backups: create, list, rotate, restore. No Qt here.

A backup is ``VACUUM INTO`` from the open SQLCipher connection: a consistent snapshot, encrypted with the same
key as the database (never a plain copy). Beside it goes ``NAME.key.json``, a copy of the ward's key file (salts
and wrapped keys only), so a backup on a USB stick opens on another PC with the passphrase or recovery code.
A restore refuses a file that does not open with this ward's key, fails ``PRAGMA integrity_check``, or belongs
to another unit; the current database is kept as ``ward.db.before-restore`` until the restored one has opened.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from ward_desk import config, fileio, keys, lockinfo, messages
from ward_desk.errors import WardDeskError
from ward_desk.models import database
from ward_desk.services import audit, session
from ward_desk.services.operation import operation

SUFFIX = ".wdbak"

messages.register({
    "backup.not_damaged": (
        "Cơ sở dữ liệu đang mở không bị hỏng; khôi phục cần tài khoản quản trị.",
        "The open database is not damaged; restoring needs an administrator's account.",
    ),
    "backup.server": ("Cơ sở dữ liệu dùng chung PostgreSQL được sao lưu bằng công cụ của máy chủ (pg_dump), "
                      "không bằng Ward Desk.",
                      "A shared PostgreSQL database is backed up with its server's own tools (pg_dump), not by "
                      "Ward Desk."),
    "backup.in_use": ("Ward Desk đang mở thư mục dữ liệu này ({who}): hãy đóng cửa sổ đó rồi khôi phục, "
                      "nếu không các lần lưu của nó sẽ mất.",
                      "Ward Desk has this data folder open ({who}): close that window first, or what it "
                      "saves would be lost."),
    "backup.no_key_file": ("Không có tệp khóa {path} bên cạnh bản sao lưu: hãy chép cả hai tệp.",
                           "No key file {path} beside the backup: copy both files."),
    "backup.damaged": ("Bản sao lưu {path} bị hỏng hoặc không đọc được.", "The backup {path} is damaged or unreadable."),
    "backup.foreign": (
        "Bản sao lưu {path} là của đơn vị khác ({other}), không phải {unit}; không khôi phục.",
        "The backup {path} belongs to another unit ({other}), not {unit}; not restored.",
    ),
    "backup.wrong_key": (
        "Bản sao lưu {path} không mở được bằng khóa của đơn vị này (có thể của đơn vị khác).",
        "The backup {path} does not open with this unit's key (it may be another unit's).",
    ),
})


def _db_path() -> Path:
    return Path(database.obj.database)


def backup_folder(folder: Path | None = None) -> Path:
    base = Path(folder) if folder else _db_path().parent
    return base / config.BACKUP_FOLDER


def create(*, to: str | os.PathLike | None = None, kind: str = "manual") -> Path:
    """Write a backup of the open database (to ``to``, else the data folder's ``backups``); returns its path."""
    # on demand needs an admin; the automatic ones run for whoever is signed in. VACUUM INTO runs outside any
    # transaction, so the entry is committed after the file is in place.
    with operation("backup.create" if kind == "manual" else None, transaction=False) as op:
        path = _write_backup(to, kind)
        op.log("backup", detail=f"{kind} backup {path.name}")
    return path


def _write_backup(to, kind: str) -> Path:
    _refuse_on_a_server()
    from ward_desk.services import settings

    target_dir = Path(to) if to else backup_folder()
    target_dir.mkdir(parents=True, exist_ok=True)
    unit = settings.get("unit_code") or "unit"
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = target_dir / f"ward-{unit}-{stamp}-{kind}{SUFFIX}"
    n = 1
    while path.exists():
        n += 1
        path = target_dir / f"ward-{unit}-{stamp}-{kind}-{n}{SUFFIX}"
    with fileio.atomic_path(path) as tmp:
        database.obj.execute_sql("VACUUM INTO ?", (str(tmp),))
    shutil.copyfile(keys.key_file(_db_path()), _sidecar(path))
    return path


def _refuse_on_a_server() -> None:
    """A shared PostgreSQL database has no file to snapshot: its server's own tools back it up."""
    from peewee import SqliteDatabase  # SQLCipher's class derives from it

    if not isinstance(database.obj, SqliteDatabase):
        raise WardDeskError("backup.server")


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".key.json")


def list_backups(folder: Path | None = None) -> list[Path]:
    where = backup_folder(folder)
    return sorted(where.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True) if where.exists() else []


def rotate(folder: Path | None = None, *, daily: int = 7, monthly: int = 12) -> list[Path]:
    """Keep the newest backup of each of the last ``daily`` days and ``monthly`` months; remove the rest."""
    keep: set[Path] = set()
    days: dict[str, Path] = {}
    months: dict[str, Path] = {}
    for path in list_backups(folder):  # newest first
        when = dt.datetime.fromtimestamp(path.stat().st_mtime)
        days.setdefault(when.strftime("%Y-%m-%d"), path)
        months.setdefault(when.strftime("%Y-%m"), path)
    keep.update(list(days.values())[:daily])
    keep.update(list(months.values())[:monthly])
    removed = []
    for path in list_backups(folder):
        if path not in keep:
            path.unlink(missing_ok=True)
            _sidecar(path).unlink(missing_ok=True)
            removed.append(path)
    return removed


def automatic(kind: str = "daily") -> Path | None:
    """The daily (or at-close) backup: one per day while open, always at close; then rotation."""
    today = dt.date.today().strftime("%Y%m%d")
    if kind == "daily" and any(f"-{today}-" in p.name for p in list_backups()):
        return None
    path = create(kind=kind)
    rotate()
    return path


def check_backup(path: str | os.PathLike) -> str:
    """Open a backup with this ward's key: returns its unit code, or raises (damaged, foreign, wrong key)."""
    from ward_desk.services import settings

    path = Path(path)
    if not path.is_file():
        raise WardDeskError("backup.damaged", path=str(path))
    other = _decrypt_and_check(path, keys.unlock(_db_path()))
    try:
        unit = settings.get("unit_code")
    except Exception:  # the open database is the damaged one being replaced: the backup's own check stands
        unit = None
    if unit and other != unit:
        raise WardDeskError("backup.foreign", path=str(path), other=other, unit=unit)
    return other


def _decrypt_and_check(path: Path, key: bytes) -> str | None:
    """The unit code of a backup that decrypts with ``key`` and passes the integrity check; else refused."""
    from sqlcipher3 import dbapi2 as sqlcipher

    conn = sqlcipher.connect(str(path), isolation_level=None)
    try:
        try:
            conn.execute(f"PRAGMA key = {keys.sql_key(key)}")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as exc:
            # page 1 does not decrypt: another unit's key, or a file cut short or overwritten there
            raise WardDeskError("backup.wrong_key", path=str(path)) from exc
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise WardDeskError("backup.damaged", path=str(path))
            row = conn.execute("SELECT value FROM settings WHERE key = 'unit_code'").fetchone()
        except WardDeskError:
            raise
        except Exception as exc:  # noqa: BLE001 - damaged pages can raise anything (seen: MemoryError)
            raise WardDeskError("backup.damaged", path=str(path)) from exc
    finally:
        conn.close()
    return row[0] if row else None


def restore_into_folder(path: str | os.PathLike, folder: str | os.PathLike | None = None, *,
                        passphrase: str | None = None) -> str | None:
    """The way back when the data folder has no database that opens: a new PC after the old one was lost or
    stolen (the backup from a USB stick, its ``.key.json`` beside it), or a file damaged past opening.

    No account can be asked before there is a database, so the proof is the ward's key: the backup must decrypt
    with the key its own key file gives up (keyring, ``WARD_DESK_PASSPHRASE`` or recovery code). A damaged
    database and its key file are moved aside, never deleted. Returns the restored unit's code; the caller opens
    the database (signing in) and logs the restore with ``log_restore``."""
    import tempfile

    path = Path(path)
    folder = config.data_dir(folder)
    db_path = config.database_path(folder)
    if not path.is_file():
        raise WardDeskError("backup.damaged", path=str(path))
    holder = config.process_holding_folder(folder)
    if holder is not None:
        raise WardDeskError("backup.in_use", pid=holder, who=lockinfo.describe(folder))
    key_source = _sidecar(path) if _sidecar(path).exists() else keys.key_file(db_path)
    if not key_source.exists():
        raise WardDeskError("backup.no_key_file", path=str(_sidecar(path)))
    with tempfile.TemporaryDirectory() as scratch:  # unlock the key file where it cannot touch the folder
        shutil.copyfile(key_source, keys.key_file(Path(scratch) / config.DATABASE_FILE))
        key = keys.unlock(Path(scratch) / config.DATABASE_FILE, passphrase=passphrase,
                          recovery_code=passphrase) if passphrase else keys.unlock(Path(scratch) / config.DATABASE_FILE)
    unit = _decrypt_and_check(path, key)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for old in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        if old.exists():
            fileio.replace_file(old, old.with_name(f"{old.name}.damaged-{stamp}"))
    if key_source != keys.key_file(db_path):
        if keys.key_file(db_path).exists():
            fileio.replace_file(keys.key_file(db_path), keys.key_file(db_path).with_name(f"{keys.KEY_FILE}.replaced-{stamp}"))
        shutil.copyfile(key_source, keys.key_file(db_path))
    tmp = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(path, tmp)
    fileio.replace_file(tmp, db_path, discard=True)
    config.anchor_path(folder).unlink(missing_ok=True)  # the old database's anchor says nothing of this one
    return unit


def log_restore(path: str | os.PathLike) -> None:
    """In the restored database, just opened: the anchor follows its trail, and the restore is logged."""
    audit.reset_anchor()
    with operation(None) as op:  # whoever restored it was checked before the old database closed
        op.log("restore", table="database", detail=f"restored from {Path(path).name}")


def restore(path: str | os.PathLike, *, damaged: bool = False) -> None:
    """Replace the open database by a checked backup, reopen it, and log the restore in the restored trail.

    ``damaged``: the way out when the open database fails its integrity check. Then no account is asked for:
    the accounts live in the damaged file and may be unreadable, and whoever got this far already proved they
    hold the database key (keyring, passphrase or recovery code). Refused on a sound database."""
    from ward_desk import db

    if damaged:
        if not db.integrity_check():
            raise WardDeskError("backup.not_damaged")
    else:
        session.require("backup.restore")
    _refuse_on_a_server()

    check_backup(path)
    db_path = _db_path()
    from ward_desk import config

    holder = config.process_holding_folder(db_path.parent)
    if holder is not None:  # its open window would go on writing to the file replaced under it: lost saves
        raise WardDeskError("backup.in_use", pid=holder, who=lockinfo.describe(db_path.parent))
    before = db_path.with_name(db_path.name + ".before-restore")
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_database()
    shutil.copyfile(db_path, before)
    tmp = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(path, tmp)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    fileio.replace_file(tmp, db_path, discard=True)
    try:
        db.open_database(db_path.parent, path=db_path)
    except Exception:
        fileio.replace_file(before, db_path)
        db.open_database(db_path.parent, path=db_path)
        raise
    log_restore(path)
    before.unlink(missing_ok=True)
