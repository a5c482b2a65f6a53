"""UI layer: the fields of a record form that make keying fast.

``CodeBox``: a code list's drop-down that picks as you type (``services.lookup.match_code``: the code, a label's
first letters or its words' initials, without diacritics), Backspace undoing a letter, Delete clearing it.
``LinkedEdit``: a client code (or establishment, peer group) completed as it is typed when only one code fits,
with what is known of it beside (code, sex, birth year, last contact: never a name), and a lookup (F4 or the
``…`` button) that lists and searches them without leaving the form. ``MoneyEdit``: amounts typed as the app
shows them (``30.000.000``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QTableWidget, QTableWidgetItem, QToolButton, QVBoxLayout, QWidget)

from ward_desk.errors import WardDeskError
from ward_desk.services import lookup
from ward_desk.ui import labels


def _tr(text: str) -> str:
    return QCoreApplication.translate("Entry", text)


class CodeBox(QComboBox):
    """A code list's drop-down; typing picks (``dt`` -> Điện thoại), arrows and Alt+Down work as ever."""

    def __init__(self, list_name: str, parent=None):
        super().__init__(parent)
        self.list_name = list_name
        self._typed = ""

    def focusInEvent(self, event) -> None:
        self._typed = ""
        super().focusInEvent(event)

    def keyPressEvent(self, event) -> None:
        text = event.text()
        if event.key() == Qt.Key.Key_Delete:
            self._typed = ""
            self.setCurrentIndex(0)
            return
        if event.key() == Qt.Key.Key_Backspace:
            self._typed = self._typed[:-1]
            self._pick(self._typed) if self._typed else self.setCurrentIndex(0)
            return
        if text and text.isprintable() and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            if self._pick(self._typed + text):
                self._typed += text
            elif self._pick(text):
                self._typed = text
            return
        super().keyPressEvent(event)

    def _pick(self, typed: str) -> bool:
        code = lookup.match_code(self.list_name, typed)
        index = self.findData(code) if code else -1
        if index < 0:
            return False
        self.setCurrentIndex(index)
        return True


def describe_choice(target: str, choice) -> str:
    """``Nữ, sinh 1995, gặp lần cuối 02/11/2026`` (a client) or the establishment's or group's name."""
    if choice is None:
        return ""
    d = choice.detail
    if target == "clients":
        parts = [labels.code_label(d["sex"], "sex")]
        if d.get("birth_year"):
            parts.append(_tr("born %1").replace("%1", str(d["birth_year"])))
        last = d.get("last_contact")
        parts.append(_tr("last contact %1").replace("%1", last.strftime("%d/%m/%Y")) if isinstance(last, dt.date)
                     else _tr("no contact yet"))
        return ", ".join(parts)
    kind = d.get("type")
    return f"{d['name']} ({labels.code_label(kind)})" if kind else d["name"]


class LinkedEdit(QWidget):
    """The code of a linked record: completed when one code fits, described beside, looked up with F4 / ``…``."""

    changed = Signal()
    create_requested = Signal(str)  # "no client DM000101: create it?" answered yes

    def __init__(self, target: str, parent=None):
        super().__init__(parent)
        self.target = target
        self.edit = QLineEdit(self)
        self.button = QToolButton(self)
        self.button.setText("…")
        self.button.setToolTip(_tr("Look up (F4)"))
        self.button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.info = QLabel(self)
        self.info.setObjectName("linked_info")
        self.info.setStyleSheet("color: #555;")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 2)
        row.addWidget(self.button)
        row.addWidget(self.info, 3)
        self.setFocusProxy(self.edit)
        self._codes: list[str] | None = None
        self._folded: list[str] = []
        self.edit.textEdited.connect(self._complete)
        self.edit.textChanged.connect(self._describe)
        self.edit.textChanged.connect(self.changed)
        self.button.clicked.connect(self.look_up)
        QShortcut(QKeySequence(Qt.Key.Key_F4), self.edit, activated=self.look_up,
                  context=Qt.ShortcutContext.WidgetShortcut)

    # the QLineEdit interface the form uses
    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def _load_codes(self) -> None:
        if self._codes is None:
            try:
                codes = lookup.codes_of(self.target)
            except WardDeskError:  # the session ended (account disabled meanwhile): no completion; the save says
                codes = []
            self._codes = codes
            self._folded = [c.casefold() for c in self._codes]
            order = sorted(range(len(self._codes)), key=lambda i: self._folded[i])
            self._codes = [self._codes[i] for i in order]
            self._folded = [self._folded[i] for i in order]

    def _complete(self, typed: str) -> None:
        """Fill in the rest of the code when exactly one code starts with what is typed (the rest selected, so
        the next key replaces it); with two or more nothing is guessed."""
        if not typed or self.edit.cursorPosition() != len(typed):
            return
        self._load_codes()
        key = typed.casefold()
        start = bisect.bisect_left(self._folded, key)
        fits = [self._codes[i] for i in range(start, min(start + 2, len(self._codes)))
                if self._folded[i].startswith(key)]
        if len(fits) == 1 and len(fits[0]) > len(typed):
            self.edit.setText(fits[0])
            self.edit.setSelection(len(typed), len(fits[0]) - len(typed))

    def _describe(self, text: str) -> None:
        code = text.strip()
        try:
            found = lookup.describe(self.target, code) if code else None
        except WardDeskError:  # as above: nothing described; saving the form reports the refusal
            found = None
        self.info.setText(describe_choice(self.target, found) if code else "")

    def look_up(self) -> None:
        dialog = PickerDialog(self.target, self.edit.text().strip(), self)
        if dialog.exec() and dialog.chosen:
            self.edit.setText(dialog.chosen)
            self.edit.setFocus()


