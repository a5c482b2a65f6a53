"""One Ward Desk per data folder: a second start finds the first, asks it forward and ends."""

from __future__ import annotations

from ward_desk.ui.security.instance import LOCK_NAME, SingleInstance


def test_a_second_start_on_the_same_folder_wakes_the_first(qtbot, tmp_path):
    first = SingleInstance(tmp_path / "ward")
    assert first.acquire()
    assert (tmp_path / "ward" / LOCK_NAME).exists()
    second = SingleInstance(tmp_path / "ward")
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert not second.acquire()
    other_folder = SingleInstance(tmp_path / "another-ward")
    assert other_folder.acquire()  # another data folder is another ward: allowed
    other_folder.release()
    first.release()
    third = SingleInstance(tmp_path / "ward")
    assert third.acquire()  # free again once the first closed
    third.release()
