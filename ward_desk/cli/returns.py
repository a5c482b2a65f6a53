"""``ward-desk return export|check`` and ``ward-desk consolidate`` (spec/CLI.md, RETURN-v1 §3-§5)."""

from __future__ import annotations

import sys

from ward_desk import messages
from ward_desk.cli import data_folder, dhis2
from ward_desk.db import opened

ORDER = 40

messages.register({
    "cli.return.exported": ("Đã ghi {file} (lần nộp {no}, mã băm {hash}).",
                            "Wrote {file} (submission {no}, hash {hash})."),
    "cli.return.unchanged": ("Số liệu không đổi so với lần nộp {no}.", "Numbers unchanged since submission {no}."),
    "cli.return.ok": ("{file}: OK", "{file}: OK"),
    "cli.return.bad": ("{file}: bị từ chối ({count} lỗi)", "{file}: rejected ({count} problem(s))"),
    "cli.return.bad_days": ("'{value}' phải là số ngày từ 0 đến 366", "'{value}' must be a number of days from 0 to 366"),
    "cli.return.version": ("Mẫu WDR-1 mặc định: phiên bản 1 đến hết kỳ {until} (theo yêu cầu của cơ quan tổng hợp), "
                           "phiên bản {latest} sau đó.",
                           "Default WDR-1 version: version 1 up to and including {until} (as the office asks), "
                           "version {latest} after it."),
    "cli.return.version_latest": ("Mẫu WDR-1 mặc định: phiên bản {latest}.", "Default WDR-1 version: version {latest}."),
    "cli.consolidate.done": ("Đã ghi {file}: {accepted} đã nhận, {missing} chưa nộp, {rejected} bị từ chối, "
                             "{conflict} xung đột.",
                             "Wrote {file}: {accepted} accepted, {missing} missing, {rejected} rejected, "
                             "{conflict} in conflict."),
})


def cmd_export(args) -> int:
    from ward_desk.services import returns

    with opened(data_folder(args)):
        result = returns.export_return(args.period, basis=args.basis, out=args.out, prepared_by=args.prepared_by,
                                       version=args.version)
    for w in result.warnings:
        print(w.located(), file=sys.stderr)
    if result.unchanged:
        print(messages.text("cli.return.unchanged", no=result.submission_no), file=sys.stderr)
    print(messages.text("cli.return.exported", file=result.path, no=result.submission_no,
                        hash=result.content_sha256[:16]), file=sys.stderr)
    print(result.path)
    return 0


def cmd_version(args) -> int:
    """Show, or set as the office asks, which WDR-1 version the ward exports by default (RETURN-v2 §3)."""
    from ward_desk.services import settings
    from ward_desk.spec.catalogue import LATEST

    with opened(data_folder(args)):
        if args.latest:
            settings.set("return_v1_until", None)
        elif args.v1_until:
            settings.set("return_v1_until", args.v1_until)
        until = settings.get("return_v1_until")
    print(messages.text("cli.return.version", until=until, latest=LATEST) if until else
          messages.text("cli.return.version_latest", latest=LATEST))
    return 0


def cmd_check(args) -> int:
    from ward_desk.export.return_check import check_return

    if args.deadline_days is None:
        args.deadline_days = _known_deadline(args)
    status = 0
    for path in args.files:
        result = check_return(path, deadline_days=args.deadline_days)
        if result.ok:
            print(messages.text("cli.return.ok", file=path))
        else:
            status = 1
            print(messages.text("cli.return.bad", file=path, count=len(result.errors)))
        for problem in result.problems:
            print("  " + problem.located())
    return status


