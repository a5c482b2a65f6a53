"""UI layer: the ward's settings a clerk may change: language, display name, period basis, follow-up days."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QFormLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout,
                               QWidget)

from ward_desk.services import settings


class SettingsScreen(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.language = QComboBox(self)
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.display_name = QLineEdit(self)
        self.basis = QComboBox(self)
        self.basis.addItem(self.tr("Calendar month"), "calendar")
        self.basis.addItem(self.tr("15th to 14th (Decree 09)"), "nd09")
        self.days = QSpinBox(self)
        self.days.setRange(1, 365)
        self.days.setSuffix(self.tr(" days"))
        self.save_button = QPushButton(self.tr("Save settings"), self)
        self.note = QLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Ward name shown"), self.display_name)
        form.addRow(self.tr("Reporting period"), self.basis)
        form.addRow(self.tr("Follow up referrals after"), self.days)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)
        self.load()

    def load(self) -> None:
        values = settings.all_settings()
        self.language.setCurrentIndex(max(0, self.language.findData(values.get("language") or "vi")))
        self.display_name.setText(values.get("display_name") or "")
        self.basis.setCurrentIndex(max(0, self.basis.findData(values.get("period_basis") or "calendar")))
        self.days.setValue(int(values.get("followup_days") or 30))

    def save(self) -> None:
        old_language = settings.get("language") or "vi"
        settings.set_many({"language": self.language.currentData(), "display_name": self.display_name.text().strip()
                           or None, "period_basis": self.basis.currentData(), "followup_days": str(self.days.value())})
        self.context.settings_changed.emit()
        if self.language.currentData() != old_language:
            from ward_desk import app

            app.install_translator(self.language.currentData())
            self.note.setText(self.tr("The new language is used for windows opened from now on; restart to "
                                      "change every screen."))
        else:
            self.note.setText(self.tr("Saved."))
