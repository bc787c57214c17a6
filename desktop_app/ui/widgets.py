"""Small shared widgets: the list view, buttons rows and filter combos."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop_app.domain.errors import UserError
from desktop_app.ui import messages, state

if TYPE_CHECKING:
    from desktop_app.ui.table_model import SqlTableModel


def make_table(model: SqlTableModel, key: str, *, multi: bool = False) -> QTableView:
    """A list view over the one table model, with remembered columns (widths, order, which
    are shown) and the actions of every list (``list_actions``: copy, print, export)."""
    view = QTableView()
    view.setObjectName(key)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    mode = QAbstractItemView.SelectionMode
    view.setSelectionMode(mode.ExtendedSelection if multi else mode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    bold = view.horizontalHeader().font()
    bold.setBold(True)
    view.horizontalHeader().setFont(bold)
    view.horizontalHeader().setSortIndicatorShown(True)
    view.horizontalHeader().setSortIndicator(-1, view.horizontalHeader().sortIndicatorOrder())
    # A new query lays the rows out at once: otherwise the view paints, then lays out and
    # paints everything a second time.
    model.modelReset.connect(view.executeDelayedItemsLayout)
    state.restore_columns(key, view, [c.width for c in model.columns])
    from desktop_app.ui.list_actions import install  # with the first list, not at start

    install(view, key)  # copy, print, export, columns: the same on every list
    return view


RowPart = QWidget | QLayout | tuple[QWidget, int]


def row_of(*parts: RowPart) -> QHBoxLayout:
    """A row of widgets (a ``(widget, stretch)`` pair gives its share of the width) and
    layouts such as a ``button_row``, left to right."""
    line = QHBoxLayout()
    for part in parts:
        if isinstance(part, QLayout):
            line.addLayout(part)
        elif isinstance(part, tuple):
            line.addWidget(*part)
        else:
            line.addWidget(part)
    return line


def button_row(buttons: Sequence[tuple[str, Callable[[], None]]], parent=None) -> QHBoxLayout:
    """A row of push buttons, left-aligned."""
    row = QHBoxLayout()
    for text, slot in buttons:
        button = QPushButton(text, parent)
        button.setObjectName(text)
        button.clicked.connect(slot)
        row.addWidget(button)
    row.addStretch(1)
    return row


def text_label(name: str = "", text: str = "", *, selectable: bool = False) -> QLabel:
    """A word-wrapped label, named ``name`` (for tests); ``selectable``: its text can be
    selected and copied."""
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    if selectable:
        from PySide6.QtCore import Qt  # not at start: the Qt namespace costs ~10 ms

        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def filter_combo(placeholder: str, items: Sequence[str] = ()) -> QComboBox:
    """A drop-down whose first entry means "no filter"."""
    combo = QComboBox()
    combo.setMinimumContentsLength(6)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    set_choices(combo, placeholder, items)
    return combo


ALL_YEARS = "全部年度"


def fill_years(combo: QComboBox, with_records: Sequence[int], this_year: int) -> None:
    """A 年度 filter (first entry ``ALL_YEARS``): the years with records (newest first) and
    this year; at first it shows the latest year with records (else this year)."""
    first = combo.count() <= 1
    shown = sorted({*with_records, this_year}, reverse=True)
    set_choices(combo, ALL_YEARS, [str(y) for y in shown])
    for index in range(1, combo.count()):
        combo.setItemData(index, int(combo.itemText(index)))
    if first:
        choose_quietly(combo, with_records[0] if with_records else this_year)


def choose_quietly(combo: QComboBox, data: Any) -> None:
    """Show the entry holding ``data`` (else the first) without telling the listeners."""
    combo.blockSignals(True)
    combo.setCurrentIndex(max(combo.findData(data), 0))
    combo.blockSignals(False)


def set_choices(combo: QComboBox, placeholder: str, items: Sequence[str]) -> None:
    """Replace a filter combo's entries, keeping the current choice when still offered."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(placeholder, "")
    for item in items:
        combo.addItem(item, item)
    index = combo.findData(current) if current else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def search_box(placeholder: str, on_change: Callable[[], None], delay_ms: int = 250) -> QLineEdit:
    """A search field that filters shortly after typing stops."""
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    timer = QTimer(edit)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(on_change)
    edit.textChanged.connect(lambda _text: timer.start())

    def now() -> None:
        timer.stop()
        on_change()

    edit.returnPressed.connect(now)
    return edit


def shortcut(parent: QWidget, keys: str | QKeySequence, slot: Callable[[], None]) -> QShortcut:
    """A keyboard shortcut active while ``parent``'s window has focus."""
    sequence = keys if isinstance(keys, QKeySequence) else QKeySequence(keys)
    action = QShortcut(sequence, parent)
    action.activated.connect(slot)
    return action


def selected_row(view: QTableView) -> int:
    """The current selected row, or -1."""
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return rows[0].row() if rows else -1


def _model(view: QTableView) -> SqlTableModel:
    return cast("SqlTableModel", view.model())


def selected_id(view: QTableView) -> int | None:
    """The record id of the selected row of a view over the one table model."""
    return _model(view).row_id(selected_row(view))


def selected_ids(view: QTableView) -> list[int]:
    """Record ids of every selected row of a view over the one table model, in view order."""
    selection = view.selectionModel()
    rows = sorted(index.row() for index in selection.selectedRows()) if selection else []
    ids = (_model(view).row_id(row) for row in rows)
    return [record_id for record_id in ids if record_id is not None]


def select_id(view: QTableView, record_id: int) -> None:
    """Select a record's row if it is among the loaded pages (after a re-query)."""
    model = _model(view)
    model.row(0)  # make sure the first page is loaded
    row = model.find_row(record_id)
    if row >= 0:
        view.selectRow(row)


def guarded(parent: QWidget, title: str, action: Callable[[], Any]) -> Any:
    """Run a clerk's action; a refusal (UserError) is shown as a warning, an unexpected
    error as a failure that is logged with its traceback. None unless it succeeded."""
    try:
        return action()
    except UserError as exc:
        messages.warn(parent, title, str(exc))
        return None
    except Exception as exc:
        report_unexpected(parent, title, exc)
        return None


def report_unexpected(parent: QWidget | None, title: str, exc: Exception) -> None:
    """An error that is not the clerk's: the traceback to the log, a short message on screen."""
    import logging

    from desktop_app.logs import current_log_file

    logging.getLogger(__name__).error("%s: unexpected error", title, exc_info=exc)
    where = f":{current_log_file()}" if current_log_file() else ""
    text = f"操作未完成:发生了意外错误({type(exc).__name__})。详细信息已写入日志{where}"
    messages.fail(parent, title, text)
