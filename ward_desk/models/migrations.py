"""Models layer: the schema version and the in-place upgrades from every older version. No Qt here.

A new database gets the current schema directly. An older one is upgraded one version at a time inside a
transaction, so a failed upgrade leaves it exactly as it was. To change the schema: bump ``SCHEMA_VERSION``,
add ``_to_<n>`` below and register it in ``STEPS``; keep the stored old databases in ``tests/data`` opening.

History:
1. first release (0.0.x): record tables and settings, no recycle bin, no export history.
2. recycle bin (``deleted_at`` on every record table), ``export_history``.
3. list indexes: each record table's full ``deleted_at`` index becomes a partial index of the recycle bin
   (``<table>_binned``), and a partial index of live rows in the list's order (``<table>_live_<column>``); the
   full one made SQLite sort every row of a list for each page. Indexes are made by ``create_tables``.
"""

from __future__ import annotations

from peewee import DateTimeField
from playhouse.migrate import SchemaMigrator, migrate

from ward_desk import messages
from ward_desk.errors import WardDeskError

SCHEMA_VERSION = 3

messages.register({
    "db.too_new": (
        "Cơ sở dữ liệu có phiên bản {found}, mới hơn phiên bản {supported} mà bản Ward Desk này hiểu. "
        "Hãy cập nhật Ward Desk.",
        "The database is at schema version {found}, newer than the {supported} this Ward Desk understands. "
        "Update Ward Desk.",
    ),
})


def _all_models():
    from ward_desk.models import ALL_MODELS

    return ALL_MODELS


def current_version(db) -> int | None:
    if not db.table_exists("schema_version"):
        return None if not db.get_tables() else 1
    row = db.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()
    return row[0] if row and row[0] is not None else 1


def _set_version(db, version: int) -> None:
    from ward_desk.models import SchemaVersion

    SchemaVersion.delete().execute()
    SchemaVersion.create(version=version)


def _to_2(db) -> None:
    from ward_desk.models import RECORD_MODELS

    migrator = SchemaMigrator.from_database(db)  # SQLite file or an office's PostgreSQL
    existing = {m._meta.table_name: {c.name for c in db.get_columns(m._meta.table_name)}
                for m in RECORD_MODELS if db.table_exists(m._meta.table_name)}
    operations = []
    for model in RECORD_MODELS:
        table = model._meta.table_name
        if table in existing and "deleted_at" not in existing[table]:
            operations.append(migrator.add_column(table, "deleted_at", DateTimeField(null=True)))
    migrate(*operations)
    for model in RECORD_MODELS:
        if model._meta.table_name not in existing:
            continue  # created whole, with its indexes, by create_tables
        db.execute_sql(
            f'CREATE INDEX IF NOT EXISTS "{model._meta.table_name}_deleted_at" '
            f'ON "{model._meta.table_name}" ("deleted_at")')


def _to_3(db) -> None:
    from ward_desk.models import RECORD_MODELS

    for model in RECORD_MODELS:
        db.execute_sql(f'DROP INDEX IF EXISTS "{model._meta.table_name}_deleted_at"')


STEPS = {2: _to_2, 3: _to_3}


def bring_up_to_date(db, *, new: bool) -> int:
    """Create missing tables and run every pending step; returns the version the database is now at."""
    found = None if new else current_version(db)
    if found is not None and found > SCHEMA_VERSION:
        raise WardDeskError("db.too_new", found=found, supported=SCHEMA_VERSION)
    with db.atomic():
        if found is not None:
            for version in range(found + 1, SCHEMA_VERSION + 1):
                STEPS[version](db)
        db.create_tables(_all_models(), safe=True)
        if found != SCHEMA_VERSION:
            _set_version(db, SCHEMA_VERSION)
    return SCHEMA_VERSION
