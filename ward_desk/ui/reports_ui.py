"""UI layer: the annual plan screen, the narrative report and province form dialogs (Returns screen), and the
plan panel of the dashboard. Every action is a ``ward_desk.reports`` service also reachable from the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton, QRadioButton, QSpinBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from ward_desk import messages
from ward_desk.reports import grid as grids
from ward_desk.reports import plan
from ward_desk.reports.vnnumbers import figures
from ward_desk.ui.widgets import RefreshWhenShown
from ward_desk.ui.workers import TaskDialog, error_text

messages.register({
    "planui.title": ("Chỉ tiêu kế hoạch năm", "Annual plan targets"),
    "planui.year": ("Năm:", "Year:"),
    "planui.cols": ("Chỉ tiêu|Ô WDR-1 (chỉ tiêu:phân loại:giới:tuổi)|Kế hoạch năm|Lũy kế đến nay|% đạt",
                    "Indicator|WDR-1 cells (indicator:category:sex:age)|Annual target|Year to date|% achieved"),
    "planui.add": ("Thêm chỉ tiêu", "Add a target"),
    "planui.add_hint": ("vd REFERRED:PREP:*:*", "e.g. REFERRED:PREP:*:*"),
    "planui.save": ("Lưu kế hoạch", "Save the plan"),
    "planui.import": ("Nhập từ tệp kế hoạch…", "Import a plan workbook…"),
    "planui.export": ("Xuất tệp kế hoạch…", "Export the plan workbook…"),
    "planui.vs": ("Xuất bảng kế hoạch – thực hiện…", "Export plan vs achieved…"),
    "planui.saved": ("Đã lưu {count} chỉ tiêu năm {year}.", "Saved {count} target(s) for {year}."),
    "planui.read_only": ("Chỉ giám sát viên được sửa kế hoạch; bạn đang xem.",
                         "Only a supervisor may change the plan; you are viewing it."),
    "planui.failed": ("Không thực hiện được", "Not done"),
    "planui.written": ("Đã ghi {file}.", "Wrote {file}."),
    "planui.ytd_as_of": ("Lũy kế tính đến hết tháng {month}.", "Year to date up to the end of {month}."),
    "dash.plan": ("Kế hoạch năm {year}: % đạt (lũy kế)", "Plan {year}: % achieved (year to date)"),
    "dash.no_plan": ("Chưa có chỉ tiêu kế hoạch năm {year} (màn hình Kế hoạch năm).",
                     "No plan target for {year} yet (Annual plan screen)."),
    "repui.narrative": ("Báo cáo 6 tháng / năm…", "6-month / annual report…"),
    "repui.fill": ("Điền biểu mẫu tỉnh…", "Fill a province form…"),
    "repui.narrative_title": ("Dự thảo báo cáo 6 tháng / năm (.docx)", "6-month / annual report draft (.docx)"),
    "repui.fill_title": ("Điền biểu mẫu của tỉnh", "Fill a province form"),
    "repui.period": ("Kỳ báo cáo:", "Period:"),
    "repui.h1": ("6 tháng đầu năm", "First half-year"), "repui.h2": ("6 tháng cuối năm", "Second half-year"),
    "repui.year_kind": ("Cả năm", "Whole year"), "repui.shown": ("Kỳ đang xem ({period})", "The period shown ({period})"),
    "repui.template": ("Mẫu báo cáo:", "Template:"),
    "repui.builtin": ("Mẫu có sẵn (quốc hiệu, các mục I–V, phụ lục WDR-1)",
                      "Built in (national heading, sections I–V, WDR-1 tables appended)"),
    "repui.own": ("Mẫu riêng của phường: {name}", "The ward's own template: {name}"),
    "repui.choose_template": ("Dùng mẫu riêng…", "Use an own template…"),
    "repui.clear_template": ("Bỏ mẫu riêng", "Remove the own template"),
    "repui.save_as": ("Lưu thành…", "Save as…"),
    "repui.form": ("Biểu mẫu:", "Form:"),
    "repui.choose_form": ("Chọn biểu mẫu…", "Choose a form…"),
    "repui.source": ("Số liệu từ:", "Numbers from:"),
    "repui.from_records": ("Sổ ghi chép của phường", "The ward's records"),
    "repui.from_file": ("Tệp báo cáo WDR-1 (tổng hợp)…", "A WDR-1 return file (consolidation)…"),
    "repui.placeholders": ("{count} chỗ điền trong biểu mẫu.", "{count} placeholder(s) in the form."),
    "repui.working": ("Đang lập…", "Preparing…"),
    "repui.write": ("Lập báo cáo", "Write the report"), "repui.do_fill": ("Điền biểu mẫu", "Fill the form"),
    "repui.close": ("Đóng", "Close"),
    "repui.done_narrative": ("Đã ghi dự thảo {file}.", "Wrote the draft {file}."),
    "repui.done_fill": ("Đã điền {cells} ô vào {file}.", "Filled {cells} cell(s) into {file}."),
})


def _bold_title(text: str) -> QLabel:
    title = QLabel(text)
    font = QFont(title.font())
    font.setPointSize(font.pointSize() + 4)
    font.setBold(True)
    title.setFont(font)
    return title


def _percent(target: int, ytd: int) -> str:
    return "" if not target else f"{100.0 * ytd / target:.1f}".replace(".", ",") + "%"


class PlanScreen(QWidget):
    """The year's targets: typed in by a supervisor, imported or exported as the province's plan workbook, with
    the year to date and the percent achieved beside each."""

    def __init__(self, context, parent=None):
        super().__init__(parent)
        from ward_desk.services import accounts

        self.context = context
        self.quiet = False  # tests: problems go to ``last_error`` instead of a message box
        self.last_error = None
        self.can_write = accounts.can("plan.write")
        self.year = QSpinBox()
        self.year.setRange(2020, 2100)
        self.year.setValue(dt.date.today().year)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(messages.text("planui.cols").split("|"))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 230), (2, 110), (3, 110), (4, 80)):
            self.table.setColumnWidth(col, width)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pattern = QLineEdit()
        self.pattern.setPlaceholderText(messages.text("planui.add_hint"))
        add = QPushButton(messages.text("planui.add"))
        add.clicked.connect(lambda: self.add_row(self.pattern.text()))
        self.save_button = QPushButton(messages.text("planui.save"))
        self.save_button.clicked.connect(self.save)
        import_button = QPushButton(messages.text("planui.import"))
        import_button.clicked.connect(self._import_clicked)
        export_button = QPushButton(messages.text("planui.export"))
        export_button.clicked.connect(self._export_clicked)
        vs_button = QPushButton(messages.text("planui.vs"))
        vs_button.clicked.connect(self._vs_clicked)
        for w in (add, self.save_button, import_button, self.pattern):
            w.setEnabled(self.can_write)
        self.status = QLabel(messages.text("planui.read_only") if not self.can_write else "")
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(_bold_title(messages.text("planui.title")))
        top.addStretch(1)
        top.addWidget(QLabel(messages.text("planui.year")))
        top.addWidget(self.year)
        adding = QHBoxLayout()
        adding.addWidget(self.pattern, 1)
        adding.addWidget(add)
        adding.addStretch(1)
        buttons = QHBoxLayout()
        for b in (self.save_button, import_button, export_button, vs_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(adding)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self._refresh_when_shown = RefreshWhenShown(self, self.refresh)
        context.records_changed.connect(self._refresh_when_shown)
        self.refresh()

    def _achieved(self, year: int) -> grids.Grid | None:
        """The year to date: the year itself when it is over, else up to the month just ended (or this one)."""
        today = dt.date.today()
        period = str(year) if year < today.year else (f"{year}-{today.month:02d}" if year == today.year else None)
        if period is None:
            return None
        try:
            return grids.from_records(period)
        except Exception:  # noqa: BLE001 - a ward not set up yet: the plan alone
            return None

    def refresh(self) -> None:
        year = self.year.value()
        current = plan.targets(year)
        keys = list(current) + [k for k in plan.SUGGESTED if k not in current]
        achieved = self._achieved(year)
        self.table.setRowCount(0)
        for key in keys:
            self._append(key, current.get(key), achieved)
        if achieved is not None and self.can_write:
            self.status.setText(messages.text("planui.ytd_as_of", month=achieved.period.code))

    def _append(self, key, target, achieved) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        ytd = achieved.sum(key, "ytd") if achieved is not None else 0
        cells = (plan.label(key), grids.pattern_text(key), "" if target is None else str(target),
                 figures(ytd) if achieved is not None else "", _percent(target or 0, ytd))
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if col != 2 or not self.can_write:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if col >= 2:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, col, item)

    def values(self) -> dict:
        return {self.table.item(r, 1).text(): self.table.item(r, 2).text() for r in range(self.table.rowCount())}

    def set_target(self, pattern: str, value) -> None:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 1).text() == pattern:
                self.table.item(r, 2).setText(str(value))
                return
        self.add_row(pattern)
        self.set_target(pattern, value)

    def add_row(self, text: str) -> bool:
        key, problem = grids.parse_pattern(text)
        if problem:
            self._error(problem.located())
            return False
        if grids.pattern_text(key) not in self.values():
            self._append(key, None, self._achieved(self.year.value()))
        self.pattern.clear()
        return True

    def _error(self, text: str) -> None:
        self.last_error = text
        if not self.quiet:
            QMessageBox.warning(self, messages.text("planui.failed"), text)

    def _run(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every failure is a message; nothing changed
            self._error(error_text(exc))
            return None

    def save(self) -> bool:
        saved = self._run(plan.set_targets, self.year.value(), self.values())
        if saved is None:
            return False
        self.status.setText(messages.text("planui.saved", count=len(saved), year=self.year.value()))
        self.refresh()
        if hasattr(self.context, "notify_saved"):
            self.context.notify_saved("plan_targets")  # the dashboard's plan bars redraw
        return True

    def import_from(self, path) -> bool:
        found = self._run(plan.import_plan, path, self.year.value())
        if found is None:
            return False
        self.status.setText(messages.text("planui.saved", count=len(found), year=self.year.value()))
        self.refresh()
        if hasattr(self.context, "notify_saved"):
            self.context.notify_saved("plan_targets")
        return True

    def export_to(self, path) -> bool:
        done = self._run(plan.export_plan, path, self.year.value())
        if done is not None:
            self.status.setText(messages.text("planui.written", file=str(path)))
        return done is not None

    def plan_vs_to(self, path, period: str | None = None) -> bool:
        achieved = self._achieved(self.year.value())
        period = period or (achieved.period.code if achieved else str(self.year.value()))
        done = self._run(plan.write_plan_vs_achieved, path, period)
        if done is not None:
            self.status.setText(messages.text("planui.written", file=str(path)))
        return done is not None

    def _import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, messages.text("planui.import"), str(Path.home()),
                                              "Excel (*.xlsx)")
        if path:
            self.import_from(path)

    def _export_clicked(self) -> None:
        start = str(Path.home() / f"ke-hoach-{self.year.value()}.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, messages.text("planui.export"), start, "Excel (*.xlsx)")
        if path:
            self.export_to(path)

    def _vs_clicked(self) -> None:
        start = str(Path.home() / f"ke-hoach-thuc-hien-{self.year.value()}.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, messages.text("planui.vs"), start, "Excel (*.xlsx)")
        if path:
            self.plan_vs_to(path)


class PlanPanel(QGroupBox):
    """The dashboard's plan bars: each target's year to date as a percent of the target (QtCharts)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.chart = QChart()
        self.chart.legend().hide()
        self.chart.setMargins(QMargins(2, 2, 2, 2))
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.Antialiasing)
        self.view.setMinimumHeight(200)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.view)
        self.rows: list[plan.Achievement] = []

    def show_month(self, month: str) -> None:
        """Targets of ``month``'s year against the year to date at the end of ``month``."""
        year = int(month[:4])
        self.setTitle(messages.text("dash.plan", year=year))
        self.rows = []
        if plan.targets(year):
            self.rows = plan.achievement(grids.from_records(month))
        self.empty.setVisible(not self.rows)
        self.view.setVisible(bool(self.rows))
        self.empty.setText(messages.text("dash.no_plan", year=year))
        self._draw()

    def _draw(self) -> None:
        self.chart.removeAllSeries()
        for axis in list(self.chart.axes()):
            self.chart.removeAxis(axis)
        if not self.rows:
            return
        bars = QBarSet("%")
        names = []
        for a in reversed(self.rows):  # the first target at the top
            bars.append(min(a.percent or 0.0, 150.0))
            short = a.label if len(a.label) <= 34 else a.label[:33] + "…"
            names.append(f"{short} ({figures(a.ytd)}/{figures(a.target)})")
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value%")
        series.setLabelsPrecision(3)
        self.chart.addSeries(series)
        names_axis = QBarCategoryAxis()
        names_axis.append(names)
        values = QValueAxis()
        values.setRange(0, max(100, min(150, max((a.percent or 0) for a in self.rows) + 10)))
        values.setLabelFormat("%d%%")
        self.chart.addAxis(names_axis, Qt.AlignLeft)
        self.chart.addAxis(values, Qt.AlignBottom)
        series.attachAxis(names_axis)
        series.attachAxis(values)

    def percents(self) -> list[float]:
        """The plotted percents, first target first: what the bars show, for tests."""
        series = self.chart.series()
        if not series:
            return []
        bars = series[0].barSets()[0]
        return [bars.at(i) for i in range(bars.count())][::-1]


