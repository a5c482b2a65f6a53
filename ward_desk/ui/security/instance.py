"""UI layer: one Ward Desk window per data folder.

Two windows on one ward file would each hold their own idea of the open forms and the lock; a clerk double-
clicking the icon again should just get the open window back. The first instance holds a ``QLockFile`` in the
data folder (stale after a crash: Qt takes it over when its process is gone) and listens on a local socket
named after the folder; a second start finds the lock taken, asks the first to come forward, and ends.

On a PC shared through Windows fast user switching the holder may be another person's window in their
switched-away session: then nothing is woken (it would come forward where nobody sees it) and ``holder`` says
who it is (``ward_desk.lockinfo``), for the message. A lock Qt took over from another person's session that
it could not check (a process of another user cannot be opened) is reported in ``taken_over``, for a question.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from ward_desk import lockinfo
from ward_desk.config import INSTANCE_LOCK as LOCK_NAME  # the domain reads it too (backup.restore)


def _server_name(folder: Path) -> str:
    return "WardDesk-" + hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:20]


class SingleInstance(QObject):
    activated = Signal()  # another start asked this one to come forward

    def __init__(self, folder, parent=None):
        super().__init__(parent)
        self.folder = Path(folder)
        self.name = _server_name(self.folder)
        self.lock: QLockFile | None = None
        self.server: QLocalServer | None = None
        self.holder: lockinfo.Holder | None = None  # who has the folder, when acquire() said False
        self.taken_over: lockinfo.Holder | None = None  # whose lock from another session acquire() took

    def acquire(self) -> bool:
        """True: this is the only Ward Desk on the folder. False: another one has it (and was asked forward)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.holder = self.taken_over = None
        before = lockinfo.holder(self.folder) if (self.folder / LOCK_NAME).exists() else None
        lock = QLockFile(str(self.folder / LOCK_NAME))
        lock.setStaleLockTime(0)  # only a dead process's lock is stale, however old
        if not lock.tryLock(200):
            self.holder = lockinfo.holder(self.folder)
            if self.holder is None or self.holder.is_this_session():
                self._wake_the_other()
            return False
        self.lock = lock
        if before is not None and before.user and not before.is_this_session():
            self.taken_over = before
        lockinfo.record(self.folder)
        QLocalServer.removeServer(self.name)  # a crashed instance's socket file
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._on_connection)
        self.server.listen(self.name)
        return True

    def _wake_the_other(self) -> None:
        socket = QLocalSocket(self)
        socket.connectToServer(self.name)
        if socket.waitForConnected(1000):
            socket.write(b"raise\n")
            socket.flush()
            socket.waitForBytesWritten(1000)
            socket.disconnectFromServer()
        socket.abort()
        socket.deleteLater()

    def _on_connection(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            connection.readyRead.connect(self._on_message)
            connection.disconnected.connect(connection.deleteLater)

    def _on_message(self) -> None:
        connection = self.sender()
        if connection is not None:
            connection.readAll()
        self.activated.emit()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        if self.lock is not None:
            lockinfo.forget(self.folder)
            self.lock.unlock()
            self.lock = None


def bring_forward(window) -> None:
    window.showNormal() if window.isMinimized() else window.show()
    window.raise_()
    window.activateWindow()
