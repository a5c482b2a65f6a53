"""What the ``ward-desk`` commands ask a person at a terminal: passwords and passphrases, never echoed.

Each value comes from its environment variable first (headless use, scripts, the tests); only in a terminal is
it typed, and a new one twice. Without either, a located message names the variable to set.
"""

from __future__ import annotations

import getpass
import os
import sys

from ward_desk import keys, messages
from ward_desk.errors import WardDeskError
from ward_desk.services import accounts

messages.register({
    "cli.password_prompt": ("Mật khẩu của {user}: ", "Password for {user}: "),
    "cli.passphrase_prompt": ("Cụm mật khẩu của cơ sở dữ liệu (hoặc mã khôi phục): ",
                              "The database passphrase (or the recovery code): "),
    "cli.password_needed": (
        "Cần mật khẩu của {user}: đặt WARD_DESK_PASSWORD hoặc chạy trong cửa sổ dòng lệnh để nhập.",
        "The password of {user} is needed: set WARD_DESK_PASSWORD, or run in a terminal to type it.",
    ),
    "cli.init.passphrase": ("Cụm mật khẩu mới: ", "New passphrase: "),
    "cli.init.passphrase_again": ("Nhập lại cụm mật khẩu: ", "Passphrase again: "),
    "cli.prompt.password_again": ("Nhập lại mật khẩu: ", "Password again: "),
    "cli.prompt.mismatch": ("Hai lần nhập không khớp.", "The two entries differ."),
    "cli.user.current_password": ("Mật khẩu hiện tại của {user}: ", "Current password of {user}: "),
})


def _typed_twice(first_prompt: str, again_prompt: str, check) -> str:
    first = check(getpass.getpass(first_prompt))
    if getpass.getpass(again_prompt) != first:
        raise WardDeskError("cli.prompt.mismatch")
    return first


def new_passphrase(env: str = "WARD_DESK_PASSPHRASE", missing: str = "keys.passphrase_needed") -> str:
    """A new database passphrase: from ``env`` headless, else typed twice (not echoed); 8 characters at least."""
    value = os.environ.get(env)
    if value:
        return keys.check_passphrase(value)
    if not sys.stdin.isatty():
        raise WardDeskError(missing)
    return _typed_twice(messages.text("cli.init.passphrase"), messages.text("cli.init.passphrase_again"),
                        keys.check_passphrase)


def new_password(name: str, *, env: str, missing: str, prompt: str) -> str:
    """A new password for the account ``name``: from ``env`` headless, else typed twice (not echoed) and held
    to the password policy before it is asked again. The caller's service checks the policy in every case."""
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise WardDeskError(missing, user=name)
    def policy(typed: str) -> str:
        accounts.check_password(typed, name)  # a short password is refused before it is typed again
        return typed

    return _typed_twice(messages.text(prompt, user=name), messages.text("cli.prompt.password_again"), policy)


def password(user: str | None, prompt: str = "cli.password_prompt") -> str:
    """The password of an existing account: WARD_DESK_PASSWORD headless, else asked for without echo."""
    value = os.environ.get("WARD_DESK_PASSWORD")
    if value:
        return value
    if not sys.stdin.isatty():
        raise WardDeskError("cli.password_needed", user=user)
    return getpass.getpass(messages.text(prompt, user=user))


def passphrase_or_recovery_code() -> str:
    """The passphrase of a database this PC holds no key for (or its recovery code), typed without echo."""
    return getpass.getpass(messages.text("cli.passphrase_prompt"))


def current_password(user: str) -> str:
    """One's own current password again, to change it (the one signed in with, when from the environment)."""
    return os.environ.get("WARD_DESK_PASSWORD") or getpass.getpass(
        messages.text("cli.user.current_password", user=user))