def _buttons(ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Close)
    buttons.button(QDialogButtonBox.Ok).setText(messages.text(ok))
    buttons.button(QDialogButtonBox.Close).setText(messages.text("repui.close"))
    return buttons


class _PeriodBox(QComboBox):
    def __init__(self, shown: str, parent=None):
        super().__init__(parent)
        year = int(shown[:4])
        for code, key in ((f"{year}-H1", "repui.h1"), (f"{year}-H2", "repui.h2"), (str(year), "repui.year_kind")):
            self.addItem(f"{messages.text(key)} {year}", code)
        if shown not in (f"{year}-H1", f"{year}-H2", str(year)):
            self.addItem(messages.text("repui.shown", period=shown), shown)
        self.setCurrentIndex(max(0, self.findData(shown)))


class NarrativeDialog(QDialog):
    """The 6-month / annual report draft: the period, the template (built in or the ward's own), the file."""

    def __init__(self, shown_period: str, parent=None):
        super().__init__(parent)
        from ward_desk.reports import narrative

        self.narrative = narrative
        self.setWindowTitle(messages.text("repui.narrative_title"))
        self.setMinimumWidth(560)
        self.quiet = False
        self.last_error = None
        self.result_draft = None
        self.period = _PeriodBox(shown_period)
        self.template_label = QLabel()
        self.template_label.setWordWrap(True)
        choose = QPushButton(messages.text("repui.choose_template"))
        choose.clicked.connect(self._choose_template)
        self.clear_button = QPushButton(messages.text("repui.clear_template"))
        self.clear_button.clicked.connect(self.clear_template)
        tpl = QHBoxLayout()
        tpl.addWidget(choose)
        tpl.addWidget(self.clear_button)
        tpl.addStretch(1)
        self.out = QLineEdit()
        browse = QPushButton(messages.text("repui.save_as"))
        browse.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(messages.text("repui.period"), self.period)
        form.addRow(messages.text("repui.template"), self.template_label)
        form.addRow("", tpl)
        form.addRow(messages.text("repui.save_as"), out_row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = _buttons("repui.write")
        buttons.accepted.connect(self.write)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.period.currentIndexChanged.connect(lambda _i: self._default_out())
        self._default_out()
        self._show_template()

    def _default_out(self) -> None:
        from ward_desk.services import settings

        code = self.period.currentData()
        self.out.setText(str(Path.home() / f"BaoCao_{settings.get('unit_code') or ''}_{code}.docx"))

    def _show_template(self) -> None:
        own = self.narrative.own_template()
        self.template_label.setText(messages.text("repui.own", name=own.name) if own
                                    else messages.text("repui.builtin"))
        self.clear_button.setEnabled(own is not None)

    def _error(self, text: str) -> None:
        self.last_error = text
        if not self.quiet:
            QMessageBox.warning(self, messages.text("planui.failed"), text)

    def use_template(self, path) -> bool:
        try:
            self.narrative.set_template(path)
        except Exception as exc:  # noqa: BLE001
            self._error(error_text(exc))
            return False
        self._show_template()
        return True

    def clear_template(self) -> None:
        try:
            self.narrative.clear_template()
        except Exception as exc:  # noqa: BLE001
            self._error(error_text(exc))
        self._show_template()

    def _choose_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, messages.text("repui.choose_template"), str(Path.home()),
                                              "Word (*.docx)")
        if path:
            self.use_template(path)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, messages.text("repui.save_as"), self.out.text(), "Word (*.docx)")
        if path:
            self.out.setText(path)

    def write(self) -> bool:
        task = TaskDialog(messages.text("repui.working"), self.narrative.write_narrative, self.out.text(),
                          self.period.currentData(), parent=self)
        task.run()
        if task.error is not None:
            self._error(error_text(task.error))
            return False
        if task.was_cancelled:
            return False
        self.result_draft = task.result_value
        self.status.setText(messages.text("repui.done_narrative", file=str(self.result_draft.out)))
        return True


