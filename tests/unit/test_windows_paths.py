"""A data folder under C:\\Users\\Nguyễn Thị Hoa\\AppData\\Local\\WardDesk: Vietnamese letters, spaces and a long
path, for the database, its backups, returns, line lists, logs and the lock. Run through the CLI on Linux with
such a folder name (Windows differs in the 260-character limit, checked below against what the app creates)."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

import pytest

from ward_desk import config, lockinfo
from ward_desk.cli import main

pytestmark = pytest.mark.sqlite_only(reason="the data folder's own files")

USER = "Nguyễn Thị Hoa"
# Windows' classic path limit, and the longest profile folder a ward PC plausibly has
MAX_PATH = 260
LONG_PROFILE = r"C:\Users\Nguyễn Thị Hoa Phương Anh\AppData\Local\WardDesk"


def run(*argv: str) -> int:
    return main(list(argv))


@pytest.fixture
def folder(tmp_path):
    # spaces and Vietnamese letters; long (over 260 characters in all) where the OS allows it without
    # Windows' long-path setting, which a ward PC may not have (the limit is checked below instead)
    part = ("Dữ liệu phường Hoàn Kiếm " * (1 if os.name == "nt" else 4)).strip()
    deep = tmp_path / "C" / "Users" / USER / "AppData" / "Local" / part / part
    path = deep / "WardDesk"
    assert os.name == "nt" or len(str(path)) > MAX_PATH
    return path


def test_every_file_the_app_keeps_works_in_a_vietnamese_long_folder(folder, tmp_path, capsys, monkeypatch):
    d = str(folder)
    assert run("--data-dir", d, "init", "--unit", "00070") == 0
    assert run("--data-dir", d, "demo", "--clients", "15", "--seed", "2") == 0
    line_list = folder / "Xuất dữ liệu" / "Danh sách khách hàng.xlsx"
    line_list.parent.mkdir()
    assert run("--data-dir", d, "records", "export", str(line_list)) == 0
    assert run("--data-dir", d, "records", "import", str(line_list)) == 0
    assert run("--data-dir", d, "return", "export", "--period", "2026-11") == 0
    assert list((folder / "returns").glob("WDR1_00070_2026-11*.xlsx"))
    assert run("--data-dir", d, "return", "check", *map(str, (folder / "returns").glob("*.xlsx"))) == 0
    assert run("--data-dir", d, "audit", "export", str(folder / "Nhật ký.csv")) == 0
    assert run("--data-dir", d, "backup", "create") == 0
    backups = list((folder / "backups").glob("*.wdbak"))
    assert len(backups) == 1
    assert run("--data-dir", d, "backup", "restore", str(backups[0])) == 0
    assert run("--data-dir", d, "audit", "verify") == 0
    capsys.readouterr()

    # logs: an unexpected failure leaves its traceback in logs/errors.log under that folder
    from ward_desk.services import backup

    monkeypatch.setattr(backup, "list_backups", lambda *a, **k: 1 / 0)
    assert run("--data-dir", d, "backup", "list") == 1
    err = capsys.readouterr().err
    log = folder / config.LOG_FOLDER / "errors.log"
    assert str(log) in err and "ZeroDivisionError" in log.read_text(encoding="utf-8")
    monkeypatch.undo()

    # the lock: a window of another process holding this folder stops a restore, naming who holds it
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom ward_desk.ui.security.instance import SingleInstance\n"
         "i = SingleInstance(sys.argv[1]); print(i.acquire(), flush=True); sys.stdin.readline(); i.release()", d],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "QT_QPA_PLATFORM": "offscreen"})
    try:
        assert holder.stdout.readline().strip() == "True"
        assert (folder / config.INSTANCE_LOCK).exists()
        assert config.process_holding_folder(folder) == holder.pid
        assert run("--data-dir", d, "backup", "restore", str(backups[0])) == 1
        err = capsys.readouterr().err
        assert str(holder.pid) in err and lockinfo.current().host in err
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    assert not (folder / config.INSTANCE_LOCK).exists()

    # Windows' 260-character limit: what the app creates inside the folder fits under a long profile path
    inside = [p.relative_to(folder) for p in folder.rglob("*") if "Xuất dữ liệu" not in str(p)]
    longest = max(len(str(p)) for p in inside)
    assert len(LONG_PROFILE) + 1 + longest < MAX_PATH, max(inside, key=lambda p: len(str(p)))


def test_a_decomposed_folder_name_is_the_same_folder(tmp_path, capsys):
    """macOS and some copy tools write NFD names: Ward Desk uses the path as given, never re-normalised."""
    nfd = tmp_path / unicodedata.normalize("NFD", USER) / "WardDesk"
    assert run("--data-dir", str(nfd), "init", "--unit", "00070") == 0
    assert (nfd / config.DATABASE_FILE).exists()
    assert run("--data-dir", str(nfd), "audit", "verify") == 0
