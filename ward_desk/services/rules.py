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
from typing import Any

from ward_desk import messages
from ward_desk.errors import Problem
from ward_desk.spec import records as spec
from ward_desk.spec.codes import CODE_LISTS
from ward_desk.spec.records import Column

Field = Column  # one RECORDS-1 column, as ``spec.records`` declares it

SCHEMA: dict[str, tuple[Column, ...]] = {name: kind.columns for name, kind in spec.KINDS.items()}
SHEETS = spec.SHEETS
COLUMNS: dict[str, tuple[str, ...]] = {name: kind.keys for name, kind in spec.KINDS.items()}
FIELDS: dict[str, dict[str, Column]] = {name: {c.key: c for c in kind.columns} for name, kind in spec.KINDS.items()}
CODES: dict[str, tuple[str, ...]] = {name: codes.codes for name, codes in CODE_LISTS.items()}
SERVICES = CODES["service"]
MIN_BIRTH_YEAR = spec.MIN_BIRTH_YEAR
# version 2: a record's start date, then the dates not allowed before it (RETURN-v2 §1)
ENDS = {"commitments": ("signed_on", "valid_until", "withdrawn_on"), "consents": ("given_on", "withdrawn_on")}
SHOWN = 40  # characters of a refused value a message repeats (a 10,000-character cell is not echoed whole)

messages.register({
    "records.bad_code": ("mã không hợp lệ {value!r}; dùng một trong: {allowed}",
                         "unknown code {value!r}; use one of: {allowed}"),
    "records.not_integer": ("phải là số nguyên, không phải {value!r}", "must be a whole number, not {value!r}"),
    "records.negative": ("phải là số nguyên >= 0, không phải {value}", "must be a whole number >= 0, not {value}"),
    "records.bad_date": ("không phải ngày hợp lệ {value!r} (dùng ngày Excel hoặc YYYY-MM-DD)",
                         "not a real date {value!r} (use an Excel date or YYYY-MM-DD)"),
    "records.future_date": ("ngày {value} ở tương lai", "date {value} is in the future"),  # dd/mm/yyyy
    "records.birth_year": ("năm sinh {value} phải trong khoảng {low}..{high}",
                           "birth year {value} must be between {low} and {high}"),
    "records.bad_text": ("phải là văn bản, không phải {value!r}", "must be text, not {value!r}"),
    "records.loan_order": ("'{later}' ({later_value}) trước '{earlier}' ({earlier_value}); thứ tự phải là {order}",
                           "'{later}' ({later_value}) is before '{earlier}' ({earlier_value}); the order must be "
                           "{order}"),
    "records.loan_approved_rejected": ("khoản vay không thể vừa được duyệt vừa bị từ chối",
                                       "a loan cannot be both approved and rejected"),
    "records.loan_amount_missing": ("có '{date}' thì '{amount}' phải lớn hơn 0",
                                    "'{amount}' must be more than 0 when '{date}' is given"),
    "records.loan_amount_without_date": ("'{amount}' lớn hơn 0 nhưng chưa có '{date}'",
                                         "'{amount}' is more than 0 but '{date}' is empty"),
    "records.received_on_missing": ("trạng thái '{wanted}' thì phải có '{received}'",
                                    "'{received}' is needed when the status is '{wanted}'"),
    "records.received_on_not_received": ("chỉ ghi '{received}' khi trạng thái là '{wanted}' (đang là '{status}')",
                                         "'{received}' is only given when the status is '{wanted}' (it is "
                                         "'{status}')"),
    "records.received_before_referred": ("'{received_label}' ({received}) trước '{referred_label}' ({referred})",
                                         "'{received_label}' ({received}) is before '{referred_label}' "
                                         "({referred})"),
    "records.left_before_joined": ("'{left_label}' ({left}) trước '{joined_label}' ({joined})",
                                   "'{left_label}' ({left}) is before '{joined_label}' ({joined})"),
    "records.unknown_kind": ("loại hồ sơ không rõ: {kind}", "unknown kind of record: {kind}"),
    "records.too_long": ("dài {length} ký tự; tối đa {max}", "is {length} characters long; at most {max}"),
    "records.hidden_char": ("có ký tự điều khiển hoặc ký tự ẩn {char} ở vị trí {position}; hãy xóa ký tự đó",
                            "holds a control or invisible character {char} at position {position}; remove it"),
    "records.bad_id": ("mã chỉ gồm chữ cái A-Z không dấu, chữ số 0-9, '-' và '_'; ký tự {char} ở vị trí "
                       "{position} không dùng được",
                       "an id is made of the letters A-Z (no diacritics), the digits 0-9, '-' and '_'; {char} at "
                       "position {position} is not allowed"),
    "records.id_case": ("mã {value!r} phải viết hoa: {upper}", "id {value!r} must be upper-case: {upper}"),
    "records.too_large": ("{value} quá lớn; tối đa {high}", "{value} is too large; at most {high}"),
    # version 2 (RETURN-v2 §1)
    "records.sanction_missing": ("kết quả VIOLATION thì phải có sanction",
                                 "sanction is required when result is VIOLATION"),
    "records.sanction_not_violation": ("chỉ ghi sanction khi kết quả là VIOLATION (đang là {result})",
                                       "sanction is only allowed when result is VIOLATION (it is {result})"),
    "records.fine_missing": ("hình thức FINE thì fine_amount phải > 0",
                             "fine_amount must be > 0 when sanction is FINE"),
    "records.fine_not_fine": ("chỉ ghi fine_amount khi hình thức xử lý là FINE",
                              "fine_amount is only allowed when sanction is FINE"),
    "records.before_start": ("{column} ({value}) trước {start} ({start_value})",
                             "{column} ({value}) is before {start} ({start_value})"),
})


