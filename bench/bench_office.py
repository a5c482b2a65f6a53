"""Benchmark (not a test): an office receives 300 ward returns and consolidates them (issue 17).

    .venv/bin/python bench/bench_office.py [--files 300] [--root DIR]

Writes N valid ward returns of a custom office's wards, then, in a child process (so its peak memory is its own:
ru_maxrss, the whole process as Task Manager shows it), sets up an office data folder, receives the folder
(each file read once, bounded, checked, its bytes kept) and consolidates the period from what counts (the
printed page compared with Data, the office's history numbering the return). ``--root`` runs another checkout's
code on the same files, for a before/after figure. Target: about 9 s and 210 MB on the 2-core machine, as before
the bounded reader and the new checks.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child(folder: Path, files: int) -> None:
    os.environ.setdefault("WARD_DESK_PASSPHRASE", "bench passphrase 1")
    os.environ.setdefault("WARD_DESK_KDF", "fast")
    from ward_desk.db import open_database
    from ward_desk.services import accounts, office

    wards = sorted(f.name.split("_")[1] for f in (folder / "in").glob("*.xlsx"))
    open_database(folder / "office", create=True)
    accounts.sign_in_or_create_admin("admin", "bench password 1")
    office.initialise_office("C-BENCH", wards)
    start = time.perf_counter()
    arrivals = office.receive([folder / "in"])
    received = time.perf_counter() - start
    assert sum(a.status == "ACCEPTED" for a in arrivals) == files, {a.status for a in arrivals}
    result = office.consolidate_period("2026-10", folder / "out.xlsx")
    seconds = time.perf_counter() - start
    assert sum(1 for u in result.units if u.status == "ACCEPTED") == files
    print(json.dumps({"seconds": seconds, "receive_seconds": received,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout whose code runs (default: this one)")
    ap.add_argument("--child", metavar="FOLDER", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        sys.path.insert(0, str(args.root))
        child(Path(args.child), args.files)
        return
    sys.path.insert(0, str(ROOT))
    from tests.wdr1_files import write_return
    from ward_desk import units

    folder = Path(tempfile.mkdtemp(prefix="bench-office-"))
    for code in [u.code for u in units.all_wards()][: args.files]:
        write_return(folder / "in" / f"WDR1_{code}_2026-10.xlsx", code, office="C-BENCH")
    env = dict(os.environ, PYTHONPATH=str(args.root))
    done = subprocess.run([sys.executable, __file__, "--child", str(folder), "--files", str(args.files), "--root",
                           str(args.root)], capture_output=True, text=True, env=env)
    if done.returncode:
        sys.exit(done.stderr)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{args.files} returns received and consolidated in {figures['seconds']:.1f} s "
          f"(receive {figures['receive_seconds']:.1f} s), peak memory {figures['peak_mb']:.0f} MB "
          f"[code: {args.root}]")


if __name__ == "__main__":
    main()
