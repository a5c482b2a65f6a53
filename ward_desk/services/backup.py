"""Encrypted backups: create, list, rotate, restore. No Qt here.

A backup is ``VACUUM INTO`` from the open SQLCipher connection: a consistent snapshot, encrypted with the same
key as the database (never a plain copy). Beside it goes ``NAME.key.json``, a copy of the ward's key file (salts
and wrapped keys only), so a backup on a USB stick opens on another PC with the passphrase or recovery code.
A restore needs an admin's sign-in (on a damaged database: an admin of the backup itself), refuses a file that
does not open with this ward's key (or one it rotated away), fails ``PRAGMA integrity_check``, or belongs to
another unit; the replaced database is kept aside (``ward.db.before-restore-STAMP``, ``ward.db.damaged-STAMP``),
never deleted. Backups are ordered by a number in their names that only goes up (one more than any backup in
the folder), never by a time a clock set back can reorder; rotation groups them by the day written in the name.
"""

from __future__ import annotations

import datetime as dt
import os
import re
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
    "backup.not_found": ("Không tìm thấy bản sao lưu {path} (hoặc đó không phải là một tệp).",
                         "The backup {path} was not found (or is not a file)."),
    "backup.damaged": ("Bản sao lưu {path} bị hỏng hoặc không đọc được.", "The backup {path} is damaged or unreadable."),
    "backup.foreign": (
        "Bản sao lưu {path} là của đơn vị khác ({other}), không phải {unit}; không khôi phục.",
        "The backup {path} belongs to another unit ({other}), not {unit}; not restored.",
    ),
    "backup.none_yet": ("Chưa có bản sao lưu nào của dữ liệu này.", "There is no backup of this data yet."),
    "backup.overdue": ("Bản sao lưu mới nhất từ {when} ({days} ngày trước), cũ hơn {limit} ngày theo thiết lập.",
                       "The newest backup is from {when} ({days} days ago), older than the {limit} days the "
                       "settings allow."),
    "backup.future": (
        "Bản sao lưu mới nhất ghi thời gian {when}, muộn hơn giờ hiện tại của máy: hãy kiểm tra đồng hồ máy tính. "
        "Các bản sao lưu được xếp theo số thứ tự, không theo giờ.",
        "The newest backup says it was made at {when}, later than this PC's time now: check the PC's clock. "
        "Backups are ordered by their number, not by time.",
    ),
    "backup.skipped": ("Bỏ qua {path}: không phải tệp thường (liên kết hỏng, ống dẫn hoặc thư mục).",
                       "Skipped {path}: not a regular file (a broken link, a pipe or a folder)."),
    "backup.later_than_now": ("(thời gian muộn hơn giờ hiện tại của máy: kiểm tra đồng hồ)",
                              "(time later than this PC's time now: check the clock)"),
    "backup.auto_failed": ("Sao lưu tự động không thực hiện được: {detail}", "The automatic backup failed: {detail}"),
    "backup.foreign_key": (
        "Bản sao lưu {path} là của đơn vị khác: khóa của nó không phải khóa của thư mục {folder}; không khôi phục.",
        "The backup {path} belongs to another unit: its key is not the key of the folder {folder}; not restored.",
    ),
    "backup.foreign_recorded": (
        "Bản sao lưu {path} là của đơn vị {other}, còn thư mục này ghi nhận đơn vị {unit}; không khôi phục. Nếu "
        "đúng là muốn thay bằng dữ liệu của đơn vị khác, thêm --allow-other-unit (được ghi vào nhật ký).",
        "The backup {path} is of the unit {other}, but this folder records the unit {unit}; not restored. If "
        "another unit's data is really wanted here, add --allow-other-unit (written to the audit trail).",
    ),
    "backup.earlier_key": (
        "Bản sao lưu {path} được làm với khóa cũ của chính đơn vị này (trước lần `key rotate`). Để khôi phục, hãy "
        "nhập cụm mật khẩu hoặc mã khôi phục đã dùng khi làm bản sao lưu đó (WARD_DESK_BACKUP_SECRET); khóa sẽ "
        "được đổi mới ngay sau khi khôi phục.",
        "The backup {path} was made under an earlier key of this unit (before a `key rotate`). To restore it, give "
        "the passphrase or recovery code it was made under (WARD_DESK_BACKUP_SECRET); the key is rotated again "
        "right after the restore.",
    ),
    "backup.earlier_key_wrong": (
        "Cụm mật khẩu hoặc mã khôi phục không mở được bản sao lưu {path} (làm với khóa cũ của đơn vị này).",
        "That passphrase or recovery code does not open the backup {path} (made under an earlier key of this "
        "unit).",
    ),
    "backup.earlier_key_new_passphrase": (
        "Khôi phục bản sao lưu {path} (khóa cũ) sẽ đổi khóa ngay sau đó: cần cụm mật khẩu mới "
        "(WARD_DESK_NEW_PASSPHRASE).",
        "Restoring the backup {path} (an earlier key) rotates the key right after: a new passphrase is needed "
        "(WARD_DESK_NEW_PASSPHRASE).",
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
    """Write a backup of the open database (to ``to``, else the data folder's ``backups``); returns its path.
    Written under a temporary name and renamed when whole: a failure (a full disk) leaves nothing behind."""
    # on demand needs an admin; the automatic ones run for whoever is signed in. VACUUM INTO runs outside any
    # transaction, so the entry is committed after the file is in place.
    with operation("backup.create" if kind == "manual" else None, transaction=False) as op:
        path = _write_backup(to, kind)
        op.log("backup", detail=f"{kind} backup {path.name}")
    return path


def _write_backup(to, kind: str) -> Path:
    _refuse_on_a_server()
    from ward_desk.services import settings

    target_dir = fileio.make_private_folder(Path(to) if to else backup_folder())
    unit = settings.get("unit_code") or "unit"
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    # the order of backups is this counter, one more than any backup already in the folder: it never goes
    # back, whatever the clock does (issue 18)
    number = max((sequence(p) for p in _backup_files(target_dir)[0]), default=0) + 1
    path = target_dir / f"ward-{unit}-{stamp}-{kind}-n{number:06d}{SUFFIX}"
    while path.exists() or _sidecar(path).exists():
        number += 1
        path = target_dir / f"ward-{unit}-{stamp}-{kind}-n{number:06d}{SUFFIX}"
    with fileio.atomic_path(path) as tmp:
        database.obj.execute_sql("VACUUM INTO ?", (str(tmp),))
        fileio.make_private(tmp)
    try:
        fileio.write_bytes(_sidecar(path), keys.key_file(_db_path()).read_bytes())
        fileio.make_private(_sidecar(path))
    except BaseException:
        path.unlink(missing_ok=True)  # a backup without its key file opens nowhere else: not a backup
        raise
    return path


def _refuse_on_a_server() -> None:
    """A shared PostgreSQL database has no file to snapshot: its server's own tools back it up."""
    from peewee import SqliteDatabase  # SQLCipher's class derives from it

    if not isinstance(database.obj, SqliteDatabase):
        raise WardDeskError("backup.server")


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".key.json")


