"""DHIS2 / ADX export of WDR-1 returns: periods, the mapping, and the structure of both payloads parsed back."""

from __future__ import annotations

import copy
import csv
import json
import re
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import CONFORMANCE
from ward_desk.errors import ValidationFailed
from ward_desk.export import dhis2
from ward_desk.spec.catalogue import GridCell

ADX = "{urn:ihe:qrph:adx:2015}"
DVS_KEYS = {"dataSet", "completeDate", "period", "orgUnit", "attributeOptionCombo", "dataValues", "idScheme"}


def grid(name: str = "expected-2026-10-calendar.csv") -> tuple[GridCell, ...]:
    with (CONFORMANCE / name).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(GridCell(r["indicator"], r["category"], r["sex"], r["age"], int(r["value"]), int(r["ytd"]),
                          row=i + 2) for i, r in enumerate(rows))


def return_data(period="2026-10", basis="calendar", unit="00070", cells=None) -> dhis2.ReturnData:
    meta = {"template": "WDR", "template_version": "1", "unit_code": unit, "period": period,
            "period_basis": basis, "generated_at": "2026-11-03T09:15:00+07:00"}
    return dhis2.ReturnData(meta, cells if cells is not None else grid())


def default_raw() -> dict:
    return json.loads(dhis2.default_mapping_path().read_text(encoding="utf-8"))


def build(mapping=None, data=None):
    mapping = mapping or dhis2.load_mapping(dhis2.default_mapping_path())
    return dhis2.build_export(data or return_data(), mapping, exported="2026-11-22T23:00:00Z")


# ---- periods ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("label, dhis2_id, adx", [
    ("2026-10", "202610", "2026-10-01/P1M"),
    ("2026-01", "202601", "2026-01-01/P1M"),
    ("2026-Q1", "2026Q1", "2026-01-01/P3M"),
    ("2026-Q3", "2026Q3", "2026-07-01/P3M"),
    ("2026-Q4", "2026Q4", "2026-10-01/P3M"),
    ("2026-H1", "2026S1", "2026-01-01/P6M"),
    ("2026-H2", "2026S2", "2026-07-01/P6M"),
    ("2026", "2026", "2026-01-01/P1Y"),
])
def test_period_ids_follow_dhis2_and_adx_syntax(label, dhis2_id, adx):
    period = dhis2.dhis2_period(label)
    assert (period.dhis2_id, period.adx) == (dhis2_id, adx)


@pytest.mark.parametrize("label", ["2026-13", "2026-Q5", "2026-H3", "26-10", "2026-10-01", ""])
def test_malformed_period_is_refused(label):
    with pytest.raises(dhis2.WardDeskError):
        dhis2.dhis2_period(label)


# ---- the default mapping ----------------------------------------------------------------------------------

def test_default_mapping_covers_every_wdr1_cell_once():
    export = build()
    cells = grid()
    assert len(cells) == 1277
    assert export.unmapped == [] and export.excluded == 0
    assert dhis2.mapped_cells(export.values) == {c.key for c in cells}
    targets = [(v.data_element, v.category_option_combo) for v in export.values]
    assert len(targets) == len(set(targets)) == 1277
    for de, coc in targets:
        assert re.fullmatch(r"[A-Z0-9_]{1,50}", de) and re.fullmatch(r"[A-Z0-9_]{1,50}", coc), (de, coc)


def test_default_mapping_keeps_indicator_categories_apart():
    """`OTHER` is both a loan programme and an establishment type, `JOB` a programme and a service: the
    default codes must not let two indicators share a category option combo by accident."""
    by_de: dict[str, set[str]] = {}
    for v in build().values:
        by_de.setdefault(v.data_element, set()).add(v.cell.indicator)
    assert all(len(indicators) == 1 for indicators in by_de.values())
    values = {(v.cell.indicator, v.cell.category): v.category_option_combo for v in build().values
              if v.cell.sex == "*"}
    assert values[("LOAN_AMOUNT", "OTHER")] == "PR_OTHER"
    assert values[("EST_LISTED_END", "OTHER")] == "ET_OTHER"


