"""Make ``conformance/records-v2-sample.xlsx``: the version 1 conformance sample moved to RECORDS-1 v2 (its
``commitment_on`` and ``consent_on`` become ``commitments`` and ``consents`` rows, as RETURN-v2 §1 says) plus
the version 2 sheets, filled deterministically with the edge cases of RETURN-v2 §2's counting rules.

Run from the repository root: ``python tests/data/make_records_v2_sample.py``; then regenerate the expected grids
with ``python -m tests.reference_wdr1``. The file is data: the tests read it, they never rebuild it.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent / "conformance"
D = dt.date


def _rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _day(value):
    return value.date() if isinstance(value, dt.datetime) else value


def build() -> openpyxl.Workbook:
    rng = random.Random(20261206)
    source = openpyxl.load_workbook(HERE / "records-sample.xlsx")
    sheets = {ws.title: _rows(ws) for ws in source}
    clients = sheets["clients"]
    ci = clients[0].index("consent_on")
    consents = [["id", "client_code", "purpose", "given_on", "withdrawn_on", "form"]]
    for row in clients[1:]:
        if row[ci] is not None:
            consents.append([f"{row[0]}-S1", row[0], "STORE", _day(row[ci]), None, "PAPER"])
    sheets["clients"] = [r[:ci] + r[ci + 1:] for r in clients]
    codes = [r[0] for r in clients[1:]]
    # purposes other than storing, some withdrawn: in October 2026, earlier in 2026, on the last day of October
    for n, code in enumerate(codes[:40]):
        purpose = ("REFER", "FOLLOW_UP", "GROUP")[n % 3]
        given = D(2026, 1 + n % 9, 1 + n % 27)
        withdrawn = (D(2026, 10, 1 + n % 31) if n % 4 == 0 else D(2026, 10, 31) if n % 7 == 1
                     else D(2026, 11, 2) if n % 5 == 2 else None)
        if withdrawn is not None and withdrawn < given:
            withdrawn = None
        consents.append([f"{code}-P{n}", code, purpose, given, withdrawn, "VERBAL_WITNESSED" if n % 2 else None])
    consents.append([f"{codes[41]}-S2", codes[41], "STORE", D(2025, 12, 20), D(2026, 10, 15), "PAPER"])
    sheets["consents"] = consents

    est = sheets["establishments"]
    ei = est[0].index("commitment_on")
    commitments = [["id", "establishment_id", "signed_on", "signatory", "valid_until", "withdrawn_on"]]
    for row in est[1:]:
        if row[ei] is not None:
            commitments.append([f"{row[0]}-C1", row[0], _day(row[ei]), "OWNER", None, None])
    # more establishments, one of them delisted in October
    extra = [["TE0100", "Karaoke Hoa Sen", "KARAOKE", None, D(2025, 6, 1), None, 12, None],
             ["TE0101", "Massage Thanh Xuân", "MASSAGE", "Ngõ 12", D(2025, 9, 15), D(2026, 10, 20), 8, None],
             ["TE0102", "Nhà nghỉ Bình An", "HOTEL", None, D(2026, 1, 10), None, 5, None],
             ["TE0103", "Bar Sông Hồng", "BAR", None, D(2026, 3, 3), None, 15, None],
             ["TE0104", "Cà phê Gió", "CAFE", None, D(2026, 10, 31), None, 4, None],
             ["TE0105", "Karaoke Ánh Sao", "KARAOKE", None, D(2026, 11, 5), None, 9, None]]
    est.extend(extra)
    sheets["establishments"] = [r[:ei] + r[ei + 1:] for r in est]
    end = D(2026, 10, 31)
    commitments += [
        ["TE0100-C1", "TE0100", D(2025, 7, 1), "OWNER", D(2026, 6, 30), None],  # expired before October
        ["TE0100-C2", "TE0100", D(2026, 7, 1), "MANAGER", end, None],  # valid until the last day: in force
        ["TE0100-C3", "TE0100", D(2026, 10, 5), "OWNER", None, None],  # a second in force: counted once
        ["TE0101-C1", "TE0101", D(2026, 2, 1), "OWNER", None, None],  # its establishment delisted on 20 Oct
        ["TE0102-C1", "TE0102", D(2026, 3, 1), "OWNER", None, end],  # withdrawn on the last day: not in force
        ["TE0103-C1", "TE0103", D(2026, 10, 10), "OWNER", D(2026, 10, 30), None],  # ran out the day before
        ["TE0103-C2", "TE0103", D(2026, 4, 1), "MANAGER", None, D(2026, 11, 3)],  # withdrawn after the end
        ["TE0104-C1", "TE0104", end, "OWNER", D(2026, 11, 30), None],  # listed and signed on the last day
        ["TE0105-C1", "TE0105", D(2026, 11, 5), "OWNER", None, None],  # after October
    ]
    sheets["commitments"] = commitments

    est_ids = [r[0] for r in sheets["establishments"][1:]]
    listed = {r[0]: _day(r[4]) for r in sheets["establishments"][1:]}
    inspections = [["id", "establishment_id", "date", "team", "result", "sanction", "fine_amount"]]
    for n in range(60):
        eid = est_ids[n % len(est_ids)]
        day = listed[eid] + dt.timedelta(days=rng.randint(0, 330))
        day = min(day, D(2026, 11, 30))
        if n % 6 == 0:
            day = D(2026, 10, 1 + n % 31)
        day = max(day, listed[eid])  # never before the establishment was listed
        result = ("COMPLIANT", "VIOLATION", "NOT_OPERATING", "VIOLATION")[n % 4]
        sanction = ("NONE", "WARNING", "FINE", "SUSPENDED", "REVOKED", "FINE")[n % 6] if result == "VIOLATION" \
            else None
        fine = 1_500_000 * (1 + n % 7) if sanction == "FINE" else None
        inspections.append([f"TI{n:04d}", eid, day, ("W178", "P178", "POLICE", "OTHER")[n % 4], result, sanction,
                            fine])
    sheets["inspections"] = inspections

    calls = [["id", "date", "caller", "sex", "topic", "referred", "client_code", "staff"]]
    topics = ("HEALTH", "HIV", "LEGAL", "GBV", "LOAN_JOB", "PSYCH", "OTHER")
    for n in range(90):
        day = D(2026, 10, 1 + n % 31) if n % 3 == 0 else D(2026, 1 + n % 11, 1 + n % 28)
        calls.append([f"TH{n:04d}", day, ("SW", "EST_WORKER", "EST_OWNER", "FAMILY", "COMMUNITY", "UNKNOWN")[n % 6],
                      "FMTU"[(n // 2) % 4], topics[n % 7], ("Y", "N", None)[n % 3],
                      codes[n] if n % 10 == 0 else None, "Lan" if n % 2 else None])
    calls.append(["TH9999", D(2025, 12, 31), "SW", "F", "HIV", "N", None, None])  # last year: never counted
    sheets["hotline_calls"] = calls

    gbv = [["id", "client_code", "reported_on", "type", "perpetrator", "consent_to_refer"]]
    types = ("RAPE", "SEXUAL_ASSAULT", "PHYSICAL_ASSAULT", "FORCED_MARRIAGE", "DENIAL_OF_RESOURCES", "PSYCHOLOGICAL")
    perps = ("INTIMATE_PARTNER", "CLIENT", "EST_OWNER_STAFF", "AUTHORITY", "FAMILY", "OTHER", "UNKNOWN")
    for n in range(30):
        code = codes[(n * 7) % 25]  # the same survivor more than once
        day = D(2026, 10, 2 + n % 28) if n % 2 == 0 else D(2026, 1 + n % 9, 3 + n % 25)
        gbv.append([f"TV{n:04d}", code, day, types[n % 6], perps[n % 7], ("Y", "N", None)[n % 3]])
    sheets["gbv_cases"] = gbv

    trainings = [["id", "date", "audience", "participants_f", "participants_m", "topic"]]
    for n in range(14):
        day = D(2026, 10, 3 + n) if n % 3 == 0 else D(2026, 1 + n % 11, 10)
        trainings.append([f"TT{n:03d}", day, ("STAFF", "PEER_EDUCATOR", "VOLUNTEER", "OTHER")[n % 4],
                          3 + n % 9, n % 5, "Nghị định 356/2025" if n % 2 else None])
    sheets["trainings"] = trainings

    # a few more referrals received in October, so the turns exceed the persons
    refs = sheets["referrals"]
    for n in range(12):
        refs.append([f"TR9{n:05d}", codes[n % 4], ("HIV_TEST", "LEGAL", "GBV")[n % 3], D(2026, 10, 1 + n),
                     "RECEIVED" if n % 2 else "REFERRED", D(2026, 10, 5 + n) if n % 2 else None, "CDC"])

    order = ["clients", "contacts", "sessions", "referrals", "loans", "establishments", "establishment_activities",
             "peer_groups", "peer_members", "peer_meetings", "inspections", "commitments", "hotline_calls",
             "gbv_cases", "consents", "trainings"]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in order:
        ws = book.create_sheet(name)
        for row in sheets[name]:
            ws.append([_day(v) for v in row])
    return book


if __name__ == "__main__":
    build().save(HERE / "records-v2-sample.xlsx")
    print(HERE / "records-v2-sample.xlsx")
