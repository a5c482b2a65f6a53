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

from peewee import SQL, Case, Expression, NodeList, SqliteDatabase, fn

from ward_desk.models import database
from ward_desk.models.records import (Client, Contact, Establishment, EstablishmentActivity, GroupSession, Loan,
                                      PeerGroup, PeerMeeting, PeerMember, Referral)
from ward_desk.services import accounts
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
    default_sort: str = ""
    extra: dict = field(default_factory=dict)


LOAN_STAGE = Case(None, (
    (Loan.closed_on.is_null(False), "CLOSED"),
    (Loan.rejected_on.is_null(False), "REJECTED"),
    (Loan.disbursed_on.is_null(False), "DISBURSED"),
    (Loan.approved_on.is_null(False), "APPROVED"),
), "REFERRED")
LOAN_STAGES = ("REFERRED", "APPROVED", "DISBURSED", "REJECTED", "CLOSED")
ESTABLISHMENT_STATUS = Case(None, ((Establishment.delisted_on.is_null(False), "DELISTED"),), "LISTED")
PEER_GROUP_STATUS = Case(None, ((PeerGroup.dissolved_on.is_null(False), "DISSOLVED"),), "ACTIVE")

LISTS: dict[str, ListSpec] = {
    "clients": ListSpec(
        Client,
        (("client_code", Client.client_code), ("sex", Client.sex), ("birth_year", Client.birth_year),
         ("group", Client.group), ("migrant", Client.migrant), ("registered_on", Client.registered_on),
         ("consent_on", Client.consent_on)),
        code_search=(Client.client_code,), date=Client.registered_on, status=Client.group,
        statuses=("SW", "RISK", "EST_WORKER"), client=Client.id, default_sort="client_code"),
    "contacts": ListSpec(
        Contact,
        (("id", Contact.ref), ("client_code", Client.client_code), ("date", Contact.date),
         ("channel", Contact.channel), ("condoms", Contact.condoms), ("lubricants", Contact.lubricants),
         ("materials", Contact.materials), ("staff", Contact.staff)),
        code_search=(Contact.ref, Client.client_code), text_search=(Contact.staff,), date=Contact.date,
        status=Contact.channel, statuses=("DIRECT", "ESTABLISHMENT", "ONLINE", "PHONE", "PEER_MEETING"),
        joins=(Client,), client=Contact.client, default_sort="date"),
    "sessions": ListSpec(
        GroupSession,
        (("id", GroupSession.ref), ("date", GroupSession.date), ("audience", GroupSession.audience),
         ("participants_f", GroupSession.participants_f), ("participants_m", GroupSession.participants_m),
         ("topic", GroupSession.topic), ("location", GroupSession.location)),
        code_search=(GroupSession.ref,), text_search=(GroupSession.topic, GroupSession.location),
        date=GroupSession.date, status=GroupSession.audience,
        statuses=("SW", "EST_OWNER", "EST_WORKER", "YOUTH", "MIGRANT", "COMMUNITY"), default_sort="date"),
    "referrals": ListSpec(
        Referral,
        (("id", Referral.ref), ("client_code", Client.client_code), ("service", Referral.service),
         ("referred_on", Referral.referred_on), ("status", Referral.status), ("received_on", Referral.received_on),
         ("provider", Referral.provider)),
        code_search=(Referral.ref, Client.client_code, Referral.service), text_search=(Referral.provider,),
        date=Referral.referred_on, status=Referral.status, statuses=("REFERRED", "RECEIVED", "DECLINED", "LOST"),
        joins=(Client,), client=Referral.client, default_sort="referred_on"),
    "loans": ListSpec(
        Loan,
        (("id", Loan.ref), ("client_code", Client.client_code), ("programme", Loan.programme),
         ("referred_on", Loan.referred_on), ("stage", LOAN_STAGE), ("amount_requested", Loan.amount_requested),
         ("approved_on", Loan.approved_on), ("disbursed_on", Loan.disbursed_on),
         ("amount_disbursed", Loan.amount_disbursed), ("rejected_on", Loan.rejected_on),
         ("closed_on", Loan.closed_on)),
        code_search=(Loan.ref, Client.client_code, Loan.programme), date=Loan.referred_on, status=LOAN_STAGE,
        statuses=LOAN_STAGES, joins=(Client,), client=Loan.client, default_sort="referred_on"),
    "establishments": ListSpec(
        Establishment,
        (("id", Establishment.ref), ("name", Establishment.name), ("type", Establishment.type),
         ("address", Establishment.address), ("listed_on", Establishment.listed_on),
         ("delisted_on", Establishment.delisted_on), ("workers", Establishment.workers),
         ("commitment_on", Establishment.commitment_on)),
        code_search=(Establishment.ref, Establishment.type), text_search=(Establishment.name, Establishment.address),
        date=Establishment.listed_on, status=ESTABLISHMENT_STATUS, statuses=("LISTED", "DELISTED"),
        default_sort="name"),
    "establishment_activities": ListSpec(
        EstablishmentActivity,
        (("id", EstablishmentActivity.ref), ("establishment_id", Establishment.ref),
         ("establishment", Establishment.name), ("date", EstablishmentActivity.date),
         ("kind", EstablishmentActivity.kind), ("owners_trained", EstablishmentActivity.owners_trained),
         ("workers_trained_f", EstablishmentActivity.workers_trained_f),
         ("workers_trained_m", EstablishmentActivity.workers_trained_m)),
        code_search=(EstablishmentActivity.ref, Establishment.ref), text_search=(Establishment.name,),
        date=EstablishmentActivity.date, status=EstablishmentActivity.kind, statuses=("VISIT", "TRAINING"),
        joins=(Establishment,), default_sort="date"),
    "peer_groups": ListSpec(
        PeerGroup,
        (("id", PeerGroup.ref), ("name", PeerGroup.name), ("kind", PeerGroup.kind),
         ("founded_on", PeerGroup.founded_on), ("dissolved_on", PeerGroup.dissolved_on)),
        code_search=(PeerGroup.ref, PeerGroup.kind), text_search=(PeerGroup.name,), date=PeerGroup.founded_on,
        status=PEER_GROUP_STATUS, statuses=("ACTIVE", "DISSOLVED"), default_sort="name"),
    "peer_members": ListSpec(
        PeerMember,
        (("group_id", PeerGroup.ref), ("group", PeerGroup.name), ("client_code", Client.client_code),
         ("joined_on", PeerMember.joined_on), ("left_on", PeerMember.left_on)),
        code_search=(PeerGroup.ref, Client.client_code), text_search=(PeerGroup.name,), date=PeerMember.joined_on,
        joins=(PeerGroup, Client), client=PeerMember.client, default_sort="joined_on"),
    "peer_meetings": ListSpec(
        PeerMeeting,
        (("id", PeerMeeting.ref), ("group_id", PeerGroup.ref), ("group", PeerGroup.name),
         ("date", PeerMeeting.date), ("attendees", PeerMeeting.attendees)),
        code_search=(PeerMeeting.ref, PeerGroup.ref), text_search=(PeerGroup.name,), date=PeerMeeting.date,
        joins=(PeerGroup,), default_sort="date"),
}
KINDS = tuple(LISTS)


@dataclass(frozen=True)
class Filters:
    search: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: str | None = None
    deleted: bool = False
    client_id: int | None = None


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
    without search): every join follows a required foreign key, so it never drops a row."""
    query = spec.model.select(*columns)
    words = (filters.search or "").split()
    if joined or words:
        for other in spec.joins:
            query = query.switch(spec.model).join(other)
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
    return query.where(*where)


def spec(kind: str) -> ListSpec:
    return LISTS[kind]


def column_keys(kind: str) -> list[str]:
    return [key for key, _ in LISTS[kind].columns]


def count(kind: str, filters: Filters | None = None) -> int:
    accounts.require("records.read")  # lists are any signed-in user's, nobody else's
    s = LISTS[kind]
    return _base(s, filters or Filters(), s.model.id, joined=False).count()


def page(kind: str, offset: int, limit: int, filters: Filters | None = None, sort: str | None = None,
         descending: bool = False) -> list[tuple]:
    """Rows ``(id, *column values)`` of one page; ties broken by id so paging is stable."""
    accounts.require("records.read")
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
    return list(query.offset(offset).limit(limit).tuples())


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
