"""Service layer: named accounts, sign-in and passwords. No Qt.

The roles, the permission each service checks (``require``, ``can``) and the session's user live in
``services.session``, below every other service; they are re-exported here for the CLI and the screens, so the
CLI and every screen obey the same rules (the UI may hide what ``can`` refuses, but the refusal lives there).

Passwords are kept only as argon2id hashes (``argon2-cffi``). After ``lockout_attempts`` wrong passwords in a
row (setting, default 5) an account is locked for ``lockout_minutes`` (default 15). A wrong user name and a
wrong password give the same message, so the message never tells which half was wrong. Every sign-in, failed
sign-in, lockout and change to an account is written to the audit trail in the same transaction.

One person is signed in per process (the desktop session, or one CLI run); the audit trail names them.
A database with no accounts at all (made by an earlier version) accepts only the creation of a first admin.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import re
import unicodedata
from typing import Callable

from ward_desk import messages
from ward_desk.errors import WardDeskError
from ward_desk.models.base import utcnow
from ward_desk.models.security import User
from ward_desk.services import session, settings
from ward_desk.services.operation import operation
from ward_desk.services.session import (PERMISSIONS, ROLES, can, current_user, needs_first_admin, require,
                                        role_allows, role_rank)

MIN_PASSWORD = 8
DEFAULT_LOCKOUT_ATTEMPTS = 5
DEFAULT_LOCKOUT_MINUTES = 15
MAX_LOCKOUT_MINUTES = 60  # whatever the setting says: a lockout is a delay for a guesser, never a wall
_USERNAME = re.compile(r"^[\w.@-]{1,40}$")

messages.register({
    "auth.bad_credentials": (
        "Sai tên người dùng hoặc mật khẩu, hoặc tài khoản đang bị khóa tạm thời (tối đa {minutes} phút) do nhập sai "
        "nhiều lần. Bị khóa? Chờ hết thời gian, nhờ quản trị viên mở khóa, hoặc mở bằng cụm mật khẩu của cơ sở dữ liệu "
        "hay mã khôi phục (nút \"Bị khóa?\" ở cửa sổ đăng nhập, `ward-desk user unlock TÊN --with-key`).",
        "Wrong user name or password, or the account is locked for a while (up to {minutes} minutes) after too many "
        "wrong passwords. Locked out? Wait, ask an admin to unlock it, or lift it with the database passphrase or "
        "recovery code (the sign-in window's \"Locked out?\" button, `ward-desk user unlock NAME --with-key`).",
    ),
    "auth.disabled": ("Tài khoản {user} đã bị vô hiệu hóa.", "The account {user} is disabled."),
    "auth.key_unlock_file_only": (
        "Mở khóa bằng cụm mật khẩu chỉ dùng cho tệp dữ liệu của xã/phường; cơ sở dữ liệu dùng chung: nhờ quản trị "
        "viên khác hoặc quản trị máy chủ.",
        "Unlocking with the passphrase is for a ward's own data file; on a shared database ask another admin or "
        "the server's administrator.",
    ),
    "auth.first_must_be_admin": (
        "Tài khoản đầu tiên phải có quyền admin.", "The first account must have the admin role.",
    ),
    "auth.password_short": (
        "Mật khẩu phải có ít nhất {n} ký tự.", "The password must be at least {n} characters long.",
    ),
    "auth.password_same_as_user": (
        "Mật khẩu không được trùng tên người dùng.", "The password must not be the user name.",
    ),
    "auth.old_password_wrong": ("Mật khẩu hiện tại không đúng.", "The current password is wrong."),
    "auth.bad_username": (
        "Tên người dùng '{user}' không hợp lệ: 1-40 chữ cái, chữ số hoặc . _ - @, không có dấu cách.",
        "The user name '{user}' is not valid: 1-40 letters, digits or . _ - @, no spaces.",
    ),
    "auth.user_exists": ("Đã có tài khoản {user}.", "There is already an account {user}."),
    "auth.no_such_user": ("Không có tài khoản {user}.", "There is no account {user}."),
    "auth.bad_role": (
        "Quyền '{role}' không hợp lệ: clerk, supervisor hoặc admin.",
        "The role '{role}' is not valid: clerk, supervisor or admin.",
    ),
    "auth.last_admin": (
        "Không thể bỏ quyền hoặc vô hiệu hóa quản trị viên cuối cùng ({user}).",
        "The last admin ({user}) cannot lose the admin role or be disabled.",
    ),
})


# --- hashing ----------------------------------------------------------------------------------------------

_hasher_cache = None
_dummy_hash: str | None = None


def _hasher():
    """argon2id with the library's defaults (64 MiB, 3 passes): fine on an old ward PC, costly to guess at.
    ``WARD_DESK_KDF=fast`` (the test suite only, like ``keys``) lowers the cost."""
    global _hasher_cache
    from argon2 import PasswordHasher

    fast = os.environ.get("WARD_DESK_KDF") == "fast"
    if _hasher_cache is None or _hasher_cache[0] != fast:
        hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1) if fast else PasswordHasher()
        _hasher_cache = (fast, hasher)
    return _hasher_cache[1]


def _normalise_password(password: str) -> str:
    return unicodedata.normalize("NFC", password or "")


def hash_password(password: str) -> str:
    return _hasher().hash(_normalise_password(password))


# SHA-256 of a password -> its argon2 verdict worked out ahead (``VerdictAhead``), taken once by the sign-in.
_verified_ahead: dict[bytes, "VerdictAhead"] = {}


def _digest(password: str) -> bytes:
    return hashlib.sha256(_normalise_password(password).encode("utf-8")).digest()


class VerdictAhead:
    """The argon2 check of a password given headless, worked out in the warm-up thread (``ward_desk.db.warm_up``)
    while the command loads and opens its database; the sign-in that asks about the same password and the same
    stored hash waits for this verdict instead of working it out again. Everything else about the sign-in
    (lockout, failed-attempt count, audit entry) is unchanged."""

    def __init__(self, password: str):
        import threading

        self.password, self.stored, self.verdict = password, None, None
        self.done = threading.Event()
        _verified_ahead[_digest(password)] = self

    def work_out(self, stored: str | None) -> None:
        if stored:
            self.verdict = _check_hash(stored, self.password)
            self.stored = stored

    def close(self) -> None:
        self.done.set()


def _verify_hash(stored: str, password: str) -> bool:
    ahead = _verified_ahead.pop(_digest(password), None) if _verified_ahead else None
    if ahead is not None:
        ahead.done.wait()
        if ahead.stored == stored and ahead.verdict is not None:
            return ahead.verdict
    return _check_hash(stored, password)


def _check_hash(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return _hasher().verify(stored, _normalise_password(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _burn_time(password: str) -> None:
    """Spend what a real check costs, so an unknown user name answers no faster than a wrong password."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = hash_password("ward-desk: no such user")
    _verify_hash(_dummy_hash, password)


