"""The import wizard's pages: what each step shows and what the clerk chose on it.

Each page builds its own widgets and fills them from the pipeline's results
(``desktop_app.imports``); the wizard (``wizard.py``) moves between them and runs the work.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app import imports
from desktop_app.domain.imports.feedback import READINGS
from desktop_app.domain.imports.fields import FIELDS
from desktop_app.formats.readers import column_letter

ROW_COLOURS = {"有错误": "#f8d7da", "已排除": "#e2e3e5", "新增": "#d4edda", "更新": "#fff3cd"}
SHOWN_CHARS = 200  # a preview cell shows this much of a long text (the tooltip has it all)
AnyIndex = QModelIndex | QPersistentModelIndex


def cell(text: Any) -> QTableWidgetItem:
    """A read-only table item."""
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def _table(columns: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(columns)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)  # a column names the row where it matters
    return table


class SourcePage(QWidget):
    """1 选择来源: what is imported, from which file or pasted text."""

    def __init__(self) -> None:
        super().__init__()
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for key, label in imports.KINDS.items():
            self.kind.addItem(label, key)
        self.path = QLineEdit()
        self.path.setObjectName("path")
        self.path.setPlaceholderText("Excel、WPS、CSV、Word 或文本文件")
        self.choose = QPushButton("选择文件…")
        self.paste = QPlainTextEdit()
        self.paste.setObjectName("paste")
        self.paste.setPlaceholderText(
            "或者把从 Excel/WPS 复制的行、反馈意见或整改报告的文字粘贴在这里"
        )
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.choose)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("导入什么:"))
        layout.addWidget(self.kind)
        layout.addWidget(QLabel("从哪个文件:"))
        layout.addLayout(row)
        layout.addWidget(self.paste, 1)


class TablePage(QWidget):
    """2 工作表/表格: which sheet or Word table; for a text, how its headings are read."""

    def __init__(self) -> None:
        super().__init__()
        self.tables = QListWidget()
        self.tables.setObjectName("tables")
        self.reading = QComboBox()
        self.reading.setObjectName("reading")
        for key, label in READINGS.items():
            self.reading.addItem(label, key)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("选择要导入的工作表或表格(反馈意见文字请选择标题的读法):"))
        layout.addWidget(self.tables, 1)
        layout.addWidget(self.reading)
        layout.addWidget(self.note)

    def show_source(self, source: Any, text_kind: bool) -> None:
        """List the source's tables (the first with content chosen) and its notices."""
        self.tables.clear()
        for table in source.tables:
            self.tables.addItem(f"{table.name}({len(table.rows)} 行)")
        if source.tables:
            first = next((i for i, t in enumerate(source.tables) if not t.is_empty()), 0)
            self.tables.setCurrentRow(first)
        self.tables.setVisible(not text_kind)
        self.reading.setVisible(text_kind)
        self.note.setText("\n".join(source.notices))


