"""Whether the ward file must be checked again before anyone works on it. No Qt here.

SQLite's ``PRAGMA quick_check`` reads and checks every page of the file: ~0.7 s on a 20,000-client ward, paid at
the app's start and before the first write of every CLI command (``ward_desk.db.start_check``). Checking bytes
that have not changed since they were last found sound finds nothing new. So when a process that found the file
sound closes it cleanly, it leaves a mark beside it (``ward.db.checked``: the file's size, modification time and
CRC-32, and the day of the full check the mark rests on), and the next opening skips the full check only when

* the file is byte for byte what that close left (its CRC-32 over the whole file, ~0.06 s for 150 MB),
* no write is waiting in a ``-wal`` or ``-journal`` file (a crash, or another process still working on it), and
* the full check was made today (the first opening of each day checks the whole file again).

Anything else (a crash, another program or a failing disk changing a byte, a restore, a key rotation, a new day)
checks the whole file. The mark holds nothing about any person, and a folder that cannot be written simply has
none.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import zlib
from pathlib import Path

MARK_SUFFIX = ".checked"
_CHUNK = 1 << 20


def mark_path(db_path: Path) -> Path:
    return Path(f"{db_path}{MARK_SUFFIX}")


def fingerprint(db_path: Path) -> dict | None:
    """Size, modification time (ns) and CRC-32 of the whole file; None when it cannot be read."""
    try:
        with open(db_path, "rb", buffering=0) as handle:
            before = os.fstat(handle.fileno())
            crc = 0
            while chunk := handle.read(_CHUNK):
                crc = zlib.crc32(chunk, crc)
            after = os.fstat(handle.fileno())
    except OSError:
        return None
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns):
        return None  # written while it was read: nothing to vouch for
    return {"size": after.st_size, "mtime_ns": after.st_mtime_ns, "crc32": crc}


_early: dict[Path, tuple] = {}  # db path -> (thread, [its fingerprint]) started by ``begin_fingerprint``


def begin_fingerprint(db_path: Path) -> None:
    """Read the file's fingerprint in a background thread (CRC-32 lets go of the interpreter), while the key is
    derived and the rest imported; ``checked_today`` takes it when the file has not changed meanwhile."""
    import threading

    db_path = Path(db_path)
    if db_path in _early or not mark_path(db_path).exists():
        return
    found: list = []
    thread = threading.Thread(target=lambda: found.append(fingerprint(db_path)), name="ward-desk check",
                              daemon=True)
    _early[db_path] = (thread, found)
    thread.start()


def _pending_writes(db_path: Path) -> bool:
    for suffix in ("-wal", "-journal"):
        try:
            if os.path.getsize(f"{db_path}{suffix}") > 0:
                return True
        except OSError:
            continue  # no such file: nothing pending
    return False


def may_be_unchanged(db_path: Path, today: dt.date | None = None) -> bool:
    """Whether ``checked_today`` may vouch for the file (its mark is today's, its size and time match, no write
    is pending): only its CRC-32 is left to compare. False: the whole file must be checked."""
    try:
        mark = json.loads(mark_path(db_path).read_text(encoding="utf-8"))
        stat = os.stat(db_path)
        return (str(mark["checked_on"]) == (today or dt.date.today()).isoformat() and not _pending_writes(db_path)
                and (stat.st_size, stat.st_mtime_ns) == (int(mark["size"]), int(mark["mtime_ns"])))
    except (OSError, ValueError, KeyError, TypeError):
        return False


def checked_today(db_path: Path, today: dt.date | None = None) -> str | None:
    """The day (ISO) of the full check the file's mark rests on, when the mark vouches for the file as it is
    now and that check was today; else None (check the whole file). Call it before the file is opened."""
    try:
        mark = json.loads(mark_path(db_path).read_text(encoding="utf-8"))
        day = str(mark["checked_on"])
        wanted = {k: int(mark[k]) for k in ("size", "mtime_ns", "crc32")}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if day != (today or dt.date.today()).isoformat() or _pending_writes(db_path):
        return None
    try:
        stat = os.stat(db_path)
    except OSError:
        return None
    if (stat.st_size, stat.st_mtime_ns) != (wanted["size"], wanted["mtime_ns"]):
        return None  # changed: no need to read it through
    thread, found = _early.pop(Path(db_path), (None, []))
    if thread is not None:
        thread.join()
    read_ahead = found[0] if found else None  # taken when the file had the size and time it has now
    return day if (read_ahead or fingerprint(db_path)) == wanted else None


def leave_mark(db_path: Path, checked_on: str) -> bool:
    """After a clean close of a file found sound (on ``checked_on``): vouch for it as it is now. Nothing is
    left when a write is still pending (another process has it open) or the folder cannot be written."""
    from ward_desk import fileio

    if _pending_writes(db_path):
        return False
    found = fingerprint(db_path)
    if found is None:
        return False
    try:
        fileio.write_private_text(mark_path(db_path), json.dumps({**found, "checked_on": checked_on}),
                                  durable=False)
    except OSError:
        return False
    return True


def forget(db_path: Path) -> None:
    """Drop the mark (a file known to be damaged must never be vouched for)."""
    try:
        mark_path(db_path).unlink()
    except OSError:
        pass
