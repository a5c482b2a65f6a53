"""Export layer: a WDR-1 return as DHIS2 data, through a mapping file an office edits. No Qt here.

DHIS2 stores aggregate data as values keyed by data element, category option combo (the disaggregation),
org unit and period. A WDR-1 return keys its cells by indicator, category, sex and age. The mapping file
(documented in ``docs/DHIS2.md``; the default for WDR-1 is ``resources/data/dhis2/wdr1-default-mapping.json``)
says how one key becomes the other, with per-indicator templates and per-cell overrides.

Two payloads are written from the same mapped values:

* DHIS2 ``dataValueSets`` JSON (``POST /api/dataValueSets``): ``dataSet``, ``completeDate``, ``period``
  (DHIS2 period id: ``202610``, ``2026Q3``, ``2026S1``, ``2026``), ``orgUnit``, ``dataValues``.
* ADX XML (IHE QRPH ADX, namespace ``urn:ihe:qrph:adx:2015``): one ``group`` with ``orgUnit``, ``dataSet`` and
  ``period`` as ISO 8601 start/duration (``2026-10-01/P1M``), one ``dataValue`` per value.

Nothing is dropped silently: a cell the mapping does not cover is a problem naming its ``Data`` row, and the
export fails unless the caller allows unmapped cells, in which case they are still listed. Two cells mapped to
the same data element and category option combo are always an error (DHIS2 would keep only one of them).
"""

from __future__ import annotations

import json
import re
import string
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ward_desk import messages
from ward_desk.errors import Problem, ValidationFailed, WardDeskError
from ward_desk.spec.catalogue import LATEST, Catalogue, GridCell, Indicator, wdr1

ADX_NAMESPACE = "urn:ihe:qrph:adx:2015"
MAPPING_FORMAT = "ward-desk-dhis2-mapping"
MAPPING_VERSION = 1
PLACEHOLDERS = ("indicator", "category", "sex", "age")
PERIOD_KINDS = ("month", "quarter", "half", "year")
ID_SCHEMES = ("code", "uid")
FORMATS = ("json", "adx")
# DHIS2 codes are at most 50 characters; whitespace and '*' (WDR-1's "does not apply") never belong in one.
_CODE = re.compile(r"^[^\s*]{1,50}$")
# An ADX disaggregation attribute is an XML attribute name: a letter or '_' first, no ':' (no namespaces).
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_ADX_RESERVED = {"dataElement", "value", "categoryOptionCombo", "orgUnit", "period", "dataSet", "completeDate",
                 "attributeOptionCombo", "comment"}
_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>0[1-9]|1[0-2])|Q(?P<quarter>[1-4])|H(?P<half>[12])))?$")

