"""Service layer: reporting periods (RETURN-v1 §0): parse ``YYYY-MM``/``YYYY-Qn``/``YYYY-Hn``/``YYYY`` and give
their inclusive date ranges on the ``calendar`` or ``nd09`` (Decree 09/2019, 15th-to-14th) basis. No Qt here."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ward_desk import messages
from ward_desk.errors import WardDeskError

BASES = ("calendar", "nd09")
_PATTERN = re.compile(r"^(\d{4})(?:-(?:(\d{2})|Q([1-4])|H([12])))?$")

messages.register({
    "period.bad": (
        "Kỳ báo cáo '{value}' không hợp lệ: dùng YYYY-MM, YYYY-Qn, YYYY-H1/H2 hoặc YYYY.",
        "The period '{value}' is not valid: use YYYY-MM, YYYY-Qn, YYYY-H1/H2 or YYYY.",
    ),
    "period.bad_basis": (
        "Cách tính kỳ '{value}' không hợp lệ: dùng calendar hoặc nd09.",
        "The period basis '{value}' is not valid: use calendar or nd09.",
    ),
})


@dataclass(frozen=True)
class Period:
    code: str
    kind: str  # month, quarter, half, year
    year: int
    part: int  # month 1-12, quarter 1-4, half 1-2, 1 for a year
    basis: str
    start: dt.date
    end: dt.date
    year_start: dt.date  # start of the reporting year: YTD runs year_start..end

    @property
    def ytd_range(self) -> tuple[dt.date, dt.date]:
        return self.year_start, self.end


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _nd09_start(year: int, month: int) -> dt.date:
    """The 15th of the month before ``month`` (15 Dec of the previous year for January)."""
    return dt.date(year - 1, 12, 15) if month == 1 else dt.date(year, month - 1, 15)


def parse(text: str, basis: str = "calendar") -> Period:
    """A Period, or ``WardDeskError`` naming the bad value."""
    code = str(text or "").strip().upper()
    if basis not in BASES:
        raise WardDeskError("period.bad_basis", value=basis)
    match = _PATTERN.match(code)
    if not match:
        raise WardDeskError("period.bad", value=text)
    year = int(match.group(1))
    month, quarter, half = match.group(2), match.group(3), match.group(4)
    if year < 1900 or year > 9998:
        raise WardDeskError("period.bad", value=text)
    if month is not None:
        kind, part, first, last = "month", int(month), int(month), int(month)
        if not 1 <= part <= 12:
            raise WardDeskError("period.bad", value=text)
    elif quarter is not None:
        kind, part = "quarter", int(quarter)
        first, last = 3 * part - 2, 3 * part
    elif half is not None:
        kind, part = "half", int(half)
        first, last = 6 * part - 5, 6 * part
    else:
        kind, part, first, last = "year", 1, 1, 12
    if basis == "calendar":
        start, end, year_start = dt.date(year, first, 1), _month_end(year, last), dt.date(year, 1, 1)
    else:
        start, end, year_start = _nd09_start(year, first), dt.date(year, last, 14), dt.date(year - 1, 12, 15)
    return Period(code, kind, year, part, basis, start, end, year_start)


def is_valid(text: str) -> bool:
    try:
        parse(text)
    except WardDeskError:
        return False
    return True


def month_periods(year: int) -> list[str]:
    return [f"{year:04d}-{m:02d}" for m in range(1, 13)]
