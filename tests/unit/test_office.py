"""Office mode: setting a folder up as an office, the completeness grid's states, the inbox on arrival."""

from __future__ import annotations

import datetime as dt

import pytest

from ward_desk.db import close_database, open_database
from ward_desk.errors import WardDeskError
from ward_desk.models import ReceivedReturn
from ward_desk import units
from ward_desk.services import office, settings
from tests.conftest import sign_in_test_admin


@pytest.fixture
def office_db(tmp_path):
    open_database(tmp_path / "office", create=True)
    sign_in_test_admin()
    office.initialise_office("C-HOANKIEM", ["00070", "00004", "00008"])
    yield tmp_path / "office"
    close_database()


def _row(unit, period, status="ACCEPTED", no=1, content="a", late=0):
    return ReceivedReturn.create(received_at=dt.datetime(2026, 11, 5), original_name=f"{unit}-{no}.xlsx",
                                 file_sha256=f"{unit}{period}{no}{content}{status}", status=status, unit_code=unit,
                                 period=period, submission_no=no, content_sha256=content, late=late,
                                 stored_name=f"{unit}-{no}.xlsx" if status == "ACCEPTED" else None)


def test_init_custom_office_and_province(tmp_path, office_db):
    assert settings.get("role") == "office" and settings.get("unit_code") == "C-HOANKIEM"
    assert [c for c, _ in office.office_wards()] == ["00004", "00008", "00070"]
    with pytest.raises(WardDeskError) as err:
        office.resolve_office_wards("C-EMPTY", [])
    assert err.value.code == "office.needs_wards"
    with pytest.raises(WardDeskError):
        office.resolve_office_wards("C-X", ["hoan kiem nowhere 99999"])
    code, wards = office.resolve_office_wards("1")
    assert code == "01" and len(wards) > 100 and all(w.province_code == "01" for w in wards)


def test_completeness_states(office_db):
    _row("00070", "2026-10", no=1, content="x")
    _row("00070", "2026-10", no=2, content="y")  # a correction
    _row("00004", "2026-10", no=1, content="p")
    _row("00004", "2026-10", no=1, content="q")  # same submission, other numbers: conflict
    _row("00008", "2026-10", status="REJECTED", no=None, content=None)
    _row("00008", "2026-09", no=1, content="z", late=1)
    _row("00070", "2026-09", no=1, content="w")
    _row("00099", "2026-10", status="FOREIGN")  # not one of this office's wards: not in the grid
    grid = office.completeness(["2026-09", "2026-10"])
    states = {k: c.state for k, c in grid.items()}
    assert states == {
        ("00004", "2026-09"): "MISSING", ("00004", "2026-10"): "CONFLICT",
        ("00008", "2026-09"): "LATE", ("00008", "2026-10"): "REJECTED",
        ("00070", "2026-09"): "ACCEPTED", ("00070", "2026-10"): "CORRECTION",
    }
    assert grid[("00070", "2026-10")].current().submission_no == 2
    assert grid[("00004", "2026-10")].current() is None
    assert office.received_periods() == ["2026-09", "2026-10"]


def test_a_ward_folder_is_not_an_office(ward_db):
    with pytest.raises(WardDeskError) as err:
        office.completeness(["2026-10"])
    assert err.value.code == "office.not_office"


def _inbox_folder(tmp_path):
    from tests.wdr1_files import write_return

    src = tmp_path / "mail"
    write_return(src / "hoankiem.xlsx", "00070")
    write_return(src / "hoankiem-sua.xlsx", "00070", submission_no=2, bump=3)
    write_return(src / "copy" / "hoankiem.xlsx", "00070")  # the same file again (sent twice)
    write_return(src / "badinh.xlsx", "00004", tamper=True)
    write_return(src / "ngocha-pc1.xlsx", "00008")
    write_return(src / "ngocha-pc2.xlsx", "00008", bump=1)  # another PC claims the same submission
    other = units.wards_of_province("79")[0].code
    write_return(src / "hcm.xlsx", other, office="79")
    (src / "notes.xlsx").write_bytes(b"this is not a workbook")
    return src


