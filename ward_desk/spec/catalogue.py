"""Core layer: the WDR-1 indicator catalogue, read from its versioned standard file. No Qt here.

``load("wdr1", version=1)`` reads ``ward_desk/spec/standards/wdr1-v1.toml`` (shipped inside the package, so a
checkout, a wheel and the frozen build read the same file) into a ``Catalogue``: sections, indicators with
their categories, disaggregation, Vietnamese and English wording and how each is counted, the age bands and
the return's ``Data``/``Meta`` layout. A later version of the standard is another file (``wdr1-v2.toml``);
a province's additional indicators are a file with ``extends = "wdr1-v1"``, passed as ``extras``.

The return's grid cell (``GridCell``) and its content hash (``content_sha256``, RETURN-v1 §3) live here too:
the engine, the workbook, the check, consolidation, DHIS2 and the screens share them.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib.resources import files
from pathlib import Path

from ward_desk import config, messages
from ward_desk.errors import WardDeskError
from ward_desk.spec.codes import CODE_LISTS

AGGREGATIONS = ("persons_with_event", "persons_first_event", "event_count", "event_sum", "stock")
STANDARDS_PACKAGE = "ward_desk.spec"
STANDARDS_FOLDER = "standards"

messages.register({
    "catalogue.unreadable": ("Không đọc được tệp chuẩn {file}: {detail}",
                             "The standard file {file} cannot be read: {detail}"),
    "catalogue.unknown": ("Không có chuẩn {name} phiên bản {version}",
                          "There is no standard {name} version {version}"),
    "catalogue.invalid": ("Tệp chuẩn {file}: {where}: {detail}", "The standard file {file}: {where}: {detail}"),
})


class CatalogueError(WardDeskError):
    """A standard file that is not a valid catalogue; names the file and the entry."""


# ---- the grid cell and its hash ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class GridCell:
    """One ``Data`` row of a return: ``row`` is where it was read (0 for a computed cell) and not part of it.
    Slotted: a consolidation reads 300 x 1,277 of them, and a slotted cell is one object, not two."""

    indicator: str
    category: str
    sex: str
    age: str
    value: int
    ytd: int
    row: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.indicator, self.category, self.sex, self.age)

    def as_row(self) -> tuple:
        return (self.indicator, self.category, self.sex, self.age, self.value, self.ytd)

    @classmethod
    def of(cls, row) -> "GridCell":
        """A cell from any shape a grid row comes in: a GridCell, a 6-tuple, a dict or an object."""
        if isinstance(row, GridCell):
            return row
        if isinstance(row, dict):
            return cls(*(row[k] for k in ("indicator", "category", "sex", "age")), int(row["value"]),
                       int(row["ytd"]))
        if isinstance(row, (list, tuple)):
            return cls(*row[:4], int(row[4]), int(row[5]))
        return cls(row.indicator, row.category, row.sex, row.age, int(row.value), int(row.ytd))


_SET = tuple(getattr(GridCell, name).__set__ for name in ("indicator", "category", "sex", "age", "value", "ytd", "row"))


def read_cell(indicator: str, category: str, sex: str, age: str, value: int, ytd: int, row: int, *,
              _new=object.__new__, _cls=GridCell, _set_indicator=_SET[0], _set_category=_SET[1], _set_sex=_SET[2],
              _set_age=_SET[3], _set_value=_SET[4], _set_ytd=_SET[5], _set_row=_SET[6]) -> GridCell:
    """``GridCell(indicator, ..., row=row)`` without the frozen dataclass's checked ``__init__`` (each slot set
    through its own descriptor, bound once as a default: twice as fast): the return's reader makes one per Data
    row, 383,100 for 300 returns."""
    cell = _new(_cls)
    _set_indicator(cell, indicator)
    _set_category(cell, category)
    _set_sex(cell, sex)
    _set_age(cell, age)
    _set_value(cell, value)
    _set_ytd(cell, ytd)
    _set_row(cell, row)
    return cell


def content_sha256(rows) -> str:
    """RETURN-v1 §3: SHA-256 of the sorted ``indicator|category|sex|age|value|ytd\\n`` lines."""
    rows = rows if isinstance(rows, (list, tuple)) else list(rows)
    cells = rows if set(map(type, rows)) <= {GridCell} else list(map(GridCell.of, rows))  # a return's are cells
    lines = [f"{c.indicator}|{c.category}|{c.sex}|{c.age}|{c.value}|{c.ytd}\n" for c in cells]
    lines.sort()
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


# ---- the declarations -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Category:
    code: str
    vi: str
    en: str
    sum: str | None = None  # the number column summed for this category (event_sum without a category column)

    def label(self, lang: str | None = None) -> str:
        return self.vi if (lang or config.language()) == "vi" else self.en


@dataclass(frozen=True)
class Count:
    """How an indicator is computed from the records (see the standard file's header)."""

    kind: str
    records: str
    date: str
    category: str | None = None  # a column of ``records``, or ``parent_table.column`` through ``via``
    sum: str | None = None
    sum_by_sex: tuple[tuple[str, str], ...] = ()
    until: str | None = None
    persons: bool = False
    via: tuple[str, str] | None = None  # (reference column, referenced record kind)
    within: str | None = None
    where: tuple[tuple[str, str], ...] = ()
    parents: bool = False  # count distinct parents (reached through ``via``) instead of records
    valid: str | None = None  # a stock's second end: the record holds while this is empty or ``>= period end``
    sex: str | None = None  # the record's own sex column (a hotline caller), for a sex disaggregation
    client: str | None = None  # the record's client column: a record of a binned client never counts


@dataclass(frozen=True)
class Disaggregation:
    name: str
    sexes: tuple[str, ...] = ("*",)
    ages: tuple[str, ...] = ("*",)

    @property
    def has_sex(self) -> bool:
        return self.sexes != ("*",)

    @property
    def has_age(self) -> bool:
        return self.ages != ("*",)


@dataclass(frozen=True)
class Indicator:
    code: str
    section: str
    vi: str
    en: str
    categories: tuple[Category, ...]
    disaggregation: Disaggregation
    count: Count
    category_list: str | None = None  # the records code list the categories are, when they are one
    dhis2_prefix: str | None = None  # DHIS2 default mapping: the category option combo's prefix (CH_...)

    @property
    def is_stock(self) -> bool:
        return self.count.kind == "stock"

    def label(self, lang: str | None = None) -> str:
        return self.vi if (lang or config.language()) == "vi" else self.en

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    def category_label(self, code: str, lang: str | None = None) -> str:
        found = self.category(code)
        return found.label(lang) if found else code

    def keys(self) -> list[tuple[str, str, str, str]]:
        d = self.disaggregation
        return [(self.code, c.code, s, a) for c in self.categories for s in d.sexes for a in d.ages]


@dataclass(frozen=True)
class Section:
    code: str
    vi: str
    en: str
    indicators: tuple[str, ...]

    def label(self, lang: str | None = None) -> str:
        return self.vi if (lang or config.language()) == "vi" else self.en


@dataclass(frozen=True)
class AgeBand:
    code: str
    below: int | None = None
    unknown: bool = False
    under_18: bool = False


@dataclass(frozen=True)
class ReturnLayout:
    template: str
    template_version: str
    form_sheet: str
    data_header: tuple[str, ...]
    meta_keys: tuple[str, ...]

    def stamp(self) -> dict[str, str]:
        """The Meta sheet's first two values: which template, which version, a written return declares."""
        return {"template": self.template, "template_version": self.template_version}


@dataclass(frozen=True)
class Catalogue:
    name: str
    version: int
    sections: tuple[Section, ...]
    indicators: dict[str, Indicator]
    age_bands: tuple[AgeBand, ...]
    layout: ReturnLayout
    total: Category
    title: tuple[str, str] = ("", "")  # the printed form's title, Vietnamese and English
    sources: tuple[str, ...] = ()
    dhis2_prefixes: dict[str, str] = field(default_factory=dict, compare=False)
    grid_keys: tuple[tuple[str, str, str, str], ...] = field(init=False, repr=False, compare=False)
    grid_key_set: frozenset = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        keys = tuple(k for s in self.sections for code in s.indicators for k in self.indicators[code].keys())
        object.__setattr__(self, "grid_keys", keys)  # every cell of a return, in the catalogue's order
        object.__setattr__(self, "grid_key_set", frozenset(keys))

    def indicator(self, code: str) -> Indicator:
        return self.indicators[code]

    def is_stock(self, code: str) -> bool:
        found = self.indicators.get(code)
        return bool(found and found.is_stock)

    @cached_property
    def stock_codes(self) -> frozenset:
        """The codes of the stock indicators (``is_stock`` for every cell of a return, looked up once)."""
        return frozenset(code for code, ind in self.indicators.items() if ind.is_stock)

    @cached_property
    def declared_breakdowns(self) -> dict[str, tuple[bool, bool]]:
        """``form_breakdowns`` of a grid of this catalogue's own cells, computed once: each indicator's declared
        split by sex and by age."""
        return {code: (ind.disaggregation.has_sex, ind.disaggregation.has_age) for code, ind in self.indicators.items()}

    @cached_property
    def printed_labels(self) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
        """How the printed form names the grid (in Vietnamese): indicator name -> code, and per indicator its
        category labels (the total's too) -> category code. Computed once; the check reads every page by it."""
        indicator_of = {self.indicator(code).vi: code for code in self.indicators}
        categories: dict[str, dict[str, str]] = {}
        for indicator, category, _sex, _age in self.grid_keys:
            categories.setdefault(indicator, {})[self.category_label(indicator, category, "vi")] = category
        return indicator_of, categories

    @property
    def under_18(self) -> tuple[str, ...]:
        return tuple(b.code for b in self.age_bands if b.under_18)

    def label(self, code: str, lang: str | None = None) -> str:
        found = self.indicators.get(code)
        return found.label(lang) if found else code

    def category_label(self, indicator: str, code: str, lang: str | None = None) -> str:
        if code == "*":
            return self.total.label(lang)
        found = self.indicators.get(indicator)
        return found.category_label(code, lang) if found else code

    def form_table(self, cells) -> dict[str, list[tuple[str, list[int]]]]:
        """What the printed form shows: indicator -> [(category, [total, female, under 18, and the same for
        the year to date])], in the order of ``cells`` (the catalogue's, for a return)."""
        under_18 = frozenset(self.under_18)
        table: dict[str, dict[str, list[int]]] = {}
        of, cell_type = GridCell.of, GridCell
        for c in cells:  # once per checked or consolidated file: each attribute read once, no call per cell
            if type(c) is not cell_type:
                c = of(c)
            indicator, category, value, ytd = c.indicator, c.category, c.value, c.ytd
            categories = table.get(indicator)
            if categories is None:
                categories = table[indicator] = {}
            numbers = categories.get(category)
            if numbers is None:
                numbers = categories[category] = [0, 0, 0, 0, 0, 0]
            numbers[0] += value
            numbers[3] += ytd
            if c.sex == "F":
                numbers[1] += value
                numbers[4] += ytd
            if c.age in under_18:
                numbers[2] += value
                numbers[5] += ytd
        return {k: list(v.items()) for k, v in table.items()}

    def form_breakdowns(self, cells) -> dict[str, tuple[bool, bool]]:
        """indicator -> (split by sex, split by age): the form leaves the other columns blank. Declared for the
        catalogue's indicators; read off the cells for any other (a file that fails its check)."""
        out: dict[str, tuple[bool, bool]] = {}
        for c in map(GridCell.of, cells):
            known = self.indicators.get(c.indicator)
            if known is not None:
                out[c.indicator] = (known.disaggregation.has_sex, known.disaggregation.has_age)
            else:
                sex, age = out.get(c.indicator, (False, False))
                out[c.indicator] = (sex or c.sex != "*", age or c.age != "*")
        return out


# ---- reading a file ---------------------------------------------------------------------------------------

class _Reader:
    """Turns one parsed standard file into declarations; every fault names the file and the entry."""

    def __init__(self, source: str, raw: dict, base: Catalogue | None = None):
        self.source, self.raw, self.base = source, raw, base

    def fail(self, where: str, detail: str):
        raise CatalogueError("catalogue.invalid", file=self.source, where=where, detail=detail)

    def need(self, obj: dict, key: str, where: str, kind=str):
        value = obj.get(key)
        if not isinstance(value, kind) or value in ("", None):
            self.fail(f"{where}.{key}", f"expected {getattr(kind, '__name__', kind)}, found {value!r}")
        return value

    def age_bands(self) -> tuple[AgeBand, ...]:
        return tuple(AgeBand(self.need(b, "code", f"age_bands[{i}]"), b.get("below"), bool(b.get("unknown")),
                             bool(b.get("under_18"))) for i, b in enumerate(self.raw.get("age_bands", [])))

    def disaggregations(self, bands: tuple[AgeBand, ...]) -> dict[str, Disaggregation]:
        out = {}
        for name, spec in self.raw.get("disaggregations", {}).items():
            sex = spec.get("sex")
            sexes = ("*",)
            if sex is not None:
                listed = CODE_LISTS.get(self.need(sex, "list", f"disaggregations.{name}.sex"))
                sexes = tuple(sex.get("codes") or (listed.codes if listed else ()))
                if listed is None or any(s not in listed for s in sexes):
                    self.fail(f"disaggregations.{name}.sex", "codes must be codes of the named list")
            ages = tuple(b.code for b in bands) if spec.get("age") else ("*",)
            out[name] = Disaggregation(name, sexes, ages)
        return out

    def categories(self, raw, where: str) -> tuple[tuple[Category, ...], str | None]:
        if raw == "*":
            return (Category("*", self.total().vi, self.total().en),), None
        if isinstance(raw, dict):
            name = self.need(raw, "list", where)
            if name not in CODE_LISTS:
                self.fail(f"{where}.list", f"no code list {name!r} (ward_desk/spec/codes.py)")
            return tuple(Category(c, vi, en) for c, (vi, en) in CODE_LISTS[name].labels.items()), name
        if isinstance(raw, list) and raw:
            return tuple(Category(self.need(c, "code", f"{where}[{i}]"), self.need(c, "vi", f"{where}[{i}]"),
                                  self.need(c, "en", f"{where}[{i}]"), c.get("sum"))
                         for i, c in enumerate(raw)), None
        self.fail(where, "expected \"*\", { list = ... } or a list of { code, vi, en }")

    def total(self) -> Category:
        if self.base is not None:
            return self.base.total
        total = self.raw.get("total", {})
        return Category("*", self.need(total, "vi", "total"), self.need(total, "en", "total"))

    def count(self, raw, where: str, known: dict) -> Count:
        if not isinstance(raw, dict):
            self.fail(where, "expected a table")
        kind = self.need(raw, "kind", where)
        if kind not in AGGREGATIONS:
            self.fail(f"{where}.kind", f"{kind!r} is not one of {', '.join(AGGREGATIONS)}")
        via = raw.get("via")
        if via is not None:
            via = (self.need(via, "column", f"{where}.via"), self.need(via, "records", f"{where}.via"))
        within = raw.get("within")
        if within is not None and (within not in known or not known[within].is_stock or via is None):
            self.fail(f"{where}.within", f"{within!r} must be a stock indicator declared before, reached by via")
        if raw.get("parents") and (via is None or kind not in ("event_count", "stock")):
            self.fail(f"{where}.parents", "counting parents needs via and an event_count or stock")
        if raw.get("valid") and kind != "stock":
            self.fail(f"{where}.valid", "only a stock has a validity window")
        return Count(kind, self.need(raw, "records", where), self.need(raw, "date", where), raw.get("category"),
                     raw.get("sum"), tuple(raw.get("sum_by_sex", {}).items()), raw.get("until"),
                     bool(raw.get("persons")), via, within, tuple(raw.get("where", {}).items()),
                     bool(raw.get("parents")), raw.get("valid"), raw.get("sex"), raw.get("client"))

    def indicator(self, raw: dict, i: int, sections: set, disaggs: dict, known: dict) -> Indicator:
        where = f"indicators[{i}]"
        code = self.need(raw, "code", where)
        where = f"indicators[{i}] ({code})"
        if code in known:
            self.fail(where, "declared twice")
        section = self.need(raw, "section", where)
        if section not in sections:
            self.fail(f"{where}.section", f"no section {section!r}")
        name = raw.get("disaggregation", "none")
        if name not in disaggs:
            self.fail(f"{where}.disaggregation", f"expected one of {', '.join(disaggs)}")
        categories, listed = self.categories(raw.get("categories"), f"{where}.categories")
        prefix = raw.get("dhis2_prefix", self.dhis2_prefixes().get(listed) if listed else None)
        if prefix is not None and not (isinstance(prefix, str) and prefix.isalnum()):
            self.fail(f"{where}.dhis2_prefix", f"expected letters and digits, found {prefix!r}")
        return Indicator(code, section, self.need(raw, "vi", where), self.need(raw, "en", where), categories,
                         disaggs[name], self.count(raw.get("count"), f"{where}.count", known), listed, prefix)

    def dhis2_prefixes(self) -> dict[str, str]:
        """Code list -> DHIS2 category option prefix: the base standard's, then this file's."""
        own = self.raw.get("dhis2", {}).get("category_prefix", {})
        if not isinstance(own, dict):
            self.fail("dhis2.category_prefix", "expected a table of code list = prefix")
        return {**(self.base.dhis2_prefixes if self.base else {}), **own}

    def layout(self) -> ReturnLayout:
        r = self.raw.get("return", {})
        return ReturnLayout(self.need(r, "template", "return"), str(r.get("template_version", "")),
                            self.need(r, "form_sheet", "return"), tuple(self.need(r, "data_header", "return", list)),
                            tuple(self.need(r, "meta_keys", "return", list)))

    def sections(self) -> list[tuple[str, str, str]]:
        return [(self.need(s, "code", f"sections[{i}]"), self.need(s, "vi", f"sections[{i}]"),
                 self.need(s, "en", f"sections[{i}]")) for i, s in enumerate(self.raw.get("sections", []))]

    def catalogue(self, name: str, version: int) -> Catalogue:
        base = self.base
        bands = base.age_bands if base else self.age_bands()
        disaggs = {d.name: d for i in (base.indicators.values() if base else ()) for d in [i.disaggregation]}
        disaggs |= self.disaggregations(bands)
        heads = [(s.code, s.vi, s.en) for s in base.sections] if base else []
        heads += self.sections()
        known = dict(base.indicators) if base else {}
        for i, raw in enumerate(self.raw.get("indicators", [])):
            ind = self.indicator(raw, i, {h[0] for h in heads}, disaggs, known)
            known[ind.code] = ind
        sections = tuple(Section(c, vi, en, tuple(k for k, v in known.items() if v.section == c))
                         for c, vi, en in heads)
        return Catalogue(name, version, sections, known, bands, base.layout if base else self.layout(),
                         self.total(), base.title if base else self.title(),
                         (base.sources if base else ()) + (self.source,), self.dhis2_prefixes())

    def title(self) -> tuple[str, str]:
        title = self.raw.get("title", {})
        return (self.need(title, "vi", "title"), self.need(title, "en", "title"))


def _parse(text: bytes, source: str) -> dict:
    try:
        return tomllib.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError("catalogue.unreadable", file=source, detail=str(exc)) from exc


def standard_file(name: str, version: int):
    """The shipped file of standard ``name`` version ``version`` (an importlib.resources Traversable)."""
    return files(STANDARDS_PACKAGE) / STANDARDS_FOLDER / f"{name}-v{int(version)}.toml"


@lru_cache(maxsize=None)
def _load_shipped(name: str, version: int) -> Catalogue:
    resource = standard_file(name, version)
    if not resource.is_file():
        raise CatalogueError("catalogue.unknown", name=name, version=version)
    raw = _parse(resource.read_bytes(), resource.name)
    reader = _Reader(resource.name, raw)
    if raw.get("standard") != name or raw.get("version") != version:
        reader.fail("standard", f"declares {raw.get('standard')!r} version {raw.get('version')!r}")
    return reader.catalogue(name, version)


def load(name: str = "wdr1", version: int = 1, extras=()) -> Catalogue:
    """The catalogue of standard ``name`` version ``version``, with each file in ``extras`` (a province's
    additional sections and indicators, ``extends = "<name>-v<version>"``) appended in order."""
    catalogue = _load_shipped(name, int(version))
    for extra in extras:
        path = Path(extra)
        try:
            raw = _parse(path.read_bytes(), path.name)
        except OSError as exc:
            raise CatalogueError("catalogue.unreadable", file=path.name, detail=exc.strerror or str(exc)) from exc
        reader = _Reader(path.name, raw, catalogue)
        if raw.get("extends") != f"{name}-v{int(version)}":
            reader.fail("extends", f"expected \"{name}-v{int(version)}\", found {raw.get('extends')!r}")
        catalogue = reader.catalogue(name, int(version))
    return catalogue


# ---- the README's table ------------------------------------------------------------------------------------

_KIND_WORDS = {
    "persons_with_event": "distinct clients with a `{records}` record, `{date}` in P",
    "persons_first_event": "distinct clients whose earliest `{records}` record (`{date}`) is in P",
    "event_count": "`{records}` records, `{date}` in P",
    "event_sum": "sum of {sum} over `{records}` records, `{date}` in P",
    "stock": "{what} with `{date}` <= end and (`{until}` empty or > end)",
}


def describe(indicator: Indicator) -> str:
    """How an indicator is counted, in the words of RETURN-v1 §2 (for the README's table)."""
    c = indicator.count
    sums = [f"`{c.sum}`"] if c.sum else [f"`{col}` ({sex})" for sex, col in c.sum_by_sex]
    sums = sums or [f"`{x.sum}`" for x in indicator.categories if x.sum]
    what = f"distinct clients of `{c.records}`" if c.persons else f"`{c.records}` records"
    if c.parents:
        what = f"distinct `{c.via[1]}` with `{c.records}` records"
    words = _KIND_WORDS[c.kind]
    if c.parents and c.kind == "event_count":
        words = "distinct `{parent}` with a `{records}` record, `{date}` in P"
    text = words.format(records=c.records, date=c.date, until=c.until, sum=", ".join(sums), what=what,
                        parent=c.via[1] if c.via else "")
    if c.valid:
        text += f" and (`{c.valid}` empty or >= end)"
    text += "".join(f", `{k}` = `{v}`" for k, v in c.where)
    if c.sex:
        text += f", by `{c.sex}`"
    if c.category and "." in c.category:
        text += f", by `{c.category}`"
    if c.within:
        text += f", in a `{c.via[1]}` counted by `{c.within}`"
    return text


def markdown_table(catalogue: Catalogue) -> str:
    """The indicator table README.md shows, generated from the catalogue (a test keeps the two equal)."""
    lines = ["| code | indicator (vi / en) | categories | sex / age | counted as (P = the range) |",
             "|---|---|---|---|---|"]
    for section in catalogue.sections:
        for code in section.indicators:
            ind = catalogue.indicator(code)
            d = ind.disaggregation
            cats = f"`{ind.category_list}` list" if ind.category_list else ", ".join(f"`{x.code}`" for x in
                                                                                ind.categories)
            dims = " x ".join(p for p, on in ((",".join(d.sexes), d.has_sex), ("age band", d.has_age)) if on)
            lines.append(f"| `{code}` | {ind.vi} / {ind.en} | {cats} | {dims or '`*`'} | {describe(ind)} |")
    return "\n".join(lines) + "\n"


VERSIONS = (1, 2)  # the versions of WDR-1 this release writes and checks
LATEST = max(VERSIONS)


def wdr1(version: int | str = 1) -> Catalogue:
    """The WDR-1 catalogue of ``version`` (1 unless asked: version 1's grid is the one every version keeps)."""
    return load("wdr1", int(version))


def wdr1_for(meta: dict) -> Catalogue | None:
    """The catalogue a return's ``Meta.template_version`` names ("1", "2", "2.0"); None for a version this
    release does not know (the check then reports it)."""
    text = str((meta or {}).get("template_version", "1")).strip()
    if text.endswith(".0"):
        text = text[:-2]
    return wdr1(int(text)) if text.isdigit() and int(text) in VERSIONS else None
