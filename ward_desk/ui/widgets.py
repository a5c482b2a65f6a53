"""UI layer: small shared widgets: a dd/mm/yyyy date field (typed or picked) and confirmation helpers."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (QCalendarWidget, QHBoxLayout, QLineEdit, QMessageBox, QToolButton, QVBoxLayout,
                               QWidget, QDialog)


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

    def set_value(self, value) -> None:
        self.edit.setText(value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else (value or ""))

    def text(self) -> str:
        return self.edit.text()


def confirm(parent, title: str, question: str) -> bool:
    """Yes/No question, No by default (tests patch this plain function, never QMessageBox)."""
    answer = QMessageBox.question(parent, title, question, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_discard(parent) -> bool:
    """True when the clerk agrees to throw away unsaved changes."""
    return confirm(parent, parent.tr("Unsaved changes"), parent.tr("Discard the changes you have not saved?"))


def show_error(parent, title: str, message: str) -> None:
    QMessageBox.warning(parent, title, message)
