"""Service layer: RECORDS-1 workbook import (RETURN-v1 §1, CLI.md ``records import``). No Qt here.

All-or-nothing: the whole file is read and checked first (every problem collected, as ``sheet!cell: message``),
and only a clean file is written, in one transaction, with bulk ``executemany`` inserts. Rows are matched by
id (clients by ``client_code``, peer members by ``group_id`` + ``client_code`` + ``joined_on``): new rows are
added, identical rows left alone, differing rows are conflicts (or updated with ``update=True``).

Choices where the spec is silent (README ``spec-choices``):
- sheet names and column keys match case-insensitively; a missing sheet is an empty table; a non-empty sheet
  with an unknown name, or an unknown column, is an error (it would otherwise be data silently dropped); an
  empty extra sheet (Excel's ``Sheet1``) is ignored.
- an id that matches a record in the recycle bin is an error (restore or purge it first).
- numeric text in a number column (``"12"``) is accepted; a plain number in a date column is not a date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ward_desk import messages
from ward_desk.errors import ImportCancelled, Problem, ValidationFailed, WardDeskError
from ward_desk.export.xlsx_safety import open_workbook
from ward_desk.models.base import database, utcnow
from ward_desk.services import audit, ids, rules, session, soft_checks
from ward_desk.services.operation import operation
from ward_desk.services.records import KINDS, Kind, kind_words, record_label
from ward_desk.spec import records as spec

# Parents before the sheets that point at them: the standard declares its kinds in that order.
ORDER = spec.SHEETS
# The kinds other sheets name by id (clients, establishments, peer groups).
PARENTS = tuple(name for name in ORDER if any(name in kind.refs.values() for kind in KINDS.values()))
BATCH = 5000
MAX_LISTED = 200

messages.register({
    "records.unknown_sheet": ("trang tính {name!r} không thuộc RECORDS-1{hint}",
                              "sheet {name!r} is not a RECORDS-1 sheet{hint}"),
    "records.did_you_mean": (" (có phải {match}?)", " (did you mean {match}?)"),
    "records.no_sheets": ("tệp không có trang tính RECORDS-1 nào ({expected})",
                          "the file has no RECORDS-1 sheet ({expected})"),
    "records.missing_column": ("thiếu cột bắt buộc {column}", "missing required column {column}"),
    "records.unknown_column": ("cột {column!r} không thuộc trang {sheet}{hint}",
                               "column {column!r} is not a column of {sheet}{hint}"),
    "records.duplicate_column": ("cột {column} xuất hiện hai lần", "column {column} appears twice"),
    "records.no_header": ("ô có dữ liệu nhưng cột không có tên ở dòng 1",
                          "cell has data but its column has no key in row 1"),
    "records.duplicate_in_file": ("mã {value!r} trùng với dòng {row}", "id {value!r} repeats row {row}"),
    "records.differs": ("{sheet} {ref} khác với hồ sơ đã lưu: {detail}",
                        "{sheet} {ref} differs from the stored record: {detail}"),
    "records.conflict": ("{sheet} {ref} khác với hồ sơ đã lưu: {detail} (dùng --update để cập nhật)",
                         "{sheet} {ref} differs from the stored record: {detail} (use --update to update it)"),
    "records.more_problems": ("... và {count} lỗi khác", "... and {count} more problem(s)"),
    "records.import_failed": ("Không nhập tệp {file}: {total} lỗi; không có gì thay đổi.",
                              "{file} was not imported: {total} problem(s); nothing was changed."),
    "records.watermark": ("MẬT - dữ liệu cá nhân nhạy cảm. Xuất bởi {user}, {unit}, lúc {at}. Không sao chép, "
                          "không gửi đi.",
                          "CONFIDENTIAL - sensitive personal data. Exported by {user}, {unit}, at {at}. Do not copy "
                          "or send on."),
    "records.formula": ("ô chứa công thức; hãy nhập giá trị (Ward Desk không tính công thức)",
                        "the cell holds a formula; type the value instead (formulas are never evaluated)"),
})


@dataclass
class ImportResult:
    """Per sheet: rows added, left alone (identical) and updated; conflicts updated under ``update``."""

    file: str
    added: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    conflicts: list[Problem] = field(default_factory=list)
    # a preview (dry run) without ``update``: per sheet, the rows that differ from stored ones; the import itself
    # would refuse them (or update them, with ``update``), so the clerk sees them before choosing
    conflicting: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    # (sheet, record, old values, new values) of every row an ``update`` import changed: each is logged
    changes: list[tuple[str, str, dict, dict]] = field(default_factory=list)
    # soft checks (``services.soft_checks``) of the rows added and the consent warnings (RETURN-v2 §1): listed,
    # never refused
    warnings: list[Problem] = field(default_factory=list)
    # per sheet, the ids given to rows whose id cell was empty (``services.ids``)
    assigned: dict[str, list[str]] = field(default_factory=dict)

    def totals(self) -> dict[str, int]:
        return {"added": sum(self.added.values()), "unchanged": sum(self.unchanged.values()),
                "updated": sum(self.updated.values())}


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(slots=True)
class _Row:
    number: int  # 1-based sheet row
    values: dict[str, Any]
    key: tuple
    invalid: bool = False  # a cell broke a rule: its value is unknown, so it is no conflict with the stored row
    automatic: bool = False  # the id cell was empty: the import numbers the row (``services.ids``)


@dataclass
class _Sheet:
    kind: Kind
    name: str  # as spelt in the file
    letters: dict[str, str]  # column key -> column letter
    rows: list[_Row] = field(default_factory=list)
    version_1: dict[int, Any] = field(default_factory=dict)  # row -> its version 1 commitment_on / consent_on


class _Collector:
    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)


def _hint(name: str, choices) -> str:
    match = difflib.get_close_matches(name.lower(), list(choices), n=1, cutoff=0.6)
    return messages.text("records.did_you_mean", match=match[0]) if match else ""


def _read_workbook(path: Path, out: _Collector, cancel, stored_rows=None) -> dict[str, _Sheet]:
    workbook = open_workbook(path, kind="records")  # bounded in bytes, inflated size and sheet extent
    formulas = workbook.formulas
    for sheet_name, refs in formulas.items():
        # never evaluated, and the value Excel cached is not what the clerk sees as the record: refused, located
        for ref in refs:
            out.add(Problem("records.formula", {}, sheet=sheet_name, cell=ref))
    sheets: dict[str, _Sheet] = {}
    today = dt.date.today()
    names = list(workbook.sheet_names)
    # calamine parses a sheet without holding Python's lock: the next sheet is parsed (by one helper thread,
    # which alone touches the workbook) while this one is checked and its stored rows are read. One sheet ahead
    # only, so at most two sheets' cells are held at once.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="records-sheet") as reader:
        ahead = {0: reader.submit(workbook.rows, names[0])} if names else {}
        for n, name in enumerate(names):
            _check_cancel(cancel)
            if n + 1 < len(names):
                ahead[n + 1] = reader.submit(workbook.rows, names[n + 1])
            key = name.strip().lower()
            # the stored rows it is matched against, read while calamine still parses it
            stored = stored_rows(KINDS[key]) if stored_rows is not None and key in KINDS and key not in sheets \
                else None
            try:
                grid = ahead.pop(n).result()
            except Exception:
                raise WardDeskError("xlsx.not_xlsx", file=path.name) from None
            _read_one(name, grid, sheets, out, today, stored)
            del grid
    return sheets


def _read_one(name: str, grid: list[list[Any]], sheets: dict[str, _Sheet], out: _Collector, today: dt.date,
              stored: dict | None) -> None:
    """One sheet of the workbook read into ``sheets`` (an unknown or repeated sheet is a problem)."""
    key = name.strip().lower()
    if key not in rules.SCHEMA:
        if any(not _empty(v) for row in grid for v in row):
            out.add(Problem("records.unknown_sheet", {"name": name, "hint": _hint(key, rules.SHEETS)}, sheet=name))
        return
    if key in sheets:
        out.add(Problem("records.unknown_sheet", {"name": name, "hint": ""}, sheet=name))
        return
    sheet = _read_sheet(KINDS[key], name, grid, out, today, stored)
    if sheet is not None:
        sheets[key] = sheet


def _read_sheet(kind: Kind, name: str, grid: list[list[Any]], out: _Collector, today: dt.date,
                stored: dict | None = None) -> _Sheet | None:
    """The sheet's rows, each validated; with ``stored`` (``_stored``: the ward's rows of this kind), a row whose
    cells are exactly a live stored record's values is that record, left alone, without checking again what
    was checked when it was stored: re-importing an unchanged file is mostly this."""
    if not grid or all(_empty(v) for v in grid[0]):
        if any(not _empty(v) for row in grid for v in row):
            out.add(Problem("records.missing_column", {"column": ", ".join(kind.columns)}, sheet=name, cell="A1"))
        return None
    header = grid[0]
    positions: dict[str, int] = {}
    blank_headers: list[int] = []
    for i, raw in enumerate(header):
        if _empty(raw):
            blank_headers.append(i)
            continue
        col = str(raw).strip().lower()
        cell = f"{column_letter(i)}1"
        old_column = spec.VERSION_1_COLUMNS.get(kind.name)
        if old_column is not None and col == old_column.key and col not in positions:
            positions[col] = i  # a version 1 workbook: read, and turned into version 2 rows (``_version_1_rows``)
        elif col not in rules.FIELDS[kind.name]:
            out.add(Problem("records.unknown_column", {"column": str(raw), "sheet": kind.name,
                                                       "hint": _hint(col, kind.columns)}, sheet=name, cell=cell))
        elif col in positions:
            out.add(Problem("records.duplicate_column", {"column": col}, sheet=name, cell=cell))
        else:
            positions[col] = i
    missing = [f.key for f in rules.SCHEMA[kind.name] if f.required and f.key not in positions
               and not (f.key == "id" and ids.numbered(kind.name))]
    for col in missing:
        out.add(Problem("records.missing_column", {"column": col}, sheet=name,
                        cell=f"{column_letter(len(header))}1"))
    if missing:  # without the column every row would repeat the same complaint
        return None
    sheet = _Sheet(kind, name, {col: column_letter(i) for col, i in positions.items()})
    seen: dict[tuple, int] = {}
    fields = [(col, positions[col]) for col in kind.columns if col in positions]
    key_idx = [kind.columns.index(col) for col in kind.key]
    old_column = spec.VERSION_1_COLUMNS.get(kind.name)
    old_at = positions.get(old_column.key) if old_column is not None else None
    numbered = ids.numbered(kind.name)
    validate = rules.validate
    # A row as wide as the header (calamine's grid is a rectangle) is read with one C call per row: its cells of
    # the sheet's columns (``raw``) and, when the sheet has every column, all of them in the kind's order
    width = max((i for _col, i in fields), default=-1) + 1
    present = [col for col, _i in fields]
    take = _taker([i for _col, i in fields])
    every = len(fields) == len(kind.columns)  # fields are in the kind's column order
    single_key = len(kind.key) == 1 and kind.key[0]
    key_of = _taker_of(key_idx)
    append = sheet.rows.append
    Row = _Row
    for r, row in enumerate(grid[1:], start=2):
        if r == 2 and row and isinstance(row[0], str) and row[0].startswith("#"):
            continue  # the Vietnamese label row
        first = row[0] if row else None
        if (first is None or (isinstance(first, str) and not first.strip())) and _blank(row):
            continue
        for i in blank_headers:
            if i < len(row) and not _empty(row[i]):
                out.add(Problem("records.no_header", sheet=name, cell=f"{column_letter(i)}{r}"))
        if len(row) >= width:
            taken = take(row)
            raw = None  # made from ``taken`` when the row is checked
        else:
            taken = None
            raw = {col: (row[i] if i < len(row) else None) for col, i in fields}
        values, automatic, met = None, False, False
        if stored:
            if every and taken is not None:
                cells = tuple(None if v == "" else v for v in taken) if "" in taken else taken
            else:
                if raw is None:
                    raw = dict(zip(present, taken))
                cells = tuple(None if (v := raw.get(col)) == "" else v for col in kind.columns)
            key = key_of(cells)
            current = stored.get(key)
            # True == 1 in Python: a boolean cell is never taken for a stored number
            if current is not None and current[2] and current[1] == cells and bool not in map(type, cells):
                values, problems, met = dict(zip(kind.columns, current[1])), [], True  # ``key`` is its key
        if values is None:
            if raw is None:
                raw = dict(zip(present, taken))
            values, problems = validate(kind.name, raw, today=today)
            automatic = numbered and values.get("id") is None and not any(
                p.field == "id" and p.code != "field.required" for p in problems)
            if automatic:  # an empty id cell (or no id column): the import gives the next free id
                problems = [p for p in problems if p.field != "id"]
        if old_at is not None:
            old_value, old_problems = _version_1_value(old_column, row[old_at] if old_at < len(row) else None,
                                                       today)
            if old_problems:
                problems = problems + old_problems
            if old_value is not None:
                sheet.version_1[r] = old_value
        for p in problems:
            out.add(p.at(sheet=name, cell=f"{sheet.letters.get(p.field) or column_letter(len(header))}{r}"))
        if not met:  # a stored row met again has its key already
            key = (values.get(single_key),) if single_key else tuple(values.get(col) for col in kind.key)
        if None not in key:
            if key in seen:
                out.add(Problem("records.duplicate_in_file", {"value": record_label(kind, values),
                                                              "row": seen[key]},
                                sheet=name, cell=f"{sheet.letters[kind.key[-1 if len(kind.key) > 1 else 0]]}{r}"))
            else:
                seen[key] = r
        append(Row(r, values, key, bool(problems), automatic))
    return sheet


def _taker(positions: list[int]) -> Callable[[list], tuple]:
    """The cells at ``positions`` of a row, as a tuple (``operator.itemgetter`` gives a bare value for one)."""
    from operator import itemgetter

    if not positions:
        return lambda row: ()
    if len(positions) == 1:
        at = positions[0]
        return lambda row: (row[at],)
    return itemgetter(*positions)


def _blank(row: list) -> bool:
    """Every cell empty (nothing, or only spaces): ``all(_empty(v) for v in row)``, stopping at the first value."""
    for v in row:
        if v is not None and (not isinstance(v, str) or v.strip()):
            return False
    return True


def _version_1_value(column: spec.Column, raw: Any, today: dt.date) -> tuple[Any, list[Problem]]:
    """A version 1 ``commitment_on`` / ``consent_on`` cell: parsed and checked as a date column is."""
    if type(raw) is dt.date and (raw <= today or column.future):  # a date cell, not in the future: itself
        return raw, []
    try:
        value = rules.parse_field(column, raw)
    except rules.ParseError as exc:
        return None, [exc.problem.at(field=column.key)]
    problems = rules.check_fields((column,), {column.key: value}, today=today)
    return (None if problems else value), problems


# RETURN-v2 §1: a version 1 workbook's commitment_on / consent_on becomes a row of the version 2 sheet.
VERSION_1_MOVES = {"establishments": ("commitments", "-C1", lambda row, day: {
                       "id": None, "establishment_id": row["id"], "signed_on": day, "signatory": "OWNER",
                       "valid_until": None, "withdrawn_on": None}),
                   "clients": ("consents", "-S1", lambda row, day: {
                       "id": None, "client_code": row["client_code"], "purpose": "STORE", "given_on": day,
                       "withdrawn_on": None, "form": None})}


def _version_1_rows(sheets: dict[str, _Sheet]) -> None:
    """Each version 1 ``commitment_on`` (``consent_on``) read becomes a commitment ``<establishment id>-C1``
    signed that day by the OWNER (a STORE consent ``<client code>-S1`` given that day); a row of that id in the
    file's own version 2 sheet wins. Its problems are located at the version 1 cell."""
    from ward_desk.spec.records import ID_LENGTH

    for source, (target, suffix, make) in VERSION_1_MOVES.items():
        sheet = sheets.get(source)
        if sheet is None or not sheet.version_1:
            continue
        own_id = sheet.kind.key[0]
        letter = sheet.letters[spec.VERSION_1_COLUMNS[source].key]
        into = sheets.get(target)
        if into is None:
            kind = KINDS[target]
            into = sheets[target] = _Sheet(kind, sheet.name, {col: letter for col in kind.columns})
        present = {row.key for row in into.rows}
        for row in sheet.rows:
            day = sheet.version_1.get(row.number)
            if day is None or row.values.get(own_id) is None:
                continue
            values = make(row.values, day)
            values["id"] = str(row.values[own_id])[:ID_LENGTH - len(suffix)] + suffix
            key = (values["id"],)
            if key not in present:
                present.add(key)
                into.rows.append(_Row(row.number, values, key, invalid=row.invalid))


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise ImportCancelled()


