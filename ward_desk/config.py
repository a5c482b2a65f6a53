"""Core layer: where data lives and which language people read. No Qt here.

The data folder (``--data-dir``, else ``WARD_DESK_DATA_DIR``, else the platform's per-user data folder) holds
one ward's (or one office's) database, its backups and its logs.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "WardDesk"
DATABASE_FILE = "ward.db"
BACKUP_FOLDER = "backups"
LOG_FOLDER = "logs"
# A data folder whose database lives on a shared PostgreSQL server keeps the server's address here (never its
# password), so the app and the CLI started on that folder open the server without ``--database``.
SERVER_FILE = "server-database.txt"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("WARD_DESK_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def database_path(folder: Path) -> Path:
    return folder / DATABASE_FILE


INSTANCE_LOCK = "ward-desk.lock"  # held by the desktop app on its data folder (ui.security.instance)


def process_holding_folder(folder: Path) -> int | None:
    """The id of another live process whose Ward Desk window has ``folder`` open (its QLockFile: pid, app name,
    host on separate lines), else None. A lock from another PC is taken as held: it cannot be checked."""
    import socket

    try:
        lines = (Path(folder) / INSTANCE_LOCK).read_text(encoding="utf-8", errors="replace").splitlines()
        pid = int(lines[0].strip())
    except (OSError, ValueError, IndexError):
        return None
    host = lines[2].strip() if len(lines) > 2 else ""
    if pid == os.getpid() and (not host or host == socket.gethostname()):
        return None  # this very process: the app's own Backups screen
    if host and host != socket.gethostname():
        return pid
    return pid if _alive(pid) else None


def _alive(pid: int) -> bool:
    if os.name == "nt":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def anchor_path(folder: Path) -> Path:
    """The audit trail's end anchor (``services.audit``): outside the database, so removing its newest entries
    inside the database is seen."""
    return folder / "audit.head"


def saved_server_url(folder: Path) -> str | None:
    try:
        url = (folder / SERVER_FILE).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return url or None


def language() -> str:
    """``vi`` (default) or ``en``, from ``WARD_DESK_LANG`` (the UI may override it from Settings)."""
    global _language_override
    if _language_override:
        return _language_override
    value = os.environ.get("WARD_DESK_LANG", "vi").strip().lower()
    return "en" if value.startswith("en") else "vi"


_language_override: str | None = None


def set_language(lang: str | None) -> None:
    global _language_override
    _language_override = lang
