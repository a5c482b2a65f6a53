import pytest
from peewee import IntegrityError

from ward_desk.models import AuditEntry
from ward_desk.services import audit


def drop_guards(db):
    """What an attacker with the key would do first: the triggers refuse edits, the hash chain still tells."""
    for name in audit.GUARD_TRIGGERS:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")


def test_chain_verifies_and_detects_an_edited_entry(ward_db):
    audit.log("create", table="clients", ref="A1", new={"sex": "F"})
    audit.log("update", table="clients", ref="A1", old={"sex": "F"}, new={"sex": "T"})
    audit.log("delete", table="clients", ref="A1", old={"sex": "T"})
    assert audit.verify() == []
    drop_guards(ward_db)
    ward_db.execute_sql("UPDATE audit_log SET new_values = '{\"sex\": \"M\"}' WHERE action = 'update'")
    assert [what for _, what in audit.verify()] == ["entry_hash"]


def test_chain_detects_a_removed_entry(ward_db):
    for n in range(3):
        audit.log("create", table="clients", ref=f"A{n}")
    drop_guards(ward_db)
    AuditEntry.delete().where(AuditEntry.record_ref == "A1").execute()
    assert audit.verify() != []


def test_triggers_refuse_changing_or_removing_entries(ward_db):
    audit.log("create", table="clients", ref="A1", new={"sex": "F"})
    with pytest.raises(IntegrityError, match="append-only"):
        ward_db.execute_sql("UPDATE audit_log SET detail = 'x'")
    with pytest.raises(IntegrityError, match="append-only"):
        AuditEntry.delete().where(AuditEntry.record_ref == "A1").execute()
    assert AuditEntry.select().where(AuditEntry.record_ref == "A1").count() == 1
    assert audit.verify() == []


def test_triggers_come_back_at_the_next_open(ward_db, data_dir):
    from ward_desk import db

    drop_guards(ward_db)
    db.close_database()
    reopened = db.open_database(data_dir)
    with pytest.raises(IntegrityError):
        reopened.execute_sql("DELETE FROM audit_log")
