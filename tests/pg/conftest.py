"""A throwaway PostgreSQL server for the tests in this folder, on loopback, for the whole session.

It is started from the Debian ``postgresql`` package's ``initdb``/``pg_ctl`` in a temporary folder (as the
``postgres`` account when the tests run as root, since the server refuses to run as root) and stopped and
removed at the end. ``scripts/test`` installs the package where apt is available. When no server can be
started, every test here is skipped, and the skip reason says why.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

SUPERUSER = "ward_desk_test"
_SKIPPED_BECAUSE: list[str] = []  # said again at the end of the run, so a quiet run still tells why


def _skip(reason: str):
    _SKIPPED_BECAUSE.append(reason)
    pytest.skip(reason)


def pytest_terminal_summary(terminalreporter):
    if _SKIPPED_BECAUSE:
        terminalreporter.write_line(_SKIPPED_BECAUSE[0], yellow=True)


def _binaries() -> Path | None:
    explicit = os.environ.get("WARD_DESK_PG_BIN")
    candidates = [explicit] if explicit else sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgServer:
    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="ward-desk-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            import pwd

            try:
                account = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise RuntimeError("running as root and there is no 'postgres' account to run the server") from exc
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_user, *args], capture_output=True, text=True, timeout=timeout)

    def start(self) -> None:
        done = self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                         "--encoding=UTF8", "--no-locale", "--no-sync")
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off -c max_connections=50"
        done = self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"),
                         "-o", options, "-w", "-t", "60", "start")
        if done.returncode:
            log = (self.root / "server.log").read_text(errors="replace")[-2000:] if (self.root / "server.log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {done.stderr.strip()} {log}")

    def stop(self) -> None:
        try:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop", timeout=60)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self) -> str:
        import psycopg

        name = f"wd_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name


@pytest.fixture(scope="session")
def pg_server():
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _skip("PostgreSQL tests skipped: the psycopg driver is not installed")
    bin_dir = _binaries()
    if bin_dir is None:
        _skip("PostgreSQL tests skipped: no PostgreSQL server binaries (install the Debian package "
                    "'postgresql', or set WARD_DESK_PG_BIN to the folder holding initdb and pg_ctl)")
    server = PgServer(bin_dir)
    try:
        server.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        server.stop()
        _skip(f"PostgreSQL tests skipped: the server could not be started: {exc}")
    deadline = time.monotonic() + 30
    while True:  # pg_ctl -w already waited; this only guards against a slow first connection
        try:
            import psycopg

            psycopg.connect(server.url("postgres"), connect_timeout=5).close()
            break
        except Exception:
            if time.monotonic() > deadline:
                server.stop()
                _skip("PostgreSQL tests skipped: the server started but does not accept connections")
            time.sleep(0.2)
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    """A URL to a fresh, empty database on the session's server."""
    return pg_server.url(pg_server.create_database())
