"""Service layer: realistic synthetic ward records for training and trials (``ward-desk demo``). No Qt here.

Seeded, so the same seed and size give the same ward. Codes are pseudonymous (``DM000123``); names of
establishments and groups are made up from a neutral pattern, never real people. The shape follows the work
the brief describes: most clients women, some transgender and some not recorded, a few minors, contacts over
the last two years up to today, referrals with outcomes, loans rejected, disbursed and repaid. Every record is
checked with ``rules.check_record`` before one bulk insert.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from ward_desk import messages
from ward_desk.errors import Problem, ValidationFailed, WardDeskError
from ward_desk.models.records import Client
from ward_desk.services import rules, session
from ward_desk.services.records_io import ImportResult, insert_records

messages.register({
    "demo.not_empty": ("Xã/phường này đã có {count} khách hàng; demo chỉ điền vào một xã/phường trống.",
                       "This ward already has {count} client(s); demo only fills an empty ward."),
})

STAFF = ("Hoa", "Lan", "Mai", "Tuấn", "Hương", "Nam", "Thu", "Minh")
PROVIDERS = ("Trung tâm Y tế", "Phòng khám ngoại trú", "CDC tỉnh", "Trợ giúp pháp lý", "Hội Phụ nữ")
TOPICS = ("HIV/STI", "Sức khỏe sinh sản", "Pháp luật", "Phòng chống bạo lực giới", "Việc làm")


def _pick(rng: random.Random, weights: dict[Any, float]):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def build_demo(clients: int = 500, seed: int = 1, *, today: dt.date | None = None,
               contacts: int | None = None) -> dict[str, list[dict]]:
    """The demo records per RECORDS-1 sheet (no database needed). ``contacts``: exactly that many contacts
    (about 4 a client otherwise), e.g. the benchmarks' 20,000 clients and 100,000 contacts."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    start = today - dt.timedelta(days=730)

    def day(a: dt.date, b: dt.date = today) -> dt.date:
        return a + dt.timedelta(days=rng.randint(0, max(0, (b - a).days)))

    out: dict[str, list[dict]] = {name: [] for name in rules.SHEETS}
    people = []
    for n in range(clients):
        registered = day(start)
        minor = rng.random() < 0.04
        age = rng.randint(14, 17) if minor else rng.randint(18, 58)
        birth_year = None if rng.random() < 0.05 else today.year - age
        client = {"client_code": f"DM{n:06d}", "sex": _pick(rng, {"F": 80, "M": 6, "T": 9, "U": 5}),
                  "birth_year": birth_year, "group": _pick(rng, {"SW": 60, "RISK": 25, "EST_WORKER": 15}),
                  "migrant": _pick(rng, {"Y": 35, "N": 55, None: 10}), "registered_on": registered,
                  "consent_on": registered}
        out["clients"].append(client)
        people.append(client)
    k = 0

    def contact_of(client) -> dict:
        nonlocal k
        k += 1
        channel = _pick(rng, {"DIRECT": 45, "ESTABLISHMENT": 20, "ONLINE": 15, "PHONE": 10, "PEER_MEETING": 10})
        return {"id": f"DK{k:07d}", "client_code": client["client_code"], "date": day(client["registered_on"]),
                "channel": channel, "condoms": rng.randint(0, 30) if channel != "PHONE" else 0,
                "lubricants": rng.randint(0, 10) if channel != "PHONE" else 0, "materials": rng.randint(0, 3),
                "staff": rng.choice(STAFF)}

    for client in people:
        for _ in range(min(12, int(rng.expovariate(1 / 5)))):
            out["contacts"].append(contact_of(client))
    if contacts is not None and people:
        del out["contacts"][contacts:]
        while len(out["contacts"]) < contacts:  # more: a few people are met much more often, as in real work
            out["contacts"].append(contact_of(rng.choice(people)))
        out["contacts"].sort(key=lambda c: c["id"])
    for s in range(max(3, clients // 10)):
        out["sessions"].append({
            "id": f"DS{s:05d}", "date": day(start), "audience": _pick(rng, {
                "SW": 40, "EST_OWNER": 10, "EST_WORKER": 15, "YOUTH": 15, "MIGRANT": 10, "COMMUNITY": 10}),
            "participants_f": rng.randint(3, 30), "participants_m": rng.randint(0, 10),
            "topic": rng.choice(TOPICS), "location": f"Nhà văn hóa tổ {rng.randint(1, 30)}"})
    r = 0
    for client in people:
        for _ in range(int(rng.random() < 0.45) + int(rng.random() < 0.15)):
            r += 1
            referred = day(client["registered_on"])
            status = _pick(rng, {"RECEIVED": 55, "REFERRED": 25, "DECLINED": 10, "LOST": 10})
            out["referrals"].append({
                "id": f"DR{r:06d}", "client_code": client["client_code"], "service": rng.choice(rules.SERVICES),
                "referred_on": referred, "status": status,
                "received_on": min(today, referred + dt.timedelta(days=rng.randint(0, 21)))
                if status == "RECEIVED" else None, "provider": rng.choice(PROVIDERS)})
    loan_n = 0
    for client in people:
        if rng.random() >= 0.06 or (client["birth_year"] and today.year - client["birth_year"] < 18):
            continue
        loan_n += 1
        referred = day(client["registered_on"])
        outcome = _pick(rng, {"pending": 15, "rejected": 20, "approved": 10, "disbursed": 35, "repaid": 20})
        loan = {"id": f"DL{loan_n:05d}", "client_code": client["client_code"],
                "programme": _pick(rng, {"JOB": 50, "POOR": 15, "NEAR_POOR": 15, "ESCAPED": 10, "OTHER": 10}),
                "referred_on": referred, "amount_requested": rng.randint(5, 50) * 1_000_000,
                "approved_on": None, "disbursed_on": None, "amount_disbursed": None, "rejected_on": None,
                "closed_on": None}
        if outcome == "rejected":
            loan["rejected_on"] = min(today, referred + dt.timedelta(days=rng.randint(5, 40)))
        elif outcome != "pending":
            loan["approved_on"] = min(today, referred + dt.timedelta(days=rng.randint(5, 40)))
            if outcome in ("disbursed", "repaid"):
                loan["disbursed_on"] = min(today, loan["approved_on"] + dt.timedelta(days=rng.randint(1, 20)))
                loan["amount_disbursed"] = min(loan["amount_requested"], rng.randint(5, 50) * 1_000_000)
                if outcome == "repaid":
                    loan["closed_on"] = min(today, loan["disbursed_on"] + dt.timedelta(days=rng.randint(60, 400)))
        out["loans"].append(loan)
    a = 0
    for e in range(max(4, clients // 50)):
        listed = day(start - dt.timedelta(days=365), today - dt.timedelta(days=60))
        out["establishments"].append({
            "id": f"DE{e:04d}", "name": f"Cơ sở {e + 1}", "type": _pick(rng, {
                "KARAOKE": 35, "MASSAGE": 30, "HOTEL": 15, "BAR": 8, "CAFE": 7, "OTHER": 5}),
            "address": f"Tổ {rng.randint(1, 30)}", "listed_on": listed,
            "delisted_on": day(listed) if rng.random() < 0.1 else None, "workers": rng.randint(2, 30),
            "commitment_on": day(listed) if rng.random() < 0.6 else None})
        for _ in range(rng.randint(1, 5)):
            a += 1
            kind = _pick(rng, {"VISIT": 70, "TRAINING": 30})
            out["establishment_activities"].append({
                "id": f"DA{a:05d}", "establishment_id": f"DE{e:04d}", "date": day(listed), "kind": kind,
                "owners_trained": rng.randint(0, 2) if kind == "TRAINING" else 0,
                "workers_trained_f": rng.randint(0, 10) if kind == "TRAINING" else 0,
                "workers_trained_m": rng.randint(0, 3) if kind == "TRAINING" else 0})
    m = 0
    for g in range(max(2, clients // 100)):
        founded = day(start - dt.timedelta(days=180), today - dt.timedelta(days=30))
        group_id = f"DG{g:03d}"
        out["peer_groups"].append({"id": group_id, "name": f"Nhóm {g + 1}",
                                   "kind": _pick(rng, {"PEER": 50, "SELF_HELP": 30, "CLUB": 20}),
                                   "founded_on": founded, "dissolved_on": None})
        for client in rng.sample(people, min(len(people), rng.randint(5, 15))):
            joined = day(max(founded, client["registered_on"]))
            out["peer_members"].append({"group_id": group_id, "client_code": client["client_code"],
                                        "joined_on": joined,
                                        "left_on": day(joined) if rng.random() < 0.2 else None})
        meeting = founded
        while meeting <= today:
            m += 1
            out["peer_meetings"].append({"id": f"DM{m:06d}", "group_id": group_id, "date": meeting,
                                         "attendees": rng.randint(3, 15)})
            meeting += dt.timedelta(days=rng.randint(20, 40))
    return out


def fill_demo(clients: int = 500, seed: int = 1, contacts: int | None = None) -> ImportResult:
    """Fill an empty ward with ``build_demo`` records, every one checked by the record rules first."""
    session.require("demo.fill")  # the records go in through records_io.insert_records, one transaction
    existing = Client.select().count()
    if existing:
        raise WardDeskError("demo.not_empty", count=existing)
    rows = build_demo(clients, seed, contacts=contacts)
    problems: list[Problem] = []
    for name, records in rows.items():
        for values in records:
            problems += [p.at(sheet=name) for p in rules.check_record(name, values)]
    if problems:  # a bug in the generator: never store a record the rules refuse
        raise ValidationFailed(problems[:50])
    return insert_records(rows, source=f"demo clients={clients} contacts={len(rows['contacts'])} seed={seed}")