messages.register({
    "dhis2.mapping_unreadable": (
        "Không đọc được tệp ánh xạ DHIS2 {file}: {detail}",
        "The DHIS2 mapping file {file} cannot be read: {detail}",
    ),
    "dhis2.mapping_invalid": (
        "Tệp ánh xạ DHIS2 có {count} lỗi; chưa xuất gì.",
        "The DHIS2 mapping has {count} problem(s); nothing was exported.",
    ),
    "dhis2.mapping_format": (
        "không phải tệp ánh xạ Ward Desk (cần \"format\": \"{expected}\", \"version\": {version})",
        "not a Ward Desk mapping (needs \"format\": \"{expected}\", \"version\": {version})",
    ),
    "dhis2.key_missing": ("thiếu khoá \"{key}\"", "the key \"{key}\" is missing"),
    "dhis2.key_unknown": ("khoá \"{key}\" không được hỗ trợ", "the key \"{key}\" is not supported"),
    "dhis2.wrong_type": ("phải là {expected}", "must be {expected}"),
    "dhis2.bad_choice": ("\"{value}\" không hợp lệ; chọn một trong: {choices}",
                         "\"{value}\" is not allowed; use one of: {choices}"),
    "dhis2.bad_placeholder": (
        "mẫu \"{template}\" dùng {{{name}}}; chỉ được dùng {allowed}",
        "the template \"{template}\" uses {{{name}}}; only {allowed} may be used",
    ),
    "dhis2.bad_attribute_name": (
        "\"{name}\" không dùng được làm tên thuộc tính ADX",
        "\"{name}\" cannot be an ADX attribute name",
    ),
    "dhis2.unknown_indicator": (
        "chỉ số {indicator} không có trong báo cáo WDR-1",
        "the indicator {indicator} is not in a WDR-1 return",
    ),
    "dhis2.unmapped": (
        "ô {indicator}/{category}/{sex}/{age} (giá trị {value}) chưa được ánh xạ sang DHIS2",
        "the cell {indicator}/{category}/{sex}/{age} (value {value}) has no DHIS2 mapping",
    ),
    "dhis2.unmapped_failed": (
        "{count} ô chưa có ánh xạ DHIS2; chưa xuất gì. Bổ sung tệp ánh xạ, hoặc dùng --allow-unmapped "
        "để xuất phần còn lại (các ô trên vẫn được liệt kê).",
        "{count} cell(s) have no DHIS2 mapping; nothing was exported. Complete the mapping, or use "
        "--allow-unmapped to export the rest (the cells above are still listed).",
    ),
    "dhis2.unmapped_skipped": (
        "Cảnh báo: {count} ô chưa có ánh xạ DHIS2 và KHÔNG có trong tệp xuất (liệt kê ở trên).",
        "Warning: {count} cell(s) have no DHIS2 mapping and are NOT in the output (listed above).",
    ),
    "dhis2.star_in_template": (
        "ô {indicator}/{category}/{sex}/{age}: mẫu \"{template}\" dùng {{{name}}} nhưng ô này không chia theo {name}",
        "cell {indicator}/{category}/{sex}/{age}: the template \"{template}\" uses {{{name}}}, which this cell "
        "does not have",
    ),
    "dhis2.bad_code": (
        "ô {indicator}/{category}/{sex}/{age}: \"{code}\" không phải mã DHIS2 hợp lệ (1-50 ký tự, không dấu cách, "
        "không có *)",
        "cell {indicator}/{category}/{sex}/{age}: \"{code}\" is not a valid DHIS2 code (1-50 characters, no "
        "spaces, no *)",
    ),
    "dhis2.duplicate_target": (
        "ô {indicator}/{category}/{sex}/{age} và ô ở dòng {other_row} cùng ánh xạ tới {target}; DHIS2 chỉ giữ "
        "một giá trị",
        "the cell {indicator}/{category}/{sex}/{age} and the cell in row {other_row} both map to {target}; DHIS2 "
        "keeps one value only",
    ),
    "dhis2.basis_not_allowed": (
        "báo cáo theo kỳ {basis}; tệp ánh xạ chỉ cho phép {allowed}",
        "the return uses the {basis} period basis; the mapping allows only {allowed}",
    ),
    "dhis2.bad_period": ("kỳ báo cáo \"{period}\" không hợp lệ", "the period \"{period}\" is malformed"),
    "dhis2.no_data_set": (
        "tệp ánh xạ không có tập dữ liệu (data_set) cho kỳ loại {kind}",
        "the mapping has no data set (data_set) for {kind} periods",
    ),
})


# ---- periods ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DhisPeriod:
    kind: str        # month | quarter | half | year
    dhis2_id: str    # 202610, 2026Q3, 2026S1, 2026
    adx: str         # 2026-10-01/P1M, 2026-07-01/P3M, 2026-01-01/P6M, 2026-01-01/P1Y


def dhis2_period(period: str) -> DhisPeriod:
    """A WDR-1 period label (``2026-10``, ``2026-Q3``, ``2026-H1``, ``2026``) as DHIS2 and ADX periods.

    DHIS2 periods are calendar periods; the label is what a return reports on, whatever its basis (an nd09
    return for ``2026-Q3`` is the office's Q3 report), so the basis does not move the DHIS2 period.
    """
    match = _PERIOD.match(str(period).strip())
    if not match:
        raise WardDeskError("dhis2.bad_period", period=period)
    year = match["year"]
    if match["month"]:
        return DhisPeriod("month", f"{year}{match['month']}", f"{year}-{match['month']}-01/P1M")
    if match["quarter"]:
        q = int(match["quarter"])
        return DhisPeriod("quarter", f"{year}Q{q}", f"{year}-{3 * q - 2:02d}-01/P3M")
    if match["half"]:
        h = int(match["half"])
        return DhisPeriod("half", f"{year}S{h}", f"{year}-{6 * h - 5:02d}-01/P6M")
    return DhisPeriod("year", year, f"{year}-01-01/P1Y")


# ---- the return, as this module needs it ------------------------------------------------------------------

