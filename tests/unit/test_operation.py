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


# ---- the services that change records or write their files run as operations ----------------------------------

OPERATIONS = {  # module -> the public actions that must each be one `with operation(...)`
    "records": ("save_record", "move_record", "delete_record", "restore_record", "purge_record"),
    "records_io": ("import_records", "export_records"),
    "returns": ("export_return",),
}


@pytest.mark.parametrize("module", sorted(OPERATIONS))
def test_record_and_return_actions_are_operations(module):
    import ast
    import importlib
    import inspect

    source = inspect.getsource(importlib.import_module(f"ward_desk.services.{module}"))
    functions = {f.name: f for f in ast.walk(ast.parse(source)) if isinstance(f, ast.FunctionDef)}
    for name in OPERATIONS[module]:
        calls = [c.func for node in ast.walk(functions[name]) if isinstance(node, ast.With)
                 for item in node.items if isinstance(c := item.context_expr, ast.Call)]
        assert any(isinstance(f, ast.Name) and f.id == "operation" for f in calls), f"{module}.{name}"
    # the check is the operation's: no module asks for a write permission by hand any more
    assert not any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "require"
                   and n.args and isinstance(n.args[0], ast.Constant)
                   and str(n.args[0].value).split(".")[-1] in ("write", "delete", "restore", "purge", "import",
                                                                "export")
                   for n in ast.walk(ast.parse(source)))


def test_a_record_and_its_audit_entry_are_one_transaction(ward_db, monkeypatch):
    import datetime as dt

    from ward_desk.models import Client
    from ward_desk.services import audit, records

    def broken(*_a, **_k):
        raise OSError("the trail cannot be written")

    client = {"client_code": "HK-OP1", "sex": "F", "birth_year": 1990, "group": "SW",
              "registered_on": dt.date(2026, 1, 5)}
    monkeypatch.setattr(audit, "log", broken)
    with pytest.raises(OSError):
        records.save_record("clients", client)
    assert Client.get_or_none(Client.client_code == "HK-OP1") is None  # no record without its entry
    monkeypatch.undo()
    saved = records.save_record("clients", client)
    monkeypatch.setattr(audit, "log", broken)
    with pytest.raises(OSError):
        records.delete_record("clients", saved.id)
    assert Client.get_by_id(saved.id).deleted_at is None


def test_a_clerk_is_refused_the_line_list_before_anything_is_read_or_written(ward_db, tmp_path, monkeypatch):
    from ward_desk.services import records_io

    accounts.create_user("lan", "lan password 1", "clerk")
    accounts.sign_in("lan", "lan password 1")
    monkeypatch.setattr(records_io, "_live_rows", lambda kind: pytest.fail("read before the check"))
    with pytest.raises(WardDeskError) as caught:
        records_io.export_records(tmp_path / "all.xlsx")
    assert caught.value.code == "auth.forbidden" and not (tmp_path / "all.xlsx").exists()
