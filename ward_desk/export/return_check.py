"""Export layer: check a WDR-1 return (RETURN-v1 §4, RETURN-v2 §2) as a consolidating office would. No Qt here.

The version is the return's own ``Meta.template_version``: a version 1 return is checked against the version 1
catalogue, a version 2 return against version 2's, with version 2's consistency rules besides.

One validator for ``return check``, for the export (a return that fails is never written) and for
consolidation. The file is read once and measured by ``open_workbook`` before any parser sees it, read with calamine
(cached values only: nothing is ever evaluated), and its sheet XML is scanned for ``<f>`` elements so a
formula anywhere is refused. Every problem names the sheet and cell where there is one; a broken file is a
list of problems, never a traceback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from ward_desk import messages, units
from ward_desk.errors import Problem, WardDeskError
from ward_desk.export.xlsx_safety import open_workbook
from ward_desk.services import periods
from ward_desk.spec.catalogue import VERSIONS, Catalogue, GridCell, content_sha256, read_cell, wdr1, wdr1_for

DEADLINE_DAYS = 10  # days after the period's end a return is due, unless the office set its own (warning only)

messages.register({
    "return.unreadable": ("{detail}", "{detail}"),
    "return.sheet_missing": ("thiếu trang '{name}'", "the sheet '{name}' is missing"),
    "return.meta_missing": ("thiếu khoá '{key}'", "the key '{key}' is missing"),
    "return.bad_template": ("không phải mẫu WDR phiên bản {versions} ({value})",
                            "not a WDR return of version {versions} ({value})"),
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
    "return.v2_not_above": ("{small} ({a}) lớn hơn {big} ({b}) ở cột {column}",
                            "{small} ({a}) is greater than {big} ({b}) in {column}"),
    "return.hash_mismatch": (
        "content_sha256 không khớp với trang Data: số liệu đã bị sửa sau khi xuất",
        "content_sha256 does not match the Data sheet: numbers were changed after export"),
    "return.form_mismatch": (
        "số in trên trang Báo cáo là {printed} nhưng trang Data cho {expected} ({indicator} {category}, {column}; "
        "Data dòng {rows}): trang in phải là bản in của số liệu",
        "the printed page shows {printed} but the Data sheet gives {expected} ({indicator} {category}, {column}; "
        "Data rows {rows}): the printed page must render the data"),
    "return.form_blank": (
        "ô in trên trang Báo cáo bị để trống nhưng trang Data cho {expected} ({indicator} {category}, {column}; "
        "Data dòng {rows}): trang in phải là bản in của số liệu",
        "the printed cell is empty but the Data sheet gives {expected} ({indicator} {category}, {column}; Data "
        "rows {rows}): the printed page must render the data"),
    "return.form_row_missing": (
        "thiếu dòng in \"{label}\" ({indicator} {category}; Data dòng {rows}): trang in phải có mọi dòng của số liệu",
        "the printed row \"{label}\" is missing ({indicator} {category}; Data rows {rows}): the printed page "
        "must render every row of the data"),
    "return.form_rows_more": ("và {n} dòng in khác cũng thiếu", "and {n} more printed rows are missing"),
    "return.warn.late": ("cảnh báo: lập ngày {generated}, nộp muộn {days} ngày so với hạn {deadline}",
                         "warning: generated on {generated}, {days} days late against the deadline {deadline}"),
    "return.warn.future": ("cảnh báo: thời điểm lập {generated} ở tương lai",
                           "warning: generated_at {generated} is in the future"),
})


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


class _Workbook:
    """A vetted return opened with calamine; reading a sheet never raises (a failure is a problem)."""

    def __init__(self, path: Path, data: bytes | None = None):
        # read once, bounded in size, inflated size and each sheet's extent before calamine sees a byte
        self.book = open_workbook(path, kind="return", data=data)
        self.sheet_names = list(self.book.sheet_names)
        self.formulas = self.book.formulas
        self.sha256 = self.book.sha256
        self.problems: list[Problem] = []

    def rows(self, sheet: str) -> list:
        try:
            return self.book.rows(sheet)
        except Exception as exc:  # noqa: BLE001
            self.problems.append(Problem("return.unreadable", {"detail": str(exc)}, sheet=sheet))
            return []


def _unreadable(name: str, detail: str) -> CheckResult:
    return CheckResult(False, [Problem("return.unreadable", {"detail": detail}, file=name)], file=name)


def _read_meta(book: _Workbook) -> tuple[dict[str, str], dict[str, int]]:
    meta: dict[str, str] = {}
    meta_rows: dict[str, int] = {}
    for number, row in enumerate(book.rows("Meta")[1:], start=2):  # the first row is the header
        key = _text(row[0]) if row else ""
        if key and key not in meta:
            meta[key] = _text(row[1]) if len(row) > 1 else ""
            meta_rows[key] = number
    return meta, meta_rows


def _usual_grid(body: list) -> list[GridCell] | None:
    """The Data rows taken column by column when every one is the usual row (four texts, two whole numbers >= 0 in
    numeric cells): the same cells the row by row reading below makes, with the tests done by C built-ins over
    each column. None when any row is otherwise; it is then read row by row and each odd cell is named."""
    if not body or min(map(len, body)) < 6:
        return None
    a, b, c, d, v, y = list(zip(*body))[:6]
    if {*map(type, a), *map(type, b), *map(type, c), *map(type, d)} != {str}:
        return None
    for numbers in (v, y):
        kinds = set(map(type, numbers))
        if kinds == {float}:
            if not all(map(float.is_integer, numbers)):
                return None
        elif kinds != {int}:  # a text, a bool, an empty cell, or ints and floats mixed: row by row
            return None
        if min(numbers) < 0:
            return None
    strip = str.strip
    return list(map(read_cell, map(strip, a), map(strip, b), map(strip, c), map(strip, d), map(int, v), map(int, y),
                    range(2, len(body) + 2)))


def _read_data(book: _Workbook, header: tuple[str, ...]) -> list[GridCell]:
    data_rows = book.rows("Data")
    if tuple(_text(v).lower() for v in (data_rows[0] if data_rows else ())[:6]) != header:
        book.problems.append(Problem("return.bad_header", {"expected": ", ".join(header)}, sheet="Data", cell="A1"))
    usual = _usual_grid(data_rows[1:])
    if usual is not None:
        return usual
    cells = []
    append = cells.append
    for number, row in enumerate(data_rows[1:], start=2):
        if len(row) >= 6:  # the usual row, taken at once: four texts, two whole numbers >= 0 in numeric cells
            a, b, c, d, v, y = row[:6]
            if (type(a) is str and type(b) is str and type(c) is str and type(d) is str
                    and (type(v) is int or type(v) is float and v.is_integer()) and v >= 0
                    and (type(y) is int or type(y) is float and y.is_integer()) and y >= 0):
                append(read_cell(a.strip(), b.strip(), c.strip(), d.strip(), int(v), int(y), number))
                continue
        row = list(row) + [None] * (6 - len(row))
        if all(v in (None, "") for v in row[:6]):
            continue
        value, ytd = _number_cell(row[4]), _number_cell(row[5])
        for column, raw, parsed in (("E", row[4], value), ("F", row[5], ytd)):
            if parsed is None:
                code = "return.text_number" if isinstance(raw, str) and _integer(raw) is not None \
                    else "return.bad_number"
                book.problems.append(Problem(code, {"value": _text(raw)}, sheet="Data", cell=f"{column}{number}"))
        cells.append(GridCell(_text(row[0]), _text(row[1]), _text(row[2]), _text(row[3]),
                              -1 if value is None else value, -1 if ytd is None else ytd, row=number))
    return cells


def _cell_value(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return _text(v)
    return int(v) if float(v).is_integer() else v


def read_meta(path) -> dict[str, str]:
    """The ``Meta`` sheet of a return, read as ``read_return`` reads it, and nothing else ({} when the file
    does not open or has no Meta): a consolidated return's own ByUnit grid (300 wards) is not inflated and parsed
    to learn its submission number. The file is measured first (``open_workbook``: bounded size, inflated size
    and the Meta sheet's extent, so a value in XFD1048576 is refused rather than allocated)."""
    from ward_desk.export.xlsx_safety import open_workbook

    try:
        rows = open_workbook(path, kind="return", only={"Meta"}).rows("Meta")
    except Exception:  # noqa: BLE001 - not a return we can read: no meta
        return {}
    meta: dict[str, str] = {}
    for row in rows[1:]:  # the first row is the header
        key = _text(row[0]) if row else ""
        if key and key not in meta:
            meta[key] = _text(row[1]) if len(row) > 1 else ""
    return meta


def read_return(path, catalogue: Catalogue | None = None, *, data: bytes | None = None) -> CheckResult:
    """THE reader of a WDR-1 return: Meta, Data cells and extra sheets as read, with only the problems met
    while reading (no rule checks). ``check_return``, consolidation, DHIS2 and the screens all read this way.
    ``data``: the file's bytes already read (the office hashes, checks and keeps the same bytes)."""
    path = Path(path)
    name = path.name
    layout = (catalogue or wdr1()).layout
    try:
        book = _Workbook(path, data)
    except WardDeskError as exc:
        return _unreadable(name, exc.message())
    except Exception as exc:  # noqa: BLE001 - any parser failure on a damaged file is a message
        return _unreadable(name, messages.text("xlsx.unreadable", file=name, detail=str(exc) or type(exc).__name__))
    problems = [Problem("return.sheet_missing", {"name": sheet}, sheet=sheet)
                for sheet in (layout.form_sheet, "Data", "Meta") if sheet not in book.sheet_names]
    for sheet, refs in book.formulas.items():
        problems.extend(Problem("return.formula", {}, sheet=sheet, cell=ref) for ref in refs)
    book.problems = problems
    meta, meta_rows = _read_meta(book) if "Meta" in book.sheet_names else ({}, {})
    cells = _read_data(book, layout.data_header) if "Data" in book.sheet_names else []
    extra = {sheet: [[_cell_value(v) for v in r] for r in book.rows(sheet)]
             for sheet in ("Completeness", "ByUnit", "Targets")  # Targets: optional plan targets, not hashed
             if sheet in book.sheet_names}
    form_rows = book.rows(layout.form_sheet) if layout.form_sheet in book.sheet_names else []
    result = CheckResult(not problems, problems, meta, tuple(cells), extra, name)
    result.meta_rows = meta_rows  # where each key sits, for locating problems
    result.file_sha256 = book.sha256  # of the bytes that were read (and checked)
    result.form_rows = form_rows
    return result


_KEY_OF = attrgetter("indicator", "category", "sex", "age")  # GridCell.key, taken by a C built-in
_VALUE_OF, _YTD_OF = attrgetter("value"), attrgetter("ytd")


class _Checker:
    """The §4 rules over one read return; each rule is a method that appends its problems."""

    def targets(self):
        """The optional Targets sheet: a row that cannot be read is a warning naming its cell (not an error: the
        sheet is not part of the return's numbers), so an office's summed targets are never silently short."""
        from ward_desk.export.targets_sheet import read_targets_sheet

        rows = self.result.sheets.get("Targets")
        if rows:
            self.problems.extend(read_targets_sheet(rows)[1])

    def __init__(self, result: CheckResult, catalogue: Catalogue):
        self.result, self.catalogue = result, catalogue
        self.meta, self.cells, self.problems = result.meta, result.cells, result.problems
        self.rows = getattr(result, "meta_rows", {})
        self.period = None
        self.by_key: dict[tuple, GridCell] = {}
        self._by_indicator: dict[str, list[GridCell]] | None = None
        self._readable: bool | None = None

    def at_meta(self, key: str) -> dict:
        return {"sheet": "Meta", "cell": f"B{self.rows[key]}"} if key in self.rows else {"sheet": "Meta"}

    def add(self, code: str, params: dict, key: str | None = None, **where) -> None:
        self.problems.append(Problem(code, params, **(self.at_meta(key) if key else where)))

    def template(self) -> None:
        layout, meta = self.catalogue.layout, self.meta
        for key in layout.meta_keys:
            if key not in meta:
                self.add("return.meta_missing", {"key": key}, sheet="Meta")
        versions = " / ".join(map(str, VERSIONS))
        if "template" in meta and meta["template"] != layout.template:
            self.add("return.bad_template", {"value": meta["template"], "versions": versions}, "template")
        if "template_version" in meta and meta["template_version"] not in (layout.template_version,
                                                                           layout.template_version + ".0"):
            self.add("return.bad_template", {"value": meta["template_version"], "versions": versions},
                     "template_version")

    def unit(self) -> None:
        unit = self.meta.get("unit_code")
        consolidated = "Completeness" in self.result.sheets
        if unit is not None and not (units.is_ward_code(unit) or (consolidated and (
                units.is_province_code(unit) or units.is_custom_office_code(unit)))):
            self.add("return.bad_unit", {"value": unit}, "unit_code")

    def period_(self) -> None:
        meta, basis = self.meta, self.meta.get("period_basis")
        if basis is not None and basis not in periods.BASES:
            self.add("return.bad_basis", {"value": basis}, "period_basis")
        elif "period" in meta:
            try:
                self.period = periods.parse(meta["period"], basis or "calendar")
                if self.period.code != meta["period"]:
                    raise WardDeskError("period.bad", value=meta["period"])
            except WardDeskError:
                self.period = None
                self.add("return.bad_period", {"value": meta["period"]}, "period")
        if self.period is None:
            return
        for key, expected in (("period_start", self.period.start), ("period_end", self.period.end)):
            if key in meta and meta[key][:10] != expected.isoformat():
                self.add("return.bad_date", {"key": key, "value": meta[key], "period": self.period.code,
                                             "basis": self.period.basis, "expected": expected.isoformat()}, key)

    def submission(self) -> None:
        if "submission_no" in self.meta and _integer(self.meta["submission_no"]) in (None, 0):
            self.add("return.bad_submission", {"value": self.meta["submission_no"]}, "submission_no")

    def generated(self) -> dt.datetime | None:
        if "generated_at" not in self.meta:
            return None
        try:
            generated = dt.datetime.fromisoformat(self.meta["generated_at"].replace("Z", "+00:00"))
            if generated.tzinfo is None:
                raise ValueError
            return generated
        except ValueError:
            self.add("return.bad_generated", {"value": self.meta["generated_at"]}, "generated_at")
            return None

    def grid(self) -> None:
        """Every catalogue cell exactly once, nothing else."""
        known, by_key = self.catalogue.grid_key_set, self.by_key
        keys = list(map(_KEY_OF, self.cells))
        at_once = dict(zip(keys, self.cells))
        if len(at_once) == len(keys) and known.issuperset(at_once):  # the usual grid: no cell unknown or twice
            by_key.update(at_once)
        else:
            self._grid_cell_by_cell(known, by_key)
        missing_data = any(p.code == "return.sheet_missing" and p.params.get("name") == "Data"
                           for p in self.problems)
        if (self.cells or not missing_data) and len(by_key) < len(self.catalogue.grid_keys):
            for index, key in enumerate(self.catalogue.grid_keys):
                if key not in self.by_key:  # located where the catalogue order puts it
                    self.add("return.missing_cell", {"key": "|".join(key)}, sheet="Data", cell=f"A{index + 2}")

    def _grid_cell_by_cell(self, known, by_key: dict) -> None:
        """Each unknown or repeated cell named where it is read; the first of a repeated cell counts."""
        for c in self.cells:
            key = (c.indicator, c.category, c.sex, c.age)
            if key not in known:
                self.add("return.unknown_cell", {"key": "|".join(key)}, sheet="Data", cell=f"A{c.row}")
            elif key in by_key:
                self.add("return.duplicate_cell", {"key": "|".join(key), "other": by_key[key].row}, sheet="Data",
                         cell=f"A{c.row}")
            else:
                by_key[key] = c

    def values(self) -> None:
        stock = self.catalogue.stock_codes
        for c in self.by_key.values():
            if c.value < 0 or c.ytd < 0:
                continue
            if c.indicator in stock:
                if c.value != c.ytd:
                    self.add("return.stock_ytd", {"value": c.value, "ytd": c.ytd}, sheet="Data", cell=f"F{c.row}")
            elif c.value > c.ytd:
                self.add("return.value_gt_ytd", {"value": c.value, "ytd": c.ytd}, sheet="Data", cell=f"E{c.row}")
            if c.indicator == "REACH_NEW":
                self.new_within_reach(c)

    def new_within_reach(self, c: GridCell) -> None:
        reach = self.by_key.get(("REACH", *c.key[1:]))
        if reach is None or reach.value < 0 or reach.ytd < 0:
            return
        for col, new, old in (("E", c.value, reach.value), ("F", c.ytd, reach.ytd)):
            if new > old:
                self.add("return.new_gt_reach", {"new": new, "reach": old, "key": "|".join(c.key[1:])},
                         sheet="Data", cell=f"{col}{c.row}")

    def loans(self) -> None:
        """LOAN_AMOUNT > 0 for a programme exactly when someone has a loan of it disbursed (value and ytd)."""
        disbursed = [c for c in self.by_key.values() if c.indicator == "LOAN_DISBURSED"]
        for programme in (x.code for x in self.catalogue.indicator("LOAN_AMOUNT").categories):
            amount = self.by_key.get(("LOAN_AMOUNT", programme, "*", "*"))
            people = [c for c in disbursed if c.category == programme]
            if amount is None or amount.value < 0 or amount.ytd < 0 or any(c.value < 0 or c.ytd < 0 for c in people):
                continue
            for col, index in (("E", "value"), ("F", "ytd")):
                a, n = getattr(amount, index), sum(getattr(c, index) for c in people)
                code = ("return.amount_without_disbursed" if a > 0 and n == 0 else
                        "return.disbursed_without_amount" if n > 0 and a == 0 else None)
                if code:
                    self.add(code, {"programme": programme, "column": index}, sheet="Data",
                             cell=f"{col}{amount.row}")

    def of_indicator(self, indicator: str) -> list[GridCell]:
        """The checked cells of one indicator, in the order read (one pass over the grid for every rule)."""
        if self._by_indicator is None:
            self._by_indicator = {}
            for c in self.by_key.values():
                self._by_indicator.setdefault(c.indicator, []).append(c)
        return self._by_indicator.get(indicator, [])

    def _sum(self, indicator: str, category: str | None = None) -> tuple[int, int, int] | None:
        """(value, ytd, row of the first cell) summed over an indicator's cells (of one category); None when a
        cell is missing or unreadable (already reported)."""
        cells = [c for c in self.of_indicator(indicator) if category in (None, c.category)]
        if not cells or any(c.value < 0 or c.ytd < 0 for c in cells):
            return None
        return sum(c.value for c in cells), sum(c.ytd for c in cells), min(c.row for c in cells)

    def _not_above(self, small: tuple[str, str | None], big: tuple[str, str | None]) -> None:
        """RETURN-v2 §2: ``small`` summed <= ``big`` summed, in value and in ytd, located at ``small``."""
        a, b = self._sum(*small), self._sum(*big)
        if a is None or b is None:
            return
        for col, i in (("E", 0), ("F", 1)):
            if a[i] > b[i]:
                self.add("return.v2_not_above", {
                    "small": small[0] + (f" {small[1]}" if small[1] else ""), "a": a[i],
                    "big": big[0] + (f" {big[1]}" if big[1] else ""), "b": b[i],
                    "column": "value" if i == 0 else "ytd"}, sheet="Data", cell=f"{col}{a[2]}")

    def _counts_version_1_wards(self) -> bool:
        """A consolidated version 2 return that counts a version 1 ward (its ``Completeness``)."""
        rows = self.result.sheets.get("Completeness") or []
        if not rows:
            return False
        head = [str(h) for h in rows[0]]
        if "template_version" not in head or "status" not in head:
            return True
        at_status, at_version = head.index("status"), head.index("template_version")
        return any(len(r) > at_version and str(r[at_status]) == "ACCEPTED"
                   and str(r[at_version]).split(".")[0] in ("", "1") for r in rows[1:])

    def version2(self) -> None:
        """Version 2's consistency rules (RETURN-v2 §2); a version 1 return has none of these cells."""
        if "INSPECTIONS" not in self.catalogue.indicators:
            return
        c = self.catalogue
        self._not_above(("EST_INSPECTED", None), ("INSPECTIONS", None))
        self._not_above(("EST_SANCTIONS", None), ("INSPECTIONS", "VIOLATION"))
        for t in c.indicator("EST_COMMITTED_END").categories:
            self._not_above(("EST_COMMITTED_END", t.code), ("EST_LISTED_END", t.code))
        self._not_above(("GBV_SURVIVORS", None), ("GBV_CASES", None))
        if self._counts_version_1_wards():
            return  # the persons include wards whose returns carry no turns (RETURN-v2 §3): no bound holds
        for turns, persons in (("REFERRAL_TURNS", "REFERRED"), ("RECEIVED_TURNS", "RECEIVED")):
            for s in c.indicator(turns).categories:
                self._not_above((persons, s.code), (turns, s.code))

    def readable(self) -> bool:
        """No Data value was unreadable (an unreadable one is -1, already reported): told once, by C built-ins."""
        if self._readable is None:
            cells = self.cells
            self._readable = not cells or (min(map(_VALUE_OF, cells)) >= 0 and min(map(_YTD_OF, cells)) >= 0)
        return self._readable

    def content(self) -> None:
        if "content_sha256" in self.meta and self.readable():
            if content_sha256(self.cells) != self.meta["content_sha256"].strip().lower():
                self.add("return.hash_mismatch", {}, "content_sha256")

    def form(self) -> None:
        if self.readable():
            self.result.problems.extend(form_problems(getattr(self.result, "form_rows", []), self.by_key,
                                                      self.catalogue))

    def timing(self, generated: dt.datetime | None, now: dt.datetime | None, deadline_days: int) -> None:
        if generated is None or self.period is None:
            return
        now = now or dt.datetime.now(dt.timezone.utc)
        if generated > now + dt.timedelta(minutes=5):
            self.add("return.warn.future", {"generated": self.meta["generated_at"]}, "generated_at")
        else:  # measured against the file's OWN period (its basis): a Decree 09 period ends mid-month
            deadline = self.period.end + dt.timedelta(days=deadline_days)
            late = (generated.date() - deadline).days
            if late > 0:
                self.add("return.warn.late", {"generated": generated.strftime("%d/%m/%Y"), "days": late,
                                              "deadline": deadline.strftime("%d/%m/%Y")}, "generated_at")


_FORM_COLUMNS = ("this period, total", "this period, female", "this period, under 18",
                 "year to date, total", "year to date, female", "year to date, under 18")


def form_problems(form_rows: list[list], by_key: dict, catalogue: Catalogue) -> list[Problem]:
    """Every number on the printed page (``Báo cáo``) against the same figure rendered from ``Data``.

    The page is a rendering of the data (``return_workbook.write_form``): each printed row is found by its
    indicator and category labels, wherever rows moved, and its six numbers (this period / year to date: total,
    female, under 18) must equal what ``catalogue.form_table`` renders from the Data rows. A difference is a
    rejection naming the printed cell and the Data rows. A page with no table (as some tools write) gives
    nothing to compare; once the table is recognised (a printed row found), every row and every number the form
    renders must be there: an emptied cell or a deleted row is a rejection naming it. An Excel or LibreOffice
    re-save keeps every number and label, so it passes."""
    if not form_rows or not by_key:
        return []
    table_rows = list(_printed_rows(form_rows, by_key, catalogue))
    if not table_rows:  # no line of the page is a table row: nothing to compare (the rendering is not computed)
        return []
    cells = list(by_key.values())
    expected = {(ind, cat): numbers for ind, rows in catalogue.form_table(cells).items() for cat, numbers in rows}
    breakdowns = (catalogue.declared_breakdowns if catalogue.grid_key_set.issuperset(by_key)
                  else catalogue.form_breakdowns(cells))
    data_rows: dict[tuple, list[int]] = {}

    def where(indicator: str, category: str, j: int | None = None) -> dict:
        """A problem's Data rows and printed column, worked out only when there is a problem to locate."""
        if not data_rows:
            for c in cells:
                data_rows.setdefault((c.indicator, c.category), []).append(c.row)
        located = {"indicator": indicator, "category": category}
        if j is not None:
            located["column"] = _FORM_COLUMNS[j]
        located["rows"] = _span(data_rows.get((indicator, category), []))
        return located

    problems: list[Problem] = []
    found: set[tuple[str, str]] = set()
    sheet = catalogue.layout.form_sheet
    lines: dict[str, int] = {}  # indicator -> printed lines in its block (a label of an older form counts too)
    for number, indicator, category, row in table_rows:
        lines[indicator] = lines.get(indicator, 0) + 1
        if (indicator, category) not in expected:
            continue
        found.add((indicator, category))
        want = expected[(indicator, category)]
        has_sex, has_age = breakdowns.get(indicator, (True, True))
        for j, raw in enumerate(row[2:8]):
            if raw in (None, ""):
                if not ((j % 3 == 1 and not has_sex) or (j % 3 == 2 and not has_age)):  # the form prints it
                    problems.append(Problem("return.form_blank", {"expected": want[j], **where(indicator, category, j)},
                                            sheet=sheet, cell=f"{'CDEFGH'[j]}{number}"))
                continue  # a blank column (no sex or age breakdown) prints nothing
            printed = _integer(raw.replace(",", "").replace(".", "")) if isinstance(raw, str) else _integer(raw)
            if printed != want[j]:
                problems.append(Problem("return.form_mismatch", {"printed": _text(raw), "expected": want[j],
                                                                 **where(indicator, category, j)},
                                        sheet=sheet, cell=f"{'CDEFGH'[j]}{number}"))
    if found:  # the table is recognised: a row the form renders and the page lacks was deleted
        wanted: dict[str, list[str]] = {}
        for indicator, category in expected:
            wanted.setdefault(indicator, []).append(category)
        missing = [(indicator, category) for indicator, categories in wanted.items()
                   if lines.get(indicator, 0) < len(categories)  # fewer lines than the form prints
                   for category in categories if (indicator, category) not in found]
        for indicator, category in missing[:_MISSING_ROWS_SHOWN]:
            problems.append(Problem("return.form_row_missing", {
                "indicator": indicator, "category": category,
                "label": f"{catalogue.indicator(indicator).vi} / "
                         f"{catalogue.category_label(indicator, category, 'vi')}"
                if indicator in catalogue.indicators else indicator,
                "rows": where(indicator, category)["rows"]}, sheet=sheet))
        if len(missing) > _MISSING_ROWS_SHOWN:
            problems.append(Problem("return.form_rows_more", {"n": len(missing) - _MISSING_ROWS_SHOWN},
                                    sheet=sheet))
    return problems


_MISSING_ROWS_SHOWN = 10


def _span(rows: list[int]) -> str:
    rows = sorted(r for r in rows if r)
    return f"{rows[0]}-{rows[-1]}" if len(rows) > 1 else str(rows[0]) if rows else "?"


def _printed_rows(form_rows: list[list], by_key: dict, catalogue: Catalogue):
    """(row number, indicator, category, the row's 8 values) for each printed line of an indicator's block, found
    by its labels: the indicator's name starts its first line, the category's label each line (None: a label
    this catalogue does not know, as a form written before a label changed prints). When every cell is one of
    the catalogue's, the catalogue's own label map (computed once) names them; a label of a category the cells
    lack then finds a row no figure is expected for, which is passed over as an unknown label is."""
    indicator_of, categories = catalogue.printed_labels
    complete = None  # looked at once a table row is met
    indicator = None
    for number, row in enumerate(form_rows, start=1):
        row = list(row) + [None] * (8 - len(row))
        first = _text(row[0]).split("\n")[0].strip()
        if first in indicator_of:
            indicator = indicator_of[first]
        elif first:
            indicator = None  # a section heading or any other text: not a table row
            continue
        if indicator is None:
            continue
        if complete is None:
            complete = catalogue.grid_key_set.issuperset(by_key)
            if not complete:
                categories = {}
                for c in by_key.values():
                    categories.setdefault(c.indicator, {})[
                        catalogue.category_label(c.indicator, c.category, "vi")] = c.category
        label = _text(row[1]).split("\n")[0].strip()
        if label or any(v not in (None, "") for v in row[2:8]):
            yield number, indicator, categories.get(indicator, {}).get(label), row


def check_return(path, *, now: dt.datetime | None = None, deadline_days: int = DEADLINE_DAYS,
                 catalogue: Catalogue | None = None, data: bytes | None = None) -> CheckResult:
    """Every §4 rule of the return's own version (``Meta.template_version``: RETURN-v1, or RETURN-v2 with its
    added rules); ``ok`` is False when any problem other than a warning was found."""
    result = read_return(path, catalogue, data=data)
    if not result.meta and not result.cells and result.problems and result.problems[0].code == "return.unreadable":
        return result
    check = _Checker(result, catalogue or wdr1_for(result.meta) or wdr1())
    check.template()
    check.unit()
    check.period_()
    check.submission()
    generated = check.generated()
    check.grid()
    check.values()
    check.loans()
    check.version2()
    check.content()
    check.form()
    check.targets()
    check.timing(generated, now, deadline_days)
    result.problems[:] = [p if p.file else p.at(file=result.file) for p in result.problems]
    result.ok = not [p for p in result.problems if not is_warning(p)]
    return result