class MappingPage(QWidget):
    """3 表头与列: where the header is, and what each column is imported as."""

    def __init__(self) -> None:
        super().__init__()
        self.header_row = QSpinBox()
        self.header_row.setObjectName("header_row")
        self.header_row.setRange(1, 30)
        self.header_depth = QSpinBox()
        self.header_depth.setRange(1, 2)
        self.redo = QPushButton("按此表头重新识别")
        self.mapping = _table(["列", "表头", "导入为", "把握"], "mapping")
        self.note = QLabel()
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel("表头在第"))
        row.addWidget(self.header_row)
        row.addWidget(QLabel("行,共"))
        row.addWidget(self.header_depth)
        row.addWidget(QLabel("行"))
        row.addWidget(self.redo)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.mapping, 1)
        layout.addWidget(self.note)

    def show_prepared(self, prepared: Any, kind: str) -> None:
        """The header found and the proposed (or remembered) mapping, one row per column."""
        layout = prepared.layout
        self.header_row.setValue(layout.header_row + 1)
        self.header_depth.setValue(layout.depth)
        self.mapping.setRowCount(len(layout.headers))
        confidence = {p.column: p for p in prepared.proposals}
        for c, header in enumerate(layout.headers):
            self.mapping.setItem(c, 0, cell(column_letter(c)))
            self.mapping.setItem(c, 1, cell(header))
            combo = QComboBox()
            combo.addItem("(不导入)", "")
            for item in FIELDS[kind]:
                combo.addItem(item.label, item.key)
            combo.setCurrentIndex(max(0, combo.findData(prepared.mapping.get(c, ""))))
            self.mapping.setCellWidget(c, 2, combo)
            proposal = confidence.get(c)
            sure = (
                f"{proposal.confidence:.0%}({proposal.reason})"
                if proposal and proposal.field
                else ""
            )
            self.mapping.setItem(c, 3, cell(sure))
        self.mapping.resizeColumnsToContents()
        memo = "已按上次同样表头的文件对应。" if prepared.remembered else ""
        self.note.setText(f"{memo}可修改每一列导入为什么;“把握”是自动对应的把握程度。")

    def choice(self) -> dict[int, str]:
        """The mapping as the clerk left it."""
        chosen: dict[int, str] = {}
        for c in range(self.mapping.rowCount()):
            combo = self.mapping.cellWidget(c, 2)
            chosen[c] = combo.currentData() if isinstance(combo, QComboBox) else ""
        return chosen


class ValuesPage(QWidget):
    """4 取值: words the import does not know, each mapped once by the clerk."""

    def __init__(self) -> None:
        super().__init__()
        self.values = _table(["列", "文件中的写法", "所在行", "对应为"], "values")
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.values, 1)

    def show_unknown(self, unknown: list[Any]) -> None:
        """One row per unknown word, with a choice of what it means."""
        self.note.setText(
            "以下写法无法识别,请为每一种指定对应的取值(只需指定一次,下次自动沿用):"
            if unknown
            else "所有取值都已识别。"
        )
        self.values.setRowCount(len(unknown))
        for r, entry in enumerate(unknown):
            self.values.setItem(r, 0, cell(entry.label))
            self.values.setItem(r, 1, cell(entry.value))
            more = "…" if len(entry.rows) > 20 else ""
            self.values.setItem(r, 2, cell("、".join(map(str, entry.rows[:20])) + more))
            combo = QComboBox()
            combo.addItem("(请选择)", "")
            for choice in entry.choices:
                combo.addItem(choice, choice)
            combo.setProperty("field", entry.field)
            self.values.setCellWidget(r, 3, combo)
        self.values.resizeColumnsToContents()

    def choices(self, earlier: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        """The clerk's words (field → word → choice), added to the earlier ones."""
        chosen = {k: dict(v) for k, v in earlier.items()}
        for r in range(self.values.rowCount()):
            combo, word = self.values.cellWidget(r, 3), self.values.item(r, 1)
            if isinstance(combo, QComboBox) and combo.currentData() and word is not None:
                chosen.setdefault(combo.property("field"), {})[word.text()] = combo.currentData()
        return chosen


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
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.counts.setWordWrap(True)
        self.counts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errors = _table(["工作表", "行", "列", "说明"], "errors")
        self.model = PreviewModel()
        self.rows = QTableView()
        self.rows.setObjectName("rows")
        self.rows.setModel(self.model)
        self.rows.verticalHeader().setVisible(False)
        self.rows.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rows.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.rows.horizontalHeader().setDefaultSectionSize(120)
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
        self.rows.resizeColumnToContents(0)
        self.rows.resizeColumnToContents(1)

    def selected_numbers(self) -> set[int]:
        """Spreadsheet numbers of the rows the clerk selected."""
        return {self.model.number_of(i.row()) for i in self.rows.selectedIndexes()}


class DonePage(QWidget):
    """6 导入: what was written, and the undo of the whole batch."""

    def __init__(self) -> None:
        super().__init__()
        self.text = QLabel()
        self.text.setObjectName("done")
        self.text.setWordWrap(True)
        self.undo = QPushButton("撤销这次导入")
        self.undo.setObjectName("undo")
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.undo)
        layout.addStretch(1)
