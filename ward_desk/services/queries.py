"""Service layer: paged list queries behind every record list (count + one page, sorted and filtered in SQL).

The desktop lists never load a table: they ask ``count(kind, filters)`` once and ``page(kind, offset, limit,
...)`` for the rows on screen, so 100,000 contacts open as fast as 10. Search ignores diacritics and case: on
SQLite a ``wd_fold`` function (``textutil.fold``) is registered on the connection and applied to text columns;
code columns are ASCII and use SQLite's case-insensitive LIKE, which keeps the common search (a client code)
cheap. Filters: a date range on the record's main date, a status where the record has one, the recycle bin
(``deleted=True``) and one client's records (``client_id``). No Qt here.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from peewee import JOIN, SQL, Case, Expression, NodeList, SqliteDatabase, fn

from ward_desk.models import database
from ward_desk.models.records import MODEL_BY_KIND, Client, Commitment, Establishment, Loan, PeerGroup
from ward_desk.services import accounts
from ward_desk.spec import records as standard
from ward_desk.spec.codes import CODE_LISTS
from ward_desk.textutil import fold


@dataclass(frozen=True)
class ListSpec:
    """How one record kind is listed: its columns (key, peewee expression), searchable and filter columns."""

    model: type
    columns: tuple[tuple[str, object], ...]
    code_search: tuple[object, ...] = ()   # ASCII codes: LIKE, case-insensitive
    text_search: tuple[object, ...] = ()   # free text: folded (no diacritics, lower case)
    date: object | None = None
    status: object | None = None           # a column, or an expression (loans: their stage)
    statuses: tuple[str, ...] = ()
    joins: tuple[type, ...] = ()
    client: object | None = None           # the column holding the client id (client's page)
    establishment: object | None = None    # the column holding the establishment id (establishment's page)
    default_sort: str = ""
    extra: dict = field(default_factory=dict)


LOAN_STAGE = Case(None, (
    (Loan.closed_on.is_null(False), "CLOSED"),
    (Loan.rejected_on.is_null(False), "REJECTED"),
    (Loan.disbursed_on.is_null(False), "DISBURSED"),
    (Loan.approved_on.is_null(False), "APPROVED"),
), "REFERRED")
LOAN_STAGES = CODE_LISTS["loan_stage"].codes
ESTABLISHMENT_STATUS = Case(None, ((Establishment.delisted_on.is_null(False), "DELISTED"),), "LISTED")
PEER_GROUP_STATUS = Case(None, ((PeerGroup.dissolved_on.is_null(False), "DISSOLVED"),), "ACTIVE")
# today's date in SQL (SQLite and PostgreSQL alike), so a list open past midnight still tells the truth
COMMITMENT_STATE = Case(None, ((Commitment.withdrawn_on.is_null(False), "WITHDRAWN"),
                               (Commitment.valid_until < SQL("CURRENT_DATE"), "EXPIRED")), "IN_FORCE")

# States a list derives from a record's dates: the expression, and the column showing it (after which column).
STATES = {"loan_stage": (LOAN_STAGE, ("stage", "referred_on")), "establishment_state": (ESTABLISHMENT_STATUS, None),
          "group_state": (PEER_GROUP_STATUS, None),
          "commitment_state": (COMMITMENT_STATE, ("state", "withdrawn_on"))}
# Columns a list shows beside a reference: the referenced row's name (list key -> the name's model field).
NAMES = {"establishment": Establishment.name, "group": PeerGroup.name}


def _reference(model, column: standard.Column):
    """The referenced model, the field holding the referenced row's id, and the key of its name column."""
    target = MODEL_BY_KIND[column.ref]
    fk = next(f for f in model._meta.sorted_fields if getattr(f, "rel_model", None) is target)
    return target, target.client_code if target is Client else target.ref, fk.name


