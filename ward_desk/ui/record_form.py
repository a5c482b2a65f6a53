"""UI layer: the form for one record of any kind, built from the RECORDS-1 declaration (``spec.records``).

The domain rules run on every keystroke (``rules.validate``) and each problem is shown under the field that
breaks it before anything is saved. Keying follows a paper slip as in EpiData: Enter moves to the next field that
applies (``ui.entry.skips``), Enter on the last one or Ctrl+Enter anywhere saves; a new record is saved with
"Save and add another", which keeps what repeats from slip to slip (the columns ``spec.records`` marks ``keep``)
and waits in the first field to key. Ids are the app's (``services.ids``), shown read-only; a saved record's client changes only
through "Move to another client". Soft checks (``services.soft_checks``) ask before saving ("Save anyway").
Esc cancels (asking first when something was typed).

A form is not modal (``open_form``): the window behind it stays usable, to look up a client's code or another
record while a slip is half keyed, and opening a record that already has a form brings that form forward
instead of a second one (one form per record, so no two copies of a record are edited against each other).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QInputDialog, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from ward_desk.config import language
from ward_desk.services import ids, records, rules
from ward_desk.spec import records as spec
from ward_desk.ui import labels
from ward_desk.ui.entry import skips
from ward_desk.ui.entry.dates import QuickDateEdit
from ward_desk.ui.entry.fields import CodeBox, LinkedEdit, MoneyEdit, plain_number
from ward_desk.ui.widgets import DateEdit, ask_discard, confirm, show_error

OUTCOME = {"referrals": ("status",), "loans": ("approved_on", "rejected_on", "disbursed_on", "closed_on")}
DEFAULTS = {"referrals": {"status": "REFERRED"}}  # a new record starts so (the staff: the signed-in user)


def open_form(context, kind: str, record_id: int | None = None, initial: dict | None = None,
              parent=None) -> "RecordForm":
    """The form for this record, shown without blocking the window; the one already open if there is one.

    A new record's form is one per kind and linked client (a second Insert brings the half-keyed slip back)."""
    key = (kind, record_id, None if record_id is not None else (initial or {}).get("client_code"))
    forms = getattr(context, "_open_forms", None)
    if forms is None:
        forms = {}
        context._open_forms = forms
    form = forms.get(key)
    try:
        alive = form is not None and form.isVisible()
    except RuntimeError:  # its C++ side is gone
        alive = False
    if not alive:
        form = RecordForm(context, kind, record_id, initial, parent)
        forms[key] = form
        form.finished.connect(lambda _result, key=key, form=form: forms.pop(key, None) if forms.get(key) is form
                              else None)
    form.present()
    return form


