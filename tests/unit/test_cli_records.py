"""`ward-desk records import|export` and `demo`: output, exit codes, no tracebacks."""

from __future__ import annotations

import pytest

from ward_desk.cli import main
from ward_desk.db import opened
from ward_desk.models.records import Client

from tests.unit.records_workbooks import CLIENTS, CONTACTS, write_workbook


def run(*argv) -> int:
    return main(list(argv))


def test_demo_export_import(tmp_path, capsys):
    folder = str(tmp_path / "ward")
    assert run("--data-dir", folder, "demo", "--unit", "00070", "--clients", "50", "--seed", "4") == 0
    assert "00070" in capsys.readouterr().out
    out_file = str(tmp_path / "r.xlsx")
    assert run("--data-dir", folder, "records", "export", out_file) == 0
    assert run("--data-dir", folder, "records", "import", out_file) == 0
    out = capsys.readouterr().out
    assert "thêm 0" in out and "giữ nguyên" in out
    # a different unit in the same folder is refused
    assert run("--data-dir", folder, "demo", "--unit", "00004") == 1
    assert "00070" in capsys.readouterr().err


def test_import_prints_per_sheet_counts_in_english(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("WARD_DESK_LANG", "en")
    folder = str(tmp_path / "ward")
    assert run("--data-dir", folder, "init", "--unit", "00070") == 0
    path = write_workbook(tmp_path / "r.xlsx", {"clients": CLIENTS, "contacts": CONTACTS})
    assert run("--data-dir", folder, "records", "import", str(path)) == 0
    out = capsys.readouterr().out
    # 2 clients, 2 contacts and C001's version 1 consent_on as a STORE consent
    assert "left alone" in out and "Imported r.xlsx: 5 added, 0 left alone, 0 updated." in out


def test_bad_file_exit_1_with_messages_and_no_traceback(tmp_path, capsys):
    folder = str(tmp_path / "ward")
    assert run("--data-dir", folder, "init", "--unit", "00070") == 0
    path = write_workbook(tmp_path / "bad.xlsx", {"contacts": [CONTACTS[0], ["K1", "NOBODY", "2025-01-01", "X"]]})
    assert run("--data-dir", folder, "records", "import", str(path)) == 1
    err = capsys.readouterr().err
    assert "contacts!D2: mã không hợp lệ 'X'" in err and "contacts!B2" in err and "Traceback" not in err
    with opened(folder):
        assert Client.select().count() == 0


def test_conflict_then_update(tmp_path, capsys):
    folder = str(tmp_path / "ward")
    run("--data-dir", folder, "init", "--unit", "00070")
    run("--data-dir", folder, "records", "import", str(write_workbook(tmp_path / "a.xlsx", {"clients": CLIENTS})))
    changed = [CLIENTS[0], ["C001", "M", 1990, "SW", "Y", None, None]]
    path = str(write_workbook(tmp_path / "b.xlsx", {"clients": changed}))
    assert run("--data-dir", folder, "records", "import", path) == 1
    assert "--update" in capsys.readouterr().err
    assert run("--data-dir", folder, "records", "import", path, "--update") == 0


def test_usage_errors_exit_2(tmp_path):
    with pytest.raises(SystemExit) as exited:
        run("records")
    assert exited.value.code == 2
