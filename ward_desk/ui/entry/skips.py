"""UI layer: skip logic: which fields of a form apply, given what is keyed so far. Pure functions of the form's
raw values (no widgets), so the rules read as a table and are tested without a window.

A field that does not apply is disabled, emptied and skipped by Enter: a referral's "received on" only when its
status is received; a loan's stage dates up to its stage (approved after referred, disbursed after approved,
closed after disbursed; rejected only while not approved); training counts only for a training.
"""

from __future__ import annotations

from typing import Any


def _has(raw: dict[str, Any], key: str) -> bool:
    value = raw.get(key)
    return value is not None and str(value).strip() != ""


def not_applicable(kind: str, raw: dict[str, Any]) -> set[str]:
    """The fields of ``kind`` that do not apply to a record holding ``raw``."""
    off: set[str] = set()
    if kind == "referrals":
        if raw.get("status") != "RECEIVED":
            off.add("received_on")
    elif kind == "loans":
        if not _has(raw, "referred_on"):
            off |= {"approved_on", "rejected_on"}
        if not _has(raw, "approved_on"):
            off |= {"disbursed_on", "amount_disbursed"}
        if not _has(raw, "disbursed_on"):
            off.add("closed_on")
        if _has(raw, "approved_on"):
            off.add("rejected_on")
        if _has(raw, "rejected_on"):
            off |= {"approved_on", "disbursed_on", "amount_disbursed", "closed_on"}
    elif kind == "establishment_activities":
        if raw.get("kind") != "TRAINING":
            off |= {"owners_trained", "workers_trained_f", "workers_trained_m"}
    return off
