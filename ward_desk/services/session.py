"""Service layer: who is working in this process, and what their role allows. No Qt.

The bottom of the service layer: the audit trail (``services.audit``) names ``actor()``, every service asks
``require(permission)`` (or ``can``), and ``services.accounts`` (sign-in, passwords, account changes) sets the
user with ``set_current``. This module imports no other service, so none of them import each other in a
circle to reach the signed-in user.

Three roles, each allowed what the one below may do and more: ``clerk`` enters and edits records;
``supervisor`` also exports returns, unlocks a closed period, restores deleted records and reads the audit
trail; ``admin`` also manages users, settings and backups. ``PERMISSIONS`` maps each permission to the least
role holding it. One person is signed in per process (the desktop session, or one CLI run).
"""

from __future__ import annotations

from ward_desk import messages
from ward_desk.errors import WardDeskError
from ward_desk.models.base import database
from ward_desk.models.security import User

ROLES = ("clerk", "supervisor", "admin")

# permission -> the least role that holds it (higher roles hold it too).
PERMISSIONS: dict[str, str] = {
    "records.read": "clerk",
    "records.write": "clerk",
    "records.delete": "clerk",
    "records.import": "clerk",
    "records.export": "supervisor",  # a line list of every client: elevated and logged (BRIEF §10)
    # GBV cases (RETURN-v2 §1 "who sees what"): anyone signed in records one (records.write); listing, opening,
    # changing and exporting them is a supervisor's, and every view is audited
    "gbv.read": "supervisor",
    "consents.review": "supervisor",  # the list of clients whose STORE consent was withdrawn
    "records.restore": "supervisor",
    "records.purge": "supervisor",
    "returns.export": "supervisor",
    "period.unlock": "supervisor",
    "plan.write": "supervisor",  # the annual plan targets (audited)
    "audit.view": "supervisor",
    "office.receive": "supervisor",
    "office.consolidate": "supervisor",
    "office.set_aside": "supervisor",  # a received file stops counting / counts again (audited, with a reason)
    "users.manage": "admin",
    "settings.write": "admin",
    "backup.create": "admin",
    "backup.restore": "admin",
    "demo.fill": "admin",
}

# what each permission lets a person do, and each role's name, as a message says them (never the key)
PERMISSION_WORDS: dict[str, tuple[str, str]] = {
    "records.read": ("xem hồ sơ", "read records"),
    "records.write": ("nhập và sửa hồ sơ", "enter and change records"),
    "records.delete": ("xóa hồ sơ (vào thùng rác)", "delete records (to the recycle bin)"),
    "records.import": ("nhập hồ sơ từ tệp Excel", "import records from a workbook"),
    "records.export": ("xuất toàn bộ hồ sơ ra tệp Excel", "export every record to a workbook"),
    "gbv.read": ("xem, sửa hoặc xuất vụ việc bạo lực giới", "list, open, change or export GBV cases"),
    "consents.review": ("xem danh sách khách hàng đã rút lại đồng ý lưu hồ sơ",
                        "review the clients who withdrew the consent to keep their records"),
    "records.restore": ("khôi phục hồ sơ từ thùng rác", "restore records from the recycle bin"),
    "records.purge": ("xóa hẳn hồ sơ trong thùng rác", "delete records in the recycle bin for good"),
    "returns.export": ("xuất báo cáo tháng", "export a monthly return"),
    "period.unlock": ("mở khóa kỳ báo cáo đã xuất", "unlock an exported reporting period"),
    "audit.view": ("xem nhật ký thao tác", "read the audit trail"),
    "office.receive": ("nhận tệp báo cáo của xã/phường", "receive the wards' return files"),
    "office.consolidate": ("tổng hợp báo cáo", "consolidate returns"),
    "office.set_aside": ("để riêng hoặc tính lại một tệp đã nhận", "set a received file aside or count it again"),
    "users.manage": ("quản lý tài khoản", "manage accounts"),
    "settings.write": ("thay đổi cài đặt của đơn vị", "change the unit's settings"),
    "backup.create": ("sao lưu dữ liệu", "back up the data"),
    "backup.restore": ("khôi phục dữ liệu từ bản sao lưu", "restore the data from a backup"),
    "demo.fill": ("tạo dữ liệu mẫu", "fill in sample data"),
    "plan.write": ("đặt chỉ tiêu kế hoạch", "set the plan's targets"),
}
ROLE_WORDS: dict[str, tuple[str, str]] = {"clerk": ("cán bộ nhập liệu", "clerk"),
                                          "supervisor": ("giám sát viên", "supervisor"),
                                          "admin": ("quản trị viên", "administrator")}

