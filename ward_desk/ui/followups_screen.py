"""UI layer: the follow-up work lists (overdue referrals, approved loans waiting for the bank)."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

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
        self.print_button = QPushButton(self.tr("Print…"), self)  # a preview first, then the printer
        self.print_button.setToolTip(self.tr("Ctrl+P"))
        self.print_button.clicked.connect(self.print_preview)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_preview)
        layout = QVBoxLayout(self)
        layout.addWidget(self.referrals_title)
        layout.addWidget(self.referrals, 1)
        layout.addWidget(self.loans_title)
        layout.addWidget(self.loans, 1)
        layout.addWidget(hint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._items: dict[QTableWidget, list] = {}
        for table in (self.referrals, self.loans):
            table.activated.connect(lambda index, t=table: self.open(t, index.row()))
            table.doubleClicked.connect(lambda index, t=table: self.open(t, index.row()))
        self._refresh_when_shown = RefreshWhenShown(self, self.refresh)
        context.records_changed.connect(self._refresh_when_shown)
        context.settings_changed.connect(self._refresh_when_shown)
        self.refresh()

    def _table(self, headers: list[str]) -> QTableWidget:
        table = read_only_table(headers, self)
        # every column as wide as its heading and its longest cell: a long service ("Bệnh lây truyền qua đường
        # tình dục") or heading ("Ngày chuyển gửi") is read whole, never cut; the last takes the spare width
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
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

    # ---- printing: both lists as they are on screen, headed by the ward and the day
    def html(self) -> str:
        from ward_desk.services import settings

        try:
            unit = settings.ward_unit()
            ward = f"{settings.get('display_name') or unit.name} ({unit.code})"
        except Exception:  # no ward set (a bare test database)
            ward = ""
        parts = [f"<h2>{escape(self.tr('Follow-ups'))}</h2>",
                 f"<p>{escape(ward)} · {escape(self.tr('printed on %1').replace('%1', dt.date.today().strftime('%d/%m/%Y')))}</p>"]
        for title, table in ((self.referrals_title, self.referrals), (self.loans_title, self.loans)):
            parts.append(f"<h3>{escape(title.text())}</h3>")
            parts.append("<table border='1' cellspacing='0' cellpadding='4' width='100%'><thead><tr>")
            for column in range(table.columnCount()):
                parts.append(f"<th bgcolor='#dde6f0'>{escape(table.horizontalHeaderItem(column).text())}</th>")
            parts.append("</tr></thead>")
            for row in range(table.rowCount()):
                cells = "".join(f"<td{' align=right' if column == 4 else ''}>"
                                f"{escape(table.item(row, column).text())}</td>"
                                for column in range(table.columnCount()))
                parts.append(f"<tr>{cells}</tr>")
            if not table.rowCount():
                parts.append(f"<tr><td colspan='{table.columnCount()}'>{escape(self.tr('Nothing waiting.'))}</td></tr>")
            parts.append("</table>")
        return "".join(parts)

    def document(self) -> QTextDocument:
        doc = QTextDocument()
        doc.setHtml(self.html())
        return doc

    @staticmethod
    def _printer():
        from PySide6.QtGui import QPageLayout, QPageSize
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        return printer

    def print_to_pdf(self, path):
        """What the printer gets, as a PDF file."""
        from pathlib import Path

        from PySide6.QtPrintSupport import QPrinter

        from ward_desk.fileio import atomic_path

        self.refresh()
        printer = self._printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        with atomic_path(Path(path)) as temp:
            printer.setOutputFileName(str(temp))
            self.document().print_(printer)
        return Path(path)

    def print_preview(self) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        self.refresh()
        dialog = QPrintPreviewDialog(self._printer(), self)
        doc = self.document()
        dialog.paintRequested.connect(doc.print_)
        dialog.exec()

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
