"""UI layer: the consolidating office's screen (``services.office``): inbox, completeness grid, consolidation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPlainTextEdit, QPushButton, QSplitter,
    QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from ward_desk.ui.widgets import RefreshWhenShown
from ward_desk import messages
from ward_desk.services import office as service
from ward_desk.ui.workers import TaskDialog, error_text

messages.register({
    "officeui.title": ("Cơ quan tổng hợp: {office}", "Consolidating office: {office}"),
    "officeui.drop_hint": (
        "Kéo thả tệp báo cáo của xã/phường (.xlsx) hoặc thư mục vào đây, hoặc:",
        "Drop ward return files (.xlsx) or folders here, or:",
    ),
    "officeui.pick_files": ("Chọn tệp…", "Choose files…"),
    "officeui.pick_folder": ("Chọn thư mục…", "Choose a folder…"),
    "officeui.receiving": ("Đang kiểm tra tệp nhận được", "Checking received files"),
    "officeui.received": (
        "Chấp nhận {accepted}, từ chối {rejected}, trùng {duplicate}, không thuộc cơ quan {foreign}.",
        "Accepted {accepted}, rejected {rejected}, duplicates {duplicate}, foreign {foreign}.",
    ),
    "officeui.tab_grid": ("Tình hình nộp báo cáo", "Completeness"),
    "officeui.tab_inbox": ("Hộp thư đến", "Inbox"),
    "officeui.col_ward": ("Xã/phường", "Ward"),
    "officeui.inbox_cols": (
        "Nhận lúc|Tệp|Kết quả|Đơn vị|Kỳ|Lần nộp|Lý do",
        "Received|File|Result|Unit|Period|Submission|Reasons",
    ),
    "officeui.period": ("Kỳ:", "Period:"),
    "officeui.consolidate": ("Tổng hợp và xuất…", "Consolidate and export…"),
    "officeui.consolidating": ("Đang tổng hợp báo cáo", "Consolidating"),
    "officeui.consolidated": ("Đã ghi báo cáo tổng hợp:\n{out}", "The consolidated return was written:\n{out}"),
    "officeui.failed": ("Không thực hiện được", "Could not be done"),
    "officeui.cell_none": ("Chưa nhận tệp nào cho {ward} kỳ {period}.", "No file received for {ward}, {period}."),
    "officeui.cell_row": ("{status}: {file} (lần nộp {no}, nhận {at})", "{status}: {file} (submission {no}, received {at})"),
    "officeui.stored_at": ("Lưu tại: {path}", "Kept at: {path}"),
    "officeui.summary": ("{n} xã/phường: {counts}", "{n} wards: {counts}"),
    "officeui.cell_conflict": ("Xung đột: {n} tệp cùng lần nộp {no}", "Conflict: {n} files, submission {no}"),
    "officeui.cell_rejected": ("Bị từ chối: {file}", "Rejected: {file}"),
    "officeui.cell_rejected_more": ("Bị từ chối: {file} (+{more})", "Rejected: {file} (+{more})"),
    "officeui.conflict_reason": (
        "Lý do xung đột: {n} tệp khác nhau cùng ghi là lần nộp {no} của {ward} kỳ {period} nhưng số liệu khác "
        "nhau (mã băm nội dung {hashes}). Không tệp nào được tính khi tổng hợp cho đến khi xã/phường gửi lần nộp "
        "{next} (hoặc gửi lại đúng tệp đã chọn).",
        "Why in conflict: {n} different files each claim to be submission {no} of {ward} for {period}, but their "
        "numbers differ (content hashes {hashes}). None of them counts in the consolidation until the ward sends "
        "submission {next} (or sends the right file again).",
    ),
    "officeui.conflict_file": ("    → lần nộp {no} đang xung đột (mã băm {hash})",
                               "    → submission {no} in conflict (content hash {hash})"),
    "officeui.rejected_reason": (
        "Lý do: tệp {file} không qua được bước kiểm tra khi nhận; xã/phường cần gửi lại tệp đúng.",
        "Why: the file {file} failed the check on arrival; the ward must send a correct file.",
    ),
    "officeui.counts_file": ("Tệp được tính: {file} (lần nộp {no})", "File that counts: {file} (submission {no})"),
    "officeui.not_office_title": ("Thư mục dữ liệu này là của một xã/phường", "This data folder is a ward's"),
    "officeui.staff_only": (
        "Nhận tệp và tổng hợp cần quyền người phụ trách hoặc quản trị viên; bạn chỉ xem được tình hình nộp.",
        "Receiving files and consolidating need a supervisor or an administrator; you can view the completeness.",
    ),
})


def conflict_files(cell: service.GridCell) -> tuple[int, list]:
    """The submission number and the accepted files that claim it with different content (a CONFLICT cell),
    by the rule of ``services.office`` (and RETURN-v1 §5): the latest submission of a ward and period must be
    one content; two different ones are both held back."""
    accepted = [r for r in cell.rows if r.status == service.ACCEPTED]
    if not accepted:
        return 0, []
    top = max(r.submission_no or 0 for r in accepted)
    latest = [r for r in accepted if (r.submission_no or 0) == top]
    return top, latest if len({r.content_sha256 for r in latest}) > 1 else []


def cell_text(cell: service.GridCell) -> str:
    """What a grid cell says: the state, with the file of a rejected ward and the count of a conflict."""
    state = messages.text(f"office.state.{cell.state}")
    if cell.state == "CONFLICT":
        top, files = conflict_files(cell)
        return messages.text("officeui.cell_conflict", n=len(files), no=top)
    if cell.state == "REJECTED":
        rejected = [r for r in cell.rows if r.status == service.REJECTED]
        if rejected:
            more = len(rejected) - 1
            key = "officeui.cell_rejected_more" if more else "officeui.cell_rejected"
            return messages.text(key, file=rejected[-1].original_name, more=more)
    return state


def cell_reason(cell: service.GridCell) -> str:
    """The sentence that says why a cell is what it is (conflict, rejected) or which file counts; '' if none."""
    if cell.state == "CONFLICT":
        top, files = conflict_files(cell)
        hashes = " ≠ ".join(sorted({(r.content_sha256 or "?")[:8] + "…" for r in files}))
        return messages.text("officeui.conflict_reason", n=len(files), no=top, ward=cell.ward, period=cell.period,
                             hashes=hashes, next=top + 1)
    if cell.state == "REJECTED":
        rejected = [r for r in cell.rows if r.status == service.REJECTED]
        if rejected:
            return messages.text("officeui.rejected_reason", file=", ".join(r.original_name for r in rejected))
    current = cell.current()
    if current is not None:
        return messages.text("officeui.counts_file", file=current.original_name, no=current.submission_no or "?")
    return ""

STATE_COLOURS = {
    "ACCEPTED": "#c8e6c9", "CORRECTION": "#bbdefb", "LATE": "#fff59d", "MISSING": "#eeeeee",
    "REJECTED": "#ffcdd2", "CONFLICT": "#ffab91",
}


def _local(moment) -> str:
    """A stored UTC time as the clerk's local clock shows it."""
    import datetime as dt

    return moment.replace(tzinfo=dt.timezone.utc).astimezone().strftime("%d/%m/%Y %H:%M")


