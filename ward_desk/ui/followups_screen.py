"""UI layer: the follow-up work lists (overdue referrals, approved loans waiting for the bank)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from ward_desk.ui.widgets import RefreshWhenShown, read_only_table
from ward_desk.services import followups
from ward_desk.ui import labels
from ward_desk.ui.record_form import open_form


class FollowupsScreen(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.referrals_title = QLabel(self)
        self.loans_title = QLabel(self)
        for title in (self.referrals_title, self.loans_title):
            title.setStyleSheet("font-weight: bold;")
        self.referrals = self._table([self.tr("Code"), self.tr("Client code"), self.tr("Service"),
                                      self.tr("Referred on"), self.tr("Days waiting")])
        self.loans = self._table([self.tr("Code"), self.tr("Client code"), self.tr("Programme"),
                                  self.tr("Approved on"), self.tr("Days waiting")])
        hint = QLabel(self.tr("Enter or double click opens the record to record what happened."), self)
        self.export_button = QPushButton(self.tr("Export to Excel…"), self)  # to print or send on
        self.export_button.clicked.connect(self.export)
        layout = QVBoxLayout(self)
        layout.addWidget(self.referrals_title)
        layout.addWidget(self.referrals, 1)
        layout.addWidget(self.loans_title)
        layout.addWidget(self.loans, 1)
        layout.addWidget(hint)
        layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._items: dict[QTableWidget, list] = {}
        for table in (self.referrals, self.loans):
            table.activated.connect(lambda index, t=table: self.open(t, index.row()))
            table.doubleClicked.connect(lambda index, t=table: self.open(t, index.row()))
        self._refresh_when_shown = RefreshWhenShown(self, self.refresh)
        context.records_changed.connect(self._refresh_when_shown)
        context.settings_changed.connect(self._refresh_when_shown)
        self.refresh()

    def _table(self, headers: list[str]) -> QTableWidget:
        table = read_only_table(headers, self, stretch_all=True)
        # a long service ("Bệnh lây truyền qua đường tình dục") is read whole, not cut
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        return table

    def export(self, path: str | None = None) -> None:
        """Both lists to a workbook (``followups.export_followups``), to print or send to the supervisor."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to Excel…"),
                                                  str(Path.home() / "theo-doi.xlsx"), "Excel (*.xlsx)")
        if path:
            followups.export_followups(path)

    def refresh(self) -> None:
        days = followups.followup_days()
        for table, items in ((self.referrals, followups.overdue_referrals()), (self.loans, followups.loans_not_disbursed())):
            self._items[table] = items
            table.setRowCount(len(items))
            for row, item in enumerate(items):
                what = labels.code_label(item.what, "service" if item.kind == "referrals" else "programme")
                cells = [item.ref, item.client_code, what, item.since.strftime("%d/%m/%Y"),
                         str(item.days)]
                for column, text in enumerate(cells):
                    cell = QTableWidgetItem(text)
                    if column == 4:
                        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    table.setItem(row, column, cell)
        self.referrals_title.setText(self.tr("Referrals still waiting after %1 days: %2")
                                     .replace("%1", str(days)).replace("%2", str(len(self._items[self.referrals]))))
        self.loans_title.setText(self.tr("Loans approved but not yet disbursed: %1")
                                 .replace("%1", str(len(self._items[self.loans]))))

    def open(self, table: QTableWidget, row: int) -> None:
        items = self._items.get(table) or []
        if 0 <= row < len(items):
            item = items[row]
            form = open_form(self.context, item.kind, item.record_id, parent=self)
            form.focus_outcome()  # a follow-up is about what came of it: the cursor waits there
