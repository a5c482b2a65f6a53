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
    "cli.records.bad_pair": ("'{pair}' không có dạng cột=giá_trị", "'{pair}' is not of the form key=value"),
    "cli.records.added": ("Đã thêm {kind} {ref}.", "Added {kind} {ref}."),
    "cli.records.listed": ("{shown} / {total} hồ sơ.", "{shown} of {total} record(s)."),
    "cli.records.withdrawn": ("{count} khách hàng đã rút lại sự đồng ý lưu giữ hồ sơ.",
                              "{count} client(s) withdrew the consent to keep their records."),
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


def _values(pairs: list[str]) -> dict[str, str]:
    """``key=value`` words (RECORDS-1 column keys) -> raw values, parsed and checked by the record rules."""
    from ward_desk.errors import UsageError

    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(messages.text("cli.records.bad_pair", pair=pair))
        out[key.strip().lower()] = value
    return out


def _find(kind: str, ref: str) -> int:
    """The internal id of the live record ``ref`` (its RECORDS-1 id) of ``kind``."""
    from ward_desk.errors import WardDeskError
    from ward_desk.services import records

    k = records.kind_of(kind)
    field = k.ref_field
    row = k.model.select(k.model.id).where(field == ref.strip().upper(), k.model.deleted_at.is_null()).first()
    if row is None:
        raise WardDeskError("records.unknown_reference", target=k.name, value=ref)
    return row.id


def cmd_add(args) -> int:
    """One record keyed at the command line (a hotline call, a GBV case...): the form's rules and audit."""
    from ward_desk.services import consents, records

    with opened(data_folder(args)):
        kind = records.kind_of(args.kind)
        values = _values(args.values)
        parsed, _problems = rules.validate(kind.name, values)
        record = records.save_record(kind.name, values)
        label = records.record_label(kind, parsed)
        warnings = consents.warnings_for(kind.name, parsed)
    print(messages.text("cli.records.added", kind=kind.name, ref=label, id=record.id))
    for warning in warnings:
        print(f"  {warning}")
    return 0


def cmd_list(args) -> int:
    """A record list, as the screen shows it (GBV cases: supervisors only, and the view is audited)."""
    from ward_desk.services import queries, records

    with opened(data_folder(args)):
        kind = records.kind_of(args.kind).name
        filters = queries.Filters(search=args.search or "")
        keys = queries.column_keys(kind)
        rows = queries.page(kind, 0, args.limit, filters)
        total = queries.count(kind, filters)
    print("\t".join(keys))
    for row in rows:
        print("\t".join("" if v is None else str(v) for v in row[1:]))
    print(messages.text("cli.records.listed", shown=len(rows), total=total))
    return 0


def cmd_show(args) -> int:
    from ward_desk.services import records

    with opened(data_folder(args)):
        kind = records.kind_of(args.kind).name
        values = records.get_record(kind, _find(kind, args.id))
    for key, value in values.items():
        print(f"{key}\t{'' if value is None else value}")
    return 0


def cmd_withdrawn(args) -> int:
    """Clients whose STORE consent was withdrawn: a supervisor reviews them."""
    from ward_desk.services import consents

    with opened(data_folder(args)):
        rows = consents.withdrawn_store_clients()
    for row in rows:
        print(f"{row.client_code}\t{row.withdrawn_on.isoformat()}")
    print(messages.text("cli.records.withdrawn", count=len(rows)))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("records", help="import or export the ward's records (RECORDS-1), move a "
                                   "record to another client, add, list or show one record")
    sub = parser.add_subparsers(dest="records_command",
                                metavar="{import,export,move,followups,add,list,show,consent-withdrawn}", required=True)
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
    add = sub.add_parser("add", help="add one record: KIND key=value ... (e.g. hotline_call date=2026-12-06 "
                         "caller=SW sex=F topic=HIV)")
    add.add_argument("kind", help="a RECORDS-1 sheet (or its singular): hotline_call, gbv_case, consent...")
    add.add_argument("values", nargs="+", metavar="KEY=VALUE")
    add.set_defaults(handler=cmd_add)
    lst = sub.add_parser("list", help="list records of one kind (GBV cases: supervisors only, audited)")
    lst.add_argument("kind")
    lst.add_argument("--search", help="words to look for")
    lst.add_argument("--limit", type=int, default=100)
    lst.set_defaults(handler=cmd_list)
    show = sub.add_parser("show", help="show one record by its id (GBV cases: supervisors only, audited)")
    show.add_argument("kind")
    show.add_argument("id", metavar="ID")
    show.set_defaults(handler=cmd_show)
    wd = sub.add_parser("consent-withdrawn", help="clients whose consent to keep their records (STORE) was "
                        "withdrawn, for a supervisor to review")
    wd.set_defaults(handler=cmd_withdrawn)
