"""The import wizard's pages: what each step shows and what the clerk chose on it.

Each page builds its own widgets and fills them from the pipeline's results
(``desktop_app.imports``); the wizard (``wizard.py``) moves between them and runs the work.
The preview page, with its model over thousands of rows, is in ``preview.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app import imports
from desktop_app.domain.imports.feedback import READINGS
from desktop_app.domain.imports.fields import FIELDS
from desktop_app.formats.readers import column_letter
from desktop_app.ui.combos import make_editable
from desktop_app.ui.widgets import text_label


def cell(text: Any) -> QTableWidgetItem:
    """A read-only table item."""
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def table(columns: list[str], name: str) -> QTableWidget:
    """A read-only list with these column titles, its rows unnumbered."""
    widget = QTableWidget(0, len(columns))
    widget.setObjectName(name)
    widget.setHorizontalHeaderLabels(columns)
    widget.horizontalHeader().setStretchLastSection(True)
    widget.verticalHeader().setVisible(False)  # a column names the row where it matters
    return widget


def inspection_combo(name: str) -> QComboBox:
    """归入巡察: an editable choice of the inspections (or a new name)."""
    combo = QComboBox()
    combo.setObjectName(name)
    make_editable(combo, 30)
    return combo


def inline_row(parts: Sequence[str | QWidget], grow: QWidget | None = None) -> QWidget:
    """Labels (the texts) and widgets in one row without margins; ``grow`` takes the spare
    width (without one, the space after the row does)."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        widget = QLabel(part) if isinstance(part, str) else part
        layout.addWidget(widget, 1 if widget is grow else 0)
    if grow is None:
        layout.addStretch(1)
    return row


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
        self.note = text_label()
        self.inspection = inspection_combo("text_inspection")
        line = self.inspection.lineEdit()
        if line is not None:
            line.setPlaceholderText("按文字开头所写的巡察(可选已有的巡察或写名称)")
        parts = ("标题的读法:", self.reading, "归入巡察:", self.inspection)
        self.text_row = inline_row(parts, grow=self.inspection)
        self.prompt = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.tables, 10)
        layout.addWidget(self.text_row)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def show_source(self, source: Any, text_kind: bool, inspections: list[str]) -> None:
        """List the source's tables (the first with content chosen) and its notices."""
        self.inspection.clear()
        self.inspection.addItems(inspections)
        self.inspection.setCurrentText("")
        self.tables.clear()
        for table in source.tables:
            self.tables.addItem(f"{table.name}({len(table.rows)} 行)")
        if source.tables:
            first = next((i for i, t in enumerate(source.tables) if not t.is_empty()), 0)
            self.tables.setCurrentRow(first)
        self.tables.setVisible(not text_kind)
        self.text_row.setVisible(text_kind)
        self.prompt.setText(
            "反馈意见或整改报告的文字:请选择标题的读法,以及要归入的巡察(不选则按文字开头所写):"
            if text_kind
            else "选择要导入的工作表或表格:"
        )
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
        self.mapping = table(
            ["列", "表头", "导入为", "把握", "示例(前几行,按导入为读出)"], "mapping"
        )
        self.note = text_label()
        self.inspection = inspection_combo("inspection")
        self.inspection.setToolTip("选已有的巡察则导入其中(再次导入时更新);写新名称则新建一个巡察")
        parts = ("归入巡察:", self.inspection, "(可选已有的巡察,或改写名称新建)")
        self.inspection_row = inline_row(parts)
        row = QHBoxLayout()
        row.addWidget(QLabel("表头在第"))
        row.addWidget(self.header_row)
        row.addWidget(QLabel("行,共"))
        row.addWidget(self.header_depth)
        row.addWidget(QLabel("行"))
        row.addWidget(self.redo)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.inspection_row)
        layout.addLayout(row)
        layout.addWidget(self.mapping, 1)
        layout.addWidget(self.note)

    def show_inspection(self, proposed: str, existing: list[str]) -> None:
        """The inspection a rectification ledger goes into: proposed from its title."""
        self.inspection.clear()
        self.inspection.addItems(existing)
        self.inspection.setCurrentText(proposed)

    def inspection_name(self) -> str:
        """The inspection the clerk chose or named ('' for the proposal)."""
        return "" if self.inspection_row.isHidden() else self.inspection.currentText().strip()

    def show_prepared(self, prepared: Any, kind: str, year: int) -> None:
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
            self.mapping.setItem(c, 4, cell(_examples(prepared, c, kind, year)))
        self.mapping.resizeColumnsToContents()
        self.mapping.setColumnWidth(4, max(self.mapping.columnWidth(4), 200))
        memo = "已按上次同样表头的文件对应。" if prepared.remembered else ""
        self.note.setText(f"{memo}可修改每一列导入为什么;“把握”是自动对应的把握程度。")

    def choice(self) -> dict[int, str]:
        """The mapping as the clerk left it."""
        chosen: dict[int, str] = {}
        for c in range(self.mapping.rowCount()):
            combo = self.mapping.cellWidget(c, 2)
            chosen[c] = combo.currentData() if isinstance(combo, QComboBox) else ""
        return chosen


def _examples(prepared: Any, column: int, kind: str, year: int, count: int = 3) -> str:
    """The first few different values of a column, read as its proposed field reads them."""
    from desktop_app.domain.imports.shown import value_reader
    from desktop_app.domain.imports.values import normalise

    fields = {f.key: f for f in FIELDS[kind]}
    key = prepared.mapping.get(column, "")
    read = value_reader(fields[key], year=year) if key in fields else normalise
    grid = prepared.grid()
    found: list[str] = []
    for r in prepared.layout.data_rows:
        text = read(grid[r][column]) if column < len(grid[r]) else ""
        if text and text not in found:
            found.append(text[:30] + ("…" if len(text) > 30 else ""))
            if len(found) == count:
                break
    return ";".join(found)


class ValuesPage(QWidget):
    """4 取值: words the import does not know, each mapped once by the clerk."""

    def __init__(self) -> None:
        super().__init__()
        self.values = table(["列", "文件中的写法", "所在行", "对应为"], "values")
        self.note = text_label()
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


class DonePage(QWidget):
    """6 导入: what was written, and the undo of the whole batch."""

    def __init__(self) -> None:
        super().__init__()
        self.text = text_label("done")
        self.undo = QPushButton("撤销这次导入")
        self.undo.setObjectName("undo")
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addStretch(1)
