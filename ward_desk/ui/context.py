"""UI layer: what every screen shares: the open data folder, the signed-in user, and change notifications.

Screens are ``QWidget`` subclasses constructed as ``Screen(context, parent=None)``. After a save a screen emits
``records_changed(kind)`` (kind = RECORDS-1 sheet name, or ``"*"``) so lists, the dashboard and follow-up counts
refresh without polling; ``navigate(name, **params)`` asks the main window to show another screen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal


class AppContext(QObject):
    records_changed = Signal(str)
    settings_changed = Signal()
    user_changed = Signal()
    navigate_requested = Signal(str, dict)
    busy_changed = Signal(bool)

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.user = None  # the signed-in account (ward_desk.services.auth), None before login

    def navigate(self, name: str, **params) -> None:
        self.navigate_requested.emit(name, params)

    def notify_saved(self, kind: str = "*") -> None:
        self.records_changed.emit(kind)


# ---- the UI language: this PC's person's preference, kept in QSettings (never in the ward's database, so any
# signed-in user may change it and it follows nobody to another PC)
LANGUAGE_KEY = "ui/language"
LANGUAGES = ("vi", "en")


def language_preference() -> str | None:
    """The language chosen in Settings on this PC (``vi``/``en``), or None when none was chosen."""
    from PySide6.QtCore import QSettings

    value = QSettings().value(LANGUAGE_KEY)
    return value if value in LANGUAGES else None


def set_language_preference(lang: str) -> None:
    """Remember ``lang`` for this PC and switch the app's translators to it now (new windows use it)."""
    from PySide6.QtCore import QSettings

    if lang not in LANGUAGES:
        raise ValueError(lang)
    QSettings().setValue(LANGUAGE_KEY, lang)
    from ward_desk import app, config

    if lang != config.language():
        app.install_translator(lang)


def apply_language_preference() -> str | None:
    """Install the chosen language's translators if one was chosen and it is not the one in use."""
    from ward_desk import config

    lang = language_preference()
    if lang is not None and lang != config.language():
        from ward_desk import app

        app.install_translator(lang)
    return lang
