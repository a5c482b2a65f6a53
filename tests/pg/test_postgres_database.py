"""PostgreSQL as an office's database: opening, schema, settings, errors, and serialised write transactions."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ward_desk import db
from ward_desk.errors import WardDeskError
from ward_desk.models import ALL_MODELS, ExportHistory, database, migrations
from ward_desk.services import settings
from tests.conftest import sign_in_test_admin

ROOT = Path(__file__).resolve().parents[2]


def test_a_new_office_database_gets_the_whole_schema_and_keeps_its_settings(pg_url, tmp_path):
    opened = db.open_database(tmp_path, create=True, url=pg_url)
    assert type(opened).__name__ == "OfficeDatabase"
    settings.initialise_ward("00070")
    tables = set(opened.get_tables())
    db.close_database()

    sqlite = db.open_database(tmp_path / "sqlite", create=True)
    assert tables == set(sqlite.get_tables()) == {m._meta.table_name for m in ALL_MODELS}
    db.close_database()

    db.open_database(tmp_path, url=pg_url)
    sign_in_test_admin()
    assert settings.get("unit_code") == "00070"
    assert migrations.current_version(database.obj) == migrations.SCHEMA_VERSION
    settings.set_many({"period_basis": "nd09"})  # an upsert both back ends take
    settings.set_many({"period_basis": "calendar"})
    assert settings.get("period_basis") == "calendar"
    db.close_database()


def test_opening_problems_are_messages_not_tracebacks(pg_server, pg_url, tmp_path, english):
    with pytest.raises(WardDeskError) as caught:
        db.open_database(tmp_path, url=pg_url)
    assert caught.value.code == "db.server_missing"
    db.open_database(tmp_path, create=True, url=pg_url)
    db.close_database()
    with pytest.raises(WardDeskError) as caught:
        db.open_database(tmp_path, create=True, url=pg_url)
    assert caught.value.code == "db.server_exists"
    with pytest.raises(WardDeskError) as caught:
        db.open_database(tmp_path, url="mysql://clerk:secret@host/db")
    assert caught.value.code == "db.bad_url" and "secret" not in caught.value.message()
    closed_port = pg_server.port + 1 if pg_server.port < 65535 else pg_server.port - 1
    with pytest.raises(WardDeskError) as caught:
        db.open_database(tmp_path, url=f"postgresql://clerk:secret@127.0.0.1:{closed_port}/nothing")
    assert caught.value.code == "db.server_unreachable"
    assert "secret" not in caught.value.message() and "clerk:***@" in caught.value.message()


def test_cli_takes_the_database_option_and_the_environment(pg_url, tmp_path, monkeypatch, capsys):
    from ward_desk.cli import main

    assert main(["--data-dir", str(tmp_path), "--database", pg_url, "init", "--unit", "00070"]) == 0
    assert not (tmp_path / "ward.db").exists()  # the data folder's SQLite file was not used
    monkeypatch.setenv("WARD_DESK_DATABASE", pg_url)
    assert main(["--data-dir", str(tmp_path / "other"), "init", "--unit", "00070"]) == 1
    assert "Ward Desk" in capsys.readouterr().err  # db.server_exists, in Vietnamese by default
    with db.opened(tmp_path, url=pg_url):
        assert settings.get("unit_code") == "00070"


NEXT_NUMBER = textwrap.dedent("""
    import sys
    from ward_desk import db
    from ward_desk.models import ExportHistory, database, utcnow
    from peewee import fn

    db.open_database(sys.argv[1], url=sys.argv[2])
    for _ in range(int(sys.argv[3])):
        with database.atomic():  # read the last number, then write the next: the export's numbering rule
            last = ExportHistory.select(fn.MAX(ExportHistory.submission_no)).scalar() or 0
            ExportHistory.create(period="2026-10", basis="calendar", submission_no=last + 1,
                                 content_sha256=sys.argv[4], file_name="f", generated_at=utcnow(),
                                 grid_json="[]")
    db.close_database()