def _list_spec(kind: standard.Kind) -> ListSpec:
    """How a declared kind is listed: its columns, a referenced row's id and name, its state and its searches."""
    model = MODEL_BY_KIND[kind.name]
    columns, codes, texts, joins = [], [], [], []
    client = model.id if model is Client else None
    establishment = model.id if model is Establishment else None
    state, shown = STATES.get(kind.status, (None, None))
    for column in kind.columns:
        if column.ref:
            target, expr, attr = _reference(model, column)
            joins.append(target)
            client = getattr(model, attr) if target is Client else client
            establishment = getattr(model, attr) if target is Establishment else establishment
            columns.append((column.key, expr))
            if attr in NAMES:
                columns.append((attr, NAMES[attr]))
                texts.append(NAMES[attr])
        else:
            expr = model.ref if column.key == "id" else getattr(model, column.key)
            columns.append((column.key, expr))
        if column.searched:
            (texts if column.type in standard.TEXT_TYPES else codes).append(expr)
        if shown and column.key == shown[1]:
            columns.append((shown[0], state))
    status = state if state is not None else (getattr(model, kind.status) if kind.status else None)
    statuses = CODE_LISTS[kind.status if state is not None else kind.column(kind.status).codes].codes \
        if kind.status else ()
    date = getattr(model, next(c.key for c in kind.columns if c.type == "date"))
    return ListSpec(model, tuple(columns), tuple(codes), tuple(texts), date, status, statuses, tuple(joins), client,
                    establishment, kind.list_sort)


LISTS: dict[str, ListSpec] = {name: _list_spec(kind) for name, kind in standard.KINDS.items()}
KINDS = tuple(LISTS)


@dataclass(frozen=True)
class Filters:
    search: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: str | None = None
    deleted: bool = False
    client_id: int | None = None
    establishment_id: int | None = None


@functools.lru_cache(maxsize=65536)
def _fold_cached(value: str) -> str:
    return fold(value)


def _fold_sql(value):
    # free-text columns repeat a lot (staff names, providers): the cache makes a scan ~10x cheaper
    return _fold_cached(value) if isinstance(value, str) else value


def _folding_available() -> bool:
    """Register ``wd_fold`` on a SQLite connection (idempotent); other engines search case-insensitively only."""
    db = database.obj
    register = getattr(db, "register_function", None)
    if register is None:
        return False
    if "wd_fold" not in getattr(db, "_functions", {}):
        register(_fold_sql, "wd_fold", 1)
    return True


# A free-text column with at most this many distinct values is searched by folding each distinct value once in
# Python and matching ``IN (...)`` in SQL, instead of calling ``wd_fold`` on every row (staff names, providers,
# establishment names repeat a lot: 81,704 contacts have 9 staff names). More distinct values than that, or more
# matches than fit in one statement, fall back to ``wd_fold`` per row.
DISTINCT_LIMIT = 20_000
MATCH_LIMIT = 2_000
_distinct_cache: dict[tuple[str, str], tuple[tuple, list[tuple[str, str]] | None]] = {}


def _database_state() -> tuple:
    """Differs after any commit, by this connection (total_changes) or another process (data_version)."""
    db = database.obj
    connection = db.connection()
    return (id(connection), connection.total_changes, db.execute_sql("PRAGMA data_version").fetchone()[0])


def _distinct_folded(col) -> list[tuple[str, str]] | None:
    """(value, folded value) for every distinct non-null value of ``col``, or None when there are too many."""
    if not isinstance(database.obj, SqliteDatabase):
        return None  # an office's PostgreSQL folds each row with its SQL wd_fold (no cheap "changed" marker there)
    key = (col.model._meta.table_name, col.column_name)
    state = _database_state()
    cached = _distinct_cache.get(key)
    if cached is not None and cached[0] == state:
        return cached[1]
    values = [v for (v,) in col.model.select(col).where(col.is_null(False)).distinct()
              .limit(DISTINCT_LIMIT + 1).tuples()]
    folded = None if len(values) > DISTINCT_LIMIT else [(v, _fold_cached(v)) for v in values if isinstance(v, str)]
    _distinct_cache[key] = (state, folded)
    return folded


def _text_match(col, folded_word: str):
    """The condition "the folded text of ``col`` contains ``folded_word``"; None when no row can match."""
    distinct = _distinct_folded(col)
    if distinct is not None:
        matches = [value for value, folded in distinct if folded_word in folded]
        if not matches:
            return None
        if len(matches) <= MATCH_LIMIT:
            return col.in_(matches)
    return fn.wd_fold(col).contains(folded_word)


