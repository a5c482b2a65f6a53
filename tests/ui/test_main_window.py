"""The main window builds every screen by a plain import: a screen that fails to import is an error, never a
navigation entry that quietly disappears or a 'not in this build' placeholder."""

from __future__ import annotations

import pytest

from ward_desk.ui import main_window
from ward_desk.ui.context import AppContext
from ward_desk.ui.main_window import MainWindow


def test_every_screen_of_a_ward_is_in_the_navigation(qtbot, ward_db, data_dir):
    window = MainWindow(AppContext(data_dir))
    qtbot.addWidget(window)
    assert window._names == main_window.screen_order(False)
    assert {"dashboard", "returns", "followups", "settings", "users", "audit", "backups"} <= set(window._names)
    for name in ("dashboard", "returns", "users"):
        screen = window.show_screen(name)
        module, cls = main_window.SCREENS[name]
        assert type(screen).__name__ == cls and type(screen).__module__.startswith(module)


def test_a_screen_that_fails_to_import_is_an_error(qtbot, ward_db, data_dir, monkeypatch):
    window = MainWindow(AppContext(data_dir))
    qtbot.addWidget(window)
    monkeypatch.setitem(main_window.SCREENS, "dashboard", ("ward_desk.ui.no_such_screen", "DashboardScreen"))
    window.screens.pop("dashboard", None)
    with pytest.raises(ModuleNotFoundError):
        window.build("dashboard")
