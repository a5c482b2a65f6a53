"""Each indicator's rule on small hand-made records; every expected number is worked out by hand below."""

import datetime as dt

import pytest

from ward_desk.models import (Client, Commitment, Contact, Establishment, EstablishmentActivity, GroupSession, Loan,
                              PeerGroup, PeerMeeting, PeerMember, Referral, utcnow)
from ward_desk.services import indicators
from ward_desk.services.periods import parse

D = dt.date


def grid(period, basis="calendar"):
    cells = indicators.compute(parse(period, basis))
    assert len(cells) == 1277
    return {c.key: (c.value, c.ytd) for c in cells}


def client(code, sex="F", birth=1990):
    return Client.create(client_code=code, sex=sex, birth_year=birth, group="SW")


def contact(ref, c, day, channel="DIRECT", **kw):
    return Contact.create(ref=ref, client=c, date=day, channel=channel, **kw)


def test_reach_edges_and_age_bands(ward_db):
    # Age band uses period_end.year (2026): born 2011 -> 15 -> U16; 2010 -> 16 -> 16-17; 2009 -> 17 -> 16-17;
    # 2008 -> 18 -> 18-24; 2002 -> 24 -> 18-24; 2001 -> 25 -> 25-49; 1977 -> 49; 1976 -> 50 -> 50+.
    births = {"A": 2011, "B": 2010, "C": 2009, "D": 2008, "E": 2002, "F": 2001, "G": 1977, "H": 1976, "I": None}
    people = {k: client(k, "F", b) for k, b in births.items()}
    for k, c in people.items():
        contact(f"k{k}", c, D(2026, 10, 1) if k in "ABCDE" else D(2026, 10, 31))  # first and last day
    contact("kX", people["A"], D(2026, 10, 15))  # second contact: still one person
    contact("out1", people["B"], D(2026, 9, 30))  # day before the period: YTD only, and B is not new in October
    g = grid("2026-10")
    assert g[("REACH", "*", "F", "U16")] == (1, 1)
    assert g[("REACH", "*", "F", "16-17")] == (2, 2)
    assert g[("REACH", "*", "F", "18-24")] == (2, 2)
    assert g[("REACH", "*", "F", "25-49")] == (2, 2)
    assert g[("REACH", "*", "F", "50+")] == (1, 1)
    assert g[("REACH", "*", "F", "UNK")] == (1, 1)
    assert g[("REACH_NEW", "*", "F", "16-17")] == (1, 2)  # B's first contact was in September
    assert g[("CONTACTS", "DIRECT", "*", "*")] == (10, 11)


def test_reach_31_december_and_leap_day(ward_db):
    a, b = client("A", "M", 2000), client("B", "T", None)
    contact("k1", a, D(2024, 12, 31))
    contact("k2", b, D(2024, 2, 29))
    contact("k3", b, D(2025, 1, 1))  # next year: not in 2024, and not new in 2025
    g = grid("2024-12")
    assert g[("REACH", "*", "M", "18-24")] == (1, 1)  # 2024 - 2000 = 24
    assert g[("REACH", "*", "T", "UNK")] == (0, 1)
    assert grid("2024-02")[("REACH_NEW", "*", "T", "UNK")] == (1, 1)
    g25 = grid("2025-01")
    assert g25[("REACH", "*", "T", "UNK")] == (1, 1)
    assert g25[("REACH_NEW", "*", "T", "UNK")] == (0, 0)


def test_nd09_boundary(ward_db):
    a, b = client("A"), client("B")
    contact("k1", a, D(2026, 10, 14))  # last day of nd09 October
    contact("k2", b, D(2026, 10, 15))  # first day of nd09 November
    contact("k3", b, D(2025, 12, 15))  # first day of the nd09 year 2026
    contact("k4", a, D(2025, 12, 14))  # nd09 year 2025
    g = grid("2026-10", "nd09")
    assert g[("CONTACTS", "DIRECT", "*", "*")] == (1, 2)
    assert g[("REACH", "*", "F", "25-49")] == (1, 2)
    assert g[("REACH_NEW", "*", "F", "25-49")] == (0, 1)  # A first seen 2025-12-14, B 2025-12-15
    assert grid("2026-11", "nd09")[("CONTACTS", "DIRECT", "*", "*")] == (1, 3)


