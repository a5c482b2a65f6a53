"""WDR-1 version 2 (RETURN-v2 §2-§3): the 1,400-cell catalogue, its counting rules against a reference written
from the spec, both versions checked by their own rules, the version a ward exports, offices mixing versions."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook

from tests import reference_wdr1 as reference
from tests.wdr1_files import write_return
from ward_desk.errors import WardDeskError
from ward_desk.export.return_check import check_return, read_return
from ward_desk.services import indicators, periods, returns, settings
from ward_desk.services.consolidate import consolidate
from ward_desk.spec.catalogue import wdr1

NEW = {"REFERRAL_TURNS": 16, "RECEIVED_TURNS": 16, "INSPECTIONS": 3, "EST_INSPECTED": 6, "EST_SANCTIONS": 5,
       "EST_FINES_AMOUNT": 1, "EST_COMMITTED_END": 6, "HOTLINE_CALLS": 28, "GBV_CASES": 6, "GBV_SURVIVORS": 24,
       "TRAINED": 8, "CONSENT_WITHDRAWN": 4}


def _csv(name):
    with open(reference.CONFORMANCE / name, newline="", encoding="utf-8") as fh:
        return [(r[0], r[1], r[2], r[3], int(r[4]), int(r[5])) for r in list(csv.reader(fh))[1:]]


# ---- the catalogue ----------------------------------------------------------------------------------------

def test_version_2_holds_every_version_1_cell_unchanged_then_the_new_ones():
    v1, v2 = wdr1(1), wdr1(2)
    assert len(v1.grid_keys) == 1277 and len(v2.grid_keys) == 1400
    assert v2.grid_keys[:1277] == v1.grid_keys
    assert v2.layout.template_version == "2" and v1.layout.template_version == "1"
    for code, ind in v1.indicators.items():
        new = v2.indicator(code)
        assert (new.vi, new.en, new.categories, new.disaggregation, new.section) == \
            (ind.vi, ind.en, ind.categories, ind.disaggregation, ind.section), code
    added = [code for code in v2.indicators if code not in v1.indicators]
    assert added == list(NEW)
    assert {code: len(v2.indicator(code).keys()) for code in added} == NEW
    assert [k for k in v2.grid_keys] == reference.grid_keys(2)  # the order the spec's tables give
    assert v2.indicator("HOTLINE_CALLS").disaggregation.sexes == ("F", "M", "T", "U")
    assert v2.indicator("EST_COMMITMENTS").count.records == "commitments"


# ---- counting: the engine against the reference implementation --------------------------------------------

@pytest.fixture
def v2_sample(ward_db):
    from ward_desk.services import records_io

    records_io.import_records(reference.CONFORMANCE / "records-v2-sample.xlsx")
    return ward_db


@pytest.mark.parametrize("name", list(reference.V2_GRIDS))
def test_the_v2_conformance_grids_are_the_reference_implementations(name):
    period, start, end, year_start = reference.V2_GRIDS[name]
    records = reference.read_workbook(reference.CONFORMANCE / "records-v2-sample.xlsx")
    grid = reference.compute(records, start, end, year_start, 2)
    assert [(*k, *v) for k, v in grid.items()] == _csv(name)


@pytest.mark.parametrize("name", list(reference.V2_GRIDS))
def test_exported_version_2_return_matches_the_independent_grid(v2_sample, tmp_path, name):
    period = reference.V2_GRIDS[name][0]
    result = returns.export_return(period, basis="calendar", out=tmp_path, version=2)
    checked = check_return(result.path)
    assert checked.ok, [p.located() for p in checked.errors]
    assert checked.meta["template_version"] == "2" and result.version == 2
    got = [c.as_row() for c in checked.cells]
    assert len(got) == 1400
    assert got == _csv(name)
    nonzero = {c[0] for c in got if c[4] or c[5]}
    assert set(NEW) <= nonzero  # every new indicator is exercised by the sample


def test_version_1_of_the_same_records_keeps_the_version_1_grid_shape(v2_sample, tmp_path):
    result = returns.export_return("2026-10", basis="calendar", out=tmp_path, version=1)
    checked = check_return(result.path)
    assert checked.ok and checked.meta["template_version"] == "1" and len(checked.cells) == 1277
    v2 = {r[:4]: r[4:] for r in _csv("expected-v2-2026-10-calendar.csv")}
    assert all(v2[c.key] == (c.value, c.ytd) for c in checked.cells)  # v1 cells are the same numbers


def _grid(period="2026-10"):
    return {c.key: (c.value, c.ytd) for c in indicators.compute(periods.parse(period, "calendar"), wdr1(2))}


def test_recycle_bin_and_binned_parents_are_never_counted(ward_db):
    from ward_desk.models import (Client, Commitment, Consent, Establishment, GbvCase, HotlineCall, Inspection,
                                  Referral, database)

    day = dt.date(2026, 10, 10)
    c = Client.create(client_code="C1", sex="F", birth_year=2000, group="SW")
    e = Establishment.create(ref="E1", name="Cơ sở", type="BAR", listed_on=dt.date(2026, 1, 1))
    Inspection.create(ref="I1", establishment=e, date=day, team="W178", result="VIOLATION", sanction="FINE",
                      fine_amount=2_000_000)
    Commitment.create(ref="K1", establishment=e, signed_on=day, signatory="OWNER")
    GbvCase.create(ref="G1", client=c, reported_on=day, type="RAPE", perpetrator="CLIENT")
    Consent.create(ref="S1", client=c, purpose="REFER", given_on=dt.date(2026, 1, 2), withdrawn_on=day)
    HotlineCall.create(ref="H1", date=day, caller="SW", sex="T", topic="GBV", client=c)
    Referral.create(ref="R1", client=c, service="GBV", referred_on=day, status="RECEIVED", received_on=day)
    g = _grid()
    assert g[("INSPECTIONS", "VIOLATION", "*", "*")] == (1, 1)
    assert g[("EST_INSPECTED", "BAR", "*", "*")] == (1, 1)
    assert g[("EST_SANCTIONS", "FINE", "*", "*")] == (1, 1)
    assert g[("EST_FINES_AMOUNT", "*", "*", "*")] == (2_000_000, 2_000_000)
    assert g[("EST_COMMITTED_END", "BAR", "*", "*")] == (1, 1)
    assert g[("EST_COMMITMENTS", "BAR", "*", "*")] == (1, 1)
    assert g[("GBV_CASES", "RAPE", "*", "*")] == (1, 1)
    assert g[("GBV_SURVIVORS", "*", "F", "25-49")] == (1, 1)
    assert g[("CONSENT_WITHDRAWN", "REFER", "*", "*")] == (1, 1)
    assert g[("HOTLINE_CALLS", "GBV", "T", "*")] == (1, 1)
    assert g[("REFERRAL_TURNS", "GBV", "*", "*")] == g[("RECEIVED_TURNS", "GBV", "*", "*")] == (1, 1)
    now = dt.datetime(2026, 11, 1)
    # the establishment and the client in the recycle bin (set directly: the app refuses while records point
    # at them, so this is the rule itself, whatever the way a parent got there)
    database.execute_sql("UPDATE establishments SET deleted_at = ?", [now])
    database.execute_sql("UPDATE clients SET deleted_at = ?", [now])
    g = _grid()
    for key in (("INSPECTIONS", "VIOLATION", "*", "*"), ("EST_INSPECTED", "BAR", "*", "*"),
                ("EST_FINES_AMOUNT", "*", "*", "*"), ("EST_COMMITTED_END", "BAR", "*", "*"),
                ("EST_COMMITMENTS", "BAR", "*", "*"), ("GBV_CASES", "RAPE", "*", "*"),
                ("GBV_SURVIVORS", "*", "F", "25-49"), ("CONSENT_WITHDRAWN", "REFER", "*", "*")):
        assert g[key] == (0, 0), key
    assert g[("HOTLINE_CALLS", "GBV", "T", "*")] == (1, 1)  # a call happened, whoever the caller became
    database.execute_sql("UPDATE hotline_calls SET deleted_at = ?", [now])
    assert _grid()[("HOTLINE_CALLS", "GBV", "T", "*")] == (0, 0)


def test_turns_count_every_referral_persons_once(ward_db):
    from ward_desk.models import Client, Referral

    c = Client.create(client_code="C1", sex="M", birth_year=1990, group="SW")
    for n, day in enumerate((3, 9, 20)):
        Referral.create(ref=f"R{n}", client=c, service="LEGAL", referred_on=dt.date(2026, 10, day),
                        status="RECEIVED", received_on=dt.date(2026, 10, day + 1))
    g = _grid()
    assert g[("REFERRAL_TURNS", "LEGAL", "*", "*")] == (3, 3)
    assert g[("RECEIVED_TURNS", "LEGAL", "*", "*")] == (3, 3)
    assert g[("REFERRED", "LEGAL", "M", "25-49")] == (1, 1)


# ---- checking both versions -------------------------------------------------------------------------------

def test_each_version_is_checked_by_its_own_catalogue(tmp_path):
    assert check_return(write_return(tmp_path / "v1.xlsx", "00070")).ok
    assert check_return(write_return(tmp_path / "v2.xlsx", "00070", version=2)).ok
    # a version 1 grid that says version 2 misses the 123 new cells; a version 2 grid saying 1 has 123 unknown
    wrong = check_return(write_return(tmp_path / "w.xlsx", "00070", version=1,
                                      edit=lambda rows: None)).ok
    assert wrong
    v2_as_v1 = tmp_path / "x.xlsx"
    write_return(v2_as_v1, "00070", version=2)
    book = load_workbook(v2_as_v1)
    for row in book["Meta"].iter_rows():
        if row[0].value == "template_version":
            row[1].value = "1"
    book.save(v2_as_v1)
    codes = [p.code for p in check_return(v2_as_v1).errors]
    assert codes.count("return.unknown_cell") == 123
    book = load_workbook(v2_as_v1)
    for row in book["Meta"].iter_rows():
        if row[0].value == "template_version":
            row[1].value = "3"
    book.save(v2_as_v1)
    assert "return.bad_template" in [p.code for p in check_return(v2_as_v1).errors]


def _set(rows, key, value, ytd=None):
    for r in rows:
        if tuple(r[:4]) == key:
            r[4], r[5] = value, value if ytd is None else ytd


@pytest.mark.parametrize("edit,small", [
    (lambda rows: _set(rows, ("EST_INSPECTED", "BAR", "*", "*"), 500, 900), "EST_INSPECTED"),
    (lambda rows: _set(rows, ("EST_SANCTIONS", "WARNING", "*", "*"), 400, 900), "EST_SANCTIONS"),
    (lambda rows: _set(rows, ("EST_COMMITTED_END", "KARAOKE", "*", "*"), 90), "EST_COMMITTED_END KARAOKE"),
    (lambda rows: _set(rows, ("GBV_SURVIVORS", "*", "F", "18-24"), 300, 900), "GBV_SURVIVORS"),
    (lambda rows: _set(rows, ("REFERRAL_TURNS", "HIV_TEST", "*", "*"), 0, 0), "REFERRED HIV_TEST"),
    (lambda rows: _set(rows, ("RECEIVED_TURNS", "LEGAL", "*", "*"), 0, 0), "RECEIVED LEGAL"),
])
def test_version_2_consistency_rules(tmp_path, english, edit, small):
    path = write_return(tmp_path / "bad.xlsx", "00070", version=2, edit=edit)
    result = check_return(path)
    assert not result.ok
    found = [p for p in result.errors if p.code == "return.v2_not_above"]
    assert found and all(p.sheet == "Data" and p.cell for p in found)
    assert any(small in p.message("en") for p in found), [p.message("en") for p in found]


# ---- the version a ward exports ---------------------------------------------------------------------------

def test_the_ward_exports_version_2_unless_the_office_asks_for_version_1(ward_db, tmp_path):
    p = periods.parse("2026-10", "calendar")
    assert returns.default_version(p) == 2
    settings.set("return_v1_until", "2026-Q4")
    assert settings.get("return_v1_until") == "2026-Q4"
    assert returns.default_version(p) == 1
    assert returns.default_version(periods.parse("2026", "calendar")) == 1
    assert returns.default_version(periods.parse("2027-01", "calendar")) == 2
    first = returns.export_return("2026-10", basis="calendar", out=tmp_path)
    assert first.version == 1 and read_return(first.path).meta["template_version"] == "1"
    second = returns.export_return("2026-10", basis="calendar", out=tmp_path, version=2)  # the ward's choice
    assert second.version == 2 and second.submission_no == 2 and len(read_return(second.path).cells) == 1400
    with pytest.raises(WardDeskError) as caught:
        returns.export_return("2026-10", basis="calendar", out=tmp_path, version=3)
    assert caught.value.code == "return.bad_version"
    with pytest.raises(WardDeskError):
        settings.set("return_v1_until", "2026-13")
    settings.set("return_v1_until", None)
    assert returns.default_version(p) == 2


def test_cli_version_choice(tmp_path, capsys, english):
    from tests.unit.test_cli_returns import run

    data = str(tmp_path / "ward")
    assert run(capsys, "--data-dir", data, "init", "--unit", "00070")[0] == 0
    code, out, _err = run(capsys, "--data-dir", data, "return", "version", "--v1-until", "2026-11")
    assert code == 0 and "version 1 up to and including 2026-11" in out
    code, out, _err = run(capsys, "--data-dir", data, "return", "export", "--period", "2026-10", "--out",
                          str(tmp_path / "a"))
    assert code == 0 and read_return(out.strip()).meta["template_version"] == "1"
    code, out, _err = run(capsys, "--data-dir", data, "return", "export", "--period", "2026-10", "--version", "2",
                          "--out", str(tmp_path / "b"))
    assert code == 0 and read_return(out.strip()).meta["template_version"] == "2"
    code, out, _err = run(capsys, "--data-dir", data, "return", "version", "--latest")
    assert code == 0 and "version 2" in out


# ---- offices mixing versions ------------------------------------------------------------------------------

def test_an_office_consolidates_version_1_and_version_2_returns_together(tmp_path):
    v1 = write_return(tmp_path / "in" / "a.xlsx", "00004")
    v2 = write_return(tmp_path / "in" / "b.xlsx", "00070", version=2)
    result = consolidate("C-X", "2026-10", [v1, v2], tmp_path / "cons.xlsx", wards=["00070", "00004", "00008"])
    checked = check_return(result.out)
    assert checked.ok, [p.located() for p in checked.errors]
    assert checked.meta["template_version"] == "2" and len(checked.cells) == 1400
    one, two = {tuple(r[:4]): r[4:] for r in _csv("expected-2026-10-calendar.csv")}, \
        {tuple(r[:4]): r[4:] for r in _csv("expected-v2-2026-10-calendar.csv")}
    for c in checked.cells:
        expected = (one[c.key][0] + two[c.key][0], one[c.key][1] + two[c.key][1]) if c.key in one else two[c.key]
        assert (c.value, c.ytd) == expected, c.key  # a v2 cell: the sum over the wards that carry it
    completeness = checked.sheets["Completeness"]
    head = completeness[0]
    assert "template_version" in head
    versions = {r[0]: r[head.index("template_version")] for r in completeness[1:]}
    assert versions == {"00004": "1", "00070": "2", "00008": ""}
    by_unit = checked.sheets["ByUnit"]
    cols = by_unit[0]
    rows = {tuple(r[:4]): r for r in by_unit[1:]}
    new_key = ("INSPECTIONS", "VIOLATION", "*", "*")
    assert rows[new_key][cols.index("00004")] == ""  # empty, not zero, for the version 1 ward
    assert rows[new_key][cols.index("00070")] == two[new_key][0]
    assert rows[("CONTACTS", "DIRECT", "*", "*")][cols.index("00004")] == one[("CONTACTS", "DIRECT", "*", "*")][0]
    form = "\n".join(str(v) for row in load_workbook(result.out)["Báo cáo"].iter_rows(values_only=True)
                     for v in row if isinstance(v, str))
    assert form.count("1 of 2 wards reported") == len(NEW)  # each version 2 indicator, marked once


def test_an_office_of_version_1_wards_stays_version_1(tmp_path):
    paths = [write_return(tmp_path / "in" / f"{u}.xlsx", u) for u in ("00004", "00070")]
    result = consolidate("C-X", "2026-10", paths, tmp_path / "cons.xlsx", wards=["00070", "00004"])
    checked = check_return(result.out)
    assert checked.ok and checked.meta["template_version"] == "1" and len(checked.cells) == 1277
    assert "wards reported" not in "\n".join(
        str(v) for row in load_workbook(result.out)["Báo cáo"].iter_rows(values_only=True) for v in row if v)


def test_the_version_2_printed_form_has_the_new_sections_and_aggregates_only(ward_db, tmp_path):
    result = returns.export_return("2026-10", basis="calendar", out=tmp_path, prepared_by="Nguyễn Thị Lan")
    book = load_workbook(result.path)
    assert book.sheetnames == ["Báo cáo", "Data", "Meta"]
    meta = {k: v for k, v in book["Meta"].iter_rows(min_row=2, values_only=True)}
    assert meta["template_version"] == "2"
    assert [r[:4] for r in book["Data"].iter_rows(min_row=2, values_only=True)] == list(wdr1(2).grid_keys)
    texts = "\n".join(str(v) for row in book["Báo cáo"].iter_rows(values_only=True) for v in row
                      if isinstance(v, str))
    for words in ("PHIÊN BẢN 2", "Kiểm tra liên ngành (Đội 178) và cam kết của cơ sở", "Đường dây nóng",
                  "Bạo lực trên cơ sở giới (số liệu tổng hợp)", "Tập huấn cán bộ, tuyên truyền viên đồng đẳng",
                  "Lượt dịch vụ", "Số cơ sở có cam kết còn hiệu lực cuối kỳ", "Hotline calls by topic"):
        assert words in texts, words


def test_the_office_records_its_request_and_counts_a_mixed_inbox(tmp_path, english, capsys):
    from ward_desk.cli import main
    from ward_desk.db import opened
    from ward_desk.services import office

    data = str(tmp_path / "office")
    assert main(["--data-dir", data, "office", "init", "--office", "C-HK", "--wards", "00070", "00004",
                 "00008"]) == 0
    assert main(["--data-dir", data, "office", "settings", "--v1-until", "2026-12"]) == 0
    assert "version 1 up to and including 2026-12" in capsys.readouterr().out
    with opened(data):
        assert office.office_settings()["v1_until"] == "2026-12"
    inbox = tmp_path / "mail"
    write_return(inbox / "a.xlsx", "00004")
    write_return(inbox / "b.xlsx", "00070", version=2)
    assert main(["--data-dir", data, "office", "receive", str(inbox)]) == 0
    out = tmp_path / "office.xlsx"
    assert main(["--data-dir", data, "office", "consolidate", "--period", "2026-10", "--out", str(out)]) == 0
    checked = check_return(out)
    assert checked.ok, [p.located() for p in checked.errors]
    assert checked.meta["template_version"] == "2"
    head = checked.sheets["Completeness"][0]
    assert {r[0]: r[head.index("template_version")] for r in checked.sheets["Completeness"][1:]} == \
        {"00004": "1", "00070": "2", "00008": ""}
    assert main(["--data-dir", data, "office", "settings", "--v1-until", ""]) == 0
    assert "WDR-1 version asked: version 2" in capsys.readouterr().out
