"""Service layer: a hotline call keyed while the caller is still on the line (RETURN-v2 §1). No Qt here.

The quick form leaves the id to the app: an empty id gets the next ``DH`` number (``DH00042``) from
``services.ids``, in the transaction that saves the call, as every numbered kind does.
"""

from __future__ import annotations

from typing import Any

from ward_desk.services import records


def record_call(values: dict[str, Any]):
    """Save one call (the record rules, the automatic id, the audit entry)."""
    return records.save_record("hotline_calls", {**values, "id": (values.get("id") or "").strip() or None})
