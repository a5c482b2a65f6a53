"""Export then import into an empty ward gives back identical records (property-based)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ward_desk.db import open_memory_database
from tests.conftest import sign_in_test_admin
from ward_desk.services import rules
from ward_desk.services.records import KINDS, record_values
from ward_desk.services.records_io import export_records, import_records, insert_records

from tests.conftest import CONFORMANCE

TODAY = dt.date.today()
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=TODAY)
counts = st.one_of(st.none(), st.integers(min_value=0, max_value=1_000))  # within the standard's range
# Text people type: Vietnamese letters, spaces inside, and leading formula triggers (must stay text).
text = st.text(alphabet=st.sampled_from("aăâđeêioôơuưyÀỆữ =+-@1x/"), min_size=1, max_size=12).map(
    lambda s: s.strip()).filter(bool)
optional_text = st.one_of(st.none(), text)
# Ids as the standard has them: visible ASCII letters, digits, "-" and "_", stored upper-case.
ids = st.text(alphabet=st.sampled_from("ABCXYZ019-_"), min_size=1, max_size=12)


@st.composite
def ward(draw):
    codes = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    clients = [{"client_code": c, "sex": draw(st.sampled_from(rules.CODES["sex"])),
                "birth_year": draw(st.one_of(st.none(), st.integers(1930, TODAY.year))),
                "group": draw(st.sampled_from(rules.CODES["group"])),
                "migrant": draw(st.sampled_from((None, "Y", "N"))), "registered_on": draw(st.none() | dates)}
               for c in codes]
    contacts = [{"id": f"K{i}", "client_code": draw(st.sampled_from(codes)), "date": draw(dates),
                 "channel": draw(st.sampled_from(rules.CODES["channel"])), "condoms": draw(counts),
                 "lubricants": draw(counts), "materials": draw(counts), "staff": draw(optional_text)}
                for i in range(draw(st.integers(0, 8)))]
    loans = []
    for i in range(draw(st.integers(0, 4))):
        referred = draw(dates)
        loan = {"id": f"L{i}", "client_code": draw(st.sampled_from(codes)),
                "programme": draw(st.sampled_from(rules.CODES["programme"])), "referred_on": referred,
                "amount_requested": draw(counts), "approved_on": None, "disbursed_on": None,
                "amount_disbursed": None, "rejected_on": None, "closed_on": None}
        if draw(st.booleans()):
            loan["approved_on"] = draw(st.dates(min_value=referred, max_value=TODAY))
            if draw(st.booleans()):
                loan["disbursed_on"] = draw(st.dates(min_value=loan["approved_on"], max_value=TODAY))
                loan["amount_disbursed"] = draw(st.integers(1, 10**9))
        else:
            loan["rejected_on"] = draw(st.none() | dates)
        loans.append(loan)
    groups = [{"id": "G1", "name": draw(text), "kind": "CLUB", "founded_on": draw(dates), "dissolved_on": None}]
    members = [{"group_id": "G1", "client_code": c, "joined_on": draw(dates), "left_on": None}
               for c in draw(st.lists(st.sampled_from(codes), unique=True, max_size=3))]
    return {"clients": clients, "contacts": contacts, "loans": loans, "peer_groups": groups,
            "peer_members": members}


def stored() -> dict[str, list[dict]]:
    return {name: sorted((record_values(r) for r in kind.model.select().where(kind.model.deleted_at.is_null())),
                         key=repr) for name, kind in KINDS.items()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ward())
def test_export_import_round_trip(rows):
    for name, records in rows.items():
        for values in records:
            assert rules.check_record(name, values) == []
    open_memory_database()
    sign_in_test_admin()
    insert_records(rows, source="test")
    original = stored()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out.xlsx"
        export_records(path)
        open_memory_database()
        sign_in_test_admin()
        import_records(path)
        assert stored() == original
        again = import_records(path)  # and the same file again changes nothing
        assert sum(again.added.values()) == 0 and sum(again.updated.values()) == 0
        assert stored() == original


def test_conformance_sample_round_trip(tmp_path):
    open_memory_database()
    sign_in_test_admin()
    import_records(CONFORMANCE / "records-sample.xlsx")
    original = stored()
    export_records(tmp_path / "out.xlsx")
    open_memory_database()
    sign_in_test_admin()
    result = import_records(tmp_path / "out.xlsx")
    assert sum(result.added.values()) == 773 + 140 + 3  # the version 1 sample's consents and commitments
    assert stored() == original
    assert import_records(CONFORMANCE / "records-sample.xlsx").totals() == {"added": 0, "unchanged": 916,
                                                                           "updated": 0}


def test_export_writes_text_never_formulas_and_real_dates(tmp_path):
    from openpyxl import load_workbook

    open_memory_database()
    sign_in_test_admin()
    insert_records({"clients": [{"client_code": "=1+1", "sex": "F", "birth_year": None, "group": "SW",
                                 "migrant": None, "registered_on": dt.date(2026, 1, 2)}]},
                   source="test")
    export_records(tmp_path / "out.xlsx")
    sheet = load_workbook(tmp_path / "out.xlsx")["clients"]
    assert sheet["A2"].value.startswith("#")  # the Vietnamese label row
    assert sheet["A3"].data_type == "s" and sheet["A3"].value == "=1+1"
    assert sheet["F3"].is_date and sheet["F3"].value.date() == dt.date(2026, 1, 2)


def test_the_line_list_export_is_watermarked_and_still_imports(ward_db, tmp_path):
    from openpyxl import load_workbook

    from ward_desk.services.records_io import export_records, import_records
    from ward_desk.services.records import save_record

    save_record("clients", {"client_code": "WM-1", "sex": "F", "group": "SW"})
    path = tmp_path / "all.xlsx"
    export_records(path)
    book = load_workbook(path)
    assert "admin" in book.properties.title and "MẬT" in book.properties.title
    assert "admin" in book["clients"].oddHeader.center.text
    assert book["clients"]["A1"].value == "client_code"  # row 1 still the column keys
    assert import_records(path).unchanged["clients"] == 1
