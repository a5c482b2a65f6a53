"""``ward-desk records import|export``: move a ward's records in and out as a RECORDS-1 workbook."""

from __future__ import annotations

import sys

from ward_desk import messages
from ward_desk.cli import data_folder
from ward_desk.db import opened
from ward_desk.services import rules

ORDER = 20

messages.register({
    "cli.records.header": ("{sheet:<26} {added:>8} {unchanged:>10} {updated:>9}",
                           "{sheet:<26} {added:>8} {unchanged:>10} {updated:>9}"),
    "cli.records.columns": ("trang tính|thêm|giữ nguyên|cập nhật", "sheet|added|left alone|updated"),
    "cli.records.imported": ("Đã nhập {file}: thêm {added}, giữ nguyên {unchanged}, cập nhật {updated}.",
                             "Imported {file}: {added} added, {unchanged} left alone, {updated} updated."),
    "cli.records.exported": ("Đã xuất {count} hồ sơ vào {file}.", "Exported {count} record(s) to {file}."),
    "cli.records.progress": ("Đang ghi {done}/{total} dòng", "Writing {done}/{total} rows"),
    "cli.records.assigned": ("{sheet}: {count} dòng không có mã được đánh mã {first}..{last}",
                             "{sheet}: {count} row(s) without an id numbered {first}..{last}"),
    "cli.records.warnings": ("{count} điều cần xem lại (đã nhập, không bị từ chối):",
                             "{count} thing(s) to check (imported, not refused):"),
    "cli.records.followups": ("Đã xuất {referrals} chuyển gửi và {loans} khoản vay cần theo dõi vào {file}.",
                              "Exported {referrals} referral(s) and {loans} loan(s) to follow up to {file}."),
    "cli.records.moved": ("Đã chuyển {kind} {ref} từ khách hàng {old} sang {new}.",
                          "Moved {kind} {ref} from client {old} to {new}."),
})


def _progress_printer(enabled: bool):
    """With --progress, one line on stderr per written batch (a long import of last year's sheet shows it moves)."""
    if not enabled:
        return None

    def show(done: int, total: int) -> None:
        print(messages.text("cli.records.progress", done=done, total=total), file=sys.stderr, flush=True)
    return show


def _line(sheet, added, unchanged, updated) -> str:
    return messages.text("cli.records.header", sheet=sheet, added=added, unchanged=unchanged, updated=updated)


def cmd_import(args) -> int:
    from ward_desk.services.records_io import import_records

    with opened(data_folder(args)):
        result = import_records(args.file, update=args.update, progress=_progress_printer(args.progress))
    print(_line(*messages.text("cli.records.columns").split("|")))
    for sheet in rules.SHEETS:
        if sheet in result.added:
            print(_line(sheet, result.added[sheet], result.unchanged[sheet], result.updated[sheet]))
    print(messages.text("cli.records.imported", file=result.file, **result.totals()))
    for sheet, assigned in result.assigned.items():
        print(messages.text("cli.records.assigned", sheet=sheet, count=len(assigned), first=assigned[0],
                            last=assigned[-1]))
    if result.warnings:
        print(messages.text("cli.records.warnings", count=len(result.warnings)))
        for warning in result.warnings:
            print(f"  {warning.located()}")
    return 0


def cmd_move(args) -> int:
    from ward_desk.services import records

    with opened(data_folder(args)):
        record_id = records.find_by_ref(args.kind, args.id)
        old = records.get_record(args.kind, record_id)["client_code"]
        records.move_record(args.kind, record_id, args.to)
    print(messages.text("cli.records.moved", kind=records.kind_of(args.kind).name, ref=args.id, old=old,
                        new=args.to))
    return 0


def cmd_export(args) -> int:
    from ward_desk.services.records_io import export_records

    with opened(data_folder(args)):
        counts = export_records(args.file, progress=_progress_printer(args.progress))
    print(messages.text("cli.records.exported", count=sum(counts.values()), file=args.file))
    return 0


def cmd_followups(args) -> int:
    from ward_desk.services import followups

    with opened(data_folder(args)):
        counts = followups.export_followups(args.file)
    print(messages.text("cli.records.followups", file=args.file, **counts))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("records", help="import or export the ward's records (RECORDS-1), move a "
                                   "record to another client")
    sub = parser.add_subparsers(dest="records_command", metavar="{import,export,move,followups}", required=True)
    imp = sub.add_parser("import", help="import a RECORDS-1 workbook (all or nothing)")
    imp.add_argument("file", metavar="FILE.xlsx")
    imp.add_argument("--update", action="store_true", help="update records that differ instead of refusing")
    imp.add_argument("--progress", action="store_true", help="print the rows written so far on stderr")
    imp.set_defaults(handler=cmd_import)
    exp = sub.add_parser("export", help="write every record as a RECORDS-1 workbook")
    exp.add_argument("file", metavar="FILE.xlsx")
    exp.add_argument("--progress", action="store_true", help="print the rows written so far on stderr")
    exp.set_defaults(handler=cmd_export)
    move = sub.add_parser("move", help="move a contact, referral or loan to another client (audited)")
    move.add_argument("kind", choices=("contact", "referral", "loan"))
    move.add_argument("id", metavar="ID", help="the record's id, e.g. DR000128")
    move.add_argument("--to", required=True, metavar="CLIENT_CODE", help="the client it belongs to instead")
    move.set_defaults(handler=cmd_move)
    follow = sub.add_parser("followups", help="write the follow-up lists (referrals waiting, loans not disbursed)")
    follow.add_argument("file", metavar="FILE.xlsx")
    follow.set_defaults(handler=cmd_followups)
