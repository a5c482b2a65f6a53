"""Benchmark: RECORDS-1 import of 20,000 clients + 100,000 contacts (run on demand, not a test).

    .venv/bin/python bench/bench_import.py [--clients 20000] [--contacts 100000] [--baseline-share 0.1]
                                           [--runs 3] [--workbook records.xlsx]

Phases run in child processes so each reports its own peak memory (ru_maxrss):
1. import the workbook into an empty ward (``import_records``: one transaction, bulk executemany);
2. re-import the same, unchanged file (everything left alone);
3. naive baseline: the same rows parsed and checked the same way, then one ``.save()`` per row in autocommit,
   on a share of the rows (default 10%) and extrapolated linearly to the full file (said so in the output);
4. the floor, what this machine can do at all with the same file: python-calamine reads both sheets, stdlib
   ``sqlite3`` writes every row with ``executemany`` in one transaction (no checks, no audit, no encryption).
Ratios against the floor are printed (targets, issue 19: import at most 5x, re-import at most 2x); each phase is
run ``--runs`` times (default 3) and its median quoted. The floor's own writes through SQLCipher (a raw key, WAL,
synchronous=FULL, as the ward's file is opened) are timed beside it, to say what encryption itself costs; the
ratios stay against the plain floor. The import and re-import phases time ``import_records`` alone, after the
data folder is opened and the user signed in (the key derivation and the password check are start-up, measured
by bench_return / bench_ui); the floor's time includes opening its file and reading the workbook.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import multiprocessing as mp
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The data folder is encrypted when the build has encryption; a throwaway passphrase for the bench only.
os.environ.setdefault("WARD_DESK_PASSPHRASE", "bench passphrase only")


def make_workbook(path: Path, clients: int, contacts: int, seed: int = 1) -> None:
    from openpyxl import Workbook

    rng = random.Random(seed)
    today = dt.date.today()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("clients")
    ws.append(["client_code", "sex", "birth_year", "group", "migrant", "registered_on", "consent_on"])
    for n in range(clients):
        d = today - dt.timedelta(days=rng.randint(0, 730))
        ws.append([f"BC{n:06d}", rng.choice("FFFFTU"), rng.randint(1960, 2008), rng.choice(("SW", "RISK")),
                   rng.choice(("Y", "N")), d, d])
    ws = wb.create_sheet("contacts")
    ws.append(["id", "client_code", "date", "channel", "condoms", "lubricants", "materials", "staff"])
    for n in range(contacts):
        ws.append([f"BK{n:07d}", f"BC{rng.randrange(clients):06d}", today - dt.timedelta(days=rng.randint(0, 730)),
                   rng.choice(("DIRECT", "ONLINE", "PHONE")), rng.randint(0, 30), rng.randint(0, 5),
                   rng.randint(0, 2), "Hoa"])
    wb.save(path)


def _open(folder: Path):
    from ward_desk.db import open_database
    from ward_desk.services import settings

    fresh = not (folder / "ward.db").exists()
    open_database(folder, create=fresh)
    import os

    from ward_desk.services import accounts

    accounts.sign_in_or_create_admin(os.environ.get("WARD_DESK_USER", "admin"),
                                     os.environ.get("WARD_DESK_PASSWORD", "bench password"))  # the services need a signed-in user
    if fresh:
        settings.initialise_ward("00070")


def phase_import(folder: str, workbook: str, queue) -> None:
    from ward_desk.services.records_io import import_records

    _open(Path(folder))
    start = time.perf_counter()
    result = import_records(workbook)
    queue.put((time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, result.totals()))


def phase_floor(folder: str, workbook: str, queue, cipher: bool = False) -> None:
    """calamine read + stdlib sqlite3 executemany of every row, one transaction: the machine's floor. With
    ``cipher``: the same through SQLCipher with a raw key, WAL and synchronous=FULL as the ward's file is opened
    (not the floor: it tells what encryption itself costs)."""
    import sqlite3

    from python_calamine import CalamineWorkbook

    Path(folder).mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    wb = CalamineWorkbook.from_path(workbook)
    if cipher:
        from sqlcipher3 import dbapi2 as sqlcipher

        con = sqlcipher.connect(Path(folder) / "floor-cipher.db")
        con.execute("PRAGMA key = \"x'" + "ab" * 32 + "'\"")
        con.execute("PRAGMA journal_mode = wal")
        con.execute("PRAGMA synchronous = 2")
    else:
        con = sqlite3.connect(Path(folder) / "floor.db")
    con.execute("CREATE TABLE clients (id INTEGER PRIMARY KEY, client_code TEXT UNIQUE, sex TEXT, birth_year INT, "
                "grp TEXT, migrant TEXT, registered_on TEXT, consent_on TEXT)")
    con.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, ref TEXT UNIQUE, client_code TEXT, date TEXT, "
                "channel TEXT, condoms INT, lubricants INT, materials INT, staff TEXT)")
    rows = 0
    with con:
        for name, width in (("clients", 7), ("contacts", 8)):
            grid = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)[1:]
            con.executemany(f"INSERT INTO {name} VALUES (NULL, {', '.join('?' * width)})",
                            [[v.isoformat() if hasattr(v, "isoformat") else v for v in row] for row in grid])
            rows += len(grid)
    con.close()
    queue.put((time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, rows))


def phase_naive(folder: str, workbook: str, share: float, queue) -> None:
    """Same reading and checking, then row-by-row ``.save()`` in autocommit (no surrounding transaction)."""
    from python_calamine import CalamineWorkbook

    from ward_desk.models.records import Client, Contact
    from ward_desk.services import rules

    _open(Path(folder))
    start = time.perf_counter()
    wb = CalamineWorkbook.from_path(workbook)
    rows_done = 0
    for name, model in (("clients", Client), ("contacts", Contact)):
        grid = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        header, body = grid[0], grid[1:]
        body = body[: int(len(body) * share)]
        for row in body:
            values, problems = rules.validate(name, dict(zip(header, row)))
            assert not problems, problems
            if name == "clients":
                Client(**values).save()
            else:
                client = Client.get_or_none(Client.client_code == values.pop("client_code"))
                if client is None:
                    continue  # its client is outside the measured share
                values["ref"] = values.pop("id")
                Contact(client=client, **values).save()
            rows_done += 1
    queue.put((time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, rows_done))


def phase_floor_cipher(folder: str, workbook: str, queue) -> None:
    phase_floor(folder, workbook, queue, cipher=True)


def run(target, *args):
    queue = mp.get_context("fork").Queue()
    proc = mp.get_context("fork").Process(target=target, args=(*args, queue))
    proc.start()
    out = queue.get()
    proc.join()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20000)
    parser.add_argument("--contacts", type=int, default=100000)
    parser.add_argument("--baseline-share", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=3, help="runs of each timed phase (median quoted)")
    parser.add_argument("--workbook", type=Path, help="keep the generated workbook here and reuse it when it is "
                        "there (its dates are relative to the day it was made: remake it on another day)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        book = args.workbook or tmp / "records.xlsx"
        t = time.perf_counter()
        if not book.exists():
            make_workbook(book, args.clients, args.contacts)
        rows = args.clients + args.contacts
        print(f"workbook: {rows:,} rows, {book.stat().st_size / 1e6:.1f} MB, ready in {time.perf_counter() - t:.1f} s")
        firsts, agains, floors, ciphers = [], [], [], []
        for n in range(args.runs):  # floor, import, re-import in turn: the machine's load falls on each alike
            floors.append(run(phase_floor, str(tmp / f"f{n}"), str(book)))
            ciphers.append(run(phase_floor_cipher, str(tmp / f"c{n}"), str(book)))
            firsts.append(run(phase_import, str(tmp / f"a{n}"), str(book)))
            agains.append(run(phase_import, str(tmp / f"a{n}"), str(book)))
        naive = run(phase_naive, str(tmp / "b"), str(book), args.baseline_share)
        naive_full = naive[0] * rows / max(1, naive[2])

        def med(results):
            return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results) / 1024

        (first, first_mb), (again, again_mb), (floor, floor_mb) = med(firsts), med(agains), med(floors)
        cipher, cipher_mb = med(ciphers)
        print(f"median of {args.runs} runs; seconds of each run: import {[round(r[0], 2) for r in firsts]}, "
              f"re-import {[round(r[0], 2) for r in agains]}, floor {[round(r[0], 2) for r in floors]}")
        print(f"{'case':<52} {'seconds':>8} {'peak MB':>8} {'/ floor':>8} {'target':>7}")
        print(f"{'import into empty ward':<52} {first:>8.2f} {first_mb:>8.0f} {first / floor:>7.1f}x {'5x':>7}"
              f"   {firsts[0][2]}")
        print(f"{'re-import unchanged file':<52} {again:>8.2f} {again_mb:>8.0f} {again / floor:>7.1f}x {'2x':>7}"
              f"   {agains[0][2]}")
        print(f"{'floor: calamine + sqlite3 executemany, 1 transaction':<52} {floor:>8.2f} {floor_mb:>8.0f}")
        print(f"{'the same through SQLCipher, WAL, synchronous=FULL':<52} {cipher:>8.2f} {cipher_mb:>8.0f} "
              f"{cipher / floor:>7.1f}x   (what encryption costs; not the floor)")
        print(f"{f'naive .save() autocommit, {naive[2]:,} rows measured':<52} {naive[0]:>8.1f} {naive[1] / 1024:>8.0f}")
        print(f"{'naive, extrapolated to all rows':<52} {naive_full:>8.1f} {'':>8} {naive_full / floor:>7.0f}x")
        print(f"import speed-up vs naive: {naive_full / first:.1f}x; re-import / import: {again / first:.2f}")


if __name__ == "__main__":
    main()
