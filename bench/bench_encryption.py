"""Benchmark (not a test): the cost of encryption at rest on the same ward, encrypted vs plain SQLite.

    .venv/bin/python bench/bench_encryption.py [--clients 20000]

Fills a ward with ``demo.fill_demo`` and exports it as a RECORDS-1 workbook once; then, for a plain SQLite
database (the naive baseline: same pragmas, no SQLCipher) and for the SQLCipher one, times: importing that
workbook into an empty ward, the monthly WDR-1 return export, and paging the client list (50 rows at 20
offsets, sorted, as the UI does). Prints encrypted/plain ratios from this one run (target: under 1.5x).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
os.environ.setdefault("WARD_DESK_PASSPHRASE", "bench passphrase, not a secret 2026")

from peewee import SqliteDatabase  # noqa: E402

from ward_desk import db  # noqa: E402
from ward_desk.models import Client, Contact  # noqa: E402
from ward_desk.services import demo, keys, periods, queries, records_io, returns, settings  # noqa: E402

WARD = "00070"


class _PlainDatabase(SqliteDatabase):
    """The baseline: ``open_database`` as it was before encryption (the key argument ignored)."""

    def __init__(self, database, passphrase=None, **kwargs):
        super().__init__(database, **kwargs)


def _open(folder: Path, encrypted: bool, create: bool):
    if encrypted:
        return db.open_database(folder, create=create)
    real_cls, real_create = db.WardCipherDatabase, keys.create_key
    db.WardCipherDatabase, keys.create_key = _PlainDatabase, (lambda path, passphrase: b"")
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


def measure(workbook: Path, month: str, encrypted: bool) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="bench-enc-"))
    _open(folder, encrypted, create=True)
    _sign_in()
    settings.initialise_ward(WARD)
    out = {"import": timed(lambda: records_io.import_records(workbook))}
    assert keys.is_plaintext(folder / "ward.db") is not encrypted
    out["monthly return"] = timed(lambda: returns.export_return(month, basis="calendar", out=folder / "r"))
    total = queries.count("clients")
    offsets = [int(total * i / 20) for i in range(20)]
    out["list paging (20 pages)"] = timed(lambda: [queries.page("clients", o, 50) for o in offsets])
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
    plain = measure(workbook, month, encrypted=False)
    enc = measure(workbook, month, encrypted=True)
    for name in plain:
        print(f"{name:24s} plain {plain[name]:7.3f}s  encrypted {enc[name]:7.3f}s  ratio {enc[name] / plain[name]:.2f}x")


if __name__ == "__main__":
    main()
