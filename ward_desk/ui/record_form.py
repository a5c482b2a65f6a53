"""UI layer: the form for one record of any kind, built from the RECORDS-1 declaration (``spec.records``).

The domain rules run on every keystroke (``rules.validate``) and each problem is shown under the field that
breaks it before anything is saved. Enter saves, Esc cancels (asking first when something was typed), and
a kind whose columns say so (contacts: date, channel, staff) has "Save and add another", which keeps those for the
next paper slip.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from ward_desk.config import language
from ward_desk.services import records, rules
from ward_desk.spec import records as spec
from ward_desk.ui import labels
from ward_desk.ui.widgets import DateEdit, ask_discard


class RecordForm(QDialog):
    saved = Signal(str, int)  # kind, record id of the record just saved

    def __init__(self, context, kind: str, record_id: int | None = None, initial: dict | None = None, parent=None):
        super().__init__(parent)
        self.context = context
        self.kind = kind
        self.record_id = record_id
        name = labels.one_name(kind)
        self.setWindowTitle(self.tr("Edit: %1").replace("%1", name) if record_id else
                            self.tr("New: %1").replace("%1", name))
        self.fields = spec.KINDS[kind].columns
        self.keep = tuple(field.key for field in self.fields if field.keep)
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for field in self.fields:
            widget = self._make(field)
            self.widgets[field.key] = widget
            error = QLabel(self)
            error.setObjectName(f"error_{field.key}")
            error.setStyleSheet("color: #b00020;")
            error.setWordWrap(True)
            error.hide()
            self.errors[field.key] = error
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(widget)
            box.addWidget(error)
            label = field.label() + (" *" if field.required else "")
            form.addRow(label, box)
        self.general = QLabel(self)
        self.general.setStyleSheet("color: #b00020;")
        self.general.setWordWrap(True)
        self.general.hide()
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.another_button = None
        if self.keep and record_id is None:
            self.another_button = QPushButton(self.tr("Save and add another"), self)
            self.another_button.setShortcut(QKeySequence("Ctrl+Return"))
            self.another_button.setToolTip(self.tr("Ctrl+Enter"))
            buttons.addButton(self.another_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.another_button.clicked.connect(lambda: self.save(another=True))
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(lambda: self.save())
        cancel.clicked.connect(self.reject)
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=lambda: self.save())
        values = dict(initial or {})
        # what the form was opened with (a client's page fills in the client) stays for "save and add another"
        self._initial = dict(values) if record_id is None else {}
        if record_id is not None:
            values.update(records.get_record(kind, record_id) or {})
        self.load(values)
        self._dirty = False
        self._touched: set[str] = set(self.widgets) if record_id is not None else set()
        for key, widget in self.widgets.items():
            self._on_change(widget, lambda *_, key=key: self._changed(key))
        self.check()

    # ---- widgets
    def _make(self, field) -> QWidget:
        if field.type == "code":
            combo = QComboBox(self)
            combo.addItem("", None)
            for code in rules.CODES[field.codes]:
                combo.addItem(labels.code_name(code, field.codes), code)
            combo.setObjectName(field.key)
            return combo
        if field.type == "date":
            edit = DateEdit(self)
            edit.setObjectName(field.key)
            return edit
        edit = QLineEdit(self)
        edit.setObjectName(field.key)
        return edit

    @staticmethod
    def _on_change(widget, slot) -> None:
        if isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(slot)
        elif isinstance(widget, DateEdit):
            widget.changed.connect(slot)
        else:
            widget.textChanged.connect(slot)

    def _changed(self, key: str):
        self._dirty = True
        self._touched.add(key)
        self.check()

    def load(self, values: dict) -> None:
        for field in self.fields:
            widget = self.widgets[field.key]
            value = values.get(field.key)
            if isinstance(widget, QComboBox):
                index = widget.findData(value) if value else 0
                widget.setCurrentIndex(max(index, 0))
            elif isinstance(widget, DateEdit):
                widget.set_value(value)
            else:
                widget.setText("" if value is None else str(value))

    def raw_values(self) -> dict:
        raw = {}
        for key, widget in self.widgets.items():
            if isinstance(widget, QComboBox):
                raw[key] = widget.currentData()
            elif isinstance(widget, DateEdit):
                value = widget.value()
                raw[key] = value.isoformat() if hasattr(value, "isoformat") else value
            else:
                raw[key] = widget.text()
        return raw

    # ---- rules
    def check(self) -> tuple[dict, list]:
        values, problems = rules.validate(self.kind, self.raw_values())
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            by_field.setdefault(problem.field or "", []).append(problem.message(language()))
        for key, widget in self.widgets.items():
            # the rules word a bad date for the workbook (Excel date or YYYY-MM-DD); this field takes dd/mm/yyyy
            if isinstance(widget, DateEdit) and widget.problem() and key in by_field:
                by_field[key] = [widget.problem()]
        for key, label in self.errors.items():
            # a new form does not start red: a field is judged once touched, or all of them on save
            text = "\n".join(by_field.get(key, []))
            label.setText(text)
            label.setVisible(bool(text) and key in self._touched)
        return values, problems

    def save(self, another: bool = False) -> bool:
        self._touched = set(self.widgets)
        values, problems = self.check()
        if problems:
            first = next((self.widgets[p.field] for p in problems if p.field in self.widgets), None)
            if first is not None:
                first.setFocus()
            self.adjustSize()  # room for the messages just shown
            return False
        try:
            record_id = records.save_record(self.kind, values, record_id=self.record_id)
        except Exception as exc:  # a rule that needs the database (unknown client, duplicate id)
            problems = list(getattr(exc, "problems", []) or [])
            if problems:
                for problem in problems:
                    label = self.errors.get(problem.field or "")
                    target = label or self.general
                    target.setText(problem.message(language()))
                    target.show()
                first = next((self.widgets[p.field] for p in problems if p.field in self.widgets), None)
                if first is not None:  # as for the rules above: the cursor waits in the field to correct
                    first.setFocus()
                return False
            message = exc.message() if hasattr(exc, "message") and callable(exc.message) else str(exc)
            self.general.setText(message)
            self.general.show()
            return False
        record_id = getattr(record_id, "id", record_id)
        self.context.notify_saved(self.kind)
        self.saved.emit(self.kind, int(record_id) if record_id is not None else 0)
        self._dirty = False
        if another:
            keep = {**self._initial, **{k: v for k, v in values.items() if k in self.keep}}
            self.load(keep)
            self._dirty = False
            self._touched = set()
            self.check()
            first = self.widgets[self.fields[0].key]
            first.setFocus()
            return True
        self.accept()
        return True

    def reject(self) -> None:
        if self._dirty and not ask_discard(self):
            return
        super().reject()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.save()
            return
        super().keyPressEvent(event)
