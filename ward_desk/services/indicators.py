"""Service layer: the WDR-1 indicator engine (RETURN-v1 §2). No Qt here.

What to count comes from the catalogue (``ward_desk.spec.catalogue``, the standard file
``wdr1-v1.toml``, ``wdr1-v2.toml``): each indicator declares one of five aggregation kinds over one record
kind, with version 2's options (distinct parents, a stock's validity window, a record's own sex column, the
client whose binning drops the record). This module
turns each declaration into one SQL aggregate query over the records (recycle-bin rows excluded) that yields
this period's value and the year-to-date value together (conditional aggregation over ``year_start..end``), so
distinct-person counts are computed over each whole range, never by adding months. The result is the full
grid (1,277 cells for WDR-1 v1, 1,400 for v2) in catalogue order, zeros included.
"""

from __future__ import annotations

from functools import lru_cache

from ward_desk.models import RECORD_MODELS, database
from ward_desk.services.periods import Period
from ward_desk.spec.catalogue import Catalogue, Count, GridCell, Indicator, content_sha256, wdr1

__all__ = ["GRID_KEYS", "GridCell", "check_against_records", "compute", "content_sha256"]

GRID_KEYS = wdr1().grid_keys  # every cell key (indicator, category, sex, age) of WDR-1 v1, in catalogue order


def _is_postgres() -> bool:
    obj = getattr(database, "obj", database)
    return type(obj).__name__.lower().startswith("postgres") or "Postgres" in type(obj).__mro__[1].__name__


@lru_cache(maxsize=1)
def _columns() -> dict[str, frozenset[str]]:
    """Record kind (table) -> its column names: the only identifiers a catalogue may put into SQL."""
    return {m._meta.table_name: frozenset(f.column_name for f in m._meta.sorted_fields) for m in RECORD_MODELS}


def check_against_records(catalogue: Catalogue) -> None:
    """Every record kind and column a catalogue names exists; raises ValueError naming the indicator."""
    tables = _columns()
    for ind in catalogue.indicators.values():
        c = ind.count
        parent = c.via[1] if c.via else None
        named = [(c.records, col) for col in (c.date, c.until, c.valid, c.sex, c.client, c.sum,
                                              *(v for _s, v in c.sum_by_sex),
                                              *(k for k, _v in c.where), *(x.sum for x in ind.categories)) if col]
        if c.via:
            named.append((c.records, c.via[0]))
        if c.category:
            table, _, col = c.category.rpartition(".")
            named.append((table or c.records, col))
            if table and table != parent:
                raise ValueError(f"{ind.code}: category {c.category} is not on the record or its parent")
        for table, col in named + ([(parent, "deleted_at")] if parent else []):
            if table not in tables or col not in tables[table]:
                raise ValueError(f"{ind.code}: no column {table}.{col} in the records")


def _band_sql(catalogue: Catalogue, year: int) -> str:
    """The age band of ``c`` (the client) for a return whose period ends in ``year``."""
    age = f"({int(year)} - c.birth_year)"
    whens, default = [], "'UNK'"
    for band in catalogue.age_bands:
        code = "'" + band.code.replace("'", "''") + "'"
        if band.unknown:
            whens.insert(0, f"WHEN c.birth_year IS NULL THEN {code}")
        elif band.below is not None:
            whens.append(f"WHEN {age} < {int(band.below)} THEN {code}")
        else:
            default = code
    return f"CASE {' '.join(whens)} ELSE {default} END"


class _Query:
    """Binds this period's dates as parameters in the driver's style (SQLite ``?``, PostgreSQL ``%s``)."""

    def __init__(self, period: Period, catalogue: Catalogue):
        self.period = period
        self.pg = _is_postgres()
        self.band = _band_sql(catalogue, period.end.year)
        self.catalogue = catalogue

    def run(self, sql: str, params: list) -> list[tuple]:
        sql = sql.replace("?", "%s") if self.pg else sql
        args = [p if self.pg or not hasattr(p, "isoformat") else p.isoformat() for p in params]
        return list(database.execute_sql(sql, args))


