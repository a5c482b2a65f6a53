"""Core layer: who holds a data folder's ``ward-desk.lock``, in words a clerk can act on. No Qt here.

The desktop app holds a ``QLockFile`` (``ui.security.instance``) whose file says only a process id, a program
and a host. On a Windows PC shared through fast user switching, the holder can be another person's window,
still running in their (switched-away) session: bringing "the open window" forward then shows nothing, and a
process of another user often cannot even be checked, so Qt may take that lock for a dead one. Beside the lock
the holder therefore writes ``ward-desk.lock.who``: the Windows (or Linux) user, PC, process, session and the
time it opened the folder, so that a second start can say who has the folder open and what to do.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
from dataclasses import asdict, dataclass
from pathlib import Path

from ward_desk import config, messages

INFO_FILE = "ward-desk.lock.who"

messages.register({
    "lock.holder": ("{user} trên máy {host} (tiến trình {pid}, mở từ {since})",
                    "{user} on {host} (process {pid}, open since {since})"),
    "lock.holder_unknown": ("một tiến trình khác trên máy {host} (tiến trình {pid})",
                            "another process on {host} (process {pid})"),
    "lock.held_elsewhere": (
        "Ward Desk đang mở thư mục dữ liệu này bởi {holder}, trong phiên đăng nhập của người khác. Hãy chuyển "
        "sang người dùng đó (Ctrl+Alt+Del → Chuyển người dùng), đóng Ward Desk ở đó rồi mở lại ở đây. Nếu người đó đã đăng "
        "xuất hoặc máy đã khởi động lại, khóa tự được giải phóng.",
        "Ward Desk has this data folder open for {holder}, in another person's session. Switch to that user "
        "(Ctrl+Alt+Del → Switch user), close Ward Desk there, then start it here again. If that person has "
        "signed out or the PC was restarted since, the lock is released by itself."),
    "lock.taken_over": (
        "Ward Desk đã được mở trên thư mục dữ liệu này bởi {holder}, trong phiên đăng nhập của người khác mà "
        "phiên này không kiểm tra được. Nếu phiên đó vẫn đăng nhập, cửa sổ ở đó sẽ tiếp tục ghi vào cùng tệp và mất dữ "
        "liệu: hãy chuyển sang người dùng đó và đóng Ward Desk trước. Vẫn mở ở đây?",
        "Ward Desk was left open on this data folder by {holder}, in another person's session that this one "
        "cannot check. If that session is still signed in, its window would go on saving into the same file and "
        "work would be lost: switch to that user and close Ward Desk there first. Open it here anyway?"),
})


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int
    session: str
    since: str  # local time, dd/mm/yyyy HH:MM

    def describe(self) -> str:
        if not self.user:
            return messages.text("lock.holder_unknown", host=self.host or "?", pid=self.pid)
        return messages.text("lock.holder", user=self.user, host=self.host, pid=self.pid, since=self.since)

    def is_this_session(self) -> bool:
        """The same person in the same (Windows) session on this PC: a window this start can bring forward."""
        me = current()
        return (self.host or me.host) == me.host and self.user in ("", me.user) and self.session in ("", me.session)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return ""


def _session() -> str:
    if os.name == "nt":
        import ctypes

        session = ctypes.c_ulong()
        if ctypes.windll.kernel32.ProcessIdToSessionId(os.getpid(), ctypes.byref(session)):
            return str(session.value)
        return ""
    return ""  # one desktop session per user elsewhere: a second terminal is the same person's


def current() -> Holder:
    return Holder(_user(), socket.gethostname(), os.getpid(), _session(),
                  dt.datetime.now().strftime("%d/%m/%Y %H:%M"))


def record(folder: Path) -> None:
    """Called by the lock's holder right after taking it."""
    from ward_desk import fileio

    fileio.write_text(Path(folder) / INFO_FILE, json.dumps(asdict(current()), ensure_ascii=False))


def forget(folder: Path) -> None:
    """Called by the holder when it lets the lock go (only its own record)."""
    info = recorded(folder)
    if info is not None and info.pid == os.getpid() and info.host == socket.gethostname():
        (Path(folder) / INFO_FILE).unlink(missing_ok=True)


def recorded(folder: Path) -> Holder | None:
    """The last holder's record (it stays when that window crashed or its session ended)."""
    try:
        data = json.loads((Path(folder) / INFO_FILE).read_text(encoding="utf-8"))
        return Holder(str(data["user"]), str(data["host"]), int(data["pid"]), str(data.get("session", "")),
                      str(data.get("since", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def holder(folder: Path) -> Holder | None:
    """Who holds the lock now, as far as its files say (None: no lock file)."""
    try:
        lines = (Path(folder) / config.INSTANCE_LOCK).read_text(encoding="utf-8", errors="replace").splitlines()
        pid = int(lines[0].strip())
    except (OSError, ValueError, IndexError):
        return None
    host = lines[2].strip() if len(lines) > 2 else ""
    info = recorded(folder)
    if info is not None and info.pid == pid and (not host or info.host == host):
        return info
    return Holder("", host, pid, "", "")


def describe(folder: Path) -> str:
    """``Nguyễn Thị Hoa on WARD-PC (process 1234, open since 06/12/2026 08:15)``, or what the lock file says."""
    found = holder(folder)
    return found.describe() if found is not None else "?"