def _ref_map(kind: Kind) -> dict[Any, tuple[int, bool]]:
    """Workbook id -> (internal id, live) for every stored row of a referenced kind."""
    model = kind.model
    query = model.select(model.id, kind.ref_field, model.deleted_at)
    # one plain cursor: ids and codes as stored, the deletion only tested for NULL
    return {ref: (pk, deleted is None) for pk, ref, deleted in model._meta.database.execute(query).fetchall()}


def _stored(kind: Kind, id_to_ref: dict | None = None) -> dict[tuple, tuple[int, tuple, bool]]:
    """key -> (internal id, values in column order, live) for every stored row of ``kind``.

    Read with one plain cursor (not peewee's per-field conversion), references as the referenced row's workbook
    id by a join in SQL: re-importing an unchanged file is mostly this comparison, and it must cost less than the
    first import's inserts. (``id_to_ref`` is no longer needed; kept for callers.)
    """
    model = kind.model
    db = database.obj
    q = db.quote

    def quote(name: str) -> str:
        return f"{q[0]}{name}{q[-1]}"

    selected, joins = [], []
    for col in kind.columns:
        column = quote(getattr(model, kind.attr(col)).column_name)
        if col in kind.refs:  # the referenced row's id, whether it is live or in the recycle bin
            target = KINDS[kind.refs[col]]
            alias = f"r{len(joins)}"
            joins.append(f" LEFT JOIN {quote(target.model._meta.table_name)} {alias} ON {alias}.id = t.{column}")
            selected.append(f"{alias}.{quote(target.ref_field.column_name)}")
        else:
            selected.append(f"t.{column}")
    sql = (f"SELECT t.id, t.deleted_at, {', '.join(selected)} FROM {quote(model._meta.table_name)} t"
           + "".join(joins))
    date_cols = [i + 2 for i, f in enumerate(rules.SCHEMA[kind.name]) if f.type == "date"]
    key_idx = [kind.columns.index(col) + 2 for col in kind.key]
    key_of = _taker_of(key_idx)
    from_iso = dt.date.fromisoformat
    days: dict[Any, dt.date] = {}  # a ward's records fall on a few hundred days: each text parsed once

    def day(v):
        if isinstance(v, str):
            parsed = days.get(v)
            if parsed is None:
                parsed = days[v] = from_iso(v[:10])
            return parsed
        return v.date() if isinstance(v, dt.datetime) else v

    out = {}
    get_day = days.get
    for row in db.execute_sql(sql).fetchall():
        if date_cols:
            row = list(row)
            for i in date_cols:
                v = row[i]
                if v is not None:
                    row[i] = get_day(v) or day(v)
        out[key_of(row)] = (row[0], tuple(row[2:]), row[1] is None)
    return out


