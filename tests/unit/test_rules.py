"""Every record rule of RETURN-v1 §1 that one record can break, with its field and wording."""

from __future__ import annotations

import datetime as dt

import pytest

from ward_desk.services import rules

TODAY = dt.date(2026, 6, 15)


def problems(kind, raw, today=TODAY):
    return [(p.field, p.code) for p in rules.validate(kind, raw, today=today)[1]]


def loan(**over):
    base = {"id": "L1", "client_code": "C1", "programme": "JOB", "referred_on": dt.date(2026, 1, 1)}
    return {**base, **over}


def test_a_good_client_passes_and_is_normalised():
    values, found = rules.validate("clients", {"client_code": "  hc-0_1 ", "sex": "f", "group": "sw",
                                               "birth_year": 1990.0, "registered_on": "2026-01-02"}, today=TODAY)
    assert found == []
    assert values["client_code"] == "HC-0_1" and values["sex"] == "F" and values["group"] == "SW"
    assert values["birth_year"] == 1990 and values["registered_on"] == dt.date(2026, 1, 2)
    # free text is NFC (a decomposed "é" typed on another keyboard is the same text), stripped
    values, found = rules.validate("sessions", {"id": "S1", "date": TODAY, "audience": "SW", "participants_f": 1,
                                                "participants_m": 0, "topic": "  Cafe\u0301 1 "}, today=TODAY)
    assert found == [] and values["topic"] == "Café 1"


def test_required_fields():
    assert set(problems("clients", {})) == {("client_code", "field.required"), ("sex", "field.required"),
                                            ("group", "field.required")}


@pytest.mark.parametrize("value", ["X", "female", "1"])
def test_unknown_code(value):
    assert ("sex", "records.bad_code") in problems("clients", {"client_code": "A", "sex": value, "group": "SW"})


def test_every_code_list_is_accepted_case_insensitively():
    for name, codes in rules.CODES.items():
        for code in codes:
            assert rules.parse_code(code.lower(), name) == code


@pytest.mark.parametrize("raw", ["2026-02-30", "2026-13-01", "30/01/2026", "hôm qua", 45000.0])
def test_impossible_or_malformed_dates(raw):
    assert problems("sessions", {"id": "S", "date": raw, "audience": "SW", "participants_f": 1,
                                 "participants_m": 0}) == [("date", "records.bad_date")]


def test_future_date():
    assert problems("sessions", {"id": "S", "date": TODAY + dt.timedelta(days=1), "audience": "SW",
                                 "participants_f": 1, "participants_m": 0}) == [("date", "records.future_date")]


def test_excel_datetime_is_a_date():
    assert rules.parse_date(dt.datetime(2026, 1, 2, 0, 0)) == dt.date(2026, 1, 2)


@pytest.mark.parametrize("raw,code", [("abc", "records.not_integer"), (1.5, "records.not_integer"),
                                      (-1, "records.negative"), (True, "records.not_integer")])
def test_counts_are_integers_at_least_zero(raw, code):
    assert problems("contacts", {"id": "K", "client_code": "C", "date": TODAY, "channel": "DIRECT",
                                 "condoms": raw}) == [("condoms", code)]


def test_numeric_text_and_float_integers_are_counts():
    assert rules.parse_int("12") == 12 and rules.parse_int(12.0) == 12


@pytest.mark.parametrize("year,ok", [(1929, False), (1930, True), (TODAY.year, True), (TODAY.year + 1, False)])
def test_birth_year_range(year, ok):
    found = problems("clients", {"client_code": "A", "sex": "F", "group": "SW", "birth_year": year})
    assert (found == []) is ok
    if not ok:
        assert found == [("birth_year", "records.birth_year")]


