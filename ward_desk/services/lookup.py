"""Service layer: what a picker shows for the records a form links to, and code-list typeahead. No Qt here.

A client is shown by code, sex, birth year and last contact date (no name is kept, none is shown); an
establishment or a peer group by its id and name. ``match_code`` picks from a code list by what a clerk types:
the code, the first letters of its label, or the initials of the label's words, Vietnamese typed without
diacritics included (``"dt"`` -> Điện thoại, ``"arv"`` -> ARV, ``"hiv"`` -> HIV_TEST).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from peewee import fn

from ward_desk.services import session
from ward_desk.spec.codes import CODE_LISTS
from ward_desk.textutil import fold

LINKED = {"client_code": "clients", "establishment_id": "establishments", "group_id": "peer_groups"}


@dataclass(frozen=True)
class Choice:
    code: str
    detail: dict  # clients: sex, birth_year, last_contact; others: name, type/kind


def _clients(search: str, limit: int, exact: bool) -> list[Choice]:
    from ward_desk.models.records import Client, Contact

    query = Client.select(Client.id, Client.client_code, Client.sex, Client.birth_year).where(
        Client.deleted_at.is_null())
    if exact:
        query = query.where(Client.client_code == search)
    elif search:
        query = query.where(Client.client_code.startswith(search) | Client.client_code.contains(search))
    rows = list(query.order_by(Client.client_code).limit(limit))
    last = {}
    if rows:
        last = dict(Contact.select(Contact.client, fn.MAX(Contact.date))
                    .where(Contact.client.in_([r.id for r in rows]), Contact.deleted_at.is_null())
                    .group_by(Contact.client).tuples())
    return [Choice(r.client_code, {"sex": r.sex, "birth_year": r.birth_year, "last_contact": _date(last.get(r.id))})
            for r in rows]


def _date(value):
    if isinstance(value, str):  # SQLite hands MAX() back as text
        return dt.date.fromisoformat(value[:10])
    return value


def _named(kind: str, search: str, limit: int, exact: bool) -> list[Choice]:
    from ward_desk.services.records import KINDS

    model = KINDS[kind].model
    other = model.type if kind == "establishments" else model.kind
    query = model.select(model.ref, model.name, other).where(model.deleted_at.is_null())
    if exact:
        query = query.where(model.ref == search)
    elif search:
        query = query.where(model.ref.startswith(search) | model.ref.contains(search) | model.name.contains(search))
    return [Choice(r.ref, {"name": r.name, "type": getattr(r, other.name)}) for r in query.order_by(model.ref)
            .limit(limit)]


def choices(target: str, search: str = "", limit: int = 200) -> list[Choice]:
    """Live records of ``target`` (clients, establishments, peer_groups) whose code holds ``search``."""
    session.require("records.read")
    search = (search or "").strip()
    if target == "clients":
        return _clients(search, limit, False)
    return _named(target, search, limit, False)


def describe(target: str, code: str) -> Choice | None:
    """The one live record of ``target`` with exactly this code, or None."""
    session.require("records.read")
    found = _clients(code, 1, True) if target == "clients" else _named(target, code, 1, True)
    return found[0] if found else None


def codes_of(target: str) -> list[str]:
    """Every live code of ``target``, sorted (for completing a code as it is typed)."""
    session.require("records.read")
    from ward_desk.services.records import KINDS

    field = KINDS[target].ref_field
    model = KINDS[target].model
    return [c for (c,) in model.select(field).where(model.deleted_at.is_null()).order_by(field).tuples()]


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^0-9a-z]+", fold(text)) if w]


def match_code(list_name: str, typed: str) -> str | None:
    """The code of list ``list_name`` that ``typed`` means best, or None: an exact code first, then a label that
    starts so, the initials of a label's words, a code that starts so, a word of a label that starts so."""
    wanted = "".join(_words(typed)) if typed.strip() else ""
    spaced = " ".join(_words(typed))
    if not wanted:
        return None
    best: tuple[int, int, str] | None = None
    code_list = CODE_LISTS[list_name]
    for order, (code, labels) in enumerate(code_list.labels.items()):
        code_words = _words(code.replace("_", " "))
        label_words = [_words(label) for label in labels]
        if "".join(code_words) == wanted:
            score = 0
        elif any(" ".join(words).startswith(spaced) or "".join(words).startswith(wanted) for words in label_words):
            score = 1
        elif any("".join(w[0] for w in words).startswith(wanted) for words in label_words):
            score = 2
        elif "".join(code_words).startswith(wanted):
            score = 3
        elif any(w.startswith(wanted) for words in label_words + [code_words] for w in words):
            score = 4
        else:
            continue
        if best is None or (score, order) < best[:2]:
            best = (score, order, code)
    return best[2] if best else None
