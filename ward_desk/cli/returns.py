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
    "cli.consolidate.done": ("Đã ghi {file}: {accepted} đã nhận, {missing} chưa nộp, {rejected} bị từ chối, "
                             "{conflict} xung đột.",
                             "Wrote {file}: {accepted} accepted, {missing} missing, {rejected} rejected, "
                             "{conflict} in conflict."),
})


def cmd_export(args) -> int:
    from ward_desk.services import returns

    with opened(data_folder(args)):
        result = returns.export_return(args.period, basis=args.basis, out=args.out, prepared_by=args.prepared_by)
    for w in result.warnings:
        print(w.located(), file=sys.stderr)
    if result.unchanged:
        print(messages.text("cli.return.unchanged", no=result.submission_no), file=sys.stderr)
    print(messages.text("cli.return.exported", file=result.path, no=result.submission_no,
                        hash=result.content_sha256[:16]), file=sys.stderr)
    print(result.path)
    return 0


def cmd_check(args) -> int:
    from ward_desk.export.return_check import check_return

    status = 0
    for path in args.files:
        result = check_return(path)
        if result.ok:
            print(messages.text("cli.return.ok", file=path))
        else:
            status = 1
            print(messages.text("cli.return.bad", file=path, count=len(result.errors)))
        for problem in result.problems:
            print("  " + problem.located())
    return status


def cmd_consolidate(args) -> int:
    from ward_desk.services.consolidate import ACCEPTED, CONFLICT, MISSING, REJECTED, consolidate

    result = consolidate(args.office, args.period, args.inputs, args.out, wards=args.wards)
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
    export.set_defaults(handler=cmd_export)
    check = sub.add_parser("check", help="validate WDR-1 files as a consolidating office would")
    check.add_argument("files", nargs="+", metavar="FILE.xlsx")
    check.set_defaults(handler=cmd_check)
    dhis2.register_under_return(sub)

    cons = subparsers.add_parser("consolidate", help="consolidate ward returns for an office and period")
    cons.add_argument("--office", required=True, metavar="OFFICE_CODE", help="a province (01) or C-... office")
    cons.add_argument("--period", required=True)
    cons.add_argument("--out", required=True, metavar="FILE.xlsx")
    cons.add_argument("--wards", action="extend", type=lambda s: [w for w in s.split(",") if w.strip()],
                      metavar="CODE,CODE", help="the ward list of a C-... office (comma-separated)")
    cons.add_argument("inputs", nargs="+", metavar="INPUT", help="files, or folders searched for *.xlsx")
    cons.set_defaults(handler=cmd_consolidate)
