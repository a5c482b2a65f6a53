"""The ward's own ``records export`` always re-imports as "left alone" (issue 15): the conformance workbook, the
demo ward, and records at the edges of the standard (notes with line breaks, text that looks like a formula, the
longest text and the largest numbers the standard allows)."""

from __future__ import annotations

import datetime as dt

from ward_desk.services import records
from ward_desk.services.demo import fill_demo
from ward_desk.services.records_io import export_records, import_records
from ward_desk.spec import records as spec

from tests.conftest import CONFORMANCE


def _left_alone(tmp_path, counts: dict[str, int]) -> None:
    path = tmp_path / "own.xlsx"
    assert export_records(path) == counts
    again = import_records(path)
    assert again.totals() == {"added": 0, "unchanged": sum(counts.values()), "updated": 0}
    assert again.conflicts == []


def test_the_conformance_workbook_exported_again_is_left_alone(ward_db, tmp_path):
    first = import_records(CONFORMANCE / "records-sample.xlsx")
    _left_alone(tmp_path, {name: first.added.get(name, 0) for name in spec.SHEETS})


def test_the_demo_ward_exported_is_left_alone(ward_db, tmp_path):
    result = fill_demo(150, 4)
    _left_alone(tmp_path, {name: result.added[name] for name in spec.SHEETS})


def test_records_at_the_edges_of_the_standard_are_left_alone(ward_db, tmp_path):
    longest = spec.KINDS["sessions"].column("location").max_length
    records.save_record("clients", {"client_code": "a-" + "9" * (spec.ID_LENGTH - 2), "sex": "T", "group": "RISK"})
    records.save_record("contacts", {"id": "k_1", "client_code": "A-" + "9" * (spec.ID_LENGTH - 2),
                                     "date": dt.date(2025, 1, 2), "channel": "ONLINE", "condoms": 1_000,
                                     "staff": "=HYPERLINK(\"x\")"})
    records.save_record("sessions", {"id": "S-1", "date": dt.date(2025, 1, 3), "audience": "YOUTH",
                                     "participants_f": 10_000, "participants_m": 0,
                                     "topic": "Dòng 1\r\nDòng 2\tcột", "location": "Đ" * longest})
    records.save_record("establishments", {"id": "E_1", "name": "+ Karaoke @ 1", "type": "KARAOKE",
                                           "listed_on": dt.date(2025, 1, 1), "address": "Số 1\nNgõ 2"})
    _left_alone(tmp_path, {name: int(name in ("clients", "contacts", "sessions", "establishments"))
                           for name in spec.SHEETS})
