"""Two clerks on one shared PostgreSQL database save the same record (issue 18, point 3): the save of a form
loaded before the other clerk's save is refused, never silently undoing it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from ward_desk import db
from ward_desk.services import accounts, records, settings
from tests.conftest import sign_in_test_admin

ROOT = Path(__file__).resolve().parents[2]

SECOND_CLERK = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from ward_desk import db
    from ward_desk.errors import WardDeskError
    from ward_desk.services import accounts, records

    folder, url, record_id = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    db.open_database(folder, url=url)
    accounts.sign_in("lan", "clerk password 1")
    loaded = records.get_record("clients", record_id)  # the form opens
    (folder / "loaded").write_text("1")
    while not (folder / "save").exists():
        time.sleep(0.05)
    try:
        records.save_record("clients", {**loaded, "birth_year": 1992}, record_id, loaded=loaded)
        print("saved")
    except WardDeskError as exc:
        print(exc.code)
    db.close_database()
""")


def _wait_for(path: Path, proc) -> None:
    while not path.exists():
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.05)


def test_the_second_save_of_one_record_is_refused_not_lost(pg_url, tmp_path):
    db.open_database(tmp_path, create=True, url=pg_url)
    sign_in_test_admin()
    settings.initialise_ward("00070")
    accounts.create_user("lan", "clerk password 1", "clerk")
    client = records.save_record("clients", {"client_code": "HK-SHARED-1", "sex": "F", "group": "SW",
                                             "birth_year": 1990})
    folder = tmp_path / "second-pc"
    folder.mkdir()
    script = tmp_path / "second_clerk.py"
    script.write_text(SECOND_CLERK, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(folder), pg_url, str(client.id)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(folder / "loaded", proc)  # both forms are open on the same record
        mine = records.get_record("clients", client.id)
        records.save_record("clients", {**mine, "birth_year": 1985}, client.id, loaded=mine)  # a correction
        (folder / "save").write_text("1")  # now the other clerk saves the form loaded before it
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert out.strip() == "records.changed_meanwhile"
    assert records.get_record("clients", client.id)["birth_year"] == 1985  # the correction stands
    # and the other way round: this session's stale form is refused too, on the same server
    stale = records.get_record("clients", client.id)
    records.save_record("clients", {**stale, "birth_year": 1986}, client.id)
    try:
        records.save_record("clients", {**stale, "birth_year": 1999}, client.id, loaded=stale)
        raise AssertionError("a stale form was saved")
    except Exception as exc:  # noqa: BLE001
        assert getattr(exc, "code", None) == "records.changed_meanwhile"
    db.close_database()
