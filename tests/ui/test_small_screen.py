"""A ward PC's screen: 1366x768 with the taskbar leaves about 1366x728. The window opens at a size that fits
(its frame included), and at that size the status bar and every record list's buttons are on screen without
maximising; and the interface font has every Vietnamese letter (Segoe UI on Windows), never boxes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QPushButton

from ward_desk.ui import fonts
from ward_desk.ui.main_window import RECORD_SCREENS, WINDOW_FRAME, MainWindow, default_size

USABLE = QRect(0, 0, 1366, 728)  # 1366x768 less a 40-pixel Windows taskbar


@pytest.fixture
def context(ward_db, data_dir):
    from ward_desk.ui.context import AppContext

    return AppContext(data_dir)


@pytest.fixture
def settings_folder(tmp_path):
    from PySide6.QtCore import QCoreApplication, QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    QCoreApplication.setOrganizationName("WardDeskSmallScreen")


def test_the_first_start_size_fits_a_1366x768_screen_with_its_taskbar():
    size = default_size(USABLE)
    assert size.width() + WINDOW_FRAME.width() <= USABLE.width()
    assert size.height() + WINDOW_FRAME.height() <= USABLE.height()
    assert default_size(QRect(0, 0, 1920, 1040)) == QSize(1200, 760)  # a bigger screen: the usual size


def _inside(widget, window) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return QRect(top_left, widget.size()).intersected(window.rect()) == QRect(top_left, widget.size())


@pytest.fixture(params=["vi", "en"])
def language(request):
    from ward_desk.ui import i18n

    i18n.install_translator(request.param)  # Vietnamese labels are the longer ones
    yield request.param
    i18n.install_translator("en")  # the source texts again for the tests that follow


def test_status_bar_and_list_buttons_show_at_that_size(qtbot, context, settings_folder, language):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(default_size(USABLE))
    window.show()
    qtbot.waitExposed(window)
    assert window.size() == default_size(USABLE)
    assert window.minimumSizeHint().height() <= window.height()
    assert window.minimumSizeHint().width() <= window.width()
    status = window.statusBar()
    assert status.isVisible() and _inside(status, window)
    assert window.sign_out_button.isVisible() and _inside(window.sign_out_button, window)
    for name in RECORD_SCREENS:
        screen = window.show_screen(name)
        qtbot.wait(1)
        buttons = [b for b in screen.findChildren(QPushButton) if b.isVisibleTo(screen)]
        assert screen.add_button in buttons, name
        if language == "vi":
            assert screen.add_button.text().replace("&", "") != "Add"  # really the Vietnamese labels
        for button in buttons:
            assert button.isVisible() and _inside(button, window), (name, button.text())
            assert button.width() >= button.minimumSizeHint().width(), (name, button.text())  # not cut off


def test_the_interface_font_has_every_vietnamese_letter(qapp):
    family = fonts.choose_family()
    assert family is not None, "no installed font covers Vietnamese"
    assert fonts.covers_vietnamese(family)
    assert fonts.apply(qapp) == family and qapp.font().family() == family


def test_segoe_ui_is_chosen_on_windows():
    installed = {"MS Shell Dlg 2", "SimSun", "Arial", "Segoe UI"}
    assert fonts.choose_family("win32", installed, covers=lambda f: True) == "Segoe UI"
    # a family without the Vietnamese letters is passed over, never used to draw boxes
    assert fonts.choose_family("win32", installed, covers=lambda f: f != "Segoe UI") == "Arial"
    assert fonts.choose_family("win32", {"SimSun"}, covers=lambda f: True) is None
