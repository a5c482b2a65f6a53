"""A shared PostgreSQL database with two roles (issue 18, point 7): the owner makes the schema and runs
upgrades, the clerks' login role reads and writes but cannot touch the audit trail's guards; a role change
made by hand, outside the app, does not commit unaudited; a server on another machine without TLS is refused."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from tests.conftest import TEST_PASSWORD, TEST_USER, sign_in_test_admin
from ward_desk import db, db_server
from ward_desk.errors import WardDeskError
from ward_desk.models import database
from ward_desk.services import accounts, audit, records, server_roles, settings


def _as(url: str, role: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{role}@{parts.hostname}:{parts.port}"))


def test_the_data_role_cannot_disable_the_guards_and_role_changes_are_audited(pg_url, tmp_path):
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wd_clerks') THEN "
                     "CREATE ROLE wd_clerks LOGIN; END IF; END $$")
    db.open_database(tmp_path, create=True, url=pg_url)  # the owner role makes the schema
    sign_in_test_admin()
    settings.initialise_ward("00070")
    accounts.create_user("lan", "clerk password 1", "clerk")
    server_roles.grant_data_role("wd_clerks")
    assert audit.count(action="server.grant") == 1
    db.close_database()

    data_url = _as(pg_url, "wd_clerks")
    db.open_database(tmp_path, url=data_url)  # the clerks' PCs
    accounts.sign_in(TEST_USER, TEST_PASSWORD)
    records.save_record("clients", {"client_code": "HK-ROLE-1", "sex": "F", "group": "SW", "birth_year": 1990})
    for statement in ("ALTER TABLE audit_log DISABLE TRIGGER ALL", "DELETE FROM audit_log",
                      "TRUNCATE audit_log", "DROP TRIGGER audit_log_no_change ON audit_log",
                      "ALTER TABLE users DISABLE TRIGGER users_change_audited_v2"):
        with pytest.raises(Exception):
            with database.atomic():
                database.obj.execute_sql(statement)
    # a role changed by hand, with no audit entry: refused when the transaction commits
    with pytest.raises(Exception) as refused:
        with database.atomic():
            database.obj.execute_sql("UPDATE users SET role = 'admin' WHERE username = 'lan'")
    assert "audit trail" in str(refused.value)
    assert accounts.get_user("lan").role == "clerk"
    accounts.set_role("lan", "supervisor")  # the app's way: the change and its entry in one transaction
    assert accounts.get_user("lan").role == "supervisor" and audit.verify() == []
    db.close_database()


def test_the_data_role_cannot_set_a_password_or_a_lockout_by_hand(pg_url, tmp_path):
    """Review of issue 18: with only role/disabled/username watched, the clerks' role could write its own hash
    over the admin's and sign in as admin, with nothing in the trail."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wd_clerks') THEN "
                     "CREATE ROLE wd_clerks LOGIN; END IF; END $$")
    db.open_database(tmp_path, create=True, url=pg_url)
    sign_in_test_admin()
    settings.initialise_ward("00070")
    accounts.create_user("lan", "clerk password 1", "clerk")
    server_roles.grant_data_role("wd_clerks")
    db.close_database()

    db.open_database(tmp_path, url=_as(pg_url, "wd_clerks"))
    accounts.sign_in("lan", "clerk password 1")
    admin_hash = accounts.get_user(TEST_USER).password_hash
    own_hash = accounts.get_user("lan").password_hash  # lan knows the password behind this one
    for statement in (f"UPDATE users SET password_hash = '{own_hash}' WHERE username = '{TEST_USER}'",
                      f"UPDATE users SET failed_attempts = 9 WHERE username = '{TEST_USER}'",
                      f"UPDATE users SET locked_until = now() + interval '1 day' WHERE username = '{TEST_USER}'"):
        with pytest.raises(Exception) as refused:
            with database.atomic():
                database.obj.execute_sql(statement)
        assert "audit trail" in str(refused.value), statement
    assert accounts.get_user(TEST_USER).password_hash == admin_hash
    with pytest.raises(WardDeskError):
        accounts.sign_in(TEST_USER, "clerk password 1")  # lan's password does not open the admin's account
    # the app's own paths write their entry in the same transaction, so the trigger lets each through:
    # lockout counting, a lockout, an admin's unlock, an unlock with the key's secret, a password change
    for _ in range(5):
        with pytest.raises(WardDeskError):
            accounts.authenticate("lan", "not her password")
    assert accounts.is_locked(accounts.get_user("lan"))
    accounts.sign_in(TEST_USER, TEST_PASSWORD)
    accounts.unlock_user("lan")
    for _ in range(2):
        with pytest.raises(WardDeskError):
            accounts.authenticate("lan", "not her password")
    assert accounts.authenticate("lan", "clerk password 1", log_as="login").failed_attempts == 0  # count reset
    accounts.set_password("lan", "a new clerk password 2")
    assert accounts.sign_in("lan", "a new clerk password 2").username == "lan"
    accounts.set_password("lan", "a newer clerk password 3", old="a new clerk password 2")
    assert audit.verify() == []
    db.close_database()


@pytest.mark.parametrize("url, refused", [
    ("postgresql://clerk@10.0.0.5/ward", True),
    ("postgresql://clerk@office-server.local/ward", True),
    ("postgresql://clerk@10.0.0.5/ward?sslmode=prefer", True),
    ("postgresql://clerk@10.0.0.5/ward?sslmode=require", False),
    ("postgresql://clerk@10.0.0.5/ward?wd_allow_no_tls=yes", False),
    ("postgresql://clerk@127.0.0.1/ward", False),
    ("postgresql://clerk@localhost:5433/ward", False),
    ("postgresql://clerk@[::1]/ward", False),
    ("postgresql:///ward", False),
])
def test_a_server_elsewhere_without_tls_is_refused(url, refused, monkeypatch):
    monkeypatch.delenv("PGSSLMODE", raising=False)
    monkeypatch.delenv("WARD_DESK_ALLOW_NO_TLS", raising=False)
    if refused:
        with pytest.raises(WardDeskError) as caught:
            db_server.check_transport(url)
        assert caught.value.code == "db.no_tls"
    else:
        assert "wd_allow_no_tls" not in db_server.check_transport(url)
