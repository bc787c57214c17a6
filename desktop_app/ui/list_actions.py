"""What the clerk can do with any list, as in a spreadsheet: copy rows, print or export the
list as it is filtered and sorted, and choose which columns it shows and in what order.

``make_table`` installs these on every list: a context menu on the rows (复制, 复制整个列表,
打印列表…, 导出列表为 Excel…, 列设置…) and on the column headers (each column shown or hidden),
Ctrl+C for the selected rows, columns moved by dragging their header. The columns shown
and their order are remembered with the column widths (``state``). Printing and exporting
read every row again from the list's own query, off the GUI thread (``exports.lists``).

A list's title and its filter, in words, come from the nearest widget around it that has a
``list_context(key)`` (the register page, its detail pane, the audit page).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QTableView,
    QWidget,
)

from desktop_app.ui import state
from desktop_app.ui.table_model import WARNING_COLOURS, Column, SqlTableModel, cell_text

if TYPE_CHECKING:
    from desktop_app.exports.lists import ListSpec
    from desktop_app.formats.list_export import ListColumn

# What each list is called on paper, by its key (the view's object name).
LIST_TITLES = {
    "problems": "整改问题清单",
    "measures": "整改措施清单",
    "roster": "行政执法人员名单",
    "certificates": "执法证件",
    "trainingSessions": "学法培训活动",
    "trainingAttendance": "学法培训出勤名单",
    "trainingPersonYear": "个人年度学时",
    "trainingPick": "人员名单",
    "audit": "操作日志",
    "draws": "双随机抽取记录",
    "drawAssignments": "抽取结果",
    "drawExclusions": "回避与排除",
    "drawTargets": "检查对象名录",
    "drawMatters": "抽查事项",
    "drawInspectors": "执法检查人员名录",
}
PRINT_ASK_ABOVE = 3000  # rows: printing more asks first
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COLOUR_MEANINGS = {colour.lower(): meaning for meaning, colour in WARNING_COLOURS.items()}


def install(view: QTableView, key: str) -> ListActions:
    """Give a list its context menus, Ctrl+C and movable, remembered columns."""
    return ListActions(view, key)


def list_context(view: QTableView, key: str) -> tuple[str, str]:
    """(title, the filter in words) of a list, from the nearest widget around it that says."""
    widget = view.parentWidget()
    while widget is not None:
        context = getattr(widget, "list_context", None)
        if callable(context):
            return cast(tuple[str, str], context(key))
        widget = widget.parentWidget()
    return LIST_TITLES.get(key, view.window().windowTitle() or "列表"), ""


def describe_filters(owner: QWidget) -> str:
    """The filters set on ``owner`` (its own drop-downs, ticks and search boxes, not those of
    the panes inside it) in words: 状态:整改中;部门:办公室;搜索“制度”;仅未达最低学时."""
    parts = []
    for widget in owner.findChildren(QWidget):
        if _owner_of(widget) is not owner or not widget.isVisibleTo(owner):
            continue
        if isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox):
            continue  # the box's own line edit: the box says it
        if isinstance(widget, QSpinBox | QDoubleSpinBox):
            labelled = widget.prefix().strip() or widget.suffix().strip()
            if labelled:  # 统计年度 2022, 60 天内到期
                parts.append(" ".join(widget.text().split()))
        elif isinstance(widget, QCheckBox) and widget.isChecked():  # 仅未达最低学时
            parts.append(widget.text().replace("&", ""))
        elif isinstance(widget, QComboBox) and widget.currentIndex() > 0:
            label = widget.itemText(0)
            label = label[2:] if label.startswith("全部") else ""
            parts.append(f"{label}:{widget.currentText()}" if label else widget.currentText())
        elif isinstance(widget, QLineEdit) and widget.text().strip() and not widget.isReadOnly():
            hint = widget.placeholderText()
            if hint.startswith("搜索") or not hint:
                parts.append(f"搜索“{widget.text().strip()}”")
            else:
                parts.append(f"{hint.split('…')[0]}:{widget.text().strip()}")
    return ";".join(parts)


def _owner_of(widget: QWidget) -> QWidget | None:
    """The nearest widget around ``widget`` that describes lists (a page or a pane)."""
    parent = widget.parentWidget()
    while parent is not None and not callable(getattr(parent, "list_context", None)):
        parent = parent.parentWidget()
    return parent


def tsv_cell(text: str) -> str:
    """One cell of tab-separated text as Excel and WPS read it back: quoted when it holds a
    tab, a line break or a quote; a text that would be a formula keeps a leading '."""
    if text[:1] in ("=", "+", "@") or (text[:1] == "-" and not _is_number(text)):
        text = "'" + text
    if any(ch in text for ch in '\t\n\r"'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def tab_separated(rows: Sequence[Sequence[Any]]) -> str:
    """Rows as the clipboard text a spreadsheet pastes into columns (CRLF between rows)."""
    from desktop_app.formats.list_export import cell_text  # as the printed list shows it

    return "\r\n".join("\t".join(tsv_cell(cell_text(v)) for v in row) for row in rows) + "\r\n"


class ListActions(QObject):
    """The context menus, Ctrl+C and column choices of one list."""

    def __init__(self, view: QTableView, key: str) -> None:
        super().__init__(view)
        self.view, self.key = view, key
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(lambda _pos: self.show_menu())
        header = view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda _pos: self.show_column_menu())
        header.sectionMoved.connect(lambda *_: self.remember())
        view.installEventFilter(self)
        self.ruled: set[str] = set()  # columns a page's rule hides for now (所属巡察)
        self.user_hidden = _read_hidden(key)  # columns the clerk hid: a rule never shows them

    @property
    def model(self) -> SqlTableModel:
        """The list's table model."""
        return cast(SqlTableModel, self.view.model())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+C on the list copies the selected rows (not only the current cell)."""
        key = event.type() == QEvent.Type.KeyPress and watched is self.view
        if key and cast(QKeyEvent, event).matches(QKeySequence.StandardKey.Copy):
            self.copy_selected()
            return True
        return False

    # -- columns ---------------------------------------------------------------------------
    def shown_columns(self) -> list[tuple[int, Column]]:
        """(model column, spec) of the columns shown, in the order shown."""
        header = self.view.horizontalHeader()
        logical = (header.logicalIndex(visual) for visual in range(header.count()))
        return [(i, self.model.columns[i]) for i in logical if not header.isSectionHidden(i)]

    def set_shown(self, column: int, shown: bool) -> None:
        """Show or hide one column (at least one stays shown); remembered."""
        if not shown and len(self.shown_columns()) <= 1:
            return
        key = self.model.columns[column].key
        self.ruled.discard(key)  # the clerk's choice, until a rule hides it again
        if shown:
            self.user_hidden.discard(key)
        else:
            self.user_hidden.add(key)
        self.view.horizontalHeader().setSectionHidden(column, not shown)
        self.remember()

    def arrange(self, order: Sequence[int], hidden: set[int]) -> None:
        """Show the columns in this order (model columns), those in ``hidden`` hidden; a
        column a rule hides for now stays hidden and keeps the clerk's earlier choice."""
        header = self.view.horizontalHeader()
        for visual, column in enumerate(order):
            header.moveSection(header.visualIndex(column), visual)
        keys = [c.key for c in self.model.columns]
        chosen = {keys[c] for c in hidden} - self.ruled
        self.user_hidden = chosen | (self.user_hidden & self.ruled)
        for column in range(header.count()):
            header.setSectionHidden(column, column in hidden or keys[column] in self.ruled)
        self.remember()

    def reset_columns(self) -> None:
        """Every column shown (but those a rule hides for now), in the spec's order and widths."""
        ruled = [i for i, c in enumerate(self.model.columns) if c.key in self.ruled]
        self.user_hidden.clear()
        self.arrange(range(len(self.model.columns)), set(ruled))
        for column, spec in enumerate(self.model.columns):
            self.view.setColumnWidth(column, spec.width)
        self.remember()

    def follow_rule(self, key: str, shown: bool) -> None:
        """A page's rule shows or hides a column for now; shown only if the clerk has not
        hidden it (their choice is not overwritten)."""
        if shown:
            self.ruled.discard(key)
        else:
            self.ruled.add(key)
        for index, column in enumerate(self.model.columns):
            if column.key == key:
                hide = not shown or key in self.user_hidden
                self.view.horizontalHeader().setSectionHidden(index, hide)

    def remember(self) -> None:
        """Keep the columns' order, visibility and widths for next time."""
        state.save_columns(self.key, self.view)
        state.settings().setValue(
            f"columns/{self.key}/hidden", json.dumps(sorted(self.user_hidden))
        )

    # -- menus -----------------------------------------------------------------------------
    def show_menu(self) -> None:
        """The rows' context menu."""
        from desktop_app.ui.list_menus import row_menu

        row_menu(self).exec(self._at_cursor())

    def show_column_menu(self) -> None:
        """The headers' context menu: a tick per column."""
        from desktop_app.ui.list_menus import column_menu

        column_menu(self).exec(self._at_cursor())

    @staticmethod
    def _at_cursor() -> Any:
        from PySide6.QtGui import QCursor

        return QCursor.pos()

    # -- copying ---------------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        """The selected rows, top to bottom."""
        selection = self.view.selectionModel()
        return sorted({i.row() for i in selection.selectedRows()}) if selection else []

    def copy_selected(self) -> int:
        """Copy the selected rows, with the header row, as tab-separated text; rows copied."""
        from PySide6.QtWidgets import QApplication

        rows = [self.model.row(r) for r in self.selected_rows()]
        found = [r for r in rows if r is not None]
        if not found:
            return 0
        columns = [spec for _i, spec in self.shown_columns()]
        table = [[c.title for c in columns]]
        table += [[self.model.text(c, row) for c in columns] for row in found]
        QApplication.clipboard().setText(tab_separated(table))
        return len(found)

    def _width(self, column: int, spec: Column) -> int:
        """A column's width on screen; the spec's for the last one, stretched to the edge."""
        header = self.view.horizontalHeader()
        shown = [i for i, _spec in self.shown_columns()]
        if header.stretchLastSection() and shown and column == shown[-1]:
            return min(self.view.columnWidth(column), spec.width)
        return self.view.columnWidth(column)

    # -- the whole list, as shown ------------------------------------------------------------
    def spec(self) -> ListSpec:
        """The list as shown, for printing, exporting or copying all of it."""
        from desktop_app.exports.lists import ListSpec

        model = self.model
        assert model.query is not None
        shown = [spec for _i, spec in self.shown_columns()]
        kinds = _kinds(model, shown)
        columns = [
            _list_column(spec, kind, self._width(i, spec))
            for (i, spec), kind in zip(self.shown_columns(), kinds, strict=True)
        ]
        colour_of = model.row_colour_function
        sort_key, descending = model.sort_state()
        title, described = list_context(self.view, self.key)
        by = next((c.title for c in model.columns if c.key == sort_key), "")
        order = f"按“{by}”{'降序' if descending else '升序'}排列" if by else ""

        def cells(row: dict[str, Any]) -> list[Any]:
            return [_value(spec, kind, row) for spec, kind in zip(shown, kinds, strict=True)]

        def colour(row: dict[str, Any]) -> str | None:
            found = colour_of(row) if colour_of else None
            return found.lstrip("#").upper() if found else None

        def meaning(row: dict[str, Any]) -> str:
            found = (colour_of(row) if colour_of else None) or ""
            named = _COLOUR_MEANINGS.get(found.lower())
            return named or str(row.get("warning") or row.get("status") or "")

        return ListSpec(
            model.query, sort_key, descending, columns, cells, colour, meaning,
            title, described, order,
        )  # fmt: skip


