"""The domain unit tests again, on PostgreSQL (issue 8: the same tests against both back ends).

The modules below run in a child pytest with ``WARD_DESK_TEST_DATABASE`` pointing at this session's throwaway
server: their ``ward_db`` is then a fresh database on it, opened through ``open_database(url=...)`` like an
office's, with the ward initialised and the test admin signed in (``tests/conftest.py``). Tests that need a
ward's SQLCipher file itself (its bytes, key, backups, the audit anchor beside it, a second data folder) are
marked ``sqlite_only`` and skipped there, each saying why. No server: skipped, as every test in this folder.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import TEST_DATABASE_ENV

ROOT = Path(__file__).resolve().parents[2]

# The domain modules that work on a ward's database.
MODULES = [
    "tests/pg/ward_db_probe.py",  # first: ward_db really is PostgreSQL there
    "tests/unit/test_indicators.py",
    "tests/unit/test_records_io.py",
    "tests/unit/test_records_service.py",
    "tests/unit/test_rules.py",
    "tests/unit/test_closing.py",
    "tests/unit/test_followups.py",
    "tests/unit/test_dashboard_service.py",
    "tests/unit/test_queries.py",
    "tests/unit/test_export_numbering.py",
    "tests/unit/test_conformance.py",
    "tests/unit/test_catalogue.py",  # a province file's indicators computed on PostgreSQL too
    "tests/unit/test_accounts.py",
    "tests/unit/test_audit_chain.py",
    "tests/unit/test_return_workbook.py",
    "tests/unit/test_office.py",
    "tests/unit/test_uic.py",
    "tests/unit/test_demo.py",
    "tests/unit/test_hostile_input.py",
    "tests/unit/test_spec_records.py",
    "tests/unit/test_records_own_export.py",
    "tests/unit/test_reports_plan.py",  # the plan targets table, the Targets sheet
]


def test_the_domain_unit_tests_pass_on_postgresql(pg_server):
    env = {**os.environ, TEST_DATABASE_ENV: pg_server.url("postgres")}
    env.pop("WARD_DESK_DATABASE", None)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfEs",
                           "--tb=short", *MODULES], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=540)  # under pytest-timeout's 600 s, so the child's output is shown
    output = done.stdout + done.stderr
    summary = output.strip().splitlines()[-1] if output.strip() else "(no output)"
    print(f"unit tests on PostgreSQL: {summary} ({time.monotonic() - started:.0f} s)")
    assert done.returncode == 0, f"the unit tests failed on PostgreSQL:\n{output[-20000:]}"
    assert re.search(r"\b\d+ passed\b", summary), output[-5000:]
    # only the marked tests are skipped there, never a whole module for a missing driver or server
    skipped = [line for line in output.splitlines() if line.startswith("SKIPPED")]
    assert all("SQLite file only:" in line for line in skipped), "\n".join(skipped)
