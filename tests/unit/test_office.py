"""Office mode: setting a folder up as an office, the completeness grid's states, the inbox on arrival."""

from __future__ import annotations

import datetime as dt

import pytest

from ward_desk.db import close_database, open_database
from ward_desk.errors import WardDeskError
from ward_desk.models import ReceivedReturn
from ward_desk.services import office, settings


@pytest.fixture
def office_db(tmp_path):
    open_database(tmp_path / "office", create=True)
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
