"""Paged list queries: counts, pages sorted in SQL, diacritic-free search, date/status/bin filters."""

from __future__ import annotations

import datetime as dt

import pytest

from ward_desk.models.base import utcnow
from ward_desk.models.records import Client, Contact, Establishment, Loan, Referral
from ward_desk.services import queries
from ward_desk.services.queries import Filters


@pytest.fixture
def sample(ward_db):
    a = Client.create(client_code="MNHF1995", sex="F", group="SW", registered_on=dt.date(2026, 1, 5))
    b = Client.create(client_code="TTLM1980", sex="M", group="RISK", registered_on=dt.date(2026, 3, 5))
    for i in range(25):
        Contact.create(ref=f"C{i:03d}", client=a if i % 2 else b, date=dt.date(2026, 1, 1) + dt.timedelta(days=i),
                       channel="DIRECT" if i < 20 else "PHONE", staff="Nguyễn Thị Hằng" if i == 3 else "Lan")
    Contact.create(ref="CDEL", client=a, date=dt.date(2026, 1, 1), channel="DIRECT", deleted_at=utcnow())
    Establishment.create(ref="E1", name="Karaoke Hoàng Yến", type="KARAOKE", listed_on=dt.date(2025, 1, 1))
    Referral.create(ref="R1", client=a, service="HIV_TEST", referred_on=dt.date(2026, 1, 1), status="REFERRED")
    Loan.create(ref="L1", client=a, programme="JOB", referred_on=dt.date(2026, 1, 1), approved_on=dt.date(2026, 2, 1))
    return a, b


def test_every_kind_counts_and_pages(sample):
    for kind in queries.KINDS:
        n = queries.count(kind)
        rows = queries.page(kind, 0, 50)
        assert len(rows) == n
        assert all(len(r) == 1 + len(queries.column_keys(kind)) for r in rows)


def test_pages_sorted_in_sql_and_stable(sample):
    assert queries.count("contacts") == 25
    first = queries.page("contacts", 0, 10, sort="date", descending=True)
    second = queries.page("contacts", 10, 10, sort="date", descending=True)
    dates = [r[3] for r in first + second]
    assert dates == sorted(dates, reverse=True)
    assert not {r[0] for r in first} & {r[0] for r in second}


def test_search_ignores_diacritics_and_case(sample):
    assert queries.count("contacts", Filters(search="hang")) == 1
    assert queries.count("contacts", Filters(search="HẰNG")) == 1
    assert queries.count("contacts", Filters(search="mnhf")) == 12
    assert queries.count("establishments", Filters(search="hoang yen")) == 1
    assert queries.count("contacts", Filters(search="mnhf hang")) == 1  # every word must match


def test_text_search_sees_values_saved_after_an_earlier_search(sample):
    """Free text is matched over the column's distinct values, cached until the next write: a staff name saved
    after a search is found by the next one, and a word no column holds finds nothing."""
    assert queries.count("contacts", Filters(search="hoa")) == 0
    assert queries.page("contacts", 0, 10, Filters(search="zzzz")) == []
    a, _b = sample
    Contact.create(ref="CNEW", client=a, date=dt.date(2026, 2, 1), channel="DIRECT", staff="Trần Thị Hoà")
    assert queries.count("contacts", Filters(search="hoa")) == 1
    assert [row[1] for row in queries.page("contacts", 0, 10, Filters(search="HOÀ"))] == ["CNEW"]
    # searched, the page is still in the list's order (sorted, not read off an index)
    rows = queries.page("contacts", 0, 50, Filters(search="lan"))
    assert [row[3] for row in rows] == sorted(row[3] for row in rows) and len(rows) == 24


def test_many_distinct_values_fall_back_to_folding_each_row(sample, monkeypatch):
    monkeypatch.setattr(queries, "DISTINCT_LIMIT", 1)
    queries._distinct_cache.clear()
    assert queries.count("contacts", Filters(search="hang")) == 1
    monkeypatch.setattr(queries, "DISTINCT_LIMIT", 20_000)
    monkeypatch.setattr(queries, "MATCH_LIMIT", 0)
    queries._distinct_cache.clear()
    assert queries.count("contacts", Filters(search="hang")) == 1


def test_date_status_bin_and_client_filters(sample):
    a, _ = sample
    assert queries.count("contacts", Filters(date_from=dt.date(2026, 1, 10), date_to=dt.date(2026, 1, 19))) == 10
    assert queries.count("contacts", Filters(status="PHONE")) == 5
    assert queries.count("contacts", Filters(deleted=True)) == 1
    assert queries.count("contacts", Filters(client_id=a.id)) == 12
    assert queries.count("loans", Filters(status="APPROVED")) == 1
    assert queries.page("loans", 0, 1)[0][5] == "APPROVED"
    assert queries.count("establishments", Filters(status="LISTED")) == 1
