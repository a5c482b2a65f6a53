"""Reports layer: the ``{{...}}`` placeholders of province forms and of a ward's own report template. No Qt here.

``{{INDICATOR:CATEGORY:SEX:AGE:value}}`` (or ``:ytd``) is the sum of every WDR-1 grid cell that matches, each
part a catalogue code or ``*``; ``{{INDICATOR:CATEGORY:SEX:AGE:target}}`` is the plan target set for exactly that
pattern. Names: ``unit_name``, ``unit_code``, ``period``, ``period_start``, ``period_end``, ``office_name``,
``office_code``, ``year``.
"""

from __future__ import annotations

import re

from ward_desk import messages
from ward_desk.errors import Problem
from ward_desk.reports import grid as grids
from ward_desk.reports.vnnumbers import figures

PATTERN = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
NAMES = ("unit_name", "unit_code", "period", "period_start", "period_end", "office_name", "office_code", "year")
NUMBER_FIELDS = ("value", "ytd", "target")

_WHAT = ("chỗ điền '{{{{{text}}}}}' không biết: ", "unknown placeholder '{{{{{text}}}}}': ")
messages.register({
    "form.bad_field": (_WHAT[0] + "phần cuối phải là value, ytd hoặc target, không phải '{field}'",
                       _WHAT[1] + "the last part must be value, ytd or target, not '{field}'"),
    "form.bad_name": (_WHAT[0] + "không phải tên nào trong {names} và không phải INDICATOR:CATEGORY:SEX:AGE:value|ytd",
                      _WHAT[1] + "not one of {names} nor INDICATOR:CATEGORY:SEX:AGE:value|ytd"),
    "form.grid.bad_pattern": (_WHAT[0] + "'{text}' không phải INDICATOR:CATEGORY:SEX:AGE:value|ytd",
                              _WHAT[1] + "'{text}' is not INDICATOR:CATEGORY:SEX:AGE:value|ytd"),
    "form.grid.unknown_indicator": (_WHAT[0] + "chỉ tiêu '{code}' không có trong danh mục WDR-1",
                                    _WHAT[1] + "the indicator '{code}' is not in the WDR-1 catalogue"),
    "form.grid.no_match": (_WHAT[0] + "không khớp ô nào của lưới WDR-1", _WHAT[1] + "it matches no cell of the WDR-1 grid"),
})


def find(text: str) -> list[str]:
    return PATTERN.findall(text or "")


def check(inner: str) -> Problem | None:
    """None when ``{{inner}}`` can be filled; else why not (the caller locates it). The message is rendered in
    the reader's language when listed, like every Problem."""
    if inner in NAMES:
        return None
    parts = inner.split(":")
    if len(parts) != 5:
        return Problem("form.bad_name", {"text": inner, "names": ", ".join(NAMES)})
    if parts[4].strip().lower() not in NUMBER_FIELDS:
        return Problem("form.bad_field", {"text": inner, "field": parts[4]})
    _key, problem = grids.parse_pattern(":".join(parts[:4]))
    if problem:
        return Problem(problem.code.replace("grid.", "form.grid.", 1), {**problem.params, "text": inner})
    return None


def is_number(inner: str) -> bool:
    return inner not in NAMES


def value(inner: str, grid: grids.Grid):
    """The number (int) or text a placeholder stands for in ``grid``."""
    if inner in NAMES:
        p = grid.period
        return {"unit_name": grid.unit_name, "unit_code": grid.unit_code, "period": p.code,
                "period_start": p.start.strftime("%d/%m/%Y"), "period_end": p.end.strftime("%d/%m/%Y"),
                "office_name": grid.office_name, "office_code": grid.office_code, "year": str(p.year)}[inner]
    parts = inner.split(":")
    key, _problem = grids.parse_pattern(":".join(parts[:4]))
    which = parts[4].strip().lower()
    if which == "target":
        return int(grid.targets.get(key, 0))
    return grid.sum(key, which)


def render(text: str, grid: grids.Grid) -> str:
    """``text`` with every placeholder replaced (numbers as ``1.531``)."""
    def one(match):
        v = value(match.group(1), grid)
        return figures(v) if isinstance(v, int) else str(v)

    return PATTERN.sub(one, text)