_AS_IS = frozenset((str, int, float, type(None)))  # values a driver takes as they are (``_sql_value`` leaves them)


def _taker_of(keys) -> Callable[[dict], tuple]:
    """The values of ``keys`` of a row's values, in that order (a KeyError for a missing one, as ``[key]``)."""
    from operator import itemgetter

    keys = tuple(keys)
    if len(keys) == 1:
        key = keys[0]
        return lambda values: (values[key],)
    return itemgetter(*keys)


def _sql_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def import_records(path: str | Path, *, update: bool = False, dry_run: bool = False,
                   progress: Callable[[int, int], None] | None = None,
                   cancel: threading.Event | None = None) -> ImportResult:
    """Import a RECORDS-1 workbook, all or nothing. Raises ``ValidationFailed`` listing every problem."""
    # The stored rows the file is matched against are read in the transaction that writes: another clerk's
    # import on a shared (PostgreSQL) database cannot slip in between and make "new" rows duplicates.
    with _import_cache(database.obj), operation("records.import"):
        return _import_records(path, update=update, dry_run=dry_run, progress=progress, cancel=cancel)


def _import_records(path, *, update, dry_run, progress, cancel) -> ImportResult:
    path = Path(path)
    out = _Collector()
    # What the file's rows can point at: stored live rows and the parents in the file itself.
    ref_maps = {name: _ref_map(KINDS[name]) for name in PARENTS}
    id_to_ref = {name: {pk: ref for ref, (pk, _live) in m.items()} for name, m in ref_maps.items()}
    stored_rows: dict[str, dict] = {}  # kind -> _stored(kind), read once: by the reading and by the matching

    def stored_of(kind: Kind) -> dict:
        if kind.name not in stored_rows:
            stored_rows[kind.name] = _stored(kind, id_to_ref)
        return stored_rows[kind.name]

    sheets = _read_workbook(Path(path), out, cancel, stored_of)
    _version_1_rows(sheets)
    if not sheets and not out.problems:
        out.add(Problem("records.no_sheets", {"expected": ", ".join(rules.SHEETS)}, file=path.name))
    result = ImportResult(file=path.name, dry_run=dry_run)

    in_file = {name: {row.key[0] for row in sheets[name].rows} if name in sheets else set() for name in ref_maps}
    plans: dict[str, tuple[list[_Row], list[tuple[int, _Row]]]] = {}
    stored_consents = None  # the ward's consents as ``_stored`` read them, when the file has consents
    from ward_desk.services import closing

    closed = closing.Checker()  # exported periods: rows dated in them are refused (services.closing)

    def refuse_if_closed(sheet, row, values) -> None:
        hit = closed.first_closed(sheet.kind.name, values)
        if hit is not None:
            column, day, period = hit
            out.add(Problem("closing.closed", {"what": record_label(sheet.kind, row.values),
                                               "date": rules.date_text(day),
                                               "period": period.period, "no": period.submission_no},
                            field=column, sheet=sheet.name, cell=f"{sheet.letters.get(column, 'A')}{row.number}"))

    for name in ORDER:
        sheet = sheets.get(name)
        if sheet is None:
            continue
        _check_cancel(cancel)
        kind = sheet.kind
        refs = list(kind.refs.items())
        for row in sheet.rows:
            for col, target in refs:
                value = row.values.get(col)
                if value is None or value in in_file[target]:
                    continue
                stored = ref_maps[target].get(value)
                if stored is None or not stored[1]:
                    # ids are stored upper-case and read upper-case: a code typed in other case has matched
                    out.add(Problem("records.unknown_reference", {"target": kind_words(target), "value": value},
                                    sheet=sheet.name, cell=f"{sheet.letters[col]}{row.number}"))
        stored = stored_rows.pop(name, None)
        if stored is None:
            stored = _stored(kind, id_to_ref)
        if name == "consents":  # the consent warnings read them too
            stored_consents = stored
        new_rows, changed = [], []
        unchanged = 0
        mine_of = _taker_of(kind.columns)
        for row in sheet.rows:
            current = stored.get(row.key)
            if current is None:
                refuse_if_closed(sheet, row, row.values)
                new_rows.append(row)
                continue
            pk, values, live = current
            if live and mine_of(row.values) == values:  # nearly every row of a file imported before
                unchanged += 1
                continue
            cell = f"{sheet.letters[kind.key[0]]}{row.number}"
            if not live:
                out.add(Problem("records.duplicate_id_deleted", {"value": record_label(kind, row.values),
                                                                 "sheet": kind.name}, sheet=sheet.name, cell=cell))
                continue
            mine = mine_of(row.values)  # differs from the stored values
            if row.invalid:  # already refused cell by cell; "condoms: 3 -> ∅" would only repeat it, wrongly
                continue
            detail = "; ".join(f"{col}: {_show(old)} -> {_show(new)}" for col, old, new in
                               zip(kind.columns, values, mine) if old != new)
            conflict = Problem("records.conflict", {"sheet": kind.name, "ref": record_label(kind, row.values),
                                                    "detail": detail}, sheet=sheet.name, cell=cell)
            if update:
                refuse_if_closed(sheet, row, dict(zip(kind.columns, values)))  # the stored dates
                refuse_if_closed(sheet, row, row.values)  # and the new ones
                result.conflicts.append(conflict)
                changed.append((pk, row))
                result.changes.append((kind.name, record_label(kind, row.values),
                                       {c: o for c, o, n in zip(kind.columns, values, mine) if o != n},
                                       {c: n for c, o, n in zip(kind.columns, values, mine) if o != n}))
            elif dry_run:  # worded for the preview, where "update" is a tick box, not --update
                result.conflicts.append(Problem("records.differs", conflict.params, sheet=sheet.name, cell=cell))
                result.conflicting[name] = result.conflicting.get(name, 0) + 1
            else:
                out.add(conflict)
        plans[name] = (new_rows, changed)
        result.added[name] = len(new_rows)
        result.unchanged[name] = unchanged
        result.updated[name] = len(changed)

    if out.problems:
        _fail(path.name, out.problems)
    for name, (new_rows, _changed) in plans.items():
        _check_cancel(cancel)
        result.warnings += _soft_warnings(sheets[name], new_rows)
    result.warnings += _consent_warnings(sheets, _given(stored_consents, ref_maps.get("clients"))
                                         if stored_consents is not None else None)
    if dry_run:
        return result
    for name, (new_rows, _changed) in plans.items():
        automatic = [row for row in new_rows if row.automatic]
        if automatic:
            taken = {row.values["id"] for row in sheets[name].rows if not row.automatic and row.values.get("id")}
            assigned = ids.allocate(name, len(automatic), taken=taken)
            for row, ref in zip(automatic, assigned):
                row.values["id"] = ref
                row.key = (ref,)
            result.assigned[name] = assigned
    _version_1_rows_of_new_ids(sheets, plans, result)
    _write(plans, result, progress, cancel)
    return result


