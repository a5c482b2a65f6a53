"""``ward-desk server connect|status|disconnect``: point a data folder at a shared PostgreSQL database.

An office with several staff keeps one database on a server (``ward_desk.db_server``). Each PC connects its
data folder once; from then on the app and every command started on that folder open the server without
``--database``. The password, when given in the address, goes to the PC's credential store, never to a file.
"""

from __future__ import annotations

from ward_desk import config, messages
from ward_desk.cli import data_folder

ORDER = 15

messages.register({
    "server.cli.help": ("nối thư mục dữ liệu với cơ sở dữ liệu PostgreSQL dùng chung",
                        "connect the data folder to a shared PostgreSQL database"),
    "server.cli.connected": (
        "Đã nối {folder} với {url} ({unit}). Từ nay Ward Desk mở thư mục này sẽ dùng cơ sở dữ liệu đó.",
        "Connected {folder} to {url} ({unit}). From now on Ward Desk opens that database for this folder.",
    ),
    "server.cli.status_server": ("{folder} dùng cơ sở dữ liệu dùng chung {url}.",
                                 "{folder} uses the shared database {url}."),
    "server.cli.status_file": ("{folder} dùng tệp cơ sở dữ liệu mã hoá trên máy này ({path}).",
                               "{folder} uses the encrypted database file on this PC ({path})."),
    "server.cli.disconnected": (
        "Đã bỏ nối {folder} khỏi {url}; dữ liệu trên máy chủ không bị thay đổi.",
        "Disconnected {folder} from {url}; the data on the server is unchanged.",
    ),
    "server.cli.granted": ("Đã cấp cho vai trò {role} quyền đọc/ghi dữ liệu (không ALTER, TRIGGER, TRUNCATE; "
                           "nhật ký chỉ thêm). Máy của cán bộ dùng vai trò này trong địa chỉ cơ sở dữ liệu.",
                           "The role {role} may now read and write the data (no ALTER, TRIGGER or TRUNCATE; the "
                           "audit trail append-only). The clerks' PCs use this role in the database address."),
    "server.cli.not_connected": ("{folder} không nối với cơ sở dữ liệu dùng chung nào.",
                                 "{folder} is not connected to a shared database."),
    "server.cli.has_file": (
        "{folder} đã có tệp cơ sở dữ liệu riêng ({path}); hãy dùng một thư mục dữ liệu khác để nối máy chủ.",
        "{folder} already holds its own database file ({path}); use another data folder for the server.",
    ),
})


def cmd_connect(args) -> int:
    from ward_desk import db, db_server
    from ward_desk.errors import WardDeskError
    from ward_desk.services import settings

    folder = config.data_dir(data_folder(args))
    if config.database_path(folder).exists():  # one folder, one database: never hide a ward's own file
        raise WardDeskError("server.cli.has_file", folder=str(folder), path=str(config.database_path(folder)))
    db.open_database(folder, url=args.url)  # refuses an unreachable server or one not set up for Ward Desk
    try:
        unit = " ".join(str(v) for v in (settings.get("unit_code"), settings.get("display_name")) if v)
    finally:
        db.close_database()
    address = db_server.remember(folder, args.url)
    print(messages.text("server.cli.connected", folder=str(folder), url=db_server.masked(address), unit=unit))
    return 0


def cmd_status(args) -> int:
    from ward_desk import db, db_server

    folder = config.data_dir(data_folder(args))
    url = db.database_url(folder)
    if url:
        print(messages.text("server.cli.status_server", folder=str(folder), url=db_server.masked(url)))
    else:
        print(messages.text("server.cli.status_file", folder=str(folder), path=str(config.database_path(folder))))
    return 0


def cmd_disconnect(args) -> int:
    from ward_desk import db_server

    folder = config.data_dir(data_folder(args))
    address = db_server.forget(folder)
    if address:
        print(messages.text("server.cli.disconnected", folder=str(folder), url=db_server.masked(address)))
    else:
        print(messages.text("server.cli.not_connected", folder=str(folder)))
    return 0


def cmd_grant(args) -> int:
    from ward_desk.db import opened
    from ward_desk.services import server_roles

    with opened(data_folder(args)):
        server_roles.grant_data_role(args.role)
    print(messages.text("server.cli.granted", role=args.role))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("server", help=messages.text("server.cli.help"))
    commands = parser.add_subparsers(dest="server_command", required=True)
    connect = commands.add_parser("connect", help="use a shared PostgreSQL database for this data folder")
    connect.add_argument("url", metavar="URL", help="postgresql://user[:password]@host[:port]/dbname")
    connect.set_defaults(handler=cmd_connect)
    commands.add_parser("status", help="say which database this data folder uses").set_defaults(handler=cmd_status)
    grant = commands.add_parser("grant", help="as the owner role: give the clerks' login role (DATA_ROLE) only "
                                              "what the app needs: no ALTER, TRIGGER or TRUNCATE, the audit "
                                              "trail append-only")
    grant.add_argument("role", metavar="DATA_ROLE")
    grant.set_defaults(handler=cmd_grant)
    commands.add_parser("disconnect", help="stop using the shared database (its data stays on the server)"
                        ).set_defaults(handler=cmd_disconnect)
