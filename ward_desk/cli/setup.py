"""``ward-desk init``: create a ward's database for an official ward code."""

from __future__ import annotations

from ward_desk import keys, messages, units
from ward_desk.cli import data_folder, eprint
from ward_desk.cli.prompts import new_passphrase, new_password
from ward_desk.db import opened
from ward_desk.services import accounts, settings

ORDER = 10

messages.register({
    "cli.init.password": ("Mật khẩu mới cho quản trị viên {user}: ", "New password for the admin {user}: "),
    "cli.init.password_needed": (
        "Cần mật khẩu cho quản trị viên đầu tiên {user}: đặt WARD_DESK_PASSWORD hoặc chạy trong cửa sổ dòng lệnh.",
        "A password is needed for the first admin {user}: set WARD_DESK_PASSWORD, or run in a terminal.",
    ),
    "cli.init.admin": ("Đã tạo quản trị viên {user}.", "Created the admin account {user}."),
    "cli.init.done": (
        "Đã tạo cơ sở dữ liệu cho {code} {name} (báo cáo lên {office}) tại {folder}.",
        "Created the database for {code} {name} (reporting to {office}) in {folder}.",
    ),
})


def cmd_init(args) -> int:
    folder = data_folder(args)
    unit = settings.resolve_ward(args.unit)  # refuse an unknown code before creating anything
    office = settings.ward_office(unit, args.office)
    from ward_desk import db

    admin = first_admin(args)  # asked before anything is created: a typing slip leaves no half-made folder
    passphrase = None if db.database_url() else new_passphrase()  # a PostgreSQL server keeps its own
    with opened(folder, create=True, passphrase=passphrase):
        create_first_admin(admin)
        settings.initialise_ward(unit.code, office)
    if db.database_url():  # set up on a shared server: this folder opens it from now on, like `server connect`
        from ward_desk import db_server
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


def add_admin_options(parser) -> None:
    """``init`` and ``office init`` create the first account, an admin."""
    parser.add_argument("--admin-user", metavar="NAME",
                        help="user name of the first admin (default: WARD_DESK_USER, else admin); its password "
                             "from WARD_DESK_PASSWORD, else asked for twice")
    parser.add_argument("--admin-name", metavar="FULL_NAME", default="", help="the first admin's full name")


def first_admin(args) -> tuple[str, str, str]:
    """(user name, password, full name) of the first admin, checked before the database is created."""
    import os

    name = accounts.check_username(getattr(args, "admin_user", None) or os.environ.get("WARD_DESK_USER")
                                   or "admin")
    password = new_password(name, env="WARD_DESK_PASSWORD", missing="cli.init.password_needed",
                            prompt="cli.init.password")
    accounts.check_password(password, name)
    return name, password, getattr(args, "admin_name", "") or ""


def create_first_admin(admin: tuple[str, str, str]) -> None:
    """In the new, empty database: the first admin, signed in (so the setup's own entries name them)."""
    name, password, full_name = admin
    accounts.create_user(name, password, "admin", full_name=full_name)
    accounts.sign_in(name, password)
    print(messages.text("cli.init.admin", user=name))


def register(subparsers) -> None:
    parser = subparsers.add_parser("init", help="create the ward's database")
    parser.add_argument("--unit", required=True, metavar="WARD_CODE", help="official 5-digit ward code")
    parser.add_argument("--office", metavar="OFFICE_CODE", help="consolidating office (default: the province)")
    add_admin_options(parser)
    parser.set_defaults(handler=cmd_init)