# ---- dataValueSets JSON -----------------------------------------------------------------------------------

def test_json_payload_has_the_dhis2_data_value_set_structure():
    payload = json.loads(dhis2.render(build(), "json"))
    assert set(payload) <= DVS_KEYS
    assert payload["dataSet"] == "WDR1_MONTHLY"
    assert payload["period"] == "202610"
    assert payload["orgUnit"] == "00070"
    assert payload["completeDate"] == "2026-11-03"
    assert payload["idScheme"] == "CODE"
    values = payload["dataValues"]
    assert len(values) == 1277
    for value in values:
        assert set(value) == {"dataElement", "categoryOptionCombo", "value"}
        assert isinstance(value["value"], str) and value["value"].isdigit()
    keys = {(v["dataElement"], v["categoryOptionCombo"], payload["orgUnit"], payload["period"]) for v in values}
    assert len(keys) == len(values)
    by_target = {(v["dataElement"], v["categoryOptionCombo"]): int(v["value"]) for v in values}
    assert by_target[("WDR1_REACH", "SA_F_16T17")] == 2  # the grid's REACH,*,F,16-17 this period (not ytd)
    assert sum(by_target.values()) == sum(c.value for c in grid())


@pytest.mark.parametrize("period, data_set, dhis2_id", [
    ("2026-Q3", "WDR1_QUARTERLY", "2026Q3"), ("2026-H2", "WDR1_SIXMONTHLY", "2026S2"), ("2026", "WDR1_YEARLY", "2026"),
])
def test_each_period_type_goes_to_its_data_set(period, data_set, dhis2_id):
    payload = json.loads(dhis2.render(build(data=return_data(period=period, basis="nd09")), "json"))
    assert (payload["dataSet"], payload["period"]) == (data_set, dhis2_id)


def test_uid_scheme_leaves_the_id_scheme_out_and_attribute_option_combo_is_passed():
    raw = default_raw()
    raw.update(id_scheme="uid", attribute_option_combo="HllvX50cXC0")
    payload = json.loads(dhis2.render(build(dhis2.parse_mapping(raw)), "json"))
    assert "idScheme" not in payload
    assert payload["attributeOptionCombo"] == "HllvX50cXC0"


# ---- ADX --------------------------------------------------------------------------------------------------

def test_adx_payload_parses_back_with_the_adx_structure():
    body = dhis2.render(build(), "adx")
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(body)
    assert root.tag == f"{ADX}adx"
    assert root.attrib["exported"] == "2026-11-22T23:00:00Z"
    groups = list(root)
    assert [g.tag for g in groups] == [f"{ADX}group"]
    group = groups[0]
    assert group.attrib["orgUnit"] == "00070"
    assert group.attrib["dataSet"] == "WDR1_MONTHLY"
    assert group.attrib["period"] == "2026-10-01/P1M"
    assert re.fullmatch(r"\d{4}-\d{2}-01/P(1M|3M|6M|1Y)", group.attrib["period"])
    values = list(group)
    assert len(values) == 1277 and all(v.tag == f"{ADX}dataValue" for v in values)
    seen = set()
    for v in values:
        assert set(v.attrib) == {"dataElement", "categoryOptionCombo", "value"}
        assert v.attrib["value"].isdigit()
        seen.add((v.attrib["dataElement"], v.attrib["categoryOptionCombo"]))
    assert len(seen) == 1277


def test_adx_can_explode_the_disaggregation_into_category_attributes():
    raw = default_raw()
    raw["data_elements"]["REACH"]["adx_categories"] = {"WD_SEX": "{sex}", "WD_AGE": "{age}"}
    root = ET.fromstring(dhis2.render(build(dhis2.parse_mapping(raw)), "adx"))
    reach = [v.attrib for v in root.iter(f"{ADX}dataValue") if v.attrib["dataElement"] == "WDR1_REACH"]
    assert len(reach) == 24
    assert all(set(a) == {"dataElement", "WD_SEX", "WD_AGE", "value"} for a in reach)
    assert {(a["WD_SEX"], a["WD_AGE"]) for a in reach} == {
        (s, a) for s in "FMTU" for a in ("LT16", "16T17", "18T24", "25T49", "50PLUS", "UNK")}


