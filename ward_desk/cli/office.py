"""``ward-desk office``: a data folder that consolidates ward returns (office mode), headless.

``office init`` sets the folder up for a province or a custom ``C-...`` office, ``office receive`` checks ward
files into its inbox, ``office status`` prints the completeness of a period, ``office consolidate`` writes the
office return from what was accepted. The stateless ``ward-desk consolidate`` is unaffected.
"""

from __future__ import annotations

from ward_desk import messages, units
from ward_desk.cli import data_folder
from ward_desk.db import opened
from ward_desk.services import office
from ward_desk.textutil import printable

ORDER = 60

messages.register({
    "cli.office.init_done": (
        "Đã tạo cơ quan tổng hợp {office} với {n} xã/phường tại {folder}.",
        "Created the consolidating office {office} with {n} wards in {folder}.",
    ),
    "cli.office.init_heading": (
        "Tiêu đề báo cáo: cơ quan báo cáo \"{agency}\", nơi nhận \"{receiver}\" (đổi bằng `office settings "
        "--agency ... --receiver ...`).",
        "Return heading: reporting agency \"{agency}\", receiving body \"{receiver}\" (change with `office "
        "settings --agency ... --receiver ...`).",
    ),
    "cli.office.arrival": ("{file}: {status}{detail}", "{file}: {status}{detail}"),
    "cli.office.summary": (
        "Đã nhận {accepted} tệp, từ chối {rejected}, trùng {duplicate}, không thuộc cơ quan {foreign}, "
        "bỏ qua {skipped}.",
        "Accepted {accepted}, rejected {rejected}, duplicates {duplicate}, foreign {foreign}, skipped {skipped}.",
    ),
    "cli.office.set_aside": ("Đã gác lại {file}: {reason}", "Set aside {file}: {reason}"),
    "cli.office.restored": ("Đã đưa {file} trở lại.", "{file} counts again."),
    "cli.office.aside_mark": (" [đã gác lại: {reason}]", " [set aside: {reason}]"),
    "cli.office.settings": (
        "Cơ quan báo cáo: {agency}\nNơi nhận: {receiver}\nHạn nộp: {deadline_days} ngày sau cuối kỳ\n"
        "Cách tính kỳ: {period_basis}\nXã/phường ({n}): {wards}\nMẫu WDR-1 yêu cầu: {version}",
        "Reporting agency: {agency}\nReceiving body: {receiver}\nDeadline: {deadline_days} days after the "
        "period\nPeriod basis: {period_basis}\nWards ({n}): {wards}\nWDR-1 version asked: {version}",
    ),
    "cli.office.v1_until": ("phiên bản 1 đến hết kỳ {until}, sau đó phiên bản 2",
                            "version 1 up to and including {until}, version 2 after it"),
    "cli.office.latest": ("phiên bản 2", "version 2",
    ),
    "cli.office.result": (
        "Đã tính {counted}/{total} xã/phường; chưa nộp {missing}, bị từ chối {rejected}, xung đột {conflict}. "
        "Lần nộp {no}.",
        "Counted {counted} of {total} wards; missing {missing}, rejected {rejected}, conflicts {conflict}. "
        "Submission {no}.",
    ),
    "cli.office.status_line": ("{code} {name}: {state}{file}", "{code} {name}: {state}{file}"),
    "cli.office.conflict": (
        "hai tệp khác nhau cùng lần nộp {no} ({files}), chưa tính; gác lại một tệp bằng `office set-aside "
        "TÊN-TRONG-INBOX --reason ...`:",
        "two different files with submission {no} ({files}), not counted; set one aside with `office set-aside "
        "INBOX-NAME --reason ...`:"),
    "cli.office.consolidated": ("Đã ghi báo cáo tổng hợp {out}.", "Wrote the consolidated return {out}."),
})


