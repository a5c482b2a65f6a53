"""A reference implementation of WDR-1's counting rules (RETURN-v1 §2, RETURN-v2 §2), for the tests only.

Written from the spec's tables, in plain Python over the rows of a RECORDS-1 workbook: no database, no SQL, no
catalogue file, nothing of ``ward_desk``. The grid's cells, their order and every code list are typed here from
the spec's text, so the engine and this module can only agree by both following the spec. The conformance
tests compare the engine's exported returns with the grids this computes (stored as CSV beside the workbook).

``python -m tests.reference_wdr1`` rewrites the version 2 expected grids from ``records-v2-sample.xlsx``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

SEX = ("F", "M", "T", "U")
AGES = ("U16", "16-17", "18-24", "25-49", "50+", "UNK")
SERVICES = ("HIV_TEST", "PREP", "PEP", "ARV", "STI", "HEPATITIS", "TB", "SRH", "HEALTH_OTHER", "LEGAL", "PSYCH",
            "GBV", "VOCATIONAL", "JOB", "EDUCATION", "SOCIAL")
CHANNELS = ("DIRECT", "ESTABLISHMENT", "ONLINE", "PHONE", "PEER_MEETING")
AUDIENCES = ("SW", "EST_OWNER", "EST_WORKER", "YOUTH", "MIGRANT", "COMMUNITY")
PROGRAMMES = ("JOB", "POOR", "NEAR_POOR", "ESCAPED", "OTHER")
EST_TYPES = ("KARAOKE", "MASSAGE", "HOTEL", "BAR", "CAFE", "OTHER")
GROUP_KINDS = ("PEER", "SELF_HELP", "CLUB")
RESULTS = ("COMPLIANT", "VIOLATION", "NOT_OPERATING")
SANCTIONS = ("NONE", "WARNING", "FINE", "SUSPENDED", "REVOKED")
TOPICS = ("HEALTH", "HIV", "LEGAL", "GBV", "LOAN_JOB", "PSYCH", "OTHER")
GBV_TYPES = ("RAPE", "SEXUAL_ASSAULT", "PHYSICAL_ASSAULT", "FORCED_MARRIAGE", "DENIAL_OF_RESOURCES", "PSYCHOLOGICAL")
TRAINING_AUDIENCES = ("STAFF", "PEER_EDUCATOR", "VOLUNTEER", "OTHER")
PURPOSES = ("STORE", "REFER", "FOLLOW_UP", "GROUP")

SEX_AGE = [(s, a) for s in SEX for a in AGES]
NONE = [("*", "*")]
FM = [("F", "*"), ("M", "*")]
SEX4 = [(s, "*") for s in SEX]

# (code, categories, sex/age cells) in the order of the spec's tables
V1 = [("REACH", ("*",), SEX_AGE), ("REACH_NEW", ("*",), SEX_AGE), ("CONTACTS", CHANNELS, NONE),
      ("COMMODITIES", ("CONDOMS", "LUBRICANTS", "MATERIALS"), NONE), ("SESSIONS", AUDIENCES, NONE),
      ("SESSION_PARTICIPANTS", AUDIENCES, FM), ("REFERRED", SERVICES, SEX_AGE), ("RECEIVED", SERVICES, SEX_AGE),
      ("LOAN_REFERRED", PROGRAMMES, SEX_AGE), ("LOAN_APPROVED", PROGRAMMES, SEX_AGE),
      ("LOAN_DISBURSED", PROGRAMMES, SEX_AGE), ("LOAN_AMOUNT", PROGRAMMES, NONE), ("LOAN_REJECTED", PROGRAMMES, NONE),
      ("LOAN_ACTIVE_END", PROGRAMMES, NONE), ("EST_LISTED_END", EST_TYPES, NONE), ("EST_COMMITMENTS", EST_TYPES, NONE),
      ("EST_OWNERS_TRAINED", EST_TYPES, NONE), ("EST_WORKERS_TRAINED", EST_TYPES, FM),
      ("PEER_GROUPS_END", GROUP_KINDS, NONE), ("PEER_MEMBERS_END", ("*",), SEX_AGE), ("PEER_MEETINGS", GROUP_KINDS, NONE)]
V2 = [("REFERRAL_TURNS", SERVICES, NONE), ("RECEIVED_TURNS", SERVICES, NONE), ("INSPECTIONS", RESULTS, NONE),
      ("EST_INSPECTED", EST_TYPES, NONE), ("EST_SANCTIONS", SANCTIONS, NONE), ("EST_FINES_AMOUNT", ("*",), NONE),
      ("EST_COMMITTED_END", EST_TYPES, NONE), ("HOTLINE_CALLS", TOPICS, SEX4), ("GBV_CASES", GBV_TYPES, NONE),
      ("GBV_SURVIVORS", ("*",), SEX_AGE), ("TRAINED", TRAINING_AUDIENCES, FM), ("CONSENT_WITHDRAWN", PURPOSES, NONE)]


def grid_keys(version: int) -> list[tuple[str, str, str, str]]:
    return [(code, c, s, a) for code, cats, dims in (V1 + (V2 if version >= 2 else [])) for c in cats
            for s, a in dims]


def read_workbook(path) -> dict[str, list[dict]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    out = {}
    for ws in book.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        head = [str(h) for h in rows[0]]
        body = [r for r in rows[1:] if not (r and isinstance(r[0], str) and r[0].startswith("#"))]
        out[ws.title] = [{k: (v.date() if isinstance(v, dt.datetime) else v) for k, v in zip(head, r)}
                         for r in body if any(v is not None for v in r)]
    return out


def _upper(v):
    return v.upper() if isinstance(v, str) else v


def compute(records: dict[str, list[dict]], start: dt.date, end: dt.date, year_start: dt.date,
            version: int = 2) -> dict[tuple, tuple[int, int]]:
    """Every cell's (value, ytd) for the period ``start..end`` whose year to date starts at ``year_start``."""
    R = {name: [{k: _upper(v) if k not in ("name", "staff", "topic_text") else v for k, v in row.items()}
                for row in rows] for name, rows in records.items()}
    clients = {c["client_code"]: c for c in R.get("clients", [])}
    ests = {e["id"]: e for e in R.get("establishments", [])}
    groups = {g["id"]: g for g in R.get("peer_groups", [])}

    def band(code):
        year = clients[code].get("birth_year")
        if year is None:
            return "UNK"
        age = end.year - int(year)
        return "U16" if age < 16 else "16-17" if age < 18 else "18-24" if age < 25 else "25-49" if age < 50 \
            else "50+"

    ranges = ((start, end), (year_start, end))  # value, ytd
    out: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])

    def inside(day, r):
        return day is not None and r[0] <= day <= r[1]

    def persons(code, rows, date, cat=None, where=lambda r: True):
        for i, r in enumerate(ranges):
            seen = set()
            for row in rows:
                if where(row) and inside(row[date], r):
                    who = row["client_code"]
                    seen.add((row[cat] if cat else "*", who))
            for category, who in seen:
                out[(code, category, clients[who]["sex"], band(who))][i] += 1

    def events(code, rows, date, cat, amount=lambda r: 1, where=lambda r: True, sex=None):
        for i, r in enumerate(ranges):
            for row in rows:
                if where(row) and inside(row[date], r):
                    out[(code, cat(row), sex(row) if sex else "*", "*")][i] += amount(row) or 0

    def stock(code, rows, alive, cat, who=None):
        seen = set()
        for row in rows:
            if alive(row):
                seen.add((cat(row), who(row) if who else id(row)))
        for category, person in seen:
            key = (code, category, clients[person]["sex"], band(person)) if who else (code, category, "*", "*")
            out[key][0] += 1
            out[key][1] += 1

    def at_end(since, until):
        return since is not None and since <= end and (until is None or until > end)

    contacts, refs, loans = R.get("contacts", []), R.get("referrals", []), R.get("loans", [])
    persons("REACH", contacts, "date")
    first = {}
    for row in contacts:
        if row["client_code"] not in first or row["date"] < first[row["client_code"]]:
            first[row["client_code"]] = row["date"]
    persons("REACH_NEW", [{"client_code": k, "date": v} for k, v in first.items()], "date")
    events("CONTACTS", contacts, "date", lambda r: r["channel"])
    for cat, col in (("CONDOMS", "condoms"), ("LUBRICANTS", "lubricants"), ("MATERIALS", "materials")):
        events("COMMODITIES", contacts, "date", lambda r, c=cat: c, amount=lambda r, col=col: r[col])
    sessions = R.get("sessions", [])
    events("SESSIONS", sessions, "date", lambda r: r["audience"])
    for sex, col in (("F", "participants_f"), ("M", "participants_m")):
        events("SESSION_PARTICIPANTS", sessions, "date", lambda r: r["audience"], amount=lambda r, c=col: r[c],
               sex=lambda r, s=sex: s)
    persons("REFERRED", refs, "referred_on", "service")
    persons("RECEIVED", refs, "received_on", "service", where=lambda r: r["status"] == "RECEIVED")
    for code, date in (("LOAN_REFERRED", "referred_on"), ("LOAN_APPROVED", "approved_on"),
                       ("LOAN_DISBURSED", "disbursed_on")):
        persons(code, loans, date, "programme")
    events("LOAN_AMOUNT", loans, "disbursed_on", lambda r: r["programme"], amount=lambda r: r["amount_disbursed"])
    events("LOAN_REJECTED", loans, "rejected_on", lambda r: r["programme"])
    stock("LOAN_ACTIVE_END", loans, lambda r: at_end(r["disbursed_on"], r["closed_on"]), lambda r: r["programme"])
    listed = {k for k, e in ests.items() if at_end(e["listed_on"], e.get("delisted_on"))}
    stock("EST_LISTED_END", list(ests.values()), lambda e: e["id"] in listed, lambda e: e["type"])
    commitments = R.get("commitments", [])
    if version >= 2:  # commitments signed in P, by the establishment's type
        events("EST_COMMITMENTS", commitments, "signed_on", lambda r: ests[r["establishment_id"]]["type"])
    else:
        events("EST_COMMITMENTS", list(ests.values()), "commitment_on", lambda e: e["type"])
    acts = R.get("establishment_activities", [])
    events("EST_OWNERS_TRAINED", acts, "date", lambda r: ests[r["establishment_id"]]["type"],
           amount=lambda r: r["owners_trained"])
    for sex, col in (("F", "workers_trained_f"), ("M", "workers_trained_m")):
        events("EST_WORKERS_TRAINED", acts, "date", lambda r: ests[r["establishment_id"]]["type"],
               amount=lambda r, c=col: r[c], sex=lambda r, s=sex: s)
    live_groups = {k for k, g in groups.items() if at_end(g["founded_on"], g.get("dissolved_on"))}
    stock("PEER_GROUPS_END", list(groups.values()), lambda g: g["id"] in live_groups, lambda g: g["kind"])
    stock("PEER_MEMBERS_END", R.get("peer_members", []),
          lambda m: m["group_id"] in live_groups and at_end(m["joined_on"], m.get("left_on")), lambda m: "*",
          who=lambda m: m["client_code"])
    events("PEER_MEETINGS", R.get("peer_meetings", []), "date", lambda r: groups[r["group_id"]]["kind"])
    if version >= 2:
        events("REFERRAL_TURNS", refs, "referred_on", lambda r: r["service"])
        events("RECEIVED_TURNS", refs, "received_on", lambda r: r["service"], where=lambda r: r["status"] == "RECEIVED")
        insp = R.get("inspections", [])
        events("INSPECTIONS", insp, "date", lambda r: r["result"])
        for i, r in enumerate(ranges):
            for eid in {row["establishment_id"] for row in insp if inside(row["date"], r)}:
                out[("EST_INSPECTED", ests[eid]["type"], "*", "*")][i] += 1
        events("EST_SANCTIONS", insp, "date", lambda r: r["sanction"], where=lambda r: r["result"] == "VIOLATION")
        events("EST_FINES_AMOUNT", insp, "date", lambda r: "*", amount=lambda r: r["fine_amount"])
        in_force = {c["establishment_id"] for c in commitments if c["establishment_id"] in listed
                    and c["signed_on"] <= end and (c.get("valid_until") is None or c["valid_until"] >= end)
                    and (c.get("withdrawn_on") is None or c["withdrawn_on"] > end)}
        stock("EST_COMMITTED_END", [ests[e] for e in in_force], lambda e: True, lambda e: e["type"])
        events("HOTLINE_CALLS", R.get("hotline_calls", []), "date", lambda r: r["topic"], sex=lambda r: r["sex"])
        gbv = R.get("gbv_cases", [])
        events("GBV_CASES", gbv, "reported_on", lambda r: r["type"])
        persons("GBV_SURVIVORS", gbv, "reported_on")
        trainings = R.get("trainings", [])
        for sex, col in (("F", "participants_f"), ("M", "participants_m")):
            events("TRAINED", trainings, "date", lambda r: r["audience"], amount=lambda r, c=col: r[c],
                   sex=lambda r, s=sex: s)
        events("CONSENT_WITHDRAWN", R.get("consents", []), "withdrawn_on", lambda r: r["purpose"])
    keys = grid_keys(version)
    unknown = set(out) - set(keys)
    assert not unknown, sorted(unknown)[:5]
    return {k: tuple(out.get(k, (0, 0))) for k in keys}


CONFORMANCE = Path(__file__).resolve().parent / "data" / "conformance"
V2_GRIDS = {  # file -> (period, start, end, year start), calendar basis
    "expected-v2-2026-10-calendar.csv": ("2026-10", dt.date(2026, 10, 1), dt.date(2026, 10, 31), dt.date(2026, 1, 1)),
    "expected-v2-2026-calendar.csv": ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 1, 1)),
}


def write_expected() -> None:
    records = read_workbook(CONFORMANCE / "records-v2-sample.xlsx")
    for name, (_period, start, end, year_start) in V2_GRIDS.items():
        grid = compute(records, start, end, year_start, 2)
        with open(CONFORMANCE / name, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["indicator", "category", "sex", "age", "value", "ytd"])
            for key, (v, y) in grid.items():
                w.writerow([*key, v, y])


if __name__ == "__main__":
    write_expected()