@dataclass(frozen=True)
class ReturnData:
    """What a DHIS2 export reads from a checked WDR-1 return: its ``Meta`` values and its ``Data`` rows."""

    meta: dict[str, str]
    cells: tuple[GridCell, ...]
    source: str = ""
    completeness: tuple[tuple[str, str], ...] = ()  # a consolidated return's (unit_code, status) rows


# ---- the mapping ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    data_element: str
    category_option_combo: str
    adx_categories: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Mapping:
    data_set: dict[str, str]
    org_unit_template: str
    org_unit_overrides: dict[str, str]
    id_scheme: str
    period_bases: tuple[str, ...]
    option_codes: dict[str, dict[str, str]]
    rules: dict[str, Rule]
    cells: dict[tuple[str, str, str, str], Rule]
    exclude: tuple[dict[str, str], ...]
    attribute_option_combo: str | None = None
    send_zeros: bool = True
    source: str = ""
    derive_missing: bool = False  # a province's additional indicator with no rule gets derived codes

    def org_unit(self, unit_code: str) -> str:
        if unit_code in self.org_unit_overrides:
            return self.org_unit_overrides[unit_code]
        return self.org_unit_template.format(unit_code=unit_code)

    def excluded(self, cell: GridCell) -> bool:
        return any(all(getattr(cell, k) == v for k, v in pattern.items()) for pattern in self.exclude)

    def rule_for(self, cell: GridCell, catalogue: Catalogue | None = None) -> Rule | None:
        found = self.cells.get(cell.key) or self.rules.get(cell.indicator)
        if found is None and self.derive_missing and cell.indicator not in wdr1().indicators:
            return derived_rule(cell, catalogue)  # WDR-1's own indicators stay the file's to name (or exclude)
        return found


def _templates(total_only: bool, by_sex: bool, by_age: bool, prefix: str | None) -> tuple[str, str]:
    """The default mapping's (data element, category option combo) templates for an indicator of this shape.

    Split by sex (and age): the category goes into the data element and the combo is sex x age (``SA_F_LT16``)
    or sex (``SX_F``); otherwise the category is the combo, coded with its code list's prefix (``CH_OUTREACH``),
    or, with no prefix declared, a data element of its own with DHIS2's ``default`` combo."""
    if by_sex or by_age:
        coc = "SA_{sex}_{age}" if by_sex and by_age else ("SX_{sex}" if by_sex else "AG_{age}")
        return ("WDR1_{indicator}" if total_only else "WDR1_{indicator}_{category}"), coc
    if total_only:
        return "WDR1_{indicator}", "default"
    if prefix:
        return "WDR1_{indicator}", prefix + "_{category}"
    return "WDR1_{indicator}_{category}", "default"


def indicator_rule(indicator: Indicator) -> Rule:
    """The default mapping's rule for a catalogue indicator: its shape (categories, disaggregation) and the
    category prefix the standard file declares (``[dhis2]``, ``dhis2_prefix``)."""
    d = indicator.disaggregation
    total_only = [c.code for c in indicator.categories] == ["*"]
    if d.name == "sex4":  # a hotline caller's own sex (four options, RETURN-v2 §2): a combo of its own
        return Rule("WDR1_{indicator}" if total_only else "WDR1_{indicator}_{category}", "S4_{sex}")
    return Rule(*_templates(total_only, d.has_sex, d.has_age, indicator.dhis2_prefix))


def default_rules(catalogue: Catalogue | None = None) -> dict[str, Rule]:
    """The ``data_elements`` of the default mapping, derived from the catalogue (a test keeps the shipped file,
    whose codes DHIS2 instances already use, equal to this)."""
    return {code: indicator_rule(ind) for code, ind in (catalogue or wdr1()).indicators.items()}


def derived_rule(cell: GridCell, catalogue: Catalogue | None = None) -> Rule:
    """The default codes of a cell whose indicator the mapping file does not name: from the catalogue's
    declaration, or, for an indicator it does not know (a province's additional file), from the cell's shape."""
    known = (catalogue or wdr1()).indicators.get(cell.indicator)
    if known is not None:
        return indicator_rule(known)
    return Rule(*_templates(cell.category == "*", cell.sex != "*", cell.age != "*", None))


_TOP_KEYS = {"format", "version", "description", "id_scheme", "data_set", "org_unit", "period_bases",
             "option_codes", "data_elements", "cells", "exclude", "attribute_option_combo", "send_zeros",
             "derive_missing"}
