"""UI layer: the consolidating office's screen (``services.office``): inbox, completeness grid, consolidation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QInputDialog, QLabel,
    QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QSpinBox, QSplitter, QTableWidget, QTableWidgetItem,
    QTabWidget, QVBoxLayout, QWidget,
)

from ward_desk.ui.widgets import RefreshWhenShown
from ward_desk import messages
from ward_desk.services import office as service
from ward_desk.textutil import printable
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
        "Chấp nhận {accepted}, từ chối {rejected}, trùng {duplicate}, không thuộc cơ quan {foreign}, bỏ qua {skipped}.",
        "Accepted {accepted}, rejected {rejected}, duplicates {duplicate}, foreign {foreign}, skipped {skipped}.",
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
        "nhau (mã băm nội dung {hashes}). Không tệp nào được tính cho đến khi gác lại tệp sai (nút «Gác lại "
        "tệp…», có ghi lý do) hoặc xã/phường gửi lần nộp {next}.",
        "Why in conflict: {n} different files each claim to be submission {no} of {ward} for {period}, but their "
        "numbers differ (content hashes {hashes}). None of them counts until the wrong one is set aside (\"Set a "
        "file aside…\", with a reason) or the ward sends submission {next}.",
    ),
    "officeui.conflict_file": ("    → lần nộp {no} đang xung đột (mã băm {hash})",
                               "    → submission {no} in conflict (content hash {hash})"),
    "officeui.rejected_reason": (
        "Lý do: tệp {file} không qua được bước kiểm tra khi nhận; xã/phường cần gửi lại tệp đúng.",
        "Why: the file {file} failed the check on arrival; the ward must send a correct file.",
    ),
    "officeui.counts_file": ("Tệp được tính: {file} (lần nộp {no})", "File that counts: {file} (submission {no})"),
    "officeui.not_office_title": ("Thư mục dữ liệu này là của một xã/phường", "This data folder is a ward's"),
    "officeui.refresh": ("Làm mới", "Refresh"),
    "officeui.set_aside": ("Gác lại tệp…", "Set a file aside…"),
    "officeui.restore": ("Đưa tệp trở lại", "Take a file back"),
    "officeui.pick_file": ("Chọn tệp", "Choose the file"),
    "officeui.reason": ("Lý do gác lại {file} (ghi vào nhật ký):", "Why {file} is set aside (kept in the audit trail):"),
    "officeui.aside_mark": ("    → đã gác lại, không tính: {reason}", "    → set aside, not counted: {reason}"),
    "officeui.aside_short": ("đã gác lại", "set aside"),
    "officeui.settings": ("Cài đặt cơ quan…", "Office settings…"),
    "officeui.settings_title": ("Cài đặt cơ quan tổng hợp", "Office settings"),
    "officeui.agency": ("Cơ quan báo cáo (tiêu đề):", "Reporting agency (heading):"),
    "officeui.receiver": ("Nơi nhận báo cáo:", "Receiving body:"),
    "officeui.deadline": ("Hạn nộp (ngày sau cuối kỳ):", "Deadline (days after the period):"),
    "officeui.basis": ("Cách tính kỳ:", "Period basis:"),
    "officeui.wards": ("Mã xã/phường (cơ quan C-...):", "Ward codes (C-... office):"),
    "officeui.dhis2": ("Xuất DHIS2/ADX…", "DHIS2/ADX export…"),
    "officeui.dhis2_format": ("Định dạng", "Format"),
    "officeui.dhis2_pick": ("Chọn báo cáo tổng hợp (.xlsx)", "Choose the consolidated return (.xlsx)"),
    "officeui.dhis2_written": (
        "Đã ghi {path}: {values} giá trị cho đơn vị {org_unit}, kỳ {period}. Ánh xạ: {mapping}. "
        "Loại trừ theo ánh xạ: {excluded}; số 0 không gửi: {zeros}.",
        "Wrote {path}: {values} values for org unit {org_unit}, period {period}. Mapping: {mapping}. "
        "Excluded by the mapping: {excluded}; zeros left out: {zeros}.",
    ),
    "officeui.dhis2_partial": (
        "Cảnh báo: báo cáo tổng hợp này THIẾU {missing}/{wards} xã/phường ({detail}): số liệu chỉ là một phần. "
        "DHIS2 tự cộng dồn theo cây đơn vị, nên chỉ gửi hoặc báo cáo của các xã/phường, hoặc báo cáo tổng hợp "
        "này, không gửi cả hai; khi đủ xã/phường, tổng hợp lại và gửi bản thay thế.",
        "Warning: this consolidated return is PARTIAL: {missing} of its {wards} wards are not in it ({detail}). "
        "DHIS2 adds values up the org unit tree: send either the wards' own returns or this office return, not "
        "both; once the missing wards are in, consolidate again and send the new return to replace this one.",
    ),
    "officeui.done_title": ("Đã tổng hợp", "Consolidated"),
    "officeui.done": (
        "Kỳ {period}, lần nộp {no}: đã tính {counted}/{total} xã/phường.\nChưa nộp: {missing}; bị từ chối: "
        "{rejected}; xung đột: {conflict}.\nĐã ghi: {out}",
        "Period {period}, submission {no}: {counted} of {total} wards counted.\nMissing: {missing}; rejected: "
        "{rejected}; conflicts: {conflict}.\nWritten to: {out}",
    ),
    "officeui.open_file": ("Mở tệp", "Open the file"),
    "officeui.save": ("Lưu", "Save"),
    "officeui.cancel": ("Hủy", "Cancel"),
    "officeui.open_folder": ("Mở thư mục", "Open the folder"),
    "officeui.more": ("(+{n} lý do khác)", "(+{n} more)"),
    "officeui.staff_only": (
        "Nhận tệp và tổng hợp cần quyền người phụ trách hoặc quản trị viên; bạn chỉ xem được tình hình nộp.",
        "Receiving files and consolidating need a supervisor or an administrator; you can view the completeness.",
    ),
})


def conflict_files(cell: service.CompletenessCell) -> tuple[int, list]:
    """The submission number and the files in conflict of a CONFLICT cell (as ``services.office.standing``
    decided: set-aside files and files of another basis left out); (0, []) otherwise."""
    if cell.state != "CONFLICT" or not cell.in_conflict:
        return 0, []
    return cell.in_conflict[0].submission_no or 0, list(cell.in_conflict)


def cell_text(cell: service.CompletenessCell) -> str:
    """What a grid cell says: the state, with the file of a rejected ward and the count of a conflict."""
    state = messages.text(f"office.state.{cell.state}")
    if cell.state == "CONFLICT":
        top, files = conflict_files(cell)
        return messages.text("officeui.cell_conflict", n=len(files), no=top)
    if cell.state == "REJECTED":
        rejected = [r for r in cell.rows if r.status == service.REJECTED and r.id not in cell.set_aside]
        if rejected:
            more = len(rejected) - 1
            key = "officeui.cell_rejected_more" if more else "officeui.cell_rejected"
            return messages.text(key, file=rejected[-1].original_name, more=more)
    return state


def late_text(row) -> str:
    """"nộp muộn 36 ngày so với hạn 10/11/2026" (the office's deadline setting), or ''."""
    return service.late_words(row)


def cell_reason(cell: service.CompletenessCell, shared: set[str] | None = None) -> str:
    """The sentence that says why a cell is what it is (conflict, rejected, another basis) or which file counts
    (named as ``office status`` and the office return name it; ``shared``: ``service.shared_names()``)."""
    if cell.state == "CONFLICT":
        top, files = conflict_files(cell)
        hashes = " ≠ ".join(sorted({(r.content_sha256 or "?")[:8] + "…" for r in files}))
        return messages.text("officeui.conflict_reason", n=len(files), no=top, ward=cell.ward, period=cell.period,
                             hashes=hashes, next=top + 1)
    if cell.state == "REJECTED":
        rejected = [r for r in cell.rows if r.status == service.REJECTED and r.id not in cell.set_aside]
        if rejected:
            return messages.text("officeui.rejected_reason", file=", ".join(r.original_name for r in rejected))
    if cell.state == "OTHER_BASIS":
        return cell.reason
    current = cell.counted
    if current is not None:
        text = messages.text("officeui.counts_file", file=service.file_label(current, shared),
                             no=current.submission_no or "?")
        late = late_text(current)
        return f"{text}; {late}" if late else text
    return ""


STATE_COLOURS = {
    "ACCEPTED": "#c8e6c9", "CORRECTION": "#bbdefb", "LATE": "#fff59d", "MISSING": "#eeeeee",
    "REJECTED": "#ffcdd2", "CONFLICT": "#ffab91", "OTHER_BASIS": "#e1bee7",
}


def _local(moment) -> str:
    """A stored UTC time as the clerk's local clock shows it."""
    import datetime as dt

    return moment.replace(tzinfo=dt.timezone.utc).astimezone().strftime("%d/%m/%Y %H:%M")


class OfficeScreen(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.grid_cells: dict[tuple[int, int], service.CompletenessCell] = {}
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
        tools = QHBoxLayout()
        self.refresh_button = QPushButton(messages.text("officeui.refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.set_aside_button = QPushButton(messages.text("officeui.set_aside"))
        self.set_aside_button.clicked.connect(self._set_aside_clicked)
        self.restore_button = QPushButton(messages.text("officeui.restore"))
        self.restore_button.clicked.connect(self._restore_clicked)
        self.dhis2_button = QPushButton(messages.text("officeui.dhis2"))
        self.dhis2_button.clicked.connect(self._dhis2_clicked)
        self.settings_button = QPushButton(messages.text("officeui.settings"))
        self.settings_button.clicked.connect(self._settings_clicked)
        for button in (self.refresh_button, self.set_aside_button, self.restore_button, self.dhis2_button,
                       self.settings_button):
            tools.addWidget(button)
        tools.addStretch(1)
        self.last_output: Path | None = None  # the office return written last (the DHIS2 export's default)
        self.selected_cell: service.CompletenessCell | None = None

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
        self.inbox.setSelectionBehavior(QTableWidget.SelectRows)
        self.inbox.setSelectionMode(QTableWidget.SingleSelection)
        header = self.inbox.horizontalHeader()
        for column in range(6):  # file names and times are never cut; the reasons take the rest
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.Stretch)
        self.inbox.setWordWrap(False)  # one line a row; the full reasons in the row's tooltip
        self.inbox.verticalHeader().setDefaultSectionSize(self.inbox.fontMetrics().height() + 8)
        self.inbox.itemSelectionChanged.connect(self._update_buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(split, messages.text("officeui.tab_grid"))
        self.tabs.addTab(self.inbox, messages.text("officeui.tab_inbox"))
        from ward_desk.ui.office.plan_tab import OfficePlanTab

        self.plan_tab = OfficePlanTab(self)  # the wards' targets and achievement, read when the tab is shown
        self.tabs.addTab(self.plan_tab, messages.text("officeplan.tab"))
        self.tabs.currentChanged.connect(self.plan_tab.when_shown)
        self.period_box.currentTextChanged.connect(self.plan_tab.when_shown)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(drop)
        layout.addLayout(tools)
        layout.addWidget(self.staff_note)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.body = (self.tabs, self.consolidate_button, self.period_box, self.refresh_button,
                     self.set_aside_button, self.restore_button, self.dhis2_button,
                     self.settings_button) + self.pick_buttons
        self._refresh_when_shown = RefreshWhenShown(self, self.refresh)
        context.records_changed.connect(self._refresh_when_shown)
        self._seen = None
        # files received elsewhere (the CLI, a second officer on a shared database) appear without a restart
        self.poll = QTimer(self)
        self.poll.setInterval(15_000)
        self.poll.timeout.connect(self.pick_up_changes)
        self.poll.start()
        self.refresh()

    def pick_up_changes(self) -> bool:
        """Refresh when the inbox or the set-aside list changed since the last look (cheap: two counts)."""
        if not self.isVisible() or not service.is_office():
            return False
        if service.change_marker() != self._seen:
            self.refresh()
            return True
        return False

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
        counts = {s: sum(a.status == s for a in arrivals)
                  for s in ("ACCEPTED", "REJECTED", "DUPLICATE", "FOREIGN", "SKIPPED")}
        self.last_message = messages.text("officeui.received", accepted=counts["ACCEPTED"],
                                          rejected=counts["REJECTED"], duplicate=counts["DUPLICATE"],
                                          foreign=counts["FOREIGN"], skipped=counts["SKIPPED"])
        self.refresh()
        self.details.setPlainText(self.last_message + "\n" + "\n".join(
            f"{printable(a.path.name)}: {messages.text(f'office.status.{a.status}')}"
            + "".join(f"\n    {printable(p)}" for p in a.problems + a.warnings) for a in arrivals))
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
        self.dhis2_button.setEnabled(accounts.can("office.consolidate"))
        self.settings_button.setEnabled(accounts.can("settings.write"))
        self._seen = service.change_marker()
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
        shared = service.shared_names()
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
                item.setToolTip(cell_reason(cell, shared))
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
        self._update_buttons()
        self.plan_tab.when_shown()  # a new arrival may change a ward's targets and numbers

    def _update_buttons(self) -> None:
        from ward_desk.services import accounts

        allowed = service.is_office() and accounts.can("office.set_aside")
        rows = self.candidate_rows()
        self.set_aside_button.setEnabled(allowed and any(r.id not in self._aside for r in rows))
        self.restore_button.setEnabled(allowed and any(r.id in self._aside for r in rows))

    def candidate_rows(self) -> list:
        """The received files the set-aside buttons act on: the inbox tab's selected row, else the grid cell's
        files."""
        if self.tabs.currentWidget() is self.inbox:
            picked = self.inbox.selectedItems()
            if picked:
                row = self.inbox.item(picked[0].row(), 0).data(Qt.UserRole)
                return [r for r in self._inbox_rows if r.id == row]
            return []
        cell = self.selected_cell
        return [r for r in cell.rows if r.status in (service.ACCEPTED, service.REJECTED)] if cell else []

    def set_aside_file(self, row_id: int, reason: str) -> bool:
        try:  # by the row's id: two files may share a name, and a rejected one has no inbox name
            service.set_aside(row_id, reason)
        except Exception as exc:  # noqa: BLE001 - shown, never a traceback
            self._error(exc)
            return False
        self._after_change()
        return True

    def restore_file(self, row_id: int) -> bool:
        try:
            service.restore_file(row_id)
        except Exception as exc:  # noqa: BLE001
            self._error(exc)
            return False
        self._after_change()
        return True

    def _after_change(self) -> None:
        cell = self.selected_cell
        self.refresh()
        if cell is not None:
            for (r, c), again in self.grid_cells.items():
                if (again.ward, again.period) == (cell.ward, cell.period):
                    self.show_cell(r, c)
        self.context.notify_saved("office")

    def _pick_row(self, rows) -> object | None:
        if len(rows) == 1:
            return rows[0]
        labels = [f"{r.original_name} ({messages.text(f'office.status.{r.status}')}, s{r.submission_no or '?'}, "
                  f"{service.inbox_name(r)}, {(r.content_sha256 or '?')[:8]})" for r in rows]
        label, ok = QInputDialog.getItem(self, messages.text("officeui.pick_file"),
                                         messages.text("officeui.pick_file"), labels, 0, False)
        return rows[labels.index(label)] if ok else None

    def _set_aside_clicked(self) -> None:
        row = self._pick_row([r for r in self.candidate_rows() if r.id not in self._aside])
        if row is None:
            return
        reason, ok = QInputDialog.getText(self, messages.text("officeui.set_aside"),
                                          messages.text("officeui.reason", file=row.original_name))
        if ok:
            self.set_aside_file(row.id, reason)

    def _restore_clicked(self) -> None:
        row = self._pick_row([r for r in self.candidate_rows() if r.id in self._aside])
        if row is not None:
            self.restore_file(row.id)

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
        self.selected_cell = cell
        self._update_buttons()
        if not cell.rows:
            self.details.setPlainText(messages.text("officeui.cell_none", ward=cell.ward, period=cell.period))
            return
        lines = [f"{cell.ward} — {cell.period}: {messages.text(f'office.state.{cell.state}')}"]
        shared = service.shared_names()
        reason = cell_reason(cell, shared)
        if reason:
            lines.append(reason)
        _top, in_conflict = conflict_files(cell) if cell.state == "CONFLICT" else (0, [])
        for r in cell.rows:
            lines.append(messages.text("officeui.cell_row", status=messages.text(f"office.status.{r.status}"),
                                       file=service.file_label(r, shared), no=r.submission_no or "?",
                                       at=_local(r.received_at)))
            if r in in_conflict:
                lines.append(messages.text("officeui.conflict_file", no=r.submission_no or "?",
                                           hash=(r.content_sha256 or "?")[:16]))
            if r.id in cell.set_aside:
                lines.append(messages.text("officeui.aside_mark", reason=cell.set_aside[r.id]))
            path = service.stored_path(r)
            if path:
                lines.append("    " + messages.text("officeui.stored_at", path=str(path)))
            if r.status == service.ACCEPTED and late_text(r):
                lines.append("    " + late_text(r))
            lines.extend(f"    {p}" for p in service.problems_of(r))
        self.details.setPlainText("\n".join(lines))

    def open_cell_form(self, row: int, col: int):
        """Double click: the file that counts for this ward and period, as the printed form, in a window."""
        from PySide6.QtWidgets import QDialog, QTextBrowser

        from ward_desk.services.dhis2 import read_return_sheets
        from ward_desk.ui.returns.form import render_html

        cell = self.grid_cells.get((row, col))
        current = cell.counted if cell else None
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
        """One compact line per arrival: the first reason shown, every reason in the row's tooltip."""
        rows = service.inbox_rows()
        self._inbox_rows = rows
        self._aside = service.set_aside_reasons()
        bases, basis = service.received_bases(), service.office_basis()
        self.inbox.setRowCount(len(rows))
        for i, r in enumerate(rows):
            problems = service.problems_of(r)
            if r.status == service.ACCEPTED and late_text(r):
                problems = [late_text(r)] + problems
            status = messages.text(f"office.status.{r.status}")
            if r.id in self._aside:
                status += f" ({messages.text('officeui.aside_short')})"
                problems = [self._aside[r.id]] + problems
            first = problems[0].replace("\n", " ") if problems else ""
            if len(problems) > 1:
                first += " " + messages.text("officeui.more", n=len(problems) - 1)
            tooltip = "\n".join([r.original_name] + problems)
            period = r.period or ""
            if period and bases.get(r.id, basis) != basis:  # another basis: never counted, so said here too
                period += f" ({messages.text('office.basis.' + bases[r.id])})"
            values = (_local(r.received_at), r.original_name, status, r.unit_code or "", period,
                      str(r.submission_no or ""), first)
            for j, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(tooltip)
                if j == 0:
                    item.setData(Qt.UserRole, r.id)
                if j == 2:
                    colour = {"ACCEPTED": "ACCEPTED", "REJECTED": "REJECTED", "FOREIGN": "CONFLICT"}.get(r.status)
                    if r.id in self._aside:
                        colour = "MISSING"
                    if colour:
                        item.setBackground(QBrush(QColor(STATE_COLOURS[colour])))
                        item.setForeground(QBrush(QColor("#000000")))
                self.inbox.setItem(i, j, item)

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
            self.show_consolidated(task.result_value)
        elif task.error is not None:
            self._error(task.error)
        return ok

    def show_consolidated(self, result) -> None:
        """Say what the return holds (wards counted, missing, rejected, conflicts) and where it went, with a
        button to open it; the same words in the detail pane."""
        members = [u for u in result.units if u.code in dict(service.office_wards())]
        self.last_output = Path(result.path)
        self.last_summary = messages.text(
            "officeui.done", period=result.period, no=result.submission_no,
            counted=sum(1 for u in members if u.status == "ACCEPTED"), total=len(members),
            missing=result.count("MISSING"), rejected=result.count("REJECTED"), conflict=result.count("CONFLICT"),
            out=str(result.path))
        self.details.setPlainText(self.last_summary + "\n\n" + "\n".join(printable(x) for x in result.lines()))
        self.tabs.setCurrentIndex(0)
        if getattr(self, "quiet", False):
            return
        box = QMessageBox(QMessageBox.Information, messages.text("officeui.done_title"), self.last_summary,
                          parent=self)
        open_file = box.addButton(messages.text("officeui.open_file"), QMessageBox.ActionRole)
        open_folder = box.addButton(messages.text("officeui.open_folder"), QMessageBox.ActionRole)
        box.addButton(QMessageBox.Close)
        box.exec()
        if box.clickedButton() is open_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))
        elif box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(result.path).parent)))

    # -- DHIS2 / ADX -----------------------------------------------------------------------------------------------
    def _dhis2_clicked(self) -> None:
        start = str(self.last_output) if self.last_output else ""
        source, _ = QFileDialog.getOpenFileName(self, messages.text("officeui.dhis2_pick"), start, "Excel (*.xlsx)")
        if not source:
            return
        fmt, ok = QInputDialog.getItem(self, messages.text("officeui.dhis2"), messages.text("officeui.dhis2_format"),
                                       ["adx", "json"], 0, False)
        if not ok:
            return
        suffix = "xml" if fmt == "adx" else "json"
        out, _ = QFileDialog.getSaveFileName(self, messages.text("officeui.dhis2"),
                                             str(Path(source).with_suffix(f".{suffix}")), f"DHIS2 (*.{suffix})")
        if out:
            self.export_dhis2(source, fmt, out)

    def export_dhis2(self, source, fmt: str, out, mapping=None) -> str | None:
        """The DHIS2 export of a consolidated return (services.dhis2), with the mapping used and the warning of a
        partial return; the text is shown and returned."""
        from ward_desk.services import consolidate as _words  # noqa: F401 - registers the statuses' words
        from ward_desk.services import dhis2

        def export(progress=None, cancel=None):  # a few milliseconds: no progress to report
            return dhis2.export_return(str(source), fmt=fmt, out=str(out), mapping_path=mapping)

        task = TaskDialog(messages.text("officeui.dhis2"), export, parent=self)
        if not task.run():
            if task.error is not None:
                self._error(task.error)
            return None
        result = task.result_value
        export = result.export
        text = messages.text("officeui.dhis2_written", path=result.out, values=len(export.values),
                             org_unit=export.org_unit, period=export.period.dhis2_id, mapping=result.mapping,
                             excluded=export.excluded, zeros=export.zeros_left_out)
        if result.partial:
            left = result.wards_left_out
            detail = ", ".join(f"{count} {messages.text(f'consolidate.status.{status}')}"
                               for status, count in sorted(left.items()))
            warning = messages.text("officeui.dhis2_partial", missing=sum(left.values()), wards=result.wards,
                                    detail=detail)
            text += "\n\n" + warning
            if not getattr(self, "quiet", False):
                QMessageBox.warning(self, messages.text("officeui.dhis2"), warning)
        self.details.setPlainText(text)
        self.tabs.setCurrentIndex(0)
        return text

    # -- settings ----------------------------------------------------------------------------------------------------
    def _settings_clicked(self) -> None:
        dialog = OfficeSettingsDialog(self)
        if dialog.exec() == QDialog.Accepted:
            self.refresh()

    def _error(self, exc) -> None:
        self.last_error = error_text(exc)
        self.details.setPlainText(self.last_error)
        if not getattr(self, "quiet", False):
            QMessageBox.warning(self, messages.text("officeui.failed"), self.last_error)



