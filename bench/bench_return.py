"""Benchmark (not a test): WDR-1 export for a 20,000-client ward vs computing the grid by loading every row.

    .venv/bin/python bench/bench_return.py [--clients 20000]

Fills a temporary ward with ``demo.fill_demo`` (about 5 contacts per client), then times the yearly and
monthly export (SQL aggregates + workbook + self-check) against a naive engine that loads all rows into Python
and counts there, checking both give the same grid. Peak memory by tracemalloc (Python allocations).

Then the whole command, as a clerk runs it: ``ward-desk return export`` in a fresh process (start-up, imports,
the key the encrypted folder needs, sign-in, the check before the first write, grid, workbook, self-check,
history), median of ``--runs`` (default 5), against the floor of a bare ``python -c pass`` process on the same
machine in the same run: with the key in the OS credential store (the usual way), with the passphrase on every
run (no credential store: the scrypt derivation each time) and as the first command of the day (the whole file
checked). Targets (issue 19): monthly at most 1.2 s, yearly at most 1.5 s. ``--importtime`` adds the slowest
imports of the monthly command (``python -X importtime``).
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
    ap.add_argument("--whole-processes-only", metavar="FOLDER",
                    help="only time the whole commands, on a ward an earlier run of this script filled")
    args = ap.parse_args()
    if args.whole_processes_only:
        folder = Path(args.whole_processes_only)
        last = dt.date.today().replace(day=1) - dt.timedelta(days=1)
        whole_processes(folder, folder / "out", str(last.year), f"{last.year}-{last.month:02d}", args.runs,
                        args.importtime)
        return
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


def compiled_like_installed(root: Path) -> None:
    """Byte-compile the package first, as an installed wheel or the frozen app has it: a source tree run with
    PYTHONDONTWRITEBYTECODE would compile dozens of modules in every measured process."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "ward_desk")], env=env, check=True,
                   capture_output=True)


def whole_processes(folder: Path, out: Path, year: str, month: str, runs: int, importtime: bool) -> None:
    """The command as a clerk runs it, in the cases that decide its cost: the key from the OS credential store
    (the usual way: the first passphrase unlock put it there; a file-backed stand-in here, ``file_keyring``), the
    passphrase on every run (a PC with no credential store: scrypt N=2^17 each time), and the first command of the
    day (the whole file checked, ``ward_desk.file_check``), each against a bare ``python -c pass``."""
    from ward_desk import config, file_check

    root = Path(__file__).resolve().parents[1]
    compiled_like_installed(root)
    env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{root / 'bench'}",
           "WARD_DESK_USER": os.environ.get("WARD_DESK_USER", "admin"),
           "WARD_DESK_PASSWORD": os.environ.get("WARD_DESK_PASSWORD", "bench password")}
    stored = {**env, "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
              "WARD_DESK_BENCH_KEYRING": str(folder.parent / f"{folder.name}.keyring.json")}
    no_store = {**env, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    command = [sys.executable, "-m", "ward_desk", "--data-dir", str(folder), "return", "export", "--out", str(out)]
    mark = file_check.mark_path(config.database_path(folder))
    subprocess.run(command + ["--period", month], env=stored, check=True, capture_output=True)  # key stored
    cases = {  # label: (argv, env, before each run, target)
        "floor": ([sys.executable, "-c", "pass"], env, None, None),
        "monthly": (command + ["--period", month], stored, None, 1.2),
        "yearly": (command + ["--period", year], stored, None, 1.5),
        "monthly, passphrase every run (no credential store)": (command + ["--period", month], no_store, None, 1.2),
        "monthly, first command of the day (whole file checked)": (command + ["--period", month], stored,
                                                                   lambda: mark.unlink(missing_ok=True), 1.2),
    }
    times: dict[str, list[float]] = {k: [] for k in cases}
    cpu: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(runs):  # in turn: the machine's load falls on each alike
        for label, (argv, case_env, before, _target) in cases.items():
            if before:
                before()
            times[label].append(_seconds(argv, case_env, cpu[label]))
    floor = statistics.median(times["floor"])
    print(f"whole `ward-desk return export` processes, median of {runs} runs "
          f"(each run: {'; '.join(f'{k} {[round(t, 2) for t in v]}' for k, v in times.items())})")
    print("| job | seconds | CPU seconds | / bare Python process | target |")
    print("|---|---|---|---|---|")
    for label, (_argv, _env, _before, target) in cases.items():
        if target is None:
            continue
        seconds = statistics.median(times[label])
        print(f"| {label} return, whole process | {seconds:.2f} | {statistics.median(cpu[label]):.2f} | "
              f"{seconds / floor:.0f}x | {target} s |")
    print(f"| floor: `python -c pass` | {floor:.3f} | {statistics.median(cpu['floor']):.3f} | 1x | |")
    if importtime:
        done = subprocess.run([sys.executable, "-X", "importtime"] + command[1:] + ["--period", month], env=stored,
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