_RULE_KEYS = {"data_element", "category_option_combo", "adx_categories", "description"}
_CELL_KEYS = {"indicator", "category", "sex", "age"}


class _MappingReader:
    """Reads the mapping's JSON, collecting every problem (each located at its JSON path) before failing."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, where: str, code: str, **params: Any) -> None:
        self.problems.append(Problem(code, params, field=where, file=self.source))

    def expect(self, value: Any, kind: type | tuple, where: str, expected: str) -> bool:
        if isinstance(value, bool) and kind is not bool:
            ok = False
        else:
            ok = isinstance(value, kind)
        if not ok:
            self.problem(where, "dhis2.wrong_type", expected=expected)
        return ok

    def template(self, value: Any, where: str, allowed: tuple[str, ...] = PLACEHOLDERS) -> str | None:
        if not self.expect(value, str, where, "text") or not value:
            if isinstance(value, str):
                self.problem(where, "dhis2.wrong_type", expected="non-empty text")
            return None
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
        except ValueError as exc:
            self.problem(where, "dhis2.wrong_type", expected=f"a template ({exc})")
            return None
        for name in names:
            if name not in allowed:
                self.problem(where, "dhis2.bad_placeholder", template=value, name=name,
                             allowed=", ".join("{" + a + "}" for a in allowed))
                return None
        return value

    def unknown_keys(self, obj: dict, allowed: set[str], where: str) -> None:
        for key in obj:
            if key not in allowed and not str(key).startswith("_"):  # "_comment" keys are notes for people
                self.problem(f"{where}.{key}" if where else key, "dhis2.key_unknown", key=key)

    def rule(self, obj: Any, where: str) -> Rule | None:
        if not self.expect(obj, dict, where, "an object"):
            return None
        self.unknown_keys(obj, _RULE_KEYS | _CELL_KEYS, where)
        for key in ("data_element", "category_option_combo"):
            if key not in obj:
                self.problem(f"{where}.{key}", "dhis2.key_missing", key=key)
        de = self.template(obj.get("data_element"), f"{where}.data_element") if "data_element" in obj else None
        coc = (self.template(obj.get("category_option_combo"), f"{where}.category_option_combo")
               if "category_option_combo" in obj else None)
        categories: list[tuple[str, str]] = []
        raw = obj.get("adx_categories", {})
        if self.expect(raw, dict, f"{where}.adx_categories", "an object"):
            for name, tmpl in raw.items():
                if not _NCNAME.match(str(name)) or name in _ADX_RESERVED:
                    self.problem(f"{where}.adx_categories", "dhis2.bad_attribute_name", name=name)
                    continue
                checked = self.template(tmpl, f"{where}.adx_categories.{name}")
                if checked:
                    categories.append((name, checked))
        if de is None or coc is None:
            return None
        return Rule(de, coc, tuple(categories))


def load_mapping(path: str | Path) -> Mapping:
    """Read and validate a mapping file; every problem in it is listed at once (``ValidationFailed``)."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WardDeskError("dhis2.mapping_unreadable", file=str(path), detail=str(exc)) from exc
    return parse_mapping(raw, source=str(path))


