"""UI layer: the quick form for a hotline call in progress (RETURN-v2 §1): keyboard first, no client needed.

One line per question, in the order a call goes: who is calling (a digit picks the answer and moves on), their
sex, the topic, whether they were referred. The date is today's and the staff name stays from the last call;
the id is the app's (``services.hotline``). Enter saves and clears the form for the next call; Esc closes.
A client code is asked for only when the caller is a registered client and agrees (it may stay empty).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from ward_desk.config import language
from ward_desk.services import rules
from ward_desk.spec import records as spec
from ward_desk.ui import labels
from ward_desk.ui.widgets import DateEdit

QUESTIONS = ("caller", "sex", "topic", "referred")  # the code questions, each answered by one digit


class DigitCombo(QComboBox):
    """A drop-down whose answers are numbered 1..n: typing the digit picks it and moves to the next field."""

    def keyPressEvent(self, event) -> None:
        text = event.text()
        if text.isdigit() and 1 <= int(text) <= self.count() - 1:
            self.setCurrentIndex(int(text))
            self.focusNextChild()
            return
        super().keyPressEvent(event)


class HotlineCallForm(QDialog):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Hotline call"))
        kind = spec.KINDS["hotline_calls"]
        form = QFormLayout()
        self.date = DateEdit(self)
        self.date.setObjectName("date")
        self.date.set_value(dt.date.today())
        form.addRow(kind.column("date").label() + " *", self.date)
        self.combos: dict[str, DigitCombo] = {}
        for key in QUESTIONS:
            column = kind.column(key)
            combo = DigitCombo(self)
            combo.setObjectName(key)
            combo.addItem("", None)
            for n, code in enumerate(rules.CODES[column.codes], start=1):
                combo.addItem(f"{n}  {labels.code_name(code, column.codes)}", code)
            self.combos[key] = combo
            form.addRow(column.label() + (" *" if column.required else ""), combo)
        self.staff = QLineEdit(self)
        self.staff.setObjectName("staff")
        form.addRow(kind.column("staff").label(), self.staff)
        self.client = QLineEdit(self)
        self.client.setObjectName("client_code")
        self.client.setPlaceholderText(self.tr("only if the caller is a registered client and agrees"))
        form.addRow(kind.column("client_code").label(), self.client)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("saved")
        self.saved_label.setStyleSheet("color: #1b5e20;")
        self.save_button = QPushButton(self.tr("Save call (Enter)"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton(self.tr("Close (Esc)"), self)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("Type the number of each answer: the cursor moves on by itself."), self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.saved_label)
        layout.addWidget(self.save_button)
        layout.addWidget(close)
        self.setMinimumWidth(520)
        self.saved_ids: list[str] = []
        self.combos["caller"].setFocus()

    def values(self) -> dict:
        day = self.date.value()
        return {"id": None, "date": day.isoformat() if hasattr(day, "isoformat") else day,
                **{key: combo.currentData() for key, combo in self.combos.items()},
                "staff": self.staff.text(), "client_code": self.client.text()}

    def save(self) -> bool:
        from ward_desk.services import hotline

        values = self.values()
        _parsed, problems = rules.validate("hotline_calls", {**values, "id": "DH0"})  # the id is the app's
        if problems:
            self._show(problems)
            return False
        try:
            record = hotline.record_call(values)
        except Exception as exc:  # an unknown client code: said in place, nothing saved
            problems = list(getattr(exc, "problems", []) or [])
            if problems:
                self._show(problems)
            else:
                self.message.setText(exc.message() if hasattr(exc, "message") else str(exc))
                self.message.setStyleSheet("color: #b00020;")
            return False
        self.saved_ids.append(record.ref)
        self.context.notify_saved("hotline_calls")
        self.saved_label.setText(self.tr("Saved call %1. Next call:").replace("%1", record.ref))
        self.message.clear()
        for combo in self.combos.values():  # the next call: date and staff stay
            combo.setCurrentIndex(0)
        self.client.clear()
        self.combos["caller"].setFocus()
        return True

    def _show(self, problems) -> None:
        kind = spec.KINDS["hotline_calls"]
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText("\n".join(
            (f"{kind.column(p.field).label()}: " if p.field in kind.keys else "") + p.message(language())
            for p in problems))
        first = next((p.field for p in problems if p.field), None)
        widget = self.combos.get(first) or {"date": self.date, "client_code": self.client,
                                            "staff": self.staff}.get(first)
        if widget is not None:
            widget.setFocus()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.save()
            return
        super().keyPressEvent(event)