def _version_1_rows_of_new_ids(sheets: dict[str, _Sheet], plans: dict, result: ImportResult) -> None:
    """A version 1 establishment with an empty id cell and a ``commitment_on`` gets its commitment once the import
    has given it its id (``<new id>-C1``); a row with an id got it with the file's own rows (``_version_1_rows``)."""
    from ward_desk.spec.records import ID_LENGTH

    for source, (target, suffix, make) in VERSION_1_MOVES.items():
        sheet = sheets.get(source)
        if sheet is None or source not in plans or not sheet.version_1:
            continue
        rows = []
        for row in plans[source][0]:
            day = sheet.version_1.get(row.number)
            if row.automatic and day is not None:
                values = make(row.values, day)
                values["id"] = str(row.values["id"])[:ID_LENGTH - len(suffix)] + suffix
                rows.append(_Row(row.number, values, (values["id"],)))
        if rows:
            new_rows, changed = plans.get(target, ([], []))
            plans[target] = (new_rows + rows, changed)
            result.added[target] = result.added.get(target, 0) + len(rows)
            result.unchanged.setdefault(target, 0)
            result.updated.setdefault(target, 0)


SOFT_CHECKED_ROWS = 2000  # per sheet: beyond this (a year's register moved in) only the counts are checked


def _soft_warnings(sheet: _Sheet, rows: list[_Row]) -> list[Problem]:
    """Soft checks of the rows an import adds, located by cell; the checks that read the database (the same
    slip twice, a date before registration) run on the first ``SOFT_CHECKED_ROWS`` rows of a sheet (read for
    all of them at once: ``soft_checks.check_rows``), the counts of every row."""
    found: list[Problem] = []
    name, letters = sheet.name, sheet.letters
    checked = soft_checks.check_rows(sheet.kind.name, [row.values for row in rows[:SOFT_CHECKED_ROWS]])
    large = [column for column in soft_checks.LARGE if column in sheet.kind.columns]
    for i, row in enumerate(rows):
        warnings = checked[i] if i < SOFT_CHECKED_ROWS else (
            soft_checks.large_warnings(row.values, large) if large else ())
        found += [w.at(sheet=name, cell=f"{letters.get(w.field, 'A')}{row.number}") for w in warnings]
    return found


