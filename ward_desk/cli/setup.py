"""``ward-desk init``: create a ward's database for an official ward code."""

from __future__ import annotations

from ward_desk import messages, units
from ward_desk.cli import data_folder
from ward_desk.db import opened
from ward_desk.services import settings

ORDER = 10

messages.register({
    "cli.init.done": (
        "Đã tạo cơ sở dữ liệu cho {code} {name} (báo cáo lên {office}) tại {folder}.",
        "Created the database for {code} {name} (reporting to {office}) in {folder}.",
    ),
})


def cmd_init(args) -> int:
    folder = data_folder(args)
    unit = settings.resolve_ward(args.unit)  # refuse an unknown code before creating anything
    office = settings.resolve_office(args.office) if args.office else unit.province_code
    with opened(folder, create=True):
        settings.initialise_ward(unit.code, office)
    print(messages.text("cli.init.done", code=unit.code, name=unit.name,
                        office=f"{office} {units.office_name(office) or ''}".strip(), folder=folder))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("init", help="create the ward's database")
    parser.add_argument("--unit", required=True, metavar="WARD_CODE", help="official 5-digit ward code")
    parser.add_argument("--office", metavar="OFFICE_CODE", help="consolidating office (default: the province)")
    parser.set_defaults(handler=cmd_init)
