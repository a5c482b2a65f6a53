"""Service layer: an admin changes the open database's passphrase, replaces its recovery code, or rotates the
database key itself. No Qt here.

``change_passphrase`` and ``replace_recovery_code`` change how the key is unlocked (``ward.key.json``); the key
itself stays, so an old copy of the key file with the old passphrase still opens the database and every backup.
``rotate`` is the answer to a key file or passphrase that leaked: a new random key, the database re-encrypted
with it (SQLCipher), a new key file and recovery code; the old key file and passphrase open nothing made after.

Rotation is crash-safe: the re-encrypted copy ``ward.db.rekey`` and the new key file ``ward.key.json.rekey``
(and the anchor ``audit.head.rekey``) are written and flushed first; the rename of the copy over ``ward.db`` is
the moment it happens; the key file and anchor follow. ``finish_interrupted_rotation`` (run before every
opening) completes or undoes a rotation a kill or power cut interrupted: the old database with its old key
file, or the new with the new, always whole. All three are audited, without the secrets.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import Callable

from ward_desk import config, keys, messages
from ward_desk.errors import WardDeskError
from ward_desk.models import database
from ward_desk.services.operation import operation

messages.register({
    "key.rotate_failed": ("Không đổi được khóa: bản mã hóa lại không vượt qua kiểm tra; cơ sở dữ liệu vẫn dùng khóa cũ.",
                          "The key was not rotated: the re-encrypted copy failed its check; the database keeps its "
                          "old key."),
})

# Tests stop a rotation at a named step (``copied``, ``pending``, ``swapped``) to kill the process there.
_on_step: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if _on_step is not None:
        _on_step(name)


def _open_key() -> tuple[Path, bytes]:
    db_path = Path(database.obj.database)
    return db_path, keys.unlock(db_path)  # this process already holds it: the database is open


def change_passphrase(new_passphrase: str) -> None:
    with operation("settings.write", transaction=False) as op:  # the key file is rewritten, not the database
        db_path, key = _open_key()
        keys.change_passphrase(db_path, key, new_passphrase)
        op.log("key.passphrase", table="database", detail="passphrase changed")


def replace_recovery_code() -> str:
    with operation("settings.write", transaction=False) as op:
        db_path, key = _open_key()
        code = keys.replace_recovery_code(db_path, key)
        op.log("key.recovery_code", table="database", detail="recovery code replaced")
    return code


def _pending(db_path: Path) -> tuple[Path, Path, Path]:
    return keys.rotation_files(db_path)


def finish_interrupted_rotation(db_path: Path) -> None:
    keys.finish_interrupted_rotation(db_path)


def rotate(passphrase: str) -> str:
    """Re-encrypt the open ward database with a new random key wrapped by ``passphrase`` (the current one or a
    new one) and a new recovery code, which is returned (shown once). Admin; the ward's own file only; refused
    while another window has the folder open. The database is reopened with the new key."""
    from peewee import SqliteDatabase
    from sqlcipher3 import dbapi2 as sqlcipher

    from ward_desk import db, fileio
    from ward_desk.models.security import User
    from ward_desk.services import session

    user = session.require("settings.write")
    keys.check_passphrase(passphrase)
    if not isinstance(database.obj, SqliteDatabase):
        raise WardDeskError("backup.server")
    db_path, _old_key = _open_key()
    holder = config.process_holding_folder(db_path.parent)
    if holder is not None:  # its open connection would go on writing with the old key
        raise WardDeskError("backup.in_use", pid=holder)
    new_db, new_key_file, new_anchor = _pending(db_path)
    for leftover in (new_db, new_key_file, new_anchor):
        leftover.unlink(missing_ok=True)
    new_key = secrets.token_bytes(32)
    code = keys.new_recovery_code()
    previous = tuple(sorted(keys.known_key_ids(db_path)))
    # the entry is committed before the copy, so the re-encrypted database holds it from the start: a kill
    # after the swap leaves no rotation without its entry (one before the swap is followed by key.rotate_failed
    # when the failure is seen; a kill there leaves the entry with the old key still in use, as verify shows)
    with operation(None) as op:
        op.log("key.rotate", table="database",
               detail="database re-encrypted with a new key; key files made before no longer open it")
    try:
        database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        version = database.obj.execute_sql("PRAGMA user_version").fetchone()[0]
        database.obj.execute_sql(f"ATTACH DATABASE ? AS rekey KEY {keys.sql_key(new_key)}", (str(new_db),))
        try:
            database.obj.execute_sql("SELECT sqlcipher_export('rekey')")
            database.obj.execute_sql(f"PRAGMA rekey.user_version = {int(version)}")
        finally:
            database.obj.execute_sql("DETACH DATABASE rekey")
        fileio.make_private(new_db)
        check = sqlcipher.connect(str(new_db), isolation_level=None)
        try:
            check.execute(f"PRAGMA key = {keys.sql_key(new_key)}")
            if check.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise WardDeskError("key.rotate_failed")
        finally:
            check.close()
        fileio.fsync_file(new_db)
        _step("copied")
        from ward_desk.services import audit

        anchor = audit.anchor_for_new_key(new_key)
        if anchor is not None:
            fileio.write_text(new_anchor, anchor)
        keys.write_key_document(new_key_file, keys.key_document(new_key, passphrase, code, previous))
        fileio.fsync_folder(db_path.parent)
        _step("pending")
    except BaseException as exc:
        for leftover in (new_db, new_key_file, new_anchor):
            leftover.unlink(missing_ok=True)
        with contextlib.suppress(Exception):  # the database is unchanged: the trail says the rotation did not happen
            with operation(None) as op:
                op.log("key.rotate_failed", table="database", detail=f"not rotated: {type(exc).__name__}")
        raise
    db.close_database()  # the last connection: the WAL is checkpointed and removed
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    fileio.replace_file(new_db, db_path)  # the moment of rotation
    fileio.fsync_folder(db_path.parent)
    _step("swapped")
    finish_interrupted_rotation(db_path)
    keys._remember(new_key)
    db.open_database(db_path.parent, path=db_path)
    if session.current_user() is None:  # the same account, read from the re-encrypted file
        session.set_current(User.get_or_none(User.username == user.username))
    return code
