"""services.operation: a service action is the permission check, one transaction and its audit entries."""

from __future__ import annotations

import pytest

from ward_desk.errors import WardDeskError
from ward_desk.models import AuditEntry, Setting
from ward_desk.services import accounts, session
from ward_desk.services.operation import operation


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.action == action))


def test_the_check_comes_first_and_a_refused_action_writes_nothing(ward_db):
    accounts.create_user("lan", "lan password 1", "clerk")
    accounts.sign_in("lan", "lan password 1")
    ran = []
    with pytest.raises(WardDeskError) as caught:
        with operation("settings.write") as op:
            ran.append(op)
    assert caught.value.code == "auth.forbidden" and ran == []


def test_the_change_and_its_entry_commit_together(ward_db):
    with operation("settings.write") as op:
        assert op.user is session.current_user() and op.user.role == "admin"
        Setting.create(key="probe", value="1")
        op.log("probe", table="settings", ref="probe", new={"value": "1"})
    assert Setting.get_or_none(Setting.key == "probe") is not None
    [entry] = _entries("probe")
    assert entry.user_name == session.current_user().username and entry.record_ref == "probe"


def test_an_error_rolls_back_the_change_and_its_entry(ward_db):
    with pytest.raises(ValueError):
        with operation("settings.write") as op:
            Setting.create(key="probe", value="1")
            op.log("probe", table="settings", ref="probe")
            raise ValueError("the action fails after writing")
    assert Setting.get_or_none(Setting.key == "probe") is None and _entries("probe") == []


def test_work_outside_the_database_logs_each_entry_on_its_own(ward_db):
    with pytest.raises(ValueError):
        with operation("settings.write", transaction=False) as op:
            op.log("probe", detail="the file was written")  # committed at once: the work it records is done
            raise ValueError("a later step fails")
    assert [e.detail for e in _entries("probe")] == ["the file was written"]


def test_no_permission_means_no_check(ward_db):
    accounts.sign_out()
    with operation(None) as op:
        assert op.user is None
        op.log("probe")
    assert [e.user_name for e in _entries("probe")] == [session.SYSTEM_USER]