def parse_mapping(raw: Any, source: str = "") -> Mapping:
    r = _MappingReader(source)
    if not isinstance(raw, dict) or raw.get("format") != MAPPING_FORMAT or raw.get("version") != MAPPING_VERSION:
        r.problem("format", "dhis2.mapping_format", expected=MAPPING_FORMAT, version=MAPPING_VERSION)
        raise ValidationFailed(r.problems, "dhis2.mapping_invalid")
    r.unknown_keys(raw, _TOP_KEYS, "")

    id_scheme = raw.get("id_scheme", "code")
    if id_scheme not in ID_SCHEMES:
        r.problem("id_scheme", "dhis2.bad_choice", value=id_scheme, choices=", ".join(ID_SCHEMES))

    data_set: dict[str, str] = {}
    ds = raw.get("data_set")
    if ds is None:
        r.problem("data_set", "dhis2.key_missing", key="data_set")
    elif isinstance(ds, str) and ds:
        data_set = {kind: ds for kind in PERIOD_KINDS}
    elif r.expect(ds, dict, "data_set", "text, or an object of month/quarter/half/year"):
        r.unknown_keys(ds, set(PERIOD_KINDS), "data_set")
        for kind, code in ds.items():
            if kind in PERIOD_KINDS and r.expect(code, str, f"data_set.{kind}", "text") and code:
                data_set[kind] = code

    org_template, org_overrides = "{unit_code}", {}
    ou = raw.get("org_unit", {"template": "{unit_code}"})
    if r.expect(ou, dict, "org_unit", "an object"):
        r.unknown_keys(ou, {"template", "overrides", "description"}, "org_unit")
        org_template = r.template(ou.get("template", "{unit_code}"), "org_unit.template",
                                  allowed=("unit_code",)) or "{unit_code}"
        overrides = ou.get("overrides", {})
        if r.expect(overrides, dict, "org_unit.overrides", "an object"):
            for unit, code in overrides.items():
                if r.expect(code, str, f"org_unit.overrides.{unit}", "text"):
                    org_overrides[str(unit)] = code

    bases = raw.get("period_bases", ["calendar", "nd09"])
    if not r.expect(bases, list, "period_bases", "a list") or not all(b in ("calendar", "nd09") for b in bases):
        r.problem("period_bases", "dhis2.bad_choice", value=bases, choices="calendar, nd09")
        bases = []

    option_codes: dict[str, dict[str, str]] = {}
    oc = raw.get("option_codes", {})
    if r.expect(oc, dict, "option_codes", "an object"):
        r.unknown_keys(oc, {"category", "sex", "age"}, "option_codes")
        for dim, table in oc.items():
            if dim in ("category", "sex", "age") and r.expect(table, dict, f"option_codes.{dim}", "an object"):
                option_codes[dim] = {str(k): str(v) for k, v in table.items()}

    rules: dict[str, Rule] = {}
    des = raw.get("data_elements", {})
    if r.expect(des, dict, "data_elements", "an object"):
        for indicator, obj in des.items():
            rule = r.rule(obj, f"data_elements.{indicator}")
            if rule:
                rules[str(indicator)] = rule

    cells: dict[tuple[str, str, str, str], Rule] = {}
    cell_list = raw.get("cells", [])
    if r.expect(cell_list, list, "cells", "a list"):
        for i, obj in enumerate(cell_list):
            where = f"cells[{i}]"
            rule = r.rule(obj, where)
            if not isinstance(obj, dict):
                continue
            missing = [k for k in ("indicator", "category", "sex", "age") if not isinstance(obj.get(k), str)]
            for key in missing:
                r.problem(f"{where}.{key}", "dhis2.key_missing", key=key)
            if rule and not missing:
                cells[(obj["indicator"], obj["category"], obj["sex"], obj["age"])] = rule

    exclude: list[dict[str, str]] = []
    ex = raw.get("exclude", [])
    if r.expect(ex, list, "exclude", "a list"):
        for i, obj in enumerate(ex):
            where = f"exclude[{i}]"
            if not r.expect(obj, dict, where, "an object"):
                continue
            r.unknown_keys(obj, _CELL_KEYS | {"description"}, where)
            if "indicator" not in obj:
                r.problem(f"{where}.indicator", "dhis2.key_missing", key="indicator")
                continue
            exclude.append({k: str(v) for k, v in obj.items() if k in _CELL_KEYS})

    aoc = raw.get("attribute_option_combo")
    if aoc is not None and not r.expect(aoc, str, "attribute_option_combo", "text"):
        aoc = None
    send_zeros = raw.get("send_zeros", True)
    if not r.expect(send_zeros, bool, "send_zeros", "true or false"):
        send_zeros = True
    derive_missing = raw.get("derive_missing", False)
    if not r.expect(derive_missing, bool, "derive_missing", "true or false"):
        derive_missing = False

    if r.problems:
        raise ValidationFailed(r.problems, "dhis2.mapping_invalid")
    return Mapping(data_set=data_set, org_unit_template=org_template, org_unit_overrides=org_overrides,
                   id_scheme=id_scheme, period_bases=tuple(bases), option_codes=option_codes, rules=rules,
                   cells=cells, exclude=tuple(exclude), attribute_option_combo=aoc or None,
                   send_zeros=send_zeros, source=source, derive_missing=derive_missing)


DEFAULT_MAPPING = Path("resources") / "data" / "dhis2" / "wdr1-default-mapping.json"
# The checkout's canonical file; a wheel install has none, and reads the package's copy (packaging/
# build_resources.py puts it in ward_desk/ui/generated/, which pyproject.toml ships as package data).
CHECKOUT_MAPPING = Path(__file__).resolve().parents[2] / DEFAULT_MAPPING


