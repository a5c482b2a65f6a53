"""The CLI and the database passphrase: asked in a terminal when nothing else unlocks the key, never masked
when a wrong one is in the environment, and a database made by a command shows its recovery code once."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import TEST_PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


def _env(**changes) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WARD_DESK_LANG": "en"}
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _cli(*args, **env):
    return subprocess.run([sys.executable, "-m", "ward_desk", *args], cwd=ROOT, env=_env(**env),
                          capture_output=True, text=True, timeout=120)


def test_demo_in_a_new_folder_prints_its_recovery_code(tmp_path):
    done = _cli("--data-dir", str(tmp_path / "w"), "demo", "--unit", "00070", "--clients", "20")
    assert done.returncode == 0, done.stderr
    assert "recovery code" in done.stderr.lower() or "mã khôi phục" in done.stderr.lower()
    again = _cli("--data-dir", str(tmp_path / "w"), "records", "export", str(tmp_path / "all.xlsx"))
    assert again.returncode == 0, again.stderr
    assert "recovery" not in again.stderr.lower()  # once, when the key is made


def _run_in_terminal(args: list[str], answer: str, env: dict) -> tuple[int, str]:
    """Run the CLI on a pseudo-terminal (as a clerk at a console) and type ``answer`` at the first prompt.
    (subprocess, not pty.fork: forking the multi-threaded test process could deadlock the child.)"""
    import select

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "ward_desk", *args], cwd=ROOT, env=env, stdin=slave,
                            stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    output, typed, deadline = b"", False, time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            if not typed and b"passphrase" in output.lower() and output.rstrip().endswith(b":"):
                os.write(master, answer.encode() + b"\n")
                typed = True
        elif proc.poll() is not None:
            break
    proc.wait(timeout=30)
    os.close(master)
    return proc.returncode, output.decode("utf-8", "replace")


def test_in_a_terminal_the_passphrase_is_asked_when_no_keyring_holds_the_key(tmp_path):
    folder = tmp_path / "w"
    assert _cli("--data-dir", str(folder), "init", "--unit", "00070").returncode == 0
    env = _env(WARD_DESK_PASSPHRASE=None)  # the null keyring here: only the passphrase opens it
    code, output = _run_in_terminal(["--data-dir", str(folder), "backup", "list"], TEST_PASSPHRASE, env)
    assert code == 0, output
    assert "Traceback" not in output


def test_a_wrong_passphrase_in_the_environment_is_said_not_asked_again(tmp_path):
    folder = tmp_path / "w"
    assert _cli("--data-dir", str(folder), "init", "--unit", "00070").returncode == 0
    wrong = _cli("--data-dir", str(folder), "backup", "list", WARD_DESK_PASSPHRASE="not the passphrase")
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
