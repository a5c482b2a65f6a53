"""``ward-desk backup create [--to DIR] | list | restore FILE``: encrypted backups of the ward database."""

from __future__ import annotations

from ward_desk import messages
from ward_desk.cli import data_folder
from ward_desk.db import opened
from ward_desk.services import backup

ORDER = 85

messages.register({
    "cli.backup.created": ("Đã sao lưu (mã hóa) vào {path}.", "Encrypted backup written to {path}."),
    "cli.backup.none": ("Chưa có bản sao lưu nào.", "No backups yet."),
    "cli.backup.restored": ("Đã khôi phục từ {path}.", "Restored from {path}."),
})


def cmd_create(args) -> int:
    with opened(data_folder(args)):
        path = backup.create(to=args.to)
        if not args.to:
            backup.rotate(keep=path)
    print(messages.text("cli.backup.created", path=path))
    return 0


def cmd_list(args) -> int:
    import sys

    with opened(data_folder(args)):
        found = backup.list_backups()
        skipped = backup.skipped_entries()
    for path in skipped:
        print(messages.text("backup.skipped", path=path), file=sys.stderr)
    if not found:
        print(messages.text("cli.backup.none"))
    for path in found:  # newest first, by number
        late = "\t" + messages.text("backup.later_than_now") if backup.in_the_future(path) else ""
        print(f"{path.name}\t{path.stat().st_size}{late}")
    return 0


def cmd_restore(args) -> int:
    """An admin's sign-in comes first, whatever state the database is in: on a sound one the admin signs in
    to it; on a damaged one (failed check, unreadable pages, does not open) to the backup being restored."""
    from sqlcipher3 import dbapi2 as sqlcipher
    from peewee import DatabaseError

    from ward_desk import db
    from ward_desk.errors import WardDeskError

    folder = data_folder(args)
    damaged = False
    code = None
    try:
        with opened(folder):
            if db.integrity_check():
                damaged = True
            else:
                code = _restore_sound(args.file)
    except WardDeskError as exc:
        if exc.code not in ("db.missing", "db.not_a_database", "db.damaged"):
            raise
        damaged = True  # a new PC (no database yet) or a file damaged past opening
    except (DatabaseError, sqlcipher.DatabaseError, MemoryError):
        damaged = True  # it opened, but reading its accounts or settings hit a damaged page
    if damaged:  # the backup and its key file come in, the damaged file is kept aside
        from ward_desk import config
        from ward_desk.services import audit

        recorded = audit.recorded_unit(config.anchor_path(config.data_dir(folder)))
        unit = backup.restore_into_folder(args.file, folder, allow_other_unit=args.allow_other_unit)
        with opened(folder):  # the admin who signed in to the backup stays signed in
            backup.log_restore(args.file, over_unit=recorded if recorded and unit != recorded else None)
    print(messages.text("cli.backup.restored", path=args.file))
    if code:
        from ward_desk.cli import key as key_cli  # noqa: F401 - registers key.cli.rotated

        print(messages.text("key.cli.rotated", code=code))
    return 0


def _restore_sound(path):
    """A backup made under a key rotated away asks, explicitly, the secret it was made under and the new
    passphrase of the rotation that follows (WARD_DESK_BACKUP_SECRET, WARD_DESK_NEW_PASSPHRASE, else typed)."""
    import getpass
    import os
    import sys

    from ward_desk.cli.prompts import new_passphrase
    from ward_desk.errors import WardDeskError

    try:
        return backup.restore(path)
    except WardDeskError as exc:
        if exc.code != "backup.earlier_key":
            raise
        secret = os.environ.get("WARD_DESK_BACKUP_SECRET")
        if not secret:
            if not sys.stdin.isatty():
                raise
            print(exc.message(), file=sys.stderr)
            secret = getpass.getpass("> ")
    from ward_desk.cli import key as key_cli  # noqa: F401 - registers key.cli.new_needed

    new = new_passphrase("WARD_DESK_NEW_PASSPHRASE", "key.cli.new_needed")  # asked before anything moves
    return backup.restore(path, backup_secret=secret, new_passphrase=new)


def register(subparsers) -> None:
    parser = subparsers.add_parser("backup", help="create, list or restore encrypted backups")
    sub = parser.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="write an encrypted backup (default: the data folder's backups)")
    create.add_argument("--to", metavar="DIR", help="another folder, e.g. a USB stick")
    create.set_defaults(handler=cmd_create)
    sub.add_parser("list", help="the data folder's backups, newest first").set_defaults(handler=cmd_list)
    restore = sub.add_parser("restore", help="replace the database by a checked backup of this ward (also into an "
                                             "empty folder on a new PC: the backup's .key.json must be beside it)")
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--allow-other-unit", action="store_true",
                         help="restore over a damaged folder a backup of another unit than the one it records "
                              "(audited)")
    restore.set_defaults(handler=cmd_restore)
