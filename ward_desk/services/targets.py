"""Service layer: the WDR-1 cell patterns reports use, and the ward's stored annual plan targets. No Qt here.

A pattern is ``INDICATOR:CATEGORY:SEX:AGE``, each part a catalogue code or ``*`` (any); its value is the sum
over every grid cell that matches. A target is kept per year and pattern (``PlanTarget``). The optional
``Targets`` sheet of a return (``indicator, category, sex, age, target``) carries a year's targets; its rows are
read here, and an office adds its units' targets pattern by pattern. Changing targets is ``reports.plan``'s.
"""

from __future__ import annotations

from ward_desk.errors import WardDeskError
from ward_desk.export.targets_sheet import (  # noqa: F401 - the sheet and patterns, named here too
    HEADER, TARGETS_SHEET, cell_text, matches, parse_pattern, pattern_text, read_targets_sheet, targets_from_sheet,
    whole,
)
from ward_desk.models import PlanTarget


def plan_year(year) -> int:
    try:
        value = int(str(year).strip())
    except ValueError:
        raise WardDeskError("plan.bad_year", value=year) from None
    if not 1900 <= value <= 9998:
        raise WardDeskError("plan.bad_year", value=year)
    return value


def targets(year) -> dict[tuple[str, str, str, str], int]:
    """The year's targets by pattern, in the order they were set."""
    rows = PlanTarget.select().where(PlanTarget.year == plan_year(year)).order_by(PlanTarget.id)
    return {(r.indicator, r.category, r.sex, r.age): int(r.target) for r in rows}


def targets_sheet(year) -> list[tuple] | None:
    """Rows of a return's ``Targets`` sheet, or None when the year has no target (the sheet is then left out)."""
    current = targets(year)
    if not current:
        return None
    return [HEADER] + [(*key, value) for key, value in current.items()]


def sum_targets(many) -> dict:
    """An office's targets: its units' targets added pattern by pattern."""
    total: dict = {}
    for one in many:
        for key, value in one.items():
            total[key] = total.get(key, 0) + value
    return total