class _Select:
    """One aggregate query over an indicator's records: ``FROM``/``WHERE`` from its declaration, the grouped
    dimensions (category, sex, age) that are not constant, and the measure columns."""

    def __init__(self, q: _Query, ind: Indicator, *, persons: bool, category: bool = True):
        c, self.q, self.count = ind.count, q, ind.count
        self.joins = f"{c.records} t"
        self.where = ["t.deleted_at IS NULL"]
        self.params: list = []
        if c.via:
            self.joins += f" JOIN {c.via[1]} p ON p.id = t.{c.via[0]}"
            self.where.append("p.deleted_at IS NULL")
        if persons:
            self.joins += " JOIN clients c ON c.id = t.client_id"
            self.where.append("c.deleted_at IS NULL")
        elif c.client:  # the record of a client in the recycle bin never counts (RETURN-v2 §2)
            self.joins += f" JOIN clients cl ON cl.id = t.{c.client}"
            self.where.append("cl.deleted_at IS NULL")
        for column, value in c.where:
            self.where.append(f"t.{column} = ?")
            self.params.append(value)
        d = ind.disaggregation
        self.dims = [("category", self._category_sql() if category and c.category else None),
                     ("sex", "c.sex" if persons and d.has_sex else f"t.{c.sex}" if c.sex and d.has_sex else None),
                     ("age", q.band if persons and d.has_age else None)]

    def _category_sql(self) -> str:
        table, _, column = self.count.category.rpartition(".")
        return f"{'p' if table else 't'}.{column}"

    def condition(self, sql: str, *params) -> "_Select":
        self.where.append(sql)
        self.params.extend(params)
        return self

    def rows(self, measures: str, measure_params: list, pairs: int = 1) -> list[dict]:
        """One dict per result row: its grouped dimensions and ``value``/``ytd``; with ``pairs`` > 1 the measures
        are that many (value, ytd) pairs, returned as ``pairs`` dicts a row, in the measures' order."""
        grouped = [sql for _name, sql in self.dims if sql]
        sql = (f"SELECT {', '.join(grouped + [measures])} FROM {self.joins} WHERE {' AND '.join(self.where)}"
               + (f" GROUP BY {', '.join(grouped)}" if grouped else ""))
        out = []
        for row in self.q.run(sql, measure_params + self.params):
            named = dict(zip([n for n, s in self.dims if s], row))
            at = len(grouped)
            out.extend({**named, "value": row[at + 2 * i], "ytd": row[at + 2 * i + 1]} for i in range(pairs))
        return out


def _in_range(q: _Query, column: str) -> tuple[str, list]:
    """The WHERE part keeping a year-to-date's events, and this period's CASE bounds."""
    p = q.period
    return f"{column} >= ? AND {column} <= ?", [p.year_start, p.end]


def _persons_with_event(q: _Query, ind: Indicator) -> list[dict]:
    s = _Select(q, ind, persons=True)
    d = f"t.{ind.count.date}"
    ytd, ytd_params = _in_range(q, d)
    s.condition(ytd, *ytd_params)
    return s.rows(f"COUNT(DISTINCT CASE WHEN {d} >= ? AND {d} <= ? THEN t.client_id END), "
                  "COUNT(DISTINCT t.client_id)", [q.period.start, q.period.end])


def _persons_first_event(q: _Query, ind: Indicator) -> list[dict]:
    c = ind.count
    s = _Select(q, ind, persons=True, category=False)
    s.joins = (f"(SELECT client_id, MIN({c.date}) AS first FROM {c.records} WHERE deleted_at IS NULL "
               "GROUP BY client_id) t JOIN clients c ON c.id = t.client_id")
    s.where, s.params = ["c.deleted_at IS NULL"], []
    ytd, ytd_params = _in_range(q, "t.first")
    s.condition(ytd, *ytd_params)
    return s.rows("SUM(CASE WHEN t.first >= ? AND t.first <= ? THEN 1 ELSE 0 END), COUNT(*)",
                  [q.period.start, q.period.end])


