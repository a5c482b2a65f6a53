"""UI layer: small shared widgets: a dd/mm/yyyy date field (typed or picked) and the message-box helpers.

Qt ships no Vietnamese for its own texts (no ``qtbase_vi.qm``), so ``resources/i18n/ward_desk_vi.ts`` translates
the ones a clerk meets (standard buttons, text-field menus, the file and print dialogs) under Qt's own contexts;
``relabel_buttons`` names the standard buttons of our boxes explicitly, so they read Vietnamese on every platform
theme, also those (GNOME, KDE) that name buttons themselves.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (QCalendarWidget, QDialog, QDialogButtonBox, QHBoxLayout, QLineEdit, QMessageBox,
                               QToolButton, QVBoxLayout, QWidget)


def parse_ddmmyyyy(text: str) -> dt.date | str | None:
    """``23/11/2026`` (also ``23-11-2026``, ``23.11.2026``, ``2026-11-23``) -> date; "" -> None; else the text."""
    text = (text or "").strip()
    if not text:
        return None
    for sep in "/-.":
        parts = text.split(sep)
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            a, b, c = (int(p) for p in parts)
            try:
                return dt.date(a, b, c) if len(parts[0]) == 4 else dt.date(c if c > 99 else 2000 + c, b, a)
            except ValueError:
                return text
    return text


class RefreshWhenShown(QObject):
    """Call it after data changed: ``refresh`` runs now if ``widget`` is on screen, else once when it is next shown.

    A save on one screen must not recompute the hidden ones (on a 20,000-client ward the dashboard takes ~0.6 s
    and the return preview as long): they are brought up to date as the clerk opens them. A widget whose window is
    not on screen at all (a test, a screen built before the window shows) refreshes at once, as before."""

    def __init__(self, widget: QWidget, refresh):
        super().__init__(widget)
        self._widget, self._refresh, self.stale = widget, refresh, False
        widget.installEventFilter(self)

    def __call__(self, *_args) -> None:
        if self._widget.window().isVisible() and not self._widget.isVisible():
            self.stale = True
        else:
            self.stale = False
            self._refresh()

    def eventFilter(self, obj, event) -> bool:
        if obj is self._widget and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self._refresh()
        return False


class DateEdit(QWidget):
    """A line edit for ``dd/mm/yyyy`` plus a calendar button; empty means not recorded."""

    changed = Signal()  # the text changed

    def __init__(self, parent=None):
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.button = QToolButton(self)
        self.button.setText("…")
        self.button.setToolTip(self.tr("Pick a date"))
        self.button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes field to field, not to the button
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self.changed)
        self.button.clicked.connect(self._pick)

    def _pick(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Pick a date"))
        calendar = QCalendarWidget(dialog)
        value = self.value()
        if isinstance(value, dt.date):
            calendar.setSelectedDate(QDate(value.year, value.month, value.day))
        calendar.activated.connect(dialog.accept)
        calendar.clicked.connect(dialog.accept)
        QVBoxLayout(dialog).addWidget(calendar)
        if dialog.exec():
            d = calendar.selectedDate()
            self.set_value(dt.date(d.year(), d.month(), d.day()))

    def value(self):
        return parse_ddmmyyyy(self.edit.text())

    def problem(self) -> str | None:
        """What is wrong with a typed text that is not a date (forms show it instead of the workbook's wording)."""
        if isinstance(self.value(), str):
            return self.tr("Not a valid date: type dd/mm/yyyy, e.g. 23/11/2026")
        return None

    def set_value(self, value) -> None:
        self.edit.setText(value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else (value or ""))

    def text(self) -> str:
        return self.edit.text()


# Qt's standard buttons, in Qt's own words and context (``QPlatformTheme``), so one translation in the .ts names
# them both in the boxes Qt builds (``QMessageBox.question``, ``QInputDialog``...) and in ours.
STANDARD_BUTTONS = {
    "Ok": QT_TRANSLATE_NOOP("QPlatformTheme", "OK"),
    "Save": QT_TRANSLATE_NOOP("QPlatformTheme", "Save"),
    "SaveAll": QT_TRANSLATE_NOOP("QPlatformTheme", "Save All"),
    "Open": QT_TRANSLATE_NOOP("QPlatformTheme", "Open"),
    "Yes": QT_TRANSLATE_NOOP("QPlatformTheme", "&Yes"),
    "YesToAll": QT_TRANSLATE_NOOP("QPlatformTheme", "Yes to &All"),
    "No": QT_TRANSLATE_NOOP("QPlatformTheme", "&No"),
    "NoToAll": QT_TRANSLATE_NOOP("QPlatformTheme", "N&o to All"),
    "Abort": QT_TRANSLATE_NOOP("QPlatformTheme", "Abort"),
    "Retry": QT_TRANSLATE_NOOP("QPlatformTheme", "Retry"),
    "Ignore": QT_TRANSLATE_NOOP("QPlatformTheme", "Ignore"),
    "Close": QT_TRANSLATE_NOOP("QPlatformTheme", "Close"),
    "Cancel": QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"),
    "Discard": QT_TRANSLATE_NOOP("QPlatformTheme", "Discard"),
    "Help": QT_TRANSLATE_NOOP("QPlatformTheme", "Help"),
    "Apply": QT_TRANSLATE_NOOP("QPlatformTheme", "Apply"),
    "Reset": QT_TRANSLATE_NOOP("QPlatformTheme", "Reset"),
    "RestoreDefaults": QT_TRANSLATE_NOOP("QPlatformTheme", "Restore Defaults"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Dialogs", text)


def relabel_buttons(box: QMessageBox | QDialogButtonBox) -> None:
    """Give the standard buttons of ``box`` their names in the UI's language."""
    for button in box.buttons():
        text = STANDARD_BUTTONS.get(box.standardButton(button).name)
        if text:
            button.setText(QCoreApplication.translate("QPlatformTheme", text))


def message_box(parent, icon: QMessageBox.Icon, title: str, text: str, buttons: QMessageBox.StandardButton,
                default: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton) -> QMessageBox:
    """A QMessageBox whose buttons read in the UI's language (built, not shown, so tests can look at it)."""
    box = QMessageBox(icon, title, text, buttons, parent)
    if default != QMessageBox.StandardButton.NoButton:
        box.setDefaultButton(default)
    relabel_buttons(box)
    return box


def confirm(parent, title: str, question: str, yes: str | None = None, no: str | None = None) -> bool:
    """Yes/No question, No by default; ``yes``/``no`` name the two answers when "Có"/"Không" would be vague.

    Tests patch this plain function, never QMessageBox."""
    box = message_box(parent, QMessageBox.Icon.Question, title, question,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    if yes:
        box.button(QMessageBox.StandardButton.Yes).setText(yes)
    if no:
        box.button(QMessageBox.StandardButton.No).setText(no)
    box.exec()
    answer = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
    box.deleteLater()  # a child of ``parent``: not kept until the form closes
    return answer


def ask_discard(parent) -> bool:
    """True when the clerk agrees to throw away unsaved changes."""
    return confirm(parent, _tr("Unsaved changes"), _tr("Discard the changes you have not saved?"),
                   yes=_tr("Discard changes"), no=_tr("Keep editing"))


def show_error(parent, title: str, message: str) -> None:
    box = message_box(parent, QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok)
    box.exec()
    box.deleteLater()


def read_only_table(headers: list[str], parent=None, *, stretch_all: bool = False):
    """A read-only table chosen row by row, without row numbers; the last column (or every one) takes the
    spare width."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    if stretch_all:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    else:
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table
