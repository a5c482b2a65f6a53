"""``ward-desk init``: create a ward's database for an official ward code."""

from __future__ import annotations

from ward_desk import messages, units
from ward_desk.cli import data_folder
from ward_desk.db import opened  # noqa: F401 (kept for callers)
from ward_desk.services import keys, settings

ORDER = 10

messages.register({
    "cli.init.recovery": (
        "MÃ KHÔI PHỤC (in ra hoặc chép lại, cất nơi an toàn; chỉ hiện một lần): {code}",
        "RECOVERY CODE (print or copy it, keep it safe; shown only once): {code}",
    ),
    "cli.init.passphrase": ("Cụm mật khẩu mới: ", "New passphrase: "),
    "cli.init.passphrase_again": ("Nhập lại cụm mật khẩu: ", "Passphrase again: "),
    "cli.init.passphrase_mismatch": ("Hai lần nhập không khớp.", "The two entries differ."),
    "cli.init.done": (
        "Đã tạo cơ sở dữ liệu cho {code} {name} (báo cáo lên {office}) tại {folder}.",
        "Created the database for {code} {name} (reporting to {office}) in {folder}.",
    ),
})


def cmd_init(args) -> int:
    folder = data_folder(args)
    unit = settings.resolve_ward(args.unit)  # refuse an unknown code before creating anything
    office = settings.resolve_office(args.office) if args.office else unit.province_code
    from ward_desk import db

    passphrase = None if db.database_url() else _new_passphrase()  # a PostgreSQL server keeps its own
    with opened(folder, create=True, passphrase=passphrase):
        settings.initialise_ward(unit.code, office)
    if db.database_url():  # set up on a shared server: this folder opens it from now on, like `server connect`
        from ward_desk import db_server
        from ward_desk.cli import eprint
        from ward_desk.errors import WardDeskError

        try:
            db_server.remember(folder, db.database_url())
        except WardDeskError as exc:  # the database is made; only the folder's shortcut to it is missing
            eprint(f"ward-desk: {exc.message()}")
    code = keys.take_recovery_code()
    if code:
        print(messages.text("cli.init.recovery", code=code))
    print(messages.text("cli.init.done", code=unit.code, name=unit.name,
                        office=f"{office} {units.office_name(office) or ''}".strip(), folder=folder))
    return 0


def _new_passphrase() -> str | None:
    """The database passphrase: WARD_DESK_PASSPHRASE headless, else typed twice (not echoed)."""
    import getpass
    import os
    import sys

    from ward_desk.errors import WardDeskError

    value = os.environ.get("WARD_DESK_PASSPHRASE")
    if value:
        return keys.check_passphrase(value)
    if not sys.stdin.isatty():
        raise WardDeskError("keys.passphrase_needed")
    first = getpass.getpass(messages.text("cli.init.passphrase"))
    keys.check_passphrase(first)
    if getpass.getpass(messages.text("cli.init.passphrase_again")) != first:
        raise WardDeskError("cli.init.passphrase_mismatch")
    return first


def register(subparsers) -> None:
    parser = subparsers.add_parser("init", help="create the ward's database")
    parser.add_argument("--unit", required=True, metavar="WARD_CODE", help="official 5-digit ward code")
    parser.add_argument("--office", metavar="OFFICE_CODE", help="consolidating office (default: the province)")
    parser.set_defaults(handler=cmd_init)