def cmd_init(args) -> int:
    folder = data_folder(args)
    wards = [w.strip() for part in (args.wards or []) for w in part.split(",") if w.strip()]
    code, _units = office.resolve_office_wards(args.office, wards or None)  # refuse bad input before creating
    from ward_desk.cli.setup import create_first_admin, first_admin

    admin = first_admin(args)
    with opened(folder, create=True):
        create_first_admin(admin)
        office.initialise_office(code, wards or None, agency=args.agency, receiver=args.receiver)
        count = len(office.office_wards())
        agency, receiver = office.agency_name(), office.office_settings()["receiver"]
    print(messages.text("cli.office.init_done", office=f"{code} {units.office_name(code) or ''}".strip(),
                        n=count, folder=folder))
    print(messages.text("cli.office.init_heading", agency=agency, receiver=receiver or "-"))
    return 0


def cmd_receive(args) -> int:
    with opened(data_folder(args)):
        arrivals = office.receive(args.files)
    counts = {s: 0 for s in ("ACCEPTED", "REJECTED", "DUPLICATE", "FOREIGN", "SKIPPED")}
    for a in arrivals:
        counts[a.status] += 1
        # every name and reason printed with its control characters shown: a newline in a file name cannot
        # print a line of its own (a fake "accepted")
        detail = "".join(f"\n  {printable(p)}" for p in a.problems + a.warnings)
        print(messages.text("cli.office.arrival", file=printable(str(a.path) if a.status == "SKIPPED"
                                                                 else a.path.name),
                            status=messages.text(f"office.status.{a.status}"), detail=detail))
    print(messages.text("cli.office.summary", accepted=counts["ACCEPTED"], rejected=counts["REJECTED"],
                        duplicate=counts["DUPLICATE"], foreign=counts["FOREIGN"], skipped=counts["SKIPPED"]))
    return 0 if counts["REJECTED"] == 0 else 1


def cmd_status(args) -> int:
    with opened(data_folder(args)):
        names = dict(office.office_wards())
        cells = office.standing(args.period)
        shared = office.shared_names()
        for cell in cells:
            current = cell.counted
            file = f" ({office.file_label(current, shared)}, s{current.submission_no})" if current else ""
            if cell.state == "CONFLICT":  # the files on the line, then each with what tells it apart
                file += ": " + messages.text("cli.office.conflict", no=cell.in_conflict[0].submission_no,
                                             files=", ".join(r.original_name for r in cell.in_conflict))
            elif cell.reason and current is None:
                file += f": {cell.reason}"
            print(printable(messages.text("cli.office.status_line", code=cell.ward, name=names[cell.ward],
                                          state=messages.text(f"office.state.{cell.state}"), file=file)))
            for row in cell.in_conflict if cell.state == "CONFLICT" else ():
                print("  - " + printable(office.conflict_label(row)))
            for row in cell.rows:
                if row.id in cell.set_aside:
                    print("  " + printable(office.file_label(row, shared) + messages.text(
                        "cli.office.aside_mark", reason=cell.set_aside[row.id])))
    return 0


def cmd_set_aside(args) -> int:
    with opened(data_folder(args)):
        row = office.set_aside(args.file, args.reason)
        label = office.file_label(row)
    print(printable(messages.text("cli.office.set_aside", file=label, reason=args.reason)))
    return 0


def cmd_restore_file(args) -> int:
    with opened(data_folder(args)):
        row = office.restore_file(args.file)
        label = office.file_label(row)
    print(printable(messages.text("cli.office.restored", file=label)))
    return 0