def check_password(password: str, username: str | None = None) -> str:
    """The password policy: at least ``MIN_PASSWORD`` characters, not the user name."""
    password = _normalise_password(password)
    if len(password) < MIN_PASSWORD:
        raise WardDeskError("auth.password_short", n=MIN_PASSWORD)
    if username and password.casefold() == str(username).casefold():
        raise WardDeskError("auth.password_same_as_user")
    return password


# --- accounts ---------------------------------------------------------------------------------------------

def normalise_username(username: str) -> str:
    return unicodedata.normalize("NFC", str(username or "")).strip().casefold()


def check_username(username: str) -> str:
    """The stored form of a user name (folded to lower case), or ``auth.bad_username``."""
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise WardDeskError("auth.bad_username", user=username)
    return name


def _check_role(role: str) -> str:
    role = str(role or "").strip().lower()
    if role not in ROLES:
        raise WardDeskError("auth.bad_role", role=role)
    return role


def get_user(username: str) -> User | None:
    return User.get_or_none(User.username == normalise_username(username))


def _user(username: str) -> User:
    user = get_user(username)
    if user is None:
        raise WardDeskError("auth.no_such_user", user=normalise_username(username))
    return user


def list_users() -> list[User]:
    """Every account, by user name (disabled ones too: the users screen shows them greyed)."""
    return list(User.select().order_by(User.username))


def _public(user: User) -> dict:
    return {"username": user.username, "full_name": user.full_name, "role": user.role,
            "disabled": bool(user.disabled)}


