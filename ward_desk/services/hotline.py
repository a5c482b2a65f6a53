"""Service layer: a hotline call keyed while the caller is still on the line (RETURN-v2 §1). No Qt here.

The quick form leaves the id to the app: the next free ``DH`` number (``DH00042``), taken in the transaction
that saves the call, so two clerks on a shared database never get the same one (the unique index on the id is
the last guard: a clash is retried with the next number).
"""

from __future__ import annotations

import re
from typing import Any

from peewee import IntegrityError

from ward_desk.models.base import database
from ward_desk.models.records import HotlineCall
from ward_desk.services import records

PREFIX, WIDTH = "DH", 5


def next_call_id() -> str:
    """The id after the highest ``DH`` number in use (live or in the recycle bin)."""
    refs = (r for (r,) in HotlineCall.select(HotlineCall.ref).where(HotlineCall.ref.startswith(PREFIX)).tuples())
    numbers = [int(m.group(1)) for r in refs if (m := re.fullmatch(PREFIX + r"(\d+)", r))]
    return f"{PREFIX}{max(numbers, default=0) + 1:0{WIDTH}d}"


def record_call(values: dict[str, Any]):
    """Save one call (the record rules, the audit entry); an empty id gets the next ``DH`` number."""
    values = dict(values)
    if (values.get("id") or "").strip():
        return records.save_record("hotline_calls", values)
    for _attempt in range(3):
        try:
            with database.atomic():
                values["id"] = next_call_id()
                return records.save_record("hotline_calls", values)
        except IntegrityError:  # another PC took the same number between the read and the insert
            continue
    values["id"] = next_call_id()
    return records.save_record("hotline_calls", values)
