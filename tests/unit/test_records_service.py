"""Record CRUD: every save checked by the rules and the database, audited, bad input changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from ward_desk.errors import ValidationFailed, WardDeskError
from ward_desk.models.records import Client, Contact
from ward_desk.models.security import AuditEntry
from ward_desk.services import audit, records

from tests.unit.records_workbooks import dump


def client(code="A1", **over):
    return records.save_record("clients", {"client_code": code, "sex": "f", "group": "SW", **over})


def test_create_parses_normalises_and_audits(ward_db):
    c = client(" me-1 ", birth_year="1990", registered_on="2026-01-02")
    assert records.get_record("clients", c.id) == {
        "client_code": "ME-1", "sex": "F", "birth_year": 1990, "group": "SW", "migrant": None,
        "registered_on": dt.date(2026, 1, 2)}
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (entry.action, entry.table_name, entry.record_ref) == ("create", "clients", "ME-1")
    assert audit.verify() == []


def test_field_problems_and_nothing_changed(ward_db):
    before = dump()
    with pytest.raises(ValidationFailed) as failed:
        records.save_record("clients", {"client_code": "A", "sex": "Q", "group": "SW", "birth_year": 1800})
    assert {p.field for p in failed.value.problems} == {"sex", "birth_year"}
    assert dump() == before


def test_references_and_unique_ids(ward_db):
    client()
    contact = {"id": "K1", "client_code": "A1", "date": "2026-01-03", "channel": "DIRECT"}
    records.save_record("contacts", contact)
    with pytest.raises(ValidationFailed) as failed:
        records.save_record("contacts", {**contact, "client_code": "NOPE"})
    assert [(p.field, p.code) for p in failed.value.problems] == [
        ("client_code", "records.unknown_linked"), ("id", "records.duplicate_id")]
    with pytest.raises(ValidationFailed):
        client()  # same client_code


def test_update_changes_and_audits_old_and_new(ward_db):
    c = client()
    records.save_record("clients", {"client_code": "A1", "sex": "T", "group": "SW"}, c.id)
    assert Client.get_by_id(c.id).sex == "T"
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert entry.action == "update" and '"F"' in entry.old_values and '"T"' in entry.new_values
    records.save_record("clients", {"client_code": "A1", "sex": "T", "group": "SW"}, c.id)  # no change
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().id == entry.id


def test_delete_restore_purge(ward_db):
    c = client()
    k = records.save_record("contacts", {"id": "K1", "client_code": "A1", "date": "2026-01-03",
                                         "channel": "DIRECT"})
    with pytest.raises(WardDeskError) as refused:
        records.delete_record("clients", c.id)
    assert refused.value.code == "records.has_dependents" and "1 tiếp cận" in str(refused.value)  # the kind's name, not a table
    records.delete_record("contacts", k.id)
    assert Contact.get_by_id(k.id).deleted_at is not None
    records.delete_record("clients", c.id)
    with pytest.raises(WardDeskError, match="thùng rác"):
        records.restore_record("contacts", k.id)  # its client is in the recycle bin
    with pytest.raises(WardDeskError):
        records.purge_record("clients", c.id)  # a (deleted) contact still points at it
    with pytest.raises(ValidationFailed) as failed:
        client()  # the id is taken by the recycle-bin row
    assert failed.value.problems[0].code == "records.duplicate_id_deleted"
    records.restore_record("clients", c.id)
    records.restore_record("contacts", k.id)
    assert Contact.get_by_id(k.id).deleted_at is None
    with pytest.raises(WardDeskError):
        records.purge_record("contacts", k.id)  # not in the recycle bin
    records.delete_record("contacts", k.id)
    records.purge_record("contacts", k.id)
    assert Contact.get_or_none(Contact.id == k.id) is None
    assert [e.action for e in AuditEntry.select().where(AuditEntry.table_name == "contacts")
            .order_by(AuditEntry.id)] == ["create", "delete", "restore", "delete", "purge"]
    assert audit.verify() == []


def test_peer_members_are_matched_by_group_client_and_joined_on(ward_db):
    client()
    records.save_record("peer_groups", {"id": "G1", "name": "Nhóm", "kind": "peer", "founded_on": "2025-01-01"})
    member = {"group_id": "G1", "client_code": "A1", "joined_on": "2025-02-01"}
    m = records.save_record("peer_members", member)
    assert records.record_values(m) == {**member, "joined_on": dt.date(2025, 2, 1), "left_on": None}
    with pytest.raises(ValidationFailed):
        records.save_record("peer_members", member)
    records.save_record("peer_members", {**member, "joined_on": "2025-06-01"})


def test_kinds_registry_matches_the_spec():
    assert tuple(records.KINDS) == ("clients", "contacts", "sessions", "referrals", "loans", "establishments",
                                    "establishment_activities", "peer_groups", "peer_members", "peer_meetings",
                                    "inspections", "commitments", "hotline_calls", "gbv_cases", "consents",
                                    "trainings")
    assert records.KINDS["peer_members"].key == ("group_id", "client_code", "joined_on")
    assert records.kind_of("client") is records.KINDS["clients"]


def test_english_messages(ward_db, english):
    with pytest.raises(ValidationFailed) as failed:
        records.save_record("contacts", {"id": "K", "client_code": "X", "date": "2026-01-01", "channel": "DIRECT"})
    assert str(failed.value) == "Client code: no client with the code X"  # no table name, nor a column key


def test_a_form_loaded_before_another_save_is_refused_and_says_who(ward_db, english):
    """Optimistic concurrency (issue 18, point 3): a save checks the record still holds what the form loaded."""
    from ward_desk.errors import WardDeskError

    client = records.save_record("clients", {"client_code": "HK-TWO-FORMS", "sex": "F", "group": "SW",
                                             "birth_year": 1990})
    first = records.get_record("clients", client.id)
    second = records.get_record("clients", client.id)
    records.save_record("clients", {**first, "birth_year": 1985}, client.id, loaded=first)
    with pytest.raises(WardDeskError) as refused:
        records.save_record("clients", {**second, "sex": "M"}, client.id, loaded=second)
    assert refused.value.code == "records.changed_meanwhile" and "admin" in refused.value.message()
    assert records.get_record("clients", client.id) == {**first, "birth_year": 1985}