class OfficeSettingsDialog(QDialog):
    """Agency, receiving body, deadline, basis and (C-... office) ward list: ``update_office_settings``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(messages.text("officeui.settings_title"))
        values = service.office_settings()
        self.agency = QLineEdit(values["agency"])
        self.agency.setPlaceholderText(service.agency_name())
        self.receiver = QLineEdit(values["receiver"])
        self.deadline = QSpinBox()
        self.deadline.setRange(0, 366)
        self.deadline.setValue(int(values["deadline_days"]))
        self.basis = QComboBox()
        for basis in ("calendar", "nd09"):
            self.basis.addItem(messages.text(f"office.basis.{basis}"), basis)
        self.basis.setCurrentIndex(0 if values["period_basis"] == "calendar" else 1)
        self.wards = QPlainTextEdit(", ".join(values["wards"]))
        self.wards.setMaximumHeight(80)
        from ward_desk import units
        from ward_desk.services import settings

        self.custom = units.is_custom_office_code(settings.get("unit_code") or "")
        self.wards.setReadOnly(not self.custom)
        form = QFormLayout(self)
        form.addRow(messages.text("officeui.agency"), self.agency)
        form.addRow(messages.text("officeui.receiver"), self.receiver)
        form.addRow(messages.text("officeui.deadline"), self.deadline)
        form.addRow(messages.text("officeui.basis"), self.basis)
        form.addRow(messages.text("officeui.wards"), self.wards)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText(messages.text("officeui.save"))
        buttons.button(QDialogButtonBox.Cancel).setText(messages.text("officeui.cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, self.sizeHint().height())

    def save(self) -> bool:
        wards = [w.strip() for w in self.wards.toPlainText().replace("\n", ",").split(",") if w.strip()]
        try:
            service.update_office_settings(agency=self.agency.text(), receiver=self.receiver.text(),
                                           deadline_days=self.deadline.value(), period_basis=self.basis.currentData(),
                                           wards=wards if self.custom else None)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, nothing saved
            self.message.setText(error_text(exc))
            return False
        self.accept()
        return True
