"""Export layer: check a WDR-1 return (RETURN-v1 §4) as a consolidating office would. No Qt here.

One validator for ``return check``, for the export (a return that fails is never written) and for
consolidation. The file is vetted by ``ensure_safe_xlsx`` before any parser sees it, read with calamine
(cached values only: nothing is ever evaluated), and its sheet XML is scanned for ``<f>`` elements so a
formula anywhere is refused. Every problem names the sheet and cell where there is one; a broken file is a
list of problems, never a traceback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ward_desk import messages, units
from ward_desk.errors import Problem, WardDeskError
from ward_desk.export.return_workbook import DATA_HEADER, FORM_SHEET, META_KEYS
from ward_desk.export.xlsx_safety import MAX_RETURN_UNCOMPRESSED_BYTES, ensure_safe_xlsx, formula_cells
from ward_desk.services import indicators, periods

DEADLINE_DAYS = 10  # the office's deadline after the period's end (warning only)

messages.register({
    "return.unreadable": ("{detail}", "{detail}"),
    "return.sheet_missing": ("thiếu trang '{name}'", "the sheet '{name}' is missing"),
    "return.meta_missing": ("thiếu khoá '{key}'", "the key '{key}' is missing"),
    "return.bad_template": ("không phải mẫu WDR phiên bản 1 ({value})", "not a WDR version 1 return ({value})"),
    "return.bad_unit": ("mã đơn vị '{value}' không phải mã xã/phường chính thức",
                        "the unit code '{value}' is not an official ward code"),
    "return.bad_period": ("kỳ báo cáo '{value}' không hợp lệ", "the period '{value}' is malformed"),
    "return.bad_basis": ("cách tính kỳ '{value}' không hợp lệ (calendar hoặc nd09)",
                         "the period basis '{value}' is not calendar or nd09"),
    "return.bad_date": ("{key} là '{value}' nhưng kỳ {period} ({basis}) là {expected}",
                        "{key} is '{value}' but the period {period} ({basis}) gives {expected}"),
    "return.bad_submission": ("lần nộp '{value}' phải là số nguyên >= 1",
                              "the submission number '{value}' must be a whole number >= 1"),
    "return.bad_generated": ("thời điểm lập '{value}' không phải ISO 8601 có múi giờ",
                             "generated_at '{value}' is not an ISO 8601 time with an offset"),
    "return.bad_header": ("dòng tiêu đề phải là {expected}", "the header row must be {expected}"),
    "return.unknown_cell": ("ô {key} không có trong danh mục chỉ tiêu", "the cell {key} is not in the catalogue"),
    "return.duplicate_cell": ("ô {key} lặp lại dòng {other}", "the cell {key} repeats row {other}"),
    "return.missing_cell": ("thiếu ô {key}", "the cell {key} is missing"),
    "return.text_number": ("ô chứa chữ '{value}', không phải số (số đã bị gõ lại bằng tay?)",
                           "the cell holds the text '{value}', not a number (typed in by hand?)"),
    "return.bad_number": ("giá trị '{value}' phải là số nguyên >= 0", "the value '{value}' must be a whole number >= 0"),
    "return.formula": ("ô chứa công thức; báo cáo chỉ được chứa giá trị",
                       "the cell holds a formula; a return holds values only"),
    "return.new_gt_reach": ("REACH_NEW ({new}) lớn hơn REACH ({reach}) cho {key}",
                            "REACH_NEW ({new}) is greater than REACH ({reach}) for {key}"),
    "return.value_gt_ytd": ("giá trị kỳ này ({value}) lớn hơn lũy kế ({ytd})",
                            "this period's value ({value}) is greater than the year to date ({ytd})"),
    "return.stock_ytd": ("chỉ tiêu cuối kỳ: lũy kế ({ytd}) phải bằng giá trị ({value})",
                         "a stock indicator's year to date ({ytd}) must equal its value ({value})"),
    "return.amount_without_disbursed": (
        "LOAN_AMOUNT {programme} > 0 ({column}) nhưng không có người được giải ngân (LOAN_DISBURSED)",
        "LOAN_AMOUNT {programme} > 0 ({column}) but no one has a loan disbursed (LOAN_DISBURSED)"),
    "return.disbursed_without_amount": (
        "LOAN_DISBURSED {programme} > 0 ({column}) nhưng LOAN_AMOUNT bằng 0",
        "LOAN_DISBURSED {programme} > 0 ({column}) but LOAN_AMOUNT is 0"),
    "return.hash_mismatch": (
        "content_sha256 không khớp với trang Data: số liệu đã bị sửa sau khi xuất",
        "content_sha256 does not match the Data sheet: numbers were changed after export"),
    "return.warn.late": ("cảnh báo: lập ngày {generated}, quá hạn {days} ngày sau cuối kỳ ({end})",
                         "warning: generated {generated}, more than {days} days after the period ended ({end})"),
    "return.warn.future": ("cảnh báo: thời điểm lập {generated} ở tương lai",
                           "warning: generated_at {generated} is in the future"),
})


@dataclass(frozen=True)
class Cell:
    row: int
    indicator: str
    category: str
    sex: str
    age: str
    value: int
    ytd: int

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.indicator, self.category, self.sex, self.age)


@dataclass
class CheckResult:
    ok: bool
    problems: list[Problem]
    meta: dict = field(default_factory=dict)
    cells: tuple = ()
    sheets: dict = field(default_factory=dict)  # extra sheets' rows (Completeness, ByUnit) by name
    file: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not is_warning(p)]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if is_warning(p)]

    def __iter__(self):  # ``ok, problems = check_return(path)`` also works
        return iter((self.ok, self.problems))


def is_warning(problem) -> bool:
    return ".warn." in getattr(problem, "code", "")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value).strip()


def _integer(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def _number_cell(value) -> int | None:
    """A Data value: a numeric cell holding a whole number >= 0. Text that looks like a number ('12) is refused:
    Ward Desk, Excel and LibreOffice all keep the exported numbers numeric, so text there was typed by hand."""
    if isinstance(value, str):
        return None
    return _integer(value)


def read_return(path) -> CheckResult:
    """Meta, Data cells and extra sheets as read, with only the problems met while reading (no rule checks)."""
    path = Path(path)
    problems: list[Problem] = []
    name = path.name
    try:
        ensure_safe_xlsx(path, max_uncompressed=MAX_RETURN_UNCOMPRESSED_BYTES)
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(str(path))
        sheet_names = list(workbook.sheet_names)
        formulas = formula_cells(path)
    except WardDeskError as exc:
        return CheckResult(False, [Problem("return.unreadable", {"detail": exc.message()}, file=name)], file=name)
    except Exception as exc:  # noqa: BLE001 - any parser failure on a damaged file is a message
        detail = messages.text("xlsx.unreadable", file=name, detail=str(exc) or type(exc).__name__)
        return CheckResult(False, [Problem("return.unreadable", {"detail": detail}, file=name)], file=name)

    for sheet in (FORM_SHEET, "Data", "Meta"):
        if sheet not in sheet_names:
            problems.append(Problem("return.sheet_missing", {"name": sheet}, sheet=sheet))
    for sheet, refs in formulas.items():
        problems.extend(Problem("return.formula", {}, sheet=sheet, cell=ref) for ref in refs)

    def rows_of(sheet):
        try:
            return workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except Exception as exc:  # noqa: BLE001
            problems.append(Problem("return.unreadable", {"detail": str(exc)}, sheet=sheet))
            return []

    meta: dict[str, str] = {}
    meta_rows: dict[str, int] = {}
    if "Meta" in sheet_names:
        for number, row in enumerate(rows_of("Meta"), start=1):
            if number == 1 or not row:
                continue
            key = _text(row[0])
            if key and key not in meta:
                meta[key] = _text(row[1]) if len(row) > 1 else ""
                meta_rows[key] = number
    cells: list[Cell] = []
    if "Data" in sheet_names:
        data_rows = rows_of("Data")
        header = tuple(_text(v).lower() for v in (data_rows[0] if data_rows else ())[:6])
        if header != DATA_HEADER:
            problems.append(Problem("return.bad_header", {"expected": ", ".join(DATA_HEADER)}, sheet="Data",
                                    cell="A1"))
        for number, row in enumerate(data_rows[1:], start=2):
            row = list(row) + [None] * (6 - len(row))
            if all(v in (None, "") for v in row[:6]):
                continue
            value, ytd = _number_cell(row[4]), _number_cell(row[5])
            for column, raw, parsed in (("E", row[4], value), ("F", row[5], ytd)):
                if parsed is None:
                    code = "return.text_number" if isinstance(raw, str) and _integer(raw) is not None \
                        else "return.bad_number"
                    problems.append(Problem(code, {"value": _text(raw)}, sheet="Data",
                                            cell=f"{column}{number}"))
            cells.append(Cell(number, _text(row[0]), _text(row[1]), _text(row[2]), _text(row[3]),
                              -1 if value is None else value, -1 if ytd is None else ytd))
    extra = {}
    for sheet in ("Completeness", "ByUnit"):
        if sheet in sheet_names:
            extra[sheet] = [[_text(v) if not isinstance(v, (int, float)) or isinstance(v, bool) else
                             (int(v) if float(v).is_integer() else v) for v in r] for r in rows_of(sheet)]
    result = CheckResult(not problems, problems, meta, tuple(cells), extra, name)
    result.meta_rows = meta_rows  # where each key sits, for locating problems
    return result


def check_return(path, *, now: dt.datetime | None = None, deadline_days: int = DEADLINE_DAYS) -> CheckResult:
    """Every §4 rule; ``ok`` is False when any problem other than a warning was found."""
    result = read_return(path)
    if not result.meta and not result.cells and result.problems and result.problems[0].code == "return.unreadable":
        return result
    problems = result.problems
    meta, cells = result.meta, result.cells
    rows = getattr(result, "meta_rows", {})

    def at_meta(key):
        return {"sheet": "Meta", "cell": f"B{rows[key]}"} if key in rows else {"sheet": "Meta"}

    for key in META_KEYS:
        if key not in meta:
            problems.append(Problem("return.meta_missing", {"key": key}, sheet="Meta"))
    if "template" in meta and meta["template"] != "WDR":
        problems.append(Problem("return.bad_template", {"value": meta["template"]}, **at_meta("template")))
    if "template_version" in meta and meta["template_version"] not in ("1", "1.0"):
        problems.append(Problem("return.bad_template", {"value": meta["template_version"]},
                                **at_meta("template_version")))
    consolidated = "Completeness" in result.sheets
    unit = meta.get("unit_code")
    if unit is not None:
        ok_unit = units.is_ward_code(unit) or (consolidated and (
            units.is_province_code(unit) or units.is_custom_office_code(unit)))
        if not ok_unit:
            problems.append(Problem("return.bad_unit", {"value": unit}, **at_meta("unit_code")))
    period = None
    basis = meta.get("period_basis")
    if basis is not None and basis not in periods.BASES:
        problems.append(Problem("return.bad_basis", {"value": basis}, **at_meta("period_basis")))
    elif "period" in meta:
        try:
            period = periods.parse(meta["period"], basis or "calendar")
            if period.code != meta["period"]:
                raise WardDeskError("period.bad", value=meta["period"])
        except WardDeskError:
            period = None
            problems.append(Problem("return.bad_period", {"value": meta["period"]}, **at_meta("period")))
    if period is not None:
        for key, expected in (("period_start", period.start), ("period_end", period.end)):
            if key in meta and meta[key][:10] != expected.isoformat():
                problems.append(Problem("return.bad_date", {"key": key, "value": meta[key], "period": period.code,
                                                            "basis": period.basis, "expected": expected.isoformat()},
                                        **at_meta(key)))
    if "submission_no" in meta and _integer(meta["submission_no"]) in (None, 0):
        problems.append(Problem("return.bad_submission", {"value": meta["submission_no"]}, **at_meta("submission_no")))
    generated = None
    if "generated_at" in meta:
        try:
            generated = dt.datetime.fromisoformat(meta["generated_at"].replace("Z", "+00:00"))
            if generated.tzinfo is None:
                raise ValueError
        except ValueError:
            generated = None
            problems.append(Problem("return.bad_generated", {"value": meta["generated_at"]},
                                    **at_meta("generated_at")))

    # The grid: every catalogue cell exactly once, nothing else.
    seen: dict[tuple, int] = {}
    by_key: dict[tuple, Cell] = {}
    for c in cells:
        label = "|".join(c.key)
        if c.key not in indicators.GRID_KEY_SET:
            problems.append(Problem("return.unknown_cell", {"key": label}, sheet="Data", cell=f"A{c.row}"))
        elif c.key in seen:
            problems.append(Problem("return.duplicate_cell", {"key": label, "other": seen[c.key]}, sheet="Data",
                                    cell=f"A{c.row}"))
        else:
            seen[c.key] = c.row
            by_key[c.key] = c
    if "Data" in [p.sheet for p in problems if p.code == "return.sheet_missing"]:
        pass
    elif cells or "Data" not in {p.params.get("name") for p in problems if p.code == "return.sheet_missing"}:
        for index, key in enumerate(indicators.GRID_KEYS):
            if key not in by_key:  # located where the catalogue order puts it
                problems.append(Problem("return.missing_cell", {"key": "|".join(key)}, sheet="Data",
                                        cell=f"A{index + 2}"))
    for c in by_key.values():
        if c.value < 0 or c.ytd < 0:
            continue
        if indicators.is_stock(c.indicator):
            if c.value != c.ytd:
                problems.append(Problem("return.stock_ytd", {"value": c.value, "ytd": c.ytd}, sheet="Data",
                                        cell=f"F{c.row}"))
        elif c.value > c.ytd:
            problems.append(Problem("return.value_gt_ytd", {"value": c.value, "ytd": c.ytd}, sheet="Data",
                                    cell=f"E{c.row}"))
        if c.indicator == "REACH_NEW":
            reach = by_key.get(("REACH", *c.key[1:]))
            if reach is not None and reach.value >= 0 and reach.ytd >= 0:
                for col, new, old in (("E", c.value, reach.value), ("F", c.ytd, reach.ytd)):
                    if new > old:
                        problems.append(Problem("return.new_gt_reach", {"new": new, "reach": old,
                                                                        "key": "|".join(c.key[1:])},
                                                sheet="Data", cell=f"{col}{c.row}"))
    for programme in indicators.PROGRAMMES:
        amount = by_key.get(("LOAN_AMOUNT", programme, "*", "*"))
        people = [c for k, c in by_key.items() if k[0] == "LOAN_DISBURSED" and k[1] == programme]
        if amount is None or amount.value < 0 or amount.ytd < 0 or any(c.value < 0 or c.ytd < 0 for c in people):
            continue
        for col, index in (("E", "value"), ("F", "ytd")):
            a = getattr(amount, index)
            n = sum(getattr(c, index) for c in people)
            if a > 0 and n == 0:
                problems.append(Problem("return.amount_without_disbursed", {"programme": programme,
                                                                            "column": index},
                                        sheet="Data", cell=f"{col}{amount.row}"))
            elif n > 0 and a == 0:
                problems.append(Problem("return.disbursed_without_amount", {"programme": programme,
                                                                            "column": index},
                                        sheet="Data", cell=f"{col}{amount.row}"))
    if "content_sha256" in meta and not any(c.value < 0 or c.ytd < 0 for c in cells):
        digest = indicators.content_sha256([(*c.key, c.value, c.ytd) for c in cells])
        if digest != meta["content_sha256"].strip().lower():
            problems.append(Problem("return.hash_mismatch", {}, **at_meta("content_sha256")))

    if generated is not None and period is not None:
        now = now or dt.datetime.now(dt.timezone.utc)
        if generated > now + dt.timedelta(minutes=5):
            problems.append(Problem("return.warn.future", {"generated": meta["generated_at"]},
                                    **at_meta("generated_at")))
        elif (generated.date() - period.end).days > deadline_days:
            problems.append(Problem("return.warn.late", {"generated": meta["generated_at"], "days": deadline_days,
                                                         "end": period.end.isoformat()}, **at_meta("generated_at")))
    problems[:] = [p if p.file else p.at(file=result.file) for p in problems]
    result.ok = not [p for p in problems if not is_warning(p)]
    return result