def create_user(username: str, password: str, role: str, full_name: str = "") -> User:
    """Add an account (``users.manage``; with no account yet, only a first admin and no sign-in needed)."""
    name = check_username(username)
    role = _check_role(role)
    first = needs_first_admin()
    if first and role != "admin":
        raise WardDeskError("auth.first_must_be_admin")
    with operation(None if first else "users.manage") as op:  # the first admin: no one to sign in yet
        check_password(password, name)
        if get_user(name) is not None:
            raise WardDeskError("auth.user_exists", user=name)
        user = User.create(username=name, full_name=(full_name or "").strip(), role=role,
                           password_hash=hash_password(password))
        op.log("user.create", table="users", ref=name, new=_public(user))
    return user


def _now() -> dt.datetime:
    """UTC now (naive, like every stored time); tests replace it to move the clock."""
    return utcnow()


def _lockout_policy() -> tuple[int, int]:
    try:
        attempts = int(settings.get("lockout_attempts") or DEFAULT_LOCKOUT_ATTEMPTS)
        minutes = int(settings.get("lockout_minutes") or DEFAULT_LOCKOUT_MINUTES)
    except (WardDeskError, TypeError, ValueError):
        attempts, minutes = DEFAULT_LOCKOUT_ATTEMPTS, DEFAULT_LOCKOUT_MINUTES
    return max(attempts, 1), min(max(minutes, 1), MAX_LOCKOUT_MINUTES)


def authenticate(username: str, password: str, *, now: dt.datetime | None = None,
                 log_as: str | None = None) -> User:
    """Check a user name and password; returns the account or raises ``auth.bad_credentials`` (an unknown
    name, a wrong password, or a locked account whatever the password: one answer) or ``auth.disabled``. Failures are counted and logged even though an error is raised;
    a success is logged as ``log_as`` (``login``, ``unlock``), in the same transaction as the account's update."""
    now = now or _now()
    name = normalise_username(username)
    from ward_desk.models.base import database

    if getattr(database.obj, "read_only", False):  # a folder that cannot be written: check, write nothing
        user = get_user(name)
        if user is None or (user.locked_until is not None and user.locked_until > now):
            _burn_time(password)
        elif _verify_hash(user.password_hash, password):
            if user.disabled:
                raise WardDeskError("auth.disabled", user=name)
            return user
        raise WardDeskError("auth.bad_credentials", minutes=_lockout_policy()[1])
    failure: WardDeskError | None = None
    passed = False
    with operation(None, check_file=False) as op:  # anyone may try; every try is logged
        user = get_user(name)
        if user is None:
            _burn_time(password)
            op.log("login_failed", table="users", ref=name, detail="unknown user", user=name or "?")
        elif user.locked_until is not None and user.locked_until > now:
            # locked: the password is not even checked (issue 18), so guessing gains nothing until the lock ends,
            # and the answer is the one an unknown name or a wrong password gets
            _burn_time(password)
            _attempts, minutes = _lockout_policy()
            latest = now + dt.timedelta(minutes=minutes)
            if user.locked_until > latest:  # set while the clock was ahead (or by hand): capped to the policy
                user.locked_until = latest
                user.save()
            op.log("login_failed", table="users", ref=name, detail="locked", user=name)
        elif not _verify_hash(user.password_hash, password):
            attempts, minutes = _lockout_policy()
            if user.locked_until is not None:  # an expired lockout: the count starts again
                user.locked_until = None
                user.failed_attempts = 0
            user.failed_attempts += 1
            op.log("login_failed", table="users", ref=name, detail=f"wrong password ({user.failed_attempts})",
                      user=name)
            if user.failed_attempts >= attempts:
                user.locked_until = now + dt.timedelta(minutes=minutes)
                op.log("lockout", table="users", ref=name, user=name,
                          detail=f"{user.failed_attempts} wrong passwords: locked for {minutes} minutes")
            user.save()
        elif user.disabled:
            op.log("login_failed", table="users", ref=name, detail="disabled", user=name)
            failure = WardDeskError("auth.disabled", user=name)
        else:
            # a change to the hash or the lockout columns commits only with an audit entry about the account
            # (a shared database's trigger refuses it otherwise)
            changed = bool(user.failed_attempts or user.locked_until is not None)
            if _hasher().check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
                changed = True
            user.failed_attempts = 0
            user.locked_until = None
            user.last_login_at = now
            user.save()
            passed = True
            if log_as or changed:
                op.log(log_as or "login", table="users", ref=name, user=name)
    if failure is not None:  # raised after the commit: the failed attempt stays counted and logged
        raise failure
    if not passed:  # unknown, locked or wrong: one answer for all three
        raise WardDeskError("auth.bad_credentials", minutes=_lockout_policy()[1])
    return user