def _known_deadline(args) -> int:
    """The office's deadline when this data folder is an office's and opens without asking anything (a shared
    database, or the passphrase in WARD_DESK_PASSPHRASE); else the WDR-1 default. ``return check`` then judges
    lateness as ``office receive`` does."""
    import os
    from pathlib import Path

    from ward_desk import config
    from ward_desk.db import database_url
    from ward_desk.export.return_check import DEADLINE_DAYS

    folder = Path(data_folder(args))
    if not database_url(folder) and not (config.database_path(folder).exists()
                                         and os.environ.get("WARD_DESK_PASSPHRASE")):
        return DEADLINE_DAYS
    try:
        from ward_desk.services import office

        with opened(folder):
            return office.deadline_days() if office.is_office() else DEADLINE_DAYS
    except Exception:  # noqa: BLE001 - a check needs no database; the default deadline then applies
        return DEADLINE_DAYS


def _days(text: str) -> int:
    import argparse

    if not text.strip().isdigit() or int(text) > 366:
        raise argparse.ArgumentTypeError(messages.text("cli.return.bad_days", value=text))
    return int(text)


def cmd_consolidate(args) -> int:
    from ward_desk.services.consolidate import ACCEPTED, CONFLICT, MISSING, REJECTED, consolidate

    result = consolidate(args.office, args.period, args.inputs, args.out, wards=args.wards,
                         deadline_days=args.deadline_days)
    from ward_desk.textutil import printable

    for line in result.lines():
        print(printable(line))  # a file name holding a newline cannot print a line of its own
    print(messages.text("cli.consolidate.done", file=result.out, accepted=result.count(ACCEPTED),
                        missing=result.count(MISSING), rejected=result.count(REJECTED),
                        conflict=result.count(CONFLICT)), file=sys.stderr)
    return 0


def register(subparsers) -> None:
    group = subparsers.add_parser("return", help="WDR-1 returns: export, check, dhis2")
    sub = group.add_subparsers(dest="return_command", metavar="SUBCOMMAND", required=True, parser_class=type(group))
    export = sub.add_parser("export", help="write the ward's WDR-1 return for a period")
    export.add_argument("--period", required=True, help="YYYY-MM, YYYY-Qn, YYYY-H1/H2 or YYYY")
    export.add_argument("--basis", choices=("calendar", "nd09"), help="default: the ward's setting")
    export.add_argument("--out", help="a file, or a folder for the standard file name")
    export.add_argument("--prepared-by", dest="prepared_by", metavar="NAME")
    export.add_argument("--version", choices=("1", "2"), help="WDR-1 version (default: 2, or 1 while the office "
                        "asks for it: see `return version`)")
    version = sub.add_parser("version", help="the WDR-1 version exported by default; set what the office asks")
    choice = version.add_mutually_exclusive_group()
    choice.add_argument("--v1-until", dest="v1_until", metavar="PERIOD",
                        help="export version 1 for periods up to and including PERIOD (the office's request)")
    choice.add_argument("--latest", action="store_true", help="export the newest version for every period")
    version.set_defaults(handler=cmd_version)
    export.set_defaults(handler=cmd_export)
    check = sub.add_parser("check", help="validate WDR-1 files as a consolidating office would")
    check.add_argument("files", nargs="+", metavar="FILE.xlsx")
    check.add_argument("--deadline-days", type=_days, metavar="N",
                       help="days after a period's end a return is due (default: this office's setting, else 10)")
    check.set_defaults(handler=cmd_check)
    dhis2.register_under_return(sub)

    cons = subparsers.add_parser("consolidate", help="consolidate ward returns for an office and period")
    cons.add_argument("--office", required=True, metavar="OFFICE_CODE", help="a province (01) or C-... office")
    cons.add_argument("--period", required=True)
    cons.add_argument("--out", required=True, metavar="FILE.xlsx")
    cons.add_argument("--wards", action="extend", type=lambda s: [w for w in s.split(",") if w.strip()],
                      metavar="CODE,CODE", help="the ward list of a C-... office (comma-separated)")
    cons.add_argument("inputs", nargs="+", metavar="INPUT", help="files, or folders searched for *.xlsx")
    cons.add_argument("--deadline-days", type=_days, metavar="N",
                      help="days after a period's end a ward return is due (default 10)")
    cons.set_defaults(handler=cmd_consolidate)
