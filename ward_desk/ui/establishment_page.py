"""UI layer: one service establishment's page: its details, visits, 178 inspections and the history of its
commitments (signed, valid until, withdrawn), each with a quick add."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ward_desk.spec import records as spec
from ward_desk.ui import labels
from ward_desk.ui.list_screen import ListScreen
from ward_desk.ui.record_form import RecordForm
from ward_desk.ui.widgets import RefreshWhenShown

# every kind that names an establishment: visits, inspections, commitments
TABS = tuple(k.name for k in spec.KINDS.values() if "establishments" in k.refs.values())


class EstablishmentPage(QWidget):
    def __init__(self, context, record_id: int, parent=None):
        super().__init__(parent)
        self.context = context
        self.record_id = record_id
        self.title = QLabel(self)
        self.title.setObjectName("title")
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.edit_button = QPushButton(self.tr("Edit establishment"), self)
        self.back_button = QPushButton(self.tr("Back to establishments"), self)
        self.tabs = QTabWidget(self)
        self.lists: dict[str, ListScreen] = {}
        self.quick_buttons: dict[str, QPushButton] = {}
        quick = QHBoxLayout()
        for kind in TABS:
            screen = ListScreen(context, kind, self, establishment_id=record_id, compact=True)
            self.lists[kind] = screen
            self.tabs.addTab(screen, labels.kind_name(kind))
            button = QPushButton(f"+ {labels.one_name(kind)}", self)
            button.clicked.connect(screen.add)
            self.quick_buttons[kind] = button
            quick.addWidget(button)
        quick.addStretch(1)
        quick.addWidget(self.edit_button)
        quick.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addLayout(quick)
        layout.addWidget(self.tabs, 1)
        self.edit_button.clicked.connect(self.edit)
        self.back_button.clicked.connect(lambda: context.navigate("establishments"))
        self._refresh_when_shown = RefreshWhenShown(self, self.refresh)
        context.records_changed.connect(self._refresh_when_shown)
        self.refresh()

    def refresh(self) -> None:
        from ward_desk.services import records

        try:
            values = records.get_record("establishments", self.record_id)
        except Exception:
            return
        self.title.setText(f"{values.get('name') or ''} ({values.get('id') or ''})")
        parts = [labels.code_name(values["type"], "establishment_type")] if values.get("type") else []
        if values.get("address"):
            parts.append(values["address"].replace("\n", ", "))
        if values.get("listed_on"):
            parts.append(self.tr("listed %1").replace("%1", values["listed_on"].strftime("%d/%m/%Y")))
        if values.get("delisted_on"):
            parts.append(self.tr("delisted %1").replace("%1", values["delisted_on"].strftime("%d/%m/%Y")))
        self.details.setText(" · ".join(parts))
        for kind, screen in self.lists.items():
            self.tabs.setTabText(TABS.index(kind), f"{labels.kind_name(kind)} ({screen.model.total()})")

    def edit(self) -> None:
        RecordForm(self.context, "establishments", self.record_id, parent=self).exec()
