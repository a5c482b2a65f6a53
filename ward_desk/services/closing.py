"""Service layer: closed periods. No Qt here.

Once a WDR-1 return for a period has been exported, the figures that went up must not change silently: every
record dated in that period is locked. Which dates count: every date field of the record (a contact's date, a
referral's referral and service dates, a loan's request, approval, disbursement, rejection and closing dates,
a client's registration and consent dates...), before and after a change. Every exported period locks, whatever
its length and basis (an exported quarter locks its three months too). A supervisor unlocks one period with a
reason (audited as ``unlock``); the period's next export closes it again, and if the numbers changed that export
is a correction with the next submission number (``services.returns``).

Known limit, written in the README: a client's sex or birth year is not a dated fact, so changing it on a client
registered before the period is allowed; the next export of an affected period shows as a correction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ward_desk import messages
from ward_desk.errors import WardDeskError
from ward_desk.models import ExportHistory, PeriodUnlock, utcnow
from ward_desk.services import periods, rules
from ward_desk.services.operation import operation

messages.register({
    "closing.closed": (
        "Không thể thay đổi: {what} ngày {date} thuộc kỳ {period} đã xuất báo cáo (lần nộp {no}). Một giám sát "
        "viên cần mở khoá kỳ này kèm lý do (màn hình Báo cáo → Kỳ đã khóa → Mở khóa); lần xuất sau sẽ là báo cáo "
        "điều chỉnh.",
        "Cannot change: {what} dated {date} is in period {period}, whose return was exported (submission {no}). "
        "A supervisor must unlock the period with a reason (the Returns screen → Closed periods → Unlock); the "
        "next export will be a correction.",
    ),
    "closing.cli_unlock": ("Trên dòng lệnh: ward-desk period unlock {period} --reason \"...\"",
                           "On the command line: ward-desk period unlock {period} --reason \"...\""),
    "closing.not_exported": (
        "Kỳ {period} ({basis}) chưa xuất báo cáo nên không bị khoá.",
        "Period {period} ({basis}) has not been exported, so it is not locked.",
    ),
    "closing.reason_needed": ("Cần ghi lý do mở khoá.", "A reason for the unlock is required."),
})


@dataclass(frozen=True)
class ClosedPeriod:
    period: str
    basis: str
    start: dt.date
    end: dt.date
    submission_no: int


def closed_periods() -> list[ClosedPeriod]:
    """Every exported period not currently unlocked, newest first."""
    latest: dict[tuple[str, str], int] = {}
    for period, basis, no in ExportHistory.select(ExportHistory.period, ExportHistory.basis,
                                                  ExportHistory.submission_no).tuples():
        latest[(period, basis)] = max(no, latest.get((period, basis), 0))
    unlocked = {(p, b) for p, b in PeriodUnlock.select(PeriodUnlock.period, PeriodUnlock.basis)
                .where(PeriodUnlock.relocked_at.is_null()).tuples()}
    out = []
    for (period, basis), no in latest.items():
        if (period, basis) in unlocked:
            continue
        p = periods.parse(period, basis)
        out.append(ClosedPeriod(p.code, p.basis, p.start, p.end, no))
    return sorted(out, key=lambda c: (c.end, c.start), reverse=True)


class Checker:
    """The closed periods read once, for checking many rows (an import) against them."""

    def __init__(self):
        self.closed = closed_periods()

    def closing(self, day: Any) -> ClosedPeriod | None:
        if not isinstance(day, dt.date) or not self.closed:
            return None
        if isinstance(day, dt.datetime):
            day = day.date()
        for c in self.closed:
            if c.start <= day <= c.end:
                return c
        return None

    def first_closed(self, kind: str, values: dict[str, Any] | None) -> tuple[str, dt.date, ClosedPeriod] | None:
        """(column, date, period) of the first date of ``values`` in a closed period, else None."""
        if not values or not self.closed:
            return None
        for field in rules.SCHEMA[kind]:
            if field.type == "date":
                hit = self.closing(values.get(field.key))
                if hit is not None:
                    return field.key, values[field.key], hit
        return None


def ensure_open(kind: str, old: dict[str, Any] | None, new: dict[str, Any] | None, *, label: str = "") -> None:
    """Refuse a write that touches a closed period through the record's dates before or after it."""
    checker = Checker()
    for values in (old, new):
        hit = checker.first_closed(kind, values)
        if hit is not None:
            column, day, period = hit
            raise WardDeskError("closing.closed", what=label or kind, date=rules.date_text(day), period=period.period,
                                no=period.submission_no, field=column)


def unlock(period: str, reason: str, basis: str | None = None) -> PeriodUnlock:
    """Reopen an exported period (supervisor), reason required; audited. The next export closes it again."""
    with operation("period.unlock") as op:
        reason = (reason or "").strip()
        if not reason:
            raise WardDeskError("closing.reason_needed")
        from ward_desk.services import settings

        p = periods.parse(period, basis or settings.get("period_basis"))
        exported = ExportHistory.select().where(ExportHistory.period == p.code, ExportHistory.basis == p.basis)
        if not exported.exists():
            raise WardDeskError("closing.not_exported", period=p.code, basis=p.basis)
        row = PeriodUnlock.create(period=p.code, basis=p.basis, unlocked_at=utcnow(), user_name=op.user.username,
                                  reason=reason)
        op.log("unlock", table="period_unlocks", ref=f"{p.code}/{p.basis}", new={"reason": reason}, detail=reason)
    return row


def relock(period: str, basis: str) -> None:
    """Close the period again (called in the export's own transaction)."""
    (PeriodUnlock.update(relocked_at=utcnow())
     .where(PeriodUnlock.period == period, PeriodUnlock.basis == basis, PeriodUnlock.relocked_at.is_null())
     .execute())


def period_states() -> list[dict[str, Any]]:
    """Each exported period: last submission, locked or unlocked (with who and why)."""
    rows = []
    latest: dict[tuple[str, str], ExportHistory] = {}
    for h in ExportHistory.select().order_by(ExportHistory.submission_no):
        latest[(h.period, h.basis)] = h
    open_unlocks = {(u.period, u.basis): u for u in
                    PeriodUnlock.select().where(PeriodUnlock.relocked_at.is_null()).order_by(PeriodUnlock.id)}
    for (period, basis), h in sorted(latest.items(), reverse=True):
        unlock_row = open_unlocks.get((period, basis))
        rows.append({"period": period, "basis": basis, "submission_no": h.submission_no,
                     "exported_at": h.generated_at, "locked": unlock_row is None,
                     "unlocked_by": unlock_row.user_name if unlock_row else None,
                     "reason": unlock_row.reason if unlock_row else None})
    return rows

