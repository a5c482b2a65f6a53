"""UI layer: the supervisor's list of clients whose consent to keep their records (STORE) was withdrawn
(RETURN-v2 §1): each is opened on the client's page, to erase what must go or record a new consent."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ward_desk.ui.widgets import RefreshWhenShown


class ConsentReviewScreen(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.title = QLabel(self.tr("Clients whose consent to keep their records was withdrawn"), self)
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.note = QLabel(self.tr("Personal Data Protection Law 91/2025: review each one: erase what the law "
                                   "requires, or record the consent the person gives again."), self)
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("withdrawn")
        self.table.setHorizontalHeaderLabels([self.tr("Client code"), self.tr("Withdrawn on")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.open_button = QPushButton(self.tr("Open the client's page"), self)
        self.open_button.clicked.connect(self.open_current)
        self.count = QLabel(self)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.note, self.table, self.count, self.open_button):
            layout.addWidget(widget)
        self.rows = []
        self._refresh_when_shown = RefreshWhenShown(self, self.refresh)
        context.records_changed.connect(self._refresh_when_shown)
        self.refresh()

    def refresh(self) -> None:
        from ward_desk.services import consents

        self.rows = consents.withdrawn_store_clients()
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            self.table.setItem(i, 0, QTableWidgetItem(row.client_code))
            self.table.setItem(i, 1, QTableWidgetItem(row.withdrawn_on.strftime("%d/%m/%Y")))
        self.count.setText(self.tr("%n client(s) to review", "", len(self.rows)))

    def open_current(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            self.context.navigate("client", record_id=self.rows[row].client_id)
