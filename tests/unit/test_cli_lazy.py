"""The command line imports the module of the command it runs, not every command's (bench/README.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ward_desk import cli

ROOT = Path(__file__).resolve().parents[2]


def _commands(parser) -> set[str]:
    action = next(a for a in parser._actions if a.dest == "command")
    return set(action.choices)


def test_the_table_names_the_module_of_every_command():
    """Each command is registered by the module COMMANDS names, and every registered command is in it."""
    assert _commands(cli.build_parser()) == set(cli.COMMANDS)
    for command, module in cli.COMMANDS.items():
        assert command in _commands(cli.build_parser([command])), (command, module)
        assert command in _commands(cli.build_parser(["--data-dir", "x", "--user", "u", command, "--help"]))


def test_help_and_unknown_words_list_every_command():
    for argv in (["--help"], ["--data-dir", "x"], ["nonsense"], ["-h", "return"], []):
        assert _commands(cli.build_parser(argv)) == set(cli.COMMANDS), argv


def test_a_command_imports_neither_the_other_commands_nor_the_postgres_driver():
    """`return check` loads its own command module only, and peewee comes without psycopg (only an office
    sharing a PostgreSQL database needs the driver: ward_desk.db_server attaches it)."""
    probe = ("import sys\n"
             "from ward_desk import cli\n"
             "cli.build_parser(['--data-dir', 'x', 'return', 'check', 'f.xlsx'])\n"
             "import ward_desk.db, ward_desk.services.accounts\n"
             "loaded = sorted(m for m in sys.modules if m.startswith('ward_desk.cli.'))\n"
             "assert loaded == ['ward_desk.cli.dhis2', 'ward_desk.cli.returns'], loaded\n"
             "assert 'psycopg' not in sys.modules and 'openpyxl' not in sys.modules, 'heavy module imported'\n")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_peewee_gets_the_driver_when_a_server_database_is_opened():
    probe = ("import sys, peewee\n"
             "assert peewee.psycopg is None and 'psycopg' not in sys.modules\n"
             "from ward_desk import db_server\n"
             "db_server.attach_postgres_driver()\n"
             "import psycopg\n"
             "assert peewee.psycopg is psycopg\n"
             "db = db_server.OfficeDatabase('postgresql://nobody@localhost/none', prefer_psycopg3=True)\n"
             "assert isinstance(db._adapter, peewee.Psycopg3Adapter)\n"
             "assert peewee.Psycopg3Adapter.txn_idle is not None\n")
    result = subprocess.run([sys.executable, "-c", "import ward_desk\n" + probe], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
