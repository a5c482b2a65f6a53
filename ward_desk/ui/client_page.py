"""UI layer: one client's page: the client's details and every record about them, with quick adds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ward_desk.spec import records as spec
from ward_desk.ui.widgets import RefreshWhenShown
from ward_desk.ui import labels
from ward_desk.ui.list_screen import ListScreen
from ward_desk.ui.record_form import open_form

# every kind that names a client: contacts, referrals, loans, memberships, hotline calls, GBV cases, consents
TABS = spec.client_kinds()


def tabs() -> tuple[str, ...]:
    """The page's tabs for the signed-in user: GBV cases only in a supervisor's or admin's (RETURN-v2 §1)."""
    from ward_desk.services import accounts

    return tuple(kind for kind in TABS if kind != "gbv_cases" or accounts.can("gbv.read"))


class ClientPage(QWidget):
    def __init__(self, context, record_id: int, parent=None):
        super().__init__(parent)
        self.context = context
        self.record_id = record_id
        self.title = QLabel(self)
        self.title.setObjectName("title")
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.details = QLabel(self)
        self.edit_button = QPushButton(self.tr("Edit client"), self)
        self.back_button = QPushButton(self.tr("Back to clients"), self)
        self.tabs = QTabWidget(self)
        # long Vietnamese names ("Thành viên nhóm đồng đẳng (2)") are read whole: never "Thành viên…"; when the
        # tabs outgrow the page, the bar scrolls
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        self.tabs.setUsesScrollButtons(True)
        self.lists: dict[str, ListScreen] = {}
        quick = QHBoxLayout()
        self.quick_buttons: dict[str, QPushButton] = {}
        self.kinds = tabs()
        for kind in self.kinds:
            screen = ListScreen(context, kind, self, client_id=record_id, compact=True)
            self.lists[kind] = screen
            self.tabs.addTab(screen, labels.kind_name(kind))
            button = QPushButton(f"+ {labels.one_name(kind)}", self)
            button.clicked.connect(screen.add)
            self.quick_buttons[kind] = button
            quick.addWidget(button)
        if "gbv_cases" not in self.kinds:  # a clerk records a case here, and sees none afterwards
            button = QPushButton(f"+ {labels.one_name('gbv_cases')}", self)
            button.clicked.connect(self.add_gbv_case)
            self.quick_buttons["gbv_cases"] = button
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
        self.back_button.clicked.connect(lambda: context.navigate("clients"))
        # any kind: the tab titles count this client's contacts, referrals, loans and memberships
        self._refresh_when_shown = RefreshWhenShown(self, self.refresh)
        context.records_changed.connect(self._refresh_when_shown)
        self.refresh()

    def refresh(self) -> None:
        from ward_desk.services import records

        try:
            values = records.get_record("clients", self.record_id)
        except Exception:
            return
        self.title.setText(self.tr("Client %1").replace("%1", values.get("client_code") or ""))
        parts = [labels.code_name(values[k], k) for k in ("sex", "group") if values.get(k)]
        if values.get("birth_year"):
            parts.append(self.tr("born %1").replace("%1", str(values["birth_year"])))
        if values.get("registered_on"):
            parts.append(self.tr("registered %1").replace("%1", values["registered_on"].strftime("%d/%m/%Y")))
        self.details.setText(" · ".join(parts))
        from ward_desk.services import queries

        for kind in self.lists:  # counted now, not from a tab's list that refreshes only when shown
            count = queries.count(kind, queries.Filters(client_id=self.record_id))
            self.tabs.setTabText(self.kinds.index(kind), f"{labels.kind_name(kind)} ({count})")

    def add_gbv_case(self) -> None:
        """A clerk records a GBV case about this client; the page never lists one for them (RETURN-v2 §1)."""
        from ward_desk.services import records

        code = records.get_record("clients", self.record_id)["client_code"]
        RecordForm(self.context, "gbv_cases", initial={"client_code": code}, parent=self).exec()

    def edit(self) -> None:
        open_form(self.context, "clients", self.record_id, parent=self)
