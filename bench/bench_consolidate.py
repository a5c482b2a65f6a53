"""Benchmark (not a test): consolidate 300 ward returns vs reading each file with openpyxl in normal mode.

    .venv/bin/python bench/bench_consolidate.py [--files 300]

Writes N valid ward returns (different official ward codes, one custom office), then runs each side in its own
child process so its peak memory is its own (ru_maxrss: the whole process, Python and native, as Task Manager
would show it): the real consolidation (full §4 check of every file, Completeness, ByUnit, the printable form)
the naive baseline (openpyxl normal-mode load of every file, summing the Data sheet, no checks), and the floor,
what the machine can do at all (python-calamine reads each Data sheet, sums in a dict). Targets (issue 19): at
most 2.5x the floor, peak memory under 150 MB. Each side runs ``--runs`` times (default 3, the baseline once);
medians quoted.

The returns are what a ward sends: written by the app's own return writer (``write_return_workbook``: the
printed page with every table, compared number by number with Data by the check; Data with the 2026-10
conformance grid's 1,277 cells; Meta as an export fills it). ``--bare-form`` writes instead
``tests/wdr1_files.write_return``'s returns, whose printed page holds only its title (what this benchmark used
before 6 December 2026: the printed-page comparison then finds nothing to compare). ``--folder`` reuses returns.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


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


def floor(files):
    """calamine reads every Data sheet and the cells are summed in a dict: no checks, no output file."""
    from python_calamine import CalamineWorkbook

    totals = {}
    for f in files:
        for row in CalamineWorkbook.from_path(str(f)).get_sheet_by_name("Data").to_python()[1:]:
            key = tuple(row[:4])
            v, y = totals.get(key, (0, 0))
            totals[key] = (v + int(row[4]), y + int(row[5]))
    return totals


def child(side: str, folder: Path) -> None:
    files = sorted((folder / "in").glob("*.xlsx"))
    wards = [f.name.split("_")[1] for f in files]
    if side == "consolidate":
        from ward_desk.services.consolidate import consolidate

        start = time.perf_counter()
        result = consolidate("C-BENCH", "2026-10", files, folder / "out.xlsx", wards=wards)
        seconds = time.perf_counter() - start
        assert sum(1 for u in result.units if u.status == "ACCEPTED") == len(files)
    else:
        start = time.perf_counter()
        (floor if side == "floor" else baseline)(files)
        seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run_child(side: str, folder: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", side, str(folder)], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def bare_return(path: Path, code: str) -> None:
    from tests.wdr1_files import write_return

    write_return(path, code, office="C-BENCH")


def exported_return(path: Path, code: str) -> None:
    """What a ward sends: the app's own writer (printed page with every table, Data, Meta), the 2026-10
    conformance grid, Meta as an export fills it."""
    from tests.wdr1_files import content_sha256, grid
    from ward_desk import units
    from ward_desk.export.return_workbook import write_return_workbook

    rows = grid()
    meta = {"template": "WDR", "template_version": "1", "unit_code": code, "unit_name": units.ward(code).name,
            "office_code": "C-BENCH", "period": "2026-10", "period_basis": "calendar", "period_start": "2026-10-01",
            "period_end": "2026-10-31", "submission_no": "1", "generated_at": "2026-11-03T09:00:00+07:00",
            "app_version": "0.1.0", "prepared_by": "Bench", "content_sha256": content_sha256(rows)}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_return_workbook(path, [tuple(r) for r in rows], meta, office_name="Cụm văn phòng thử")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--child", nargs=2, metavar=("SIDE", "FOLDER"), help=argparse.SUPPRESS)
    ap.add_argument("--bare-form", action="store_true",
                    help="returns whose printed page holds only its title (tests/wdr1_files), as before 6 Dec 2026")
    ap.add_argument("--folder", help="reuse the returns an earlier run wrote into FOLDER/in")
    args = ap.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    from ward_desk import units

    folder = Path(args.folder) if args.folder else Path(tempfile.mkdtemp(prefix="bench-cons-"))
    start = time.perf_counter()
    if not args.folder:
        write = bare_return if args.bare_form else exported_return
        for code in [u.code for u in units.all_wards()][: args.files]:
            write(folder / "in" / f"WDR1_{code}_2026-10.xlsx", code)
    print(f"{args.files} ward returns {'(printed page: title only) ' if args.bare_form else ''}written in "
          f"{time.perf_counter() - start:.0f}s ({folder})")
    import statistics

    ours, floors = [], []
    for _ in range(args.runs):  # in turn: the machine's load falls on both alike
        floors.append(run_child("floor", folder))
        ours.append(run_child("consolidate", folder))
    base = run_child("baseline", folder)
    sec, peak = (statistics.median(r["seconds"] for r in ours), statistics.median(r["peak_mb"] for r in ours))
    fsec, fpeak = (statistics.median(r["seconds"] for r in floors), statistics.median(r["peak_mb"] for r in floors))
    print(f"median of {args.runs} runs; consolidate {[round(r['seconds'], 2) for r in ours]} s, "
          f"floor {[round(r['seconds'], 2) for r in floors]} s")
    print(f"| job | seconds | peak MB | / floor | target |")
    print("|---|---|---|---|---|")
    print(f"| consolidate {args.files} returns (full §4 check of each, Completeness, ByUnit, printable form) | "
          f"{sec:.2f} | {peak:.0f} | {sec / fsec:.1f}x | 2.5x, < 150 MB |")
    print(f"| floor: calamine reads each Data sheet, sums in a dict | {fsec:.2f} | {fpeak:.0f} | 1.0x | |")
    print(f"| naive: openpyxl normal-mode load of each file, no checks | {base['seconds']:.2f} | "
          f"{base['peak_mb']:.0f} | {base['seconds'] / fsec:.1f}x | |")


if __name__ == "__main__":
    main()