_STAMP = re.compile(r"-(\d{8}-\d{6})-")


def made_at(path: Path) -> dt.datetime:
    """When a backup was made, as written in its name (``ward-UNIT-YYYYMMDD-HHMMSS-KIND.wdbak``); the file's
    modification time only for a name without it. A copy, a touch or a clock set back later moves neither."""
    found = _STAMP.search(path.name)
    if found:
        try:
            return dt.datetime.strptime(found.group(1), "%Y%m%d-%H%M%S")
        except ValueError:
            pass
    return dt.datetime.fromtimestamp(path.lstat().st_mtime)


_SEQUENCE = re.compile(r"-n(\d{6,})" + re.escape(SUFFIX) + "$")


def sequence(path: Path) -> int:
    """The backup's number in its folder (written in its name when made; 0 for a backup named before numbers)."""
    found = _SEQUENCE.search(Path(path).name)
    return int(found.group(1)) if found else 0


def _backup_files(where: Path) -> tuple[list[Path], list[Path]]:
    """The regular ``*.wdbak`` files of a folder, and what else carries the name (a dangling link, a pipe, a
    folder): looked at with ``lstat`` so none of them can break a listing."""
    import stat

    files, skipped = [], []
    if not where.is_dir():
        return files, skipped
    for path in where.glob(f"*{SUFFIX}"):
        try:
            mode = path.lstat().st_mode
        except OSError:  # gone while listing
            continue
        (files if stat.S_ISREG(mode) else skipped).append(path)
    return files, skipped


