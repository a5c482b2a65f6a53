"""Core layer: Vietnamese text helpers (NFC storage, diacritic-free folding for search). No Qt here."""

from __future__ import annotations

import unicodedata

# Letters NFD does not decompose. Đ/đ is Vietnamese D with stroke; Ð/ð (U+00D0/U+00F0, Icelandic eth) is its
# look-alike that some keyboards, fonts and copied text produce, so it folds the same way (UIC, search).
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def nfc(value: str | None) -> str | None:
    """Every stored text is NFC, so that a name typed on one PC matches the same name typed on another."""
    if value is None:
        return None
    return unicodedata.normalize("NFC", value)


def fold(value: str) -> str:
    """Lower case without diacritics: ``Phường Hoàn Kiếm`` -> ``phuong hoan kiem``."""
    decomposed = unicodedata.normalize("NFD", value.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def printable(value: str) -> str:
    """``value`` with control characters (a newline in a file name) shown as ``\\n``/``\\xNN``: a name can never
    start a line of its own in a report (a fake "accepted" line)."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(value))
