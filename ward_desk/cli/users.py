"""``ward-desk user add|list|passwd|role|disable|enable|unlock``: the accounts (``services.accounts``).

Every action but changing one's own password needs an admin signed in with ``--user``. On a database with no
account yet (an earlier version made it), ``user add NAME --role admin`` is the one command that runs.
"""

from __future__ import annotations

from ward_desk import messages
from ward_desk.cli import data_folder, prompts
from ward_desk.db import opened
from ward_desk.errors import WardDeskError
from ward_desk.services import accounts

ORDER = 85

messages.register({
    "cli.user.added": ("Đã tạo tài khoản {user} ({role}).", "Added the account {user} ({role})."),
    "cli.user.first_admin": (
        "Đây là quản trị viên đầu tiên: từ giờ mọi lệnh cần --user (hoặc WARD_DESK_USER).",
        "This is the first admin: from now on every command needs --user (or WARD_DESK_USER).",
    ),
    "cli.user.password_for": ("Mật khẩu cho {user}: ", "Password for {user}: "),
    "cli.user.password_needed": (
        "Cần mật khẩu mới cho {user}: đặt WARD_DESK_NEW_PASSWORD hoặc chạy trong cửa sổ dòng lệnh để nhập.",
        "A new password for {user} is needed: set WARD_DESK_NEW_PASSWORD, or run in a terminal to type it.",
    ),
    "cli.user.password_changed": ("Đã đổi mật khẩu của {user}.", "Changed the password of {user}."),
    "cli.user.role_set": ("{user} giờ có quyền {role}.", "{user} now has the {role} role."),
    "cli.user.disabled": ("Đã vô hiệu hóa {user}.", "Disabled {user}."),
    "cli.user.enabled": ("Đã kích hoạt lại {user}.", "Enabled {user} again."),
    "cli.user.unlocked": ("Đã mở khóa {user}.", "Unlocked {user}."),
    "cli.user.header": ("Tên\tQuyền\tTrạng thái\tHọ tên", "User\tRole\tState\tFull name"),
    "cli.user.state_active": ("đang dùng", "active"),
    "cli.user.state_disabled": ("vô hiệu", "disabled"),
    "cli.user.state_locked": ("tạm khóa", "locked"),
})


def _new_password(name: str) -> str:
    """The new password: WARD_DESK_NEW_PASSWORD headless (WARD_DESK_PASSWORD is the acting user's own),
    else typed twice without echo."""
    return prompts.new_password(name, env="WARD_DESK_NEW_PASSWORD", missing="cli.user.password_needed",
                                prompt="cli.user.password_for")


def cmd_add(args) -> int:
    accounts.check_username(args.name)
    with opened(data_folder(args)):
        first = accounts.needs_first_admin()
        password = _new_password(args.name)
        user = accounts.create_user(args.name, password, args.role, full_name=args.full_name or "")
    print(messages.text("cli.user.added", user=user.username, role=user.role))
    if first:
        print(messages.text("cli.user.first_admin"))
    return 0


def cmd_list(args) -> int:
    with opened(data_folder(args)):
        accounts.require("users.manage")
        users = accounts.list_users()
    print(messages.text("cli.user.header"))
    for user in users:
        state = ("cli.user.state_disabled" if user.disabled else
                 "cli.user.state_locked" if accounts.is_locked(user) else "cli.user.state_active")
        print(f"{user.username}\t{user.role}\t{messages.text(state)}\t{user.full_name}")
    return 0


def cmd_passwd(args) -> int:
    with opened(data_folder(args)):
        me = accounts.current_user()
        target = args.name or (me.username if me else None)
        if target is None:
            raise WardDeskError("auth.sign_in_required")
        own = me is not None and me.username == accounts.normalise_username(target)
        old = None
        if own and not accounts.can("users.manage"):
            # one's own password: the current one again (the one just signed in with, if from the environment)
            old = prompts.current_password(target)
        accounts.set_password(target, _new_password(target), old=old)
    print(messages.text("cli.user.password_changed", user=accounts.normalise_username(target)))
    return 0


def cmd_role(args) -> int:
    with opened(data_folder(args)):
        user = accounts.set_role(args.name, args.role)
    print(messages.text("cli.user.role_set", user=user.username, role=user.role))
    return 0


def _simple(action, done_code):
    def handler(args) -> int:
        with opened(data_folder(args)):
            user = action(args.name)
        print(messages.text(done_code, user=user.username))
        return 0
    return handler


def register(subparsers) -> None:
    parser = subparsers.add_parser("user", help="accounts: add, list, change password or role, disable, unlock")
    sub = parser.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add an account (the new password from WARD_DESK_NEW_PASSWORD or asked)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=accounts.ROLES)
    add.add_argument("--full-name", metavar="FULL_NAME")
    add.set_defaults(handler=cmd_add)
    listing = sub.add_parser("list", help="every account with its role and state")
    listing.set_defaults(handler=cmd_list)
    passwd = sub.add_parser("passwd", help="change a password (your own without NAME)")
    passwd.add_argument("name", metavar="NAME", nargs="?")
    passwd.set_defaults(handler=cmd_passwd)
    role = sub.add_parser("role", help="give an account another role")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", choices=accounts.ROLES)
    role.set_defaults(handler=cmd_role)
    for name, action, done, text in (
            ("disable", accounts.disable_user, "cli.user.disabled", "stop an account signing in (kept)"),
            ("enable", accounts.enable_user, "cli.user.enabled", "let a disabled account sign in again"),
            ("unlock", accounts.unlock_user, "cli.user.unlocked", "lift a lockout after wrong passwords")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("name", metavar="NAME")
        cmd.set_defaults(handler=_simple(action, done))
        if name == "unlock":
            cmd.add_argument("--with-key", action="store_true",
                             help="no sign-in: prove it with the database passphrase or recovery code "
                                  "(WARD_DESK_RECOVERY_CODE / WARD_DESK_PASSPHRASE, else asked); the way back "
                                  "in when the only admin is locked out")
            cmd.set_defaults(handler=cmd_unlock)


def cmd_unlock(args) -> int:
    if not args.with_key:
        return _simple(accounts.unlock_user, "cli.user.unlocked")(args)
    import os
    import sys

    from ward_desk.errors import WardDeskError

    secret = os.environ.get("WARD_DESK_RECOVERY_CODE") or os.environ.get("WARD_DESK_PASSPHRASE")
    if not secret:
        if not sys.stdin.isatty():
            raise WardDeskError("keys.locked", folder=data_folder(args))
        secret = prompts.passphrase_or_recovery_code()
    with opened(data_folder(args)):
        user = accounts.unlock_with_database_key(args.name, secret)
    print(messages.text("cli.user.unlocked", user=user.username))
    return 0
