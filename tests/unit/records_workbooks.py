"""Helpers for the records tests: small hand-made RECORDS-1 workbooks and a row-for-row database dump."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from peewee import SqliteDatabase

from ward_desk.models.base import database

TODAY = dt.date.today()
CLIENTS = [["client_code", "sex", "birth_year", "group", "migrant", "registered_on", "consent_on"],
           ["C001", "F", 1990, "SW", "Y", dt.date(2025, 1, 5), dt.date(2025, 1, 5)],
           ["C002", "t", None, "risk", None, "2025-02-01", None]]
CONTACTS = [["id", "client_code", "date", "channel", "condoms", "lubricants", "materials", "staff"],
            ["K1", "C001", dt.date(2025, 3, 1), "DIRECT", 10, 2, 1, "Hoa"],
            ["K2", "C002", "2025-03-02", "online", None, None, None, None]]


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def dump() -> dict[str, list[tuple]]:
    """Every row of every table (audit trail included), so a refused import can be shown to change nothing."""
    db = database.obj
    if not isinstance(db, SqliteDatabase):  # the unit tests' PostgreSQL run (WARD_DESK_TEST_DATABASE)
        tables = sorted(db.get_tables())
    else:
        tables = [r[0] for r in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {t: db.execute_sql(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