def test_loan_dates_must_be_ordered():
    found = problems("loans", loan(approved_on=dt.date(2026, 2, 1), disbursed_on=dt.date(2026, 1, 20),
                                   amount_disbursed=1000))
    assert found == [("disbursed_on", "records.loan_order")]
    assert problems("loans", loan(approved_on=dt.date(2025, 12, 1))) == [("approved_on", "records.loan_order")]
    assert problems("loans", loan(approved_on=dt.date(2026, 2, 1), disbursed_on=dt.date(2026, 2, 2),
                                  amount_disbursed=5, closed_on=dt.date(2026, 2, 1))) == [
        ("closed_on", "records.loan_order")]


def test_loan_not_both_approved_and_rejected():
    assert problems("loans", loan(approved_on=dt.date(2026, 2, 1), rejected_on=dt.date(2026, 2, 1))) == [
        ("rejected_on", "records.loan_approved_rejected")]


def test_loan_amount_exactly_when_disbursed():
    base = {"approved_on": dt.date(2026, 2, 1)}
    assert problems("loans", loan(**base, disbursed_on=dt.date(2026, 2, 2))) == [
        ("amount_disbursed", "records.loan_amount_missing")]
    assert problems("loans", loan(**base, disbursed_on=dt.date(2026, 2, 2), amount_disbursed=0)) == [
        ("amount_disbursed", "records.loan_amount_missing")]
    assert problems("loans", loan(**base, amount_disbursed=100)) == [
        ("amount_disbursed", "records.loan_amount_without_date")]
    assert problems("loans", loan(**base, disbursed_on=dt.date(2026, 2, 2), amount_disbursed=100)) == []
    assert problems("loans", loan(amount_disbursed=0)) == []


def referral(**over):
    return {"id": "R", "client_code": "C", "service": "HIV_TEST", "referred_on": dt.date(2026, 3, 1),
            "status": "REFERRED", **over}


def test_received_on_exactly_when_received_and_not_before_referral():
    assert problems("referrals", referral(status="RECEIVED")) == [("received_on", "records.received_on_missing")]
    assert problems("referrals", referral(received_on=dt.date(2026, 3, 2))) == [
        ("received_on", "records.received_on_not_received")]
    assert problems("referrals", referral(status="RECEIVED", received_on=dt.date(2026, 2, 28))) == [
        ("received_on", "records.received_before_referred")]
    assert problems("referrals", referral(status="received", received_on="2026-03-01")) == []


def test_left_on_not_before_joined_on():
    member = {"group_id": "G", "client_code": "C", "joined_on": dt.date(2026, 3, 1)}
    assert problems("peer_members", {**member, "left_on": dt.date(2026, 2, 1)}) == [
        ("left_on", "records.left_before_joined")]
    assert problems("peer_members", {**member, "left_on": dt.date(2026, 3, 1)}) == []


def test_check_record_takes_parsed_values():
    assert rules.check_record("clients", {"client_code": "A", "sex": "F", "group": "SW"}, today=TODAY) == []
    assert [p.code for p in rules.check_record("clients", {"client_code": "A", "sex": "f", "group": "SW"})] == [
        "records.bad_code"]


def test_messages_vietnamese_by_default_and_english_on_request(monkeypatch):
    p = rules.validate("peer_members", {"group_id": "G", "client_code": "C", "joined_on": "2026-03-01",
                                         "left_on": "2026-02-01"}, today=TODAY)[1][0]
    # the fields by their form labels, dates as dd/mm/yyyy (issue 16 point 6)
    assert p.located() == "Ngày rời nhóm: 'Ngày rời nhóm' (01/02/2026) trước 'Ngày tham gia' (01/03/2026)"
    monkeypatch.setenv("WARD_DESK_LANG", "en")
    assert p.located() == "Left on: 'Left on' (01/02/2026) is before 'Joined on' (01/03/2026)"


def test_every_sheet_is_described():
    assert rules.SHEETS == ("clients", "contacts", "sessions", "referrals", "loans", "establishments",
                            "establishment_activities", "peer_groups", "peer_members", "peer_meetings",
                            "inspections", "commitments", "hotline_calls", "gbv_cases", "consents", "trainings")