def date_text(value: dt.date) -> str:
    """A date as people read it in messages and forms: dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y")


def label_words(kind: str, key: str) -> messages.Words:
    """A field named as its form names it, in both languages (``spec.records``): never its column key."""
    try:
        column = spec.KINDS[kind].column(key)
    except (KeyError, StopIteration):
        return messages.Words(key, key)
    return messages.Words(column.vi, column.en)


def code_words(list_name: str, code: str) -> messages.Words:
    """A code named by its label in both languages ('Đã nhận dịch vụ', not 'RECEIVED')."""
    from ward_desk.spec.codes import code_label

    try:
        return messages.Words(code_label(list_name, code, "vi"), code_label(list_name, code, "en"))
    except Exception:  # a code the list does not know: itself
        return messages.Words(str(code), str(code))


class ParseError(ValueError):
    """A raw value that cannot become the column's type; ``problem`` says why."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.problem = Problem(code, params)


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_ID = re.compile(r"[A-Za-z0-9_-]+")
_ID_CHAR = re.compile(r"[A-Za-z0-9_-]")
_NOTE_ALLOWS = "\t\n"
_NONCHARACTERS = "\ufffe\uffff"


def _is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def shown(value: Any) -> Any:
    """A refused value as a message repeats it: long text cut short (a 10,000-character cell is not echoed)."""
    if isinstance(value, str) and len(value) > SHOWN:
        return value[:SHOWN] + "…"
    return value


