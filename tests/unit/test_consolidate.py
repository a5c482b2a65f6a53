"""§5 consolidation: a realistic office inbox gives exactly the right numbers and statuses."""

import pytest

from tests.wdr1_files import grid, write_return
from ward_desk.export.return_check import check_return
from ward_desk.services.consolidate import consolidate

WARDS = ["00070", "00004", "00008", "00025", "00082"]  # all in province 01


def data(path):
    result = check_return(path)
    assert result.ok, [p.located() for p in result.errors]
    return result, {c.key: (c.value, c.ytd) for c in result.cells}


@pytest.fixture
def inbox(tmp_path):
    d = tmp_path / "in"
    write_return(d / "a.xlsx", "00070")
    write_return(d / "a-again.xlsx", "00070")  # the same return twice: counted once
    write_return(d / "b1.xlsx", "00004")
    write_return(d / "b2.xlsx", "00004", submission_no=2, bump=5)  # a correction wins
    write_return(d / "c1.xlsx", "00008", submission_no=1)
    write_return(d / "c2.xlsx", "00008", submission_no=1, bump=2)  # two PCs claim the same submission
    write_return(d / "t.xlsx", "00025", tamper=True)  # edited by hand
    write_return(d / "hcm.xlsx", "25747")  # another province
    write_return(d / "sep.xlsx", "00082", period="2026-09")  # another period
    (d / "note.xlsx").write_text("not a workbook")
    return d


def test_office_inbox(inbox, tmp_path):
    result = consolidate("C-TEST", "2026-10", [inbox], tmp_path / "out.xlsx", wards=WARDS)
    status = {u.code: (u.status, u.submission_no) for u in result.units}
    assert status == {"00070": ("ACCEPTED", 1), "00004": ("ACCEPTED", 2), "00008": ("CONFLICT", 1),
                      "00025": ("REJECTED", None), "00082": ("MISSING", None)}
    text = "\n".join(result.lines())
    assert "hcm.xlsx" in text and "sep.xlsx" in text and "note.xlsx" in text
    checked, cells = data(result.out)
    assert checked.meta["unit_code"] == "C-TEST" and checked.meta["office_code"] == "01"
    base = {tuple(r[:4]): (r[4], r[5]) for r in grid()}
    for key, (v, y) in base.items():
        extra = 5 if key == ("CONTACTS", "DIRECT", "*", "*") else 0  # b2's correction
        assert cells[key] == (2 * v + extra, 2 * y + extra), key
    completeness = checked.sheets["Completeness"]
    assert completeness[0][:3] == ["unit_code", "unit_name", "status"]
    assert {r[0]: r[2] for r in completeness[1:]} == {c: s for c, (s, _n) in status.items()}
    by_unit = checked.sheets["ByUnit"]
    assert by_unit[0] == ["indicator", "category", "sex", "age", "00004", "00070"]
    assert len(by_unit) == 1278


def test_stacked_offices(inbox, tmp_path):
    cluster = consolidate("C-TEST", "2026-10", [inbox], tmp_path / "cluster.xlsx", wards=WARDS)
    write_return(tmp_path / "more" / "d.xlsx", "00091")
    province = consolidate("01", "2026-10", [cluster.out, tmp_path / "more"], tmp_path / "prov.xlsx")
    _checked, cells = data(province.out)
    _c, cluster_cells = data(cluster.out)
    base = {tuple(r[:4]): (r[4], r[5]) for r in grid()}
    for key in base:
        assert cells[key] == (cluster_cells[key][0] + base[key][0], cluster_cells[key][1] + base[key][1])
    status = {u.code: u.status for u in province.units}
    assert status["00070"] == "ACCEPTED" and status["00008"] == "CONFLICT" and status["00091"] == "ACCEPTED"
    assert status["C-TEST"] == "ACCEPTED"
    assert sum(1 for s in status.values() if s == "MISSING") == 126 - 5  # 00070, 00004, 00008, 00025 (rejected) and 00091 have news


