import pytest
from peewee import IntegrityError, SqliteDatabase

from ward_desk.models import AuditEntry
from ward_desk.services import audit


def drop_guards(db):
    """What an attacker with the key would do first: the triggers refuse edits, the hash chain still tells."""
    if not isinstance(db, SqliteDatabase):  # an office's PostgreSQL (the unit tests' WARD_DESK_TEST_DATABASE run)
        for name in ("audit_log_no_change", "audit_log_no_truncate"):
            db.execute_sql(f"DROP TRIGGER IF EXISTS {name} ON audit_log")
        return
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


def test_entries_built_fast_hash_the_text_verify_recomputes(ward_db):
    """``log_many`` and ``log`` build each entry's JSON and hashed text without ``JSONEncoder.encode``: the same
    text, whatever the values (quotes, line breaks, control characters, non-ASCII, dates, numbers, nothing)."""
    import datetime as dt
    import json

    odd = ['say "hi"\\', "line\nbreak\ttab", "\x01\x1f\u2028", "Đặng Thị Ánh ✓", "", "emoji \U0001F600"]
    values = [{"id": f"K{n}", "note": text, "date": dt.date(2026, 1, n + 1), "at": dt.datetime(2026, 1, 2, 3, 4),
               "count": n * 1000, "none": None, "ratio": 0.5, "flag": True, "nested": {"b": [1, "x"], "a": None}}
              for n, text in enumerate(odd)]
    slow = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=audit._plain).encode
    assert [audit._json(v) for v in values] == [slow(v) for v in values]
    audit.log_many("create", table="contacts", records=[(v["id"], v) for v in values], detail=odd[0])
    audit.log_many("create", table="contacts", records=[(None, v) for v in values])
    audit.log("update", table=None, ref=12, old=values[1], new=None, detail=odd[2])
    stored = [(e.record_ref, e.new_values) for e in AuditEntry.select().where(AuditEntry.table_name == "contacts")
              .order_by(AuditEntry.id)][:len(odd)]
    assert stored == [(v["id"], slow(v)) for v in values]
    assert audit.verify() == []  # every hash recomputed with the encoder itself


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


# ---- the end anchor (audit.head): removing the newest entries is seen too ----------------------------------

def _log_three(db):
    for n in range(3):
        with db.atomic():  # one user action each
            audit.log("create", table="clients", ref=f"A{n}")


@pytest.mark.sqlite_only(reason="the end anchor audit.head lives beside the ward file; a shared server has none")
def test_removing_the_newest_entries_is_reported(ward_db, data_dir):
    _log_three(ward_db)
    assert audit.verify() == []
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    drop_guards(ward_db)
    AuditEntry.delete().where(AuditEntry.id >= last.id - 1).execute()  # the two newest: the chain stays whole
    assert audit.verify() == [(last.id, "tail_removed")]
    AuditEntry.delete().execute()  # all of them
    assert audit.verify() == [(last.id, "tail_removed")]


@pytest.mark.sqlite_only(reason="the end anchor audit.head lives beside the ward file; a shared server has none")
def test_new_entries_logged_over_removed_ones_do_not_hide_the_removal(ward_db, data_dir):
    _log_three(ward_db)
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    drop_guards(ward_db)
    AuditEntry.delete().where(AuditEntry.id >= last.id - 1).execute()
    audit.install_guards(ward_db)
    _log_three(ward_db)  # the freed ids are used again, the chain is whole again
    assert (last.id, "tail_removed") in audit.verify()


@pytest.mark.sqlite_only(reason="the end anchor audit.head lives beside the ward file; a shared server has none")
def test_a_rolled_back_entry_is_not_anchored_and_a_hand_edited_anchor_is_seen(ward_db, data_dir):
    from ward_desk import config

    _log_three(ward_db)
    anchored = config.anchor_path(data_dir).read_text()
    with pytest.raises(RuntimeError):
        with ward_db.atomic():
            audit.log("create", table="clients", ref="rolled back")
            raise RuntimeError("the save failed")
    assert config.anchor_path(data_dir).read_text() == anchored and audit.verify() == []
    config.anchor_path(data_dir).write_text(anchored.replace('"last_id": ', '"last_id": 1'))
    assert audit.verify() == [(0, "anchor_altered")]


@pytest.mark.sqlite_only(reason="backs up and restores the ward file and its anchor")
def test_a_restored_backup_resets_the_anchor(ward_db, data_dir):
    from ward_desk.services import backup

    _log_three(ward_db)
    made = backup.create()
    _log_three(ward_db)
    backup.restore(made)
    assert audit.verify() == []  # the restored trail is shorter than the anchor was: not a removal


@pytest.mark.sqlite_only(reason="the end anchor audit.head lives beside the ward file; a shared server has none")
def test_the_anchor_holds_no_client_code(ward_db, data_dir):
    from ward_desk import config

    with ward_db.atomic():
        audit.log("create", table="clients", ref="SECRET-CODE-1", new={"client_code": "SECRET-CODE-1"})
    assert b"SECRET-CODE-1" not in config.anchor_path(data_dir).read_bytes()
