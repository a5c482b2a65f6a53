"""UI layer: the UIC helper: builds a client code from the outreach questions and keeps none of the answers.

The names typed here never leave the dialog (they are cleared when it closes); only the code is handed back.
When the code already exists the dialog warns that this may be the same person, and merges nothing.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout)

from ward_desk.config import language
from ward_desk.services import uic
from ward_desk.ui import labels


class UicDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Build a client code"))
        self.mother = QLineEdit(self)
        self.father = QLineEdit(self)
        self.own = QLineEdit(self)
        for edit in (self.mother, self.father, self.own):
            edit.setPlaceholderText(self.tr("full name or given name"))
        self.sex = QComboBox(self)
        self.sex.addItem("", "")
        for code in uic.SEXES:
            self.sex.addItem(labels.code_name(code), code)
        self.year = QLineEdit(self)
        self.year.setPlaceholderText(self.tr("e.g. 1995"))
        self.year.setMaxLength(4)
        self.code_label = QLabel(self)
        self.code_label.setObjectName("code")
        self.code_label.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.warning = QLabel(self)
        self.warning.setObjectName("warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow(self.tr("Mother's name"), self.mother)
        form.addRow(self.tr("Father's name"), self.father)
        form.addRow(self.tr("Client's own name"), self.own)
        form.addRow(self.tr("Sex"), self.sex)
        form.addRow(self.tr("Year of birth"), self.year)
        form.addRow(self.tr("Client code"), self.code_label)
        note = QLabel(self.tr("The names are used only to build the code and are not stored."), self)
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Use this code"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        for edit in (self.mother, self.father, self.own, self.year):
            edit.textChanged.connect(self.update_code)
        self.sex.currentIndexChanged.connect(self.update_code)
        self.code: str | None = None
        self.update_code()

    def update_code(self, *_):
        args = (self.mother.text(), self.father.text(), self.own.text(), self.sex.currentData() or "",
                self.year.text())
        self.code = uic.build_code(*args)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.code is not None)
        self.code_label.setText(self.code or "—")
        if self.code and uic.code_exists(self.code):
            self.warning.setText(self.tr("A client with code %1 already exists. It may be the same person: check "
                                         "before adding; nothing is merged.").replace("%1", self.code))
        elif not self.code and any(a for a in args[:3]) and args[4]:
            self.warning.setText("\n".join(p.message(language()) for p in uic.problems(*args)))
        else:
            self.warning.setText("")

    def done(self, result: int) -> None:
        # keep none of the answers: clear them whatever the outcome
        for edit in (self.mother, self.father, self.own, self.year):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        super().done(result)
