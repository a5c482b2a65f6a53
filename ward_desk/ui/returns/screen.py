"""UI layer: the ward's returns screen: choose a period, see the return as printed, check, export, print, history.

All numbers come from ``services.returns`` (the same engine as ``ward-desk return export``); export runs off the
GUI thread (``TaskDialog``) and a cancel leaves no file behind.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPlainTextEdit, QPushButton,
    QSpinBox, QSplitter, QTableWidget, QTableWidgetItem, QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from ward_desk.ui.widgets import RefreshWhenShown, read_only_table
from ward_desk import messages
from ward_desk.services import settings
from ward_desk.spec.catalogue import VERSIONS
from ward_desk.ui.returns.form import render_html
from ward_desk.ui.workers import TaskDialog, error_text

messages.register({
    "retui.title": ("Báo cáo định kỳ", "Periodic returns"),
    "retui.kind": ("Loại kỳ:", "Period type:"),
    "retui.kind.month": ("Tháng", "Month"),
    "retui.kind.quarter": ("Quý", "Quarter"),
    "retui.kind.half": ("6 tháng", "Half year"),
    "retui.kind.year": ("Năm", "Year"),
    "retui.year": ("Năm:", "Year:"),
    "retui.version": ("Mẫu", "Form"),
    "retui.version.default": ("Phiên bản {n} (mặc định)", "Version {n} (default)"),
    "retui.version.n": ("Phiên bản {n}", "Version {n}"),
    "retui.basis": ("Cách tính kỳ: {basis}", "Period basis: {basis}"),
    "retui.basis.calendar": ("theo lịch", "calendar"),
    "retui.basis.nd09": ("theo Nghị định 09/2019 (15 đến 14)", "Decree 09/2019 (15th to 14th)"),
    "retui.show": ("Xem báo cáo", "Show the return"),
    "retui.export": ("Xuất tệp báo cáo…", "Export the return…"),
    "retui.print": ("Xem trước và in…", "Print preview…"),
    "retui.open": ("Mở tệp báo cáo…", "Open a return file…"),
    "retui.file_shown": ("Đang xem tệp {file}.", "Showing the file {file}."),
    "retui.exporting": ("Đang xuất báo cáo", "Exporting the return"),
    "retui.exported": ("Đã xuất {file} (lần nộp {no}).", "Exported {file} (submission {no})."),
    "retui.failed": ("Không xuất được báo cáo", "The return could not be exported"),
    "retui.tab_form": ("Báo cáo", "Return"),
    "retui.tab_history": ("Lịch sử xuất", "Export history"),
    "retui.tab_closed": ("Kỳ đã khóa", "Closed periods"),
    "retui.will_close": ("Xuất báo cáo kỳ {period} sẽ khóa kỳ này: sau đó không sửa, thêm hay xóa được hồ sơ có "
                         "ngày trong kỳ, trừ khi người giám sát mở khóa (thẻ \"Kỳ đã khóa\"). Xuất báo cáo?",
                         "Exporting the return for {period} closes the period: records dated in it can then no "
                         "longer be added, changed or deleted until a supervisor reopens it (\"Closed periods\" "
                         "tab). Export the return?"),
    "retui.age": ("tuổi {band}", "age {band}"),
    "retui.diff_ytd": ("(lũy kế {old} → {new})", "(year to date {old} → {new})"),
    "retui.closed_cols": ("Kỳ|Cách tính|Lần nộp|Xuất lúc|Trạng thái", "Period|Basis|Submission|Exported|State"),
    "retui.closed_note": (
        "Khi đã xuất báo cáo của một kỳ, các hồ sơ có ngày trong kỳ đó bị khóa. Muốn sửa, giám sát viên mở khóa kỳ "
        "và ghi lý do; lần xuất sau là báo cáo điều chỉnh (lần nộp tiếp theo) và khóa lại kỳ.",
        "Once a period's return is exported, records dated in it are locked. To change them, a supervisor unlocks "
        "the period with a reason; the next export is a correction (the next submission) and locks it again."),
    "retui.locked": ("Đã khóa", "Locked"),
    "retui.unlocked_by": ("Đã mở khóa bởi {user}: {reason}", "Unlocked by {user}: {reason}"),
    "retui.unlock": ("Mở khóa kỳ…", "Unlock the period…"),
    "retui.unlock_reason": ("Lý do mở khóa kỳ {period} (ghi vào nhật ký):",
                            "Why is {period} unlocked (kept in the audit trail)?"),
    "retui.unlock_needs_supervisor": ("Chỉ giám sát viên hoặc quản trị viên mở khóa được.",
                                      "Only a supervisor or an admin can unlock."),
    "retui.basis_short.calendar": ("theo lịch", "calendar"),  # in tables; the heading says it in full
    "retui.basis_short.nd09": ("theo NĐ 09", "ND 09"),
    "retui.history_cols": (
        "Kỳ|Cách tính|Lần nộp|Mã băm nội dung|Ngày xuất|Người lập|Tệp",
        "Period|Basis|Submission|Content hash|Exported|Prepared by|File",
    ),
    "retui.diff_none": ("Lần nộp đầu tiên của kỳ này.", "First submission for this period."),
    "retui.diff_same": ("Không khác lần nộp {prev}.", "No difference from submission {prev}."),
    "retui.diff_head": ("Khác với lần nộp {prev}:", "Differences from submission {prev}:"),
    "retui.ok": ("Số liệu hợp lệ, sẵn sàng xuất.", "The numbers pass every check; ready to export."),
    "retui.has_problems": ("{n} vấn đề cần kiểm tra (tô đỏ).", "{n} problems to check (in red)."),
})

def make_period(kind: str, year: int, part: int) -> str:
    if kind == "month":
        return f"{year:04d}-{part:02d}"
    if kind == "quarter":
        return f"{year:04d}-Q{part}"
    if kind == "half":
        return f"{year:04d}-H{part}"
    return f"{year:04d}"


def _get(obj, name, default=None):
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _problem_text(p) -> str:
    located = getattr(p, "located", None)
    return located() if callable(located) else str(p)


class ReturnsScreen(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.preview = None
        self.html = ""
        self.quiet = False  # tests: report problems in ``last_error`` instead of a message box
        self.last_error = None

        title = QLabel(messages.text("retui.title"))
        font = QFont(title.font())
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        title.setFont(font)

        self.kind = QComboBox()
        for key in ("month", "quarter", "half", "year"):
            self.kind.addItem(messages.text(f"retui.kind.{key}"), key)
        self.year = QSpinBox()
        self.year.setRange(2020, 2100)
        self.part = QComboBox()
        self.basis_label = QLabel()
        self.version = QComboBox()  # WDR-1 version: the default (2, or 1 while the office asks), or chosen
        self.version.addItem("", None)
        for n in VERSIONS:
            self.version.addItem(messages.text("retui.version.n", n=n), n)
        today = dt.date.today()
        self.year.setValue(today.year)
        self.kind.currentIndexChanged.connect(self._fill_parts)
        self._fill_parts()
        self.part.setCurrentIndex(max(0, today.month - 2))  # the month just ended is the usual one to report

        show = QPushButton(messages.text("retui.show"))
        show.clicked.connect(self.refresh)
        self.export_button = QPushButton(messages.text("retui.export"))
        self.export_button.clicked.connect(self._export_clicked)
        self.print_button = QPushButton(messages.text("retui.print"))
        self.print_button.clicked.connect(self.print_preview)

        chooser = QHBoxLayout()
        chooser.addWidget(QLabel(messages.text("retui.kind")))
        chooser.addWidget(self.kind)
        chooser.addWidget(self.part)
        chooser.addWidget(QLabel(messages.text("retui.year")))
        chooser.addWidget(self.year)
        chooser.addWidget(QLabel(messages.text("retui.version")))
        chooser.addWidget(self.version)
        chooser.addWidget(show)
        chooser.addStretch(1)
        chooser.addWidget(self.export_button)
        chooser.addWidget(self.print_button)
        open_button = QPushButton(messages.text("retui.open"))
        open_button.clicked.connect(self._open_clicked)
        chooser.addWidget(open_button)
        # the reports sent twice a year (ward_desk.reports): the narrative draft and the province's own forms
        from ward_desk.ui import reports_ui  # noqa: F401 - registers the buttons' wording
        self.narrative_button = QPushButton(messages.text("repui.narrative"))
        self.narrative_button.clicked.connect(lambda: self.reports_dialog("narrative").exec())
        self.fill_button = QPushButton(messages.text("repui.fill"))
        self.fill_button.clicked.connect(lambda: self.reports_dialog("fill").exec())
        chooser.addWidget(self.narrative_button)
        chooser.addWidget(self.fill_button)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.view = QTextBrowser()

        self.history = read_only_table(messages.text("retui.history_cols").split("|"))
        self.history.itemSelectionChanged.connect(self._show_diff)
        self.diff = QPlainTextEdit()
        self.diff.setReadOnly(True)
        hist = QSplitter(Qt.Vertical)
        hist.addWidget(self.history)
        hist.addWidget(self.diff)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.view, messages.text("retui.tab_form"))
        self.tabs.addTab(hist, messages.text("retui.tab_history"))
        self.tabs.addTab(self._closed_periods_tab(), messages.text("retui.tab_closed"))

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.basis_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(chooser)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)

        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.part.currentIndexChanged.connect(lambda _i: self.refresh())
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.version.currentIndexChanged.connect(lambda _i: self.refresh())
        self._refresh_when_shown = RefreshWhenShown(self, self.refresh)
        context.records_changed.connect(self._refresh_when_shown)
        context.settings_changed.connect(self._refresh_when_shown)
        self.refresh()

    def reports_dialog(self, which: str):
        from ward_desk.ui.reports_ui import FormDialog, NarrativeDialog

        return (NarrativeDialog if which == "narrative" else FormDialog)(self.period(), self)

    # -- the period ---------------------------------------------------------------------------------------------
    def _fill_parts(self) -> None:
        kind = self.kind.currentData()
        self.part.blockSignals(True)
        self.part.clear()
        if kind == "month":
            for m in range(1, 13):
                self.part.addItem(f"{m:02d}", m)
        elif kind == "quarter":
            for q in range(1, 5):
                self.part.addItem(f"Q{q}", q)
        elif kind == "half":
            self.part.addItem("H1", 1)
            self.part.addItem("H2", 2)
        self.part.setVisible(kind != "year")
        self.part.blockSignals(False)

    def period(self) -> str:
        return make_period(self.kind.currentData(), self.year.value(), self.part.currentData() or 1)

    def basis(self) -> str:
        return settings.get("period_basis")

    def chosen_version(self) -> int | None:
        """The WDR-1 version picked, or None for the ward's default (``returns.default_version``)."""
        return self.version.currentData()

    def _label_default_version(self, period: str, basis: str) -> None:
        from ward_desk.services import periods, returns

        try:
            n = returns.default_version(periods.parse(period, basis))
        except Exception:  # noqa: BLE001 - a bad period is reported by the preview below
            n = max(VERSIONS)
        self.version.setItemText(0, messages.text("retui.version.default", n=n))

    def set_period(self, period: str) -> None:
        """Select ``period`` (``YYYY-MM``, ``YYYY-Qn``, ``YYYY-Hn`` or ``YYYY``) and show it."""
        for w in (self.kind, self.part, self.year):
            w.blockSignals(True)
        year = int(period[:4])
        rest = period[5:]
        kind, part = ("year", 1)
        if rest.startswith("Q"):
            kind, part = "quarter", int(rest[1:])
        elif rest.startswith("H"):
            kind, part = "half", int(rest[1:])
        elif rest:
            kind, part = "month", int(rest)
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self._fill_parts()
        self.part.blockSignals(True)
        if kind != "year":
            self.part.setCurrentIndex(self.part.findData(part))
        self.year.setValue(year)
        for w in (self.kind, self.part, self.year):
            w.blockSignals(False)
        self.refresh()

    # -- showing ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.refresh_closed()
        basis = self.basis()
        self.basis_label.setText(messages.text("retui.basis", basis=messages.text(f"retui.basis.{basis}")))
        period = self.period()
        self._label_default_version(period, basis)
        try:
            from ward_desk.services import returns

            self.preview = returns.preview_return(period, basis, version=self.chosen_version())
        except Exception as exc:  # noqa: BLE001 - a person's error (no ward, bad period) is shown, not raised
            self.preview = None
            self.html = ""
            self.view.setPlainText(error_text(exc))
            self.export_button.setEnabled(False)
            self.print_button.setEnabled(False)
            return
        problems = list(_get(self.preview, "problems", []) or [])
        texts = [_problem_text(p) for p in problems]
        flagged = {getattr(p, "params", {}).get("indicator") for p in problems if getattr(p, "params", None)}
        meta = dict(_get(self.preview, "meta", {}) or {})
        meta.setdefault("period", period)
        meta.setdefault("period_basis", basis)
        self.html = render_html(_get(self.preview, "cells", None) or _get(self.preview, "rows", []), meta, texts,
                                {f for f in flagged if f})
        scroll = self.view.verticalScrollBar().value()
        self.view.setHtml(self.html)
        self.view.verticalScrollBar().setValue(scroll)
        self.problems = texts
        self.status.setText(messages.text("retui.has_problems", n=len(texts)) if texts
                            else messages.text("retui.ok"))
        self.status.setStyleSheet("color:#b71c1c; font-weight:bold" if texts else "color:#1b5e20")
        self.export_button.setEnabled(True)
        self.print_button.setEnabled(True)
        self.refresh_history()

    def _open_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, messages.text("retui.open"), "", "Excel (*.xlsx)")
        if path:
            self.show_file(path)

    def show_file(self, path) -> list[str]:
        """Show a WDR-1 file (a ward's own earlier return, or one received) as the printed form, with every
        problem its check finds listed in red; returns those problems."""
        from ward_desk.errors import ValidationFailed, WardDeskError
        from ward_desk.services.dhis2 import read_checked_return, read_return_sheets

        path = Path(path)
        problems: list[str] = []
        try:
            data = read_checked_return(path)
        except ValidationFailed as exc:
            problems = [_problem_text(p) for p in exc.problems]
            try:
                data = read_return_sheets(path)
            except (ValidationFailed, WardDeskError) as again:
                self.view.setPlainText("\n".join(problems) or error_text(again))
                return problems
        except WardDeskError as exc:
            self.view.setPlainText(error_text(exc))
            return [str(exc)]
        rows = [(c.indicator, c.category, c.sex, c.age, max(c.value, 0), max(c.ytd, 0)) for c in data.cells]
        coverage = {}
        if data.completeness:  # an office's return: which version 2 indicators only some wards reported
            from ward_desk.export.return_check import read_return
            from ward_desk.ui.returns.form import coverage_of

            coverage = coverage_of(read_return(path).sheets.get("Completeness"))
        self.html = render_html(rows, dict(data.meta), problems, coverage=coverage)
        self.view.setHtml(self.html)
        self.status.setText(messages.text("retui.file_shown", file=path.name) + " "
                            + (messages.text("retui.has_problems", n=len(problems)) if problems
                               else messages.text("retui.ok")))
        self.status.setStyleSheet("color:#b71c1c; font-weight:bold" if problems else "color:#1b5e20")
        self.print_button.setEnabled(True)
        self.tabs.setCurrentIndex(0)
        return problems

    def document(self) -> QTextDocument:
        """The form as a text document: what print preview and the printer get."""
        doc = QTextDocument()
        doc.setHtml(self.html)
        return doc

    @staticmethod
    def _printer():
        from PySide6.QtGui import QPageLayout, QPageSize
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.A4))
        printer.setPageOrientation(QPageLayout.Landscape)  # as the standard's Báo cáo sheet
        return printer

    def print_to_pdf(self, path) -> Path:
        """What the printer gets, as a PDF file (A4 landscape)."""
        from PySide6.QtPrintSupport import QPrinter

        printer = self._printer()
        printer.setOutputFormat(QPrinter.PdfFormat)
        printer.setOutputFileName(str(path))
        self.document().print_(printer)
        return Path(path)

    def print_preview(self) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        printer = self._printer()
        dialog = QPrintPreviewDialog(printer, self)
        doc = self.document()
        dialog.paintRequested.connect(doc.print_)
        dialog.exec()

    # -- export -------------------------------------------------------------------------------------------------
    def default_file_name(self) -> str:
        unit = settings.get("unit_code") or "00000"
        name = f"WDR1_{unit}_{self.period()}"
        no = _get(self.preview, "submission_no", None) if self.preview is not None else None
        if no and int(no) >= 2:
            name += f"_s{int(no)}"
        return name + ".xlsx"

    def _export_clicked(self) -> None:
        from ward_desk.ui.widgets import confirm

        if not confirm(self, messages.text("retui.export"), messages.text("retui.will_close", period=self.period())):
            return  # said before, not after: exporting closes the period
        start = str(Path.home() / self.default_file_name())
        out, _ = QFileDialog.getSaveFileName(self, messages.text("retui.export"), start, "Excel (*.xlsx)")
        if out:
            self.export_to(out)

    def export_to(self, out, prepared_by: str | None = None, *, wait: bool = True) -> TaskDialog:
        """Export this period's return to ``out`` off the GUI thread; returns the finished (or running) task."""
        from ward_desk.services import returns

        from ward_desk.services import session

        user = session.current_user()  # "Người lập": the signed-in user's full name
        prepared_by = prepared_by or getattr(user, "full_name", None) or getattr(user, "username", None)
        task = TaskDialog(messages.text("retui.exporting"), returns.export_return, self.period(),
                          basis=self.basis(), out=str(out), prepared_by=prepared_by,
                          version=self.chosen_version(), parent=self)
        task.ended.connect(lambda: self._export_ended(task))
        if wait:
            task.run()
        else:
            task.start()
            task.show()
        return task

    def _export_ended(self, task: TaskDialog) -> None:
        if task.error is not None:
            self.last_error = error_text(task.error)
            if not self.quiet:
                QMessageBox.warning(self, messages.text("retui.failed"), self.last_error)
            return
        if task.was_cancelled:
            self.status.setText(messages.text("task.cancelled"))
            return
        result = task.result_value
        path = _get(result, "path", None) or _get(result, "out", None) or result
        no = _get(result, "submission_no", "?")
        self.status.setText(messages.text("retui.exported", file=str(path), no=no))
        self.refresh_history()
        self.refresh_closed()  # the period just exported is closed now

    # -- history ----------------------------------------------------------------------------------------------
    # -- closed periods (an exported period locks its records; a supervisor reopens it with a reason) ------------
    def _closed_periods_tab(self) -> QWidget:
        page = QWidget()
        self.closed = read_only_table(messages.text("retui.closed_cols").split("|"))
        self.unlock_button = QPushButton(messages.text("retui.unlock"))
        self.unlock_button.clicked.connect(lambda: self.unlock_selected())
        self.closed_note = QLabel(messages.text("retui.closed_note"))
        self.closed_note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unlock_button)
        buttons.addStretch(1)
        box = QVBoxLayout(page)
        box.addWidget(self.closed_note)
        box.addWidget(self.closed, 1)
        box.addLayout(buttons)
        return page

    def refresh_closed(self) -> None:
        from ward_desk.services import accounts, closing

        self.closed_rows = closing.period_states()
        self.closed.setRowCount(len(self.closed_rows))
        for i, r in enumerate(self.closed_rows):
            state = (messages.text("retui.locked") if r["locked"] else
                     messages.text("retui.unlocked_by", user=r["unlocked_by"] or "", reason=r["reason"] or ""))
            exported = r["exported_at"]
            values = (r["period"], messages.text(f"retui.basis_short.{r['basis']}"), str(r["submission_no"]),
                      exported.strftime("%d/%m/%Y %H:%M") if hasattr(exported, "strftime") else str(exported or ""),
                      state)
            for j, v in enumerate(values):
                self.closed.setItem(i, j, QTableWidgetItem(v))
        self.closed.resizeColumnsToContents()
        self.closed.horizontalHeader().setSectionResizeMode(4, QHeaderView.Stretch)
        allowed = accounts.can("period.unlock")
        self.unlock_button.setEnabled(allowed and bool(self.closed_rows))
        self.unlock_button.setToolTip("" if allowed else messages.text("retui.unlock_needs_supervisor"))

    def unlock_selected(self, reason: str | None = None) -> bool:
        """Reopen the selected closed period after asking why (the reason goes into the audit trail)."""
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        from ward_desk.errors import WardDeskError
        from ward_desk.services import closing

        row = self.closed.currentRow()
        if row < 0 or row >= len(self.closed_rows):
            return False
        chosen = self.closed_rows[row]
        if reason is None:
            reason, ok = QInputDialog.getText(self, messages.text("retui.unlock"), messages.text(
                "retui.unlock_reason", period=chosen["period"]))
            if not ok:
                return False
        try:
            closing.unlock(chosen["period"], reason, chosen["basis"])
        except WardDeskError as exc:
            QMessageBox.warning(self, messages.text("retui.unlock"), exc.message())
            return False
        self.context.notify_saved("*")  # forms and lists may now change records dated in it; this screen too
        return True

    def refresh_history(self) -> None:
        from ward_desk.services import returns

        rows = list(returns.export_history(self.period()))
        self.history_rows = rows
        self.history.setRowCount(len(rows))
        for i, r in enumerate(rows):
            generated = _get(r, "generated_at")
            values = (_get(r, "period"), messages.text(f"retui.basis_short.{_get(r, 'basis')}"), str(_get(r, "submission_no")),
                      str(_get(r, "content_sha256", ""))[:16] + "…",
                      generated.strftime("%d/%m/%Y %H:%M") if hasattr(generated, "strftime") else str(generated),
                      _get(r, "prepared_by") or _get(r, "user_name") or "", _get(r, "file_name") or "")
            for j, v in enumerate(values):
                item = QTableWidgetItem(str(v))
                if j == 3:
                    item.setToolTip(str(_get(r, "content_sha256", "")))
                self.history.setItem(i, j, item)
        self.history.resizeColumnsToContents()
        self.history.horizontalHeader().setSectionResizeMode(6, QHeaderView.Stretch)

    def _show_diff(self) -> None:
        from ward_desk.services import returns

        rows = self.history.selectionModel().selectedRows()
        if not rows:
            return
        current = self.history_rows[rows[0].row()]
        no = int(_get(current, "submission_no"))
        earlier = [r for r in self.history_rows if _get(r, "basis") == _get(current, "basis")
                   and int(_get(r, "submission_no")) < no]
        if not earlier:
            self.diff.setPlainText(messages.text("retui.diff_none"))
            return
        previous = max(earlier, key=lambda r: int(_get(r, "submission_no")))
        changes = list(returns.diff_submissions(previous, current) or [])
        prev_no = _get(previous, "submission_no")
        if not changes:
            self.diff.setPlainText(messages.text("retui.diff_same", prev=prev_no))
            return
        self.diff.setPlainText("\n".join([messages.text("retui.diff_head", prev=prev_no)]
                                         + [f"  {_change_text(c)}" for c in changes]))


