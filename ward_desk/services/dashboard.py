"""Service layer: the ward's month at a glance for the dashboard, as SQL aggregates. No Qt here.

Counts follow the WDR-1 rules where the same idea exists (reach = distinct clients with a contact in the
month, new = earliest contact ever in the month), so the dashboard never disagrees with the return. Records in
the recycle bin (``deleted_at``) are left out. The month's range follows the ward's ``period_basis``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from peewee import SQL, Case, fn

from ward_desk.models import Client, Commitment, Contact, Establishment, Loan, Referral
from ward_desk.services import followups, settings
from ward_desk.spec.codes import CODE_LISTS

LOAN_STAGES = CODE_LISTS["loan_stage"].codes  # the stages the loans list shows, worded as there


@dataclass
class MonthGlance:
    month: str  # YYYY-MM
    start: dt.date
    end: dt.date
    reached: int
    new_people: int
    contacts: int
    referrals_made: dict[str, int]  # service -> referrals with referred_on in the month
    referrals_completed: dict[str, int]  # service -> referrals RECEIVED with received_on in the month
    loans_by_stage: dict[str, int]  # stage at the month's last day (LOAN_STAGES)
    loans_disbursed_amount: int  # VND disbursed in the month
    establishments_listed: int  # listed at the month's end
    commitments_in_month: int
    commitments_total: int  # listed establishments with a signed commitment at the month's end
    trend: list[tuple[str, int, int]] = field(default_factory=list)  # (YYYY-MM, reached, referrals made)
    followups: dict[str, int] = field(default_factory=dict)


def month_range(month: str, basis: str = "calendar") -> tuple[dt.date, dt.date]:
    """First and last day of ``YYYY-MM`` under the basis (``nd09``: the 15th of the previous month to the 14th)."""
    year, mon = (int(part) for part in month.split("-"))
    if basis == "nd09":
        prev_year, prev_mon = (year - 1, 12) if mon == 1 else (year, mon - 1)
        return dt.date(prev_year, prev_mon, 15), dt.date(year, mon, 14)
    return dt.date(year, mon, 1), dt.date(year, mon, calendar.monthrange(year, mon)[1])


def shift_month(month: str, delta: int) -> str:
    year, mon = (int(part) for part in month.split("-"))
    index = year * 12 + (mon - 1) + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def current_month(today: dt.date | None = None, basis: str = "calendar") -> str:
    """The month whose range holds ``today`` (under ``nd09`` the 15th onwards belongs to the next month)."""
    today = today or dt.date.today()
    month = f"{today.year:04d}-{today.month:02d}"
    return shift_month(month, 1) if basis == "nd09" and today.day >= 15 else month


def _live_contacts():
    return Contact.select().join(Client).where(Contact.deleted_at.is_null(), Client.deleted_at.is_null())


def reached(start: dt.date, end: dt.date) -> int:
    return (_live_contacts().where(Contact.date.between(start, end))
            .select(fn.COUNT(fn.DISTINCT(Contact.client))).scalar() or 0)


def new_people(start: dt.date, end: dt.date) -> int:
    first = (_live_contacts().select(Contact.client, fn.MIN(Contact.date).alias("first"))
             .group_by(Contact.client))
    return (Contact.select(fn.COUNT(1)).from_(first)
            .where(first.c.first.between(start, end)).scalar() or 0)


def _by_service(date_field, start, end, *extra) -> dict[str, int]:
    query = (Referral.select(Referral.service, fn.COUNT(Referral.id).alias("n")).join(Client)
             .where(Referral.deleted_at.is_null(), Client.deleted_at.is_null(), date_field.between(start, end),
                    *extra)
             .group_by(Referral.service).order_by(Referral.service))
    return {row.service: row.n for row in query}


def loans_by_stage(end: dt.date) -> dict[str, int]:
    """Each loan referred by ``end`` in its stage on that day: the furthest step reached so far."""
    def on(f):
        return f.is_null(False) & (f <= end)

    stage = (Case(None, [
        (on(Loan.closed_on), "CLOSED"),
        (on(Loan.rejected_on), "REJECTED"),
        (on(Loan.disbursed_on), "DISBURSED"),
        (on(Loan.approved_on), "APPROVED"),
    ], "REFERRED"))
    rows = (Loan.select(stage.alias("stage"), fn.COUNT(Loan.id).alias("n")).join(Client)
            .where(Loan.deleted_at.is_null(), Client.deleted_at.is_null(), Loan.referred_on <= end)
            .group_by(SQL("stage")).tuples())  # by name: PostgreSQL sees a CASE with bound dates twice
    counts = dict.fromkeys(LOAN_STAGES, 0)
    counts.update({name: n for name, n in rows})
    return counts


def _listed_at(end: dt.date):
    return Establishment.select().where(
        Establishment.deleted_at.is_null(), Establishment.listed_on <= end,
        Establishment.delisted_on.is_null() | (Establishment.delisted_on > end))


def _live_commitments(*columns):
    """Commitments out of the recycle bin whose establishment is too (RETURN-v2 §2)."""
    return (Commitment.select(*columns).join(Establishment)
            .where(Commitment.deleted_at.is_null(), Establishment.deleted_at.is_null()))


def month_glance(month: str | None = None, basis: str | None = None, trend_months: int = 12) -> MonthGlance:
    basis = basis or settings.get("period_basis")
    month = month or current_month(basis=basis)
    start, end = month_range(month, basis)
    contacts = (_live_contacts().where(Contact.date.between(start, end)).count())
    amount = (Loan.select(fn.COALESCE(fn.SUM(Loan.amount_disbursed), 0)).join(Client)
              .where(Loan.deleted_at.is_null(), Client.deleted_at.is_null(),
                     Loan.disbursed_on.between(start, end)).scalar())
    listed = _listed_at(end)
    glance = MonthGlance(
        month=month, start=start, end=end,
        reached=reached(start, end), new_people=new_people(start, end), contacts=contacts,
        referrals_made=_by_service(Referral.referred_on, start, end),
        referrals_completed=_by_service(Referral.received_on, start, end, Referral.status == "RECEIVED"),
        loans_by_stage=loans_by_stage(end), loans_disbursed_amount=int(amount or 0),
        establishments_listed=listed.count(),
        commitments_in_month=_live_commitments().where(Commitment.signed_on.between(start, end)).count(),
        commitments_total=listed.where(Establishment.id.in_(_live_commitments(Commitment.establishment).where(
            Commitment.signed_on <= end, Commitment.valid_until.is_null() | (Commitment.valid_until >= end),
            Commitment.withdrawn_on.is_null() | (Commitment.withdrawn_on > end)))).count(),
        followups=followups.counts(),
    )
    glance.trend = trend(month, basis, trend_months)
    return glance


def trend(last_month: str, basis: str = "calendar", months: int = 12) -> list[tuple[str, int, int]]:
    """Reach and referrals made for each of the ``months`` months ending with ``last_month``, oldest first."""
    out = []
    for back in range(months - 1, -1, -1):
        month = shift_month(last_month, -back)
        start, end = month_range(month, basis)
        made = (Referral.select().join(Client)
                .where(Referral.deleted_at.is_null(), Client.deleted_at.is_null(),
                       Referral.referred_on.between(start, end)).count())
        out.append((month, reached(start, end), made))
    return out
