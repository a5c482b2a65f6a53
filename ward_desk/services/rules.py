"""Service layer: the record rules of RETURN-v1 §1, in one place. No Qt here.

Every write path (workbook import, the desktop forms, ``demo``) parses and checks a record through this module,
so a record the app accepts in one place is accepted everywhere. Rules that need other records (references
exist, ids unique) live in ``ward_desk.services.records`` / ``records_io``, which hold the database.

``check_record`` takes already-parsed values (dates as ``datetime.date``, integers as ``int``, codes
upper-case); ``parse_record`` turns raw values (workbook cells, form text) into those, reporting what cannot
be parsed. Each problem names the RECORDS-1 column key as its ``field``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ward_desk import messages
from ward_desk.errors import Problem

SERVICES = ("HIV_TEST", "PREP", "PEP", "ARV", "STI", "HEPATITIS", "TB", "SRH", "HEALTH_OTHER", "LEGAL", "PSYCH",
            "GBV", "VOCATIONAL", "JOB", "EDUCATION", "SOCIAL")

CODES: dict[str, tuple[str, ...]] = {
    "sex": ("F", "M", "T", "U"),
    "group": ("SW", "RISK", "EST_WORKER"),
    "migrant": ("Y", "N"),
    "channel": ("DIRECT", "ESTABLISHMENT", "ONLINE", "PHONE", "PEER_MEETING"),
    "audience": ("SW", "EST_OWNER", "EST_WORKER", "YOUTH", "MIGRANT", "COMMUNITY"),
    "service": SERVICES,
    "status": ("REFERRED", "RECEIVED", "DECLINED", "LOST"),
    "programme": ("JOB", "POOR", "NEAR_POOR", "ESCAPED", "OTHER"),
    "establishment_type": ("KARAOKE", "MASSAGE", "HOTEL", "BAR", "CAFE", "OTHER"),
    "activity_kind": ("VISIT", "TRAINING"),
    "group_kind": ("PEER", "SELF_HELP", "CLUB"),
}

MIN_BIRTH_YEAR = 1930


@dataclass(frozen=True)
class Field:
    """One RECORDS-1 column: ``type`` is text, id (an identifier), code, date, int or year."""

    key: str
    type: str
    required: bool = False
    codes: str | None = None  # key into CODES for type == "code"


def _f(spec: str) -> Field:
    """``"*key:type[:codes]"``, ``*`` = required (compact, so the table below reads like the spec's)."""
    required = spec.startswith("*")
    parts = spec.lstrip("*").split(":")
    return Field(parts[0], parts[1], required, parts[2] if len(parts) > 2 else None)


SCHEMA: dict[str, tuple[Field, ...]] = {kind: tuple(_f(s) for s in specs) for kind, specs in {
    "clients": ("*client_code:id", "*sex:code:sex", "birth_year:year", "*group:code:group",
                "migrant:code:migrant", "registered_on:date", "consent_on:date"),
    "contacts": ("*id:id", "*client_code:id", "*date:date", "*channel:code:channel", "condoms:int",
                 "lubricants:int", "materials:int", "staff:text"),
    "sessions": ("*id:id", "*date:date", "*audience:code:audience", "*participants_f:int", "*participants_m:int",
                 "topic:text", "location:text"),
    "referrals": ("*id:id", "*client_code:id", "*service:code:service", "*referred_on:date",
                  "*status:code:status", "received_on:date", "provider:text"),
    "loans": ("*id:id", "*client_code:id", "*programme:code:programme", "*referred_on:date",
              "amount_requested:int", "approved_on:date", "disbursed_on:date", "amount_disbursed:int",
              "rejected_on:date", "closed_on:date"),
    "establishments": ("*id:id", "*name:text", "*type:code:establishment_type", "address:text", "*listed_on:date",
                       "delisted_on:date", "workers:int", "commitment_on:date"),
    "establishment_activities": ("*id:id", "*establishment_id:id", "*date:date", "*kind:code:activity_kind",
                                 "owners_trained:int", "workers_trained_f:int", "workers_trained_m:int"),
    "peer_groups": ("*id:id", "*name:text", "*kind:code:group_kind", "*founded_on:date", "dissolved_on:date"),
    "peer_members": ("*group_id:id", "*client_code:id", "*joined_on:date", "left_on:date"),
    "peer_meetings": ("*id:id", "*group_id:id", "*date:date", "attendees:int"),
}.items()}

SHEETS = tuple(SCHEMA)
COLUMNS: dict[str, tuple[str, ...]] = {kind: tuple(f.key for f in fields) for kind, fields in SCHEMA.items()}
FIELDS: dict[str, dict[str, Field]] = {kind: {f.key: f for f in fields} for kind, fields in SCHEMA.items()}

messages.register({
    "records.bad_code": ("mã không hợp lệ {value!r}; dùng một trong: {allowed}",
                         "unknown code {value!r}; use one of: {allowed}"),
    "records.not_integer": ("phải là số nguyên, không phải {value!r}", "must be a whole number, not {value!r}"),
    "records.negative": ("phải là số nguyên >= 0, không phải {value}", "must be a whole number >= 0, not {value}"),
    "records.bad_date": ("không phải ngày hợp lệ {value!r} (dùng ngày Excel hoặc YYYY-MM-DD)",
                         "not a real date {value!r} (use an Excel date or YYYY-MM-DD)"),
    "records.future_date": ("ngày {value} ở tương lai", "date {value} is in the future"),
    "records.birth_year": ("năm sinh {value} phải trong khoảng {low}..{high}",
                           "birth year {value} must be between {low} and {high}"),
    "records.bad_text": ("phải là văn bản, không phải {value!r}", "must be text, not {value!r}"),
    "records.loan_order": ("{later} ({later_value}) trước {earlier} ({earlier_value}); thứ tự phải là "
                           "referred_on <= approved_on <= disbursed_on <= closed_on",
                           "{later} ({later_value}) is before {earlier} ({earlier_value}); the order must be "
                           "referred_on <= approved_on <= disbursed_on <= closed_on"),
    "records.loan_approved_rejected": ("khoản vay không thể vừa được duyệt vừa bị từ chối",
                                       "a loan cannot be both approved and rejected"),
    "records.loan_amount_missing": ("có disbursed_on thì amount_disbursed phải > 0",
                                    "amount_disbursed must be > 0 when disbursed_on is set"),
    "records.loan_amount_without_date": ("amount_disbursed > 0 nhưng chưa có disbursed_on",
                                         "amount_disbursed is > 0 but disbursed_on is empty"),
    "records.received_on_missing": ("trạng thái RECEIVED thì phải có received_on",
                                    "received_on is required when status is RECEIVED"),
    "records.received_on_not_received": ("chỉ ghi received_on khi trạng thái là RECEIVED (đang là {status})",
                                         "received_on is only allowed when status is RECEIVED (it is {status})"),
    "records.received_before_referred": ("received_on ({received}) trước referred_on ({referred})",
                                         "received_on ({received}) is before referred_on ({referred})"),
    "records.left_before_joined": ("left_on ({left}) trước joined_on ({joined})",
                                   "left_on ({left}) is before joined_on ({joined})"),
    "records.unknown_kind": ("loại hồ sơ không rõ: {kind}", "unknown kind of record: {kind}"),
})


class ParseError(ValueError):
    """A raw value that cannot become the column's type; ``problem`` says why."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.problem = Problem(code, params)


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def _is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def parse_text(raw: Any) -> str | None:
    """Text -> NFC, stripped; a number typed in a text column is kept as its text (``12`` not ``12.0``)."""
    if _is_empty(raw):
        return None
    if isinstance(raw, bool):
        raise ParseError("records.bad_text", value=raw)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        raise ParseError("records.bad_text", value=str(raw))
    return unicodedata.normalize("NFC", str(raw)).strip() or None


def parse_code(raw: Any, codes: str) -> str | None:
    """Codes are case-insensitive on import; stored upper-case exactly as the standard spells them."""
    text = parse_text(raw)
    if text is None:
        return None
    value = text.upper()
    allowed = CODES[codes]
    if value not in allowed:
        raise ParseError("records.bad_code", value=text, allowed=", ".join(allowed))
    return value


def parse_int(raw: Any) -> int | None:
    """Whole numbers >= 0 (workbook readers give floats for integers; numeric text is accepted)."""
    if _is_empty(raw):
        return None
    if isinstance(raw, bool):
        raise ParseError("records.not_integer", value=raw)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise ParseError("records.not_integer", value=raw)
        value = int(raw)
    elif isinstance(raw, str) and re.fullmatch(r"\s*-?\d+\s*", raw):
        value = int(raw)
    else:
        raise ParseError("records.not_integer", value=raw if not isinstance(raw, str) else raw.strip())
    if value < 0:
        raise ParseError("records.negative", value=value)
    return value


def parse_date(raw: Any) -> dt.date | None:
    """An Excel date (reader gives date/datetime) or ISO text ``YYYY-MM-DD``; impossible dates are refused."""
    if _is_empty(raw):
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        match = _ISO_DATE.match(raw)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                pass
        raise ParseError("records.bad_date", value=raw.strip())
    # a number, or Excel's day 0 (31/12/1899), which readers give as a time of day: shown as text, not a repr
    raise ParseError("records.bad_date", value=str(raw))


def parse_field(field: Field, raw: Any) -> Any:
    if field.type == "date":
        return parse_date(raw)
    if field.type in ("int", "year"):
        return parse_int(raw) if field.type == "int" else _parse_year(raw)
    if field.type == "code":
        return parse_code(raw, field.codes or field.key)
    return parse_text(raw)


def _parse_year(raw: Any) -> int | None:
    try:
        return parse_int(raw)
    except ParseError as exc:
        if exc.problem.code == "records.negative":  # a negative year is out of range, not a non-number
            raise ParseError("records.birth_year", value=exc.problem.params["value"], low=MIN_BIRTH_YEAR,
                             high=dt.date.today().year) from None
        raise


def _fields(kind: str) -> tuple[Field, ...]:
    try:
        return SCHEMA[kind]
    except KeyError:
        raise ValueError(messages.text("records.unknown_kind", kind=kind)) from None


def parse_record(kind: str, raw: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Raw values (cells, form text) -> parsed values for every column of ``kind``, and parse problems.

    Already-parsed values pass through unchanged, so forms may hand over dates and ints directly.
    """
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for field in _fields(kind):
        try:
            values[field.key] = parse_field(field, raw.get(field.key))
        except ParseError as exc:
            values[field.key] = None
            problems.append(exc.problem.at(field=field.key))
    return values, problems


def check_record(kind: str, values: dict[str, Any], *, today: dt.date | None = None,
                 skip: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """Every rule of RETURN-v1 §1 that one record can break on its own; ``[]`` when it is fine.

    ``skip`` names fields already reported (by ``parse_record``) so a bad cell is not reported twice.
    """
    today = today or dt.date.today()
    problems: list[Problem] = []

    def add(field: str, code: str, **params: Any) -> None:
        problems.append(Problem(code, params, field=field))

    for field in _fields(kind):
        if field.key in skip:
            continue
        value = values.get(field.key)
        if value is None or value == "":
            if field.required:
                add(field.key, "field.required")
            continue
        if field.type == "date":
            if not isinstance(value, dt.date):
                add(field.key, "records.bad_date", value=value)
            elif (value.date() if isinstance(value, dt.datetime) else value) > today:
                add(field.key, "records.future_date", value=value.isoformat())
        elif field.type in ("int", "year"):
            if isinstance(value, bool) or not isinstance(value, int):
                add(field.key, "records.not_integer", value=value)
            elif field.type == "year" and not MIN_BIRTH_YEAR <= value <= today.year:
                add(field.key, "records.birth_year", value=value, low=MIN_BIRTH_YEAR, high=today.year)
            elif value < 0:
                add(field.key, "records.negative", value=value)
        elif field.type == "code":
            allowed = CODES[field.codes or field.key]
            if value not in allowed:
                add(field.key, "records.bad_code", value=value, allowed=", ".join(allowed))
        elif not isinstance(value, str):
            add(field.key, "records.bad_text", value=value)

    bad = skip | {p.field for p in problems}

    def ok_date(key: str) -> dt.date | None:
        v = values.get(key)
        return v if key not in bad and isinstance(v, dt.date) else None

    if kind == "loans":
        chain = [(k, ok_date(k)) for k in ("referred_on", "approved_on", "disbursed_on", "closed_on")]
        present = [(k, v) for k, v in chain if v is not None]
        for (earlier, ev), (later, lv) in zip(present, present[1:]):
            if lv < ev:
                add(later, "records.loan_order", later=later, later_value=lv.isoformat(), earlier=earlier,
                    earlier_value=ev.isoformat())
        if values.get("approved_on") is not None and values.get("rejected_on") is not None:
            add("rejected_on", "records.loan_approved_rejected")
        amount = values.get("amount_disbursed")
        if "amount_disbursed" not in bad and "disbursed_on" not in bad:
            disbursed = values.get("disbursed_on") is not None
            if disbursed and not (isinstance(amount, int) and amount > 0):
                add("amount_disbursed", "records.loan_amount_missing")
            elif not disbursed and isinstance(amount, int) and amount > 0:
                add("amount_disbursed", "records.loan_amount_without_date")
    elif kind == "referrals" and "status" not in bad and "received_on" not in bad:
        status, received = values.get("status"), values.get("received_on")
        if status == "RECEIVED" and received is None:
            add("received_on", "records.received_on_missing")
        elif received is not None and status is not None and status != "RECEIVED":
            add("received_on", "records.received_on_not_received", status=status)
        referred = ok_date("referred_on")
        if received is not None and referred is not None and received < referred:
            add("received_on", "records.received_before_referred", received=received.isoformat(),
                referred=referred.isoformat())
    elif kind == "peer_members":
        joined, left = ok_date("joined_on"), ok_date("left_on")
        if joined is not None and left is not None and left < joined:
            add("left_on", "records.left_before_joined", left=left.isoformat(), joined=joined.isoformat())
    return problems


def validate(kind: str, raw: dict[str, Any], *, today: dt.date | None = None
             ) -> tuple[dict[str, Any], list[Problem]]:
    """``parse_record`` then ``check_record``: parsed values and every problem, each once."""
    values, problems = parse_record(kind, raw)
    problems += check_record(kind, values, today=today, skip={p.field for p in problems})
    return values, problems