def skipped_entries(folder: Path | None = None) -> list[Path]:
    """Names in the backup folder that look like backups but are not regular files (left out of every list)."""
    return sorted(_backup_files(backup_folder(folder))[1])


def list_backups(folder: Path | None = None) -> list[Path]:
    """The backups of a folder, newest first by the number in their names (then the time written there): a
    counter that only goes up, never a time a clock set back can reorder. Only regular files: a dangling
    link or a pipe named ``*.wdbak`` is left out (``skipped_entries`` names them)."""
    import logging

    files, skipped = _backup_files(backup_folder(folder))
    for path in skipped:
        logging.getLogger(__name__).warning("not a backup file, skipped: %s", path)
    return sorted(files, key=lambda p: (sequence(p), made_at(p), p.name), reverse=True)


def in_the_future(path: Path, now: dt.datetime | None = None) -> bool:
    """The time in the backup's name is later than now: it was made while the clock was ahead, or the clock
    is behind now."""
    return made_at(path) > (now or dt.datetime.now()) + dt.timedelta(minutes=5)


def rotate(folder: Path | None = None, *, daily: int = 7, monthly: int = 12, keep: Path | None = None
           ) -> list[Path]:
    """Keep the newest backup (by number) of each of the last ``daily`` days and ``monthly`` months met going
    from the newest backup back (days by the time in their names), and always ``keep`` (the backup just made,
    whatever the clock said); remove the rest. A backup taken before a schema upgrade (``ward_desk.db``) is never
    rotated away: only a person removes it."""
    kept: set[Path] = {Path(keep)} if keep else set()
    days: dict[str, Path] = {}
    months: dict[str, Path] = {}
    found = list_backups(folder)  # newest first
    for path in found:
        if "-before-upgrade" in path.name:  # taken before a schema upgrade (ward_desk.db): only a person removes it
            continue
        when = made_at(path)
        days.setdefault(when.strftime("%Y-%m-%d"), path)
        months.setdefault(when.strftime("%Y-%m"), path)
    kept.update(list(days.values())[:daily])
    kept.update(list(months.values())[:monthly])
    removed = []
    for path in found:
        if path not in kept and "-before-upgrade" not in path.name:
            path.unlink(missing_ok=True)
            _sidecar(path).unlink(missing_ok=True)
            removed.append(path)
    return removed


def automatic(kind: str = "daily") -> Path | None:
    """The daily (or at-close) backup: one per day while open, always at close; then rotation, which never
    removes the backup it follows."""
    today = dt.date.today().strftime("%Y%m%d")
    if kind == "daily" and any(f"-{today}-" in p.name for p in list_backups()):
        return None
    path = create(kind=kind)
    rotate(keep=path)
    return path


def last_good(folder: Path | None = None) -> dt.datetime | None:
    """When the newest backup of the folder was made (None: there is none)."""
    found = list_backups(folder)
    return made_at(found[0]) if found else None


