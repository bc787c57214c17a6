"""The small read-only tables of the dialogs (回头看, 屡查屡犯, 年度数据): texts in cells.

Unlike the register lists (``table_model`` over SQL paging) these hold a few hundred rows
at most, each cell a text; a row's record id rides on every cell of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desktop_app.ui import messages

# The data role that carries a record id: on the cells here, on the list items of the panes.
ID_ROLE = Qt.ItemDataRole.UserRole


def text_table(
    key: str, columns: Sequence[str], stretch: Sequence[int] = (), *, rows: bool = True
) -> QTableWidget:
    """A read-only, word-wrapped table named ``key``; the ``stretch`` columns share the
    spare width; ``rows``: a click selects whole rows."""
    table = QTableWidget(0, len(columns))
    table.setObjectName(key)
    table.setHorizontalHeaderLabels(list(columns))
    if rows:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    for column in stretch:
        table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table


def fill_texts(table: QTableWidget, rows: Sequence[tuple[Sequence[object], Any]]) -> None:
    """One table row per (texts, record id); the heights follow the wrapped texts."""
    table.setRowCount(len(rows))
    for row, (texts, record_id) in enumerate(rows):
        for column, text in enumerate(texts):
            cell = QTableWidgetItem(str(text))
            cell.setData(ID_ROLE, record_id)
            table.setItem(row, column, cell)
    table.resizeRowsToContents()


def chosen_ids(table: QTableWidget, title: str, missing: str) -> list[int]:
    """The record ids of the selected rows; when none is selected, says ``missing``."""
    rows = sorted({index.row() for index in table.selectionModel().selectedRows()})
    cells = [table.item(row, 0) for row in rows]
    ids = [cell.data(ID_ROLE) for cell in cells if cell is not None]
    if not ids:
        messages.inform(table.window(), title, missing)
    return ids
