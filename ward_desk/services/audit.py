"""Service layer: the hash-chained, append-only audit trail. No Qt here.

Every write path calls ``log`` inside the same transaction as the change it describes, so the trail and the
data never disagree. The acting user is set once per session (``set_actor``) by login or the CLI.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from ward_desk.models.base import utcnow
from ward_desk.models.security import AuditEntry

GENESIS = "0" * 64
SYSTEM_USER = "system"

_actor: str = SYSTEM_USER


def set_actor(user_name: str | None) -> None:
    global _actor
    _actor = user_name or SYSTEM_USER


def actor() -> str:
    return _actor


def _json(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=_plain)


def _plain(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def entry_digest(previous_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, default=_plain)
    return hashlib.sha256((previous_hash + canonical).encode("utf-8")).hexdigest()


def _hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(sep=" ") if isinstance(entry.at, dt.datetime) else str(entry.at),
        "user_name": entry.user_name, "action": entry.action, "table_name": entry.table_name,
        "record_ref": entry.record_ref, "old_values": entry.old_values, "new_values": entry.new_values,
        "detail": entry.detail,
    }


def last_hash() -> str:
    last = AuditEntry.select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).first()
    return last.entry_hash if last else GENESIS


def log(action: str, *, table: str | None = None, ref: str | None = None,
        old: dict[str, Any] | None = None, new: dict[str, Any] | None = None,
        detail: str | None = None, user: str | None = None) -> AuditEntry:
    """Append one entry. Call inside the transaction of the change it records."""
    entry = AuditEntry(at=utcnow(), user_name=user or _actor, action=action, table_name=table,
                       record_ref=None if ref is None else str(ref), old_values=_json(old),
                       new_values=_json(new), detail=detail)
    entry.previous_hash = last_hash()
    entry.entry_hash = entry_digest(entry.previous_hash, _hashed_fields(entry))
    entry.save(force_insert=True)
    return entry


def verify() -> list[tuple[int, str]]:
    """Walk the chain; returns ``(entry id, what is wrong)`` for every break (empty = intact)."""
    breaks: list[tuple[int, str]] = []
    expected_previous = GENESIS
    for entry in AuditEntry.select().order_by(AuditEntry.id).iterator():
        if entry.previous_hash != expected_previous:
            breaks.append((entry.id, "previous_hash"))
        if entry_digest(entry.previous_hash, _hashed_fields(entry)) != entry.entry_hash:
            breaks.append((entry.id, "entry_hash"))
        expected_previous = entry.entry_hash
    return breaks