class OfficeScreen(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.grid_cells: dict[tuple[int, int], service.GridCell] = {}
        self.setAcceptDrops(True)

        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.staff_note = QLabel()  # why a clerk's buttons are disabled
        self.staff_note.setWordWrap(True)
        self.staff_note.setStyleSheet("color: #8a5300;")

        pick_files = QPushButton(messages.text("officeui.pick_files"))
        pick_files.clicked.connect(self._pick_files)
        pick_folder = QPushButton(messages.text("officeui.pick_folder"))
        pick_folder.clicked.connect(self._pick_folder)
        self.pick_buttons = (pick_files, pick_folder)
        drop = QHBoxLayout()
        drop.addWidget(QLabel(messages.text("officeui.drop_hint")))
        drop.addWidget(pick_files)
        drop.addWidget(pick_folder)
        drop.addStretch(1)
        self.period_box = QComboBox()
        self.period_box.setEditable(True)
        self.period_box.setMinimumContentsLength(9)
        self.consolidate_button = QPushButton(messages.text("officeui.consolidate"))
        self.consolidate_button.clicked.connect(self._consolidate_clicked)
        drop.addWidget(QLabel(messages.text("officeui.period")))
        drop.addWidget(self.period_box)
        drop.addWidget(self.consolidate_button)

        self.grid = QTableWidget()
        self.grid.setEditTriggers(QTableWidget.NoEditTriggers)
        self.grid.setSelectionMode(QTableWidget.SingleSelection)
        self.grid.cellClicked.connect(self.show_cell)
        self.grid.cellDoubleClicked.connect(self.open_cell_form)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.grid)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)  # room for a cell's files and the reason of a conflict or a refusal

        self.inbox = QTableWidget(0, 7)
        self.inbox.setHorizontalHeaderLabels(messages.text("officeui.inbox_cols").split("|"))
        self.inbox.setEditTriggers(QTableWidget.NoEditTriggers)
        self.inbox.horizontalHeader().setSectionResizeMode(6, QHeaderView.Stretch)
        self.inbox.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tabs.addTab(split, messages.text("officeui.tab_grid"))
        self.tabs.addTab(self.inbox, messages.text("officeui.tab_inbox"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(drop)
        layout.addWidget(self.staff_note)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.body = (self.tabs, self.consolidate_button, self.period_box) + self.pick_buttons
        self._refresh_when_shown = RefreshWhenShown(self, self.refresh)
        context.records_changed.connect(self._refresh_when_shown)
        self.refresh()

    # -- receiving -------------------------------------------------------------------------------------------
    def dragEnterEvent(self, event):  # noqa: N802 - Qt name
        if event.mimeData().hasUrls() and self.can_receive():
            event.acceptProposedAction()

    def can_receive(self) -> bool:
        from ward_desk.services import accounts

        return service.is_office() and accounts.can("office.receive")

    def dropEvent(self, event):  # noqa: N802 - Qt name
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.receive_paths(paths)

    def _pick_files(self):
        files, _ = QFileDialog.getOpenFileNames(self, messages.text("officeui.pick_files"), "",
                                                "Excel (*.xlsx)")
        if files:
            self.receive_paths(files)

    def _pick_folder(self):
        folder = QFileDialog.getExistingDirectory(self, messages.text("officeui.pick_folder"))
        if folder:
            self.receive_paths([folder])

    def receive_paths(self, paths) -> list[service.Arrival] | None:
        """Check the files off the GUI thread, then show what became of each one."""
        task = TaskDialog(messages.text("officeui.receiving"), service.receive, list(paths), parent=self)
        ok = task.run()
        if not ok:
            if task.error is not None:
                self._error(task.error)
            return None
        arrivals = task.result_value
        counts = {s: sum(a.status == s for a in arrivals) for s in ("ACCEPTED", "REJECTED", "DUPLICATE", "FOREIGN")}
        self.last_message = messages.text("officeui.received", accepted=counts["ACCEPTED"],
                                          rejected=counts["REJECTED"], duplicate=counts["DUPLICATE"],
                                          foreign=counts["FOREIGN"])
        self.refresh()
        self.details.setPlainText(self.last_message + "\n" + "\n".join(
            f"{a.path.name}: {messages.text(f'office.status.{a.status}')}"
            + "".join(f"\n    {p}" for p in a.problems + a.warnings) for a in arrivals))
        self.context.notify_saved("office")
        return arrivals

    # -- the grid ----------------------------------------------------------------------------------------------
    def periods(self) -> list[str]:
        periods = set(service.received_periods())
        chosen = self.period_box.currentText().strip()
        if chosen:
            periods.add(chosen)
        return sorted(periods)

    def refresh(self) -> None:
        if not service.is_office():  # a ward's folder: say so, and how an office's folder is made
            self.title.setText(messages.text("officeui.not_office_title"))
            self.summary.setText(messages.text("office.not_office"))
            for widget in self.body:
                widget.setEnabled(False)
            return
        from ward_desk.services import accounts

        self.title.setText(messages.text("officeui.title", office=service.office_label()))
        staff = accounts.can("office.receive")
        for button in self.pick_buttons:
            button.setEnabled(staff)
        self.consolidate_button.setEnabled(accounts.can("office.consolidate"))
        self.staff_note.setText("" if staff else messages.text("officeui.staff_only"))
        self.staff_note.setVisible(not staff)
        chosen = self.period_box.currentText().strip()
        periods = sorted(set(service.received_periods()) | ({chosen} if chosen else set()))
        self.period_box.blockSignals(True)
        self.period_box.clear()
        self.period_box.addItems(periods)
        if chosen or periods:
            self.period_box.setCurrentText(chosen or periods[-1])
        self.period_box.blockSignals(False)

        wards = service.office_wards()
        grid = service.completeness(periods) if periods else {}
        self.grid.clear()
        self.grid.setRowCount(len(wards))
        self.grid.setColumnCount(len(periods) + 1)
        self.grid.setHorizontalHeaderLabels([messages.text("officeui.col_ward")] + periods)
        self.grid.verticalHeader().setVisible(False)
        self.grid_cells = {}
        counts: dict[str, int] = {}
        latest = periods[-1] if periods else None
        for row, (code, name) in enumerate(wards):
            self.grid.setItem(row, 0, QTableWidgetItem(f"{code} {name}"))
            for col, period in enumerate(periods, start=1):
                cell = grid[(code, period)]
                self.grid_cells[(row, col)] = cell
                item = QTableWidgetItem(cell_text(cell))
                item.setToolTip(cell_reason(cell))
                item.setBackground(QBrush(QColor(STATE_COLOURS[cell.state])))
                item.setForeground(QBrush(QColor("#000000")))
                item.setTextAlignment(Qt.AlignCenter)
                item.setData(Qt.UserRole, cell.state)
                self.grid.setItem(row, col, item)
                if period == latest:
                    counts[cell.state] = counts.get(cell.state, 0) + 1
        self.grid.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        for col in range(1, len(periods) + 1):
            self.grid.horizontalHeader().setSectionResizeMode(col, QHeaderView.Stretch)
        if latest:
            self.summary.setText(f"{latest} — " + messages.text("officeui.summary", n=len(wards), counts=", ".join(
                f"{messages.text(f'office.state.{s}')} {counts[s]}" for s in service.GRID_STATES if counts.get(s))))
        self._fill_inbox()

    def state_at(self, ward: str, period: str) -> str:
        """The state the grid shows for a ward and period (tests and keyboard users)."""
        for cell in self.grid_cells.values():
            if (cell.ward, cell.period) == (ward, period):
                return cell.state
        raise KeyError((ward, period))

    def show_cell(self, row: int, col: int) -> None:
        cell = self.grid_cells.get((row, col))
        if cell is None:
            return
        if not cell.rows:
            self.details.setPlainText(messages.text("officeui.cell_none", ward=cell.ward, period=cell.period))
            return
        lines = [f"{cell.ward} — {cell.period}: {messages.text(f'office.state.{cell.state}')}"]
        reason = cell_reason(cell)
        if reason:
            lines.append(reason)
        _top, in_conflict = conflict_files(cell) if cell.state == "CONFLICT" else (0, [])
        for r in cell.rows:
            lines.append(messages.text("officeui.cell_row", status=messages.text(f"office.status.{r.status}"),
                                       file=r.original_name, no=r.submission_no or "?",
                                       at=_local(r.received_at)))
            if r in in_conflict:
                lines.append(messages.text("officeui.conflict_file", no=r.submission_no or "?",
                                           hash=(r.content_sha256 or "?")[:16]))
            path = service.stored_path(r)
            if path:
                lines.append("    " + messages.text("officeui.stored_at", path=str(path)))
            lines.extend(f"    {p}" for p in service.problems_of(r))
        self.details.setPlainText("\n".join(lines))

    def open_cell_form(self, row: int, col: int):
        """Double click: the file that counts for this ward and period, as the printed form, in a window."""
        from PySide6.QtWidgets import QDialog, QTextBrowser

        from ward_desk.services.dhis2 import read_return_sheets
        from ward_desk.ui.returns.form import render_html

        cell = self.grid_cells.get((row, col))
        current = cell.current() if cell else None
        path = service.stored_path(current) if current else None
        if path is None or not path.exists():
            return None
        data = read_return_sheets(path)
        dialog = QDialog(self)
        dialog.setWindowTitle(current.original_name)
        dialog.resize(1000, 700)
        view = QTextBrowser(dialog)
        view.setHtml(render_html([(c.indicator, c.category, c.sex, c.age, c.value, c.ytd) for c in data.cells],
                                 dict(data.meta)))
        QVBoxLayout(dialog).addWidget(view)
        dialog.show()
        return dialog

    def _fill_inbox(self) -> None:
        rows = service.inbox_rows()
        self.inbox.setRowCount(len(rows))
        for i, r in enumerate(rows):
            values = (_local(r.received_at), r.original_name,
                      messages.text(f"office.status.{r.status}"), r.unit_code or "", r.period or "",
                      str(r.submission_no or ""), "\n".join(service.problems_of(r)))
            for j, value in enumerate(values):
                item = QTableWidgetItem(value)
                if j == 2:
                    colour = {"ACCEPTED": "ACCEPTED", "REJECTED": "REJECTED", "FOREIGN": "CONFLICT"}.get(r.status)
                    if colour:
                        item.setBackground(QBrush(QColor(STATE_COLOURS[colour])))
                self.inbox.setItem(i, j, item)
        self.inbox.resizeRowsToContents()

    # -- consolidation -------------------------------------------------------------------------------------------
    def _consolidate_clicked(self) -> None:
        period = self.period_box.currentText().strip()
        if not period:
            return
        default = f"WDR1_{service.office_label().split()[0]}_{period}.xlsx"
        out, _ = QFileDialog.getSaveFileName(self, messages.text("officeui.consolidate"), default, "Excel (*.xlsx)")
        if out:
            self.consolidate_to(period, out)

    def consolidate_to(self, period: str, out) -> bool:
        task = TaskDialog(messages.text("officeui.consolidating"), service.consolidate_period, period, str(out),
                          parent=self)
        ok = task.run()
        if ok:
            self.details.setPlainText(messages.text("officeui.consolidated", out=str(out)))
        elif task.error is not None:
            self._error(task.error)
        return ok

    def _error(self, exc) -> None:
        self.last_error = error_text(exc)
        self.details.setPlainText(self.last_error)
        if not getattr(self, "quiet", False):
            QMessageBox.warning(self, messages.text("officeui.failed"), self.last_error)

