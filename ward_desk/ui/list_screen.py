"""UI layer: the list screen every record kind shares: search, date range, status, count, table, actions.

The table is a ``PagedTableModel`` (SQL paging); the search waits 250 ms after the last key so typing a client
code does not run a query per letter. Enter or double click edits, Insert adds, Delete asks then moves the
record to the recycle bin; the "Recycle bin" switch lists deleted records with Restore and Purge.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from ward_desk.config import language
from ward_desk.services import queries
from ward_desk.services.queries import Filters
from ward_desk.spec import records as spec
from ward_desk.ui import labels
from ward_desk.ui.paged_model import PagedTableModel
from ward_desk.ui.record_form import RecordForm, open_form
from ward_desk.ui.widgets import DateEdit, confirm, show_error, RefreshWhenShown


NEWEST_FIRST = ("contacts",)  # lists that open on their newest records


def _can(permission: str) -> bool:
    """Whether the signed-in user may do this now (a window already open follows a role changed meanwhile);
    the service checks again at the action itself."""
    from ward_desk.services import session

    return session.can(permission)


class ListScreen(QWidget):
    """All records of one kind (optionally of one client)."""

    opened = Signal(str, int)  # kind, record id the clerk opened (clients: their page)

    def __init__(self, context, kind: str, parent=None, client_id: int | None = None, compact: bool = False,
                 establishment_id: int | None = None):
        super().__init__(parent)
        self.context = context
        self.kind = kind
        self.client_id = client_id
        self.establishment_id = establishment_id  # an establishment's page: its visits, inspections, commitments
        self.model = PagedTableModel(kind, self)
        self.model.filters = Filters(client_id=client_id, establishment_id=establishment_id)
        self.model.refresh()

        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Search (diacritics and case ignored)…"))
        self.search.setClearButtonEnabled(True)
        self.date_from = DateEdit(self)
        self.date_to = DateEdit(self)
        for edit in (self.date_from, self.date_to):  # a whole dd/mm/yyyy, placeholder included, stays readable
            edit.edit.setMinimumWidth(edit.edit.fontMetrics().horizontalAdvance("dd/mm/yyyy0") + 12)
        self.status = QComboBox(self)
        self.status.addItem(self.tr("All"), None)
        statuses = spec.KINDS[kind].status
        for code in queries.spec(kind).statuses:
            self.status.addItem(labels.code_name(code, queries.code_list(kind, statuses) or statuses), code)
        self.status.setVisible(bool(queries.spec(kind).statuses))
        self.bin = QCheckBox(self.tr("Recycle bin"), self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        # no indicator before sorting is enabled: Qt would otherwise sort column 0 descending at once
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        if kind in NEWEST_FIRST and "date" in self.model.keys:  # the slips keyed last are the ones looked at
            self.table.sortByColumn(self.model.keys.index("date"), Qt.SortOrder.DescendingOrder)
        self._fit_columns()

        self.add_button = QPushButton(self.tr("&Add"), self)
        self.edit_button = QPushButton(self.tr("&Edit"), self)
        self.delete_button = QPushButton(self.tr("&Delete"), self)
        self.restore_button = QPushButton(self.tr("&Restore"), self)
        self.purge_button = QPushButton(self.tr("&Purge"), self)
        self.extra_buttons = QHBoxLayout()

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        if queries.spec(kind).date is not None:
            filters.addWidget(QLabel(self.tr("From"), self))
            filters.addWidget(self.date_from, 1)
            filters.addWidget(QLabel(self.tr("to"), self))
            filters.addWidget(self.date_to, 1)
        else:
            self.date_from.hide()
            self.date_to.hide()
        filters.addWidget(self.status, 1)
        filters.addWidget(self.bin)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button, self.restore_button, self.purge_button):
            actions.addWidget(button)
        actions.addLayout(self.extra_buttons)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        if compact:
            layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self.apply_filters)
        self.date_from.changed.connect(self._timer.start)
        self.date_to.changed.connect(self._timer.start)
        self.status.currentIndexChanged.connect(self.apply_filters)
        self.bin.toggled.connect(self.apply_filters)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.restore_button.clicked.connect(self.restore)
        self.purge_button.clicked.connect(self.purge)
        self.table.doubleClicked.connect(lambda _: self.open_current())
        self.table.activated.connect(lambda _: self.open_current())
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_Insert), self, activated=self.add)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.add)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, activated=self.delete)
        self.search.installEventFilter(self)
        self._refresh_when_shown = RefreshWhenShown(self, self._reload)
        context.records_changed.connect(self._records_changed)
        self._update_buttons()
        self._update_count()
        self.setTabOrder(self.search, self.date_from)
        self.setTabOrder(self.date_from, self.date_to)
        self.setTabOrder(self.date_to, self.status)
        self.setTabOrder(self.status, self.table)

    def _fit_columns(self) -> None:
        """Columns as wide as their header and the rows fetched so far (one page: cheap), within bounds, so a
        channel such as "Tại cơ sở kinh doanh" is read whole instead of cut to "Tại cơ sở …"."""
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(200)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            width = self.table.columnWidth(column) + 12
            self.table.setColumnWidth(column, max(90, min(width, 320)))

    def eventFilter(self, obj, event):
        # Down arrow in the search box goes to the first row: search, arrow, Enter opens
        if obj is self.search and event.type() == event.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            self.table.setFocus()
            if self.model.rowCount() and not self.table.currentIndex().isValid():
                self.table.selectRow(0)
            return True
        return super().eventFilter(obj, event)

    # ---- filters
    def current_filters(self) -> Filters:
        start, end = self.date_from.value(), self.date_to.value()
        return Filters(search=self.search.text().strip(),
                       date_from=start if isinstance(start, dt.date) else None,
                       date_to=end if isinstance(end, dt.date) else None,
                       status=self.status.currentData(), deleted=self.bin.isChecked(), client_id=self.client_id,
                       establishment_id=self.establishment_id)

    def apply_filters(self) -> None:
        self._timer.stop()
        self.model.set_filters(self.current_filters())
        self._update_buttons()
        self._update_count()

    def _records_changed(self, kind: str) -> None:
        if kind:  # any change can move rows here (a client deleted hides nothing, but counts change)
            self._refresh_when_shown()

    def _reload(self) -> None:
        self.model.refresh()
        self._update_count()

    def _update_count(self) -> None:
        n = self.model.total()
        self.count_label.setText(self.tr("%n record(s)", "", n))

    def _update_buttons(self) -> None:
        """Only what the user's role allows is offered (a clerk is not shown Restore or Purge)."""
        in_bin = self.bin.isChecked()
        for button, permission in ((self.add_button, "records.write"), (self.edit_button, "records.write"),
                                   (self.delete_button, "records.delete")):
            button.setVisible(not in_bin and _can(permission))
        for button, permission in ((self.restore_button, "records.restore"), (self.purge_button, "records.purge")):
            button.setVisible(in_bin and _can(permission))

    def showEvent(self, event) -> None:
        self._update_buttons()  # the role may have changed since the screen was built
        super().showEvent(event)

    # ---- actions
    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.record_id(index.row()) if index.isValid() else None

    def form(self, record_id: int | None = None, initial: dict | None = None) -> RecordForm:
        initial = dict(initial or {})
        if self.client_id is not None and record_id is None and "client_code" in queries.column_keys(self.kind):
            from ward_desk.services import records

            initial.setdefault("client_code", records.get_record("clients", self.client_id)["client_code"])
        if self.establishment_id is not None and record_id is None and \
                "establishment_id" in queries.column_keys(self.kind):
            from ward_desk.services import records

            initial.setdefault("establishment_id", records.get_record("establishments", self.establishment_id)["id"])
        return open_form(self.context, self.kind, record_id, initial, self)

    def add(self) -> RecordForm | None:
        if self.bin.isChecked():
            return None
        form = self.form()
        if self.kind == "clients" and self.client_id is None:
            self.land_on_client_page(form)
        return form

    def land_on_client_page(self, form: RecordForm) -> None:
        """A new client saved (and the form closed): the clerk lands on that client's page, ready to add a
        contact (a client is registered to record what is done with them)."""
        if getattr(form, "_lands_on_page", False):
            return
        form._lands_on_page = True
        saved: list[int] = []
        form.saved.connect(lambda _kind, record_id: saved.append(record_id))
        form.accepted.connect(lambda: self.context.navigate("client", record_id=saved[-1], ready="contacts")
                              if saved else None)

    def open_current(self) -> None:
        record_id = self.current_id()
        if record_id is None:
            return
        if self.bin.isChecked():
            return
        if self.kind == "clients":
            self.opened.emit(self.kind, record_id)
            self.context.navigate("client", record_id=record_id)
            return
        if self.kind == "establishments" and self.establishment_id is None:
            self.opened.emit(self.kind, record_id)
            self.context.navigate("establishment", record_id=record_id)
            return
        self.edit()

    def edit(self) -> None:
        record_id = self.current_id()
        if record_id is not None and not self.bin.isChecked():
            self.form(record_id)

    def _act(self, action: str, question: str) -> None:
        record_id = self.current_id()
        if record_id is None:
            return
        if not confirm(self, self.tr("Confirm"), question):
            return
        from ward_desk.services import records

        try:
            getattr(records, f"{action}_record")(self.kind, record_id)
        except Exception as exc:
            refused = getattr(self.context, "refused", None)
            if callable(refused):
                refused(exc)
            self._update_buttons()
            message = "\n".join(p.message(language()) for p in getattr(exc, "problems", [])) or (
                exc.message() if hasattr(exc, "message") and callable(exc.message) else str(exc))
            show_error(self, self.tr("Not done"), message)
            return
        self.context.notify_saved(self.kind)
        self.model.refresh()
        self._update_count()

    def delete(self) -> None:
        if not self.bin.isChecked():
            self._act("delete", self.tr("Move this record to the recycle bin? It can be restored later.")
                      if _can("records.restore") else
                      self.tr("Move this record to the recycle bin? A supervisor can restore it later."))

    def restore(self) -> None:
        self._act("restore", self.tr("Restore this record from the recycle bin?"))

    def purge(self) -> None:
        self._act("purge", self.tr("Delete this record for good? This cannot be undone."))
