"""Background tasks: progress reaches the GUI thread, cancelling stops the work and nothing is written."""

from __future__ import annotations

import os
import time

from ward_desk.ui.workers import TaskDialog


def _slow_write(out, *, progress=None, cancel=None):
    """The shape of every long service: steps, progress, a check of cancel, write to a temp name, rename."""
    tmp = f"{out}.part"
    with open(tmp, "w") as fh:
        for i in range(200):
            if cancel is not None and cancel.is_set():
                fh.close()
                os.remove(tmp)
                return None
            fh.write(f"{i}\n")
            time.sleep(0.005)
            if progress:
                progress(i + 1, 200)
    os.replace(tmp, out)
    return out


def test_task_finishes_and_reports_progress(qtbot, tmp_path):
    dialog = TaskDialog("x", _slow_write, str(tmp_path / "a.txt"))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ended, timeout=10_000):
        dialog.start()
    assert dialog.result_value == str(tmp_path / "a.txt")
    assert dialog.bar.maximum() == 200 and dialog.bar.value() == 200
    assert (tmp_path / "a.txt").read_text().count("\n") == 200


def test_cancel_leaves_nothing(qtbot, tmp_path):
    dialog = TaskDialog("x", _slow_write, str(tmp_path / "b.txt"))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ended, timeout=10_000):
        dialog.start()
        qtbot.waitUntil(lambda: dialog.bar.value() > 5, timeout=5_000)
        dialog.cancel_button.click()
    assert dialog.was_cancelled and dialog.error is None
    assert list(tmp_path.iterdir()) == []


def test_failure_is_reported(qtbot):
    def boom(*, progress=None, cancel=None):
        raise ValueError("bad")

    dialog = TaskDialog("x", boom)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ended, timeout=10_000):
        dialog.start()
    assert isinstance(dialog.error, ValueError)
