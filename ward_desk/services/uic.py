"""Service layer: the unique identifier code (UIC) outreach programmes build from a client's answers. No Qt.

Code = initial of the mother's given name + initial of the father's given name + initial of the client's own
given name (a Vietnamese given name is the LAST word: "Nguyễn Thị Hoa" -> H), sex code, year of birth:
``Lê Thị Mai / Trần Văn Nam / Trần Thị Hoa, F, 1995`` -> ``MNHF1995``. Diacritics are stripped (đ -> D, and so
does its look-alike ð). The answers are never stored: only the code leaves this module, and ``code_exists``
only says whether the ward already has it (a possible duplicate the clerk decides about; nothing is ever merged
automatically).
"""

from __future__ import annotations

from ward_desk import messages
from ward_desk.errors import Problem
from ward_desk.textutil import fold

SEXES = ("F", "M", "T", "U")

messages.register({
    "uic.name_missing": ("Cần có tên (chữ cuối của họ tên).", "A given name (the last word of the name) is required."),
    "uic.sex_invalid": ("Giới tính phải là F, M, T hoặc U.", "Sex must be F, M, T or U."),
    "uic.year_invalid": ("Năm sinh phải là 4 chữ số từ 1900 đến {max}.", "Year of birth must be 4 digits, 1900 to {max}."),
})


def given_initial(full_name: str | None) -> str | None:
    """Initial of the given name (last word), without diacritics, upper case; None when nothing usable."""
    words = fold(full_name or "").split()
    for word in reversed(words):
        letters = [ch for ch in word if ch.isalpha()]
        if letters:
            return letters[0].upper()
    return None


def problems(mother: str, father: str, own: str, sex: str, birth_year) -> list[Problem]:
    import datetime

    found: list[Problem] = []
    for field, name in (("mother", mother), ("father", father), ("own", own)):
        if given_initial(name) is None:
            found.append(Problem("uic.name_missing", {}, field=field))
    if (sex or "").upper() not in SEXES:
        found.append(Problem("uic.sex_invalid", {}, field="sex"))
    year = str(birth_year or "").strip()
    this_year = datetime.date.today().year
    if not (len(year) == 4 and year.isdigit() and 1900 <= int(year) <= this_year):
        found.append(Problem("uic.year_invalid", {"max": this_year}, field="birth_year"))
    return found


def build_code(mother: str, father: str, own: str, sex: str, birth_year) -> str | None:
    """The client code, or None while an answer is missing or invalid (see ``problems``)."""
    if problems(mother, father, own, sex, birth_year):
        return None
    return f"{given_initial(mother)}{given_initial(father)}{given_initial(own)}{sex.upper()}{str(birth_year).strip()}"


def code_exists(code: str) -> bool:
    """True when a client (also one in the recycle bin) already has this code: a possible duplicate."""
    from ward_desk.models.records import Client

    return Client.select().where(Client.client_code == code).exists()