def overdue(now: dt.datetime | None = None) -> WardDeskError | None:
    """A warning when the newest backup is older than the ``backup_warn_days`` setting (or there is none),
    for the app's status bar; None when backups are up to date."""
    from ward_desk.services import settings

    try:
        limit = max(1, int(settings.get("backup_warn_days") or 2))
    except (TypeError, ValueError):
        limit = 2
    last = last_good()
    if last is None:
        return WardDeskError("backup.none_yet")
    now = now or dt.datetime.now()
    if last > now + dt.timedelta(minutes=5):  # the newest backup says it was made later than now
        return WardDeskError("backup.future", when=last.strftime("%Y-%m-%d %H:%M"))
    age = (now - last).days
    if age >= limit:
        return WardDeskError("backup.overdue", when=last.strftime("%Y-%m-%d %H:%M"), days=age, limit=limit)
    return None


def check_backup(path: str | os.PathLike) -> str:
    """Open a backup with this ward's key: returns its unit code, or raises (damaged, foreign, wrong key)."""
    from ward_desk.services import settings

    path = Path(path)
    if not path.is_file():
        raise WardDeskError("backup.not_found", path=str(path))
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
                        passphrase: str | None = None, username: str | None = None,
                        password: str | None = None, allow_other_unit: bool = False) -> str | None:
    """The way back when the data folder has no database that opens, or one that failed its integrity check:
    a new PC after the old one was lost or stolen (the backup from a USB stick, its ``.key.json`` beside it), or
    a damaged file.

    Two proofs are asked before anything moves. The ward's key: the backup must decrypt with the key its own key
    file gives up (keyring, ``WARD_DESK_PASSPHRASE`` or recovery code), and when the folder still has its key
    file, the backup must be this ward's (its key, or one the key file records as rotated away): another ward's
    backup with its own key file is refused. And an admin: the accounts of the damaged file cannot be trusted,
    so the person signs in as an admin of the backup itself (``username``/``password``, else the CLI's
    ``--user``). The damaged database and its key file are moved aside (``ward.db.damaged-STAMP``), never
    deleted. Returns the restored unit's code; the caller opens the database and logs the restore with
    ``log_restore`` (the admin stays signed in)."""
    import tempfile

    path = Path(path)
    folder = config.data_dir(folder)
    db_path = config.database_path(folder)
    if not path.is_file():
        raise WardDeskError("backup.not_found", path=str(path))
    holder = config.process_holding_folder(folder)
    if holder is not None:
        raise WardDeskError("backup.in_use", pid=holder, who=lockinfo.describe(folder))
    key_source = _sidecar(path) if _sidecar(path).exists() else keys.key_file(db_path)
    if not key_source.exists():
        raise WardDeskError("backup.no_key_file", path=str(_sidecar(path)))
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as scratch:  # unlock where it cannot touch the folder
        fileio.copy_file(key_source, keys.key_file(Path(scratch) / config.DATABASE_FILE))
        key = keys.unlock(Path(scratch) / config.DATABASE_FILE, passphrase=passphrase,
                          recovery_code=passphrase) if passphrase else keys.unlock(Path(scratch) / config.DATABASE_FILE)
    unit = _decrypt_and_check(path, key)
    # the ward's code as the folder's anchor recorded it: with page 1 damaged and the key file gone, it is what
    # is left to tell this ward's backup from another's (``allow_other_unit``: on purpose, and audited)
    recorded = audit.recorded_unit(config.anchor_path(folder))
    if recorded and unit != recorded and not allow_other_unit:
        raise WardDeskError("backup.foreign_recorded", path=str(path), other=unit or "?", unit=recorded)
    _refuse_another_wards_key(path, db_path, key)
    _sign_in_to_the_backup(path, key_source, username, password)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for old in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        if old.exists():
            fileio.replace_file(old, old.with_name(f"{old.name}.damaged-{stamp}"))
    if key_source != keys.key_file(db_path):
        if keys.key_file(db_path).exists():
            fileio.replace_file(keys.key_file(db_path), keys.key_file(db_path).with_name(f"{keys.KEY_FILE}.replaced-{stamp}"))
        fileio.copy_file(key_source, keys.key_file(db_path))
    fileio.copy_file(path, db_path)
    for copied in (db_path, keys.key_file(db_path), *folder.glob(f"*.damaged-{stamp}")):
        fileio.make_private(copied)
    config.anchor_path(folder).unlink(missing_ok=True)  # the old database's anchor says nothing of this one
    return unit