def test_adx_attribute_names_must_be_xml_names():
    raw = default_raw()
    raw["data_elements"]["REACH"]["adx_categories"] = {"1SEX": "{sex}", "value": "{age}"}
    with pytest.raises(ValidationFailed) as caught:
        dhis2.parse_mapping(raw)
    assert [p.code for p in caught.value.problems] == ["dhis2.bad_attribute_name"] * 2


# ---- nothing dropped silently, one value per target -------------------------------------------------------

def test_unmapped_cells_are_listed_with_their_data_row():
    raw = default_raw()
    del raw["data_elements"]["LOAN_AMOUNT"]
    export = build(dhis2.parse_mapping(raw))
    cells = [c for c in grid() if c.indicator == "LOAN_AMOUNT"]
    assert len(export.unmapped) == len(cells) == 5
    assert [p.cell for p in export.unmapped] == [f"A{c.row}" for c in cells]
    assert export.unmapped[0].located("en").startswith(f"Data!A{cells[0].row}: the cell LOAN_AMOUNT/")
    assert len(export.values) == 1277 - 5


def test_excluded_cells_are_counted_not_lost():
    raw = default_raw()
    raw["exclude"] = [{"indicator": "REFERRED", "sex": "U"}, {"indicator": "COMMODITIES", "category": "MATERIALS"}]
    export = build(dhis2.parse_mapping(raw))
    assert export.excluded == 16 * 6 + 1
    assert export.unmapped == []
    assert len(export.values) + export.excluded == 1277


def test_two_cells_on_one_target_are_refused():
    raw = default_raw()
    raw["cells"] = [{"indicator": "REACH", "category": "*", "sex": "F", "age": "U16",
                     "data_element": "WDR1_REACH", "category_option_combo": "SA_F_16T17"}]
    with pytest.raises(ValidationFailed) as caught:
        build(dhis2.parse_mapping(raw))
    problems = caught.value.problems
    assert [p.code for p in problems] == ["dhis2.duplicate_target"]
    assert "WDR1_REACH / SA_F_16T17" in problems[0].message("en")


def test_cell_override_wins_over_the_indicator_rule():
    raw = default_raw()
    raw["cells"] = [{"indicator": "CONTACTS", "category": "ONLINE", "sex": "*", "age": "*",
                     "data_element": "HIV_OUTREACH_ONLINE", "category_option_combo": "default"}]
    values = {v.cell.key: v for v in build(dhis2.parse_mapping(raw)).values}
    online = values[("CONTACTS", "ONLINE", "*", "*")]
    assert (online.data_element, online.category_option_combo) == ("HIV_OUTREACH_ONLINE", "default")


def test_template_using_a_dimension_the_cell_lacks_is_an_error():
    raw = default_raw()
    raw["data_elements"]["CONTACTS"]["category_option_combo"] = "CH_{category}_{sex}"
    with pytest.raises(ValidationFailed) as caught:
        build(dhis2.parse_mapping(raw))
    assert {p.code for p in caught.value.problems} == {"dhis2.star_in_template"}
    assert len(caught.value.problems) == 5


def test_zeros_can_be_left_out_and_are_counted():
    raw = default_raw()
    raw["send_zeros"] = False
    export = build(dhis2.parse_mapping(raw))
    zeros = sum(1 for c in grid() if c.value == 0)
    assert zeros > 0 and export.zeros_left_out == zeros
    assert all(v.value > 0 for v in export.values)


def test_basis_the_mapping_does_not_take_is_refused():
    raw = default_raw()
    raw["period_bases"] = ["calendar"]
    with pytest.raises(ValidationFailed) as caught:
        build(dhis2.parse_mapping(raw), return_data(period="2026-Q3", basis="nd09"))
    assert [p.code for p in caught.value.problems] == ["dhis2.basis_not_allowed"]


