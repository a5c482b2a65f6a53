"""Storage layer: the one function that opens a data folder's database. No Qt here.

Everything that touches the database (CLI, desktop app, tests, benchmarks) goes through ``open_database`` so
that how the file is opened (pragmas, encryption, migrations) is decided in one place.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from peewee import SqliteDatabase

from ward_desk import config, messages
from ward_desk.errors import WardDeskError
from ward_desk.models import ALL_MODELS, database
from ward_desk.models import migrations

# WAL keeps readers (the UI) off the writer's back; synchronous=FULL makes each committed user action
# survive a power cut, which matters more here than the ~1 ms per commit it costs.
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL
    "busy_timeout": 5000,
    "cache_size": -16_000,  # 16 MB: enough for a ward, small on a 4 GB PC
    "temp_store": 2,  # MEMORY
}

messages.register({
    "db.missing": (
        "Chưa có cơ sở dữ liệu trong {folder}. Hãy chạy `ward-desk init --unit MÃ_XÃ` trước.",
        "No database in {folder}. Run `ward-desk init --unit WARD_CODE` first.",
    ),
    "db.exists": (
        "Thư mục {folder} đã có cơ sở dữ liệu; mỗi thư mục dữ liệu chỉ chứa một đơn vị.",
        "{folder} already holds a database; one data folder holds one unit.",
    ),
    "db.not_a_database": (
        "Tệp {path} không phải là cơ sở dữ liệu Ward Desk hoặc đã bị hỏng.",
        "{path} is not a Ward Desk database, or it is damaged.",
    ),
})


def open_database(folder: str | os.PathLike | None = None, *, create: bool = False,
                  path: Path | None = None, url: str | None = None):
    """Open (or with ``create`` make) the database of a data folder, upgrade its schema, bind the models.

    ``path`` overrides the file (tests and tools that open a copy). ``url`` (else ``--database``, else
    ``WARD_DESK_DATABASE``) opens a shared PostgreSQL database instead (``ward_desk.db_server``). Returns the
    open peewee database; call ``close_database`` (or use ``opened``) when done.
    """
    url = url or (None if path else database_url())
    if url:
        from ward_desk import db_server

        return db_server.open_server_database(url, create=create)
    folder = config.data_dir(folder)
    db_path = Path(path) if path else config.database_path(folder)
    exists = db_path.exists()
    if not exists and not create:
        raise WardDeskError("db.missing", folder=str(folder))
    if exists and create:
        raise WardDeskError("db.exists", folder=str(folder))
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db = SqliteDatabase(str(db_path), pragmas=PRAGMAS, check_same_thread=False)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        migrations.bring_up_to_date(db, new=not exists)
    except WardDeskError:
        db.close()
        raise
    except Exception as exc:  # a damaged or foreign file must not surface as a traceback
        db.close()
        if "file is not a database" in str(exc) or "malformed" in str(exc):
            raise WardDeskError("db.not_a_database", path=str(db_path)) from exc
        raise
    return db


_database_url: str | None = None


def use_database_url(url: str | None) -> None:
    """The CLI's ``--database URL`` (None: back to ``WARD_DESK_DATABASE``, else the data folder's SQLite)."""
    global _database_url
    _database_url = url or None


def database_url() -> str | None:
    return _database_url or os.environ.get("WARD_DESK_DATABASE") or None


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()


@contextlib.contextmanager
def opened(folder=None, *, create: bool = False, path: Path | None = None, url: str | None = None):
    db = open_database(folder, create=create, path=path, url=url)
    try:
        yield db
    finally:
        close_database()


def open_memory_database() -> SqliteDatabase:
    """A fresh in-memory ward database (unit tests of rules and engines that need no file)."""
    db = SqliteDatabase(":memory:", pragmas={"foreign_keys": 1})
    database.initialize(db)
    db.connect(reuse_if_open=True)
    migrations.bring_up_to_date(db, new=True)
    return db


__all__ = ["open_database", "close_database", "opened", "open_memory_database", "ALL_MODELS"]