def _made_under_an_earlier_key(path: Path, db_path: Path) -> bool:
    """The backup's own key file names a key this ward rotated away (``key rotate``)."""
    import json

    try:
        kid = json.loads(_sidecar(path).read_text(encoding="utf-8"))["key_id"]
        return kid != keys.read_key_file(db_path)["key_id"] and kid in keys.known_key_ids(db_path)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _rotated_away_key_file(path: Path, db_path: Path, secret: str | None) -> Path | None:
    """The backup's own key file when it holds a key this ward rotated away and, unwrapped with ``secret`` (the
    passphrase or recovery code the backup was made under, asked explicitly: never a cached or keyring key),
    decrypts the backup; else None. Without ``secret``: refused as made under an earlier key."""
    import tempfile

    if not _made_under_an_earlier_key(path, db_path):
        return None
    if not secret:
        raise WardDeskError("backup.earlier_key", path=str(path))
    sidecar = _sidecar(path)
    try:
        with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as scratch:
            shutil.copyfile(sidecar, keys.key_file(Path(scratch) / config.DATABASE_FILE))
            key = keys.unlock(Path(scratch) / config.DATABASE_FILE, passphrase=secret, recovery_code=secret)
        _decrypt_and_check(path, key)
    except WardDeskError as exc:
        if exc.code == "keys.wrong":
            raise WardDeskError("backup.earlier_key_wrong", path=str(path)) from exc
        raise
    return sidecar


def _refuse_another_wards_key(path: Path, db_path: Path, key: bytes) -> None:
    """A folder that still has its key file takes back only its own ward's backups: the key id must be the
    folder's, or one its key file records as rotated away (``keys.rotate``)."""
    own = keys.key_file(db_path)
    if not own.exists():
        return  # a new PC, or the key file went with the damage: the backup's own key file is the proof
    try:
        known = keys.known_key_ids(db_path)
    except Exception:  # noqa: BLE001 - an unreadable key file proves nothing either way
        return
    if keys.key_id(key) not in known:
        raise WardDeskError("backup.foreign_key", path=str(path), folder=str(db_path.parent))


def _sign_in_to_the_backup(path: Path, key_source: Path, username: str | None, password: str | None) -> str:
    """Open a private copy of the backup and sign in there as an admin (``username``/``password``, else the
    CLI's ``--user``); raises ``auth.*`` for a wrong or missing sign-in, a clerk, a disabled account."""
    import tempfile

    from ward_desk import db
    from ward_desk.services import accounts

    if database.obj is not None and not database.obj.is_closed():
        db.close_database()
    accounts.forget_session()
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as scratch:
        fileio.make_private_folder(scratch)
        copy = config.database_path(Path(scratch))
        shutil.copyfile(path, copy)
        shutil.copyfile(key_source, keys.key_file(copy))
        try:
            db.open_database(scratch, path=copy)  # the CLI's --user signs in here (``accounts.after_open``)
            if username is not None:
                accounts.sign_in(username, password or "")
            who = session.require("backup.restore").username
        except BaseException:
            accounts.forget_session()
            raise
        finally:
            db.close_database()
    return who