def describe(char: str) -> str:
    """``U+200B ZERO WIDTH SPACE``: an invisible or look-alike character named so a clerk can find it."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip()


def _hidden(char: str, column: Column) -> bool:
    """A character storage or a reader would not keep as typed: control characters (tab and newline allowed in a
    note), format characters (bidi overrides and isolates, zero-width spaces and joiners, the BOM), surrogates."""
    if char in _NOTE_ALLOWS and column.type == "note":
        return False
    return unicodedata.category(char) in ("Cc", "Cf", "Cs") or char in _NONCHARACTERS


def storage_problem(column: Column, text: str) -> Problem | None:
    """What the storage refuses in a text, id or code cell: over-long text, hidden characters, an id that is not
    visible ASCII letters, digits, ``-`` and ``_``. The same on SQLite and PostgreSQL (checked before either).
    A code's length needs no check: it is one of its list, or refused as such."""
    if column.type != "code" and column.max_length is not None and len(text) > column.max_length:
        return Problem("records.too_long", {"length": len(text), "max": column.max_length})
    # printable text (nearly every cell) holds no control, format, surrogate or non-character: str.isprintable
    # refuses all of those (categories C* and Z* but the space), in C, so the look character by character is
    # only for the rest (a note's line breaks, or a cell with something to refuse)
    printable = text.isprintable()
    for position, char in enumerate("" if printable else text, start=1):
        if _hidden(char, column):
            return Problem("records.hidden_char", {"char": describe(char), "position": position})
    if column.type == "id" and not _ID.fullmatch(text):
        position, char = next((i, c) for i, c in enumerate(text, start=1) if not _ID_CHAR.match(c))
        return Problem("records.bad_id", {"char": describe(char), "position": position})
    return None


def _check_storage(column: Column, text: str) -> None:
    problem = storage_problem(column, text)
    if problem is not None:
        raise ParseError(problem.code, **problem.params)


def parse_text(raw: Any, column: Column | None = None) -> str | None:
    """Text -> NFC, stripped; a number typed in a text column is kept as its text (``12`` not ``12.0``).

    With ``column``: what the storage refuses is refused here (``storage_problem``); a note's line breaks are
    kept as newlines (Windows' CR LF and a lone CR included), so an export re-imports unchanged."""
    if _is_empty(raw):
        return None
    if isinstance(raw, bool):
        raise ParseError("records.bad_text", value=raw)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        raise ParseError("records.bad_text", value=str(raw))
    text = _stripped(unicodedata.normalize("NFC", str(raw)), column)
    if column is not None and column.type == "note":
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if column is not None:
        _check_storage(column, text)
    return text or None


def _stripped(text: str, column: Column | None) -> str:
    """Spaces, tabs and line breaks around a value go; a control character Python counts as white space (``\x1c``
    to ``\x1f``, ``\x85``) is refused like any other, not silently dropped from the end."""
    if column is not None and not text.isprintable():  # printable text holds no control character
        for position, char in enumerate(text, start=1):
            if char.isspace() and char not in " \t\n\r" and unicodedata.category(char) == "Cc":
                raise ParseError("records.hidden_char", char=describe(char), position=position)
    return text.strip()


def parse_id(raw: Any, column: Column) -> str | None:
    """A record id or client code: checked as typed (before upper-casing: ``ß`` or ``ı`` would become ASCII),
    stored upper-case, so ``hc00000`` and ``HC00000`` are the same client."""
    text = parse_text(raw, column)
    return None if text is None else text.upper()


def parse_code(raw: Any, codes: str, column: Column | None = None) -> str | None:
    """Codes are case-insensitive on import; stored upper-case exactly as the standard spells them."""
    text = parse_text(raw, column)
    if text is None:
        return None
    value = text.upper()
    allowed = CODES[codes]
    if value not in allowed:
        raise ParseError("records.bad_code", value=shown(text), allowed=", ".join(allowed))
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
    elif isinstance(raw, str) and re.fullmatch(r"\s*-?\d{1,30}\s*", raw) and raw.strip().isascii():
        value = int(raw)
    else:
        raise ParseError("records.not_integer", value=shown(raw if not isinstance(raw, str) else raw.strip()))
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
        match = _ISO_DATE.match(raw) if raw.isascii() else None
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                pass
        raise ParseError("records.bad_date", value=shown(raw.strip()))
    # a number, or Excel's day 0 (31/12/1899), which readers give as a time of day: shown as text, not a repr
    raise ParseError("records.bad_date", value=str(raw))


