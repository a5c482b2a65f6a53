"""Benchmark (not a test): the cost of encryption at rest on the same ward, encrypted vs plain SQLite.

    .venv/bin/python bench/bench_encryption.py [--clients 20000]

Fills a ward with ``demo.fill_demo`` and exports it as a RECORDS-1 workbook once; then, for a plain SQLite
database (the naive baseline: same pragmas, Python's sqlite3), for the same file kind through sqlcipher3 with no
key (SQLCipher's own SQLite build, which is slower at plain CPU work: that part is not encryption), and for the
SQLCipher one, times: importing that
workbook into an empty ward, the monthly WDR-1 return export, and paging the client list (50 rows at 20
offsets, sorted, as the UI does). Prints encrypted/plain ratios from this one run (target: under 1.5x).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
os.environ.setdefault("WARD_DESK_PASSPHRASE", "bench passphrase, not a secret 2026")

from peewee import SqliteDatabase  # noqa: E402

from ward_desk import db  # noqa: E402
from ward_desk.models import Client, Contact  # noqa: E402
from ward_desk import keys  # noqa: E402
from ward_desk.services import demo, periods, queries, records_io, returns, settings  # noqa: E402

WARD = "00070"


class _PlainDatabase(SqliteDatabase):
    """The baseline: ``open_database`` as it was before encryption (the key argument ignored)."""

    def __init__(self, database, passphrase=None, **kwargs):
        super().__init__(database, **kwargs)


def _open(folder: Path, mode: str, create: bool):
    """``encrypted``: the app's SQLCipher file. ``sqlcipher3``: the same library, no key (a plain file), which
    isolates what encryption itself costs. ``sqlite3``: Python's own SQLite, what an unencrypted Ward Desk used."""
    if mode == "encrypted":
        return db.open_database(folder, create=create)
    real_cls, real_create = db.WardCipherDatabase, keys.create_key
    if mode == "sqlite3":
        db.WardCipherDatabase = _PlainDatabase
    keys.create_key = lambda path, passphrase: b""  # no key: WardCipherDatabase then sets none
    try:
        return db.open_database(folder, create=create)
    finally:
        db.WardCipherDatabase, keys.create_key = real_cls, real_create


def _sign_in() -> None:
    """The services need a signed-in user: the benchmark's own admin on its own database."""
    import os

    from ward_desk.services import accounts

    accounts.sign_in_or_create_admin(os.environ.get("WARD_DESK_USER", "admin"),
                                     os.environ.get("WARD_DESK_PASSWORD", "bench password"))


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def measure(workbook: Path, month: str, mode: str) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="bench-enc-"))
    _open(folder, mode, create=True)
    _sign_in()
    settings.initialise_ward(WARD)
    out = {"import": timed(lambda: records_io.import_records(workbook))}
    assert keys.is_plaintext(folder / "ward.db") is (mode != "encrypted")
    out["monthly return"] = timed(lambda: returns.export_return(month, basis="calendar", out=folder / "r"))
    total = queries.count("clients")
    offsets = [int(total * i / 20) for i in range(20)]
    def pass_over_the_list():
        return timed(lambda: [queries.page("clients", o, 50) for o in offsets])

    # the first pass reads pages not yet in the cache (decrypted on first read); later passes are what a clerk
    # scrolling an open list meets. A single 20-page pass is ~30 ms: one sample is mostly noise.
    out["list paging, first pass (20 pages)"] = pass_over_the_list()
    out["list paging, median of 7 (20 pages)"] = statistics.median(pass_over_the_list() for _ in range(7))
    db.close_database()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=20000)
    ap.add_argument("--contacts", type=int, default=100000)
    args = ap.parse_args()
    source = Path(tempfile.mkdtemp(prefix="bench-enc-src-"))
    db.open_database(source, create=True)
    _sign_in()
    settings.initialise_ward(WARD)
    demo.fill_demo(clients=args.clients, seed=7, contacts=args.contacts)
    import datetime as dt

    last = dt.date.today().replace(day=1) - dt.timedelta(days=1)  # the last complete month
    month = f"{last.year}-{last.month:02d}"
    periods.parse(month)
    workbook = source / "records.xlsx"
    records_io.export_records(workbook)
    print(f"ward: {Client.select().count()} clients, {Contact.select().count()} contacts; period {month}")
    db.close_database()
    stdlib = measure(workbook, month, "sqlite3")
    nokey = measure(workbook, month, "sqlcipher3")
    enc = measure(workbook, month, "encrypted")
    print("encryption's own cost = encrypted / the same sqlcipher3 library without a key; the last column "
          "compares with Python's own sqlite3 (another SQLite build)")
    for name in enc:
        print(f"{name:38s} sqlite3 {stdlib[name]:7.3f}s  sqlcipher3 no key {nokey[name]:7.3f}s  encrypted "
              f"{enc[name]:7.3f}s  encryption {enc[name] / nokey[name]:.2f}x  vs sqlite3 {enc[name] / stdlib[name]:.2f}x")


if __name__ == "__main__":
    main()