def test_a_ward_counted_in_a_sub_office_is_not_counted_again_from_its_own_file(tmp_path):
    """Stacking: the cluster C-X counted 00004 and lists 00025 as missing. The province receives C-X's return,
    00004's own file (sent both ways) and 00025's own file: 00004 is counted once (through C-X), 00025 from its
    own file, and the statuses say so."""
    cluster_in = tmp_path / "cluster-in"
    write_return(cluster_in / "b.xlsx", "00004")
    cluster = consolidate("C-X", "2026-10", [cluster_in], tmp_path / "C-X.xlsx", wards=["00004", "00025"])
    assert {u.code: u.status for u in cluster.units} == {"00004": "ACCEPTED", "00025": "MISSING"}
    province_in = tmp_path / "province-in"
    write_return(province_in / "b-direct.xlsx", "00004", submission_no=2, bump=1)
    write_return(province_in / "y.xlsx", "00025")
    province = consolidate("01", "2026-10", [cluster.out, province_in], tmp_path / "prov.xlsx")
    _checked, cells = data(province.out)
    base = {tuple(r[:4]): (r[4], r[5]) for r in grid()}
    for key, (v, y) in base.items():
        assert cells[key] == (2 * v, 2 * y), key  # C-X (= 00004) + 00025: b-direct's bump not added
    status = {u.code: u for u in province.units}
    assert status["00004"].status == "ACCEPTED" and status["00004"].file_name.startswith("C-X.xlsx")
    assert status["00025"].status == "ACCEPTED" and status["00025"].file_name == "y.xlsx"
    assert status["C-X"].status == "ACCEPTED"
    text = "\n".join(province.lines())
    assert "b-direct.xlsx" in text and "C-X.xlsx" in text  # the office is told why the direct file was left out
    by_unit = _checked.sheets["ByUnit"]
    assert by_unit[0][4:] == ["00025", "C-X"]


def test_two_sub_offices_counting_the_same_ward_hold_back_the_second(tmp_path):
    write_return(tmp_path / "one" / "b.xlsx", "00004")
    write_return(tmp_path / "two" / "b.xlsx", "00004")
    write_return(tmp_path / "two" / "c.xlsx", "00008")
    x = consolidate("C-X", "2026-10", [tmp_path / "one"], tmp_path / "X.xlsx", wards=["00004"])
    y = consolidate("C-Y", "2026-10", [tmp_path / "two"], tmp_path / "Y.xlsx", wards=["00004", "00008"])
    province = consolidate("01", "2026-10", [x.out, y.out], tmp_path / "prov.xlsx")
    status = {u.code: u for u in province.units}
    assert status["C-X"].status == "ACCEPTED"
    assert status["C-Y"].status == "CONFLICT" and "00004" in status["C-Y"].reasons[0]
    _checked, cells = data(province.out)
    base = {tuple(r[:4]): (r[4], r[5]) for r in grid()}
    assert all(cells[key] == value for key, value in base.items())  # only C-X's one ward


def test_a_rejected_ward_names_its_file(inbox, tmp_path):
    result = consolidate("C-TEST", "2026-10", [inbox], tmp_path / "out.xlsx", wards=WARDS)
    rejected = next(u for u in result.units if u.code == "00025")
    assert rejected.status == "REJECTED" and rejected.file_name == "t.xlsx"


def test_custom_office_needs_wards(inbox, tmp_path):
    from ward_desk.errors import UsageError

    with pytest.raises(UsageError):
        consolidate("C-TEST", "2026-10", [inbox], tmp_path / "out.xlsx")


def test_resubmitting_same_consolidation_keeps_number(inbox, tmp_path):
    out = tmp_path / "out.xlsx"
    first = consolidate("C-TEST", "2026-10", [inbox], out, wards=WARDS)
    again = consolidate("C-TEST", "2026-10", [inbox], out, wards=WARDS)
    assert (first.submission_no, again.submission_no) == (1, 1)
    (inbox / "c2.xlsx").unlink()  # the conflict is resolved: 00008 now counts
    third = consolidate("C-TEST", "2026-10", [inbox], out, wards=WARDS)
    assert third.submission_no == 2
    assert {u.code: u.status for u in third.units}["00008"] == "ACCEPTED"
