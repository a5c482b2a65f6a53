"""``ward-desk demo``: fill a ward with synthetic records (never real people) for training and trials."""

from __future__ import annotations

from ward_desk import config, messages
from ward_desk.cli import data_folder
from ward_desk.db import database_url, opened
from ward_desk.errors import UsageError, WardDeskError
from ward_desk.services import settings

ORDER = 40
DEMO_UNIT = "00070"  # Phường Hoàn Kiếm, when no --unit is given for a new folder

messages.register({
    "demo.other_unit": ("Thư mục dữ liệu {folder} thuộc {existing}, không phải {unit}; dùng --data-dir khác.",
                        "The data folder {folder} belongs to {existing}, not {unit}; use another --data-dir."),
    "demo.bad_clients": ("--clients phải là số nguyên >= 1", "--clients must be a whole number >= 1"),
    "demo.done": ("Đã tạo dữ liệu mẫu cho {code} {name}: {counts}.", "Demo records for {code} {name}: {counts}."),
})


def cmd_demo(args) -> int:
    from ward_desk.services.demo import fill_demo

    if args.clients < 1:
        raise UsageError("demo.bad_clients")
    folder = data_folder(args)
    unit = settings.resolve_ward(args.unit or DEMO_UNIT)
    exists = config.database_path(config.data_dir(folder)).exists() or bool(database_url())
    admin = None
    if not exists:  # a new folder, as `init` makes it: its first admin, then the records
        from ward_desk.cli.setup import first_admin
        from ward_desk.services import accounts

        admin = first_admin(args)
        accounts.clear_cli_credentials()
    with opened(folder, create=not exists):
        if not exists:
            from ward_desk.cli.setup import create_first_admin

            create_first_admin(admin)
            settings.initialise_ward(unit.code)
        else:
            current = settings.get("unit_code")
            if current and args.unit is None:  # no --unit: the folder's own ward
                unit = settings.resolve_ward(current)
            elif not current:
                settings.initialise_ward(unit.code)
            elif current != unit.code:
                raise WardDeskError("demo.other_unit", folder=folder, existing=current, unit=unit.code)
        result = fill_demo(args.clients, args.seed, contacts=args.contacts)
    counts = ", ".join(f"{n} {sheet}" for sheet, n in result.added.items())
    print(messages.text("demo.done", code=unit.code, name=unit.name, counts=counts))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("demo", help="fill a ward with synthetic records for training")
    parser.add_argument("--unit", metavar="WARD_CODE",
                        help="official 5-digit ward code (default: the folder's ward, else 00070 Phường Hoàn Kiếm)")
    parser.add_argument("--clients", type=int, default=500, metavar="N", help="number of clients (default 500)")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    parser.add_argument("--contacts", type=int, metavar="N",
                        help="exactly N contacts (default: about 4 a client), e.g. --clients 20000 --contacts 100000")
    from ward_desk.cli.setup import add_admin_options

    add_admin_options(parser)  # used when the demo makes a new data folder
    parser.set_defaults(handler=cmd_demo)
