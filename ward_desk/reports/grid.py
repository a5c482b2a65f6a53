"""Reports layer: one period's WDR-1 grid as ``{(indicator, category, sex, age): (value, ytd)}``, from the ward's
records or from a (consolidated) return file, and the cell patterns every report uses. No Qt here.

A pattern is ``INDICATOR:CATEGORY:SEX:AGE``, each part a catalogue code or ``*`` (any); its value is the sum over
every grid cell that matches. This module is the only place the reports touch the grid's API
(``services.indicators``, ``export.return_check`` and the declared catalogue ``spec.catalogue.wdr1``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ward_desk import messages
from ward_desk.errors import Problem, ValidationFailed, WardDeskError
from ward_desk.services import indicators, periods, settings
from ward_desk.spec.catalogue import wdr1

FIELDS = ("value", "ytd")

messages.register({
    "grid.bad_pattern": ("'{text}' không phải INDICATOR:CATEGORY:SEX:AGE", "'{text}' is not INDICATOR:CATEGORY:SEX:AGE"),
    "grid.unknown_indicator": ("chỉ tiêu '{code}' không có trong danh mục WDR-1",
                               "the indicator '{code}' is not in the WDR-1 catalogue"),
    "grid.no_match": ("'{text}' không khớp ô nào của lưới WDR-1", "'{text}' matches no cell of the WDR-1 grid"),
    "grid.bad_file": ("{file}: không dùng được báo cáo này", "{file}: this return cannot be used"),
})


@dataclass
class Grid:
    """A period's numbers and who they are for."""

    period: periods.Period
    cells: dict  # key -> (value, ytd)
    unit_code: str = ""
    unit_name: str = ""
    office_code: str = ""
    office_name: str = ""
    targets: dict = field(default_factory=dict)  # pattern key -> annual target (from the return or the plan)

    def sum(self, key: tuple[str, str, str, str], which: str = "value") -> int:
        index = FIELDS.index(which)
        return sum(v[index] for k, v in self.cells.items() if matches(key, k))


def matches(pattern: tuple[str, str, str, str], key: tuple[str, str, str, str]) -> bool:
    return all(p == "*" or p == k for p, k in zip(pattern, key))


def parse_pattern(text: str) -> tuple[tuple[str, str, str, str] | None, Problem | None]:
    """``(key, None)`` or ``(None, problem)`` for ``INDICATOR:CATEGORY:SEX:AGE`` (codes upper-cased)."""
    parts = [p.strip().upper() for p in str(text).split(":")]
    if len(parts) != 4 or not all(parts):
        return None, Problem("grid.bad_pattern", {"text": text})
    parts = ["*" if p == "*" else p for p in parts]
    # ages are written as the catalogue writes them (16-17, 50+, UNK, U16): upper-casing keeps them
    catalogue = wdr1()
    if parts[0] != "*" and parts[0] not in catalogue.indicators:
        return None, Problem("grid.unknown_indicator", {"code": parts[0]})
    key = tuple(parts)
    if not any(matches(key, k) for k in catalogue.grid_keys):
        return None, Problem("grid.no_match", {"text": text})
    return key, None


def pattern_text(key) -> str:
    return ":".join(key)


def from_records(period: str, basis: str | None = None) -> Grid:
    """The ward's grid for ``period`` computed from its records (what the return would carry)."""
    from ward_desk.services import accounts

    accounts.require("records.read")
    p = periods.parse(period, basis or settings.get("period_basis"))
    unit = settings.ward_unit()
    office = settings.get("office_code") or unit.province_code or ""
    from ward_desk import units

    from ward_desk.reports import plan

    return Grid(p, {c.key: (c.value, c.ytd) for c in indicators.compute(p)}, unit.code, unit.name, office,
                units.office_name(office) or "", plan.targets(p.year))


def from_return(path) -> Grid:
    """The grid of a checked WDR-1 return file: an office fills forms from its consolidation this way."""
    from ward_desk import units
    from ward_desk.export.return_check import check_return

    path = Path(path)
    checked = check_return(path)
    if not checked.ok:
        raise ValidationFailed(checked.errors, "grid.bad_file", file=path.name)
    meta = checked.meta
    p = periods.parse(meta["period"], meta.get("period_basis") or "calendar")
    office = meta.get("office_code", "")
    from ward_desk.reports import plan

    targets = plan.targets_from_sheet(checked.sheets.get("Targets") or [], sheet="Targets", file=path.name)
    return Grid(p, {c.key: (c.value, c.ytd) for c in checked.cells}, meta.get("unit_code", ""),
                meta.get("unit_name", ""), office, units.office_name(office) or "", targets)


def load(period: str | None = None, basis: str | None = None, source=None) -> Grid:
    """From a return file when ``source`` is given, else from the ward's records for ``period``."""
    if source:
        grid = from_return(source)
        if period and periods.parse(period, grid.period.basis).code != grid.period.code:
            raise WardDeskError("report.period_mismatch", file=Path(source).name, found=grid.period.code,
                                period=period)
        return grid
    return from_records(period, basis)


messages.register({
    "report.cancelled": ("Đã hủy; không ghi tệp nào.", "Cancelled; no file was written."),
    "report.period_mismatch": ("{file} là báo cáo kỳ {found}, không phải {period}",
                               "{file} is the return for {found}, not {period}"),
})


def step(progress, cancel, done: int, total: int) -> None:
    """Report progress and stop (nothing written yet) when the person cancelled."""
    if cancel is not None and cancel.is_set():
        raise WardDeskError("report.cancelled")
    if progress:
        progress(done, total)
