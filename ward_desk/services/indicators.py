"""Service layer: the WDR-1 indicator engine (RETURN-v1 §2). No Qt here.

Every indicator is one SQL aggregate query over the records (recycle-bin rows excluded) that yields this
period's value and the year-to-date value together (conditional aggregation over ``year_start..end``), so
distinct-person counts are computed over each whole range, never by adding months. The result is the full
grid of 1,277 cells in catalogue order, zeros included.
"""

from __future__ import annotations

from dataclasses import dataclass

from ward_desk.models import database
from ward_desk.services.periods import Period

SEXES = ("F", "M", "T", "U")
AGES = ("U16", "16-17", "18-24", "25-49", "50+", "UNK")
CHANNELS = ("DIRECT", "ESTABLISHMENT", "ONLINE", "PHONE", "PEER_MEETING")
COMMODITIES = ("CONDOMS", "LUBRICANTS", "MATERIALS")
AUDIENCES = ("SW", "EST_OWNER", "EST_WORKER", "YOUTH", "MIGRANT", "COMMUNITY")
SERVICES = ("HIV_TEST", "PREP", "PEP", "ARV", "STI", "HEPATITIS", "TB", "SRH", "HEALTH_OTHER", "LEGAL", "PSYCH",
            "GBV", "VOCATIONAL", "JOB", "EDUCATION", "SOCIAL")
PROGRAMMES = ("JOB", "POOR", "NEAR_POOR", "ESCAPED", "OTHER")
EST_TYPES = ("KARAOKE", "MASSAGE", "HOTEL", "BAR", "CAFE", "OTHER")
GROUP_KINDS = ("PEER", "SELF_HELP", "CLUB")

SEX_AGE = "sex x age"
SEX_FM = "sex F,M"
NONE = "*"

# code -> (categories, disaggregation), in the catalogue's order
CATALOGUE: dict[str, tuple[tuple[str, ...], str]] = {
    "REACH": (("*",), SEX_AGE),
    "REACH_NEW": (("*",), SEX_AGE),
    "CONTACTS": (CHANNELS, NONE),
    "COMMODITIES": (COMMODITIES, NONE),
    "SESSIONS": (AUDIENCES, NONE),
    "SESSION_PARTICIPANTS": (AUDIENCES, SEX_FM),
    "REFERRED": (SERVICES, SEX_AGE),
    "RECEIVED": (SERVICES, SEX_AGE),
    "LOAN_REFERRED": (PROGRAMMES, SEX_AGE),
    "LOAN_APPROVED": (PROGRAMMES, SEX_AGE),
    "LOAN_DISBURSED": (PROGRAMMES, SEX_AGE),
    "LOAN_AMOUNT": (PROGRAMMES, NONE),
    "LOAN_REJECTED": (PROGRAMMES, NONE),
    "LOAN_ACTIVE_END": (PROGRAMMES, NONE),
    "EST_LISTED_END": (EST_TYPES, NONE),
    "EST_COMMITMENTS": (EST_TYPES, NONE),
    "EST_OWNERS_TRAINED": (EST_TYPES, NONE),
    "EST_WORKERS_TRAINED": (EST_TYPES, SEX_FM),
    "PEER_GROUPS_END": (GROUP_KINDS, NONE),
    "PEER_MEMBERS_END": (("*",), SEX_AGE),
    "PEER_MEETINGS": (GROUP_KINDS, NONE),
}


def is_stock(indicator: str) -> bool:
    return indicator.endswith("_END")


def grid_keys() -> list[tuple[str, str, str, str]]:
    """Every cell key ``(indicator, category, sex, age)`` in catalogue order (1,277 of them)."""
    keys = []
    for indicator, (categories, dims) in CATALOGUE.items():
        for category in categories:
            if dims == SEX_AGE:
                keys.extend((indicator, category, s, a) for s in SEXES for a in AGES)
            elif dims == SEX_FM:
                keys.extend((indicator, category, s, "*") for s in ("F", "M"))
            else:
                keys.append((indicator, category, "*", "*"))
    return keys


GRID_KEYS = tuple(grid_keys())
GRID_KEY_SET = frozenset(GRID_KEYS)


@dataclass(frozen=True)
class GridCell:
    indicator: str
    category: str
    sex: str
    age: str
    value: int
    ytd: int

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.indicator, self.category, self.sex, self.age)

    def as_row(self) -> tuple:
        return (self.indicator, self.category, self.sex, self.age, self.value, self.ytd)


def _is_postgres() -> bool:
    obj = getattr(database, "obj", database)
    return type(obj).__name__.lower().startswith("postgres") or "Postgres" in type(obj).__mro__[1].__name__


