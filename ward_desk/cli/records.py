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
    return 0


def cmd_export(args) -> int:
    from ward_desk.services.records_io import export_records

    with opened(data_folder(args)):
        counts = export_records(args.file, progress=_progress_printer(args.progress))
    print(messages.text("cli.records.exported", count=sum(counts.values()), file=args.file))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("records", help="import or export the ward's records (RECORDS-1)")
    sub = parser.add_subparsers(dest="records_command", metavar="{import,export}", required=True)
    imp = sub.add_parser("import", help="import a RECORDS-1 workbook (all or nothing)")
    imp.add_argument("file", metavar="FILE.xlsx")
    imp.add_argument("--update", action="store_true", help="update records that differ instead of refusing")
    imp.add_argument("--progress", action="store_true", help="print the rows written so far on stderr")
    imp.set_defaults(handler=cmd_import)
    exp = sub.add_parser("export", help="write every record as a RECORDS-1 workbook")
    exp.add_argument("file", metavar="FILE.xlsx")
    exp.add_argument("--progress", action="store_true", help="print the rows written so far on stderr")
    exp.set_defaults(handler=cmd_export)