def test_org_unit_rule_and_overrides():
    raw = default_raw()
    raw["org_unit"] = {"template": "VN_{unit_code}", "overrides": {"C-HOANGMAI": "HN_HOANGMAI_CLUSTER"}}
    mapping = dhis2.parse_mapping(raw)
    assert json.loads(dhis2.render(build(mapping), "json"))["orgUnit"] == "VN_00070"
    office = json.loads(dhis2.render(build(mapping, return_data(unit="C-HOANGMAI")), "json"))
    assert office["orgUnit"] == "HN_HOANGMAI_CLUSTER"


# ---- the mapping file itself ------------------------------------------------------------------------------

def test_mapping_problems_are_all_listed_with_their_json_path(tmp_path):
    raw = default_raw()
    raw["id_scheme"] = "name"
    raw["data_set"] = {"month": "X", "week": "Y"}
    raw["data_elements"]["REACH"] = {"data_element": "WDR1_{indicatr}"}
    raw["colour"] = "blue"
    path = tmp_path / "map.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        dhis2.load_mapping(path)
    located = [p.located("en") for p in caught.value.problems]
    assert any(line.startswith(f"{path}: id_scheme: ") for line in located)
    assert any("data_set.week" in line for line in located)
    assert any("data_elements.REACH.data_element" in line and "{indicatr}" in line for line in located)
    assert any("data_elements.REACH.category_option_combo" in line for line in located)
    assert any(line.startswith(f"{path}: colour: ") for line in located)


def test_mapping_naming_an_unknown_indicator_is_refused():
    raw = default_raw()
    raw["data_elements"]["REACHED"] = copy.deepcopy(raw["data_elements"]["REACH"])
    with pytest.raises(ValidationFailed) as caught:
        build(dhis2.parse_mapping(raw))
    assert [p.code for p in caught.value.problems] == ["dhis2.unknown_indicator"]


def test_not_a_mapping_file(tmp_path):
    path = tmp_path / "map.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(dhis2.WardDeskError) as caught:
        dhis2.load_mapping(path)
    assert caught.value.code == "dhis2.mapping_unreadable"
    with pytest.raises(ValidationFailed) as caught:
        dhis2.parse_mapping({"dataSet": "x"})
    assert caught.value.problems[0].code == "dhis2.mapping_format"


# ---- the command, on return files -------------------------------------------------------------------------

