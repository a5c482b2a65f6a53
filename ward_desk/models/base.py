"""Models layer: the database handle every model is bound to, and the base classes. No Qt here.

``database`` is a proxy: ``ward_desk.db.open_database`` is the one place that decides what it points at
(plain SQLite in tests, SQLCipher for a ward's data folder), so models never open files themselves.
"""

from __future__ import annotations

import datetime as dt

from peewee import DatabaseProxy, DateTimeField, Model

database = DatabaseProxy()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


class BaseModel(Model):
    """Every row carries when it was created and last changed (UTC)."""

    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        database = database
        legacy_table_names = False

    def save(self, *args, **kwargs):
        self.updated_at = utcnow()
        return super().save(*args, **kwargs)


class RecordModel(BaseModel):
    """A ward record (RECORDS-1 table). ``deleted_at`` puts it in the recycle bin without losing it."""

    # indexed for the recycle bin only (``records._index_the_recycle_bin``): a full index on a column that is NULL
    # in nearly every row misleads SQLite into using it for every list instead of the list-order index
    deleted_at = DateTimeField(null=True)
