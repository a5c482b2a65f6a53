"""Benchmark (not a test): consolidate 300 ward returns vs reading each file with openpyxl in normal mode.

    .venv/bin/python bench/bench_consolidate.py [--files 300]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.wdr1_files import write_return  # noqa: E402
from ward_desk import units  # noqa: E402
from ward_desk.services.consolidate import consolidate  # noqa: E402


def baseline(files):
    """Read every Data sheet with openpyxl (normal mode) and add the cells: no checks at all."""
    from openpyxl import load_workbook

    totals = {}
    for f in files:
        wb = load_workbook(f)
        for row in wb["Data"].iter_rows(min_row=2, values_only=True):
            key = row[:4]
            v, y = totals.get(key, (0, 0))
            totals[key] = (v + row[4], y + row[5])
    return totals


def timed(fn):
    """Seconds without tracing (tracemalloc slows Python-heavy code several times), then a traced run for the
    peak of Python allocations."""
    t = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - t
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return value, seconds, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=300)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-cons-"))
    wards = [u.code for u in units.all_wards()][: args.files]
    for code in wards:
        write_return(folder / "in" / f"WDR1_{code}_2026-10.xlsx", code, office="C-BENCH")
    files = sorted((folder / "in").glob("*.xlsx"))
    result, cons_s, cons_mb = timed(lambda: consolidate("C-BENCH", "2026-10", files, folder / "out.xlsx",
                                                        wards=wards))
    totals, base_s, base_mb = timed(lambda: baseline(files))
    assert sum(1 for u in result.units if u.status == "ACCEPTED") == len(files)
    print(f"consolidate {len(files)} returns (full §4 check of each, Completeness, ByUnit): {cons_s:.1f}s "
          f"peak {cons_mb:.0f} MB; openpyxl normal-mode read only: {base_s:.1f}s peak {base_mb:.0f} MB; "
          f"baseline/consolidate = {base_s / cons_s:.1f}x")


if __name__ == "__main__":
    main()