def _given(stored: dict, clients: dict | None) -> dict[str, list]:
    """``consents.stored_consents()`` (client code -> live consents of live clients) from the consents the
    import read already (``_stored``) and the clients' liveness (``_ref_map``): no second read of the table."""
    from ward_desk.services import consents

    kind = KINDS["consents"]
    at = {col: i for i, col in enumerate(kind.columns)}
    ref, code, purpose, given_on, withdrawn_on = (at["id"], at["client_code"], at["purpose"], at["given_on"],
                                                  at["withdrawn_on"])
    out: dict[str, list] = {}
    for _pk, values, live in stored.values():
        client = (clients or {}).get(values[code])
        if live and client is not None and client[1]:
            out.setdefault(values[code], []).append(consents.Given(values[purpose], values[given_on],
                                                                   values[withdrawn_on], values[ref]))
    return out


def _consent_warnings(sheets: dict[str, _Sheet], given: dict | None = None) -> list[Problem]:
    """The consent warnings of the file's referrals, peer memberships and STORE consents, read against the
    stored consents (``given``: as ``consents.stored_consents`` gives them, when the import has them) and the
    file's own (a consent in the file counts, as it will be stored)."""
    from ward_desk.services import consents

    if not any(name in sheets for name in ("referrals", "peer_members", "consents")):
        return []
    if given is None:
        given = consents.stored_consents()
    if "consents" in sheets:
        rows = [row.values for row in sheets["consents"].rows]
        refs = {values["id"] for values in rows}
        given = {code: [g for g in listed if g.ref not in refs] for code, listed in given.items()}
        for values in rows:
            given.setdefault(values["client_code"], []).append(consents.Given(
                values["purpose"], values["given_on"], values["withdrawn_on"], values["id"]))
    out: list[Problem] = []
    seen: set[str] = set()
    for name in ("referrals", "peer_members", "consents"):
        sheet = sheets.get(name)
        if sheet is None:
            continue
        for row in sheet.rows:
            for problem in consents.warnings_for(name, row.values, given):
                if problem.code == "consent.store_withdrawn":
                    if problem.params["client"] in seen:
                        continue
                    seen.add(problem.params["client"])
                out.append(problem.at(sheet=sheet.name, cell=f"{sheet.letters.get(problem.field, 'A')}{row.number}"))
    return out


