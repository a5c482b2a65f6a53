"""UI layer: Settings. Two kinds, kept apart:

* the UI language, a preference of the person at this PC, kept in QSettings (``ui.i18n``), never in the
  ward's database: any signed-in user may switch it;
* the ward's (or office's) settings in the database (``services.settings``): shown name, the office a ward
  reports to, period basis, follow-up days, inactivity lock. Only an admin may change them (``settings.write``,
  which the service enforces); for anyone else the controls are disabled and one line says why.
  The same settings are the service's ``settings.set_many``, as the CLI's ``init``/``office init`` use.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

from ward_desk import config, units
from ward_desk.errors import WardDeskError
from ward_desk.services import accounts, followups, settings
from ward_desk.ui.context import is_office_folder, office_title
from ward_desk.ui.i18n import language_preference, set_language_preference

LOCK_MINUTES_MAX = 240


class SettingsScreen(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.office_mode = is_office_folder()
        # ---- this PC's person
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        personal = QGroupBox(self.tr("On this computer, for you"), self)
        personal_form = QFormLayout(personal)
        personal_form.addRow(self.tr("Language"), self.language)
        language_note = QLabel(self.tr("Anyone signed in may change the language; it is kept on this computer "
                                       "only."), personal)
        language_note.setWordWrap(True)
        language_note.setStyleSheet("color: #555;")
        personal_form.addRow("", language_note)

        # ---- the unit's settings (admin)
        self.unit_label = QLabel(self)
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("display_name")
        self.office = QLineEdit(self)
        self.office.setObjectName("office_code")
        self.office.setPlaceholderText(self.tr("province code (e.g. 01) or C-…"))
        self.office_name = QLabel(self)
        self.office_name.setStyleSheet("color: #555;")
        self.office.textChanged.connect(self._show_office_name)
        self.basis = QComboBox(self)
        self.basis.addItem(self.tr("Calendar month"), "calendar")
        self.basis.addItem(self.tr("15th to 14th (Decree 09)"), "nd09")
        self.days = QSpinBox(self)
        self.days.setRange(1, 365)
        self.days.setSuffix(self.tr(" days"))
        self.lock_minutes = QSpinBox(self)
        self.lock_minutes.setObjectName("lock_minutes")
        self.lock_minutes.setRange(1, LOCK_MINUTES_MAX)
        self.lock_minutes.setSuffix(self.tr(" minutes without use"))
        self.unit_box = QGroupBox(self.tr("The office's settings") if self.office_mode
                                  else self.tr("The ward's settings"), self)
        form = QFormLayout(self.unit_box)
        self._unit_form = form
        if self.office_mode:  # an office keeps no records and exports no ward return: only the lock applies
            form.addRow(self.tr("Consolidating office"), self.unit_label)
            for widget in (self.display_name, self.office, self.office_name, self.basis, self.days):
                widget.hide()
        else:
            form.addRow(self.tr("Ward"), self.unit_label)
            form.addRow(self.tr("Ward name shown"), self.display_name)
            form.addRow(self.tr("Reports to (office)"), self.office)
            form.addRow("", self.office_name)
            form.addRow(self.tr("Reporting period"), self.basis)
            form.addRow(self.tr("Follow up referrals after"), self.days)
        form.addRow(self.tr("Lock the window after"), self.lock_minutes)
        self.reason = QLabel(self)  # why the unit's settings are greyed out (not an admin)
        self.reason.setObjectName("admin_only_reason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #8a5300;")
        form.addRow("", self.reason)
        self.unit_controls = [self.display_name, self.office, self.basis, self.days, self.lock_minutes]

        self.save_button = QPushButton(self.tr("Save settings"), self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        page = QWidget(self)  # a form a screen wide reads badly: keep it to a column
        page.setMaximumWidth(760)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(personal)
        column.addWidget(self.unit_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addWidget(self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(page)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)
        self.load()

    # ---- state
    def can_write(self) -> bool:
        return accounts.can("settings.write")

    def current_language(self) -> str:
        return language_preference() or settings.get("language") or config.language() or "vi"

    def load(self) -> None:
        values = settings.all_settings()
        self.language.setCurrentIndex(max(0, self.language.findData(self.current_language())))
        code = values.get("unit_code") or ""
        if self.office_mode:
            self.unit_label.setText(office_title())
        else:
            unit = units.ward(code) if code else None
            self.unit_label.setText(unit.label if unit else self.tr("no ward set"))
            self.display_name.setPlaceholderText(unit.name if unit else "")  # what is shown when left empty
        self.display_name.setText(values.get("display_name") or "")
        self.office.setText(values.get("office_code") or "")
        self.basis.setCurrentIndex(max(0, self.basis.findData(values.get("period_basis") or "calendar")))
        self.days.setValue(followups.followup_days())
        try:
            minutes = int(float(values.get("lock_minutes") or 10))
        except (TypeError, ValueError):
            minutes = 10
        self.lock_minutes.setValue(min(max(minutes, 1), LOCK_MINUTES_MAX))
        allowed = self.can_write()
        for widget in self.unit_controls:
            widget.setEnabled(allowed)
            if self._unit_form.indexOf(widget) >= 0:  # not offered at all to whoever cannot change it
                self._unit_form.setRowVisible(widget, allowed)
        if not self.office_mode and self._unit_form.indexOf(self.office_name) >= 0:
            self._unit_form.setRowVisible(self.office_name, allowed)
        self.reason.setVisible(not allowed)
        self.reason.setText("" if allowed else self.tr(
            "Only an administrator can change these settings; you can still change the language above."))

    def _show_office_name(self, text: str) -> None:
        code = text.strip().upper()
        try:
            code = settings.resolve_office(code) if code else ""
        except WardDeskError:
            self.office_name.setText(self.tr("not a province code or a C-… office code"))
            return
        self.office_name.setText(units.office_name(code) or (self.tr("custom office") if code else ""))

    def unit_values(self) -> dict[str, str | None]:
        """The unit's settings as the form shows them (checked by the service when saved)."""
        values: dict[str, str | None] = {"lock_minutes": str(self.lock_minutes.value())}
        if not self.office_mode:
            office = self.office.text().strip()
            values.update({
                "display_name": self.display_name.text().strip() or None,
                "office_code": settings.resolve_office(office) if office else None,
                "period_basis": self.basis.currentData(),
                "followup_days": str(self.days.value()),
            })
        return values

    # ---- saving
    def _problem(self, text: str) -> None:
        self.note.setStyleSheet("color: #b00020;")
        self.note.setText(text)

    def save(self) -> bool:
        """The language for this PC (anyone); the unit's settings too when the user is an admin."""
        lang = self.language.currentData()
        language_changed = lang != self.current_language()
        changed = {}
        if self.can_write():
            try:
                values = self.unit_values()
                current = settings.all_settings()
                changed = {k: v for k, v in values.items() if current.get(k) != v}
                if changed:
                    settings.set_many(changed)
            except WardDeskError as exc:
                self._problem(exc.message(config.language()))
                return False
        set_language_preference(lang)
        if changed or language_changed:  # every screen listening recomputes: not for a Save that changed nothing
            self.context.settings_changed.emit()
        self.note.setStyleSheet("")
        if language_changed:
            self.note.setText(self.tr("The new language is used for windows opened from now on; restart to "
                                      "change every screen."))
        else:
            self.note.setText(self.tr("Saved."))
        return True
