"""UI layer: how a screen names record kinds, columns and codes: thin lookups into the declared standard.

The wording lives in ``ward_desk.spec`` (one wording for the form, the list, the RECORDS-1 workbook and the
messages), in Vietnamese and English; a screen takes the interface language's (``config.language``). Codes keep
both names because the printed return needs the Vietnamese one whatever the interface language is.
"""

from __future__ import annotations

from ward_desk import config
from ward_desk.spec import records as spec
from ward_desk.spec.codes import CODE_LISTS


def kind_name(kind: str) -> str:
    return spec.KINDS[kind].label() if kind in spec.KINDS else kind


def one_name(kind: str) -> str:
    """The name of one record of ``kind`` ("Contact")."""
    return spec.KINDS[kind].one() if kind in spec.KINDS else kind


def column_name(key: str, kind: str | None = None) -> str:
    return spec.column_label(key, kind_name=kind)


def code_names(code: str, codes: str | None = None) -> tuple[str, str] | None:
    """(Vietnamese, English) name of ``code`` in its list ``codes``; else the first list that has it (a code two
    lists share, JOB, is named by its list wherever a screen knows it)."""
    if codes in CODE_LISTS and code in CODE_LISTS[codes].labels:
        return CODE_LISTS[codes].labels[code]
    return next((cl.labels[code] for cl in CODE_LISTS.values() if code in cl.labels), None)


def code_label(code: str, codes: str | None = None, lang: str | None = None) -> str:
    """The name alone, in ``lang`` (default: the UI's language, as ``messages`` use); the code when unknown."""
    names = code_names(code, codes)
    if names is None:
        return code
    return names[0] if (lang or config.language()) == "vi" else names[1]


def code_name(code: str, codes: str | None = None) -> str:
    """``Nữ (F)``: the code stays visible because the paper slips and workbooks use it."""
    return f"{code_label(code, codes)} ({code})" if code_names(code, codes) else code
