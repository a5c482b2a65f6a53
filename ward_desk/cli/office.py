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

ORDER = 60

messages.register({
    "cli.office.init_done": (
        "Đã tạo cơ quan tổng hợp {office} với {n} xã/phường tại {folder}.",
        "Created the consolidating office {office} with {n} wards in {folder}.",
    ),
    "cli.office.arrival": ("{file}: {status}{detail}", "{file}: {status}{detail}"),
    "cli.office.summary": (
        "Đã nhận {accepted} tệp, từ chối {rejected}, trùng {duplicate}, không thuộc cơ quan {foreign}.",
        "Accepted {accepted}, rejected {rejected}, duplicates {duplicate}, foreign {foreign}.",
    ),
    "cli.office.status_line": ("{code} {name}: {state}{file}", "{code} {name}: {state}{file}"),
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
        office.initialise_office(code, wards or None)
        count = len(office.office_wards())
    print(messages.text("cli.office.init_done", office=f"{code} {units.office_name(code) or ''}".strip(),
                        n=count, folder=folder))
    return 0


def cmd_receive(args) -> int:
    with opened(data_folder(args)):
        arrivals = office.receive(args.files)
    counts = {s: 0 for s in ("ACCEPTED", "REJECTED", "DUPLICATE", "FOREIGN")}
    for a in arrivals:
        counts[a.status] += 1
        detail = "".join(f"\n  {p}" for p in a.problems + a.warnings)
        print(messages.text("cli.office.arrival", file=a.path.name,
                            status=messages.text(f"office.status.{a.status}"), detail=detail))
    print(messages.text("cli.office.summary", accepted=counts["ACCEPTED"], rejected=counts["REJECTED"],
                        duplicate=counts["DUPLICATE"], foreign=counts["FOREIGN"]))
    return 0 if counts["REJECTED"] == 0 else 1


def cmd_status(args) -> int:
    with opened(data_folder(args)):
        grid = office.completeness([args.period])
        names = dict(office.office_wards())
        for (code, _period), cell in sorted(grid.items()):
            current = cell.current()
            file = f" ({current.original_name}, s{current.submission_no})" if current else ""
            print(messages.text("cli.office.status_line", code=code, name=names[code],
                                state=messages.text(f"office.state.{cell.state}"), file=file))
    return 0


def cmd_consolidate(args) -> int:
    with opened(data_folder(args)):
        office.consolidate_period(args.period, args.out)
    print(messages.text("cli.office.consolidated", out=args.out))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("office", help="consolidating office mode (inbox, completeness)")
    sub = parser.add_subparsers(dest="office_command", required=True)
    init = sub.add_parser("init", help="set up this data folder as a consolidating office")
    init.add_argument("--office", required=True, metavar="OFFICE_CODE", help="province code or C-... code")
    init.add_argument("--wards", nargs="*", metavar="WARD_CODE", help="ward codes (required for a C- office)")
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
