"""5 预览 of the import wizard: counts, errors, and every row as the import reads it.

The rows are a model (``PreviewModel``) over the preview's rows, so that a ledger of ten
thousand rows is shown at once; each mapped cell shows the value as read (44712 →
2022-05-31) and its tooltip what the file holds.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app import imports
from desktop_app.ui.imports.pages import cell, table
from desktop_app.ui.widgets import text_label

ROW_COLOURS = {"有错误": "#f8d7da", "已排除": "#e2e3e5", "新增": "#d4edda", "更新": "#fff3cd"}
SHOWN_CHARS = 200  # a preview cell shows this much of a long text (the tooltip has it all)
WIDEST_COLUMN = 260  # pixels; a long text is cut, its tooltip has it all
SIZED_ROWS = 50  # the preview's columns are sized to the contents of this many rows
AnyIndex = QModelIndex | QPersistentModelIndex


class PreviewModel(QAbstractTableModel):
    """The preview's rows (thousands of them) as a table: 行, 处理, then every column."""

    def __init__(self, result: Any = None) -> None:
        super().__init__()
        self.result = result
        self._colours = {action: QColor(code) for action, code in ROW_COLOURS.items()}
        self._errors: dict[int, list[str]] = {}

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Rows of the preview."""
        return 0 if parent.isValid() or self.result is None else len(self.result.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """行, 处理 and the table's columns."""
        return 0 if parent.isValid() or self.result is None else len(self.result.headers) + 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The header of a column, with the field it is imported as under it."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section < 2:
            return ("行", "处理")[section]
        header = self.result.headers[section - 2]
        shown = self.result.imported_as
        field = shown[section - 2] if section - 2 < len(shown) else ""
        return f"{header}\n→ {field}" if field and field != header else header

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell as the import reads it; its tooltip says what the file holds."""
        if not index.isValid() or self.result is None:
            return None
        row = self.result.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._colours.get(row.action)
        if column < 2:
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(self._errors.get(row.number, [])) or None
            return (row.number, row.action)[column] if role == Qt.ItemDataRole.DisplayRole else None
        shown = row.cells[column - 2] if column - 2 < len(row.cells) else ""
        raw = row.raw[column - 2] if column - 2 < len(row.raw) else shown
        if role == Qt.ItemDataRole.DisplayRole:
            return shown[:SHOWN_CHARS]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{shown}\n(文件中:{raw})" if raw != shown else (shown if shown else None)
        return None

    def show(self, result: Any) -> None:
        """Show another preview."""
        self.beginResetModel()
        self.result = result
        self._errors = {}
        for error in result.all_errors() if result is not None else []:
            where = f"“{error.column}”列:" if error.column else ""
            self._errors.setdefault(error.row, []).append(where + error.message)
        self.endResetModel()

    def number_of(self, row: int) -> int:
        """The spreadsheet row number of a preview row."""
        return int(self.result.rows[row].number)


class PreviewPage(QWidget):
    """5 预览: counts, errors (sheet, row, column, why), and every row marked."""

    def __init__(self) -> None:
        super().__init__()
        self.counts = text_label("counts", selectable=True)
        self.errors = table(["工作表", "行", "列", "说明"], "errors")
        self.model = PreviewModel()
        self.rows = QTableView()
        self.rows.setObjectName("rows")
        self.rows.setModel(self.model)
        self.rows.verticalHeader().setVisible(False)
        self.rows.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rows.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.rows.horizontalHeader().setResizeContentsPrecision(SIZED_ROWS)
        self.exclude = QPushButton("排除所选行")
        self.export = QPushButton("导出有错误的行…")
        buttons = QHBoxLayout()
        buttons.addWidget(self.exclude)
        buttons.addWidget(self.export)
        buttons.addStretch(1)
        below = QWidget()
        lower = QVBoxLayout(below)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addLayout(buttons)
        lower.addWidget(self.rows, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.errors)
        split.addWidget(below)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(split, 1)

    def show_result(self, result: Any) -> None:
        """Counts, errors and rows of a preview."""
        from desktop_app.imports.command import COUNT_WORDS, WHAT

        lines = [imports.describe(result)] if result.ok else []
        if "inspection" in result.summary:
            made = result.counts.get("inspections", {}).get("create")
            state = "新建" if made else "已有的巡察,再次导入时更新而不重复"
            lines.append(f"归入巡察:“{result.summary['inspection']}”({state})")
        for what, counts in result.counts.items():
            parts = "、".join(f"{COUNT_WORDS[a]} {n}" for a, n in counts.items())
            lines.append(f"{WHAT.get(what, what)}:{parts}")
        if "by_status" in result.summary:
            states = "、".join(f"{k} {v}" for k, v in result.summary["by_status"].items())
            lines.append(f"问题状态:{states}")
        errors = result.all_errors()
        lines.append(f"错误 {len(errors)} 处" + (",改正或排除后才能导入" if errors else ""))
        lines += [f"提示:{w}" for w in result.warnings[:5]]
        if len(result.warnings) > 5:
            lines.append(f"……另有 {len(result.warnings) - 5} 条提示")
        lines += [f"变化:{c}" for c in result.changes[:10]]
        if len(result.changes) > 10:
            lines.append(f"……另有 {len(result.changes) - 10} 处变化")
        self.counts.setText("\n".join(lines))
        self.errors.setRowCount(len(errors))
        for r, error in enumerate(errors):
            for c, value in enumerate((error.sheet, error.row or "", error.column, error.message)):
                self.errors.setItem(r, c, cell(value))
        self.errors.resizeColumnsToContents()
        self.errors.setVisible(bool(errors))
        self.model.show(result)
        self.rows.resizeColumnsToContents()  # measured on the first rows only (precision)
        for column in range(self.model.columnCount()):
            self.rows.setColumnWidth(column, min(self.rows.columnWidth(column), WIDEST_COLUMN))

    def selected_numbers(self) -> set[int]:
        """Spreadsheet numbers of the rows the clerk selected."""
        return {self.model.number_of(i.row()) for i in self.rows.selectedIndexes()}
