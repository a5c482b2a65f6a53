from ward_desk.models import AuditEntry
from ward_desk.services import audit


def test_chain_verifies_and_detects_an_edited_entry(ward_db):
    audit.log("create", table="clients", ref="A1", new={"sex": "F"})
    audit.log("update", table="clients", ref="A1", old={"sex": "F"}, new={"sex": "T"})
    audit.log("delete", table="clients", ref="A1", old={"sex": "T"})
    assert audit.verify() == []
    ward_db.execute_sql("UPDATE audit_log SET new_values = '{\"sex\": \"M\"}' WHERE action = 'update'")
    assert [what for _, what in audit.verify()] == ["entry_hash"]


def test_chain_detects_a_removed_entry(ward_db):
    for n in range(3):
        audit.log("create", table="clients", ref=f"A{n}")
    AuditEntry.delete().where(AuditEntry.record_ref == "A1").execute()
    assert audit.verify() != []
