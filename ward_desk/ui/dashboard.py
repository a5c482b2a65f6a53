"""UI layer: the dashboard, the ward's month at a glance (``services.dashboard``) with a 12-month trend chart.

It refreshes whenever a screen reports a save (``context.records_changed``) or the settings change, so the
numbers a clerk sees are always those the return would carry.
"""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QComboBox, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from ward_desk.ui.widgets import RefreshWhenShown
from ward_desk import messages
from ward_desk.services import dashboard as service
from ward_desk.services import followups, rules, settings
from ward_desk.ui import labels

messages.register({
    "dash.title": ("Tổng quan tháng", "Month at a glance"),
    "dash.month": ("Tháng:", "Month:"),
    "dash.reached": ("Người được tiếp cận", "People reached"),
    "dash.new": ("Người mới", "New people"),
    "dash.contacts": ("Lượt tiếp cận", "Contacts"),
    "dash.est_listed": ("Cơ sở kinh doanh dịch vụ", "Establishments listed"),
    "dash.commitments": ("Cam kết ký trong tháng / tổng", "Commitments this month / total"),
    "dash.loan_amount": ("Giải ngân trong tháng (VNĐ)", "Disbursed this month (VND)"),
    "dash.referrals": ("Chuyển gửi theo dịch vụ", "Referrals by service"),
    "dash.col.service": ("Dịch vụ", "Service"),
    "dash.col.made": ("Chuyển gửi", "Made"),
    "dash.col.completed": ("Đã nhận dịch vụ", "Completed"),
    "dash.loans": ("Vay vốn theo giai đoạn (cuối tháng)", "Loans by stage (month end)"),
    "dash.followups": ("Việc cần theo dõi", "Follow-ups"),
    "dash.no_followups": ("Không có việc cần theo dõi.", "Nothing to follow up."),
    "dash.followup.referrals_overdue": (
        "Chuyển gửi chưa có kết quả sau {days} ngày", "Referrals with no outcome after {days} days"),
    "dash.followup.loans_not_disbursed": ("Khoản vay đã duyệt chưa giải ngân", "Loans approved, not disbursed"),
    "dash.trend": ("Xu hướng 12 tháng", "12-month trend"),
    "dash.trend_reach": ("Người được tiếp cận", "People reached"),
    "dash.trend_referrals": ("Lượt chuyển gửi", "Referrals made"),
    "dash.range": ("Từ {start} đến {end}", "From {start} to {end}"),
})

SERVICES = rules.SERVICES  # in the standard's order; named by ``labels``


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # Vietnamese thousands separator


class Tile(QFrame):
    """One big number with its label."""

    def __init__(self, label: str, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.StyledPanel)
        self.setObjectName("tile")
        self.value = QLabel("0")
        font = QFont(self.value.font())
        font.setPointSize(font.pointSize() + 10)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(label)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set(self, text: str) -> None:
        self.value.setText(text)


