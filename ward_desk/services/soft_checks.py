"""Service layer: soft checks: what is probably a slip of the pen but may be true. No Qt here.

A rule (``services.rules``) refuses; a soft check only warns, says why and what to do, and the clerk may save
anyway: the form asks ("Lưu vẫn lưu"), ``records.save_record(..., check_warnings=True)`` refuses until the
warnings are accepted and then writes them into the record's audit entry, and ``records import`` lists them
after importing. Each warning is a ``Problem`` (code ``warn.*``) on the field to look at.

- the same slip keyed twice: a live contact of the same client, date and channel; a meeting of the same group
  on the same day;
- a meeting's attendees far above the group's members;
- a contact, referral or loan dated long before the client's registration;
- unusually large counts (``LARGE``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ward_desk import messages
from ward_desk.errors import Problem

EARLY_DAYS = 30  # a date this many days or more before registration is "long before"
# column -> the largest value that is still usual on one slip
LARGE: dict[str, int] = {
    "condoms": 200, "lubricants": 100, "materials": 50, "participants_f": 150, "participants_m": 150,
    "attendees": 100, "workers": 300, "owners_trained": 50, "workers_trained_f": 150, "workers_trained_m": 150,
    "amount_requested": 500_000_000, "amount_disbursed": 500_000_000,
}

messages.register({
    "warn.same_contact": ("đã có phiếu {ref} cùng khách hàng, cùng ngày {date} và cùng hình thức: có thể phiếu "
                          "này đã nhập rồi. Kiểm tra lại phiếu giấy; nếu là hai lần gặp khác nhau thì cứ lưu.",
                          "contact {ref} has the same client, date {date} and channel: this slip may already be "
                          "keyed. Check the paper slip; if these are two different meetings, save anyway."),
    "warn.same_meeting": ("nhóm này đã có buổi sinh hoạt {ref} ngày {date}: có thể phiếu này đã nhập rồi.",
                          "this group already has meeting {ref} on {date}: this slip may already be keyed."),
    "warn.attendees": ("{value} người dự, nhiều hơn hẳn {members} thành viên của nhóm. Kiểm tra lại số trên phiếu.",
                       "{value} attendees, far more than the group's {members} members. Check the number on "
                       "the slip."),
    "warn.before_registration": ("ngày {date} trước ngày đăng ký của khách hàng ({registered}) hơn {days} ngày. "
                                 "Kiểm tra lại ngày hoặc mã khách hàng.",
                                 "date {date} is more than {days} days before the client's registration "
                                 "({registered}). Check the date or the client code."),
    "warn.large": ("{value} lớn bất thường (thường không quá {limit}). Kiểm tra lại số trên phiếu.",
                   "{value} is unusually large (usually at most {limit}). Check the number on the slip."),
})


def _day(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)


def _money(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def check(kind: str, values: dict[str, Any], record_id: int | None = None, *,
          same_file: list[dict[str, Any]] | None = None) -> list[Problem]:
    """Warnings for parsed ``values`` of ``kind`` (``record_id``: the record being changed, not its own twin).

    ``same_file``: rows of the same kind imported together, compared as if they were stored already.
    """
    from ward_desk.models.records import Client, Contact, PeerGroup, PeerMeeting, PeerMember

    warnings = large_warnings(values)

    if kind == "contacts" and values.get("client_code") and values.get("date") and values.get("channel"):
        twin = (Contact.select(Contact.ref).join(Client)
                .where(Client.client_code == values["client_code"], Contact.date == values["date"],
                       Contact.channel == values["channel"], Contact.deleted_at.is_null()))
        if record_id is not None:
            twin = twin.where(Contact.id != record_id)
        found = twin.first()
        ref = found.ref if found else next(
            (row.get("id") or "?" for row in same_file or () if row is not values
             and all(row.get(c) == values.get(c) for c in ("client_code", "date", "channel"))), None)
        if ref:
            warnings.append(Problem("warn.same_contact", {"ref": ref, "date": _day(values["date"])}, field="date"))

    if kind == "peer_meetings" and values.get("group_id") and values.get("date"):
        twin = (PeerMeeting.select(PeerMeeting.ref).join(PeerGroup)
                .where(PeerGroup.ref == values["group_id"], PeerMeeting.date == values["date"],
                       PeerMeeting.deleted_at.is_null()))
        if record_id is not None:
            twin = twin.where(PeerMeeting.id != record_id)
        found = twin.first()
        ref = found.ref if found else next(
            (row.get("id") or "?" for row in same_file or () if row is not values
             and row.get("group_id") == values["group_id"] and row.get("date") == values["date"]), None)
        if ref:
            warnings.append(Problem("warn.same_meeting", {"ref": ref, "date": _day(values["date"])}, field="date"))
        attendees = values.get("attendees")
        if isinstance(attendees, int):
            members = (PeerMember.select().join(PeerGroup)
                       .where(PeerGroup.ref == values["group_id"], PeerMember.deleted_at.is_null(),
                              PeerMember.left_on.is_null() | (PeerMember.left_on >= values["date"]))
                       .count())
            if members and attendees > max(2 * members, members + 5):
                warnings.append(Problem("warn.attendees", {"value": attendees, "members": members},
                                        field="attendees"))

    date_column = {"contacts": "date", "referrals": "referred_on", "loans": "referred_on"}.get(kind)
    if date_column and values.get("client_code") and isinstance(values.get(date_column), dt.date):
        client = Client.get_or_none(Client.client_code == values["client_code"])
        registered = client.registered_on if client else None
        if registered and (registered - values[date_column]).days >= EARLY_DAYS:
            warnings.append(Problem("warn.before_registration", {
                "date": _day(values[date_column]), "registered": _day(registered), "days": EARLY_DAYS},
                field=date_column))
    return warnings


def large_warnings(values: dict[str, Any], columns=LARGE) -> list[Problem]:
    """The ``warn.large`` warnings of ``values`` (``check``'s first step), looking only at ``columns``."""
    warnings: list[Problem] = []
    for column in columns:
        value = values.get(column)
        if isinstance(value, int) and not isinstance(value, bool) and value > LARGE[column]:
            shown = _money if column.startswith("amount") else str
            warnings.append(Problem("warn.large", {"value": shown(value), "limit": shown(LARGE[column])},
                                    field=column))
    return warnings


_CHUNK = 500  # values bound in one ``IN (...)``: well under SQLite's and PostgreSQL's limits


def check_rows(kind: str, rows: list[dict[str, Any]]) -> list[list[Problem]]:
    """``check(kind, values, same_file=rows)`` for each of ``rows``, the same warnings in the same order, with the
    database read once for all of them (an import's rows) instead of once or twice per row."""
    from ward_desk.models.records import Client, Contact

    date_column = {"contacts": "date", "referrals": "referred_on", "loans": "referred_on"}.get(kind)
    if kind not in ("contacts", "referrals", "loans"):  # a meeting's checks read the group: as ``check`` does
        return [check(kind, values, same_file=rows) for values in rows]
    codes = sorted({values["client_code"] for values in rows if values.get("client_code")})
    registered: dict[str, Any] = {}
    twins: dict[tuple, str] = {}
    for start in range(0, len(codes), _CHUNK):
        chunk = codes[start:start + _CHUNK]
        # ``Client.get_or_none(client_code == code)``: any stored client, live or in the recycle bin
        registered.update(Client.select(Client.client_code, Client.registered_on)
                          .where(Client.client_code.in_(chunk)).tuples())
        if kind == "contacts":
            for ref, code, day, channel in (Contact.select(Contact.ref, Client.client_code, Contact.date,
                                                           Contact.channel).join(Client)
                                            .where(Client.client_code.in_(chunk), Contact.deleted_at.is_null())
                                            .order_by(Contact.id).tuples()):
                twins.setdefault((code, day, channel), ref)
    # the first two rows of the file with each (client, date, channel): a row's twin is the first that is not it
    in_file: dict[tuple, list[int]] = {}
    if kind == "contacts":
        for i, values in enumerate(rows):
            if values.get("client_code") and values.get("date") and values.get("channel"):
                seen = in_file.setdefault((values["client_code"], values["date"], values["channel"]), [])
                if len(seen) < 2:
                    seen.append(i)
    out: list[list[Problem]] = []
    for i, values in enumerate(rows):
        warnings = large_warnings(values)
        if kind == "contacts" and values.get("client_code") and values.get("date") and values.get("channel"):
            key = (values["client_code"], values["date"], values["channel"])
            ref = twins.get(key)
            if not ref:
                other = next((j for j in in_file.get(key, ()) if j != i), None)
                ref = None if other is None else (rows[other].get("id") or "?")
            if ref:
                warnings.append(Problem("warn.same_contact", {"ref": ref, "date": _day(values["date"])},
                                        field="date"))
        if date_column and values.get("client_code") and isinstance(values.get(date_column), dt.date):
            day = registered.get(values["client_code"])
            if day and (day - values[date_column]).days >= EARLY_DAYS:
                warnings.append(Problem("warn.before_registration", {
                    "date": _day(values[date_column]), "registered": _day(day), "days": EARLY_DAYS},
                    field=date_column))
        out.append(warnings)
    return out