def sign_in_or_create_admin(username: str, password: str) -> User:
    """Tools on a database of their own (benchmarks, screenshots, the test suite): the first admin is made
    when the database has no account yet (as ``create_user`` allows anyway), then signed in."""
    if needs_first_admin():
        create_user(username, password, "admin")
    return sign_in(username, password)


# --- the session (``services.session`` holds the user) -----------------------------------------------------

def sign_in(username: str, password: str) -> User:
    """Authenticate and make this the session's user (the audit trail's actor from now on)."""
    user = authenticate(username, password, log_as="login")
    session.set_current(user)
    return user


def sign_out() -> None:
    user = current_user()
    if user is not None and session.database_open():
        try:
            with operation(None) as op:
                op.log("logout", table="users", ref=user.username, user=user.username)
        except Exception:  # a closed or read-only database: signing out must still happen
            pass
    session.set_current(None)


def forget_session() -> None:
    """Drop the signed-in user without writing anything (tests, a database that went away)."""
    session.set_current(None)


def unlock_session(password: str) -> User:
    """The lock screen: the signed-in user types their password again (counted like a sign-in)."""
    if current_user() is None:
        raise WardDeskError("auth.sign_in_required")
    user = authenticate(current_user().username, password, log_as="unlock")
    session.set_current(user)
    return user


# --- changing accounts ------------------------------------------------------------------------------------

def _refresh_session(user: User) -> None:
    me = current_user()
    if me is not None and me.username == user.username:
        session.set_current(None if user.disabled else user)


def _other_enabled_admins(user: User) -> int:
    return User.select().where((User.role == "admin") & (User.disabled == False)  # noqa: E712
                               & (User.id != user.id)).count()


def set_password(username: str, new: str, *, old: str | None = None) -> None:
    """Change a password: one's own with the current one (``old``), anyone's as an admin (no ``old``)."""
    me = current_user()
    user = _user(username)
    own = me is not None and me.username == user.username
    with operation(None if own and old is not None else "users.manage") as op:  # one's own, with the old one
        check_password(new, user.username)
        if old is not None and not _verify_hash(user.password_hash, old):
            raise WardDeskError("auth.old_password_wrong")
        user.password_hash = hash_password(new)
        user.failed_attempts = 0
        user.locked_until = None
        user.save()
        op.log("user.password", table="users", ref=user.username,
                  detail="own password changed" if own else "password set by an admin")


def set_role(username: str, role: str) -> User:
    with operation("users.manage") as op:
        role = _check_role(role)
        user = _user(username)
        if user.role == role:
            return user
        if user.role == "admin" and not user.disabled and not _other_enabled_admins(user):
            raise WardDeskError("auth.last_admin", user=user.username)
        old = user.role
        user.role = role
        user.save()
        op.log("user.role", table="users", ref=user.username, old={"role": old}, new={"role": role})
    _refresh_session(user)
    return user


def set_full_name(username: str, full_name: str) -> User:
    with operation("users.manage") as op:
        user = _user(username)
        old = user.full_name
        user.full_name = (full_name or "").strip()
        user.save()
        op.log("user.update", table="users", ref=user.username, old={"full_name": old},
               new={"full_name": user.full_name})
    _refresh_session(user)
    return user


def _set_disabled(username: str, disabled: bool) -> User:
    with operation("users.manage") as op:
        user = _user(username)
        if bool(user.disabled) == disabled:
            return user
        if disabled and user.role == "admin" and not _other_enabled_admins(user):
            raise WardDeskError("auth.last_admin", user=user.username)
        user.disabled = disabled
        user.save()
        op.log("user.disable" if disabled else "user.enable", table="users", ref=user.username,
               old={"disabled": not disabled}, new={"disabled": disabled})
    _refresh_session(user)
    return user


