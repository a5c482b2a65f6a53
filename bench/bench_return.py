"""Benchmark (not a test): WDR-1 export for a 20,000-client ward vs computing the grid by loading every row.

    .venv/bin/python bench/bench_return.py [--clients 20000]

Fills a temporary ward with ``demo.fill_demo`` (about 5 contacts per client), then times the yearly and
monthly export (SQL aggregates + workbook + self-check) against a naive engine that loads all rows into Python
and counts there, checking both give the same grid. Peak memory by tracemalloc (Python allocations).

Then the whole command, as a clerk runs it: ``ward-desk return export`` in a fresh process (start-up, imports,
the key derivation the encrypted folder needs, sign-in, grid, workbook, self-check, history), median of
``--runs`` (default 5), against the floor of a bare ``python -c pass`` process on the same machine in the same
run. Targets (issue 19): monthly at most 1.2 s, yearly at most 1.5 s. ``--importtime`` adds the slowest imports
of the monthly command (``python -X importtime``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

import os

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
os.environ.setdefault("WARD_DESK_PASSPHRASE", "bench passphrase, not a secret 2026")

from ward_desk.db import close_database, open_database  # noqa: E402
from ward_desk.models import Client, Contact, Referral  # noqa: E402
from ward_desk.services import demo, indicators, periods, returns, settings  # noqa: E402


def naive_people(period):
    """REACH, REACH_NEW and REFERRED by loading rows: what the SQL engine avoids."""
    clients = {c.id: c for c in Client.select() if c.deleted_at is None}
    contacts = list(Contact.select().where(Contact.deleted_at.is_null()))
    referrals = list(Referral.select().where(Referral.deleted_at.is_null()))
    band = {}
    for c in clients.values():
        age = None if c.birth_year is None else period.end.year - c.birth_year
        band[c.id] = ("UNK" if age is None else "U16" if age < 16 else "16-17" if age < 18 else "18-24" if age < 25
                      else "25-49" if age < 50 else "50+")
    out = defaultdict(lambda: [set(), set()])
    first = {}
    for k in contacts:
        cid = k.client_id
        first[cid] = min(first.get(cid, k.date), k.date)
        if period.year_start <= k.date <= period.end and cid in clients:
            key = ("REACH", "*", clients[cid].sex, band[cid])
            out[key][1].add(cid)
            if k.date >= period.start:
                out[key][0].add(cid)
    for cid, d in first.items():
        if cid in clients and period.year_start <= d <= period.end:
            key = ("REACH_NEW", "*", clients[cid].sex, band[cid])
            out[key][1].add(cid)
            if d >= period.start:
                out[key][0].add(cid)
    for r in referrals:
        if period.year_start <= r.referred_on <= period.end and r.client_id in clients:
            key = ("REFERRED", r.service, clients[r.client_id].sex, band[r.client_id])
            out[key][1].add(r.client_id)
            if r.referred_on >= period.start:
                out[key][0].add(r.client_id)
    return {k: (len(v[0]), len(v[1])) for k, v in out.items()}


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
    ap.add_argument("--clients", type=int, default=20000)
    ap.add_argument("--contacts", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--importtime", action="store_true")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-return-"))
    open_database(folder, create=True)
    from ward_desk.services import accounts

    accounts.sign_in_or_create_admin(os.environ.get("WARD_DESK_USER", "admin"),
                                     os.environ.get("WARD_DESK_PASSWORD", "bench password"))  # the services need a signed-in user
    settings.initialise_ward("00070")
    t = time.perf_counter()
    demo.fill_demo(clients=args.clients, seed=7, contacts=args.contacts)
    print(f"ward filled in {time.perf_counter() - t:.1f}s: {Client.select().count()} clients, "
          f"{Contact.select().count()} contacts, {Referral.select().count()} referrals")
    # the last complete month (what a ward exports at the start of the next), and its year
    last = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    year = periods.parse(str(last.year))
    month = periods.parse(f"{last.year}-{last.month:02d}")
    out = folder / "out"
    out.mkdir()
    for label, p in (("yearly", year), ("monthly", month)):
        _r, sql_grid_s, sql_grid_mb = timed(lambda: indicators.compute(p))
        _r, export_s, export_mb = timed(lambda: returns.export_return(p.code, basis="calendar", out=out))
        naive, naive_s, naive_mb = timed(lambda: naive_people(p))
        grid = {c.key: (c.value, c.ytd) for c in indicators.compute(p)}
        assert all(grid[k] == v for k, v in naive.items()), "naive and SQL grids differ"
        print(f"{label} {p.code}: SQL grid (all 1,277 cells) {sql_grid_s:.2f}s peak {sql_grid_mb:.1f} MB; "
              f"full export {export_s:.2f}s peak {export_mb:.1f} MB; naive load-all (3 of 21 indicators) "
              f"{naive_s:.2f}s peak {naive_mb:.1f} MB; naive/SQL = {naive_s / sql_grid_s:.1f}x")
    close_database()
    whole_processes(folder, out, year.code, month.code, args.runs, args.importtime)


def _seconds(argv: list[str], env: dict, cpu: list[float] | None = None) -> float:
    """Wall-clock seconds of a whole process; its CPU seconds (user + system) appended to ``cpu``: on a machine
    shared with others the CPU time moves much less than the wall clock."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(argv, env=env, check=True, capture_output=True)
    seconds = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return seconds


