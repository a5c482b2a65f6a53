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


def saved_server_url(folder: Path) -> str | None:
    try:
        url = (folder / SERVER_FILE).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return url or None


def save_server_url(folder: Path, url: str | None) -> None:
    """Remember (or with None forget) the shared database of a data folder."""
    path = folder / SERVER_FILE
    if url is None:
        path.unlink(missing_ok=True)
        return
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(url + "\n", encoding="utf-8")
    os.replace(tmp, path)


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
