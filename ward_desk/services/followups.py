"""Service layer: the follow-up work lists (what a clerk should chase today). No Qt here.

* referrals still ``REFERRED`` more than N days after ``referred_on`` (N = setting ``followup_days``,
  default 30): the clerk checks with the provider and records the outcome;
* loans approved but neither disbursed, rejected nor closed: the clerk asks the bank.
Deleted records and records of deleted clients are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ward_desk.models.records import Client, Loan, Referral
from ward_desk.services import settings

DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Item:
    kind: str        # "referrals" or "loans"
    record_id: int
    ref: str
    client_code: str
    what: str        # service / programme
    since: dt.date   # referred_on / approved_on
    days: int        # days waited so far


def followup_days() -> int:
    """The setting ``followup_days``; a value that is not a whole number of days counts as the default."""
    value = settings.get("followup_days")
    try:
        return max(1, int(value)) if value not in (None, "") else DEFAULT_DAYS
    except (TypeError, ValueError):
        return DEFAULT_DAYS


def _stale_referrals(today: dt.date, days: int):
    return (Referral.select(Referral.id, Referral.ref, Client.client_code, Referral.service, Referral.referred_on)
            .join(Client)
            .where(Referral.deleted_at.is_null(), Client.deleted_at.is_null(), Referral.status == "REFERRED",
                   Referral.referred_on <= today - dt.timedelta(days=days)))


def _waiting_loans():
    return (Loan.select(Loan.id, Loan.ref, Client.client_code, Loan.programme, Loan.approved_on)
            .join(Client)
            .where(Loan.deleted_at.is_null(), Client.deleted_at.is_null(), Loan.approved_on.is_null(False),
                   Loan.disbursed_on.is_null(), Loan.rejected_on.is_null(), Loan.closed_on.is_null()))


def overdue_referrals(today: dt.date | None = None, days: int | None = None) -> list[Item]:
    today = today or dt.date.today()
    days = days or followup_days()
    rows = _stale_referrals(today, days).order_by(Referral.referred_on, Referral.id).tuples()
    return [Item("referrals", i, ref, code, service, on, (today - on).days) for i, ref, code, service, on in rows]


def loans_not_disbursed(today: dt.date | None = None) -> list[Item]:
    today = today or dt.date.today()
    rows = _waiting_loans().order_by(Loan.approved_on, Loan.id).tuples()
    return [Item("loans", i, ref, code, prog, on, (today - on).days) for i, ref, code, prog, on in rows]


def counts(today: dt.date | None = None) -> dict[str, int]:
    """Sizes of both lists (the dashboard shows them)."""
    today = today or dt.date.today()
    return {"referrals_overdue": _stale_referrals(today, followup_days()).count(),
            "loans_not_disbursed": _waiting_loans().count()}


def export_followups(path, today: dt.date | None = None) -> dict[str, int]:
    """Both lists as a workbook (one sheet each: code, client code, what, since, days waited), to print or send
    to the supervisor; client codes only (no name is kept). Logged, as every export of client data is."""
    from openpyxl import Workbook

    from ward_desk import fileio
    from ward_desk.services.operation import operation
    from ward_desk.spec.codes import CODE_LISTS
    from ward_desk.spec import records as spec

    with operation("records.read", transaction=False) as op:
        lists = {"referrals": overdue_referrals(today), "loans": loans_not_disbursed(today)}
        book = Workbook()
        book.remove(book.active)
        for name, items in lists.items():
            codes = CODE_LISTS["service" if name == "referrals" else "programme"]
            sheet = book.create_sheet("Chuyen gui" if name == "referrals" else "Vay von")
            what, since = ("service", "referred_on") if name == "referrals" else ("programme", "approved_on")
            sheet.append([spec.column_label(key, "vi", name) for key in ("id", "client_code", what, since)]
                         + ["Số ngày chờ"])  # the columns worded as the form and the records workbook word them
            for item in items:
                sheet.append([item.ref, item.client_code, codes.label(item.what, "vi"),
                              item.since.strftime("%d/%m/%Y"), item.days])
            for column, width in zip("ABCDE", (12, 16, 36, 16, 12)):
                sheet.column_dimensions[column].width = width
        with fileio.atomic_path(path) as tmp:
            book.save(tmp)
        counts = {name: len(items) for name, items in lists.items()}
        op.log("export", table="followups", ref=str(path), new=counts)
    return counts
