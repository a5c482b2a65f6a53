"""The conformance sample (tests/data/conformance) imported into an empty ward gives exactly the expected grids."""

import csv

import pytest

from tests.conftest import CONFORMANCE
from ward_desk.export.return_check import check_return
from ward_desk.services import records_io, returns


@pytest.fixture
def sample_ward(ward_db):
    records_io.import_records(CONFORMANCE / "records-sample.xlsx")
    return ward_db


@pytest.mark.parametrize("name,period,basis", [
    ("expected-2026-10-calendar.csv", "2026-10", "calendar"),
    ("expected-2026-Q3-nd09.csv", "2026-Q3", "nd09"),
    ("expected-2026-calendar.csv", "2026", "calendar"),
])
def test_exported_data_sheet_matches(sample_ward, tmp_path, name, period, basis):
    with open(CONFORMANCE / name, newline="", encoding="utf-8") as fh:
        expected = [(r[0], r[1], r[2], r[3], int(r[4]), int(r[5])) for r in list(csv.reader(fh))[1:]]
    result = returns.export_return(period, basis=basis, out=tmp_path, version=1)  # version 2: test_wdr1_v2
    checked = check_return(result.path)
    assert checked.ok, [p.located() for p in checked.errors]
    got = [(c.indicator, c.category, c.sex, c.age, c.value, c.ytd) for c in checked.cells]
    assert len(got) == 1277
    assert got == expected


def test_no_client_code_in_any_written_workbook(sample_ward, tmp_path):
    import zipfile

    from ward_desk.models import Client
    from ward_desk.services.consolidate import consolidate

    paths = [returns.export_return(p, basis="calendar", out=tmp_path).path for p in ("2026-10", "2026")]
    cons = consolidate("01", "2026-10", [paths[0]], tmp_path / "cons.xlsx").out
    codes = [c.client_code for c in Client.select()]
    assert len(codes) == 160
    for path in paths + [cons]:
        with zipfile.ZipFile(path) as z:
            text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        found = [code for code in codes if code in text]
        assert found == [], (path.name, found[:5])