SYSTEM_USER = "system"  # the audit trail's actor while nobody is signed in (set-up, tools)

messages.register({
    "auth.forbidden": (
        "Việc này ({permission}) cần quyền {role}; tài khoản {user} là {current}.",
        "This ({permission}) needs the {role} role; the account {user} is a {current}.",
    ),
    "auth.sign_in_required": (
        "Cần đăng nhập trước (CLI: --user TÊN hoặc WARD_DESK_USER; mật khẩu WARD_DESK_PASSWORD hoặc nhập khi "
        "được hỏi).",
        "Sign in first (CLI: --user NAME or WARD_DESK_USER; the password from WARD_DESK_PASSWORD or typed "
        "when asked).",
    ),
    "auth.no_users": (
        "Cơ sở dữ liệu này chưa có tài khoản nào (tạo bởi phiên bản cũ). Hãy tạo quản trị viên đầu tiên: "
        "`ward-desk user add TÊN --role admin`.",
        "This database has no accounts yet (an earlier version made it). Create the first admin: "
        "`ward-desk user add NAME --role admin`.",
    ),
    "auth.signed_out_now": ("Tài khoản {user} đã bị vô hiệu hóa hoặc xóa: phiên làm việc đã kết thúc.",
                            "The account {user} was disabled or removed: its session has ended."),
    "auth.unknown_permission": ("Không có quyền '{permission}'.", "There is no permission '{permission}'."),
})

_current: User | None = None
_actor: str = SYSTEM_USER


def current_user() -> User | None:
    return _current


def set_current(user: User | None) -> None:
    """The session's user (None: signed out); the audit trail names them from now on."""
    global _current, _actor
    _current = user
    _actor = user.username if user is not None else SYSTEM_USER


def actor() -> str:
    """The name the audit trail writes for the next entry."""
    return _actor


def set_actor(user_name: str | None) -> None:
    """Name the audit trail's actor without an account (a tool acting on its own database)."""
    global _actor
    _actor = user_name or SYSTEM_USER


def permission_words(permission: str) -> messages.Words:
    """What a permission lets a person do, in both languages ('khôi phục hồ sơ từ thùng rác')."""
    return messages.Words(*PERMISSION_WORDS.get(permission, (permission, permission)))


def role_words(role: str) -> messages.Words:
    return messages.Words(*ROLE_WORDS.get(role, (role, role)))


def role_rank(role: str) -> int:
    return ROLES.index(role) if role in ROLES else -1


def role_allows(role: str, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise WardDeskError("auth.unknown_permission", permission=permission)
    return role_rank(role) >= role_rank(PERMISSIONS[permission])


def database_open() -> bool:
    return database.obj is not None and not database.obj.is_closed()


def needs_first_admin() -> bool:
    """True while the database has no account at all: only a first admin may be created."""
    return not User.select().exists()


def can(permission: str) -> bool:
    return _current is not None and role_allows(_current.role, permission)


def _recheck() -> None:
    """The signed-in account as it is now in the database, at every action: disabled or removed by an admin
    (in another window, on another PC of a shared database) signs the session out; a new role counts at once."""
    if _current is None or not database_open():
        return
    user = User.get_or_none(User.id == _current.id)
    if user is None or user.disabled:
        name = _current.username
        set_current(None)
        raise WardDeskError("auth.signed_out_now", user=name)
    if user.role != _current.role or user.username != _current.username:
        set_current(user)


def require(permission: str) -> User:
    """Raise unless the signed-in user's role holds ``permission``; returns that user. The account is looked
    up again first (``_recheck``): a disabled or demoted user's next action is refused."""
    if permission not in PERMISSIONS:
        raise WardDeskError("auth.unknown_permission", permission=permission)
    _recheck()
    if _current is None:
        if database_open() and needs_first_admin():
            raise WardDeskError("auth.no_users")
        raise WardDeskError("auth.sign_in_required")
    if not role_allows(_current.role, permission):
        raise WardDeskError("auth.forbidden", permission=permission_words(permission),
                            role=role_words(PERMISSIONS[permission]), user=_current.username,
                            current=role_words(_current.role))
    return _current
