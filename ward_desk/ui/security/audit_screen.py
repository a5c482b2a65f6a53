"""UI layer: the audit trail viewer (supervisors and admins): filter by person, action, record type, dates and
text; the old and new values of the selected entry; check the hash chain; export what is shown.

The table is a ``QAbstractTableModel`` over ``services.audit.entries`` paged in SQL (200 rows per ``fetchMore``),
newest first, so a trail of years opens at once.
"""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from ward_desk.config import language
from ward_desk.errors import WardDeskError

PAGE = 200

# what each entry's action and record type are, in words (the trail stores codes; a person reads these)
ACTIONS = {
    "create": ("Tạo mới", "Created"), "update": ("Sửa", "Changed"),
    "delete": ("Xóa (vào thùng rác)", "Deleted (to the recycle bin)"), "restore": ("Khôi phục", "Restored"),
    "purge": ("Xóa hẳn", "Deleted for good"), "move": ("Chuyển sang khách hàng khác", "Moved to another client"),
    "import": ("Nhập từ tệp Excel", "Imported from a workbook"), "export": ("Xuất tệp", "Exported"),
    "login": ("Đăng nhập", "Signed in"), "login_failed": ("Đăng nhập không thành công", "Sign-in failed"),
    "logout": ("Đăng xuất", "Signed out"), "lockout": ("Tạm khóa tài khoản (nhập sai nhiều lần)",
                                                       "Account locked (too many wrong passwords)"),
    "unlock": ("Mở khóa", "Unlocked"), "settings": ("Đổi cài đặt", "Settings changed"),
    "backup": ("Sao lưu", "Backed up"), "user.create": ("Tạo tài khoản", "Account created"),
    "user.role": ("Đổi quyền tài khoản", "Account's role changed"), "user.update": ("Sửa tài khoản", "Account changed"),
    "user.unlock": ("Mở khóa tài khoản", "Account unlocked"), "user.password": ("Đổi mật khẩu", "Password changed"),
    "user.disable": ("Vô hiệu hóa tài khoản", "Account disabled"),
    "user.enable": ("Bật lại tài khoản", "Account enabled again"),
    "key.recovery_code": ("Thay mã khôi phục", "Recovery code replaced"),
    "key.passphrase": ("Đổi cụm mật khẩu dữ liệu", "Data passphrase changed"),
    "office_receive": ("Nhận tệp báo cáo", "Return file received"),
    "office_set_aside": ("Để riêng / tính lại tệp đã nhận", "Received file set aside / counted again"),
    "office_restore_file": ("Khôi phục tệp đã nhận", "Received file restored"),
    "office_init": ("Lập văn phòng tổng hợp", "Office set up"),
    "office_wards": ("Đổi danh sách xã/phường", "Office's wards changed"),
}
TABLES = {
    "users": ("Tài khoản", "Accounts"), "settings": ("Cài đặt", "Settings"), "database": ("Dữ liệu", "Data"),
    "export_history": ("Báo cáo đã xuất", "Exported returns"), "followups": ("Danh sách cần theo dõi", "Follow-ups"),
    "office_return": ("Báo cáo tổng hợp", "Consolidated return"),
    "received_returns": ("Tệp báo cáo đã nhận", "Received return files"),
    "period_unlocks": ("Mở khóa kỳ báo cáo", "Period unlocks"), "audit_log": ("Nhật ký thao tác", "Audit trail"),
    "records": ("Hồ sơ", "Records"), "office_wards": ("Xã/phường của văn phòng", "The office's wards"),
}


def action_words(action: str | None) -> str:
    pair = ACTIONS.get(action or "")
    return (pair[0] if language() == "vi" else pair[1]) if pair else (action or "")


def table_words(table: str | None) -> str:
    from ward_desk.spec import records as spec
    from ward_desk.ui import labels

    if table in spec.KINDS:
        return labels.kind_name(table)
    pair = TABLES.get(table or "")
    return (pair[0] if language() == "vi" else pair[1]) if pair else (table or "")