def default_mapping_path() -> Path:
    """The documented default mapping for WDR-1: in a frozen build, a checkout or an installed package."""
    base = getattr(sys, "_MEIPASS", None)
    if base and (Path(base) / DEFAULT_MAPPING).exists():
        return Path(base) / DEFAULT_MAPPING
    if CHECKOUT_MAPPING.exists():
        return CHECKOUT_MAPPING
    from importlib.resources import files

    packaged = files("ward_desk.ui.generated") / DEFAULT_MAPPING.name
    return Path(str(packaged))


# ---- mapped values ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DataValue:
    data_element: str
    category_option_combo: str
    value: int
    adx_categories: tuple[tuple[str, str], ...]
    cell: GridCell


@dataclass
class DhisExport:
    """The mapped return: header fields, one value per data element and category option combo, and what was
    left out (``unmapped`` problems, ``excluded`` and ``zeros_left_out`` counts) so nothing goes unreported."""

    data_set: str
    period: DhisPeriod
    org_unit: str
    complete_date: str
    exported: str
    id_scheme: str
    attribute_option_combo: str | None
    values: list[DataValue] = field(default_factory=list)
    unmapped: list[Problem] = field(default_factory=list)
    excluded: int = 0
    zeros_left_out: int = 0


class _SafeDict(dict):
    def __missing__(self, key):  # validated at load; a stray name stays visible rather than failing here
        return "{" + key + "}"


def _expand(template: str, cell: GridCell, mapping: Mapping, problems: list[Problem]) -> str | None:
    values: dict[str, str] = {"indicator": cell.indicator}
    for dim in ("category", "sex", "age"):
        raw = getattr(cell, dim)
        values[dim] = mapping.option_codes.get(dim, {}).get(raw, raw)
    for _, name, _, _ in string.Formatter().parse(template):
        if name in ("category", "sex", "age") and getattr(cell, name) == "*":
            problems.append(Problem("dhis2.star_in_template", dict(_cell_params(cell), template=template, name=name),
                                    sheet="Data", cell=f"A{cell.row}"))
            return None
    code = template.format_map(_SafeDict(values))
    if not _CODE.match(code):
        problems.append(Problem("dhis2.bad_code", dict(_cell_params(cell), code=code), sheet="Data",
                                cell=f"A{cell.row}"))
        return None
    return code


def _cell_params(cell: GridCell) -> dict[str, Any]:
    return {"indicator": cell.indicator, "category": cell.category, "sex": cell.sex, "age": cell.age,
            "value": cell.value}