def disable_user(username: str) -> User:
    """The account can no longer sign in (kept, so the audit trail's names still mean someone)."""
    return _set_disabled(username, True)


def enable_user(username: str) -> User:
    return _set_disabled(username, False)


def unlock_user(username: str) -> User:
    """Lift a lockout after wrong passwords before it runs out."""
    with operation("users.manage") as op:
        user = _user(username)
        old = {"failed_attempts": user.failed_attempts,
               "locked_until": user.locked_until.isoformat(sep=" ") if user.locked_until else None}
        user.failed_attempts = 0
        user.locked_until = None
        user.save()
        op.log("user.unlock", table="users", ref=user.username, old=old,
               new={"failed_attempts": 0, "locked_until": None})
    return user


def unlock_with_database_key(username: str, secret: str) -> User:
    """The way back in when the only admin is locked out (or anyone is): the database's passphrase or its
    recovery code lifts a lockout, no sign-in needed. Whoever holds either can read every record anyway, so
    this gives nothing away; a wrong one is refused (``keys.wrong``) and changes nothing."""
    from pathlib import Path

    from ward_desk import keys
    from ward_desk.models.base import database

    db_path = getattr(database.obj, "database", None)
    if not isinstance(db_path, str) or not keys.key_file(Path(db_path)).exists():
        raise WardDeskError("auth.key_unlock_file_only")
    keys.unlock(Path(db_path), passphrase=secret, recovery_code=secret)  # explicit: never the keyring's key
    with operation(None) as op:  # no sign-in: the passphrase or recovery code is the proof
        user = _user(username)
        old = {"failed_attempts": user.failed_attempts,
               "locked_until": user.locked_until.isoformat(sep=" ") if user.locked_until else None}
        user.failed_attempts = 0
        user.locked_until = None
        user.save()
        op.log("user.unlock", table="users", ref=user.username, old=old,
               new={"failed_attempts": 0, "locked_until": None},
               detail="lockout lifted with the database passphrase or recovery code")
    return user


def is_locked(user: User, now: dt.datetime | None = None) -> bool:
    return user.locked_until is not None and user.locked_until > (now or _now())


# --- the database opening hook and the CLI's named user --------------------------------------------------

_cli: tuple[str | None, Callable[[], str], bool] | None = None


def use_cli_credentials(username: str | None, password: Callable[[], str], *, bootstrap: bool = False) -> None:
    """The CLI's ``--user``: every database opened from now on signs this user in (``password`` is called
    only then, so ``--help`` and errors before opening never prompt). ``bootstrap`` lets the one command that
    creates a first admin run on a database with no accounts."""
    global _cli
    _cli = (username, password, bootstrap)


def clear_cli_credentials() -> None:
    global _cli
    _cli = None
    _verified_ahead.clear()  # a verdict checked ahead never outlives its command


def after_open() -> None:
    """Called by ``ward_desk.db.open_database`` once the schema is up to date.

    The session's user is looked up again in the database just opened (a restored backup, a reopen): gone or
    disabled there means signed out. Then the CLI's named user, if any, is signed in.
    """
    if current_user() is not None:
        user = get_user(current_user().username)
        session.set_current(None if user is None or user.disabled else user)
    if _cli is None:
        return
    username, password, bootstrap = _cli
    if needs_first_admin():
        if bootstrap:
            return
        raise WardDeskError("auth.no_users")
    if not username:
        raise WardDeskError("auth.sign_in_required")
    if current_user() is not None and current_user().username == normalise_username(username):
        return
    sign_in(username, password())


__all__ = [
    "ROLES", "PERMISSIONS", "MIN_PASSWORD", "User", "create_user", "authenticate", "sign_in", "sign_out",
    "current_user", "require", "can", "list_users", "get_user", "set_password", "set_role", "set_full_name",
    "disable_user", "enable_user", "unlock_user", "unlock_with_database_key", "check_username", "unlock_session", "needs_first_admin", "is_locked",
    "role_allows", "check_password", "sign_in_or_create_admin", "use_cli_credentials", "clear_cli_credentials", "after_open",
]
