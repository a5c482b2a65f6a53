"""Reports layer: the ward's annual plan targets and what has been achieved against them. No Qt here.

A target is set for a WDR-1 cell pattern (``INDICATOR:CATEGORY:SEX:AGE``, ``*`` = any, see ``reports.grid``) and a
year; it is measured against the year to date (``ytd``) of the matching cells. Targets are a supervisor's to set
(by hand or from the province's plan workbook), audited, all-or-nothing. A ward return carries them in an
optional ``Targets`` sheet (``indicator, category, sex, age, target``) that the content hash of ``Data`` ignores;
an office adds its wards' targets pattern by pattern.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ward_desk import messages
from ward_desk.errors import Problem, ValidationFailed, WardDeskError
from ward_desk.models import PlanTarget
from ward_desk.reports import grid as grids
from ward_desk.services.operation import operation
from ward_desk.services.targets import (  # noqa: F401 - the stored targets and the Targets sheet, named here too
    HEADER, TARGETS_SHEET, cell_text, plan_year, sum_targets, targets, targets_from_sheet, targets_sheet, whole,
)
from ward_desk.reports.vnnumbers import figures

SHEET = "Kế hoạch"
KEY_COLUMNS = HEADER[:4]

# The targets a ward's annual plan usually has (BRIEF §1-§2): offered on the Plan screen and in a blank plan file.
SUGGESTED = (
    ("REACH", "*", "*", "*"),
    ("REACH", "*", "F", "*"),
    ("REACH_NEW", "*", "*", "*"),
    ("CONTACTS", "*", "*", "*"),
    ("COMMODITIES", "CONDOMS", "*", "*"),
    ("SESSIONS", "*", "*", "*"),
    ("REFERRED", "*", "*", "*"),
    ("REFERRED", "HIV_TEST", "*", "*"),
    ("RECEIVED", "*", "*", "*"),
    ("EST_COMMITMENTS", "*", "*", "*"),
    ("EST_OWNERS_TRAINED", "*", "*", "*"),
    ("LOAN_DISBURSED", "*", "*", "*"),
    ("LOAN_AMOUNT", "*", "*", "*"),
    ("PEER_MEETINGS", "*", "*", "*"),
)

messages.register({
    "plan.bad_target": ("chỉ tiêu kế hoạch '{value}' phải là số nguyên >= 0 (hàng nghìn nhóm ba chữ số: 1.500)",
                        "the target '{value}' must be a whole number >= 0 (thousands grouped by three: 1,500)"),
    "plan.duplicate": ("{key} lặp lại dòng {other}", "{key} repeats row {other}"),
    "plan.header": ("dòng tiêu đề phải có các cột {expected}", "the header row must have the columns {expected}"),
    "plan.no_sheet": ("không có trang '{name}' (hoặc một trang duy nhất)",
                      "there is no sheet '{name}' (nor a single sheet)"),
    "plan.other_year": ("dòng cho năm {found}, không phải năm {year}", "a row for {found}, not for {year}"),
    "plan.unreadable": ("{detail}", "{detail}"),
    "plan.formula": ("ô chứa công thức; tệp kế hoạch chỉ được chứa giá trị",
                     "the cell holds a formula; a plan file holds values only"),
    "plan.sex.F": ("nữ", "women"), "plan.sex.M": ("nam", "men"), "plan.sex.T": ("chuyển giới", "transgender"),
    "plan.sex.U": ("không rõ giới", "sex unknown"),
    "plan.age": ("tuổi {age}", "aged {age}"),
    "plan.saved": ("Đã lưu {count} chỉ tiêu kế hoạch năm {year}.", "Saved {count} plan target(s) for {year}."),
    "plan.sheet.title": ("KẾ HOẠCH VÀ KẾT QUẢ THỰC HIỆN {period}", "PLAN AND ACHIEVEMENT {period}"),
    "plan.col.label": ("Chỉ tiêu", "Indicator"),
    "plan.col.target": ("Kế hoạch năm", "Annual target"),
    "plan.col.value": ("Kỳ này", "This period"),
    "plan.col.ytd": ("Lũy kế từ đầu năm", "Year to date"),
    "plan.col.percent": ("% so với kế hoạch", "% of target"),
})


@dataclass(frozen=True)
class Achievement:
    key: tuple[str, str, str, str]
    label: str
    target: int
    value: int  # this period
    ytd: int

    @property
    def percent(self) -> float | None:
        return None if not self.target else 100.0 * self.ytd / self.target


def label(key, lang: str | None = None) -> str:
    """A pattern in words: ``REFERRED:HIV_TEST:F:*`` -> 'Số người được chuyển gửi dịch vụ — Xét nghiệm HIV, nữ'."""
    from ward_desk import config
    from ward_desk.spec.catalogue import wdr1

    catalogue = wdr1()
    lang = lang or config.language()
    indicator, category, sex, age = key
    text = catalogue.label(indicator, lang) if indicator != "*" else "*"
    parts = []
    if category != "*":
        parts.append(catalogue.category_label(indicator, category, lang))
    if sex != "*":
        parts.append(messages.text(f"plan.sex.{sex}", lang))
    if age != "*":
        parts.append(messages.text("plan.age", lang, age=age))
    return text + (" — " + ", ".join(parts) if parts else "")


def _check_targets(values: dict) -> tuple[dict, list[Problem]]:
    clean, problems = {}, []
    for raw_key, raw in values.items():
        text = raw_key if isinstance(raw_key, str) else grids.pattern_text(raw_key)
        key, problem = grids.parse_pattern(text)
        if problem:
            problems.append(problem.at(field=text))
            continue
        if raw is None or str(raw).strip() == "":
            continue  # no target
        number = whole(raw)
        if number is None:
            problems.append(Problem("plan.bad_target", {"value": raw}, field=text))
            continue
        clean[key] = number
    return clean, problems


def set_targets(year, values: dict, *, source: str = "hand") -> dict:
    """Replace the year's targets with ``values`` ({pattern or key: number}; blank = no target), in one
    audited transaction. Any bad entry: ``ValidationFailed`` and nothing changes."""
    year = plan_year(year)
    clean, problems = _check_targets(values)
    if problems:
        raise ValidationFailed(problems)
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    with operation("plan.write") as op:
        old = targets(year)
        PlanTarget.delete().where(PlanTarget.year == year).execute()
        for key, number in clean.items():
            PlanTarget.create(year=year, indicator=key[0], category=key[1], sex=key[2], age=key[3], target=number,
                              updated_at=now, user_name=getattr(op.user, "username", None))
        if old != clean:
            op.log("plan.set", table="plan_targets", ref=str(year),
                   old={grids.pattern_text(k): v for k, v in old.items()},
                   new={grids.pattern_text(k): v for k, v in clean.items()},
                   detail=json.dumps({"source": source}, ensure_ascii=False))
    return clean


# ---- plan workbooks -----------------------------------------------------------------------------------------

def read_plan_workbook(path, year) -> dict:
    """The targets of a plan workbook (sheet ``Kế hoạch`` or its only sheet; header ``indicator, category, sex,
    age, target``, optional ``year`` and ``label`` columns). Every problem located; raises ``ValidationFailed``."""
    from ward_desk.export.xlsx_safety import open_workbook

    path = Path(path)
    year = plan_year(year)
    name = path.name
    try:
        book = open_workbook(path, kind="return")  # bounded: a plan is a return-sized workbook
        formulas = book.formulas
    except WardDeskError as exc:
        raise ValidationFailed([Problem("plan.unreadable", {"detail": exc.message()}, file=name)]) from None
    except Exception as exc:  # noqa: BLE001 - a damaged file is a message
        detail = messages.text("xlsx.unreadable", file=name, detail=str(exc) or type(exc).__name__)
        raise ValidationFailed([Problem("plan.unreadable", {"detail": detail}, file=name)]) from None
    names = list(book.sheet_names)
    sheet = SHEET if SHEET in names else (names[0] if len(names) == 1 else None)
    if sheet is None:
        raise ValidationFailed([Problem("plan.no_sheet", {"name": SHEET}, file=name)])
    problems = [Problem("plan.formula", {}, sheet=s, cell=ref, file=name) for s, refs in formulas.items()
                for ref in refs if s == sheet]
    rows = book.rows(sheet)
    header = [cell_text(v).lower() for v in (rows[0] if rows else [])]
    if not all(h in header for h in HEADER):
        raise ValidationFailed(problems + [Problem("plan.header", {"expected": ", ".join(HEADER)}, sheet=sheet,
                                                   cell="A1", file=name)])
    col = {h: header.index(h) for h in header if h}
    from openpyxl.utils import get_column_letter

    found: dict = {}
    seen: dict = {}
    for number, row in enumerate(rows[1:], start=2):
        row = list(row) + [None] * (len(header) - len(row))
        if all(cell_text(v) == "" for v in row):
            continue
        where = {"sheet": sheet, "file": name}
        if "year" in col and cell_text(row[col["year"]]) not in ("", str(year)):
            problems.append(Problem("plan.other_year", {"found": cell_text(row[col["year"]]), "year": year},
                                    cell=f"{get_column_letter(col['year'] + 1)}{number}", **where))
            continue
        text = ":".join(cell_text(row[col[h]]) or "*" for h in KEY_COLUMNS)
        key, problem = grids.parse_pattern(text)
        if problem:
            problems.append(problem.at(cell=f"A{number}", **where))
            continue
        if key in seen:
            problems.append(Problem("plan.duplicate", {"key": text, "other": seen[key]}, cell=f"A{number}",
                                    **where))
            continue
        seen[key] = number
        raw = row[col["target"]]
        if cell_text(raw) == "":
            continue
        value = whole(raw)
        if value is None:
            problems.append(Problem("plan.bad_target", {"value": cell_text(raw)},
                                    cell=f"{get_column_letter(col['target'] + 1)}{number}", **where))
            continue
        found[key] = value
    if problems:
        raise ValidationFailed(problems)
    return found


def import_plan(path, year) -> dict:
    """Read a plan workbook and make its targets the year's (all or nothing, audited)."""
    from ward_desk.services import session

    session.require("plan.write")  # before the file is read: a clerk learns that first
    values = read_plan_workbook(path, year)
    return set_targets(year, values, source=Path(path).name)


