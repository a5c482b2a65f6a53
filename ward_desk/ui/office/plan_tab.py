"""UI layer: the office window's Plan tab: each target the wards' counted returns carry, against this period and
the year to date, in total and ward by ward (``reports.office_plan``, also ``ward-desk office plan``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from ward_desk import messages
from ward_desk.ui.workers import error_text

messages.register({
    "officeplan.tab": ("Kế hoạch và kết quả", "Plan and achievement"),
    "officeplan.heading": ("Chỉ tiêu kế hoạch năm của các xã/phường và kết quả kỳ {period}",
                           "The wards' annual plan targets and what was achieved, {period}"),
    "officeplan.cols": ("Đơn vị|Chỉ tiêu|Kế hoạch năm|Kỳ này|Lũy kế từ đầu năm|% so với kế hoạch",
                        "Unit|Indicator|Annual target|This period|Year to date|% of target"),
    "officeplan.empty": ("Chưa có báo cáo nào được tính cho kỳ {period} mang chỉ tiêu kế hoạch (trang Targets).",
                         "No counted return for {period} carries plan targets (a Targets sheet)."),
    "officeplan.no_target": ("—", "—"),
    "officeplan.export": ("Xuất ra Excel…", "Export to Excel…"),
    "officeplan.written": ("Đã ghi {file}.", "Wrote {file}."),
    "officeplan.choose_period": ("Chọn một kỳ ở trên.", "Choose a period above."),
})


def percent_text(line) -> str:
    return "" if line.percent is None else f"{line.percent:.1f}".replace(".", ",") + "%"


def figures(n) -> str:
    return messages.text("officeplan.no_target") if n is None else f"{n:,}".replace(",", ".")


class OfficePlanTab(QWidget):
    """Reads the counted files only when shown (a period's returns are checked again to read their sheets)."""

    def __init__(self, screen, parent=None):
        super().__init__(parent)
        self.screen = screen
        self.plan = None
        self.quiet = False
        self.last_error = ""
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setBold(True)
        self.heading.setFont(font)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(messages.text("officeplan.cols").split("|"))
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        for column in range(2, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #8a5300;")
        self.export_button = QPushButton(messages.text("officeplan.export"))
        self.export_button.clicked.connect(self._export_clicked)
        self.status = QLabel()
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes)
        layout.addLayout(bottom)

    def period(self) -> str:
        return self.screen.period_box.currentText().strip()

    def when_shown(self, *_args) -> None:
        if self.screen.tabs.currentWidget() is self:
            self.load()

    def _error(self, exc) -> None:
        self.last_error = error_text(exc)
        self.notes.setText(self.last_error)
        if not self.quiet:
            QMessageBox.warning(self, messages.text("officeui.failed"), self.last_error)

    def load(self, period: str | None = None) -> bool:
        from ward_desk.reports import office_plan

        period = period or self.period()
        self.table.setRowCount(0)
        self.notes.clear()
        self.plan = None
        if not period:
            self.heading.setText(messages.text("officeplan.choose_period"))
            return False
        try:
            plan = office_plan.plan_vs_achieved(period)
        except Exception as exc:  # noqa: BLE001 - every failure is a message
            self._error(exc)
            return False
        self.plan = plan
        self.heading.setText(messages.text("officeplan.heading", period=plan.period))
        self._fill(plan)
        notes = list(plan.notes)
        if not plan.keys:
            notes.insert(0, messages.text("officeplan.empty", period=plan.period))
        self.notes.setText("\n".join(notes))
        self.export_button.setEnabled(bool(plan.keys))
        return True

    def _fill(self, plan) -> None:
        from ward_desk.reports.plan import label

        bold = QFont(self.table.font())
        bold.setBold(True)
        shade = QBrush(QColor("#eef3fb"))
        rows = [(messages.text("officeplan.total"), line, True) for line in plan.total]
        for ward in plan.wards:
            who = f"{ward.ward} {ward.name}"
            if ward.counted:
                rows.extend((who, line, False) for line in ward.lines)
            else:
                rows.append((who, ward.state, False))
        self.table.setRowCount(len(rows))
        for r, (who, line, total) in enumerate(rows):
            if isinstance(line, str):  # no counted return for this ward
                texts = [who, messages.text("officeplan.no_return",
                                            state=messages.text(f"office.state.{line}")), "", "", "", ""]
            else:
                texts = [who, label(line.key), figures(line.target), figures(line.value), figures(line.ytd),
                         percent_text(line)]
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if total:
                    item.setFont(bold)
                    item.setBackground(shade)
                if isinstance(line, str):
                    item.setForeground(QBrush(QColor("#777777")))
                self.table.setItem(r, c, item)

    def export_to(self, path) -> bool:
        from ward_desk.reports import office_plan

        if self.plan is None and not self.load():
            return False
        try:
            office_plan.write_plan_vs_achieved(self.plan, path)
        except Exception as exc:  # noqa: BLE001 - every failure is a message
            self._error(exc)
            return False
        self.status.setText(messages.text("officeplan.written", file=str(path)))
        return True

    def _export_clicked(self) -> None:
        default = str(Path.home() / f"ke-hoach-{self.period() or 'ky'}.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, messages.text("officeplan.export"), default, "Excel (*.xlsx)")
        if path:
            self.export_to(path)