def _band_sql(year: int) -> str:
    """The age band of ``c`` (the client) for a return whose period ends in ``year``."""
    age = f"({int(year)} - c.birth_year)"
    return (f"CASE WHEN c.birth_year IS NULL THEN 'UNK' WHEN {age} < 16 THEN 'U16' WHEN {age} < 18 THEN '16-17' "
            f"WHEN {age} < 25 THEN '18-24' WHEN {age} < 50 THEN '25-49' ELSE '50+' END")


class _Query:
    """Binds this period's dates as parameters in the driver's style (SQLite ``?``, PostgreSQL ``%s``)."""

    def __init__(self, period: Period):
        self.period = period
        self.pg = _is_postgres()
        self.mark = "%s" if self.pg else "?"

    def date(self, d):
        return d if self.pg else d.isoformat()

    def run(self, sql: str, params: list) -> list[tuple]:
        sql = sql.replace("?", self.mark) if self.pg else sql
        return list(database.execute_sql(sql, [self.date(p) if hasattr(p, "isoformat") else p for p in params]))


def compute(period: Period) -> list[GridCell]:
    """The whole grid for ``period`` (its ``basis`` decides the ranges), in catalogue order."""
    q = _Query(period)
    p = period
    ys, end = p.year_start, p.end
    band = _band_sql(end.year)
    values: dict[tuple[str, str, str, str], tuple[int, int]] = {}

    def put(indicator, rows, dims):
        for row in rows:
            if dims == SEX_AGE:
                category, sex, age, v, y = row
            elif dims == SEX_FM:
                category, sex, v, y = row
                age = "*"
            else:
                category, v, y = row
                sex = age = "*"
            key = (indicator, str(category), str(sex or "U"), str(age))
            if key in GRID_KEY_SET:
                old = values.get(key, (0, 0))
                values[key] = (old[0] + int(v or 0), old[1] + int(y or 0))

    live_c = "c.deleted_at IS NULL"

    # People reached: distinct clients with a contact in the range.
    put("REACH", q.run(
        f"SELECT '*', c.sex, {band}, COUNT(DISTINCT CASE WHEN k.date >= ? AND k.date <= ? THEN k.client_id END), "
        f"COUNT(DISTINCT k.client_id) FROM contacts k JOIN clients c ON c.id = k.client_id "
        f"WHERE k.deleted_at IS NULL AND {live_c} AND k.date >= ? AND k.date <= ? GROUP BY c.sex, {band}",
        [p.start, end, ys, end]), SEX_AGE)

    # Reached for the first time: the earliest contact ever falls in the range.
    put("REACH_NEW", q.run(
        f"SELECT '*', c.sex, {band}, SUM(CASE WHEN f.first >= ? AND f.first <= ? THEN 1 ELSE 0 END), COUNT(*) "
        f"FROM (SELECT client_id, MIN(date) AS first FROM contacts WHERE deleted_at IS NULL GROUP BY client_id) f "
        f"JOIN clients c ON c.id = f.client_id WHERE {live_c} AND f.first >= ? AND f.first <= ? "
        f"GROUP BY c.sex, {band}", [p.start, end, ys, end]), SEX_AGE)

    in_p = "CASE WHEN {col} >= ? AND {col} <= ? THEN {expr} ELSE 0 END"

    def event_sum(table, col, category, expr, where="", join=""):
        return q.run(
            f"SELECT {category}, SUM({in_p.format(col=col, expr=expr)}), SUM({expr}) FROM {table} {join} "
            f"WHERE t.deleted_at IS NULL {where} AND {col} >= ? AND {col} <= ? GROUP BY {category}",
            [p.start, end, ys, end])

    put("CONTACTS", event_sum("contacts t", "t.date", "t.channel", "1"), NONE)
    for name, column in (("CONDOMS", "condoms"), ("LUBRICANTS", "lubricants"), ("MATERIALS", "materials")):
        rows = q.run(
            f"SELECT SUM({in_p.format(col='t.date', expr=f'COALESCE(t.{column}, 0)')}), "
            f"SUM(COALESCE(t.{column}, 0)) FROM contacts t WHERE t.deleted_at IS NULL AND t.date >= ? "
            f"AND t.date <= ?", [p.start, end, ys, end])
        put("COMMODITIES", [(name, *r) for r in rows], NONE)

    put("SESSIONS", event_sum("sessions t", "t.date", "t.audience", "1"), NONE)
    for sex, column in (("F", "participants_f"), ("M", "participants_m")):
        rows = event_sum("sessions t", "t.date", "t.audience", f"COALESCE(t.{column}, 0)")
        put("SESSION_PARTICIPANTS", [(r[0], sex, r[1], r[2]) for r in rows], SEX_FM)

    def distinct_people(table, col, category, where=""):
        return q.run(
            f"SELECT {category}, c.sex, {band}, "
            f"COUNT(DISTINCT CASE WHEN {col} >= ? AND {col} <= ? THEN t.client_id END), "
            f"COUNT(DISTINCT t.client_id) FROM {table} t JOIN clients c ON c.id = t.client_id "
            f"WHERE t.deleted_at IS NULL AND {live_c} {where} AND {col} >= ? AND {col} <= ? "
            f"GROUP BY {category}, c.sex, {band}", [p.start, end, ys, end])

    put("REFERRED", distinct_people("referrals", "t.referred_on", "t.service"), SEX_AGE)
    put("RECEIVED", distinct_people("referrals", "t.received_on", "t.service", "AND t.status = 'RECEIVED'"),
        SEX_AGE)
    put("LOAN_REFERRED", distinct_people("loans", "t.referred_on", "t.programme"), SEX_AGE)
    put("LOAN_APPROVED", distinct_people("loans", "t.approved_on", "t.programme"), SEX_AGE)
    put("LOAN_DISBURSED", distinct_people("loans", "t.disbursed_on", "t.programme"), SEX_AGE)
    put("LOAN_AMOUNT", event_sum("loans t", "t.disbursed_on", "t.programme", "COALESCE(t.amount_disbursed, 0)"),
        NONE)
    put("LOAN_REJECTED", event_sum("loans t", "t.rejected_on", "t.programme", "1"), NONE)

    def stock(sql, params):
        return [(r[0], r[1], r[1]) for r in q.run(sql, params)]

    put("LOAN_ACTIVE_END", stock(
        "SELECT programme, COUNT(*) FROM loans WHERE deleted_at IS NULL AND disbursed_on <= ? "
        "AND (closed_on IS NULL OR closed_on > ?) GROUP BY programme", [end, end]), NONE)
    put("EST_LISTED_END", stock(
        "SELECT type, COUNT(*) FROM establishments WHERE deleted_at IS NULL AND listed_on <= ? "
        "AND (delisted_on IS NULL OR delisted_on > ?) GROUP BY type", [end, end]), NONE)
    put("EST_COMMITMENTS", event_sum("establishments t", "t.commitment_on", "t.type", "1"), NONE)
    est_join = "JOIN establishments e ON e.id = t.establishment_id"
    put("EST_OWNERS_TRAINED", event_sum("establishment_activities t", "t.date", "e.type",
                                        "COALESCE(t.owners_trained, 0)", "AND e.deleted_at IS NULL", est_join), NONE)
    for sex, column in (("F", "workers_trained_f"), ("M", "workers_trained_m")):
        rows = event_sum("establishment_activities t", "t.date", "e.type", f"COALESCE(t.{column}, 0)",
                         "AND e.deleted_at IS NULL", est_join)
        put("EST_WORKERS_TRAINED", [(r[0], sex, r[1], r[2]) for r in rows], SEX_FM)

    live_group = "g.deleted_at IS NULL AND g.founded_on <= ? AND (g.dissolved_on IS NULL OR g.dissolved_on > ?)"
    put("PEER_GROUPS_END", stock(
        f"SELECT g.kind, COUNT(*) FROM peer_groups g WHERE {live_group} GROUP BY g.kind", [end, end]), NONE)
    rows = q.run(
        f"SELECT '*', c.sex, {band}, COUNT(DISTINCT m.client_id) FROM peer_members m "
        f"JOIN peer_groups g ON g.id = m.group_id JOIN clients c ON c.id = m.client_id "
        f"WHERE m.deleted_at IS NULL AND {live_c} AND {live_group} AND m.joined_on <= ? "
        f"AND (m.left_on IS NULL OR m.left_on > ?) GROUP BY c.sex, {band}", [end, end, end, end])
    put("PEER_MEMBERS_END", [(*r[:3], r[3], r[3]) for r in rows], SEX_AGE)
    put("PEER_MEETINGS", event_sum("peer_meetings t", "t.date", "g.kind", "1", "AND g.deleted_at IS NULL",
                                   "JOIN peer_groups g ON g.id = t.group_id"), NONE)

    return [GridCell(*key, *values.get(key, (0, 0))) for key in GRID_KEYS]


def content_sha256(rows) -> str:
    """RETURN-v1 §3: SHA-256 of the sorted ``indicator|category|sex|age|value|ytd\\n`` lines."""
    import hashlib

    lines = sorted("|".join(str(v) for v in (r.as_row() if hasattr(r, "as_row") else r)) + "\n" for r in rows)
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