def test_commodities_sessions_and_participants(ward_db):
    a = client("A")
    contact("k1", a, D(2026, 10, 2), condoms=10, lubricants=3)
    contact("k2", a, D(2026, 3, 2), condoms=5, materials=2)
    GroupSession.create(ref="s1", date=D(2026, 10, 31), audience="YOUTH", participants_f=4, participants_m=6)
    GroupSession.create(ref="s2", date=D(2026, 1, 1), audience="YOUTH", participants_f=1, participants_m=0)
    g = grid("2026-10")
    assert g[("COMMODITIES", "CONDOMS", "*", "*")] == (10, 15)
    assert g[("COMMODITIES", "LUBRICANTS", "*", "*")] == (3, 3)
    assert g[("COMMODITIES", "MATERIALS", "*", "*")] == (0, 2)
    assert g[("SESSIONS", "YOUTH", "*", "*")] == (1, 2)
    assert g[("SESSION_PARTICIPANTS", "YOUTH", "F", "*")] == (4, 5)
    assert g[("SESSION_PARTICIPANTS", "YOUTH", "M", "*")] == (6, 6)


def test_referrals_distinct_people(ward_db):
    a, b = client("A", "F", 2009), client("B", "M", 1990)
    Referral.create(ref="r1", client=a, service="HIV_TEST", referred_on=D(2026, 10, 3), status="RECEIVED",
                    received_on=D(2026, 11, 2))
    Referral.create(ref="r2", client=a, service="HIV_TEST", referred_on=D(2026, 10, 20), status="REFERRED")
    Referral.create(ref="r3", client=b, service="LEGAL", referred_on=D(2026, 5, 3), status="RECEIVED",
                    received_on=D(2026, 10, 31))
    g = grid("2026-10")
    assert g[("REFERRED", "HIV_TEST", "F", "16-17")] == (1, 1)  # two referrals, one person
    assert g[("RECEIVED", "HIV_TEST", "F", "16-17")] == (0, 0)  # received in November
    assert g[("REFERRED", "LEGAL", "M", "25-49")] == (0, 1)
    assert g[("RECEIVED", "LEGAL", "M", "25-49")] == (1, 1)
    assert grid("2026-11")[("RECEIVED", "HIV_TEST", "F", "16-17")] == (1, 1)


def test_loans(ward_db):
    a, b = client("A"), client("B", "M", 1960)
    Loan.create(ref="l1", client=a, programme="POOR", referred_on=D(2026, 9, 1), approved_on=D(2026, 10, 1),
                disbursed_on=D(2026, 10, 31), amount_disbursed=20_000_000)
    Loan.create(ref="l2", client=b, programme="POOR", referred_on=D(2026, 1, 5), approved_on=D(2026, 2, 1),
                disbursed_on=D(2026, 2, 10), amount_disbursed=5_000_000, closed_on=D(2026, 10, 31))
    Loan.create(ref="l3", client=b, programme="JOB", referred_on=D(2026, 10, 5), rejected_on=D(2026, 10, 9))
    g = grid("2026-10")
    assert g[("LOAN_REFERRED", "POOR", "F", "25-49")] == (0, 1)
    assert g[("LOAN_APPROVED", "POOR", "F", "25-49")] == (1, 1)
    assert g[("LOAN_DISBURSED", "POOR", "F", "25-49")] == (1, 1)
    assert g[("LOAN_DISBURSED", "POOR", "M", "50+")] == (0, 1)  # 2026 - 1960 = 66
    assert g[("LOAN_AMOUNT", "POOR", "*", "*")] == (20_000_000, 25_000_000)
    assert g[("LOAN_REJECTED", "JOB", "*", "*")] == (1, 1)
    assert g[("LOAN_REFERRED", "JOB", "M", "50+")] == (1, 1)
    # Stock at 31 Oct: l1 disbursed that day counts; l2 closed that day does not (closed_on > end required).
    assert g[("LOAN_ACTIVE_END", "POOR", "*", "*")] == (1, 1)
    assert grid("2026-09")[("LOAN_ACTIVE_END", "POOR", "*", "*")] == (1, 1)  # only l2


