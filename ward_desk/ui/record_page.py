"""UI layer: the page of one record that others name (a client, an establishment): its title and details, a tab
of each kind of record about it with a count, a quick add for each, edit and back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ward_desk.ui import labels
from ward_desk.ui.list_screen import ListScreen
from ward_desk.ui.widgets import RefreshWhenShown


class RecordPage(QWidget):
    """``kind``: the record's own kind; ``tabs``: the kinds listed about it, filtered by ``filter_name``
    (``client_id``, ``establishment_id``). Subclasses say what the page is called and shows (``texts``,
    ``describe``) and may add quick buttons of their own (``extra_quick_buttons``)."""

    kind = ""
    filter_name = ""

    def __init__(self, context, record_id: int, tabs: tuple[str, ...], parent=None):
        super().__init__(parent)
        self.context = context
        self.record_id = record_id
        self.kinds = tabs
        edit_text, back_text = self.texts()
        self.title = QLabel(self)
        self.title.setObjectName("title")
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.edit_button = QPushButton(edit_text, self)
        self.back_button = QPushButton(back_text, self)
        self.tabs = QTabWidget(self)
        # long Vietnamese names ("Thành viên nhóm đồng đẳng (2)") are read whole: never "Thành viên…"; when the
        # tabs outgrow the page, the bar scrolls
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        self.tabs.setUsesScrollButtons(True)
        self.lists: dict[str, ListScreen] = {}
        self.quick_buttons: dict[str, QPushButton] = {}
        quick = QHBoxLayout()
        for kind in self.kinds:
            screen = ListScreen(context, kind, self, compact=True, **{self.filter_name: record_id})
            self.lists[kind] = screen
            self.tabs.addTab(screen, labels.kind_name(kind))
            self._quick_button(quick, kind, screen.add)
        for kind, action in self.extra_quick_buttons():
            self._quick_button(quick, kind, action)
        quick.addStretch(1)
        quick.addWidget(self.edit_button)
        quick.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addLayout(quick)
        layout.addWidget(self.tabs, 1)
        self.edit_button.clicked.connect(self.edit)
        self.back_button.clicked.connect(lambda: context.navigate(self.kind))
        # any kind: the tab titles count the records about this one
        self._refresh_when_shown = RefreshWhenShown(self, self.refresh)
        context.records_changed.connect(self._refresh_when_shown)
        self.refresh()

    def _quick_button(self, row: QHBoxLayout, kind: str, action) -> None:
        button = QPushButton(f"+ {labels.one_name(kind)}", self)
        button.clicked.connect(action)
        self.quick_buttons[kind] = button
        row.addWidget(button)

    def texts(self) -> tuple[str, str]:
        """The edit and back buttons' words."""
        raise NotImplementedError

    def describe(self, values: dict) -> tuple[str, list[str]]:
        """The page's title and the parts of its details line, from the record's values."""
        raise NotImplementedError

    def extra_quick_buttons(self) -> list[tuple[str, object]]:
        return []

    def refresh(self) -> None:
        from ward_desk.services import queries, records

        try:
            values = records.get_record(self.kind, self.record_id)
        except Exception:  # gone meanwhile (deleted in another window): the page is left as it was
            return
        title, parts = self.describe(values)
        self.title.setText(title)
        self.details.setText(" · ".join(parts))
        for kind in self.lists:  # counted now, not from a tab's list that refreshes only when shown
            count = queries.count(kind, queries.Filters(**{self.filter_name: self.record_id}))
            self.tabs.setTabText(self.kinds.index(kind), f"{labels.kind_name(kind)} ({count})")

    def edit(self) -> None:
        from ward_desk.ui.record_form import open_form

        open_form(self.context, self.kind, self.record_id, parent=self)
