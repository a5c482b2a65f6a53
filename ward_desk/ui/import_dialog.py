"""UI layer: import a RECORDS-1 workbook from the app, with a preview before anything is written.

The preview is the import itself run with ``dry_run=True`` (same rules, nothing saved), off the GUI thread: per
sheet, what will be added, left alone, updated or is in conflict, or every problem that would reject the file.
"Import" then runs the real import, which is one transaction: all of it or nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ward_desk import messages
from ward_desk.services.records_io import import_records
from ward_desk.ui.workers import TaskDialog, error_text

messages.register({
    "importui.title": ("Nhập dữ liệu từ bảng tính (RECORDS-1)", "Import records from a workbook (RECORDS-1)"),
    "importui.file": ("Tệp:", "File:"),
    "importui.browse": ("Chọn tệp…", "Browse…"),
    "importui.update": (
        "Cập nhật bản ghi đã có khi số liệu khác (thay vì báo xung đột)",
        "Update stored records that differ (instead of reporting a conflict)",
    ),
    "importui.preview": ("Xem trước", "Preview"),
    "importui.import": ("Nhập", "Import"),
    "importui.checking": ("Đang kiểm tra tệp", "Checking the file"),
    "importui.importing": ("Đang nhập dữ liệu", "Importing"),
    "importui.cols": ("Bảng|Thêm mới|Giữ nguyên|Cập nhật|Xung đột", "Sheet|Added|Left alone|Updated|Conflicts"),
    "importui.ready": (
        "Xem trước xong: chưa có gì được ghi. Bấm Nhập để ghi tất cả trong một lần.",
        "Preview done: nothing has been written. Press Import to write it all at once.",
    ),
    "importui.rejected": (
        "Tệp sẽ bị từ chối, không có gì được ghi. Lý do:",
        "The file would be rejected; nothing would be written. Reasons:",
    ),
    "importui.close": ("Đóng", "Close"),
    "importui.done": ("Đã nhập xong: số dòng ở bảng trên đã được ghi.", "Import done: the rows counted above were written."),
    "importui.conflicts": (
        "{n} dòng khác với hồ sơ đã lưu (liệt kê dưới đây). Đánh dấu ô \"Cập nhật bản ghi đã có\" rồi xem trước lại "
        "để cập nhật chúng, hoặc sửa tệp.",
        "{n} row(s) differ from the stored records (listed below). Tick \"Update stored records\" and preview again "
        "to update them, or correct the file.",
    ),
})

KINDS = ("added", "unchanged", "updated", "conflicts")
ALIASES = {"unchanged": ("unchanged", "left_alone", "identical", "skipped"), "conflicts": ("conflicting", "conflicts")}


def counts_by_sheet(result) -> dict[str, list[int]]:
    """sheet -> [added, left alone, updated, conflicts] from an ``ImportResult`` (dicts, lists or totals)."""
    table: dict[str, list[int]] = {}
    for col, kind in enumerate(KINDS):
        value = None
        for name in ALIASES.get(kind, (kind,)):
            value = result.get(name) if isinstance(result, dict) else getattr(result, name, None)
            if value is not None:
                break
        if value is None:
            continue
        if isinstance(value, dict):
            items = value.items()
        elif isinstance(value, int):
            items = [("*", value)]
        elif value:
            items = [("*", len(value))]
        else:
            continue
        for sheet, n in items:
            n = len(n) if isinstance(n, (list, tuple, set)) else int(n)
            table.setdefault(sheet, [0, 0, 0, 0])[col] += n
    return table


class ImportDialog(QDialog):
    def __init__(self, context, parent: QWidget | None = None, path: str | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(messages.text("importui.title"))
        self.resize(720, 480)
        self.preview_result = None
        self.imported = None
        self.path = QLineEdit(path or "")
        browse = QPushButton(messages.text("importui.browse"))
        browse.clicked.connect(self._browse)
        self.update_box = QCheckBox(messages.text("importui.update"))
        self.update_box.toggled.connect(lambda _on: self._invalidate())
        self.path.textChanged.connect(lambda _t: self._invalidate())
        self.preview_button = QPushButton(messages.text("importui.preview"))
        self.preview_button.clicked.connect(self.run_preview)
        row = QHBoxLayout()
        row.addWidget(QLabel(messages.text("importui.file")))
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(messages.text("importui.cols").split("|"))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.message = QPlainTextEdit()
        self.message.setReadOnly(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.import_button = self.buttons.addButton(messages.text("importui.import"), QDialogButtonBox.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.update_box)
        layout.addWidget(self.preview_button, 0, Qt.AlignLeft)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, messages.text("importui.title"), "", "Excel (*.xlsx)")
        if path:
            self.path.setText(path)
            self.run_preview()

    def _invalidate(self) -> None:
        self.preview_result = None
        self.import_button.setEnabled(False)

    def _run(self, title: str, dry_run: bool):
        task = TaskDialog(title, import_records, self.path.text().strip(), update=self.update_box.isChecked(),
                          dry_run=dry_run, parent=self)
        task.run()
        return task

    def run_preview(self) -> bool:
        """Dry run: fill the table with what would happen; the Import button is enabled only if it would pass."""
        self._invalidate()
        task = self._run(messages.text("importui.checking"), dry_run=True)
        if task is None or task.was_cancelled:
            return False
        if task.error is not None:
            self.table.setRowCount(0)
            self.message.setPlainText(messages.text("importui.rejected") + "\n" + error_text(task.error))
            return False
        self.preview_result = task.result_value
        self._show_counts(self.preview_result)
        conflicting = getattr(self.preview_result, "conflicting", None) or {}
        if conflicting and not self.update_box.isChecked():
            lines = [p.located() for p in self.preview_result.conflicts[:200]]
            self.message.setPlainText(messages.text("importui.conflicts", n=sum(conflicting.values())) + "\n"
                                      + "\n".join(lines))
            return True  # shown; Import stays off until "update" is ticked (a new preview) or the file changes
        self.message.setPlainText(messages.text("importui.ready"))
        self.import_button.setEnabled(True)
        return True

    def _show_counts(self, result) -> None:
        table = counts_by_sheet(result)
        self.table.setRowCount(len(table))
        for i, (sheet, values) in enumerate(table.items()):
            self.table.setItem(i, 0, QTableWidgetItem(sheet))
            for j, n in enumerate(values, start=1):
                item = QTableWidgetItem(str(n))
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(i, j, item)

    def run_import(self) -> bool:
        if self.preview_result is None:
            return False
        task = self._run(messages.text("importui.importing"), dry_run=False)
        if task is None:
            return False
        if task.error is not None or task.was_cancelled:
            self.message.setPlainText(error_text(task.error) if task.error else messages.text("task.cancelled"))
            return False
        self.imported = task.result_value
        self._show_counts(self.imported)
        self.message.setPlainText(messages.text("importui.done"))
        self.context.notify_saved("*")
        # stays open on the final counts (what was added, left alone, updated); the clerk closes it
        self.import_button.setEnabled(False)
        self.preview_button.setEnabled(False)
        # what is written stays written: the way out reads "Close", not "Cancel"
        self.buttons.button(QDialogButtonBox.Cancel).setText(messages.text("importui.close"))
        return True
