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


TRAINING_TOPICS = ("Kỹ năng tiếp cận cộng đồng", "Phòng chống bạo lực giới", "Quy trình kiểm tra cơ sở",
                   "Bảo vệ dữ liệu cá nhân", "Tư vấn xét nghiệm HIV")


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
                  "migrant": _pick(rng, {"Y": 35, "N": 55, None: 10}), "registered_on": registered}
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
    committed: list[tuple[str, dt.date]] = []
    for e in range(max(4, clients // 50)):
        listed = day(start - dt.timedelta(days=365), today - dt.timedelta(days=60))
        out["establishments"].append({
            "id": f"DE{e:04d}", "name": f"Cơ sở {e + 1}", "type": _pick(rng, {
                "KARAOKE": 35, "MASSAGE": 30, "HOTEL": 15, "BAR": 8, "CAFE": 7, "OTHER": 5}),
            "address": f"Tổ {rng.randint(1, 30)}", "listed_on": listed,
            "delisted_on": day(listed) if rng.random() < 0.1 else None, "workers": rng.randint(2, 30)})
        if rng.random() < 0.6:  # drawn as version 1's commitment_on was, so the version 1 figures stay as they were
            committed.append((f"DE{e:04d}", day(listed)))
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
    _version_2(out, random.Random(seed * 7919 + 2), day, today, start, committed)
    return out


def _version_2(out: dict[str, list[dict]], rng: random.Random, day, today: dt.date, start: dt.date,
               committed: list[tuple[str, dt.date]]) -> None:
    """The records of version 2 (RETURN-v2 §1), from their own random stream so that version 1's stay the same:
    commitments with their history, 178 inspections, consents per purpose, hotline calls, GBV cases, trainings."""
    establishments = {e["id"]: e for e in out["establishments"]}
    for est_id, signed in committed:
        valid = signed + dt.timedelta(days=365) if rng.random() < 0.5 else None
        withdrawn = day(signed) if rng.random() < 0.08 else None
        out["commitments"].append({"id": f"{est_id}-C1", "establishment_id": est_id, "signed_on": signed,
                                   "signatory": _pick(rng, {"OWNER": 80, "MANAGER": 20}),
                                   "valid_until": valid, "withdrawn_on": withdrawn})
        if valid is not None and valid < today and rng.random() < 0.7:  # renewed when the first one ran out
            out["commitments"].append({"id": f"{est_id}-C2", "establishment_id": est_id, "signed_on": valid,
                                       "signatory": "OWNER", "valid_until": None, "withdrawn_on": None})
    i = 0
    for est_id, est in establishments.items():
        for _ in range(rng.randint(0, 4)):
            i += 1
            result = _pick(rng, {"COMPLIANT": 65, "VIOLATION": 25, "NOT_OPERATING": 10})
            sanction = _pick(rng, {"WARNING": 45, "FINE": 40, "SUSPENDED": 10, "REVOKED": 5}) \
                if result == "VIOLATION" else None
            out["inspections"].append({
                "id": f"DI{i:05d}", "establishment_id": est_id, "date": day(max(est["listed_on"], start)),
                "team": _pick(rng, {"W178": 60, "P178": 15, "POLICE": 20, "OTHER": 5}), "result": result,
                "sanction": sanction,
                "fine_amount": rng.randint(2, 40) * 500_000 if sanction == "FINE" else None})
    referred = {r["client_code"] for r in out["referrals"]}
    members = {m["client_code"] for m in out["peer_members"]}
    c = 0

    def consent(code: str, purpose: str, given: dt.date, withdrawn: dt.date | None = None) -> None:
        nonlocal c
        c += 1
        out["consents"].append({"id": f"{code}-{purpose[0]}1", "client_code": code, "purpose": purpose,
                                "given_on": given, "withdrawn_on": withdrawn,
                                "form": _pick(rng, {"PAPER": 70, "VERBAL_WITNESSED": 30})})

    for client in out["clients"]:
        code, registered = client["client_code"], client["registered_on"]
        consent(code, "STORE", registered, day(registered) if rng.random() < 0.02 else None)
        if code in referred and rng.random() < 0.9:
            consent(code, "REFER", registered)
        if code in members and rng.random() < 0.85:
            consent(code, "GROUP", registered)
        if rng.random() < 0.3:
            consent(code, "FOLLOW_UP", registered)
    for h in range(max(5, len(out["clients"]) // 5)):
        caller = _pick(rng, {"SW": 45, "EST_WORKER": 15, "EST_OWNER": 5, "FAMILY": 10, "COMMUNITY": 15, "UNKNOWN": 10})
        client = rng.choice(out["clients"]) if caller == "SW" and out["clients"] and rng.random() < 0.15 else None
        out["hotline_calls"].append({
            "id": f"DH{h:05d}", "date": day(max(start, client["registered_on"]) if client else start),
            "caller": caller, "sex": client["sex"] if client else _pick(rng, {"F": 70, "M": 15, "T": 5, "U": 10}),
            "topic": _pick(rng, {"HEALTH": 25, "HIV": 15, "LEGAL": 15, "GBV": 10, "LOAN_JOB": 15, "PSYCH": 10,
                                 "OTHER": 10}),
            "referred": _pick(rng, {"Y": 30, "N": 60, None: 10}),
            "client_code": client["client_code"] if client else None, "staff": rng.choice(STAFF)})
    g = 0
    for client in out["clients"]:
        if rng.random() < 0.03:
            g += 1
            out["gbv_cases"].append({
                "id": f"DV{g:04d}", "client_code": client["client_code"], "reported_on": day(client["registered_on"]),
                "type": _pick(rng, {"PHYSICAL_ASSAULT": 35, "PSYCHOLOGICAL": 25, "SEXUAL_ASSAULT": 15, "RAPE": 8,
                                    "DENIAL_OF_RESOURCES": 12, "FORCED_MARRIAGE": 5}),
                "perpetrator": _pick(rng, {"INTIMATE_PARTNER": 35, "CLIENT": 30, "EST_OWNER_STAFF": 10,
                                           "AUTHORITY": 3, "FAMILY": 10, "OTHER": 7, "UNKNOWN": 5}),
                "consent_to_refer": _pick(rng, {"Y": 70, "N": 30})})
    for t in range(max(3, len(out["clients"]) // 50)):
        audience = _pick(rng, {"STAFF": 40, "PEER_EDUCATOR": 35, "VOLUNTEER": 15, "OTHER": 10})
        out["trainings"].append({
            "id": f"DT{t:04d}", "date": day(start), "audience": audience,
            "participants_f": rng.randint(5, 30), "participants_m": rng.randint(0, 20 if audience == "STAFF" else 5),
            "topic": rng.choice(TRAINING_TOPICS)})


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