""")


def test_concurrent_read_then_write_transactions_never_interleave(pg_url, tmp_path):
    db.open_database(tmp_path, create=True, url=pg_url)
    settings.initialise_ward("00070")
    db.close_database()
    script = tmp_path / "next_number.py"
    script.write_text(NEXT_NUMBER, encoding="utf-8")
    runs = 150
    procs = [subprocess.Popen([sys.executable, str(script), str(tmp_path / f"p{i}"), pg_url, str(runs), f"p{i}"],
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    with db.opened(tmp_path, url=pg_url):
        numbers = [row.submission_no for row in ExportHistory.select().order_by(ExportHistory.submission_no)]
        writers = {row.content_sha256 for row in ExportHistory.select()}
    assert numbers == list(range(1, 2 * runs + 1))  # none lost, none numbered twice
    assert writers == {"p0", "p1"}


AUDITOR = textwrap.dedent("""
    import sys
    from ward_desk import db
    from ward_desk.models import database
    from ward_desk.services import audit, session

    db.open_database(sys.argv[1], url=sys.argv[2])
    session.set_actor(sys.argv[4])
    for n in range(int(sys.argv[3])):
        with database.atomic():  # one user action: its change and its audit entry, chained to the last one
            audit.log("test", detail=f"{sys.argv[4]} {n}")
    db.close_database()
""")


def test_two_clerks_keep_one_unbroken_audit_chain(pg_url, tmp_path):
    from ward_desk.models import AuditEntry
    from ward_desk.services import audit

    db.open_database(tmp_path, create=True, url=pg_url)
    settings.initialise_ward("00070")
    before = AuditEntry.select().count()
    db.close_database()
    script = tmp_path / "auditor.py"
    script.write_text(AUDITOR, encoding="utf-8")
    runs = 120
    procs = [subprocess.Popen([sys.executable, str(script), str(tmp_path / f"a{i}"), pg_url, str(runs), f"clerk{i}"],
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for i in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    with db.opened(tmp_path, url=pg_url):
        assert AuditEntry.select().count() == before + 2 * runs
        assert {e.user_name for e in AuditEntry.select().where(AuditEntry.action == "test")} == {"clerk0", "clerk1"}
        assert audit.verify() == []  # no fork: every entry follows the one committed before it


def test_backup_on_a_shared_server_says_to_use_the_servers_tools(pg_url, tmp_path, capsys, english):
    from ward_desk.cli import main

    assert main(["--data-dir", str(tmp_path), "--database", pg_url, "init", "--unit", "00070"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "--database", pg_url, "backup", "create"]) == 1
    err = capsys.readouterr().err
    assert "pg_dump" in err and "Unexpected" not in err


NUMBERER = textwrap.dedent("""
    import datetime as dt
    import sys
    from ward_desk import db
    from ward_desk.services import records
    from tests.conftest import sign_in_test_admin

    db.open_database(sys.argv[1], url=sys.argv[2])
    sign_in_test_admin()
    for n in range(int(sys.argv[3])):  # each save numbers its contact in its own transaction
        records.save_record("contacts", {"client_code": "C1", "date": dt.date(2026, 1, 1) + dt.timedelta(days=n % 300),
                                         "channel": "DIRECT", "staff": sys.argv[4]})
    db.close_database()
""")


def test_two_clerks_saving_at_once_never_get_the_same_id(pg_url, tmp_path):
    from ward_desk.models import Contact
    from ward_desk.services import records

    db.open_database(tmp_path, create=True, url=pg_url)
    sign_in_test_admin()
    settings.initialise_ward("00070")
    records.save_record("clients", {"client_code": "C1", "sex": "F", "group": "SW"})
    db.close_database()
    script = tmp_path / "numberer.py"
    script.write_text(NUMBERER, encoding="utf-8")
    runs = 60
    procs = [subprocess.Popen([sys.executable, str(script), str(tmp_path / f"n{i}"), pg_url, str(runs), f"clerk{i}"],
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for i in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    with db.opened(tmp_path, url=pg_url):
        refs = sorted(c.ref for c in Contact.select())
        staff = {c.staff for c in Contact.select()}
    assert refs == [f"DK{n:07d}" for n in range(1, 2 * runs + 1)]  # none lost, none given twice
    assert staff == {"clerk0", "clerk1"}
