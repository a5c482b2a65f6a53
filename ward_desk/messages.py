"""Core layer: the wording of every problem and status message, in Vietnamese and English. No Qt here.

The core raises stable codes with parameters (``Problem``); people read them through ``text()``. Each
module registers the messages it raises next to the code that raises them (``register``), so the catalogue
stays beside its rules. The desktop UI shows the same texts, in the language chosen in Settings.
"""

from __future__ import annotations

from ward_desk import config

_CATALOGUE: dict[str, tuple[str, str]] = {}


class Words(str):
    """A name said in both languages (a field's label, a kind of record, a code's label): a message's parameter
    that ``text()`` puts in the reader's language. As a plain string it is the English."""

    vi: str
    en: str

    def __new__(cls, vi: str, en: str):
        obj = super().__new__(cls, en)
        obj.vi, obj.en = vi, en
        return obj

    def __reduce__(self):
        return (Words, (self.vi, self.en))

    def said(self, lang: str | None = None) -> str:
        return self.vi if (lang or config.language()) == "vi" else self.en


class Grouped(int):
    """A number a message shows with its thousands grouped the reader's way: ``1.000`` in Vietnamese,
    ``1,000`` in English (a limit, a count of cells). Plain ints stay as they are: years, rows, ids."""


def grouped(number: int, lang: str | None = None) -> str:
    shown = f"{int(number):,}"
    return shown.replace(",", ".") if (lang or config.language()) == "vi" else shown


def register(entries: dict[str, tuple[str, str]]) -> None:
    """Add ``code -> (Vietnamese, English)`` templates; ``str.format`` placeholders name the params."""
    for code, pair in entries.items():
        if code in _CATALOGUE and _CATALOGUE[code] != pair:
            raise ValueError(f"message code {code!r} registered twice with different texts")
        _CATALOGUE[code] = pair


def text(code: str, lang: str | None = None, /, **params: object) -> str:
    lang = lang or config.language()
    pair = _CATALOGUE.get(code)
    if pair is None:
        # A missing entry is a programming error, but a person must still see something useful.
        detail = ", ".join(f"{k}={v}" for k, v in params.items())
        return f"{code}" + (f" ({detail})" if detail else "")
    template = pair[0] if lang == "vi" else pair[1]
    params = {k: v.said(lang) if isinstance(v, Words) else grouped(v, lang) if isinstance(v, Grouped) else v
              for k, v in params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def known_codes() -> set[str]:
    return set(_CATALOGUE)


register({
    "generic.unexpected": ("Lỗi không mong đợi: {detail}", "Unexpected error: {detail}"),
    "field.required": ("bắt buộc phải có", "is required"),
})