def cmd_settings(args) -> int:
    wards = [w.strip() for part in (args.wards or []) for w in part.split(",") if w.strip()] or None
    with opened(data_folder(args)):
        if any(v is not None for v in (args.agency, args.receiver, args.deadline_days, args.basis, wards,
                                       args.v1_until)):
            values = office.update_office_settings(agency=args.agency, receiver=args.receiver,
                                                   deadline_days=args.deadline_days, period_basis=args.basis,
                                                   wards=wards, v1_until=args.v1_until)
        else:
            values = office.office_settings()
    print(messages.text("cli.office.settings", agency=values["agency"] or "-", receiver=values["receiver"] or "-",
                        deadline_days=values["deadline_days"], period_basis=values["period_basis"],
                        n=len(values["wards"]), wards=", ".join(values["wards"]),
                        version=messages.text("cli.office.v1_until", until=values["v1_until"]) if values["v1_until"]
                        else messages.text("cli.office.latest")))
    return 0


def cmd_consolidate(args) -> int:
    with opened(data_folder(args)):
        result = office.consolidate_period(args.period, args.out)
    for line in result.lines():
        print(printable(line))
    members = [u for u in result.units if units.ward(u.code) is not None]
    print(messages.text("cli.office.result", counted=sum(1 for u in members if u.status == "ACCEPTED"),
                        total=len(members), missing=result.count("MISSING"), rejected=result.count("REJECTED"),
                        conflict=result.count("CONFLICT"), no=result.submission_no))
    print(messages.text("cli.office.consolidated", out=result.path))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("office", help="consolidating office mode (inbox, completeness)")
    sub = parser.add_subparsers(dest="office_command", required=True)
    init = sub.add_parser("init", help="set up this data folder as a consolidating office")
    init.add_argument("--office", required=True, metavar="OFFICE_CODE", help="province code or C-... code")
    init.add_argument("--wards", nargs="*", metavar="WARD_CODE", help="ward codes (required for a C- office)")
    init.add_argument("--agency", help="reporting agency named in the printed heading (default: a province's "
                                       "'Sở Y tế ...', a C-... office's own name)")
    init.add_argument("--receiver", help="the body the office's return goes to (named in the heading)")
    from ward_desk.cli.setup import add_admin_options

    add_admin_options(init)
    init.set_defaults(handler=cmd_init)
    receive = sub.add_parser("receive", help="check ward files into the inbox")
    receive.add_argument("files", nargs="+", metavar="FILE_OR_FOLDER")
    receive.set_defaults(handler=cmd_receive)
    status = sub.add_parser("status", help="completeness of a period, ward by ward")
    status.add_argument("--period", required=True)
    status.set_defaults(handler=cmd_status)
    cons = sub.add_parser("consolidate", help="write the office return from the accepted files")
    cons.add_argument("--period", required=True)
    cons.add_argument("--out", required=True, metavar="FILE.xlsx")
    cons.set_defaults(handler=cmd_consolidate)
    aside = sub.add_parser("set-aside", help="a received file stops counting (supervisor/admin, audited)")
    aside.add_argument("file", metavar="FILE", help="the name it was received under, its name or path under inbox/, or #ROW")
    aside.add_argument("--reason", required=True)
    aside.set_defaults(handler=cmd_set_aside)
    restore = sub.add_parser("restore-file", help="a set-aside file counts again (supervisor/admin, audited)")
    restore.add_argument("file", metavar="FILE")
    restore.set_defaults(handler=cmd_restore_file)
    conf = sub.add_parser("settings", help="show or change the office's agency, receiver, deadline, wards (admin)")
    conf.add_argument("--agency", help="reporting agency named in the printed heading")
    conf.add_argument("--receiver", help="the body the office's return goes to")
    conf.add_argument("--deadline-days", help="days after a period's end a ward return is due")
    conf.add_argument("--basis", choices=("calendar", "nd09"), help="the period basis the office reports on")
    conf.add_argument("--wards", nargs="*", metavar="WARD_CODE", help="the ward list of a C-... office")
    conf.add_argument("--v1-until", dest="v1_until", metavar="PERIOD",
                      help="ask the wards for WDR-1 version 1 up to and including PERIOD (\"\" for none)")
    conf.set_defaults(handler=cmd_settings)
    from ward_desk.cli.office_plan import add_parser as add_plan

    add_plan(sub)