def _measures(ind: Indicator) -> list[tuple[dict, str]]:
    """(constant dimensions, summed expression) per query of an event count or sum."""
    c = ind.count
    if c.kind == "event_count":
        return [({}, f"t.{c.via[0]}" if c.parents else "1")]
    if c.sum_by_sex:
        return [({"sex": sex}, f"COALESCE(t.{column}, 0)") for sex, column in c.sum_by_sex]
    if c.sum:
        return [({}, f"COALESCE(t.{c.sum}, 0)")]
    return [({"category": x.code}, f"COALESCE(t.{x.sum}, 0)") for x in ind.categories if x.sum]


def _events(q: _Query, ind: Indicator) -> list[dict]:
    """Every measure of the indicator (the three commodities, each sex's sum) in one pass over its records:
    they share the records and the conditions, only the summed column differs."""
    measures = _measures(ind)
    d = f"t.{ind.count.date}"
    s = _Select(q, ind, persons=False, category="category" not in measures[0][0])
    ytd, ytd_params = _in_range(q, d)
    s.condition(ytd, *ytd_params)
    if ind.count.parents:  # a parent counted once however many of its records match
        sql = ", ".join(f"COUNT(DISTINCT CASE WHEN {d} >= ? AND {d} <= ? THEN {expr} END), COUNT(DISTINCT {expr})"
                        for _constant, expr in measures)
    else:
        sql = ", ".join(f"SUM(CASE WHEN {d} >= ? AND {d} <= ? THEN {expr} ELSE 0 END), SUM({expr})"
                        for _constant, expr in measures)
    rows = s.rows(sql, [q.period.start, q.period.end] * len(measures), pairs=len(measures))
    return [{**measures[i % len(measures)][0], **row} for i, row in enumerate(rows)]


def _alive_at_end(s: _Select, alias: str, count: Count, end) -> None:
    s.condition(f"{alias}.{count.date} <= ? AND ({alias}.{count.until} IS NULL OR {alias}.{count.until} > ?)",
                end, end)


def _stock(q: _Query, ind: Indicator) -> list[dict]:
    c, end = ind.count, q.period.end
    s = _Select(q, ind, persons=c.persons)
    if c.within:
        _alive_at_end(s, "p", q.catalogue.indicator(c.within).count, end)
    _alive_at_end(s, "t", c, end)
    if c.valid:  # in force: a validity date, when there is one, not yet passed at the period's end
        s.condition(f"(t.{c.valid} IS NULL OR t.{c.valid} >= ?)", end)
    measure = ("COUNT(DISTINCT t.client_id)" if c.persons else f"COUNT(DISTINCT t.{c.via[0]})" if c.parents
               else "COUNT(*)")
    return [{**row, "ytd": row["value"]} for row in s.rows(f"{measure}, 0", [])]


_KINDS = {"persons_with_event": _persons_with_event, "persons_first_event": _persons_first_event,
          "event_count": _events, "event_sum": _events, "stock": _stock}


def compute(period: Period, catalogue: Catalogue | None = None) -> list[GridCell]:
    """The whole grid for ``period`` (its ``basis`` decides the ranges), in catalogue order (WDR-1 v1 unless
    another catalogue is given: ``wdr1(2)`` for version 2)."""
    catalogue = catalogue or wdr1()
    check_against_records(catalogue)
    q = _Query(period, catalogue)
    values: dict[tuple[str, str, str, str], list[int]] = {}
    for ind in catalogue.indicators.values():
        for row in _KINDS[ind.count.kind](q, ind):
            key = (ind.code, str(row.get("category", "*")), str(row.get("sex", "*") or "U"), str(row.get("age", "*")))
            if key in catalogue.grid_key_set:
                total = values.setdefault(key, [0, 0])
                total[0] += int(row["value"] or 0)
                total[1] += int(row["ytd"] or 0)
    return [GridCell(*key, *values.get(key, (0, 0))) for key in catalogue.grid_keys]
