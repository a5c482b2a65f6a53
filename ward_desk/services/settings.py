"""Service layer: the ward's (or office's) own settings, typed, with defaults. No Qt here.

Keys: ``role`` (``ward`` or ``office``), ``unit_code`` (5-digit ward code, or the office code for an office
database), ``office_code`` (the consolidating office a ward reports to), ``period_basis`` (``calendar`` or
``nd09``), ``language`` (``vi``/``en``, the UI's choice), ``return_v1_until`` (a period: the consolidating
office asks for WDR-1 version 1 returns up to and including it, RETURN-v2 §3; empty = the newest version).

How a ward knows its office's wishes: a ward's Ward Desk has no channel from its office's database (the two
exchange files, not connections), so what the office decides, the ward's admin enters here as the office's
letter says: ``office_code``, ``period_basis`` and ``return_v1_until``. An office keeps the same key in its
own database as the record of what it asked its wards (shown on its screen and in ``office status``).
"""

from __future__ import annotations

from ward_desk import messages, units
from ward_desk.errors import WardDeskError
from ward_desk.models import Setting, utcnow
from ward_desk.services.operation import operation

DEFAULTS = {
    "role": "ward",
    "unit_code": None,
    "office_code": None,
    "period_basis": "calendar",
    "language": None,
    "display_name": None,  # the ward's name as the desktop app shows it (set by the first-run wizard)
    "followup_days": "30",  # a referral still REFERRED after this many days is on the follow-up list
    "lockout_attempts": "5",  # wrong passwords in a row before an account is locked (services.accounts)
    "lockout_minutes": "15",  # how long that lock lasts
    "lock_minutes": "10",  # the desktop window locks after this many idle minutes (asks the password again)
    "return_v1_until": None,  # the office asks for WDR-1 version 1 up to this period (RETURN-v2 §3)
    # an office's printed return and deadline (services.office.update_office_settings; admin, audited)
    "office_agency": None,  # the reporting agency named in the heading (e.g. "Sở Y tế Thành phố Hà Nội")
    "office_receiver": None,  # the body the office's return goes to
    "office_deadline_days": "10",  # a ward return generated more than this many days after its period is late
    "backup_warn_days": "2",  # the app warns when the newest backup of the ward file is older than this
}
PERSONAL_KEYS = {"language"}  # a display preference any signed-in user may change
PERIOD_BASES = ("calendar", "nd09")

messages.register({
    "office.other_province": ("Xã/phường {unit} thuộc tỉnh/thành {province}, không báo cáo cho tỉnh/thành {office}; "
                              "dùng {province} hoặc một cơ quan C-...",
                              "Ward {unit} is in province {province} and does not report to province {office}; use "
                              "{province} or a C-... office"),
    "settings.unknown_key": ("Không có thiết lập '{key}'.", "There is no setting '{key}'."),
    "settings.bad_basis": (
        "Cách tính kỳ phải là 'calendar' hoặc 'nd09', không phải '{value}'.",
        "The period basis must be 'calendar' or 'nd09', not '{value}'.",
    ),
    "unit.unknown": (
        "Không có xã/phường mã '{code}' trong danh mục đơn vị hành chính 2025.{suggestions}",
        "There is no ward with code '{code}' in the 2025 list of administrative units.{suggestions}",
    ),
    "unit.suggestions": (" Gần đúng: {names}.", " Nearest matches: {names}."),
    "office.unknown": (
        "Mã cơ quan tổng hợp '{code}' không hợp lệ: cần mã tỉnh 2 chữ số (vd 01) hoặc mã tự đặt bắt đầu bằng C-.",
        "Office code '{code}' is not valid: expected a 2-digit province code (e.g. 01) or a custom code "
        "starting with C-.",
    ),
    "unit.not_set": (
        "Cơ sở dữ liệu chưa gắn với xã/phường nào. Hãy chạy `ward-desk init --unit MÃ_XÃ`.",
        "The database is not set up for a ward yet. Run `ward-desk init --unit WARD_CODE`.",
    ),
})