def test_a_limit_in_a_message_is_grouped_the_reader_s_way():
    from ward_desk import messages

    contact = {"id": "C1", "client_code": "C1", "date": dt.date(2026, 6, 1), "channel": "DIRECT", "condoms": 5000}
    [problem] = [p for p in rules.validate("contacts", contact, today=TODAY)[1] if p.code == "records.too_large"]
    assert messages.text(problem.code, "vi", **problem.params).endswith("tối đa 1.000")
    assert messages.text(problem.code, "en", **problem.params).endswith("at most 1,000")
    # plain numbers (years, rows, ids) are never grouped; only the ones a message marks
    assert "1930..2026" in messages.text("records.birth_year", "vi", value=1920, low=1930, high=2026)
    assert messages.grouped(1_000_000_000, "vi") == "1.000.000.000" and messages.grouped(999, "en") == "999"


ODD_CELLS = [None, "", "  ", " x", "x ", "abc", "ABC", "a-b_c", "Ab9", "ĐẶNG", "x\ty", "a\nb", "zero\u200bwidth",
             "\x1c", 0, 1, 7, -1, 1.0, 1.5, -0.0, -3.0, True, False, 1e20, 2 ** 40, 150, 1_000_000_001,
             float("nan"), float("inf"), dt.date(2025, 1, 1), dt.date(2026, 6, 15), dt.date(2026, 6, 16),
             dt.date(2099, 1, 1), dt.datetime(2025, 1, 1, 0, 0), dt.time(0, 0), "2025-01-01", "2025-02-30", 1929,
             1930, 1990, 2026, 2027, 1990.0, "12", "A" * 33, "b" * 2001, "sw", "SW", "F", "f", "RECEIVED",
             "REFERRED", "VIOLATION", "FINE", "ARV", "JOB", "OWNER", "STORE"]


def _clean_cell(column, rng):
    """A cell its column takes at once: what the ward's own export writes."""
    if column.type == "date":
        return dt.date(2026, rng.randint(1, 6), rng.randint(1, 14))
    if column.type == "year":
        return rng.choice((1990, 2001.0))
    if column.type in ("int", "money"):
        return rng.choice((0, 3, 12.0))
    if column.type == "code":
        return rng.choice(rules.CODES[column.codes or column.key])
    if column.type == "id":
        return rng.choice(("K1", "hc-0_1", "DK0000042"))
    return rng.choice(("Hoa", "Lan Anh", None))


def test_a_clean_row_taken_at_once_gets_the_values_and_problems_of_the_whole_way():
    """``validate`` takes a row of clean cells at once (``_clean_row``) and anything else the whole way: for
    every kind, clean rows and rows with one to three odd cells give the same values and the same problems
    (same codes, fields, wording, labels) both ways, and clean rows are indeed taken at once."""
    import random

    rng = random.Random(19)
    taken_at_once = 0
    for kind, columns in rules.SCHEMA.items():
        for n in range(400):
            raw = {c.key: _clean_cell(c, rng) for c in columns}
            if n % 4:  # three rows in four carry odd cells; the rest are clean (their rules between columns too)
                for column in rng.sample(columns, min(len(columns), rng.randint(1, 3))):
                    raw[column.key] = rng.choice(ODD_CELLS)
            if n % 7 == 0:
                raw.pop(rng.choice(columns).key)  # a column the sheet does not have
            fast = rules.validate(kind, raw, today=TODAY)
            slow = rules._validate_whole_way(kind, dict(raw), TODAY)
            assert fast[0] == slow[0] and list(map(type, fast[0].values())) == list(map(type, slow[0].values()))
            assert fast[1] == slow[1], (kind, raw)
            taken_at_once += rules._clean_row(rules._PLANS[kind], raw, TODAY) is not None
    assert taken_at_once > 1000