def log_restore(path: str | os.PathLike, *, over_unit: str | None = None) -> None:
    """In the restored database, just opened: the anchor follows its trail, and the restore is logged
    (``over_unit``: the folder was another unit's, and the restore was allowed on purpose)."""
    audit.reset_anchor()
    detail = f"restored from {Path(path).name}"
    if over_unit:
        detail += f"; a backup of another unit over the folder of {over_unit}, allowed (--allow-other-unit)"
    with operation(None) as op:  # whoever restored it was checked before the old database closed
        op.log("restore", table="database", detail=detail,
               new={"other_unit_over": over_unit} if over_unit else None)


def restore(path: str | os.PathLike, *, damaged: bool = False, username: str | None = None,
            password: str | None = None, backup_secret: str | None = None,
            new_passphrase: str | None = None) -> str | None:
    """Replace the open database by a checked backup, reopen it, and log the restore in the restored trail.
    The replaced database is kept aside (``ward.db.before-restore-STAMP``): nothing saved since the backup is
    lost for good.

    ``damaged``: the way out when the open database fails its integrity check. Its accounts cannot be trusted,
    so the sign-in is an admin of the backup (``restore_into_folder``); the damaged file is kept aside.
    Refused on a sound database.

    A backup made before a ``key rotate`` holds the key rotated away (perhaps the leaked one): it is restored
    only with the passphrase or recovery code it was made under (``backup_secret``, asked explicitly) and a
    ``new_passphrase``, and the key is rotated again at once (a new random key and key file, audited), so the
    leaked key does not come back with it. Returns the new recovery code then (shown once), else None."""
    from ward_desk import db

    _refuse_on_a_server()
    if damaged:
        if not db.integrity_check():
            raise WardDeskError("backup.not_damaged")
        db_path = _db_path()
        db.close_database()
        restore_into_folder(path, db_path.parent, username=username, password=password)
        db.open_database(db_path.parent, path=db_path)
        log_restore(path)
        return
    session.require("backup.restore")

    db_path = _db_path()
    older_key = None  # a backup made before a ``key rotate``: it comes back with its own key file
    try:
        check_backup(path)
    except WardDeskError as exc:
        if exc.code != "backup.wrong_key":
            raise
        older_key = _rotated_away_key_file(Path(path), db_path, backup_secret)
        if older_key is None:
            raise
        if not new_passphrase:  # the key is rotated straight after: its new passphrase is asked before anything
            raise WardDeskError("backup.earlier_key_new_passphrase", path=str(path)) from None
        keys.check_passphrase(new_passphrase)
    from ward_desk import config

    holder = config.process_holding_folder(db_path.parent)
    if holder is not None:  # its open window would go on writing to the file replaced under it: lost saves
        raise WardDeskError("backup.in_use", pid=holder, who=lockinfo.describe(db_path.parent))
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    before = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_database()
    fileio.copy_file(db_path, before)
    fileio.make_private(before)
    with fileio.atomic_path(db_path) as tmp:
        shutil.copyfile(path, tmp)
        for suffix in ("-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
    own_key_file = keys.key_file(db_path)
    if older_key is not None:
        import json

        known = keys.known_key_ids(db_path)  # the later keys stay this ward's (backups made after)
        fileio.copy_file(own_key_file, own_key_file.with_name(f"{keys.KEY_FILE}.replaced-{stamp}"))
        document = json.loads(older_key.read_text(encoding="utf-8"))
        document["previous_key_ids"] = sorted((known | set(document.get("previous_key_ids", [])))
                                              - {document["key_id"]})
        keys.write_key_document(own_key_file, document)
    try:
        db.open_database(db_path.parent, path=db_path)
    except Exception:
        if older_key is not None:
            fileio.replace_file(own_key_file.with_name(f"{keys.KEY_FILE}.replaced-{stamp}"), own_key_file)
        fileio.replace_file(before, db_path)
        db.open_database(db_path.parent, path=db_path)
        raise
    log_restore(path)
    if older_key is None:
        return None
    from ward_desk.services import key_admin

    # the restored file is under the key rotated away, maybe the leaked one: a new key at once (audited)
    return key_admin.rotate(new_passphrase)