class DashboardScreen(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.glance: service.MonthGlance | None = None

        title = QLabel(messages.text("dash.title"))
        font = QFont(title.font())
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        title.setFont(font)
        self.month_box = QComboBox()
        self.range_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.range_label)
        top.addWidget(QLabel(messages.text("dash.month")))
        top.addWidget(self.month_box)

        self.tiles = {key: Tile(messages.text(f"dash.{key}")) for key in
                      ("reached", "new", "contacts", "est_listed", "commitments", "loan_amount")}
        tiles = QGridLayout()
        for i, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, 0, i)

        self.referrals = QTableWidget(0, 3)
        self.referrals.setHorizontalHeaderLabels([messages.text(f"dash.col.{c}")
                                                  for c in ("service", "made", "completed")])
        self.referrals.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.referrals.verticalHeader().setVisible(False)
        self.referrals.setEditTriggers(QTableWidget.NoEditTriggers)
        ref_box = QGroupBox(messages.text("dash.referrals"))
        QVBoxLayout(ref_box).addWidget(self.referrals)

        self.loans = QTableWidget(len(service.LOAN_STAGES), 1)
        self.loans.horizontalHeader().setVisible(False)
        self.loans.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.loans.setVerticalHeaderLabels([labels.code_label(s, "loan_stage") for s in service.LOAN_STAGES])
        self.loans.setEditTriggers(QTableWidget.NoEditTriggers)
        loan_box = QGroupBox(messages.text("dash.loans"))
        QVBoxLayout(loan_box).addWidget(self.loans)

        self.followups = QLabel()
        self.followups.setWordWrap(True)
        self.followups.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        follow_box = QGroupBox(messages.text("dash.followups"))
        QVBoxLayout(follow_box).addWidget(self.followups)

        from ward_desk.ui.reports_ui import PlanPanel

        self.plan_panel = PlanPanel(self)  # the year's plan targets against the year to date
        side = QVBoxLayout()
        side.addWidget(loan_box)
        side.addWidget(follow_box)

        self.chart = QChart()
        self.chart.setTitle(messages.text("dash.trend"))
        self.chart.legend().setAlignment(Qt.AlignBottom)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.Antialiasing)
        self.chart_view.setMinimumHeight(240)

        middle = QHBoxLayout()
        middle.addWidget(ref_box, 3)
        middle.addLayout(side, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tiles)
        layout.addLayout(middle, 3)
        charts = QHBoxLayout()
        charts.addWidget(self.chart_view, 3)
        charts.addWidget(self.plan_panel, 2)
        layout.addLayout(charts, 3)

        self._fill_months()
        self.month_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self._refresh_when_shown = RefreshWhenShown(self, self.refresh)
        context.records_changed.connect(self._refresh_when_shown)
        self._settings_when_shown = RefreshWhenShown(self, self._on_settings_changed)
        context.settings_changed.connect(self._settings_when_shown)
        self.refresh()

    def _fill_months(self, month: str | None = None) -> None:
        basis = settings.get("period_basis")
        latest = service.current_month(basis=basis)
        month = month or latest
        self.month_box.blockSignals(True)
        self.month_box.clear()
        for back in range(24):
            m = service.shift_month(latest, -back)
            self.month_box.addItem(f"{m[5:]}/{m[:4]}", m)
        index = self.month_box.findData(month)
        self.month_box.setCurrentIndex(max(index, 0))
        self.month_box.blockSignals(False)

    def _on_settings_changed(self) -> None:
        self._fill_months(self.month_box.currentData())
        self.refresh()

    def set_month(self, month: str) -> None:
        index = self.month_box.findData(month)
        if index < 0:
            self.month_box.insertItem(0, f"{month[5:]}/{month[:4]}", month)
            index = 0
        self.month_box.setCurrentIndex(index)
        self.refresh()

    def refresh(self) -> None:
        g = self.glance = service.month_glance(self.month_box.currentData())
        self.range_label.setText(messages.text("dash.range", start=g.start.strftime("%d/%m/%Y"),
                                               end=g.end.strftime("%d/%m/%Y")))
        self.tiles["reached"].set(_number(g.reached))
        self.tiles["new"].set(_number(g.new_people))
        self.tiles["contacts"].set(_number(g.contacts))
        self.tiles["est_listed"].set(_number(g.establishments_listed))
        self.tiles["commitments"].set(f"{g.commitments_in_month} / {g.commitments_total}")
        self.tiles["loan_amount"].set(_number(g.loans_disbursed_amount))

        services = [s for s in SERVICES if s in g.referrals_made or s in g.referrals_completed]
        services += sorted((set(g.referrals_made) | set(g.referrals_completed)) - set(SERVICES))
        self.referrals.setRowCount(len(services))
        for row, code in enumerate(services):
            label = labels.code_label(code, "service")
            cells = (label, str(g.referrals_made.get(code, 0)), str(g.referrals_completed.get(code, 0)))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.referrals.setItem(row, col, item)
        for row, stage in enumerate(service.LOAN_STAGES):
            item = QTableWidgetItem(str(g.loans_by_stage.get(stage, 0)))
            item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            self.loans.setItem(row, 0, item)
        if g.followups:
            self.followups.setText("\n".join(f"{self._followup_label(k)}: {v}" for k, v in g.followups.items()))
        else:
            self.followups.setText(messages.text("dash.no_followups"))
        self._draw_trend(g.trend)
        self.plan_panel.show_month(g.month)

    @staticmethod
    def _followup_label(key: str) -> str:
        for code in (f"dash.followup.{key}", f"followups.{key}"):
            if code in messages.known_codes():
                return messages.text(code, days=followups.followup_days())
        return key

    def _draw_trend(self, trend) -> None:
        self.chart.removeAllSeries()
        for axis in list(self.chart.axes()):
            self.chart.removeAxis(axis)
        reach = QLineSeries()
        reach.setName(messages.text("dash.trend_reach"))
        referrals = QLineSeries()
        referrals.setName(messages.text("dash.trend_referrals"))
        for i, (_month, reached, made) in enumerate(trend):
            reach.append(i, reached)
            referrals.append(i, made)
        self.chart.addSeries(reach)
        self.chart.addSeries(referrals)
        categories = QBarCategoryAxis()
        categories.append([f"{m[5:]}/{m[2:4]}" for m, _r, _f in trend])
        values = QValueAxis()
        top = max([1] + [max(r, f) for _m, r, f in trend])
        step = _nice_step(top)
        ticks = -(-top // step) + 1 if top % step == 0 else -(-top // step)
        values.setRange(0, step * ticks)  # round ticks (0, 200, 400...) a reader can read off at a glance
        values.setTickCount(ticks + 1)
        values.setLabelFormat("%d")
        self.chart.addAxis(categories, Qt.AlignBottom)
        self.chart.addAxis(values, Qt.AlignLeft)
        for series in (reach, referrals):
            series.attachAxis(categories)
            series.attachAxis(values)
            series.setPointsVisible(True)

    def trend_points(self) -> list[tuple[int, int]]:
        """The plotted (reach, referrals) values, oldest first: what the chart shows, for tests."""
        series = self.chart.series()
        return [(int(a.y()), int(b.y())) for a, b in zip(series[0].points(), series[1].points())]


def _nice_step(top: int, ticks: int = 5) -> int:
    """The smallest 1, 2 or 5 times a power of ten that covers ``top`` in at most ``ticks`` steps."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude * ticks >= top:
                return factor * magnitude
        magnitude *= 10
