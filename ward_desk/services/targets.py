"""Service layer: the WDR-1 cell patterns reports use, and the ward's stored annual plan targets. No Qt here.

A pattern is ``INDICATOR:CATEGORY:SEX:AGE``, each part a catalogue code or ``*`` (any); its value is the sum
over every grid cell that matches. A target is kept per year and pattern (``PlanTarget``). The optional
``Targets`` sheet of a return (``indicator, category, sex, age, target``) carries a year's targets; its rows are
read here, and an office adds its units' targets pattern by pattern. Changing targets is ``reports.plan``'s.
"""

from __future__ import annotations

from ward_desk import messages
from ward_desk.errors import Problem, WardDeskError
from ward_desk.models import PlanTarget
from ward_desk.spec.catalogue import wdr1

TARGETS_SHEET = "Targets"
HEADER = ("indicator", "category", "sex", "age", "target")

messages.register({
    "grid.bad_pattern": ("'{text}' không phải INDICATOR:CATEGORY:SEX:AGE", "'{text}' is not INDICATOR:CATEGORY:SEX:AGE"),
    "grid.unknown_indicator": ("chỉ tiêu '{code}' không có trong danh mục WDR-1",
                               "the indicator '{code}' is not in the WDR-1 catalogue"),
    "grid.no_match": ("'{text}' không khớp ô nào của lưới WDR-1", "'{text}' matches no cell of the WDR-1 grid"),
    "plan.bad_year": ("Năm kế hoạch '{value}' không hợp lệ.", "The plan year '{value}' is not valid."),
})


def matches(pattern: tuple[str, str, str, str], key: tuple[str, str, str, str]) -> bool:
    return all(p == "*" or p == k for p, k in zip(pattern, key))


def parse_pattern(text: str) -> tuple[tuple[str, str, str, str] | None, Problem | None]:
    """``(key, None)`` or ``(None, problem)`` for ``INDICATOR:CATEGORY:SEX:AGE`` (codes upper-cased; ages are
    written as the catalogue writes them, 16-17, 50+, UNK, U16, which upper-casing keeps)."""
    parts = [p.strip().upper() for p in str(text).split(":")]
    if len(parts) != 4 or not all(parts):
        return None, Problem("grid.bad_pattern", {"text": text})
    catalogue = wdr1()
    if parts[0] != "*" and parts[0] not in catalogue.indicators:
        return None, Problem("grid.unknown_indicator", {"code": parts[0]})
    key = tuple(parts)
    if not any(matches(key, k) for k in catalogue.grid_keys):
        return None, Problem("grid.no_match", {"text": text})
    return key, None


def pattern_text(key) -> str:
    return ":".join(key)


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


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def whole(raw) -> int | None:
    """A whole number >= 0 from a cell or a typed value (``1.500`` and ``1,500`` read as 1500), else None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() and raw >= 0 else None
    if isinstance(raw, int):
        return raw if raw >= 0 else None
    text = str(raw).strip().replace(".", "").replace(",", "").replace(" ", "")
    return int(text) if text.isdigit() else None


def targets_sheet(year) -> list[tuple] | None:
    """Rows of a return's ``Targets`` sheet, or None when the year has no target (the sheet is then left out)."""
    current = targets(year)
    if not current:
        return None
    return [HEADER] + [(*key, value) for key, value in current.items()]


def targets_from_sheet(rows) -> dict:
    """The targets a return's ``Targets`` sheet carries; a reader that does not know them ignores the sheet, and a
    bad row is left out here (the numbers of ``Data`` never depend on it)."""
    found: dict = {}
    for row in list(rows)[1:]:
        row = list(row) + [None] * (5 - len(row))
        key, problem = parse_pattern(":".join(cell_text(v) or "*" for v in row[:4]))
        value = whole(row[4]) if not isinstance(row[4], str) else None
        if problem is None and value is not None:
            found[key] = found.get(key, 0) + value
    return found


def sum_targets(many) -> dict:
    """An office's targets: its units' targets added pattern by pattern."""
    total: dict = {}
    for one in many:
        for key, value in one.items():
            total[key] = total.get(key, 0) + value
    return total
