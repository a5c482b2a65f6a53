"""Reports layer: numbers as a Vietnamese report writes them: ``1.531`` in figures and ``một nghìn năm trăm ba
mươi mốt`` in words. No Qt here."""

from __future__ import annotations

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ")


def figures(n: int) -> str:
    """``1531`` -> ``1.531`` (the dot groups thousands in Vietnamese)."""
    return f"{int(n):,}".replace(",", ".")


def _three(n: int, full: bool) -> str:
    """0-999; ``full`` when a higher group precedes (then ``không trăm`` and ``lẻ`` are written)."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if hundreds or full:
                words.append("lẻ")
            words.append(_DIGITS[units])
        return " ".join(words)
    words.append("mười" if tens == 1 else f"{_DIGITS[tens]} mươi")
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return " ".join(words)


def words(n: int) -> str:
    """The number read in Vietnamese: ``1531`` -> ``một nghìn năm trăm ba mươi mốt``."""
    n = int(n)
    if n < 0:
        return "âm " + words(-n)
    if n == 0:
        return "không"
    return _read(n, full=False)


def _read(n: int, full: bool) -> str:
    """``n`` > 0; above a billion ``tỷ`` repeats (10^12 is ``nghìn tỷ``). ``full``: a higher group precedes."""
    if n >= 1000 ** 3:
        high, low = divmod(n, 1000 ** 3)
        head = f"{_read(high, full)} tỷ"
        return head if not low else f"{head} {_read(low, True)}"
    groups = []
    while n:
        n, part = divmod(n, 1000)
        groups.append(part)
    out: list[str] = []
    top = len(groups) - 1
    for index in range(top, -1, -1):
        if groups[index]:
            out.append(f"{_three(groups[index], full or index < top)} {_GROUPS[index]}".strip())
    return " ".join(out)


def both(n: int) -> str:
    """``1.531 (một nghìn năm trăm ba mươi mốt)``: figures and words together."""
    return f"{figures(n)} ({words(n)})"
