"""Windows fast user switching: the data folder's lock held by another person's window, still running in their
switched-away session, or left by it. The second start says who holds it and what to do, instead of "brought
forward" (which would happen where nobody sees it). Simulated with a second process under another user name."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from ward_desk import lockinfo, messages
from ward_desk.ui.security.instance import LOCK_NAME, SingleInstance

OTHER_USER = "Nguyễn Thị Hoa"
HOLD = """
import sys
from ward_desk.ui.security.instance import SingleInstance
instance = SingleInstance(sys.argv[1])
print("held" if instance.acquire() else "refused", flush=True)
sys.stdin.readline()
instance.release()
"""


def _as_other_user() -> dict[str, str]:
    # getpass.getuser() reads these first: the child process is "another Windows user"
    return {**os.environ, "LOGNAME": OTHER_USER, "USER": OTHER_USER, "USERNAME": OTHER_USER, "LNAME": OTHER_USER,
            "PYTHONPATH": os.pathsep.join(sys.path), "PYTHONIOENCODING": "utf-8"}


@pytest.fixture
def other_session(tmp_path):
    folder = tmp_path / "WardDesk"
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, env=_as_other_user(), text=True, encoding="utf-8")
    try:
        assert child.stdout.readline().strip() == "held"
        yield folder, child
    finally:
        child.stdin.close()
        child.wait(timeout=60)


def test_a_lock_held_in_another_persons_session_names_them(qtbot, other_session, english):
    folder, child = other_session
    second = SingleInstance(folder)
    assert not second.acquire()
    holder = second.holder
    assert holder is not None and holder.user == OTHER_USER and holder.pid == child.pid
    assert holder.host == socket.gethostname() and not holder.is_this_session()
    text = messages.text("lock.held_elsewhere", holder=holder.describe())
    assert OTHER_USER in text and str(child.pid) in text and socket.gethostname() in text
    assert holder.since and holder.since in text  # since when
    assert "Switch user" in text and "close Ward Desk there" in text  # what to do
    assert lockinfo.describe(folder) == holder.describe()  # what `backup restore` says too


def test_the_window_wakes_only_for_its_own_session(qtbot, tmp_path):
    folder = tmp_path / "WardDesk"
    first = SingleInstance(folder)
    assert first.acquire()
    assert lockinfo.recorded(folder).pid == os.getpid()
    second = SingleInstance(folder)
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert not second.acquire()
    assert second.holder.is_this_session()
    first.release()
    assert not (folder / lockinfo.INFO_FILE).exists()


def test_a_lock_left_by_another_persons_session_is_taken_only_when_the_clerk_agrees(qtbot, tmp_path,
                                                                                      monkeypatch, english):
    """Qt takes over a lock whose process it finds gone: on Windows, a process of another user in a switched-away
    session cannot be opened and looks gone, so the clerk is asked first, with who and since when."""
    folder = tmp_path / "WardDesk"
    folder.mkdir()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    pid = int(gone.stdout)
    (folder / LOCK_NAME).write_text(f"{pid}\n{Path(sys.executable).name}\n{socket.gethostname()}\n",
                                    encoding="utf-8")
    (folder / lockinfo.INFO_FILE).write_text(
        f'{{"user": "{OTHER_USER}", "host": "{socket.gethostname()}", "pid": {pid}, "session": "2", '
        f'"since": "06/12/2026 08:15"}}', encoding="utf-8")
    instance = SingleInstance(folder)
    assert instance.acquire()
    assert instance.taken_over is not None and instance.taken_over.user == OTHER_USER
    asked = []

    from PySide6.QtWidgets import QMessageBox

    from ward_desk import app

    def question(_parent, _title, text, _buttons, default):
        asked.append((text, default))
        return QMessageBox.No

    monkeypatch.setattr(QMessageBox, "question", question)
    assert app.confirm_takeover(instance.taken_over) is False
    text, default = asked[0]
    assert OTHER_USER in text and "06/12/2026 08:15" in text and str(pid) in text
    assert "Open it here anyway?" in text and default == QMessageBox.No  # the safe answer is the default
    instance.release()
    again = SingleInstance(folder)
    assert again.acquire() and again.taken_over is None  # this person's own lock next time: no question
    again.release()
