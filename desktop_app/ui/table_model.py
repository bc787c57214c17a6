"""One column-spec-driven table model for every list: SQL-side filter, sort and count.

Rows are fetched lazily by pages from a ``PagedQuery``; only the pages the view shows are
held in memory, so a list of 100,000 rows opens and scrolls at once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop_app.storage.query import PagedQuery

_Role = Qt.ItemDataRole
DISPLAY, TOOLTIP, ALIGNMENT, BACKGROUND = (
    _Role.DisplayRole,
    _Role.ToolTipRole,
    _Role.TextAlignmentRole,
    _Role.BackgroundRole,
)
_ROLES = frozenset(int(role) for role in (DISPLAY, TOOLTIP, ALIGNMENT, BACKGROUND))

Index = QModelIndex | QPersistentModelIndex

# 三色督办 and certificate warnings, shared by every page (a printed list's legend says so).
WARNING_COLOURS = {
    "逾期": "#f8c4c4",
    "滞后": "#fbe7a1",
    "临期": "#c9def5",
    "已过期": "#f4a3a3",
    "即将到期": "#e8b4b4",
}


@dataclass(frozen=True)
class Column:
    """How one column shows a row key."""

    key: str
    title: str
    width: int = 100
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    format: Callable[[Any], str] | None = None
    sortable: bool = True
    tooltip: bool = False


def centred(key: str, title: str, width: int = 100, **options: Any) -> Column:
    """A column whose cells are centred (dates, counts, short codes)."""
    return Column(key, title, width, Qt.AlignmentFlag.AlignCenter, **options)


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def cell_text(column: Column, values: dict[str, Any]) -> str:
    """A cell's text as a list shows it (its line breaks kept); safe off the GUI thread."""
    raw = values.get(column.key)
    return column.format(raw) if column.format else _plain(raw)


class SqlTableModel(QAbstractTableModel):
    """A read-only table over a PagedQuery, fetched in pages as the view scrolls."""

    # Rows read at a time: a screenful or two, so that a new search computes the columns
    # (correlated subqueries, often) of little more than the rows it shows.
    PAGE = 50
    CACHED_PAGES = 160  # the last 8,000 rows the view showed

    def __init__(
        self,
        columns: list[Column],
        row_colour: Callable[[dict[str, Any]], str | None] | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.columns = columns
        self._row_colour = row_colour
        self._query: PagedQuery | None = None
        self._count = 0
        self._pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        # The page the view asked for last: a paint asks for each cell's roles in turn.
        self._hot: tuple[int, list[dict[str, Any]]] | None = None
        self._sort_key: str | None = None
        self._descending = False

    # -- feeding -----------------------------------------------------------
    def set_query(self, query: PagedQuery | None, count: int | None = None) -> None:
        """Show a new query (a changed filter); counts in SQL unless the caller knows the
        count already, and fetches nothing until the view asks for rows."""
        self.beginResetModel()
        self._query = query
        self._pages.clear()
        self._hot = None
        if count is None:
            count = query.count() if query else 0
        self._count = count
        self.endResetModel()

    def refresh(self) -> None:
        """Re-run the current query after a change to the data."""
        self.set_query(self._query)

    def _page(self, number: int) -> list[dict[str, Any]]:
        page = self._pages.get(number)
        if page is None:
            assert self._query is not None
            page = self._query.fetch(
                number * self.PAGE, self.PAGE, self._sort_key, self._descending
            )
            self._pages[number] = page
            if len(self._pages) > self.CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page

    def row(self, row: int) -> dict[str, Any] | None:
        """The row dict at a view row, or None when out of range."""
        if not 0 <= row < self._count:
            return None
        number, offset = divmod(row, self.PAGE)
        hot = self._hot
        if hot is not None and hot[0] == number:
            page = hot[1]
        else:
            page = self._page(number)
            self._hot = (number, page)
        return page[offset] if offset < len(page) else None

    # -- what the list shows, for printing, exporting and copying it ----------------------
    @property
    def query(self) -> PagedQuery | None:
        """The query the list shows (its rows, filtered, in SQL)."""
        return self._query

    def sort_state(self) -> tuple[str | None, bool]:
        """The column key the list is sorted by (None: its default order) and whether
        descending."""
        return self._sort_key, self._descending

    def text(self, column: Column, values: dict[str, Any]) -> str:
        """A cell's text as the list shows it (its line breaks kept)."""
        return cell_text(column, values)

    @property
    def row_colour_function(self) -> Callable[[dict[str, Any]], str | None] | None:
        """What gives a row its background colour ("#f8c4c4" or None): plain Python, safe
        off the GUI thread."""
        return self._row_colour

    def row_id(self, row: int) -> int | None:
        """The record id at a view row."""
        values = self.row(row)
        return values["id"] if values else None

    def find_row(self, record_id: int) -> int:
        """View row of a record id among the loaded pages, or -1."""
        for number, page in self._pages.items():
            for offset, values in enumerate(page):
                if values["id"] == record_id:
                    return number * self.PAGE + offset
        return -1

    # -- Qt model API ----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Rows matching the query."""
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Columns from the spec."""
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        """Column titles and row numbers."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return str(section + 1)

    def data(self, index: Index, role: int = DISPLAY):
        """Display text, alignment, tooltip and the warning colour of a row."""
        if role not in _ROLES or not index.isValid():
            return None  # the view asks for many roles per cell: answer the others at once
        values = self.row(index.row())
        if values is None:
            return None
        column = self.columns[index.column()]
        if role in (DISPLAY, TOOLTIP):
            if role == TOOLTIP and not column.tooltip:
                return None
            text = self.text(column, values)
            if role == DISPLAY and "\n" in text:
                text = text.replace("\n", " ")
            return text
        if role == ALIGNMENT:
            return int(column.align)
        if self._row_colour:
            # A QColor: the view converts it to a brush itself. Building a QBrush here would
            # make PySide6 build the QGradient and QImage classes for its overloads at start.
            colour = self._row_colour(values)
            return QColor(colour) if colour else None
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by the column's key; a negative column (no indicator) is the default."""
        if column < 0:
            if self._sort_key is not None:
                self._sort_key, self._descending = None, False
                self.refresh()
            return
        spec = self.columns[column]
        if not spec.sortable:
            return
        self._sort_key = spec.key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()