def get(key: str):
    if key not in DEFAULTS:
        raise WardDeskError("settings.unknown_key", key=key)
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row is not None and row.value is not None else DEFAULTS[key]


def set_many(values: dict[str, str | None]) -> None:
    """Write several settings in one transaction (one user action), logged in the audit trail.

    Needs ``settings.write`` (admin), except a personal preference (``PERSONAL_KEYS``), and except while the
    database is being set up (no unit yet: ``initialise_ward``, ``initialise_office``, the first-run wizard).
    """
    for key, value in values.items():
        if key not in DEFAULTS:
            raise WardDeskError("settings.unknown_key", key=key)
        if key == "period_basis" and value not in PERIOD_BASES:
            raise WardDeskError("settings.bad_basis", value=value)
        if key == "return_v1_until" and value:
            from ward_desk.services import periods

            values = {**values, key: periods.parse(str(value), "calendar").code}  # a malformed one is refused
    if values.get("office_code") and get("role") == "ward" and "unit_code" not in values:
        # the same rule as set-up: a ward reports to its own province or a C-... office (Settings, any caller)
        values = {**values, "office_code": ward_office(ward_unit(), values["office_code"])}
    permission = None  # the set-up of a new database: no account to sign in with yet
    if get("unit_code") is not None:
        permission = "records.read" if values.keys() <= PERSONAL_KEYS else "settings.write"
    with operation(permission) as op:
        old = {key: get(key) for key in values}
        if any(old[key] != value for key, value in values.items()):
            op.log("settings", table="settings", old=old, new=dict(values))
        for key, value in values.items():
            # An upsert both SQLite and PostgreSQL understand (INSERT OR REPLACE is SQLite only).
            Setting.insert(key=key, value=value).on_conflict(
                conflict_target=[Setting.key],
                update={Setting.value: value, Setting.updated_at: utcnow()}).execute()


def set(key: str, value: str | None) -> None:  # noqa: A001 - mirrors get()
    set_many({key: value})


def all_settings() -> dict[str, object]:
    return {key: get(key) for key in DEFAULTS}


def resolve_ward(code: str) -> units.Unit:
    """The official ward for ``code`` or an error naming the nearest matches (searched without diacritics)."""
    unit = units.ward(code) if str(code).strip().isdigit() else None
    if unit is not None:
        return unit
    matches = units.search_wards(str(code), limit=5)
    suggestions = ""
    if matches:
        names = ", ".join(f"{u.code} {u.name}" for u in matches)
        suggestions = messages.text("unit.suggestions", names=names)
    raise WardDeskError("unit.unknown", code=code, suggestions=suggestions)


def resolve_office(code: str) -> str:
    code = str(code).strip().upper()
    if code.isdigit() and len(code) <= 2 and units.is_province_code(code.zfill(2)):
        return code.zfill(2)
    if units.is_custom_office_code(code):
        return code
    raise WardDeskError("office.unknown", code=code)


def ward_unit() -> units.Unit:
    code = get("unit_code")
    if not code:
        raise WardDeskError("unit.not_set")
    unit = units.ward(code)
    if unit is None:
        raise WardDeskError("unit.unknown", code=code, suggestions="")
    return unit


def ward_office(unit: units.Unit, office_code: str | None = None) -> str:
    """The office a ward reports to: its province, or the office given, which must be its own province or a
    C-... office (another province's office would take its return as foreign and never count it). No database."""
    office = resolve_office(office_code) if office_code else unit.province_code
    if office.isdigit() and office != unit.province_code:
        raise WardDeskError("office.other_province", office=office, unit=unit.code, province=unit.province_code)
    return office


def initialise_ward(unit_code: str, office_code: str | None = None) -> dict[str, object]:
    unit = resolve_ward(unit_code)
    office = ward_office(unit, office_code)
    set_many({"role": "ward", "unit_code": unit.code, "office_code": office})
    return all_settings()
