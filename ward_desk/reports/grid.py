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
from ward_desk.errors import ValidationFailed, WardDeskError
from ward_desk.services import indicators, periods, settings
from ward_desk.services.targets import matches, parse_pattern, pattern_text, targets, targets_from_sheet

__all__ = ["Grid", "matches", "parse_pattern", "pattern_text", "from_records", "from_return", "load", "step"]

FIELDS = ("value", "ytd")

messages.register({
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


def from_records(period: str, basis: str | None = None) -> Grid:
    """The ward's grid for ``period`` computed from its records (what the return would carry)."""
    from ward_desk.services import session

    session.require("records.read")
    p = periods.parse(period, basis or settings.get("period_basis"))
    unit = settings.ward_unit()
    office = settings.get("office_code") or unit.province_code or ""
    from ward_desk import units

    return Grid(p, {c.key: (c.value, c.ytd) for c in indicators.compute(p)}, unit.code, unit.name, office,
                units.office_name(office) or "", targets(p.year))


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
    unit = meta.get("unit_code", "")
    office = meta.get("office_code", "")
    office_name = units.office_name(office) or ""
    if not office and (units.province(unit) or units.is_custom_office_code(unit)):
        # a province's (or a top office's) own consolidation: the office is the unit itself
        office, office_name = unit, units.office_name(unit) or meta.get("unit_name", "") or unit
    carried = targets_from_sheet(checked.sheets.get("Targets") or [])
    return Grid(p, {c.key: (c.value, c.ytd) for c in checked.cells}, unit,
                meta.get("unit_name", ""), office, office_name, carried)


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