def whole_processes(folder: Path, out: Path, year: str, month: str, runs: int, importtime: bool) -> None:
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root), "WARD_DESK_USER": os.environ.get("WARD_DESK_USER", "admin"),
           "WARD_DESK_PASSWORD": os.environ.get("WARD_DESK_PASSWORD", "bench password")}
    command = [sys.executable, "-m", "ward_desk", "--data-dir", str(folder), "return", "export", "--out", str(out)]
    times: dict[str, list[float]] = {"floor": [], "monthly": [], "yearly": []}
    cpu: dict[str, list[float]] = {"floor": [], "monthly": [], "yearly": []}
    for _ in range(runs):  # in turn: the machine's load falls on each alike
        times["floor"].append(_seconds([sys.executable, "-c", "pass"], env, cpu["floor"]))
        times["monthly"].append(_seconds(command + ["--period", month], env, cpu["monthly"]))
        times["yearly"].append(_seconds(command + ["--period", year], env, cpu["yearly"]))
    floor = statistics.median(times["floor"])
    print(f"whole `ward-desk return export` processes, median of {runs} runs "
          f"(each run: {', '.join(f'{k} {[round(t, 2) for t in v]}' for k, v in times.items())})")
    print("| job | seconds | CPU seconds | / bare Python process | target |")
    print("|---|---|---|---|---|")
    for label, target in (("monthly", 1.2), ("yearly", 1.5)):
        seconds = statistics.median(times[label])
        print(f"| {label} return, whole process | {seconds:.2f} | {statistics.median(cpu[label]):.2f} | "
              f"{seconds / floor:.0f}x | {target} s |")
    print(f"| floor: `python -c pass` | {floor:.3f} | {statistics.median(cpu['floor']):.3f} | 1x | |")
    if importtime:
        done = subprocess.run([sys.executable, "-X", "importtime"] + command[1:] + ["--period", month], env=env,
                              check=True, capture_output=True, text=True)
        rows = []
        for line in done.stderr.splitlines():
            if line.startswith("import time:") and "|" in line:
                _self, cumulative, name = line[len("import time:"):].split("|")
                if cumulative.strip().isdigit() and not name.startswith("   "):  # top-level imports only
                    rows.append((int(cumulative), name.strip()))
        print("slowest top-level imports of the monthly command (python -X importtime, cumulative ms):")
        for us, name in sorted(rows, reverse=True)[:12]:
            print(f"  {us / 1000:7.1f}  {name}")


if __name__ == "__main__":
    main()
