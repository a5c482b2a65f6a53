"""Models layer: the audit trail and the accounts (users with roles). No Qt here."""

from __future__ import annotations

from peewee import BooleanField, CharField, DateTimeField, IntegerField, TextField

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


class User(BaseModel):
    """A named account. ``username`` is stored folded to lower case, so it is unique whatever the case typed.

    Only an argon2 hash of the password is kept (``password_hash``); ``failed_attempts`` and ``locked_until``
    carry the lockout after repeated wrong passwords; a ``disabled`` account cannot sign in but stays, so the
    audit trail's names keep meaning someone.
    """

    username = CharField(unique=True)
    full_name = CharField(default="")
    role = CharField()  # clerk | supervisor | admin
    password_hash = CharField()
    failed_attempts = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    disabled = BooleanField(default=False)
    last_login_at = DateTimeField(null=True)

    class Meta:
        table_name = "users"