def _show(value: Any) -> str:
    return "∅" if value is None else (value.isoformat() if isinstance(value, dt.date) else str(value))


def _fail(file: str, problems: list[Problem]) -> None:
    listed = problems[:MAX_LISTED]
    if len(problems) > MAX_LISTED:
        listed.append(Problem("records.more_problems", {"count": len(problems) - MAX_LISTED}))
    raise ValidationFailed(listed, "records.import_failed", file=file, total=len(problems))


def _write(plans, result: ImportResult, progress, cancel) -> None:
    db = database.obj
    param = db.param
    q = db.quote  # the opening and closing identifier quote, e.g. '""'

    def quote(name: str) -> str:
        return f"{q[0]}{name}{q[-1]}"

    total = sum(len(new) + len(changed) for new, changed in plans.values()) or 1
    done = 0
    with db.atomic():
        writing = any(new or changed for new, changed in plans.values())  # a re-import of the same file: nothing
        ref_ids = {name: {ref: pk for ref, (pk, _l) in _ref_map(KINDS[name]).items()}
                   for name in PARENTS} if writing else {}
        for name in ORDER:
            if name not in plans or not (plans[name][0] or plans[name][1]):
                continue
            kind = KINDS[name]
            new_rows, changed = plans[name]
            model = kind.model
            columns = [getattr(model, kind.attr(col)).column_name for col in kind.columns]
            refs = [(i, ref_ids[kind.refs[col]]) for i, col in enumerate(kind.columns) if col in kind.refs]
            now = _sql_value(utcnow())

            take = _taker_of(kind.columns)
            date = dt.date

            def label(row: _Row) -> str:  # ``record_label``: a one-column key of text is that text
                key = row.key
                return key[0] if len(key) == 1 and type(key[0]) is str else record_label(kind, row.values)

            def row_tuple(row: _Row) -> list[Any]:
                values = [v if type(v) in _AS_IS else v.isoformat() if type(v) is date else _sql_value(v)
                          for v in take(row.values)]
                for i, mapping in refs:
                    named = row.values[kind.columns[i]]
                    values[i] = None if named is None else mapping[named]  # an optional reference left empty
                return values

            quoted = ", ".join(quote(c) for c in columns + ["created_at", "updated_at"])
            insert = (f"INSERT INTO {quote(model._meta.table_name)} ({quoted}) VALUES "
                      f"({', '.join([param] * (len(columns) + 2))})")
            for start in range(0, len(new_rows), BATCH):
                _check_cancel(cancel)
                batch = [row_tuple(row) + [now, now] for row in new_rows[start:start + BATCH]]
                db.cursor().executemany(insert, batch)
                # each record the import creates is in the trail with its values, as a form's save would log it
                audit.log_many("create", table=name, detail=f"import {result.file}",
                               records=[(label(row), row.values) for row in new_rows[start:start + BATCH]])
                done += len(batch)
                if progress:
                    progress(done, total)
            sets = ", ".join(f"{quote(c)} = {param}" for c in columns + ["updated_at"])
            update_sql = f"UPDATE {quote(model._meta.table_name)} SET {sets} WHERE id = {param}"
            for start in range(0, len(changed), BATCH):
                _check_cancel(cancel)
                batch = [row_tuple(row) + [now, pk] for pk, row in changed[start:start + BATCH]]
                db.cursor().executemany(update_sql, batch)
                done += len(batch)
                if progress:
                    progress(done, total)
            if name in ref_ids and new_rows:
                ref_ids[name] = {ref: pk for ref, (pk, _l) in _ref_map(kind).items()}
        audit.log("import", table="records", ref=result.file, detail=json.dumps(
            {"file": result.file, "added": result.added, "unchanged": result.unchanged,
             "updated": result.updated}, ensure_ascii=False, sort_keys=True))
        for sheet, label, old, new in result.changes:  # what the import changed, value by value
            audit.log("update", table=sheet, ref=label, old=old, new=new, detail=f"import {result.file}")
    if progress:
        progress(total, total)


