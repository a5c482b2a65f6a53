import datetime as dt

import pytest

from ward_desk.errors import WardDeskError
from ward_desk.services.periods import parse

D = dt.date


@pytest.mark.parametrize("code,basis,start,end,ytd", [
    ("2026-10", "calendar", D(2026, 10, 1), D(2026, 10, 31), D(2026, 1, 1)),
    ("2024-02", "calendar", D(2024, 2, 1), D(2024, 2, 29), D(2024, 1, 1)),  # leap year
    ("2026-02", "calendar", D(2026, 2, 1), D(2026, 2, 28), D(2026, 1, 1)),
    ("2026-Q4", "calendar", D(2026, 10, 1), D(2026, 12, 31), D(2026, 1, 1)),
    ("2026-H1", "calendar", D(2026, 1, 1), D(2026, 6, 30), D(2026, 1, 1)),
    ("2026", "calendar", D(2026, 1, 1), D(2026, 12, 31), D(2026, 1, 1)),
    ("2026-01", "nd09", D(2025, 12, 15), D(2026, 1, 14), D(2025, 12, 15)),
    ("2026-10", "nd09", D(2026, 9, 15), D(2026, 10, 14), D(2025, 12, 15)),
    ("2026-Q1", "nd09", D(2025, 12, 15), D(2026, 3, 14), D(2025, 12, 15)),
    ("2026-Q3", "nd09", D(2026, 6, 15), D(2026, 9, 14), D(2025, 12, 15)),
    ("2026-H1", "nd09", D(2025, 12, 15), D(2026, 6, 14), D(2025, 12, 15)),
    ("2026-H2", "nd09", D(2026, 6, 15), D(2026, 12, 14), D(2025, 12, 15)),
    ("2026", "nd09", D(2025, 12, 15), D(2026, 12, 14), D(2025, 12, 15)),
])
def test_ranges(code, basis, start, end, ytd):
    p = parse(code, basis)
    assert (p.start, p.end, p.year_start) == (start, end, ytd)
    assert p.ytd_range == (ytd, end)


@pytest.mark.parametrize("bad", ["2026-13", "2026-00", "2026-Q5", "2026-H3", "26-10", "2026-1", "", "2026/10"])
def test_malformed(bad):
    with pytest.raises(WardDeskError):
        parse(bad)


def test_bad_basis():
    with pytest.raises(WardDeskError):
        parse("2026-10", "fiscal")