def test_receive_folder_sets_grid_states(tmp_path, office_db):
    src = _inbox_folder(tmp_path)
    arrivals = {a.path.relative_to(src).as_posix(): a for a in office.receive([src])}
    status = {name: a.status for name, a in arrivals.items()}
    sent_twice = sorted([status.pop("copy/hoankiem.xlsx"), status.pop("hoankiem.xlsx")])
    assert sent_twice == ["ACCEPTED", "DUPLICATE"]  # whichever came first is kept, the other counted once
    assert status == {
        "badinh.xlsx": "REJECTED", "hcm.xlsx": "FOREIGN", "hoankiem-sua.xlsx": "ACCEPTED",
        "ngocha-pc1.xlsx": "ACCEPTED", "ngocha-pc2.xlsx": "ACCEPTED", "notes.xlsx": "REJECTED",
    }
    assert arrivals["badinh.xlsx"].problems and arrivals["notes.xlsx"].problems
    states = {k[0]: c.state for k, c in office.completeness(["2026-10"]).items()}
    assert states == {"00070": "CORRECTION", "00004": "REJECTED", "00008": "CONFLICT"}
    # a September return generated on 20 October is past the deadline
    from tests.wdr1_files import write_return
    late = write_return(tmp_path / "late" / "hk-09.xlsx", "00070", period="2026-09",
                        generated_at="2026-10-20T08:00:00+07:00")
    assert [a.status for a in office.receive([late])] == ["ACCEPTED"]
    assert office.completeness(["2026-09"])[("00070", "2026-09")].state == "LATE"
    kept = sorted(p.name for p in (office_db / "inbox").iterdir())
    assert len(kept) == 5 and all(name.startswith("WDR1_000") for name in kept)
    # receiving the same folder again adds nothing to the inbox and changes no state
    again = office.receive([src])
    assert {a.status for a in again} <= {"DUPLICATE", "REJECTED", "FOREIGN"}
    assert len(list((office_db / "inbox").iterdir())) == 5


def test_cancelled_receive_writes_nothing(tmp_path, office_db):
    import threading

    src = _inbox_folder(tmp_path)
    cancel = threading.Event()

    def progress(done, total):
        if done == 3:
            cancel.set()

    with pytest.raises(WardDeskError):
        office.receive([src], progress=progress, cancel=cancel)
    assert ReceivedReturn.select().count() == 0
    assert not (office_db / "inbox").exists() or list((office_db / "inbox").iterdir()) == []


def test_office_cli(tmp_path, capsys):
    from ward_desk.cli import main

    folder = tmp_path / "cli-office"
    assert main(["--data-dir", str(folder), "office", "init", "--office", "C-EMPTY"]) == 1
    assert not folder.exists()  # bad input creates nothing
    assert main(["--data-dir", str(folder), "office", "init", "--office", "C-HK",
                 "--wards", "00070,00004", "00008"]) == 0
    src = _inbox_folder(tmp_path)
    assert main(["--data-dir", str(folder), "office", "receive", str(src)]) == 1  # some files were rejected
    out = capsys.readouterr().out
    assert "notes.xlsx: từ chối" in out and "hcm.xlsx: không thuộc cơ quan" in out
    assert main(["--data-dir", str(folder), "office", "status", "--period", "2026-10"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # each state with its reason (issue 17): the first reason of a refusal, the files of a conflict
    assert lines[0].startswith("00004 Phường Ba Đình: Bị từ chối: badinh.xlsx: Data!E2")
    assert lines[1].startswith("00008 Phường Ngọc Hà: Xung đột: ") and "ngocha-pc1.xlsx" in lines[1]
    files = [x for x in lines[2:] if x.startswith("  - ")]  # each file in conflict with its inbox name
    assert len(files) == 2 and all("ngocha-pc" in x and "WDR1_00008" in x for x in files)
    assert [x for x in lines[2:] if not x.startswith("  - ")] == [
        "00070 Phường Hoàn Kiếm: Đã nhận bản sửa (hoankiem-sua.xlsx, s2)"]