def test_establishments(ward_db):
    e1 = Establishment.create(ref="e1", name="K1", type="KARAOKE", listed_on=D(2026, 10, 31))
    Commitment.create(ref="e1-C1", establishment=e1, signed_on=D(2026, 10, 1), signatory="OWNER")
    Establishment.create(ref="e2", name="K2", type="KARAOKE", listed_on=D(2025, 1, 1), delisted_on=D(2026, 10, 31))
    Establishment.create(ref="e3", name="M", type="MASSAGE", listed_on=D(2025, 1, 1), delisted_on=D(2026, 11, 1))
    EstablishmentActivity.create(ref="a1", establishment=e1, date=D(2026, 10, 31), kind="TRAINING",
                                 owners_trained=2, workers_trained_f=5, workers_trained_m=1)
    EstablishmentActivity.create(ref="a2", establishment=e1, date=D(2026, 4, 1), kind="VISIT", owners_trained=1)
    g = grid("2026-10")
    assert g[("EST_LISTED_END", "KARAOKE", "*", "*")] == (1, 1)  # e1 listed on the last day; e2 delisted that day
    assert g[("EST_LISTED_END", "MASSAGE", "*", "*")] == (1, 1)
    assert g[("EST_COMMITMENTS", "KARAOKE", "*", "*")] == (1, 1)
    assert g[("EST_OWNERS_TRAINED", "KARAOKE", "*", "*")] == (2, 3)
    assert g[("EST_WORKERS_TRAINED", "KARAOKE", "F", "*")] == (5, 5)
    assert g[("EST_WORKERS_TRAINED", "KARAOKE", "M", "*")] == (1, 1)


def test_peer_groups(ward_db):
    a, b, c = client("A"), client("B", "M", 2012), client("C")
    g1 = PeerGroup.create(ref="g1", name="One", kind="PEER", founded_on=D(2026, 1, 1))
    g2 = PeerGroup.create(ref="g2", name="Two", kind="CLUB", founded_on=D(2025, 1, 1), dissolved_on=D(2026, 10, 31))
    PeerMember.create(group=g1, client=a, joined_on=D(2026, 10, 31))
    PeerMember.create(group=g1, client=b, joined_on=D(2026, 2, 1), left_on=D(2026, 11, 1))
    PeerMember.create(group=g2, client=c, joined_on=D(2025, 2, 1))  # group dissolved at the end: not counted
    PeerMember.create(group=g1, client=c, joined_on=D(2026, 1, 1), left_on=D(2026, 10, 31))
    PeerMeeting.create(ref="m1", group=g1, date=D(2026, 10, 10))
    PeerMeeting.create(ref="m2", group=g2, date=D(2026, 6, 10))
    g = grid("2026-10")
    assert g[("PEER_GROUPS_END", "PEER", "*", "*")] == (1, 1)
    assert g[("PEER_GROUPS_END", "CLUB", "*", "*")] == (0, 0)
    assert g[("PEER_MEMBERS_END", "*", "F", "25-49")] == (1, 1)  # A only
    assert g[("PEER_MEMBERS_END", "*", "M", "U16")] == (1, 1)  # B, 2026 - 2012 = 14
    assert g[("PEER_MEETINGS", "PEER", "*", "*")] == (1, 1)
    assert g[("PEER_MEETINGS", "CLUB", "*", "*")] == (0, 1)


def test_recycle_bin_rows_are_not_counted(ward_db):
    a = client("A")
    contact("k1", a, D(2026, 10, 2))
    k2 = contact("k2", a, D(2026, 10, 3))
    k2.deleted_at = utcnow()
    k2.save()
    assert grid("2026-10")[("CONTACTS", "DIRECT", "*", "*")] == (1, 1)


def test_empty_ward_is_full_grid_of_zeros(ward_db):
    g = grid("2026")
    assert set(g.values()) == {(0, 0)}
    assert list(g) == list(indicators.GRID_KEYS)


def test_grid_is_computed_by_sql_not_by_loading_rows(ward_db, monkeypatch):
    """No model row is materialised: a ward's records never pass through Python one by one."""
    from peewee import ModelSelect

    a = client("A")
    contact("k1", a, D(2026, 10, 2))
    monkeypatch.setattr(ModelSelect, "__iter__", lambda self: pytest.fail("rows loaded into Python"))
    assert grid("2026-10")[("REACH", "*", "F", "25-49")] == (1, 1)
