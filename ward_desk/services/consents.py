"""Service layer: consent per purpose (RETURN-v2 §1, the Personal Data Protection Law 91/2025 and Decree
356/2025). No Qt here.

A consent is accepted or not by the record rules like any record; what this module adds are the **consent
warnings**, which never refuse a record: a referral whose client had no ``REFER`` consent in force on its
``referred_on``, a peer membership without a ``GROUP`` consent, a client whose ``STORE`` consent is withdrawn.
The forms show them before saving, ``records import`` lists them, and a supervisor has the list of clients whose
storing consent was withdrawn, to review (erase, or record a new consent).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ward_desk import messages
from ward_desk.errors import Problem
from ward_desk.models.records import Client, Consent
from ward_desk.services import session

messages.register({
    "consent.no_refer": ("khách hàng {client} chưa có sự đồng ý chia sẻ để chuyển gửi (REFER) còn hiệu lực vào "
                         "ngày {date}",
                         "client {client} had no consent to share for a referral (REFER) in force on {date}"),
    "consent.no_group": ("khách hàng {client} chưa có sự đồng ý ghi tên thành viên nhóm (GROUP)",
                         "client {client} has no consent to be listed as a peer group member (GROUP)"),
    "consent.store_withdrawn": ("khách hàng {client} đã rút lại sự đồng ý lưu giữ hồ sơ (STORE) ngày {date}; "
                                "giám sát viên cần xem lại",
                                "client {client} withdrew the consent to keep their records (STORE) on {date}; "
                                "a supervisor needs to review it"),
})

NEEDS = {"referrals": ("REFER", "referred_on"), "peer_members": ("GROUP", "joined_on")}


@dataclass(frozen=True)
class Given:
    """One consent as the warnings read it."""

    purpose: str
    given_on: dt.date
    withdrawn_on: dt.date | None
    ref: str = ""


def in_force(consents: Iterable[Given], purpose: str, day: dt.date) -> bool:
    """A consent for ``purpose`` given on or before ``day`` and not withdrawn by it."""
    return any(c.purpose == purpose and c.given_on <= day and (c.withdrawn_on is None or c.withdrawn_on > day)
               for c in consents)


def ever_given(consents: Iterable[Given], purpose: str, day: dt.date) -> bool:
    """A consent for ``purpose`` not withdrawn on or before ``day`` (given before or after it)."""
    return any(c.purpose == purpose and (c.withdrawn_on is None or c.withdrawn_on > day) for c in consents)


def withdrawn_store(consents: Iterable[Given]) -> dt.date | None:
    """The day the client's storing consent was withdrawn, when no STORE consent is in force any more."""
    store = [c for c in consents if c.purpose == "STORE"]
    if not store or any(c.withdrawn_on is None for c in store):
        return None
    return max(c.withdrawn_on for c in store)


def stored_consents(client_codes: Iterable[str] | None = None) -> dict[str, list[Given]]:
    """client code -> their live consents (of live clients), read in one query."""
    query = (Consent.select(Client.client_code, Consent.purpose, Consent.given_on, Consent.withdrawn_on, Consent.ref)
             .join(Client).where(Consent.deleted_at.is_null(), Client.deleted_at.is_null()))
    if client_codes is not None:
        codes = sorted(set(client_codes))
        if not codes:
            return {}
        if len(codes) <= 500:
            query = query.where(Client.client_code.in_(codes))
    out: dict[str, list[Given]] = {}
    # one plain cursor (an import reads every consent of the ward): dates as the database gives them, made dates
    # by ``_day``, without peewee's per-field conversion of each row
    for code, purpose, given, withdrawn, ref in Consent._meta.database.execute(query).fetchall():
        out.setdefault(code, []).append(Given(purpose, _day(given), _day(withdrawn), ref))
    return out


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def warnings_for(kind: str, values: dict[str, Any], consents: dict[str, list[Given]] | None = None
                 ) -> list[Problem]:
    """The consent warnings of one record about to be saved (``values``: RECORDS-1 column keys, parsed).
    ``consents``: the client's consents when the caller has them (an import); read from the database if not."""
    code = values.get("client_code")
    if code is None:
        return []
    if consents is None:
        consents = stored_consents([code])
    mine = consents.get(code, [])
    if kind in NEEDS:
        purpose, date_key = NEEDS[kind]
        day = values.get(date_key)
        if not isinstance(day, dt.date):
            return []
        if kind == "referrals" and not in_force(mine, purpose, day):
            return [Problem("consent.no_refer", {"client": code, "date": day.isoformat()}, field="client_code")]
        if kind == "peer_members" and not ever_given(mine, purpose, day):
            return [Problem("consent.no_group", {"client": code}, field="client_code")]
        return []
    if kind == "consents" and values.get("purpose") == "STORE":
        if values.get("withdrawn_on") is None:  # a STORE consent in force: storing is consented
            return []
        others = [c for c in mine if c.ref != values.get("id")]
        me = Given("STORE", values.get("given_on") or dt.date.min, values.get("withdrawn_on"), values.get("id") or "")
        withdrawn = withdrawn_store([*others, me])
        if withdrawn is not None:
            return [Problem("consent.store_withdrawn", {"client": code, "date": withdrawn.isoformat()},
                            field="withdrawn_on")]
    return []


@dataclass(frozen=True)
class Withdrawn:
    client_id: int
    client_code: str
    withdrawn_on: dt.date


def withdrawn_store_clients() -> list[Withdrawn]:
    """Live clients whose STORE consent was withdrawn (none in force any more), latest withdrawal first: for a
    supervisor to review. Needs ``consents.review``."""
    session.require("consents.review")
    ids = dict(Client.select(Client.client_code, Client.id).where(Client.deleted_at.is_null()).tuples())
    out = []
    for code, given in stored_consents().items():
        day = withdrawn_store(given)
        if day is not None:
            out.append(Withdrawn(ids[code], code, day))
    return sorted(out, key=lambda w: (w.withdrawn_on, w.client_code), reverse=True)


def suggested_id(client_code: str, purpose: str) -> str:
    """The id a new consent is offered: ``<client code>-<purpose letter><n>`` (``HK-0001-R1``), the first free n
    (the upgrade names a version 1 consent ``-S1`` the same way)."""
    from ward_desk.spec.records import ID_LENGTH

    taken = {r for (r,) in Consent.select(Consent.ref).where(Consent.ref.startswith(client_code)).tuples()}
    n = 1
    while True:
        suffix = f"-{purpose[0]}{n}"
        candidate = client_code[:ID_LENGTH - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        n += 1
