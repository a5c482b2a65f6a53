"""Export layer: the optional ``Targets`` sheet of a WDR-1 return and the cell patterns it uses. No Qt, no
database here (``return check`` reads the sheet; ``services.targets`` keeps a ward's stored targets).

A pattern is ``INDICATOR:CATEGORY:SEX:AGE``, each part a catalogue code or ``*`` (any); its value is the sum
over every grid cell that matches. The sheet (``indicator, category, sex, age, target``) carries a year's targets.
"""

from __future__ import annotations

import re

from ward_desk import messages
from ward_desk.errors import Problem
from ward_desk.spec.catalogue import wdr1

TARGETS_SHEET = "Targets"
HEADER = ("indicator", "category", "sex", "age", "target")

messages.register({
    "grid.bad_pattern": ("'{text}' không phải INDICATOR:CATEGORY:SEX:AGE", "'{text}' is not INDICATOR:CATEGORY:SEX:AGE"),
    "grid.unknown_indicator": ("chỉ tiêu '{code}' không có trong danh mục WDR-1",
                               "the indicator '{code}' is not in the WDR-1 catalogue"),
    "grid.no_match": ("'{text}' không khớp ô nào của lưới WDR-1", "'{text}' matches no cell of the WDR-1 grid"),
    "return.warn.targets_header": ("trang Targets: dòng tiêu đề phải là {expected}; chỉ tiêu kế hoạch không được tính",
                                   "the Targets sheet's header must be {expected}; its targets are not counted"),
    "return.warn.targets_row": ("dòng chỉ tiêu kế hoạch bị bỏ qua: {detail}", "plan target row left out: {detail}"),
    "return.warn.targets_value": (
        "chỉ tiêu kế hoạch '{value}' của {key} không phải số nguyên >= 0; dòng bị bỏ qua",
        "the plan target '{value}' of {key} is not a whole number >= 0; the row is left out"),
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


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_PLAIN = re.compile(r"[0-9]+", re.ASCII)
_GROUPED = re.compile(r"[0-9]{1,3}(?:[., ][0-9]{3})+", re.ASCII)
_SEPARATOR = re.compile(r"[., ]")


def whole(raw) -> int | None:
    """A whole number >= 0 from a cell or a typed value, else None: plain digits, or thousands grouped by threes
    with one separator (``1.500``, ``1,500`` and ``1 500`` read as 1500); ``1.5`` or ``1,50`` is refused."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() and raw >= 0 else None
    if isinstance(raw, int):
        return raw if raw >= 0 else None
    text = str(raw).strip()
    if _PLAIN.fullmatch(text):
        return int(text)
    if _GROUPED.fullmatch(text) and len(set(_SEPARATOR.findall(text))) == 1:
        return int(_SEPARATOR.sub("", text))  # 1.500 / 1,500 / 1 500 / 1.500.000: thousands, never a fraction
    return None  # 1.5, 15,0, 1.50, -3, 2e3: refused, not guessed


def read_targets_sheet(rows) -> tuple[dict, list[Problem]]:
    """The targets a return's ``Targets`` sheet carries, and a warning (``return.warn.targets_*``, located at the
    sheet's cell) for each row left out: the numbers of ``Data`` never depend on the sheet, but an office that adds
    its wards' targets must learn that one was not counted."""
    found: dict = {}
    problems: list[Problem] = []
    rows = list(rows)
    header = [cell_text(v).lower() for v in (rows[0] if rows else [])][:5]
    if rows and tuple(header) != HEADER:
        problems.append(Problem("return.warn.targets_header", {"expected": ", ".join(HEADER)}, sheet=TARGETS_SHEET,
                                cell="A1"))
        return found, problems
    for number, row in enumerate(rows[1:], start=2):
        row = list(row) + [None] * (5 - len(row))
        if all(cell_text(v) == "" for v in row[:5]):
            continue
        text = ":".join(cell_text(v) or "*" for v in row[:4])
        key, problem = parse_pattern(text)
        if problem is not None:
            problems.append(Problem("return.warn.targets_row", {"detail": problem.message()}, sheet=TARGETS_SHEET,
                                    cell=f"A{number}"))
            continue
        value = whole(row[4])
        if value is None:
            problems.append(Problem("return.warn.targets_value", {"value": cell_text(row[4]), "key": text},
                                    sheet=TARGETS_SHEET, cell=f"E{number}"))
            continue
        found[key] = found.get(key, 0) + value
    return found, problems


def targets_from_sheet(rows) -> dict:
    """The targets a return's ``Targets`` sheet carries; a bad row is left out (``read_targets_sheet`` says
    which), and a reader that does not know the sheet ignores it."""
    return read_targets_sheet(rows)[0]