def _base(spec: ListSpec, filters: Filters, *columns, joined: bool = True):
    """The list's query. ``joined=False`` leaves out the joined tables when nothing filters on them (a count
    without search): a join follows a required foreign key, or is an outer join, so it never drops a row."""
    query = spec.model.select(*columns)
    words = (filters.search or "").split()
    if joined or words:
        for other in spec.joins:
            fk = next(f for f in spec.model._meta.sorted_fields if getattr(f, "rel_model", None) is other)
            # an optional reference (a hotline call's client) keeps the rows that name none
            query = query.switch(spec.model).join(other, JOIN.LEFT_OUTER if fk.null else JOIN.INNER)
    live = spec.model.deleted_at.is_null(not filters.deleted)
    if words and not filters.deleted:
        # A search reads every row anyway: written so, the live-rows index (made for paging in list order) is not
        # used for it, and SQLite scans the table (~30 ms for 80,000 contacts) instead of looking every row up
        # from the index in date order (~150 ms).
        live = live == True  # noqa: E712 (an SQL expression, not a Python comparison)
    where: list[Expression] = [live]
    if words:
        folding = _folding_available()
        for word in words:
            folded = fold(word)
            alternatives = [col ** f"%{word}%" for col in spec.code_search]
            for col in spec.text_search:
                if not folding:  # PostgreSQL: case-insensitive only
                    alternatives.append(col ** f"%{word}%")
                elif (match := _text_match(col, folded)) is not None:
                    alternatives.append(match)
            if alternatives:
                clause = alternatives[0]
                for alt in alternatives[1:]:
                    clause = clause | alt
                where.append(clause)
            else:
                where.append(SQL("1 = 0"))  # a word no searched column can contain: nothing matches
    if spec.date is not None and filters.date_from:
        where.append(spec.date >= filters.date_from)
    if spec.date is not None and filters.date_to:
        where.append(spec.date <= filters.date_to)
    if spec.status is not None and filters.status:
        where.append(spec.status == filters.status)
    if filters.client_id is not None and spec.client is not None:
        where.append(spec.client == filters.client_id)
    if filters.establishment_id is not None and spec.establishment is not None:
        where.append(spec.establishment == filters.establishment_id)
    return query.where(*where)


def spec(kind: str) -> ListSpec:
    return LISTS[kind]


def column_keys(kind: str) -> list[str]:
    return [key for key, _ in LISTS[kind].columns]


RESTRICTED = ("gbv_cases",)  # RETURN-v2 §1: listed by supervisors and admins only, every list view audited


def count(kind: str, filters: Filters | None = None) -> int:
    accounts.require("records.read")  # lists are any signed-in user's, nobody else's
    if kind in RESTRICTED:
        accounts.require("gbv.read")
    s = LISTS[kind]
    return _base(s, filters or Filters(), s.model.id, joined=False).count()


def page(kind: str, offset: int, limit: int, filters: Filters | None = None, sort: str | None = None,
         descending: bool = False) -> list[tuple]:
    """Rows ``(id, *column values)`` of one page; ties broken by id so paging is stable."""
    accounts.require("records.read")
    if kind in RESTRICTED:
        accounts.require("gbv.read")
    s = LISTS[kind]
    exprs = dict(s.columns)
    sort_key = sort if sort in exprs else (s.default_sort or s.columns[0][0])
    order = exprs[sort_key]
    if (filters and (filters.search or "").split()) and isinstance(database.obj, SqliteDatabase):
        # SQLite, searching: sort the few matching rows rather than walk an index in list order looking every
        # row up (unary + keeps the value and rules out an index)
        order = NodeList((SQL("+"), order), glue="")
    query = _base(s, filters or Filters(), s.model.id, *(expr.alias(f"c{i}") if hasattr(expr, "alias") else expr
                                                         for i, (_, expr) in enumerate(s.columns)))
    query = query.order_by(order.desc() if descending else order.asc(),
                           s.model.id.desc() if descending else s.model.id.asc())
    rows = list(query.offset(offset).limit(limit).tuples())
    if kind in RESTRICTED and rows:  # which cases were on the screen, and whose screen
        from ward_desk.services import audit

        with database.atomic():
            audit.log("view", table=kind, ref=f"{rows[0][1]}..{rows[-1][1]}",
                      detail=f"list: {len(rows)} case(s): " + ", ".join(str(r[1]) for r in rows))
    return rows


def row_index(kind: str, record_id: int, filters: Filters | None = None, sort: str | None = None,
              descending: bool = False) -> int | None:
    """Position of a record in the sorted list (to select a row just saved), None when it is filtered out."""
    total = count(kind, filters)
    step = 5000
    for offset in range(0, total, step):
        for i, row in enumerate(page(kind, offset, step, filters, sort, descending)):
            if row[0] == record_id:
                return offset + i
    return None


def code_list(kind: str, key: str) -> str | None:
    """The code list naming the values of a list column (``stage``: ``loan_stage``); None when not codes."""
    declared = standard.KINDS[kind]
    if key in declared.keys:
        return declared.column(key).codes
    return next((name for name, (_expr, shown) in STATES.items() if shown and shown[0] == key), None)
