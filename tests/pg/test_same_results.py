"""The same records give the same answers on SQLite and PostgreSQL (SQL aggregates are dialect-sensitive)."""

from __future__ import annotations

import dataclasses

from ward_desk import db
from ward_desk.services import dashboard, settings
from tests.unit.test_dashboard_service import _seed


def _glances(**open_args) -> dict:
    db.open_database(create=True, **open_args)
    try:
        settings.initialise_ward("00070")
        _seed()
        results = {}
        for basis in ("calendar", "nd09"):
            settings.set("period_basis", basis)
            results[basis] = dataclasses.asdict(dashboard.month_glance("2026-04"))
        return results
    finally:
        db.close_database()


def test_dashboard_aggregates_agree_on_both_databases(pg_url, tmp_path):
    on_sqlite = _glances(path=tmp_path / "ward.db")
    on_postgresql = _glances(url=pg_url)
    assert on_postgresql == on_sqlite
    assert on_sqlite["calendar"]["loans_by_stage"] == {"WAITING": 1, "APPROVED": 0, "ACTIVE": 1, "REJECTED": 1,
                                                       "CLOSED": 0}
    assert on_sqlite["nd09"]["reached"] == 1
