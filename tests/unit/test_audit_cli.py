"""``ward-desk audit verify|export``: tampering in the database is named; exports never hold formulas."""

from __future__ import annotations

import csv

from ward_desk import db
from ward_desk.cli import main
from ward_desk.services import audit

from tests.unit.test_audit_chain import drop_guards


def _seed(ward_db):
    with ward_db.atomic():
        audit.log("create", table="clients", ref="A-1", new={"client_code": "=HYPERLINK(1)"})
        audit.log("update", table="clients", ref="A-1", old={"sex": "F"}, new={"sex": "M"})
        audit.log("delete", table="clients", ref="A-1")


def test_verify_names_an_edited_entry(ward_db, data_dir, capsys, english):
    _seed(ward_db)
    db.close_database()
    assert main(["--data-dir", str(data_dir), "audit", "verify"]) == 0
    db.open_database(data_dir)
    target = audit.AuditEntry.select().where(audit.AuditEntry.action == "update").get()
    drop_guards(ward_db)
    ward_db.execute_sql("UPDATE audit_log SET new_values = '{\"sex\": \"F\"}' WHERE id = ?", (target.id,))
    db.close_database()
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "audit", "verify"]) == 1
    assert f"entry {target.id}: its content was altered" in capsys.readouterr().err


def test_verify_detects_a_removed_entry(ward_db, data_dir, capsys, english):
    _seed(ward_db)
    first = audit.AuditEntry.select().order_by(audit.AuditEntry.id).first()
    drop_guards(ward_db)
    ward_db.execute_sql("DELETE FROM audit_log WHERE id = ?", (first.id + 1,))
    db.close_database()
    assert main(["--data-dir", str(data_dir), "audit", "verify"]) == 1
    assert f"entry {first.id + 2}: the entry before it was altered or removed" in capsys.readouterr().err


def test_export_csv_and_xlsx_write_text_not_formulas(ward_db, data_dir, tmp_path):
    _seed(ward_db)
    db.close_database()
    out_csv, out_xlsx = tmp_path / "a.csv", tmp_path / "a.xlsx"
    assert main(["--data-dir", str(data_dir), "audit", "export", str(out_csv), "--action", "create"]) == 0
    rows = list(csv.reader(out_csv.open(encoding="utf-8-sig")))
    assert rows[0][0] == "id" and len(rows) == 2 and rows[1][3] == "create"
    assert main(["--data-dir", str(data_dir), "audit", "export", str(out_xlsx)]) == 0
    from openpyxl import load_workbook

    sheet = load_workbook(out_xlsx).active
    values = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in values)
    assert any("=HYPERLINK" in str(c.value) for c in values)
