"""The same records give the same answers on SQLite and PostgreSQL (SQL aggregates are dialect-sensitive)."""

from __future__ import annotations

import dataclasses

from ward_desk import db
from ward_desk.services import dashboard, settings
from tests.conftest import sign_in_test_admin
from tests.unit.test_dashboard_service import _seed


def _glances(**open_args) -> dict:
    db.open_database(create=True, **open_args)
    try:
        sign_in_test_admin()
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
    assert on_sqlite["calendar"]["loans_by_stage"] == {"REFERRED": 1, "APPROVED": 0, "DISBURSED": 1, "REJECTED": 1,
                                                       "CLOSED": 0}
    assert on_sqlite["nd09"]["reached"] == 1


NAMES = ["Nguyễn Thị Hằng", "ĐẶNG VĂN ĐỨC", "Karaoke  Hoàng Yến ", "Phường Hoàn Kiếm", "Trương Mỹ Lệ", "Lan"]


def _searches(**open_args) -> dict:
    import datetime as dt

    from ward_desk.models import Client, Contact, Establishment
    from ward_desk.services import queries
    from ward_desk.services.queries import Filters

    db.open_database(create=True, **open_args)
    try:
        sign_in_test_admin()
        settings.initialise_ward("00070")
        client = Client.create(client_code="MNHF1995", sex="F", group="SW")
        for i, name in enumerate(NAMES):
            Contact.create(ref=f"C{i}", client=client, date=dt.date(2026, 1, 1), channel="DIRECT", staff=name)
            Establishment.create(ref=f"E{i}", name=name, type="BAR", listed_on=dt.date(2025, 1, 1))
        words = ["hang", "HẰNG", "dang duc", "hoang yen", "my le", "mnhf", "kiem", "nobody"]
        return {(kind, word): queries.count(kind, Filters(search=word))
                for kind in ("contacts", "establishments") for word in words}
    finally:
        db.close_database()


def test_diacritic_free_search_agrees_on_both_databases(pg_url, tmp_path):
    from ward_desk.models import database
    from ward_desk.textutil import fold

    on_sqlite = _searches(path=tmp_path / "ward.db")
    on_postgresql = _searches(url=pg_url)
    assert on_postgresql == on_sqlite
    assert on_sqlite[("contacts", "hang")] == 1 and on_sqlite[("establishments", "dang duc")] == 1
    with db.opened(url=pg_url):
        for name in NAMES:
            assert database.obj.execute_sql("SELECT wd_fold(%s)", (name,)).fetchone()[0] == fold(name)


def _v2_grids(**open_args) -> dict:
    from tests.reference_wdr1 import CONFORMANCE
    from ward_desk.services import indicators, periods, records_io
    from ward_desk.spec.catalogue import wdr1

    db.open_database(create=True, **open_args)
    try:
        sign_in_test_admin()
        settings.initialise_ward("00070")
        records_io.import_records(CONFORMANCE / "records-v2-sample.xlsx")
        return {period: [c.as_row() for c in indicators.compute(periods.parse(period, "calendar"), wdr1(2))]
                for period in ("2026-10", "2026")}
    finally:
        db.close_database()


def test_the_version_2_grid_is_the_same_on_both_databases(pg_url, tmp_path):
    """WDR-1 v2's counting options (distinct parents, a validity window, a record's sex) in both SQL dialects."""
    import csv

    from tests.reference_wdr1 import CONFORMANCE

    on_sqlite = _v2_grids(path=tmp_path / "ward.db")
    assert _v2_grids(url=pg_url) == on_sqlite
    with open(CONFORMANCE / "expected-v2-2026-10-calendar.csv", newline="", encoding="utf-8") as fh:
        expected = [(r[0], r[1], r[2], r[3], int(r[4]), int(r[5])) for r in list(csv.reader(fh))[1:]]
    assert on_sqlite["2026-10"] == expected