# Codes that are already what parse_code makes of them (ASCII, printable, no spaces around, upper case): a cell
# holding one exactly is that code.
_CLEAN_CODES = {name: frozenset(c for c in codes if c and c.isascii() and c.isprintable() and c == c.strip()
                                and c == c.upper()) for name, codes in CODES.items()}


def _as_typed(field: Column, raw: Any) -> Any:
    """The parsed value of a cell that needs no parsing (nearly every cell of a workbook we or Excel wrote):
    a date cell in a date column, a whole number >= 0 in a count column, one of the list's codes as spelled,
    an id of ASCII letters and digits, plain ASCII text with nothing to strip. ``_NOT_TYPED`` otherwise, and
    ``parse_field`` takes the whole way (the result is the same; this only skips the work)."""
    kind = type(raw)
    column = field.type
    if column == "date":
        return raw if kind is dt.date else _NOT_TYPED
    if column in spec.COUNT_TYPES:
        if kind is int and raw >= 0:
            return raw
        if kind is float and raw >= 0 and raw.is_integer():
            return int(raw)
        return _NOT_TYPED
    if kind is not str or not raw:
        return _NOT_TYPED
    if column == "code":
        return raw if raw in _CLEAN_CODES[field.codes or field.key] else _NOT_TYPED
    if field.max_length is not None and len(raw) > field.max_length:
        return _NOT_TYPED
    if column == "id":
        return raw.upper() if _ID.fullmatch(raw) else _NOT_TYPED
    if raw.isascii() and raw.isprintable() and raw[0] != " " and raw[-1] != " ":
        return raw
    return _NOT_TYPED


_NOT_TYPED = object()


def parse_field(field: Column, raw: Any) -> Any:
    value = _as_typed(field, raw)
    if value is not _NOT_TYPED:
        return value
    if field.type == "date":
        return parse_date(raw)
    if field.type in spec.COUNT_TYPES:
        return _parse_year(raw) if field.type == "year" else parse_int(raw)
    if field.type == "code":
        return parse_code(raw, field.codes or field.key, field)
    if field.type == "id":
        return parse_id(raw, field)
    return parse_text(raw, field)


def _parse_year(raw: Any) -> int | None:
    try:
        return parse_int(raw)
    except ParseError as exc:
        if exc.problem.code == "records.negative":  # a negative year is out of range, not a non-number
            raise ParseError("records.birth_year", value=exc.problem.params["value"], low=MIN_BIRTH_YEAR,
                             high=dt.date.today().year) from None
        raise


def _fields(kind: str) -> tuple[Column, ...]:
    try:
        return SCHEMA[kind]
    except KeyError:
        raise ValueError(messages.text("records.unknown_kind", kind=kind)) from None


