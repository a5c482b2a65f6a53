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
4. record ids and client codes in the standard's form (``spec.records``: visible ASCII letters, digits, ``-``
   and ``_``, upper-case), so a code typed in other case is the same client: ``hc00000`` becomes ``HC00000``,
   ``Mé 1`` becomes ``ME-1``. Two ids that would become the same keep both records (never merged): the later
   one gets ``-2`` (``-3``...), and every renamed id is written to the log.
5. records version 2 (RETURN-v2 §1): new tables inspections, commitments, hotline_calls, gbv_cases, consents,
   trainings. Every stored ``establishments.commitment_on`` becomes a commitment ``<establishment id>-C1``
   signed that day by the ``OWNER``, with no end; every ``clients.consent_on`` a ``STORE`` consent
   ``<client code>-S1`` given that day (a record in the recycle bin gives one in the recycle bin). Both old
   columns are then dropped.

Before any step runs on a ward's SQLite file, ``ward_desk.db`` writes a backup of it (``backups/``, named
``...-before-upgrade.wdbak``, key file beside it).
"""

from __future__ import annotations

import logging
import re

from peewee import DateTimeField

from ward_desk import messages
from ward_desk.errors import WardDeskError

SCHEMA_VERSION = 5
log = logging.getLogger(__name__)

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
    from playhouse.migrate import SchemaMigrator, migrate  # here: it imports the PostgreSQL driver (~0.15 s)

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


def standard_id(old: str) -> str:
    """An id in the standard's form, as close to ``old`` as it can be (diacritics dropped, others -> ``-``)."""
    from ward_desk.spec.records import ID_LENGTH
    from ward_desk.textutil import fold

    text = str(old).strip().upper()
    if not re.fullmatch(r"[A-Z0-9_-]+", text):
        text = re.sub(r"[^A-Z0-9_-]+", "-", fold(str(old)).upper()).strip("-")
    return text[:ID_LENGTH] or "X"


def _free(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2`` (``-3``...) when another record has it already: two records stay two."""
    from ward_desk.spec.records import ID_LENGTH

    n = 2
    candidate = wanted
    while candidate in taken:
        suffix = f"-{n}"
        candidate = wanted[:ID_LENGTH - len(suffix)] + suffix
        n += 1
    return candidate


def _to_4(db) -> None:
    from ward_desk.models import RECORD_MODELS

    for model in RECORD_MODELS:
        field = model._meta.fields.get("client_code") or model._meta.fields.get("ref")
        table = model._meta.table_name
        if field is None or not db.table_exists(table):
            continue
        _standard_ids(db, table, field.column_name)


def _standard_ids(db, table: str, column: str) -> None:
    rows = db.execute_sql(f'SELECT id, "{column}" FROM "{table}" ORDER BY id').fetchall()
    taken = {ref for _pk, ref in rows}
    for pk, ref in rows:
        new = standard_id(ref)
        if new == ref:
            continue
        new = _free(new, taken - {ref})
        db.execute_sql(f'UPDATE "{table}" SET "{column}" = {db.param} WHERE id = {db.param}', (new, pk))
        taken.discard(ref)
        taken.add(new)
        log.warning("upgrade: %s id %r is now %r", table, ref, new)


def _to_5(db) -> None:
    from ward_desk.models.records import Commitment, Consent, GbvCase, HotlineCall, Inspection, Training

    db.create_tables([Inspection, Commitment, HotlineCall, GbvCase, Consent, Training], safe=True)
    _move_dates(db, "establishments", "ref", "commitment_on", "commitments", "establishment_id", "signed_on",
                "-C1", {"signatory": "OWNER"})
    _move_dates(db, "clients", "client_code", "consent_on", "consents", "client_id", "given_on", "-S1",
                {"purpose": "STORE"})


def _move_dates(db, table: str, id_column: str, column: str, to: str, fk: str, date_column: str, suffix: str,
                fixed: dict[str, str]) -> None:
    """Each row's ``column`` date becomes a row of ``to`` (id: the row's own id + ``suffix``); then the column
    goes. A table without the column (made whole by an earlier step's ``create_tables``) is left alone."""
    from ward_desk.spec.records import ID_LENGTH

    if not db.table_exists(table) or column not in {c.name for c in db.get_columns(table)}:
        return
    rows = db.execute_sql(f'SELECT id, "{id_column}", "{column}", deleted_at FROM "{table}" '
                          f'WHERE "{column}" IS NOT NULL ORDER BY id').fetchall()
    taken = {ref for (ref,) in db.execute_sql(f'SELECT ref FROM "{to}"').fetchall()}
    names = ", ".join(f'"{c}"' for c in ("ref", fk, date_column, *fixed, "deleted_at", "created_at", "updated_at"))
    marks = ", ".join([db.param] * (6 + len(fixed)))
    from ward_desk.models.base import utcnow

    now = utcnow()
    for pk, own_id, day, deleted_at in rows:
        ref = _free(str(own_id)[:ID_LENGTH - len(suffix)] + suffix, taken)
        taken.add(ref)
        db.execute_sql(f'INSERT INTO "{to}" ({names}) VALUES ({marks})',
                       (ref, pk, day, *fixed.values(), deleted_at, now, now))
    db.execute_sql(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    if rows:
        log.warning("upgrade: %d %s.%s became %s", len(rows), table, column, to)


STEPS = {2: _to_2, 3: _to_3, 4: _to_4, 5: _to_5}


def bring_up_to_date(db, *, new: bool) -> int:
    """Create missing tables and run every pending step; returns the version the database is now at."""
    found = None if new else current_version(db)
    if found is not None and found > SCHEMA_VERSION:
        raise WardDeskError("db.too_new", found=found, supported=SCHEMA_VERSION)
    with db.atomic():
        if found is not None:
            for version in range(found + 1, SCHEMA_VERSION + 1):
                STEPS[version](db)
        from peewee import SqliteDatabase

        # a shared server's login role for the clerks owns nothing and may not CREATE (services.audit, README):
        # an up-to-date schema with every table there is left alone
        if not (found == SCHEMA_VERSION and not isinstance(db, SqliteDatabase)
                and all(db.table_exists(m._meta.table_name) for m in _all_models())):
            db.create_tables(_all_models(), safe=True)
        if found != SCHEMA_VERSION:
            _set_version(db, SCHEMA_VERSION)
    return SCHEMA_VERSION