IMPORT_CACHE_KIB = 256 * 1024  # SQLite's page cache while a big import writes (the ward's usual is 64 MB)


@contextlib.contextmanager
def _import_cache(db):
    """A bigger SQLite page cache while an import runs, up to its commit: with the usual 64 MB, an import of
    100,000 records (and their audit entries) spills pages to the WAL before its commit and reads them back for
    its indexes (0.3-0.5 s more). Only memory, used as the pages are (a small file uses no more): the one
    transaction, its commit and its durability are the same. Back to the usual size afterwards, even on
    failure."""
    if db.param != "?":  # PostgreSQL has its own cache
        yield
        return
    before = db.execute_sql("PRAGMA cache_size").fetchone()[0]
    db.execute_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA cache_size = {int(before)}")


def _live_rows(kind) -> list[tuple]:
    """Live rows of ``kind`` in column order, references as the referenced row's workbook id."""
    model = kind.model
    fields = [getattr(model, kind.attr(col)) for col in kind.columns]
    maps = {}
    for i, col in enumerate(kind.columns):
        if col in kind.refs:
            target = KINDS[kind.refs[col]]
            maps[i] = dict(target.model.select(target.model.id, target.ref_field).tuples().iterator())
    out = []
    for row in model.select(*fields).where(model.deleted_at.is_null()).order_by(model.id).tuples().iterator():
        if maps:
            row = list(row)
            for i, mapping in maps.items():
                row[i] = None if row[i] is None else mapping[row[i]]
            row = tuple(row)
        out.append(row)
    return out