class FormDialog(QDialog):
    """A province form filled from a period's grid: the ward's records, or a (consolidated) return file."""

    def __init__(self, shown_period: str | None, parent=None, *, office: bool = False):
        """``office``: an office keeps no records, so the numbers come from a (consolidated) return file."""
        super().__init__(parent)
        shown_period = shown_period or str(dt.date.today().year)
        self.setWindowTitle(messages.text("repui.fill_title"))
        self.setMinimumWidth(600)
        self.quiet = False
        self.last_error = None
        self.result_fill = None
        self.form = QLineEdit()
        self.form.textChanged.connect(self._count)
        choose = QPushButton(messages.text("repui.choose_form"))
        choose.clicked.connect(self._choose_form)
        form_row = QHBoxLayout()
        form_row.addWidget(self.form, 1)
        form_row.addWidget(choose)
        self.info = QLabel()
        self.period = _PeriodBox(shown_period)
        self.from_records = QRadioButton(messages.text("repui.from_records"))
        self.from_records.setChecked(True)
        self.from_file = QRadioButton(messages.text("repui.from_file"))
        self.source = QLineEdit()
        self.source.setEnabled(False)
        self.from_file.toggled.connect(self.source.setEnabled)
        self.from_file.toggled.connect(self.period.setDisabled)
        pick_source = QPushButton("…")
        pick_source.clicked.connect(self._choose_source)
        src = QHBoxLayout()
        src.addWidget(self.from_records)
        src.addWidget(self.from_file)
        src.addWidget(self.source, 1)
        src.addWidget(pick_source)
        if office:
            self.from_file.setChecked(True)
            self.from_records.setEnabled(False)
        self.out = QLineEdit()
        browse = QPushButton(messages.text("repui.save_as"))
        browse.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        layout_form = QFormLayout()
        layout_form.addRow(messages.text("repui.form"), form_row)
        layout_form.addRow("", self.info)
        layout_form.addRow(messages.text("repui.source"), src)
        layout_form.addRow(messages.text("repui.period"), self.period)
        layout_form.addRow(messages.text("repui.save_as"), out_row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        buttons = _buttons("repui.do_fill")
        buttons.accepted.connect(self.fill)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(layout_form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def set_form(self, path) -> None:
        self.form.setText(str(path))
        p = Path(path)
        self.out.setText(str(p.with_name(f"{p.stem}_{self.period.currentData()}{p.suffix}")))

    def set_source(self, path) -> None:
        self.from_file.setChecked(True)
        self.source.setText(str(path))

    def _count(self) -> None:
        from ward_desk.reports import form_fill

        try:
            found = form_fill.list_placeholders(self.form.text())
        except Exception:  # noqa: BLE001 - the fill itself says what is wrong with the file
            self.info.setText("")
            return
        self.info.setText(messages.text("repui.placeholders", count=len(found)))

    def _choose_form(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, messages.text("repui.choose_form"), str(Path.home()),
                                              "Excel (*.xlsx)")
        if path:
            self.set_form(path)

    def _choose_source(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, messages.text("repui.from_file"), str(Path.home()),
                                              "Excel (*.xlsx)")
        if path:
            self.set_source(path)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, messages.text("repui.save_as"), self.out.text(), "Excel (*.xlsx)")
        if path:
            self.out.setText(path)

    def fill(self) -> bool:
        from ward_desk.reports import form_fill

        source = self.source.text() if self.from_file.isChecked() else None
        period = None if source else self.period.currentData()
        task = TaskDialog(messages.text("repui.working"), form_fill.fill_form, self.form.text(), self.out.text(),
                          period, source=source, parent=self)
        task.run()
        if task.error is not None:
            self.last_error = error_text(task.error)
            self.status.setText(self.last_error)
            if not self.quiet:
                QMessageBox.warning(self, messages.text("planui.failed"), self.last_error)
            return False
        if task.was_cancelled:
            return False
        self.result_fill = task.result_value
        self.status.setText(messages.text("repui.done_fill", cells=self.result_fill.filled,
                                          file=str(self.result_fill.out)))
        return True
