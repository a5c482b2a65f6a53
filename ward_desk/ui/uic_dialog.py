"""UI layer: the UIC helper: builds a client code from the outreach questions and keeps none of the answers.

The names typed here never leave the dialog (they are cleared when it closes); only the code is handed back.
When the code already exists the dialog warns that this may be the same person, shows that client (code, sex,
birth year, last contact: never a name) and offers "Open it" (``open_existing``: the clerk goes to that
client's page) or "A different person: add a suffix" (the code gets the next free ``-2``, ``-3``...). Sex and
birth year go on into the client form (``sex``, ``birth_year``); the names do not.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout)

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
        self.open_button = QPushButton(self.tr("Open it"), self)
        self.suffix_button = QPushButton(self.tr("A different person: add a suffix"), self)
        self.open_button.clicked.connect(self._open_existing)
        self.suffix_button.clicked.connect(self._add_suffix)
        duplicate = QHBoxLayout()
        duplicate.addWidget(self.open_button)
        duplicate.addWidget(self.suffix_button)
        duplicate.addStretch(1)
        self.open_existing: str | None = None  # the code of the existing client the clerk chose to open
        self.suffix = ""
        self.sex_code: str | None = None
        self.birth_year: int | None = None
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
        layout.addLayout(duplicate)
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
        base = uic.build_code(*args)
        self.code = base + self.suffix if base else None
        exists = bool(self.code and uic.code_exists(self.code))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.code is not None and not exists)
        self.code_label.setText(self.code or "—")
        self.open_button.setVisible(exists)
        self.suffix_button.setVisible(exists)
        if exists:
            from ward_desk.services import lookup
            from ward_desk.ui.entry.fields import describe_choice

            found = describe_choice("clients", lookup.describe("clients", self.code)) or self.tr("in the recycle bin")
            self.warning.setText(self.tr("A client with code %1 already exists (%2). It may be the same person: "
                                         "open it, or if this is a different person add a suffix; nothing is "
                                         "merged.").replace("%1", self.code).replace("%2", found))
        elif not self.code and any(a for a in args[:3]) and args[4]:
            self.warning.setText("\n".join(p.message(language()) for p in uic.problems(*args)))
        else:
            self.warning.setText("")

    def _open_existing(self) -> None:
        self.open_existing = self.code
        self.reject()

    def _add_suffix(self) -> None:
        """The next free ``-2``, ``-3``... after the built code: a different person with the same answers."""
        base = self.code[: len(self.code) - len(self.suffix)] if self.suffix else self.code
        n = 2
        while uic.code_exists(f"{base}-{n}"):
            n += 1
        self.suffix = f"-{n}"
        self.update_code()

    def done(self, result: int) -> None:
        # sex and birth year go on into the client form; the names are kept nowhere
        self.sex_code = self.sex.currentData() or None
        self.birth_year = int(self.year.text()) if self.year.text().isdigit() else None
        # keep none of the answers: clear them whatever the outcome
        for edit in (self.mother, self.father, self.own, self.year):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        super().done(result)