def _kinds(model: SqlTableModel, columns: Sequence[Column]) -> list[str]:
    """What each column holds, judged from the rows loaded: date, int, number or text."""
    sample = [model.row(r) for r in range(min(model.rowCount(), model.PAGE))]
    rows = [r for r in sample if r is not None]
    kinds = []
    for column in columns:
        values = [r.get(column.key) for r in rows if r.get(column.key) not in (None, "")]
        if column.format is not None or not values:
            kinds.append("text")
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            kinds.append("int")
        elif all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            kinds.append("number")
        elif all(isinstance(v, str) and _ISO_DATE.match(v) for v in values):
            kinds.append("date")
        else:
            kinds.append("text")
    return kinds


def _list_column(spec: Column, kind: str, pixels: int) -> ListColumn:
    from desktop_app.formats.list_export import ListColumn

    wrap = kind == "text" and bool(spec.align & Qt.AlignmentFlag.AlignLeft)
    return ListColumn(spec.title, pixels or spec.width, cast(Any, kind), wrap)


def _value(spec: Column, kind: str, row: dict[str, Any]) -> Any:
    """A cell as the printed or exported list holds it: a real date or number where the
    column has them, else its text as shown."""
    raw = row.get(spec.key)
    if kind == "date" and isinstance(raw, str) and _ISO_DATE.match(raw):
        return date.fromisoformat(raw)
    if kind in ("int", "number") and isinstance(raw, int | float):
        return raw
    return cell_text(spec, row)


def _read_hidden(key: str) -> set[str]:
    """The columns the clerk hid on a list, as remembered."""
    value = state.settings().value(f"columns/{key}/hidden")
    try:
        found = json.loads(value) if isinstance(value, str) else []
    except ValueError:
        return set()
    return {str(k) for k in found} if isinstance(found, list) else set()


def show_column(view: QTableView, key: str, shown: bool) -> None:
    """Show or hide the column of ``key`` as a page's rule says (the inspection's name only
    when the list shows all inspections), unless the clerk has hidden it."""
    actions = view.findChild(ListActions)
    if actions is not None:
        actions.follow_rule(key, shown)
        return
    model = cast(SqlTableModel, view.model())
    for index, column in enumerate(model.columns):
        if column.key == key:
            view.horizontalHeader().setSectionHidden(index, not shown)