class PickerDialog(QDialog):
    """A searchable list of the live clients (establishments, peer groups): type to narrow, Enter picks."""

    COLUMNS = {"clients": ("client_code", "sex", "birth_year", "last_contact"),
               "establishments": ("id", "name", "type"), "peer_groups": ("id", "name", "kind")}

    def __init__(self, target: str, search: str = "", parent=None):
        super().__init__(parent)
        self.target = target
        self.chosen: str | None = None
        self.setWindowTitle(_tr("Look up: %1").replace("%1", labels.kind_name(target)))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_tr("Type part of the code…"))
        self.search.setText(search)
        columns = self.COLUMNS[target]
        self.table = QTableWidget(0, len(columns), self)
        self.table.setHorizontalHeaderLabels([labels.column_name(c if c != "last_contact" else "date")
                                              if c != "last_contact" else _tr("Last contact") for c in columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        self.resize(560, 420)
        self.search.textChanged.connect(self.refresh)
        self.search.returnPressed.connect(self.pick)
        self.table.activated.connect(lambda _index: self.pick())
        self.search.installEventFilter(self)
        self.refresh()

    def refresh(self) -> None:
        found = lookup.choices(self.target, self.search.text())
        self.table.setRowCount(len(found))
        for row, choice in enumerate(found):
            d = choice.detail
            if self.target == "clients":
                last = d.get("last_contact")
                cells = [choice.code, labels.code_label(d["sex"], "sex"), str(d.get("birth_year") or ""),
                         last.strftime("%d/%m/%Y") if isinstance(last, dt.date) else ""]
            else:
                cells = [choice.code, d["name"], labels.code_label(d["type"])]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if found:
            self.table.selectRow(0)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.search and event.type() == event.Type.KeyPress and event.key() in (Qt.Key.Key_Down,
                                                                                          Qt.Key.Key_Up):
            self.table.setFocus()
            return False
        return super().eventFilter(obj, event)

    def pick(self) -> None:
        row = self.table.currentRow()
        if row < 0 and self.table.rowCount():
            row = 0
        if row >= 0:
            self.chosen = self.table.item(row, 0).text()
            self.accept()


_MONEY = re.compile(r"^\s*\d{1,3}(?:[.\s]\d{3})+\s*$")


def plain_number(text: str) -> str:
    """``30.000.000`` or ``30 000 000`` (as the app shows amounts) -> ``30000000``; anything else unchanged."""
    return re.sub(r"[.\s]", "", text) if _MONEY.match(text or "") else text


class MoneyEdit(QLineEdit):
    """An amount: typed with or without the thousands dots; shown with them once the cursor leaves."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.editingFinished.connect(self._show_dots)

    def _show_dots(self) -> None:
        plain = plain_number(self.text()).strip()
        if plain.isdigit() and len(plain) > 3:
            self.setText(f"{int(plain):,}".replace(",", "."))
