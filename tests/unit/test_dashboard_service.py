"""The dashboard's month at a glance: counts follow the WDR-1 rules and leave the recycle bin out."""

from __future__ import annotations

import datetime as dt

from ward_desk.models import Client, Commitment, Contact, Establishment, Loan, Referral
from ward_desk.services import dashboard, followups, settings

D = dt.date


def _client(code, sex="F"):
    return Client.create(client_code=code, sex=sex, birth_year=1990, group="SW")


def _seed():
    a, b, c = _client("A"), _client("B"), _client("C", "M")
    Contact.create(ref="k1", client=a, date=D(2026, 3, 20), channel="DIRECT")
    Contact.create(ref="k2", client=a, date=D(2026, 4, 2), channel="DIRECT")
    Contact.create(ref="k3", client=a, date=D(2026, 4, 9), channel="PHONE")
    Contact.create(ref="k4", client=b, date=D(2026, 4, 30), channel="DIRECT")
    Contact.create(ref="k5", client=c, date=D(2026, 4, 5), channel="DIRECT", deleted_at=dt.datetime(2026, 5, 1))
    Referral.create(ref="r1", client=a, service="HIV_TEST", referred_on=D(2026, 4, 3), status="RECEIVED",
                    received_on=D(2026, 4, 10))
    Referral.create(ref="r2", client=b, service="HIV_TEST", referred_on=D(2026, 4, 30), status="REFERRED")
    Referral.create(ref="r3", client=b, service="LEGAL", referred_on=D(2026, 2, 1), status="RECEIVED",
                    received_on=D(2026, 4, 1))
    Loan.create(ref="l1", client=a, programme="JOB", referred_on=D(2026, 1, 5), approved_on=D(2026, 2, 1),
                disbursed_on=D(2026, 4, 2), amount_disbursed=20_000_000)
    Loan.create(ref="l2", client=b, programme="POOR", referred_on=D(2026, 4, 20))
    Loan.create(ref="l3", client=b, programme="POOR", referred_on=D(2026, 1, 2), rejected_on=D(2026, 3, 1))
    Loan.create(ref="l4", client=b, programme="POOR", referred_on=D(2026, 5, 2))  # after the month
    e1 = Establishment.create(ref="e1", name="Karaoke A", type="KARAOKE", listed_on=D(2025, 1, 1))
    Commitment.create(ref="e1-C1", establishment=e1, signed_on=D(2026, 4, 15), signatory="OWNER")
    e2 = Establishment.create(ref="e2", name="Spa B", type="MASSAGE", listed_on=D(2025, 1, 1))
    Commitment.create(ref="e2-C1", establishment=e2, signed_on=D(2025, 6, 1), signatory="OWNER")
    Establishment.create(ref="e3", name="Bar C", type="BAR", listed_on=D(2025, 1, 1), delisted_on=D(2026, 3, 1))


def test_month_glance_counts(ward_db):
    _seed()
    g = dashboard.month_glance("2026-04")
    assert (g.start, g.end) == (D(2026, 4, 1), D(2026, 4, 30))
    assert g.reached == 2  # A and B; C's only contact is in the recycle bin
    assert g.new_people == 1  # B; A was first seen in March
    assert g.contacts == 3
    assert g.referrals_made == {"HIV_TEST": 2}
    assert g.referrals_completed == {"HIV_TEST": 1, "LEGAL": 1}
    assert g.loans_by_stage == {"REFERRED": 1, "APPROVED": 0, "DISBURSED": 1, "REJECTED": 1, "CLOSED": 0}
    assert g.loans_disbursed_amount == 20_000_000
    assert g.establishments_listed == 2
    assert g.commitments_in_month == 1
    assert g.commitments_total == 2
    assert len(g.trend) == 12
    assert g.trend[-1] == ("2026-04", 2, 2)
    assert g.trend[-2] == ("2026-03", 1, 0)
    assert g.trend[0][0] == "2025-05"


def test_nd09_basis_moves_the_month(ward_db):
    _seed()
    settings.set("period_basis", "nd09")
    g = dashboard.month_glance("2026-04")
    assert (g.start, g.end) == (D(2026, 3, 15), D(2026, 4, 14))
    assert g.reached == 1  # only A (20 Mar, 2 and 9 Apr); B's contact on 30 Apr belongs to May
    assert g.new_people == 1  # A's first contact, 20 Mar, is inside this range
    assert dashboard.current_month(D(2026, 4, 15), "nd09") == "2026-05"
    assert dashboard.current_month(D(2026, 4, 14), "nd09") == "2026-04"


def test_month_helpers():
    assert dashboard.shift_month("2026-01", -1) == "2025-12"
    assert dashboard.shift_month("2025-12", 13) == "2027-01"
    assert dashboard.month_range("2026-01", "nd09") == (D(2025, 12, 15), D(2026, 1, 14))
    assert dashboard.month_range("2024-02") == (D(2024, 2, 1), D(2024, 2, 29))


def test_followup_counts(ward_db):
    _seed()
    counts = followups.counts(today=D(2026, 6, 1))
    # r2 (REFERRED since 30 Apr) is overdue on 1 June; no loan is approved and still waiting
    assert counts == {"referrals_overdue": 1, "loans_not_disbursed": 0}
    Loan.create(ref="l5", client=Client.get(client_code="A"), programme="JOB", referred_on=D(2026, 4, 1),
                approved_on=D(2026, 4, 20))
    assert followups.counts(today=D(2026, 5, 20)) == {"referrals_overdue": 0, "loans_not_disbursed": 1}
