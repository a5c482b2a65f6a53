"""The WDR-1 catalogue as a versioned standard file: what it declares, that everything reads it, that returns
written before it existed still check, and that a province's extra indicators are a file, not code."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import CONFORMANCE, DATA
from ward_desk.export import dhis2
from ward_desk.export.return_check import check_return, read_return
from ward_desk.spec import catalogue
from ward_desk.spec.catalogue import LATEST, CatalogueError, GridCell, load, wdr1

ROOT = Path(__file__).resolve().parents[2]
OLD_RETURNS = DATA / "returns"


def conformance_rows(name: str) -> list[tuple]:
    with open(CONFORMANCE / name, newline="", encoding="utf-8") as fh:
        return [(r[0], r[1], r[2], r[3], int(r[4]), int(r[5])) for r in list(csv.reader(fh))[1:]]


def test_the_shipped_file_declares_the_whole_grid_in_the_standards_order():
    cat = load("wdr1", version=1)
    assert (cat.name, cat.version, len(cat.indicators)) == ("wdr1", 1, 21)
    assert len(cat.grid_keys) == 1277
    for name in ("expected-2026-10-calendar.csv", "expected-2026-Q3-nd09.csv", "expected-2026-calendar.csv"):
        assert [r[:4] for r in conformance_rows(name)] == list(cat.grid_keys)
    assert {i.count.kind for i in cat.indicators.values()} == set(catalogue.AGGREGATIONS)
    assert [c for c, i in cat.indicators.items() if i.is_stock] == [
        "LOAN_ACTIVE_END", "EST_LISTED_END", "PEER_GROUPS_END", "PEER_MEMBERS_END"]
    assert cat.layout.meta_keys[0] == "template" and cat.layout.meta_keys[-1] == "content_sha256"


def test_a_category_that_is_a_records_code_takes_its_label_from_the_code_list():
    from ward_desk.spec.codes import CODE_LISTS

    cat = wdr1()
    for ind in cat.indicators.values():
        if ind.category_list:
            listed = CODE_LISTS[ind.category_list]
            assert [(c.code, c.vi, c.en) for c in ind.categories] == [
                (code, vi, en) for code, (vi, en) in listed.labels.items()], ind.code
    assert cat.category_label("REFERRED", "JOB", "vi") == "Giới thiệu việc làm"
    assert cat.category_label("LOAN_REFERRED", "JOB", "vi") == "Giải quyết việc làm"


def test_an_unknown_version_is_a_message_not_a_traceback():
    with pytest.raises(CatalogueError) as caught:
        load("wdr1", version=9)
    assert caught.value.code == "catalogue.unknown" and "9" in caught.value.message("en")


def test_the_readme_indicator_table_is_the_catalogues():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- wdr1-indicators:[^>]*-->\n(.*?)<!-- /wdr1-indicators -->", text, re.S)
    assert found, "README.md lost its generated WDR-1 indicator table"
    assert found.group(1) == catalogue.markdown_table(wdr1(2)), (  # version 2: version 1's rows, then its own
        "regenerate with: python -c 'from ward_desk.spec.catalogue import wdr1, markdown_table; "
        "print(markdown_table(wdr1(2)), end=\"\")'")


def test_every_record_kind_and_column_named_exists_in_the_records():
    from ward_desk.services.indicators import check_against_records

    check_against_records(wdr1(1))  # raises naming the indicator otherwise
    check_against_records(wdr1(2))


@pytest.mark.parametrize("name", sorted(p.name for p in OLD_RETURNS.glob("*.xlsx")))
def test_returns_written_before_the_catalogue_file_still_check(name):
    result = check_return(OLD_RETURNS / name)
    assert result.ok, [p.located() for p in result.errors]
    assert len(result.cells) == 1277
    assert [p.code for p in result.warnings] in ([], ["return.warn.late"])


@pytest.mark.parametrize("name,expected", [
    ("before-catalogue-WDR1_00070_2026-10.xlsx", "expected-2026-10-calendar.csv"),
    ("before-catalogue-WDR1_00070_2026-Q3.xlsx", "expected-2026-Q3-nd09.csv"),
    ("before-catalogue-consolidated-01_2026-10.xlsx", "expected-2026-10-calendar.csv"),
])
def test_an_old_return_holds_the_grid_the_catalogue_computes_today(name, expected):
    assert [c.as_row() for c in read_return(OLD_RETURNS / name).cells] == conformance_rows(expected)


def test_the_one_grid_cell_type_and_hash_serve_the_reader_dhis2_and_the_form():
    from ward_desk.services.dhis2 import read_checked_return, read_return_sheets
    from ward_desk.ui.returns.form import as_cells

    path = OLD_RETURNS / "before-catalogue-WDR1_00070_2026-10.xlsx"
    read = read_return(path)
    assert all(type(c) is GridCell for c in read.cells) and read.cells[0].row == 2
    assert catalogue.content_sha256(read.cells) == read.meta["content_sha256"]
    assert read_checked_return(path).cells == read.cells == read_return_sheets(path).cells
    assert as_cells([c.as_row() for c in read.cells]) == list(read.cells)


def test_the_dhis2_default_mapping_covers_exactly_the_catalogue():
    mapping_path = dhis2.default_mapping_path()
    raw = json.loads(mapping_path.read_text(encoding="utf-8"))
    cat = wdr1(2)  # the newest version's indicators: version 1's, then version 2's
    assert list(raw["data_elements"]) == list(cat.indicators)
    sexes = {s for i in cat.indicators.values() for s in i.disaggregation.sexes} - {"*"}
    assert set(raw["option_codes"]["sex"]) == sexes
    assert list(raw["option_codes"]["age"]) == [b.code for b in cat.age_bands]
    cells = tuple(GridCell(*key, 0, 0, row=i + 2) for i, key in enumerate(cat.grid_keys))
    meta = {"period": "2026-10", "period_basis": "calendar", "unit_code": "00070",
            "generated_at": "2026-11-03T09:00:00+07:00"}
    export = dhis2.build_export(dhis2.ReturnData(meta, cells), dhis2.load_mapping(mapping_path), exported="x")
    assert export.unmapped == [] and len(export.values) == 1400
    v1 = tuple(c for c in cells if c.key in wdr1(1).grid_key_set)  # a version 1 return: the same rules serve
    export = dhis2.build_export(dhis2.ReturnData(meta, v1), dhis2.load_mapping(mapping_path), exported="x")
    assert export.unmapped == [] and len(export.values) == 1277
    targets = [(v.data_element, v.category_option_combo) for v in export.values]
    assert len(set(targets)) == 1277


def test_the_dhis2_default_mapping_s_codes_are_derived_from_the_catalogue():
    raw = json.loads(dhis2.default_mapping_path().read_text(encoding="utf-8"))
    derived = {code: {"data_element": rule.data_element, "category_option_combo": rule.category_option_combo}
               for code, rule in dhis2.default_rules(wdr1(LATEST)).items()}  # v2: every v1 indicator too
    assert raw["data_elements"] == derived  # the shipped ids (DHIS2 instances use them) are the derivation's
    assert raw["derive_missing"] is True and dhis2.load_mapping(dhis2.default_mapping_path()).derive_missing


def test_the_standard_file_ships_in_the_wheel_and_the_frozen_build():
    assert '"spec/standards/*.toml"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    spec = (ROOT / "packaging" / "ward_desk.spec").read_text(encoding="utf-8")
    assert '"ward_desk/spec/standards"' in spec
    assert catalogue.standard_file("wdr1", 1).is_file()


# ---- the settled wordings -----------------------------------------------------------------------------------

SETTLED = {  # (indicator, category) -> the one Vietnamese wording every rendering uses
    ("LOAN_ACTIVE_END", None): "Số khoản vay còn dư nợ cuối kỳ",
    ("REFERRED", "JOB"): "Giới thiệu việc làm",
    ("LOAN_REFERRED", "JOB"): "Giải quyết việc làm",
    ("REFERRED", "PREP"): "Điều trị dự phòng trước phơi nhiễm (PrEP)",
    ("REFERRED", "PEP"): "Dự phòng sau phơi nhiễm (PEP)",
}


def test_the_printed_workbook_and_the_screen_word_indicators_the_same(tmp_path):
    from ward_desk.export.return_workbook import write_return_workbook
    from ward_desk.ui.returns.form import render_html

    cat = wdr1()
    cells = [GridCell(*key, 1, 1) for key in cat.grid_keys]
    meta = {"unit_code": "00070", "period": "2026-10", "period_basis": "calendar"}
    path = write_return_workbook(tmp_path / "r.xlsx", cells, meta)
    sheet = "\n".join(str(c.value) for row in load_workbook(path)[cat.layout.form_sheet].iter_rows()
                      for c in row if isinstance(c.value, str))
    screen = render_html(cells, meta)
    for (indicator, category), wording in SETTLED.items():
        expected = cat.label(indicator, "vi") if category is None else cat.category_label(indicator, category, "vi")
        assert expected == wording
        assert wording in sheet and wording in screen
    for ind in cat.indicators.values():
        assert f"{ind.vi}\n{ind.en}" in sheet and ind.vi in screen
    for old in ("Số khoản vay đang còn dư nợ", "Việc làm\nJobs", "Điều trị dự phòng PrEP"):
        assert old not in sheet and old not in screen


# ---- a province's additional indicators, as a file ----------------------------------------------------------

EXTRA = """
extends = "wdr1-v1"