def local_time(value: dt.datetime) -> dt.datetime:
    """The trail keeps UTC; a person reads this PC's local time."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)
    return aware.astimezone()


def utc_bound(day: dt.date, end: bool) -> dt.datetime:
    """A local day's first (or last) moment, as the trail's UTC time: the filter's dates are the PC's days."""
    local = dt.datetime.combine(day, dt.time.max if end else dt.time.min).astimezone()
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


class AuditModel(QAbstractTableModel):
    COLUMNS = ("at", "user_name", "action", "table_name", "record_ref", "detail")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.filters: dict = {}
        self.rows: list = []
        self.total = 0
        self.headers = [self.tr("Time"), self.tr("Person"), self.tr("Action"), self.tr("Record type"),
                        self.tr("Record"), self.tr("Detail")]

    def set_filters(self, **filters) -> None:
        from ward_desk.services import audit

        self.beginResetModel()
        self.filters = {k: v for k, v in filters.items() if v not in (None, "")}
        self.total = audit.count(**self.filters)
        self.rows = list(audit.entries(**self.filters, offset=0, limit=PAGE, newest_first=True))
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:
        from ward_desk.services import audit

        if parent.isValid():
            return
        more = list(audit.entries(**self.filters, offset=len(self.rows), limit=PAGE, newest_first=True))
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = self.COLUMNS[index.column()]
        value = getattr(self.rows[index.row()], column)
        if isinstance(value, dt.datetime):
            return local_time(value).strftime("%d/%m/%Y %H:%M:%S")
        if column == "action":
            return action_words(value)
        if column == "table_name":
            return table_words(value)
        text = "" if value is None else str(value)
        return text if role == Qt.ItemDataRole.ToolTipRole or len(text) <= 120 else text[:117] + "…"

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def entry(self, row: int):
        return self.rows[row] if 0 <= row < len(self.rows) else None


class AuditScreen(QWidget):
    def __init__(self, context=None, parent=None):
        super().__init__(parent)
        from ward_desk.services import audit

        self.context = context
        users, actions = audit.users_and_actions()
        self.user = QComboBox(self)
        self.user.addItem(self.tr("Everyone"), None)
        for name in users:
            self.user.addItem(name, name)
        self.action = QComboBox(self)
        self.action.addItem(self.tr("Every action"), None)
        for name in actions:
            self.action.addItem(action_words(name), name)
        self.since = QDateEdit(self)
        self.until = QDateEdit(self)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.since.setDate(QDate.currentDate().addMonths(-1))
        self.until.setDate(QDate.currentDate())
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Text in the record, detail or values"))
        self.count = QLabel(self)
        verify = QPushButton(self.tr("Verify the chain"), self)
        export = QPushButton(self.tr("Export…"), self)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.model = AuditModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        from PySide6.QtWidgets import QHeaderView

        for column in range(len(AuditModel.COLUMNS) - 1):  # time, person, action... fit; detail takes the rest
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        filters = QHBoxLayout()
        for label, widget in ((self.tr("Person"), self.user), (self.tr("Action"), self.action),
                              (self.tr("From"), self.since), (self.tr("To"), self.until)):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(verify)
        buttons.addWidget(export)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.verdict)
        layout.addWidget(splitter, 1)
        for combo in (self.user, self.action):
            combo.currentIndexChanged.connect(self.refresh)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.refresh)
        self.search.returnPressed.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self.show_entry(current.row()))
        verify.clicked.connect(self.verify)
        export.clicked.connect(self.export)
        self.refresh()

    def current_filters(self) -> dict:
        since = self.since.date().toPython()
        until = self.until.date().toPython()
        return {"user": self.user.currentData(), "action": self.action.currentData(),
                "since": utc_bound(since, end=False), "until": utc_bound(until, end=True),
                "text": self.search.text().strip() or None}

    def refresh(self, *_args) -> None:
        try:
            self.model.set_filters(**self.current_filters())
        except WardDeskError as exc:
            self.verdict.setText(exc.message(language()))
            return
        self.count.setText(self.tr("%1 entries").replace("%1", f"{self.model.total:,}".replace(",", ".")))
        self.detail.clear()

    def show_entry(self, row: int) -> None:
        entry = self.model.entry(row)
        if entry is None:
            self.detail.clear()
            return

        def pretty(raw):
            if not raw:
                return "—"
            try:
                return json.dumps(json.loads(raw), ensure_ascii=False, indent=2)
            except ValueError:
                return raw

        self.detail.setPlainText("\n".join([
            f"#{entry.id}  {local_time(entry.at):%d/%m/%Y %H:%M:%S}  {entry.user_name}  {action_words(entry.action)}",
            f"{table_words(entry.table_name)} {entry.record_ref or ''}".strip(),
            self.tr("Detail: %1").replace("%1", entry.detail or "—"),
            self.tr("Before:"), pretty(entry.old_values), self.tr("After:"), pretty(entry.new_values)]))

    def verify(self) -> list:
        from ward_desk.services import audit

        breaks = audit.verify()
        if not breaks:
            self.verdict.setStyleSheet("color: #1b5e20;")
            self.verdict.setText(self.tr("The audit trail is intact: no entry was changed or removed."))
        else:
            entry_id, what = breaks[0]
            self.verdict.setStyleSheet("color: #b00020;")
            self.verdict.setText(self.tr("The audit trail was tampered with: entry #%1 (%2) and %3 break(s) in all.")
                                 .replace("%1", str(entry_id)).replace("%2", audit.describe(what)).replace("%3", str(len(breaks))))
        return breaks

    def export(self, path: str | None = None) -> int:
        from ward_desk.services import audit

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the audit trail"), "audit-trail.xlsx",
                                                  self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"))
            if not path:
                return 0
        written = audit.export(path, **{k: v for k, v in self.current_filters().items() if v is not None})
        self.verdict.setStyleSheet("")
        self.verdict.setText(self.tr("%1 entries written to %2").replace("%1", str(written)).replace("%2", path))
        return written
