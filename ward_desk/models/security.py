"""Models layer: the audit trail (and, with the protection work, accounts). No Qt here."""

from __future__ import annotations

from peewee import CharField, DateTimeField, TextField

from ward_desk.models.base import BaseModel, utcnow


class AuditEntry(BaseModel):
    """One line of the append-only audit trail; ``entry_hash`` chains it to the line before.

    ``entry_hash = sha256(previous_hash + canonical JSON of this entry's fields)``, so editing or removing any
    entry breaks every hash after it (``ward-desk audit verify``).
    """

    at = DateTimeField(default=utcnow, index=True)
    user_name = CharField()
    action = CharField(index=True)  # create, update, delete, restore, purge, import, export, login, ...
    table_name = CharField(null=True)
    record_ref = CharField(null=True, index=True)
    old_values = TextField(null=True)  # JSON
    new_values = TextField(null=True)  # JSON
    detail = TextField(null=True)
    previous_hash = CharField()
    entry_hash = CharField(unique=True)

    class Meta:
        table_name = "audit_log"