[[sections]]
code = "province"
vi = "Chỉ tiêu bổ sung của tỉnh"
en = "Province indicators"

[[indicators]]
code = "LOAN_CLOSED"
section = "province"
vi = "Số khoản vay đã tất toán"
en = "Loans closed"
categories = { list = "programme" }
disaggregation = "none"
count = { kind = "event_count", records = "loans", date = "closed_on", category = "programme" }
"""


def test_a_province_file_adds_indicators_the_engine_computes(ward_db, tmp_path):
    from ward_desk.models import Client, Loan
    from ward_desk.services import indicators, periods

    extra = tmp_path / "province-extra.toml"
    extra.write_text(EXTRA, encoding="utf-8")
    cat = load("wdr1", 1, extras=[extra])
    assert cat.sections[-1].indicators == ("LOAN_CLOSED",) and len(cat.grid_keys) == 1277 + 5
    assert len(wdr1().grid_keys) == 1277  # the standard itself is unchanged
    client = Client.create(client_code="HK-9", sex="F", birth_year=1990, group="SW")
    Loan.create(ref="l1", client=client, programme="POOR", referred_on=dt.date(2026, 8, 1),
                approved_on=dt.date(2026, 8, 5), disbursed_on=dt.date(2026, 8, 9), amount_disbursed=5_000_000,
                closed_on=dt.date(2026, 10, 20))
    grid = {c.key: (c.value, c.ytd) for c in indicators.compute(periods.parse("2026-10", "calendar"), cat)}
    assert grid[("LOAN_CLOSED", "POOR", "*", "*")] == (1, 1)
    assert grid[("LOAN_ACTIVE_END", "POOR", "*", "*")] == (0, 0)
    assert grid[("LOAN_AMOUNT", "POOR", "*", "*")] == (0, 5_000_000)


@pytest.mark.parametrize("change,where", [
    (('kind = "event_count"', 'kind = "median"'), "indicators[0] (LOAN_CLOSED).count.kind"),
    (('code = "LOAN_CLOSED"', 'code = "REACH"'), "indicators[0] (REACH)"),
    (('section = "province"', 'section = "nowhere"'), "indicators[0] (LOAN_CLOSED).section"),
    (('{ list = "programme" }', '{ list = "colours" }'), "indicators[0] (LOAN_CLOSED).categories.list"),
    (('extends = "wdr1-v1"', 'extends = "wdr1-v7"'), "extends"),
])
def test_a_bad_province_file_is_refused_naming_the_entry(tmp_path, change, where):
    extra = tmp_path / "bad.toml"
    extra.write_text(EXTRA.replace(*change), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load("wdr1", 1, extras=[extra])
    assert caught.value.params["where"] == where and caught.value.params["file"] == "bad.toml"
    assert caught.value.message("vi").startswith("Tệp chuẩn bad.toml")


def test_a_province_file_naming_a_column_the_records_lack_is_refused_before_any_query(tmp_path):
    from ward_desk.services.indicators import check_against_records

    extra = tmp_path / "sneaky.toml"
    extra.write_text(EXTRA.replace('date = "closed_on"', 'date = "closed_on; DROP TABLE loans"'), encoding="utf-8")
    with pytest.raises(ValueError, match="LOAN_CLOSED"):
        check_against_records(load("wdr1", 1, extras=[extra]))


def test_a_file_that_is_not_toml_is_a_located_message(tmp_path):
    extra = tmp_path / "broken.toml"
    extra.write_text("extends = \n", encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load("wdr1", 1, extras=[extra])
    assert caught.value.code == "catalogue.unreadable" and caught.value.params["file"] == "broken.toml"


def _full_grid(cat):
    cells = tuple(GridCell(*key, 1, 1, row=i + 2) for i, key in enumerate(cat.grid_keys))
    meta = {"period": "2026-10", "period_basis": "calendar", "unit_code": "01",
            "generated_at": "2026-11-03T09:00:00+07:00"}
    return dhis2.ReturnData(meta, cells)


def test_a_province_s_additional_indicators_get_the_default_mapping_s_codes(tmp_path):
    extra = tmp_path / "province-extra.toml"
    extra.write_text(EXTRA, encoding="utf-8")
    cat = load("wdr1", 1, extras=[extra])
    mapping = dhis2.load_mapping(dhis2.default_mapping_path())
    export = dhis2.build_export(_full_grid(cat), mapping, exported="x", catalogue=cat)
    assert export.unmapped == [] and len(export.values) == 1277 + 5
    closed = {(v.data_element, v.category_option_combo) for v in export.values if v.cell.indicator == "LOAN_CLOSED"}
    # its categories are the loan programmes, coded as LOAN_AMOUNT's are (the standard's prefix for the list)
    assert closed == {("WDR1_LOAN_CLOSED", f"PR_{c.code}") for c in cat.indicator("LOAN_CLOSED").categories}
    assert ("WDR1_LOAN_AMOUNT", "PR_POOR") in {(v.data_element, v.category_option_combo) for v in export.values}
    # without the province's file at hand, the codes follow the cell's shape: still one target per cell
    export = dhis2.build_export(_full_grid(cat), mapping, exported="x")
    shaped = {(v.data_element, v.category_option_combo) for v in export.values if v.cell.indicator == "LOAN_CLOSED"}
    assert shaped == {(f"WDR1_LOAN_CLOSED_{c.code}", "default") for c in cat.indicator("LOAN_CLOSED").categories}


def test_a_mapping_that_does_not_ask_for_derived_codes_lists_the_indicators_it_lacks(tmp_path):
    extra = tmp_path / "province-extra.toml"
    extra.write_text(EXTRA, encoding="utf-8")
    cat = load("wdr1", 1, extras=[extra])
    raw = json.loads(dhis2.default_mapping_path().read_text(encoding="utf-8"))
    raw["derive_missing"] = False
    export = dhis2.build_export(_full_grid(cat), dhis2.parse_mapping(raw), exported="x", catalogue=cat)
    assert len(export.unmapped) == 5 and all("LOAN_CLOSED" in str(p.params) for p in export.unmapped)


def test_returns_declare_the_catalogue_s_template_and_version(ward_db):
    from ward_desk.services import returns

    for version in (1, 2):  # each version's stamp is its own file's
        layout = wdr1(version).layout
        preview = returns.preview_return("2026-10", "calendar", version=version)
        assert (preview.meta["template"], preview.meta["template_version"]) == (layout.template,
                                                                                layout.template_version)
    latest = wdr1(LATEST).layout.template_version
    assert returns.preview_return("2026-10", "calendar").meta["template_version"] == latest
    assert list(preview.meta)[:2] == ["template", "template_version"]
    # no module spells the template itself: a later version of the standard changes the file, not the code
    package = Path(returns.__file__).parents[1]
    spelled = [p.name for p in package.rglob("*.py") if re.search(r"""["']template["']: *["']WDR""", p.read_text("utf-8"))]
    assert spelled == []
