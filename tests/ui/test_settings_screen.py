"""Settings: the UI language is this PC's person's preference (QSettings, any signed-in user); the ward's own
settings are an admin's, disabled with a reason for anyone else; lock minutes and follow-up days are there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from ward_desk import config
from ward_desk.services import accounts, settings
from ward_desk.ui import i18n as ui_i18n
from ward_desk.ui.context import AppContext
from ward_desk.ui.settings_screen import SettingsScreen


@pytest.fixture(autouse=True)
def _own_qsettings(tmp_path):
    """QSettings in the test's folder, so no test reads or writes this PC's real preferences."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    QCoreApplication.setOrganizationName("WardDeskTest")
    QSettings().clear()
    yield
    QSettings().clear()
    from ward_desk.ui import i18n

    i18n.install_translator("en")  # the source texts again for the tests that follow
    config.set_language(None)


def _screen(qtbot, data_dir):
    screen = SettingsScreen(AppContext(data_dir))
    qtbot.addWidget(screen)
    return screen


def test_a_clerk_switches_the_language_but_not_the_ward_settings(qtbot, ward_db, data_dir):
    accounts.create_user("thu", "thu's own password", "clerk")
    accounts.sign_in("thu", "thu's own password")
    screen = _screen(qtbot, data_dir)
    assert not screen.lock_minutes.isEnabled() and not screen.basis.isEnabled()
    assert not screen.display_name.isEnabled() and not screen.office.isEnabled()
    assert screen.reason.text() and not screen.reason.isHidden()  # one line saying why
    screen.language.setCurrentIndex(screen.language.findData("en"))
    assert screen.save(), screen.note.text()
    assert ui_i18n.language_preference() == "en" and config.language() == "en"
    assert settings.get("language") is None  # nothing written to the ward's database
    assert screen.note.text() and "b00020" not in screen.note.styleSheet()  # no error for the clerk


def test_an_admin_saves_the_ward_settings_and_the_lock(qtbot, ward_db, data_dir):
    screen = _screen(qtbot, data_dir)
    assert screen.lock_minutes.isEnabled() and screen.reason.isHidden()
    assert screen.lock_minutes.value() == 10 and screen.days.value() == 30
    assert screen.unit_label.text().startswith("00070")
    screen.lock_minutes.setValue(5)
    screen.days.setValue(45)
    screen.basis.setCurrentIndex(screen.basis.findData("nd09"))
    screen.display_name.setText("Phường Hoàn Kiếm (HN)")
    screen.office.setText("c-hoankiem")
    assert screen.save(), screen.note.text()
    assert settings.get("lock_minutes") == "5" and settings.get("followup_days") == "45"
    assert settings.get("period_basis") == "nd09" and settings.get("office_code") == "C-HOANKIEM"
    assert settings.get("display_name") == "Phường Hoàn Kiếm (HN)"
    screen.office.setText("hanoi")  # not an office code: the service's message, nothing saved
    assert not screen.save() and screen.note.text()
    assert settings.get("office_code") == "C-HOANKIEM"


def test_the_lock_follows_a_saved_setting(qtbot, ward_db, data_dir):
    from ward_desk.ui.main_window import MainWindow
    from ward_desk.ui.security import InactivityLock

    context = AppContext(data_dir)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.inactivity_lock = InactivityLock(window)
    try:
        screen = window.show_screen("settings")
        screen.lock_minutes.setValue(3)
        assert screen.save()
        assert window.inactivity_lock.minutes == 3.0
    finally:
        window.inactivity_lock.set_minutes(0)
        from PySide6.QtWidgets import QApplication

        QApplication.instance().removeEventFilter(window.inactivity_lock)


def test_the_chosen_language_is_used_by_the_next_window(qtbot, ward_db, data_dir):
    from ward_desk.ui import i18n
    from ward_desk.ui.main_window import MainWindow

    i18n.install_translator("en")
    QSettings().setValue(ui_i18n.LANGUAGE_KEY, "vi")
    window = MainWindow(AppContext(data_dir))
    qtbot.addWidget(window)
    assert config.language() == "vi"
    names = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "Thiết lập" in names  # the Vietnamese translation is in use