def parse_record(kind: str, raw: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Raw values (cells, form text) -> parsed values for every column of ``kind``, and parse problems.

    Already-parsed values pass through unchanged, so forms may hand over dates and ints directly.
    """
    values, problems, _clean = _parse_record(kind, raw)
    return values, problems


# What ``_value_problem`` checks of a code, id or text value (in the list, visible ASCII, not too long, upper
# case), ``_as_typed`` has checked already when it took the cell at once.
_CHECKED_WHEN_TYPED = frozenset(("code", "id", "text", "note"))


def _parse_record(kind: str, raw: dict[str, Any]) -> tuple[dict[str, Any], list[Problem], set[str]]:
    """``parse_record``, and the fields whose value needs no ``_value_problem`` check (``_CHECKED_WHEN_TYPED``)."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    clean: set[str] = set()
    for field in _fields(kind):
        cell = raw.get(field.key)
        value = _as_typed(field, cell)
        if value is not _NOT_TYPED:
            values[field.key] = value
            if field.type in _CHECKED_WHEN_TYPED:
                clean.add(field.key)
            continue
        try:
            values[field.key] = parse_field(field, cell)
        except ParseError as exc:
            values[field.key] = None
            problems.append(exc.problem.at(field=field.key))
    return values, labelled(kind, problems), clean


def _value_problem(field: Column, value: Any, today: dt.date) -> Problem | None:
    """The rule one non-empty parsed value breaks on its own, if any."""
    if field.type == "date":
        if not isinstance(value, dt.date):
            return Problem("records.bad_date", {"value": shown(value)})
        if (value.date() if isinstance(value, dt.datetime) else value) > today and not field.future:
            return Problem("records.future_date", {"value": date_text(value)})
        return None
    if field.type in spec.COUNT_TYPES:
        return _number_problem(field, value, today)
    if not isinstance(value, str):
        return Problem("records.bad_text", {"value": shown(value)})
    if field.type == "code":
        allowed = CODES[field.codes or field.key]
        return None if value in allowed else Problem("records.bad_code", {"value": shown(value),
                                                                          "allowed": ", ".join(allowed)})
    problem = storage_problem(field, value)
    if problem is None and field.type == "id" and value != value.upper():
        problem = Problem("records.id_case", {"value": shown(value), "upper": value.upper()})
    return problem


def _number_problem(field: Column, value: Any, today: dt.date) -> Problem | None:
    """Whole numbers within the column's plausible range (so never beyond what either database stores)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return Problem("records.not_integer", {"value": shown(value)})
    if field.type == "year":
        if not MIN_BIRTH_YEAR <= value <= today.year:
            return Problem("records.birth_year", {"value": value, "low": MIN_BIRTH_YEAR, "high": today.year})
        return None
    if value < 0:
        return Problem("records.negative", {"value": value})
    if field.high is not None and value > field.high:
        return Problem("records.too_large", {"value": shown(str(value)), "high": messages.Grouped(field.high)})
    return None


def labelled(kind: str, problems: list[Problem]) -> list[Problem]:
    """Each problem about a field carries the field's form label, so that a listing names it as the form does."""
    return [p.at(label=label_words(kind, p.field)) if p.field and p.label is None and kind in spec.KINDS else p
            for p in problems]


def loan_order_words() -> messages.Words:
    """'Ngày giới thiệu ≤ Ngày duyệt ≤ ...': the order a loan's dates keep, by their labels."""
    keys = ("referred_on", "approved_on", "disbursed_on", "closed_on")
    return messages.Words(" ≤ ".join(f"'{label_words('loans', k).vi}'" for k in keys),
                          " <= ".join(f"'{label_words('loans', k).en}'" for k in keys))


def _status_list() -> str:
    column = spec.KINDS["referrals"].column("status")
    return column.codes or column.key


def check_fields(fields, values: dict[str, Any], *, today: dt.date,
                 skip: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """The rules each of ``fields`` breaks on its own (required, type, range, not in the future)."""
    problems: list[Problem] = []
    for field in fields:
        if field.key in skip:
            continue
        value = values.get(field.key)
        if value is None or value == "":
            if field.required:
                problems.append(Problem("field.required", {}, field=field.key))
            continue
        problem = _value_problem(field, value, today)
        if problem is not None:
            problems.append(problem.at(field=field.key))
    return problems


def check_record(kind: str, values: dict[str, Any], *, today: dt.date | None = None,
                 skip: set[str] | frozenset[str] = frozenset(),
                 checked: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """Every rule of RETURN-v1 §1 that one record can break on its own; ``[]`` when it is fine.

    ``skip`` names fields already reported (by ``parse_record``) so a bad cell is not reported twice; ``checked``
    fields whose value's own rules are known to hold (the record-wide rules still see them).
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
        if field.key in checked:  # its value's own rules are known to hold (``_parse_record``)
            continue
        problem = _value_problem(field, value, today)
        if problem is not None:
            problems.append(problem.at(field=field.key))

    bad = skip | {p.field for p in problems}

    def ok_date(key: str) -> dt.date | None:
        v = values.get(key)
        return v if key not in bad and isinstance(v, dt.date) else None

    if kind == "loans":
        chain = [(k, ok_date(k)) for k in ("referred_on", "approved_on", "disbursed_on", "closed_on")]
        present = [(k, v) for k, v in chain if v is not None]
        for (earlier, ev), (later, lv) in zip(present, present[1:]):
            if lv < ev:
                add(later, "records.loan_order", later=label_words(kind, later), later_value=date_text(lv),
                    earlier=label_words(kind, earlier), earlier_value=date_text(ev), order=loan_order_words())
        if values.get("approved_on") is not None and values.get("rejected_on") is not None:
            add("rejected_on", "records.loan_approved_rejected")
        amount = values.get("amount_disbursed")
        if "amount_disbursed" not in bad and "disbursed_on" not in bad:
            disbursed = values.get("disbursed_on") is not None
            named = {"date": label_words(kind, "disbursed_on"), "amount": label_words(kind, "amount_disbursed")}
            if disbursed and not (isinstance(amount, int) and amount > 0):
                add("amount_disbursed", "records.loan_amount_missing", **named)
            elif not disbursed and isinstance(amount, int) and amount > 0:
                add("amount_disbursed", "records.loan_amount_without_date", **named)
    elif kind == "referrals" and "status" not in bad and "received_on" not in bad:
        status, received = values.get("status"), values.get("received_on")
        named = {"received": label_words(kind, "received_on"), "wanted": code_words(_status_list(), "RECEIVED")}
        if status == "RECEIVED" and received is None:
            add("received_on", "records.received_on_missing", **named)
        elif received is not None and status is not None and status != "RECEIVED":
            add("received_on", "records.received_on_not_received", status=code_words(_status_list(), status),
                **named)
        referred = ok_date("referred_on")
        if received is not None and referred is not None and received < referred:
            add("received_on", "records.received_before_referred", received=date_text(received),
                referred=date_text(referred), received_label=label_words(kind, "received_on"),
                referred_label=label_words(kind, "referred_on"))
    elif kind == "inspections" and "result" not in bad and "sanction" not in bad:
        result, sanction = values.get("result"), values.get("sanction")
        if result == "VIOLATION" and sanction is None:
            add("sanction", "records.sanction_missing")
        elif result is not None and result != "VIOLATION" and sanction is not None:
            add("sanction", "records.sanction_not_violation", result=result)
        if "fine_amount" not in bad:
            fine = values.get("fine_amount")
            if sanction == "FINE" and not (isinstance(fine, int) and fine > 0):
                add("fine_amount", "records.fine_missing")
            elif sanction != "FINE" and fine is not None:
                add("fine_amount", "records.fine_not_fine")
    elif kind in ENDS:
        start = ENDS[kind][0]
        for key in ENDS[kind][1:]:
            begun, ended = ok_date(start), ok_date(key)
            if begun is not None and ended is not None and ended < begun:
                add(key, "records.before_start", column=key, value=ended.isoformat(), start=start,
                    start_value=begun.isoformat())
    elif kind == "peer_members":
        joined, left = ok_date("joined_on"), ok_date("left_on")
        if joined is not None and left is not None and left < joined:
            add("left_on", "records.left_before_joined", left=date_text(left), joined=date_text(joined),
                left_label=label_words(kind, "left_on"), joined_label=label_words(kind, "joined_on"))
    return labelled(kind, problems)


def validate(kind: str, raw: dict[str, Any], *, today: dt.date | None = None
             ) -> tuple[dict[str, Any], list[Problem]]:
    """``parse_record`` then ``check_record``: parsed values and every problem, each once."""
    plan = _PLANS.get(kind)
    if plan is None and kind in SCHEMA:
        plan = _PLANS[kind] = _plan(kind)
    if plan is not None:
        values = _clean_row(plan, raw, today or dt.date.today())
        if values is not None:  # every cell already what it stands for and within its rules
            return values, (check_record(kind, values, today=today, checked=_ALL_CHECKED)
                            if kind in _RECORD_RULES else [])
    return _validate_whole_way(kind, raw, today)


def _validate_whole_way(kind: str, raw: dict[str, Any], today: dt.date | None
                        ) -> tuple[dict[str, Any], list[Problem]]:
    values, problems, clean = _parse_record(kind, raw)
    problems += check_record(kind, values, today=today, skip={p.field for p in problems}, checked=clean)
    return values, problems


# --- The clean row, at once -----------------------------------------------------------------------------------
# Nearly every row of a workbook the ward's export, Excel or LibreOffice wrote is clean: each cell already its
# column's type (a date cell, a whole number, a code as its list spells it, an ASCII id or text with nothing to
# strip) and within its column's own rules. ``_clean_row`` takes such a row in one pass over a plan made once
# per kind, and gives up (None) at the first cell that is anything else, which then goes the whole way above
# (``_parse_record`` + ``check_record``): the values and problems are the same either way, only the work
# differs (tests/unit/test_rules.py compares the two on every kind and many odd cells). The rules between
# columns (``_RECORD_RULES``: a loan's dates in order, a referral's status and date...) always run.

_DATE, _COUNT, _YEAR, _CODE, _ID_COLUMN, _TEXT = range(6)
_RECORD_RULES = frozenset(("loans", "referrals", "inspections", "peer_members", *ENDS))


class _AllChecked(frozenset):
    """Every field: ``check_record`` then runs only the required-field and the between-columns rules."""

    def __contains__(self, key) -> bool:
        return True


_ALL_CHECKED = _AllChecked()
_PLANS: dict[str, tuple | None] = {}


def _plan(kind: str) -> tuple | None:
    """(key, how, required, a, b) per column of ``kind``; None when a column's type has no clean form."""
    plan = []
    for field in SCHEMA[kind]:
        if field.type == "date":
            step = (_DATE, field.future, None)
        elif field.type == "year":
            step = (_YEAR, None, None)
        elif field.type in spec.COUNT_TYPES:
            step = (_COUNT, field.high, None)
        elif field.type == "code":
            step = (_CODE, _CLEAN_CODES[field.codes or field.key], None)
        elif field.type == "id":
            step = (_ID_COLUMN, field.max_length, None)
        elif field.type in spec.TEXT_TYPES:
            step = (_TEXT, field.max_length, None)
        else:
            return None
        plan.append((field.key, step[0], field.required, step[1]))
    return tuple(plan)


def _clean_row(plan: tuple, raw: dict[str, Any], today: dt.date) -> dict[str, Any] | None:
    """The parsed values of a row whose every cell is clean (see above), or None."""
    values: dict[str, Any] = {}
    get = raw.get
    for key, how, required, a in plan:
        v = get(key)
        if v is None or v == "":
            if required:
                return None
            values[key] = None
            continue
        kind = type(v)
        if how == _DATE:
            if kind is not dt.date or (v > today and not a):
                return None
        elif how == _CODE:
            if kind is not str or v not in a:
                return None
        elif how == _COUNT or how == _YEAR:
            if kind is float and v.is_integer():
                v = int(v)
            elif kind is not int:
                return None
            if how == _YEAR:
                if not MIN_BIRTH_YEAR <= v <= today.year:
                    return None
            elif v < 0 or (a is not None and v > a):
                return None
        elif how == _ID_COLUMN:
            if kind is not str or (a is not None and len(v) > a) or not _ID.fullmatch(v):
                return None
            v = v.upper()
        else:  # text, note
            if (kind is not str or (a is not None and len(v) > a) or not v.isascii() or not v.isprintable()
                    or v[0] == " " or v[-1] == " "):
                return None
        values[key] = v
    return values
