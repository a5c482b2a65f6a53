"""The audit trail is append-only on an office's PostgreSQL database too, and the chain still catches tampering."""

from __future__ import annotations

import pytest
from peewee import DatabaseError

from tests.conftest import sign_in_test_admin
from ward_desk import db
from ward_desk.models import AuditEntry
from ward_desk.services import audit, settings


def test_the_server_refuses_to_change_or_remove_trail_entries(pg_url, tmp_path):
    opened = db.open_database(tmp_path, create=True, url=pg_url)
    sign_in_test_admin()
    settings.initialise_ward("00070")
    audit.log("create", table="clients", ref="A1", new={"sex": "F"})
    for statement in ("UPDATE audit_log SET detail = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
        with pytest.raises(DatabaseError, match="append-only"):
            with opened.atomic():
                opened.execute_sql(statement)
    assert AuditEntry.select().where(AuditEntry.record_ref == "A1").count() == 1
    db.close_database()
    opened = db.open_database(tmp_path, url=pg_url)  # opening again keeps one set of triggers
    count = opened.execute_sql("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass "
                               "AND NOT tgisinternal").fetchone()[0]
    assert count == 2
    # someone who owns the table drops the triggers and edits an entry: the hash chain names it
    with opened.atomic():
        opened.execute_sql("DROP TRIGGER audit_log_no_change ON audit_log")
        opened.execute_sql("UPDATE audit_log SET detail = 'rewritten' WHERE record_ref = 'A1'")
    assert [what for _, what in audit.verify()] == ["entry_hash"]
