"""Service layer: automatic record ids (``DK0000042``, ``DR000128``...), one counter per kind. No Qt here.

A new record whose id is empty gets the next free number of its kind, in the prefix and width the ward's
records already use (the demo data and the paper registers: ``DK`` contacts, ``DR`` referrals...). The counter
is a row of ``id_counters`` raised by an ``UPDATE ... SET last = last + n`` in the transaction that saves the
record: on a shared PostgreSQL database the second clerk's update waits for the first clerk's commit and then
reads the raised value, so two clerks never get the same number; on SQLite the write lock does the same. The
unique index on the id stays the last guard.

An id typed by hand or taken from an imported file (RECORDS-1 keeps its ids) may lie ahead of the counter:
numbers already used, live or in the recycle bin, are skipped (the counter is brought up to the highest used
number once, not number by number).
"""

from __future__ import annotations

import re

from ward_desk.models.base import database
from ward_desk.models.records import MODEL_BY_KIND
from ward_desk.models.ward import IdCounter
from ward_desk.spec import records as spec


def _format(kind: str) -> tuple[str, int]:
    """The kind's id prefix and number of digits, as its declaration in the records standard says."""
    declared = spec.KINDS[kind]
    if declared.id_prefix is None:
        raise KeyError(kind)
    return declared.id_prefix, declared.id_digits


def numbered(kind: str) -> bool:
    """Whether new records of ``kind`` get an automatic id (clients are named by their UIC, members by key)."""
    return kind in spec.KINDS and spec.KINDS[kind].id_prefix is not None


def format_id(kind: str, number: int) -> str:
    prefix, width = _format(kind)
    return f"{prefix}{number:0{width}d}"


def number_of(kind: str, ref: str | None) -> int | None:
    """``DK0000042`` -> 42 for contacts; None for an id of another shape."""
    prefix, _width = _format(kind)
    match = re.fullmatch(re.escape(prefix) + r"(\d+)", ref or "")
    return int(match.group(1)) if match else None


def highest_used(kind: str, also: set[str] | frozenset[str] = frozenset()) -> int:
    """The highest number in use by a stored row of ``kind`` (live or in the recycle bin) or in ``also``."""
    model = MODEL_BY_KIND[kind]
    prefix, _width = _format(kind)
    refs = (r for (r,) in model.select(model.ref).where(model.ref.startswith(prefix)).tuples().iterator())
    numbers = [n for n in (number_of(kind, r) for r in (*refs, *also)) if n is not None]
    return max(numbers, default=0)


def _raise_counter(kind: str, n: int) -> int:
    """Raise the counter by ``n`` and return its new value (the last of the ``n`` numbers taken)."""
    IdCounter.insert(kind=kind, last=highest_used(kind)).on_conflict_ignore().execute()
    IdCounter.update(last=IdCounter.last + n).where(IdCounter.kind == kind).execute()
    return IdCounter.get_by_id(kind).last


def allocate(kind: str, n: int = 1, *, taken: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """``n`` new ids for ``kind``, none used by a stored row or in ``taken`` (ids of the same import's file).

    Call inside the transaction that writes the records: the numbers are the transaction's until it commits.
    """
    if n <= 0:
        return []
    model = MODEL_BY_KIND[kind]
    with database.atomic():
        for _attempt in range(3):
            last = _raise_counter(kind, n)
            ids = [format_id(kind, number) for number in range(last - n + 1, last + 1)]
            used = set(taken) & set(ids)
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                used |= {r for (r,) in model.select(model.ref).where(model.ref.in_(chunk)).tuples()}
            if not used:
                return ids
            # ids typed by hand or imported ran ahead of the counter: jump past the highest one in use
            top = highest_used(kind, taken)
            IdCounter.update(last=top).where(IdCounter.kind == kind).execute()  # the row is ours until commit
    raise RuntimeError(f"no free id for {kind}")  # unreachable: the jump above leaves the next numbers free


def next_id(kind: str) -> str:
    """The id the next new record of ``kind`` gets (taken: call it in the saving transaction)."""
    return allocate(kind, 1)[0]
