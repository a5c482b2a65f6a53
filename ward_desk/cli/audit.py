"""``ward-desk audit verify|export``: check the hash chain of the audit trail, write it out for a supervisor."""

from __future__ import annotations

from ward_desk import messages
from ward_desk.cli import data_folder
from ward_desk.db import opened
from ward_desk.services import audit

ORDER = 80

messages.register({
    "cli.audit.intact": ("Nhật ký kiểm tra nguyên vẹn ({n} mục).", "The audit trail is intact ({n} entries)."),
    "cli.audit.broken": ("Nhật ký kiểm tra, mục {id}: {what}.", "Audit trail, entry {id}: {what}."),
    "cli.audit.exported": ("Đã ghi {n} mục vào {path}.", "Wrote {n} entries to {path}."),
    "cli.audit.bad_date": ("Ngày '{value}' không hợp lệ: cần YYYY-MM-DD.", "'{value}' is not a date: use YYYY-MM-DD."),
})


def cmd_verify(args) -> int:
    from ward_desk import db
    from ward_desk.errors import WardDeskError

    with opened(data_folder(args)) as database:
        problems = db.integrity_check(3)  # the chain may be whole in a file damaged elsewhere: never "intact"
        if problems:
            raise WardDeskError("db.damaged", path=str(getattr(database, "database", data_folder(args))),
                                detail="; ".join(problems))
        breaks = audit.verify()
        count = audit.AuditEntry.select().count()
    if not breaks:
        print(messages.text("cli.audit.intact", n=count))
        return 0
    import sys

    for entry_id, what in breaks:
        print(messages.text("cli.audit.broken", id=entry_id, what=audit.describe(what)), file=sys.stderr)
    return 1


def cmd_export(args) -> int:
    with opened(data_folder(args)):
        n = audit.export(args.file, user=args.user_filter, action=args.action, table=args.table, ref=args.ref,
                         since=_day(args.since), until=_day(args.until, next_day=True))
    print(messages.text("cli.audit.exported", n=n, path=args.file))
    return 0


def _day(text: str | None, *, next_day: bool = False):
    """``YYYY-MM-DD`` as the UTC start of that day (``--until`` includes its whole day)."""
    import datetime as dt

    from ward_desk.errors import UsageError

    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError("cli.audit.bad_date", value=text) from None
    return dt.datetime.combine(day + dt.timedelta(days=1 if next_day else 0), dt.time())


def register(subparsers) -> None:
    parser = subparsers.add_parser("audit", help="verify or export the audit trail")
    sub = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = sub.add_parser("verify", help="check the hash chain; exit 1 naming broken entries")
    verify.set_defaults(handler=cmd_verify)
    export = sub.add_parser("export", help="write the trail to FILE.xlsx or FILE.csv")
    export.add_argument("file", metavar="FILE")
    export.add_argument("--by", dest="user_filter", metavar="USER", help="only this user's entries")
    export.add_argument("--action", help="only this action (create, update, import, export, ...)")
    export.add_argument("--table", help="only this table")
    export.add_argument("--ref", help="only this record (client code, contact id, ...)")
    export.add_argument("--since", metavar="YYYY-MM-DD", help="only entries from this day on (UTC)")
    export.add_argument("--until", metavar="YYYY-MM-DD", help="only entries up to this day, included (UTC)")
    export.set_defaults(handler=cmd_export)