def build_export(data: ReturnData, mapping: Mapping, *, exported: str,
                 catalogue: Catalogue | None = None) -> DhisExport:
    """Map every cell of a checked return (of ``catalogue``, default WDR-1's: it words the derived codes). Raises ``ValidationFailed`` for mapping errors that would make a
    wrong payload (bad codes, two cells on one target, a basis or period type the mapping does not take);
    unmapped cells are returned in ``unmapped`` for the caller to refuse or to report."""
    meta = data.meta
    problems: list[Problem] = []
    period = dhis2_period(meta.get("period", ""))
    basis = meta.get("period_basis", "calendar")
    if basis not in mapping.period_bases:
        problems.append(Problem("dhis2.basis_not_allowed", {"basis": basis,
                                                             "allowed": ", ".join(mapping.period_bases) or "-"},
                                sheet="Meta", file=mapping.source or None))
    data_set = mapping.data_set.get(period.kind)
    if not data_set:
        problems.append(Problem("dhis2.no_data_set", {"kind": period.kind}, field="data_set",
                                file=mapping.source or None))
    # a rule for an indicator of any WDR-1 version is known: the default mapping's version 2 rules are simply
    # unused for a version 1 return
    indicators = {c.indicator for c in data.cells} | set(wdr1(LATEST).indicators)
    for name in mapping.rules:
        if name not in indicators:
            problems.append(Problem("dhis2.unknown_indicator", {"indicator": name}, field=f"data_elements.{name}",
                                    file=mapping.source or None))
    for key in mapping.cells:
        if key[0] not in indicators:
            problems.append(Problem("dhis2.unknown_indicator", {"indicator": key[0]}, field="cells",
                                    file=mapping.source or None))

    generated = meta.get("generated_at", "")
    result = DhisExport(data_set=data_set or "", period=period, org_unit=mapping.org_unit(meta.get("unit_code", "")),
                        complete_date=generated[:10], exported=exported, id_scheme=mapping.id_scheme,
                        attribute_option_combo=mapping.attribute_option_combo)
    targets: dict[tuple, GridCell] = {}
    for cell in data.cells:
        if mapping.excluded(cell):
            result.excluded += 1
            continue
        rule = mapping.rule_for(cell, catalogue)
        if rule is None:
            result.unmapped.append(Problem("dhis2.unmapped", _cell_params(cell), sheet="Data", cell=f"A{cell.row}"))
            continue
        de = _expand(rule.data_element, cell, mapping, problems)
        coc = _expand(rule.category_option_combo, cell, mapping, problems)
        categories = []
        for name, tmpl in rule.adx_categories:
            option = _expand(tmpl, cell, mapping, problems)
            if option is not None:
                categories.append((name, option))
        if de is None or coc is None or len(categories) != len(rule.adx_categories):
            continue
        # One value per data element / disaggregation / org unit / period: the COC for JSON, and (when the
        # rule explodes categories for ADX) the category options as well.
        for target in ((de, "coc", coc), (de, "adx", tuple(sorted(categories))) if categories else None):
            if target is None:
                continue
            other = targets.get(target)
            if other is not None:
                shown = f"{de} / {coc}" if target[1] == "coc" else f"{de} / " + ", ".join(
                    f"{k}={v}" for k, v in target[2])
                problems.append(Problem("dhis2.duplicate_target",
                                        dict(_cell_params(cell), other_row=other.row, target=shown),
                                        sheet="Data", cell=f"A{cell.row}"))
            else:
                targets[target] = cell
        if cell.value == 0 and not mapping.send_zeros:
            result.zeros_left_out += 1
            continue
        result.values.append(DataValue(de, coc, cell.value, tuple(categories), cell))
    if problems:
        raise ValidationFailed(problems, "dhis2.mapping_invalid")
    return result


# ---- writers ----------------------------------------------------------------------------------------------

def data_value_set(export: DhisExport) -> dict[str, Any]:
    """The DHIS2 ``dataValueSets`` JSON object (values as text, as DHIS2 writes them)."""
    payload: dict[str, Any] = {}
    if export.id_scheme != "uid":
        # Id schemes in the payload take precedence over the request's; with codes the file is self-describing.
        payload["idScheme"] = export.id_scheme.upper()
    payload.update({
        "dataSet": export.data_set,
        "completeDate": export.complete_date,
        "period": export.period.dhis2_id,
        "orgUnit": export.org_unit,
    })
    if export.attribute_option_combo:
        payload["attributeOptionCombo"] = export.attribute_option_combo
    payload["dataValues"] = [
        {"dataElement": v.data_element, "categoryOptionCombo": v.category_option_combo, "value": str(v.value)}
        for v in export.values
    ]
    return payload


def adx_document(export: DhisExport) -> ET.Element:
    """The ADX message: ``adx`` (``exported``) > ``group`` (orgUnit, period start/duration, dataSet) >
    ``dataValue`` (dataElement, then the disaggregation, then value)."""
    ET.register_namespace("", ADX_NAMESPACE)
    root = ET.Element(f"{{{ADX_NAMESPACE}}}adx", {"exported": export.exported})
    group_attrs = {"orgUnit": export.org_unit, "period": export.period.adx, "dataSet": export.data_set}
    if export.complete_date:
        group_attrs["completeDate"] = export.complete_date
    if export.attribute_option_combo:
        group_attrs["attributeOptionCombo"] = export.attribute_option_combo
    group = ET.SubElement(root, f"{{{ADX_NAMESPACE}}}group", group_attrs)
    for v in export.values:
        attrs = {"dataElement": v.data_element}
        if v.adx_categories:
            attrs.update(dict(v.adx_categories))
        else:
            attrs["categoryOptionCombo"] = v.category_option_combo
        attrs["value"] = str(v.value)
        ET.SubElement(group, f"{{{ADX_NAMESPACE}}}dataValue", attrs)
    return root


def render(export: DhisExport, fmt: str) -> bytes:
    if fmt == "json":
        return (json.dumps(data_value_set(export), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    root = adx_document(export)
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def mapped_cells(values: Iterable[DataValue]) -> set[tuple[str, str, str, str]]:
    return {v.cell.key for v in values}