def export_plan(path, year) -> Path:
    """The year's targets as a plan workbook that ``import_plan`` takes back; with no targets yet, the usual
    rows with the target left blank (a form to fill)."""
    from openpyxl import Workbook

    from ward_desk.export.cells import set_text_cell
    from ward_desk.fileio import atomic_path

    year = plan_year(year)
    current = targets(year)
    keys = list(current) or list(SUGGESTED)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    for j, name in enumerate((*HEADER, "year", "label"), start=1):
        set_text_cell(ws.cell(row=1, column=j), name)
    for i, key in enumerate(keys, start=2):
        for j, part in enumerate(key, start=1):
            set_text_cell(ws.cell(row=i, column=j), part)
        if key in current:
            ws.cell(row=i, column=5, value=current[key])
        ws.cell(row=i, column=6, value=year)
        set_text_cell(ws.cell(row=i, column=7), label(key))
    for col, width in zip("ABCDEFG", (20, 14, 6, 8, 14, 8, 60)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    path = Path(path)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


# ---- achievement ------------------------------------------------------------------------------------------------

def achievement(grid: grids.Grid, keys=None) -> list[Achievement]:
    """Each target of the grid's year with this period's value, the year to date and the percent achieved."""
    wanted = keys if keys is not None else list(grid.targets)
    return [Achievement(k, label(k), grid.targets.get(k, 0), grid.sum(k, "value"), grid.sum(k, "ytd"))
            for k in wanted]


def percent_text(a: Achievement) -> str:
    return "" if a.percent is None else f"{a.percent:.1f}".replace(".", ",") + "%"


def write_plan_vs_achieved(out, period: str | None = None, *, basis: str | None = None, source=None) -> Path:
    """A "plan vs achieved" sheet for any period: each target, this period, the year to date, the percent."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ward_desk.export.cells import set_text_cell
    from ward_desk.fileio import atomic_path

    grid = grids.load(period, basis, source)
    rows = achievement(grid)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    set_text_cell(ws["A1"], f"{grid.unit_code} {grid.unit_name}".strip())
    set_text_cell(ws["A2"], messages.text("plan.sheet.title", period=grid.period.code))
    ws["A2"].font = Font(bold=True, size=13)
    heads = ("plan.col.label", "plan.col.target", "plan.col.value", "plan.col.ytd", "plan.col.percent")
    for j, code in enumerate(heads, start=1):
        set_text_cell(ws.cell(row=4, column=j), messages.text(code))
        ws.cell(row=4, column=j).font = Font(bold=True)
    set_text_cell(ws.cell(row=4, column=6), "pattern")
    for i, a in enumerate(rows, start=5):
        set_text_cell(ws.cell(row=i, column=1), a.label)
        for j, n in ((2, a.target), (3, a.value), (4, a.ytd)):
            ws.cell(row=i, column=j, value=n).number_format = "#,##0"
        if a.percent is not None:
            ws.cell(row=i, column=5, value=round(a.percent / 100, 4)).number_format = "0.0%"
        set_text_cell(ws.cell(row=i, column=6), grids.pattern_text(a.key))
    for col, width in zip("ABCDEF", (60, 14, 14, 16, 14, 30)):
        ws.column_dimensions[col].width = width
    out = Path(out)
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out


def summary_line(a: Achievement) -> str:
    return f"{a.label}: {figures(a.ytd)} / {figures(a.target)} ({percent_text(a)})"
