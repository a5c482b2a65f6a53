"""demo: reproducible, shaped like real work, every record within the rules, refuses a non-empty ward."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from ward_desk.errors import WardDeskError
from ward_desk.services import rules
from ward_desk.services.demo import build_demo, fill_demo
from ward_desk.services.records_io import export_records, import_records


def test_same_seed_same_ward_other_seed_other_ward():
    assert build_demo(200, 7) == build_demo(200, 7)
    assert build_demo(200, 7) != build_demo(200, 8)


def test_shaped_like_real_work_and_within_the_rules():
    today = dt.date.today()
    rows = build_demo(2000, 1)
    for name, records in rows.items():
        assert records, name
        for values in records:
            assert rules.check_record(name, values) == [], (name, values)
    sexes = Counter(c["sex"] for c in rows["clients"])
    assert sexes["F"] > 0.7 * 2000 and sexes["T"] > 0 and sexes["U"] > 0
    minors = [c for c in rows["clients"] if c["birth_year"] and today.year - c["birth_year"] < 18]
    assert 0 < len(minors) < 0.1 * 2000
    assert {r["status"] for r in rows["referrals"]} == set(rules.CODES["status"])
    loans = rows["loans"]
    assert any(x["rejected_on"] for x in loans) and any(x["disbursed_on"] and not x["closed_on"] for x in loans)
    assert any(x["closed_on"] for x in loans)
    dates = [c["date"] for c in rows["contacts"]]
    assert max(dates) <= today and min(dates) >= today - dt.timedelta(days=731)
    assert all(c["client_code"].startswith("DM") for c in rows["clients"])  # pseudonymous codes only


def test_fill_demo_stores_everything_and_exports_cleanly(ward_db, tmp_path):
    result = fill_demo(300, 2)
    assert result.added["clients"] == 300
    export_records(tmp_path / "demo.xlsx")
    assert import_records(tmp_path / "demo.xlsx").totals()["added"] == 0  # all identical
    with pytest.raises(WardDeskError) as refused:
        fill_demo(10, 3)
    assert refused.value.code == "demo.not_empty"


def test_an_exact_number_of_contacts_for_the_benchmarks():
    from ward_desk.services.demo import build_demo

    many = build_demo(50, seed=3, contacts=1000)["contacts"]
    few = build_demo(50, seed=3, contacts=10)["contacts"]
    assert len(many) == 1000 and len(few) == 10
    assert len({c["id"] for c in many}) == 1000  # ids stay unique
    assert build_demo(50, seed=3, contacts=1000)["contacts"] == many  # seeded: the same every time


def test_demo_without_a_unit_fills_hoan_kiem_or_the_folders_own_ward(tmp_path, capsys):
    from ward_desk.cli import main

    assert main(["--data-dir", str(tmp_path / "new"), "demo", "--clients", "5"]) == 0
    assert "00070" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path / "other"), "init", "--unit", "00004"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path / "other"), "demo", "--clients", "5"]) == 0
    assert "00004" in capsys.readouterr().out
