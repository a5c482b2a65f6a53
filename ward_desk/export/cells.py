"""Export layer: what may go into a cell we write. No Qt here.

Text beginning with ``=``, ``+``, ``-`` or ``@`` would be taken as a formula by Excel or LibreOffice when a person
edits the cell (CSV/DDE injection), and openpyxl itself writes a string starting with ``=`` as a formula.
Every text value we write goes through ``safe_text``; the cell is also typed as a string, so the workbook
holds text, never a formula.
"""

from __future__ import annotations

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@")
# XML 1.0 forbids these; openpyxl raises IllegalCharacterError on them.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_text(value: str | None) -> str | None:
    """Text as a cell will show it: XML-illegal control characters removed (the text is kept verbatim)."""
    if value is None:
        return None
    return _ILLEGAL_XML.sub("", str(value))


def looks_like_formula(value: str | None) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def set_text_cell(cell, value: str | None) -> None:
    """Write ``value`` into an openpyxl cell as a string cell, even when it starts with ``=``."""
    value = safe_text(value)
    cell.value = value
    if value is not None:
        cell.data_type = "s"  # openpyxl infers 'f' for a leading '='; force a plain string
