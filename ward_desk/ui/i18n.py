"""UI layer: the interface language: the translators the app installs, and this PC's choice of language.

The choice is this PC's person's preference, kept in QSettings (never in the ward's database, so any signed-in
user may change it and it follows nobody to another PC). Before anyone chose, an older ward-wide ``language``
setting, then ``WARD_DESK_LANG``/the system (``config.language``), then Vietnamese. Domain messages (rule
problems) follow the same language through ``config.set_language``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

import ward_desk.ui.generated.resources_rc  # noqa: F401 - registers :/i18n and :/icons (packaging/build_resources.py)
from ward_desk import config
from ward_desk.services import settings

LANGUAGE_KEY = "ui/language"
LANGUAGES = ("vi", "en")

_translators: list[QTranslator] = []


def install_translator(lang: str | None) -> None:
    """Swap the app's translators for ``lang`` (``vi``: ours plus Qt's own dialogs; ``en``: the source texts)."""
    config.set_language(lang or "vi")  # domain messages (rule problems) follow the UI's language
    # Qt's own date texts (calendar month and day names) follow it too; widgets built from now on take this locale
    QLocale.setDefault(QLocale.system() if (lang or "vi") == "en" else
                       QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    app = QCoreApplication.instance()
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    if (lang or "vi") == "en":
        return
    ours = QTranslator(app)
    if ours.load(f":/i18n/ward_desk_{lang}.qm"):
        app.installTranslator(ours)
        _translators.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _translators.append(qt)


def language_preference() -> str | None:
    """The language chosen in Settings on this PC (``vi``/``en``), or None when none was chosen."""
    value = QSettings().value(LANGUAGE_KEY)
    return value if value in LANGUAGES else None


def set_language_preference(lang: str) -> None:
    """Remember ``lang`` for this PC and switch the app's translators to it now (new windows use it)."""
    if lang not in LANGUAGES:
        raise ValueError(lang)
    QSettings().setValue(LANGUAGE_KEY, lang)
    if lang != config.language():
        install_translator(lang)


def apply_language_preference() -> str | None:
    """Install the chosen language's translators if one was chosen and it is not the one in use."""
    lang = language_preference()
    if lang is not None and lang != config.language():
        install_translator(lang)
    return lang


def ui_language() -> str:
    """This PC's choice in Settings first (any user may make it), then an older ward-wide setting, then
    ``WARD_DESK_LANG``, then Vietnamese: the sign-in window speaks the language the main window will."""
    chosen = language_preference()
    if chosen is None:
        try:
            chosen = settings.get("language")
        except Exception:  # no database open yet (first run)
            chosen = None
    return chosen or config.language() or "vi"
