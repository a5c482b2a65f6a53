"""UI layer: the table model behind every record list: a count and pages fetched on demand.

Sorting and filtering run in SQL (``services.queries``); only the pages on screen are held (a small LRU page
cache), so 100,000 contacts open at once and stay small in memory. ``fetchMore`` reveals rows in steps (it
costs no query), pages are read when ``data`` first needs one of their rows.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ward_desk.services import queries
from ward_desk.services.queries import Filters
from ward_desk import config
from ward_desk.spec import records as spec
from ward_desk.ui import labels

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the record's database id


class PagedTableModel(QAbstractTableModel):
    PAGE = 200
    STEP = 1000      # rows revealed per fetchMore
    CACHE_PAGES = 20

    def __init__(self, kind: str, parent=None):
        super().__init__(parent)
        self.kind = kind
        self.keys = queries.column_keys(kind)
        self.code_lists = [queries.code_list(kind, key) for key in self.keys]  # None: not a code column
        declared = spec.KINDS[kind]
        self.money = [key in declared.keys and declared.column(key).type == "money" for key in self.keys]
        self.filters = Filters()
        self.sort_key: str | None = None
        self.descending = False
        self._total = 0
        self._shown = 0
        self._pages: OrderedDict[int, list[tuple]] = OrderedDict()
        self.refresh()

    # ---- queries
    def refresh(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._total = queries.count(self.kind, self.filters)
        self._shown = min(self._total, self.STEP)
        self.endResetModel()

    def set_filters(self, filters: Filters) -> None:
        self.filters = filters
        self.refresh()

    def total(self) -> int:
        return self._total

    def _row(self, row: int) -> tuple | None:
        number = row // self.PAGE
        page = self._pages.get(number)
        if page is None:
            page = queries.page(self.kind, number * self.PAGE, self.PAGE, self.filters, self.sort_key,
                                self.descending)
            self._pages[number] = page
            if len(self._pages) > self.CACHE_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = row - number * self.PAGE
        return page[offset] if offset < len(page) else None

    def record_id(self, row: int) -> int | None:
        found = self._row(row) if 0 <= row < self._shown else None
        return found[0] if found else None

    # ---- Qt
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.keys)

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and self._shown < self._total

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid():
            return
        more = min(self.STEP, self._total - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < self._shown) or not (0 <= index.column() < len(self.keys)):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, ID_ROLE, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._row(index.row())
        if row is None:
            return None
        if role == ID_ROLE:
            return row[0]
        value = row[index.column() + 1]
        if value is None:
            return ""
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        if self.code_lists[index.column()]:
            # its list names a shared code (JOB); in Vietnamese the label alone ("Điện thoại", not "(PHONE)")
            show = labels.code_label if config.language() == "vi" else labels.code_name
            return show(str(value), self.code_lists[index.column()])
        if isinstance(value, int) and self.money[index.column()]:
            return f"{value:,}".replace(",", ".")
        return str(value)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.keys):
            return labels.column_name(self.keys[section], self.kind)
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self.keys)):
            if self.sort_key is not None:  # indicator cleared: back to the kind's default order
                self.sort_key, self.descending = None, False
                self.refresh()
            return
        self.sort_key = self.keys[column]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()