def _change_text(change) -> str:
    if isinstance(change, str):
        return change
    if isinstance(change, (list, tuple)):
        *key, old, new = change
        return f"{'|'.join(map(str, key))}: {old} → {new}"
    indicator = _get(change, "indicator")
    old = _get(change, "old", _get(change, "before"))
    new = _get(change, "new", _get(change, "after"))
    if indicator:  # read as the form reads: the indicator's name, then category, sex and age band in words
        from ward_desk import config
        from ward_desk.ui import labels
        from ward_desk.ui.returns.form import category_name, indicator_name

        lang = config.language()  # all in the screen's language (the printed form itself is Vietnamese)
        name = indicator_name(indicator, lang)
        parts = [category_name(str(_get(change, "category", "*")), indicator, lang)]
        sex, age = str(_get(change, "sex", "*")), str(_get(change, "age", "*"))
        if sex != "*":
            parts.append(labels.code_label(sex, None, lang))
        if age != "*":
            parts.append(messages.text("retui.age", band=age))
        text = f"{name} ({', '.join(parts)}): {old} → {new}"
        if _get(change, "old_ytd") is not None and _get(change, "old_ytd") != _get(change, "new_ytd"):
            text += " " + messages.text("retui.diff_ytd", old=_get(change, "old_ytd"), new=_get(change, "new_ytd"))
        return text
    key = _get(change, "key") or ""
    return f"{key if isinstance(key, str) else '|'.join(key)}: {old} → {new}"
