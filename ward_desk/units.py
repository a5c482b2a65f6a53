"""Core layer: the official administrative units (Decision 19/2025/QD-TTg) from ``vietnam-provinces``.

Ward codes are 5-digit text, province codes 2-digit text, custom consolidating offices ``C-...``. Searching
ignores diacritics and case, so a clerk can type ``hoan kiem`` for Phường Hoàn Kiếm. No Qt here.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from vietnam_provinces import Province, Ward, WardCode

from ward_desk.textutil import fold, nfc

CUSTOM_OFFICE = re.compile(r"^C-[A-Z0-9][A-Z0-9_-]{0,39}$")


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str  # "ward" (xã, phường, đặc khu), "province", or "custom"
    province_code: str | None = None

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@lru_cache(maxsize=1)
def _wards() -> dict[str, Unit]:
    return {
        f"{int(w.code):05d}": Unit(f"{int(w.code):05d}", nfc(w.name), "ward", f"{int(w.province_code):02d}")
        for w in Ward.iter_all()
    }


@lru_cache(maxsize=1)
def _provinces() -> dict[str, Unit]:
    return {f"{int(p.code):02d}": Unit(f"{int(p.code):02d}", nfc(p.name), "province") for p in Province.iter_all()}


@lru_cache(maxsize=1)
def _folded_wards() -> list[tuple[str, Unit]]:
    return [(fold(u.name), u) for u in _wards().values()]


def normalise_code(code: str | int) -> str:
    """``70`` or ``'70'`` -> ``'00070'``; province codes stay 2 digits; other text is upper-cased."""
    text = str(code).strip()
    if text.isdigit():
        return text.zfill(5) if len(text) > 2 else text.zfill(2)
    return text.upper()


@lru_cache(maxsize=256)
def ward(code: str | int) -> Unit | None:
    """One ward by its code, looked up alone (building the whole list of 3,321 takes ~50 ms a process)."""
    text = str(code).strip()
    if not text.isdigit() or len(text) > 5:
        return None
    try:
        found = Ward.from_code(WardCode(int(text)))
    except ValueError:
        return None
    return Unit(f"{int(found.code):05d}", nfc(found.name), "ward", f"{int(found.province_code):02d}")


def province(code: str | int) -> Unit | None:
    text = str(code).strip()
    return _provinces().get(text.zfill(2)) if text.isdigit() and len(text) <= 2 else None


def is_ward_code(code: str) -> bool:
    return isinstance(code, str) and len(code) == 5 and code.isdigit() and ward(code) is not None


def is_province_code(code: str) -> bool:
    return isinstance(code, str) and len(code) == 2 and code.isdigit() and code in _provinces()


def is_custom_office_code(code: str) -> bool:
    return isinstance(code, str) and bool(CUSTOM_OFFICE.match(code))


def all_wards() -> list[Unit]:
    return list(_wards().values())


def all_provinces() -> list[Unit]:
    return list(_provinces().values())


def wards_of_province(code: str) -> list[Unit]:
    return [u for u in _wards().values() if u.province_code == code]


def search_wards(query: str, limit: int = 8, province_code: str | None = None) -> list[Unit]:
    """Wards whose name or code matches ``query``, best first; diacritics and case are ignored.

    Substring matches of every word come first (shorter names first, so ``hoan kiem`` puts Phường Hoàn Kiếm
    before longer names that contain it), then close spellings for typos (``hoan kim``).
    """
    q = fold(query or "")
    if not q:
        return []
    candidates = _folded_wards()
    if province_code:
        candidates = [(f, u) for f, u in candidates if u.province_code == province_code]
    digits = q.replace(" ", "")
    if digits.isdigit():
        exact = [u for _, u in candidates if u.code == digits.zfill(5)]
        starts = [u for _, u in candidates if u.code.startswith(digits) and u not in exact]
        return (exact + starts)[:limit]
    words = q.split()
    hits = [(f, u) for f, u in candidates if all(w in f for w in words)]

    def bare(folded: str) -> str:
        for prefix in ("phuong ", "xa ", "dac khu "):
            if folded.startswith(prefix):
                return folded[len(prefix):]
        return folded

    hits.sort(key=lambda fu: (bare(fu[0]) != q, len(fu[0]), fu[1].code))
    result = [u for _, u in hits]
    if len(result) < limit:
        names = {bare(f): u for f, u in candidates}
        for name in difflib.get_close_matches(bare(q), list(names), n=limit, cutoff=0.6):
            unit = names[name]
            if unit not in result:
                result.append(unit)
    return result[:limit]


def office_name(code: str) -> str | None:
    """Display name of a consolidating office code (province, or None for a custom office)."""
    unit = province(code)
    return unit.name if unit else None
