"""UI layer: long work (export, import, consolidation) off the GUI thread, with a progress bar and a cancel button.

A service function that may take a while accepts ``progress(done, total)`` and ``cancel`` (a
``threading.Event``) keyword arguments; it checks ``cancel`` between steps and, when it is set, stops before
writing anything (files are written to a temporary name and renamed at the end, database work is one
transaction) and raises (or returns None). A result returned means the work was done, even if Cancel was
pressed in its last instant. ``ServiceTask`` runs such a function on a single-thread pool
(one writer at a time; peewee gives the thread its own connection, closed at the end) and reports back through
signals; the worker never touches a widget. ``TaskDialog`` is the modal progress window screens use.
"""

from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QProgressBar, QVBoxLayout, QWidget

from ward_desk import db, messages
from ward_desk.errors import WardDeskError

messages.register({
    "task.working": ("Đang xử lý…", "Working…"),
    "task.cancel": ("Hủy", "Cancel"),
    "task.cancelling": ("Đang hủy… chưa có gì được ghi.", "Cancelling… nothing has been written."),
    "task.cancelled": ("Đã hủy, không có gì được ghi.", "Cancelled; nothing was written."),
})

_pool: QThreadPool | None = None


def pool() -> QThreadPool:
    """One worker thread: database writers never race each other, and the GUI thread stays free."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


class TaskSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class ServiceTask(QRunnable):
    """Runs ``fn(*args, progress=..., cancel=..., **kwargs)`` on the pool and reports through ``signals``."""

    def __init__(self, fn: Callable, *args, **kwargs):
        super().__init__()
        self.setAutoDelete(False)  # the caller keeps it (and its signals) alive until a result arrives
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.cancel_event = threading.Event()
        self.signals = TaskSignals()
        self.done = threading.Event()

    def cancel(self) -> None:
        self.cancel_event.set()

    def _progress(self, done: int, total: int) -> None:
        self.signals.progress.emit(int(done), int(total))

    def run(self) -> None:
        try:
            result = self.fn(*self.args, progress=self._progress, cancel=self.cancel_event, **self.kwargs)
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread, never swallowed
            if self.cancel_event.is_set():
                self.signals.cancelled.emit()
            else:
                self.signals.failed.emit(exc)
        else:
            # A service that noticed the cancel returns None (or raises); one that returned a result had already
            # finished its work when the cancel came, so that result stands.
            if self.cancel_event.is_set() and result is None:
                self.signals.cancelled.emit()
            else:
                self.signals.finished.emit(result)
        finally:
            db.close_thread_connection()
            self.done.set()

    def start(self) -> "ServiceTask":
        pool().start(self)
        return self


def error_text(exc: BaseException) -> str:
    """What a person reads for a failure: the message of a known error, the rule code's text otherwise."""
    if isinstance(exc, WardDeskError):
        return str(exc)
    problems = getattr(exc, "problems", None)
    if problems:
        lines = []
        for problem in problems:
            located = getattr(problem, "located", None)
            lines.append(located() if callable(located) else str(problem))
        return "\n".join(lines)
    from ward_desk import db

    explained = db.explain(exc)  # a damaged file, a read-only or full folder: what is wrong, what still works
    if explained is not None:
        return explained.message()
    return messages.text("generic.unexpected", detail=str(exc) or type(exc).__name__)


class TaskDialog(QDialog):
    """A modal progress window: a bar, a line of text and Cancel. Closes itself when the work ends.

    ``result``/``error``/``was_cancelled`` tell the caller how it went after ``exec()`` (or after the
    ``ended`` signal when shown non-modally, as the tests do).
    """

    ended = Signal()

    def __init__(self, title: str, fn: Callable, *args, parent: QWidget | None = None, **kwargs):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(420)
        self.result_value = None
        self.error: BaseException | None = None
        self.was_cancelled = False
        self.label = QLabel(messages.text("task.working"))
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first progress report
        buttons = QDialogButtonBox()
        self.cancel_button = buttons.addButton(messages.text("task.cancel"), QDialogButtonBox.RejectRole)
        self.cancel_button.clicked.connect(self.request_cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(buttons)
        self.task = ServiceTask(fn, *args, **kwargs)
        self.task.signals.progress.connect(self._on_progress, Qt.QueuedConnection)
        self.task.signals.finished.connect(self._on_finished, Qt.QueuedConnection)
        self.task.signals.failed.connect(self._on_failed, Qt.QueuedConnection)
        self.task.signals.cancelled.connect(self._on_cancelled, Qt.QueuedConnection)

    def start(self) -> "TaskDialog":
        self.task.start()
        return self

    def run(self) -> bool:
        """Start, wait modally, and say whether the work finished (not failed, not cancelled)."""
        self.start()
        self.exec()
        return self.error is None and not self.was_cancelled

    def request_cancel(self) -> None:
        self.task.cancel()
        self.cancel_button.setEnabled(False)
        self.label.setText(messages.text("task.cancelling"))

    def reject(self) -> None:  # Esc or the window's close button cancel too, but wait for the worker
        if not self.task.done.is_set():
            self.request_cancel()
        else:
            super().reject()

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def _end(self) -> None:
        self.ended.emit()
        self.done(QDialog.Accepted if self.error is None and not self.was_cancelled else QDialog.Rejected)

    def _on_finished(self, result) -> None:
        self.result_value = result
        self._end()

    def _on_failed(self, exc) -> None:
        self.error = exc
        self._end()

    def _on_cancelled(self) -> None:
        self.was_cancelled = True
        self._end()