def export_records(path, progress=None, cancel=None) -> dict[str, int]:
    """Every live record as a RECORDS-1 workbook (``ward_desk.export.records_workbook``).

    A line list of every client: it needs ``records.export`` (supervisor) and is logged (BRIEF §10)."""
    from ward_desk.export.records_workbook import export_records as write

    from ward_desk.services import settings

    with operation("records.export", transaction=False) as op:  # a file is written: logged once it is there
        watermark = messages.text("records.watermark", user=op.user.username, unit=settings.get("unit_code") or "",
                                  at=dt.datetime.now().strftime("%d/%m/%Y %H:%M"))
        # GBV cases only in a supervisor's (or admin's) export: never in a clerk's line list (RETURN-v2 §1)
        data = {name: _live_rows(kind) for name, kind in KINDS.items()
                if name != "gbv_cases" or session.can("gbv.read")}
        counts = write(path, data, progress=progress, cancel=cancel, watermark=watermark)
        op.log("export", table="records", ref=Path(path).name, new={"file": Path(path).name, "rows": counts})
    return counts


def insert_records(rows: dict[str, list[dict[str, Any]]], *, source: str) -> ImportResult:
    """Bulk-add records already checked by the caller (``demo``), in one transaction with one audit entry.

    References must name rows that are stored or in ``rows`` itself; ids must be new.
    """
    plans = {}
    result = ImportResult(file=source)
    for name in ORDER:
        kind = KINDS[name]
        batch = [_Row(0, values, tuple(values[col] for col in kind.key)) for values in rows.get(name, ())]
        plans[name] = (batch, [])
        result.added[name] = len(batch)
        result.unchanged[name] = result.updated[name] = 0
    _write(plans, result, None, None)
    return result