def open_forms(context) -> list["RecordForm"]:
    """The record forms open now (the main window asks each before it closes)."""
    out = []
    for form in list((getattr(context, "_open_forms", None) or {}).values()):
        try:
            if form.isVisible():
                out.append(form)
        except RuntimeError:
            pass
    return out


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
            if field.key == "client_code" and kind != "clients":
                self.new_client_link = QLabel(f"<a href='new'>{self.tr('Create this client?')}</a>", self)
                self.new_client_link.setObjectName("new_client")
                self.new_client_link.hide()
                self.new_client_link.linkActivated.connect(
                    lambda _link: self._create_linked(self.widgets["client_code"].text().strip()))
                box.addWidget(self.new_client_link)
            label = field.label() + (" *" if field.required else "")
            form.addRow(label, box)
        self.general = QLabel(self)
        self.general.setStyleSheet("color: #b00020;")
        self.general.setWordWrap(True)
        self.general.hide()
        self.saved_label = QLabel(self)  # "Saved DK0000042": the slip before this one went in
        self.saved_label.setObjectName("saved")
        self.saved_label.setStyleSheet("color: #1b5e20;")
        # consent warnings (RETURN-v2 §1): shown before saving, never refusing; the consent can be recorded here
        self.consent_warning = QLabel(self)
        self.consent_warning.setObjectName("consent_warning")
        self.consent_warning.setStyleSheet("color: #8a4b00;")
        self.consent_warning.setWordWrap(True)
        self.consent_warning.hide()
        self.consent_button = QPushButton(self.tr("Record the consent…"), self)
        self.consent_button.setObjectName("record_consent")
        self.consent_button.hide()
        self.consent_button.clicked.connect(self.record_consent)
        self._consent_needed: tuple[str, str, object] | None = None
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("Ctrl+S"))
        self.another_button = None
        if record_id is None:
            self.another_button = QPushButton(self.tr("Save and add another"), self)
            self.another_button.setToolTip(self.tr("Ctrl+Enter, or Enter in the last field"))
            buttons.addButton(self.another_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.another_button.clicked.connect(lambda: self.save(another=True))
        self.move_button = None
        if record_id is not None and kind in records.MOVABLE:
            self.move_button = QPushButton(self.tr("Move to another client…"), self)
            buttons.addButton(self.move_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.move_button.clicked.connect(self.move_to_client)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=lambda: self.save(another=self.record_id is None))
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(lambda: self.save())
        cancel.clicked.connect(self.reject)
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(self.saved_label)
        layout.addWidget(self.consent_warning)
        layout.addWidget(self.consent_button)
        layout.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=lambda: self.save())
        values = dict(initial or {})
        # what the form was opened with (a client's page fills in the client) stays for "save and add another"
        self._initial = dict(values) if record_id is None else {}
        self._defaults = self._new_defaults() if record_id is None else {}
        values = {**self._defaults, **values}
        if record_id is not None:
            values.update(records.get_record(kind, record_id) or {})
        # the stored values this form shows: a save checks nobody changed the record since (services.records)
        self.loaded = dict(values) if record_id is not None else None
        self.load(values)
        self._dirty = False
        self._touched: set[str] = set(self.widgets) if record_id is not None else set()
        for key, widget in self.widgets.items():
            self._on_change(widget, lambda *_, key=key: self._changed(key))
        self.apply_skips()
        self.check()
        self._first_to_key().setFocus()

    def present(self) -> None:
        """Shown without a modal loop: the main window stays usable behind it (one form per record:
        ``open_form``)."""
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.show()
        self.raise_()
        self.activateWindow()

    # ---- widgets
    def _make(self, field) -> QWidget:
        if field.key == "id" and ids.numbered(self.kind):
            edit = QLineEdit(self)  # the app numbers records: shown, never typed
            edit.setObjectName(field.key)
            edit.setReadOnly(True)
            edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            edit.setPlaceholderText(self.tr("given when saved"))
            return edit
        if self.record_id is not None and self.kind == "clients" and field.key == "client_code":
            edit = QLineEdit(self)  # a saved client's code is fixed, as a record's id (its records name it)
            edit.setObjectName(field.key)
            edit.setReadOnly(True)
            edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            return edit
        # a column naming a record of another kind, and a new client's own code (the clients already kept are
        # offered, so one typed again is found): typed, or picked from that kind's list
        target = field.ref or (spec.CLIENT.ref if field.key == spec.CLIENT.key else None)
        if target:
            linked = LinkedEdit(target, self)
            linked.setObjectName(field.key)
            linked.edit.setObjectName(f"{field.key}_edit")
            linked.create_requested.connect(self._create_linked)
            if self.record_id is not None and self.kind in records.MOVABLE and field.key == "client_code":
                linked.edit.setReadOnly(True)  # moving a record to another client is its own action
                linked.edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                linked.button.setEnabled(False)
            return linked
        if field.type == "code":
            combo = CodeBox(field.codes, self)
            combo.addItem("", None)
            for code in rules.CODES[field.codes]:
                combo.addItem(labels.code_name(code, field.codes), code)
            combo.setObjectName(field.key)
            return combo
        if field.type == "date":
            edit = QuickDateEdit(self)
            edit.setObjectName(field.key)
            return edit
        edit = MoneyEdit(self) if field.type == "money" else QLineEdit(self)
        edit.setObjectName(field.key)
        return edit

    @staticmethod
    def _on_change(widget, slot) -> None:
        if isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(slot)
        elif isinstance(widget, (DateEdit, LinkedEdit)):
            widget.changed.connect(slot)
        else:
            widget.textChanged.connect(slot)

    def _changed(self, key: str):
        self._dirty = True
        self._touched.add(key)
        self.apply_skips()
        link = getattr(self, "new_client_link", None)
        if key == "client_code" and link is not None:
            link.hide()
        self.check()

    # ---- flow of entry
    def _new_defaults(self) -> dict:
        defaults = dict(DEFAULTS.get(self.kind, {}))
        if "staff" in rules.FIELDS[self.kind]:
            from ward_desk.services import session

            user = session.current_user()
            if user is not None:
                defaults["staff"] = user.full_name or user.username
        return defaults

    def apply_skips(self) -> None:
        """Fields that do not apply (``ui.entry.skips``) are emptied and disabled; the others enabled."""
        off = skips.not_applicable(self.kind, self.raw_values())
        for key, widget in self.widgets.items():
            if key in off and self._has_value(widget):
                self._clear(widget)
            widget.setEnabled(key not in off)

    @staticmethod
    def _has_value(widget) -> bool:
        if isinstance(widget, QComboBox):
            return widget.currentIndex() > 0
        return bool(widget.text().strip())

    @staticmethod
    def _clear(widget) -> None:
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(0)
        elif isinstance(widget, DateEdit):
            widget.set_value(None)
        else:
            widget.setText("")

    def _keyable(self) -> list[str]:
        """The fields Enter walks, in form order: enabled and not read-only."""
        out = []
        for key, widget in self.widgets.items():
            line = widget.edit if isinstance(widget, (DateEdit, LinkedEdit)) else widget
            if widget.isEnabled() and line.focusPolicy() != Qt.FocusPolicy.NoFocus and not (
                    isinstance(line, QLineEdit) and line.isReadOnly()):
                out.append(key)
        return out

    def _first_to_key(self, skip: tuple[str, ...] = ()) -> QWidget:
        keys = self._keyable()
        key = next((k for k in keys if k not in skip), keys[0] if keys else next(iter(self.widgets)))
        return self.widgets[key]

    def _current_key(self) -> str | None:
        focused = self.focusWidget()
        for key, widget in self.widgets.items():
            if focused is widget or (focused is not None and widget.isAncestorOf(focused)):
                return key
        return None

    def next_field(self) -> None:
        """Enter: the next field that applies; on the last one, save (a new record: and the next slip)."""
        keys = self._keyable()
        current = self._current_key()
        if isinstance(self.widgets.get(current), DateEdit):
            self.widgets[current].expand() if hasattr(self.widgets[current], "expand") else None
        later = keys[keys.index(current) + 1:] if current in keys else []
        if not later:
            self.save(another=self.record_id is None)
            return
        self.widgets[later[0]].setFocus(Qt.FocusReason.TabFocusReason)  # a line edit's text is selected

    def focus_outcome(self) -> None:
        """Put the cursor in the field that says what came of a referral or loan (the first stage still empty)."""
        keys = self._keyable()
        for key in OUTCOME.get(self.kind, ()):
            if key in keys and not self._has_value(self.widgets[key]):
                self.widgets[key].setFocus()
                return
        first = next((k for k in OUTCOME.get(self.kind, ()) if k in keys), None)
        if first is not None:
            self.widgets[first].setFocus()

    def _saved_message(self, ref: str) -> None:
        text = self.tr("Saved: %1").replace("%1", ref)
        self.saved_label.setText(text)
        say = getattr(self.context, "say", None)
        if callable(say):
            say(text)

    def _create_linked(self, code: str) -> None:
        """"No client DM000101: create it?": a client form with the code filled in, then back here."""
        form = open_form(self.context, "clients", None, {"client_code": code}, self)
        form.saved.connect(lambda *_: self.check())

    def move_to_client(self) -> None:
        """Move this record to another client: asked for the code, confirmed, audited (``records.move_record``)."""
        current = self.widgets["client_code"].text()
        code, ok = QInputDialog.getText(self, self.tr("Move to another client"),
                                        self.tr("This record belongs to %1. Client code to move it to:")
                                        .replace("%1", current))
        code = (code or "").strip()
        if not ok or not code or code == current:
            return
        if not confirm(self, self.tr("Move to another client"),
                       self.tr("Move this record from client %1 to client %2?").replace("%1", current)
                       .replace("%2", code)):
            return
        try:
            records.move_record(self.kind, self.record_id, code)
        except Exception as exc:
            message = "\n".join(p.message(language()) for p in getattr(exc, "problems", [])) or (
                exc.message() if hasattr(exc, "message") and callable(exc.message) else str(exc))
            show_error(self, self.tr("Not moved"), message)
            return
        self.widgets["client_code"].setText(code)
        self._dirty = False
        self.context.notify_saved(self.kind)

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
            elif rules.FIELDS[self.kind][key].type in ("int", "money"):
                raw[key] = plain_number(widget.text())
            else:
                raw[key] = widget.text()
        return raw

    # ---- rules
    def check(self) -> tuple[dict, list]:
        values, problems = rules.validate(self.kind, self.raw_values())
        if "id" in self.widgets and ids.numbered(self.kind):  # the app gives the id
            problems = [p for p in problems if not (p.field == "id" and p.code == "field.required")]
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
        self._check_consent(values, problems)
        return values, problems

    def _check_consent(self, values: dict, problems: list) -> None:
        """Whether the consent this record needs exists (a referral: REFER on its date; a membership: GROUP), and
        whether a STORE consent is being withdrawn: said under the form, with a button to record the consent."""
        from ward_desk.services import consents

        if self.kind not in (*consents.NEEDS, "consents"):
            return
        fields = {"client_code", *(consents.NEEDS.get(self.kind, ())[1:])}
        warnings = [] if any(p.field in fields for p in problems) else consents.warnings_for(self.kind, values)
        self.consent_warning.setText("\n".join(w.message(language()) for w in warnings))
        self.consent_warning.setVisible(bool(warnings))
        needed = self.kind in consents.NEEDS and bool(warnings)
        if needed:
            purpose, date_key = consents.NEEDS[self.kind]
            self._consent_needed = (values["client_code"], purpose, values.get(date_key))
        self.consent_button.setVisible(needed)

    def record_consent(self) -> None:
        """The consent form, filled in with this record's client, the purpose it needs and its date."""
        from ward_desk.services import consents

        if self._consent_needed is None:
            return
        code, purpose, day = self._consent_needed
        RecordForm(self.context, "consents", initial={
            "id": consents.suggested_id(code, purpose), "client_code": code, "purpose": purpose,
            "given_on": day}, parent=self).exec()
        self.check()

    def save(self, another: bool = False, accept_warnings: bool = False) -> bool:
        self._touched = set(self.widgets)
        values, problems = self.check()
        if problems:
            first = next((self.widgets[p.field] for p in problems if p.field in self.widgets), None)
            if first is not None:
                first.setFocus()
            self.adjustSize()  # room for the messages just shown
            return False
        try:
            record_id = records.save_record(self.kind, values, record_id=self.record_id, check_warnings=True,
                                            accept_warnings=accept_warnings, loaded=self.loaded)
        except records.SoftWarnings as warned:
            if self._save_anyway(warned.problems):
                return self.save(another, accept_warnings=True)
            first = next((self.widgets[p.field] for p in warned.problems if p.field in self.widgets), None)
            if first is not None:
                first.setFocus()
            return False
        except Exception as exc:  # a rule that needs the database (unknown client, duplicate id)
            problems = list(getattr(exc, "problems", []) or [])
            if problems:
                for problem in problems:
                    label = self.errors.get(problem.field or "")
                    target = label or self.general
                    target.setText(problem.message(language()))
                    target.show()
                    if problem.code == "records.unknown_linked" and problem.field == "client_code":
                        self.new_client_link.show()  # "no client DM000101": create it?
                first = next((self.widgets[p.field] for p in problems if p.field in self.widgets), None)
                if first is not None:  # as for the rules above: the cursor waits in the field to correct
                    first.setFocus()
                return False
            message = exc.message() if hasattr(exc, "message") and callable(exc.message) else str(exc)
            if getattr(exc, "code", None) == "records.changed_meanwhile":
                self.offer_reload(message)
                return False
            self.general.setText(message)
            self.general.show()
            refused = getattr(self.context, "refused", None)
            if callable(refused):  # an account disabled or demoted meanwhile: the window follows
                refused(exc)
            return False
        saved_ref = getattr(record_id, "ref", None) or getattr(record_id, "client_code", None)
        record_id = getattr(record_id, "id", record_id)
        if saved_ref:
            self._saved_message(str(saved_ref))
        self.context.notify_saved(self.kind)
        self.saved.emit(self.kind, int(record_id) if record_id is not None else 0)
        self._dirty = False
        if another:
            kept = {k: v for k, v in values.items() if k in self.keep}
            keep = {**self._defaults, **self._initial, **kept}
            self.load(keep)
            self.apply_skips()
            self._dirty = False
            self._touched = set()
            self.check()
            # the cursor waits in the first field the next slip has to give (not one kept or filled in)
            self._first_to_key(skip=tuple(k for k, v in keep.items() if v not in (None, ""))).setFocus(
                Qt.FocusReason.TabFocusReason)
            return True
        self.accept()
        return True

    def offer_reload(self, message: str) -> bool:
        """Someone saved this record since the form opened: say so, and offer the stored version (what was
        typed here is shown beside the question, to be made again). ``offer_reload.answer`` lets tests answer."""
        from PySide6.QtWidgets import QMessageBox

        self.general.setText(message)
        self.general.show()
        answer = getattr(type(self).offer_reload, "answer", None)
        if answer is None:
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Changed by someone else"), message, parent=self)
            reload_button = box.addButton(self.tr("Reload"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(self.tr("Keep my form"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            answer = box.clickedButton() is reload_button
        if not answer:
            return False
        from ward_desk.services import records

        fresh = records.get_record(self.kind, self.record_id)
        self.loaded = dict(fresh)
        self.load(fresh)
        self._dirty = False
        self.check()
        return True

    def reject(self) -> None:
        if self._dirty and not ask_discard(self):
            return
        super().reject()

    def _save_anyway(self, warnings) -> bool:
        """Soft checks: each warning, what to do, and the clerk's choice ("Save anyway" is audited)."""
        text = "\n".join(f"• {labels.column_name(w.field, self.kind)}: {w.message(language())}" if w.field else
                         f"• {w.message(language())}" for w in warnings)
        return confirm(self, self.tr("Check before saving"), text, yes=self.tr("Save anyway"),
                       no=self.tr("Go back and check"))

    def keyPressEvent(self, event) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not modifiers:
            self.next_field()
            return
        super().keyPressEvent(event)