def write_wdr1(path, *, period="2026-10", basis="calendar", start="2026-10-01", end="2026-10-31", unit="00070",
               unit_name="Phường Hoàn Kiếm", office="01", csv_name="expected-2026-10-calendar.csv", edit=None):
    """A WDR-1 workbook (RETURN-v1 §3) made here from a conformance grid, independent of the exporter."""
    import hashlib

    from openpyxl import Workbook

    with (CONFORMANCE / csv_name).open(encoding="utf-8") as handle:
        rows = [[r["indicator"], r["category"], r["sex"], r["age"], int(r["value"]), int(r["ytd"])]
                for r in csv.DictReader(handle)]
    digest = hashlib.sha256("".join(sorted("|".join(str(v) for v in r) + "\n" for r in rows)).encode()).hexdigest()
    if edit:
        edit(rows)
    wb = Workbook()
    form = wb.active
    form.title = "Báo cáo"
    form["A1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    data = wb.create_sheet("Data")
    data.append(["indicator", "category", "sex", "age", "value", "ytd"])
    for row in rows:
        data.append(row)
    meta = wb.create_sheet("Meta")
    meta.append(["key", "value"])
    for key, value in [("template", "WDR"), ("template_version", "1"), ("unit_code", unit),
                       ("unit_name", unit_name), ("office_code", office), ("period", period),
                       ("period_basis", basis), ("period_start", start), ("period_end", end),
                       ("submission_no", "1"), ("generated_at", "2026-11-03T09:15:00+07:00"),
                       ("app_version", "0.1.0"), ("prepared_by", "Test"), ("content_sha256", digest)]:
        meta.append([key, value])
    wb.save(path)
    return path


def run_cli(*args: str) -> int:
    from ward_desk.cli import main

    return main(list(args))


@pytest.mark.parametrize("fmt", ["json", "adx"])
def test_command_exports_a_checked_return(tmp_path, english, capsys, fmt):
    source = write_wdr1(tmp_path / "WDR1_00070_2026-10.xlsx")
    out = tmp_path / f"out.{fmt}"
    assert run_cli("return", "dhis2", str(source), "--mapping", str(dhis2.default_mapping_path()),
                   "--format", fmt, "--out", str(out)) == 0
    captured = capsys.readouterr()
    assert "Wrote" in captured.out and "1277 values" in captured.out and "unmapped: 0" in captured.out
    body = out.read_bytes()
    if fmt == "json":
        payload = json.loads(body)
        assert (payload["period"], payload["orgUnit"], len(payload["dataValues"])) == ("202610", "00070", 1277)
    else:
        group = ET.fromstring(body).find(f"{ADX}group")
        assert group.attrib["period"] == "2026-10-01/P1M" and len(group) == 1277


def test_command_without_mapping_uses_the_default_and_names_the_file_in_a_folder(tmp_path, english, capsys):
    source = write_wdr1(tmp_path / "q3.xlsx", period="2026-Q3", basis="nd09", start="2026-06-15",
                        end="2026-09-14", csv_name="expected-2026-Q3-nd09.csv")
    folder = tmp_path / "outbox"
    folder.mkdir()
    assert run_cli("return", "dhis2", str(source), "--format", "adx", "--out", str(folder)) == 0
    assert "default WDR-1 mapping" in capsys.readouterr().err
    written = folder / "DHIS2_00070_2026-Q3.xml"
    group = ET.fromstring(written.read_bytes()).find(f"{ADX}group")
    assert (group.attrib["period"], group.attrib["dataSet"]) == ("2026-07-01/P3M", "WDR1_QUARTERLY")


def test_command_refuses_a_return_that_fails_its_check(tmp_path, english, capsys):
    def tamper(rows):
        rows[0][4] += 1  # a number edited by hand after export: the content hash no longer matches

    source = write_wdr1(tmp_path / "edited.xlsx", edit=tamper)
    out = tmp_path / "out.json"
    assert run_cli("return", "dhis2", str(source), "--format", "json", "--out", str(out)) == 1
    assert not out.exists()
    assert "edited.xlsx" in capsys.readouterr().err


def test_command_lists_unmapped_cells_and_writes_nothing_unless_allowed(tmp_path, english, capsys):
    raw = default_raw()
    del raw["data_elements"]["LOAN_AMOUNT"]
    mapping = tmp_path / "office-mapping.json"
    mapping.write_text(json.dumps(raw), encoding="utf-8")
    source = write_wdr1(tmp_path / "r.xlsx")
    out = tmp_path / "out.json"
    rows = [c.row for c in grid() if c.indicator == "LOAN_AMOUNT"]

    assert run_cli("return", "dhis2", str(source), "--mapping", str(mapping), "--format", "json",
                   "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert not out.exists()
    assert all(f"Data!A{row}: the cell LOAN_AMOUNT/" in err for row in rows)
    assert "5 cell(s) have no DHIS2 mapping; nothing was exported" in err

    assert run_cli("return", "dhis2", str(source), "--mapping", str(mapping), "--format", "json",
                   "--out", str(out), "--allow-unmapped") == 0
    captured = capsys.readouterr()
    assert all(f"Data!A{row}: the cell LOAN_AMOUNT/" in captured.err for row in rows)
    assert "NOT in the output" in captured.err and "unmapped: 5" in captured.out
    assert len(json.loads(out.read_bytes())["dataValues"]) == 1277 - 5


def test_command_reports_a_broken_mapping(tmp_path, english, capsys):
    mapping = tmp_path / "broken.json"
    mapping.write_text(json.dumps({"format": "ward-desk-dhis2-mapping", "version": 1, "data_set": 5}),
                       encoding="utf-8")
    source = write_wdr1(tmp_path / "r.xlsx")
    assert run_cli("return", "dhis2", str(source), "--mapping", str(mapping), "--format", "json",
                   "--out", str(tmp_path / "o.json")) == 1
    assert f"{mapping}: data_set: must be" in capsys.readouterr().err


def test_command_refuses_a_workbook_that_is_not_a_return(tmp_path, english, capsys):
    from openpyxl import Workbook

    source = tmp_path / "records.xlsx"
    wb = Workbook()
    wb.active.title = "clients"
    wb.save(source)
    assert run_cli("return", "dhis2", str(source), "--format", "json", "--out", str(tmp_path / "o.json")) == 1
    err = capsys.readouterr().err
    assert "records.xlsx" in err and "Traceback" not in err
    assert not (tmp_path / "o.json").exists()


def _province_wards(count: int) -> list[str]:
    from ward_desk import units

    return sorted(w.code for w in units.all_wards() if units.ward("00070").province_code == w.province_code)[:count]


def test_consolidated_return_with_missing_wards_is_exported_with_a_partial_warning(tmp_path, english, capsys):
    """DHIS2 aggregates up the org unit tree: a consolidated return that lacks wards is a partial total, and
    the command says how many wards are not in it."""
    from ward_desk.services.consolidate import consolidate

    members = ["00070"] + [w for w in _province_wards(4) if w != "00070"][:2]
    (tmp_path / "in").mkdir()
    ward_file = write_wdr1(tmp_path / "in" / "WDR1_00070_2026-10.xlsx")
    office_file = tmp_path / "WDR1_C-TEST_2026-10.xlsx"
    consolidate("C-TEST", "2026-10", [str(ward_file.parent)], str(office_file), wards=members)
    out = tmp_path / "office.json"
    assert run_cli("return", "dhis2", str(office_file), "--format", "json", "--out", str(out)) == 0
    captured = capsys.readouterr()
    assert "PARTIAL: 2 of its 3 wards are not in it (2 missing)" in captured.err
    assert "send either the wards' own returns or this office return, not both" in captured.err
    assert json.loads(out.read_bytes())["orgUnit"] == "C-TEST"

    # a ward's own return, and a complete consolidated one, say nothing of the kind
    assert run_cli("return", "dhis2", str(ward_file), "--format", "json", "--out", str(tmp_path / "w.json")) == 0
    assert "PARTIAL" not in capsys.readouterr().err
    complete = tmp_path / "WDR1_C-ONE_2026-10.xlsx"
    consolidate("C-ONE", "2026-10", [str(ward_file.parent)], str(complete), wards=["00070"])
    assert run_cli("return", "dhis2", str(complete), "--format", "json", "--out", str(tmp_path / "c.json")) == 0
    assert "PARTIAL" not in capsys.readouterr().err


def test_wards_left_out_are_counted_by_status_and_sub_offices_are_not_wards():
    from ward_desk.services.dhis2 import wards_left_out

    wards = _province_wards(4)
    data = dhis2.ReturnData({}, (), "", ((wards[0], "ACCEPTED"), (wards[1], "MISSING"), (wards[2], "REJECTED"),
                                         (wards[3], "MISSING"), ("C-SUB", "ACCEPTED")))
    assert wards_left_out(data) == (4, {"MISSING": 2, "REJECTED": 1})
    assert wards_left_out(return_data()) == (0, {})


def test_default_mapping_of_an_installed_package_is_its_packaged_copy(monkeypatch):
    """A wheel has no resources/ folder: the mapping comes from the package (packaging/build_resources.py copies
    the canonical resources/data/dhis2 file there, and pyproject.toml ships it)."""
    from pathlib import Path

    canonical = dhis2.default_mapping_path()
    assert canonical == dhis2.CHECKOUT_MAPPING and canonical.exists()
    monkeypatch.setattr(dhis2, "CHECKOUT_MAPPING", Path("/nonexistent") / dhis2.DEFAULT_MAPPING)
    packaged = dhis2.default_mapping_path()
    assert packaged.parent.name == "generated" and packaged.read_bytes() == canonical.read_bytes()
    import tomllib

    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    assert "ui/generated/*.json" in pyproject["tool"]["setuptools"]["package-data"]["ward_desk"]
