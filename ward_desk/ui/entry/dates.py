"""UI layer: a date field for keying slips: ``5/12`` is this year, ``t`` / ``+`` / ``h`` is today, ``-`` is
yesterday, Page Up / Page Down move a day; the field shows the whole dd/mm/yyyy once the cursor leaves it."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QEvent, Qt

from ward_desk.ui.widgets import DateEdit, parse_ddmmyyyy

TODAY_WORDS = {"t", "+", "h", "hn", "today", "homnay"}


def parse_quick(text: str, today: dt.date | None = None) -> dt.date | str | None:
    """``parse_ddmmyyyy`` plus the shortcuts: ``d/m`` (this year), ``d`` (this month), today and yesterday."""
    today = today or dt.date.today()
    raw = (text or "").strip().lower()
    if raw in TODAY_WORDS:
        return today
    if raw == "-":
        return today - dt.timedelta(days=1)
    match = re.fullmatch(r"(\d{1,2})(?:[/.\-](\d{1,2}))?", raw)
    if match:
        day, month = int(match.group(1)), int(match.group(2) or today.month)
        try:
            return dt.date(today.year, month, day)
        except ValueError:
            return text
    return parse_ddmmyyyy(text)


class QuickDateEdit(DateEdit):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.edit.installEventFilter(self)
        self.edit.editingFinished.connect(self.expand)
        self.setToolTip(self.tr("dd/mm/yyyy; 5/12 = this year; t or + = today; Page Up/Down: a day"))

    def value(self):
        return parse_quick(self.edit.text())

    def expand(self) -> None:
        """Show what a shortcut meant, in full."""
        value = self.value()
        if isinstance(value, dt.date) and self.edit.text() != value.strftime("%d/%m/%Y"):
            self.set_value(value)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            value = self.value()
            base = value if isinstance(value, dt.date) else dt.date.today()
            step = 1 if event.key() == Qt.Key.Key_PageUp else -1
            self.set_value(base + dt.timedelta(days=step if isinstance(value, dt.date) else 0))
            return True
        return super().eventFilter(obj, event)
