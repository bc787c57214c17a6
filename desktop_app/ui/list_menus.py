"""The menus of a list and what they start: copying, printing and exporting the whole list
in the background, and the column chooser (see ``list_actions``). Loaded on the first right
click, not with the window."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.exports import Job
from desktop_app.ui import messages
from desktop_app.ui.list_actions import PRINT_ASK_ABOVE, list_context, tab_separated
from desktop_app.ui.tasks import TaskProgress, run_task

if TYPE_CHECKING:
    from desktop_app.ui.list_actions import ListActions

TITLE = "列表"


def row_menu(actions: ListActions) -> QMenu:
    """复制, 复制整个列表, 打印列表…, 导出列表为 Excel…, 列设置…"""
    menu = QMenu(actions.view)
    menu.setObjectName("listMenu")
    empty = actions.model.query is None or actions.model.rowCount() == 0
    copy = menu.addAction("复制所选行", actions.copy_selected)
    copy.setShortcut("Ctrl+C")
    copy.setShortcutVisibleInContextMenu(True)
    copy.setEnabled(bool(actions.selected_rows()))
    for text, slot in (
        ("复制整个列表", lambda: copy_all(actions)),
        ("打印列表…", lambda: print_list(actions)),
        ("导出列表为 Excel…", lambda: export_list(actions)),
    ):
        menu.addAction(text, slot).setEnabled(not empty)
    menu.addSeparator()
    menu.addMenu(column_menu(actions, menu))
    menu.addAction("列设置…", lambda: choose_columns(actions))
    return menu


def column_menu(actions: ListActions, parent: QWidget | None = None) -> QMenu:
    """显示的列: a tick per column; 恢复默认列."""
    menu = QMenu("显示的列", parent or actions.view)
    menu.setObjectName("columnMenu")
    header = actions.view.horizontalHeader()
    for visual in range(header.count()):
        column = header.logicalIndex(visual)
        action = menu.addAction(actions.model.columns[column].title)
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        action.toggled.connect(lambda on, c=column: actions.set_shown(c, on))
    menu.addSeparator()
    menu.addAction("恢复默认列", actions.reset_columns)
    return menu


# -- the whole list, in the background ----------------------------------------------------------
def _database(actions: ListActions) -> Path | None:
    from desktop_app.storage.listing import database_file

    query = actions.model.query
    return database_file(query.db) if query is not None else None  # type: ignore[arg-type]


def _title(actions: ListActions) -> str:
    title, described = list_context(actions.view, actions.key)
    return f"{title}({described})" if described else title


def export_list(actions: ListActions, out: Path | None = None) -> None:
    """导出列表为 Excel: every row as shown, in the ledger style, then offer the file."""
    from desktop_app.exports.lists import export_list as write
    from desktop_app.ui.exporting import ask_save_path, offer_file

    db_file, spec = _database(actions), actions.spec()
    if db_file is None:
        return
    out = out or ask_save_path(actions.view, "导出列表", ".xlsx", _title(actions))
    if out is None:
        return

    def job(progress: TaskProgress) -> int:
        return write(db_file, spec, out, "xlsx", Job(progress.report, progress.cancelled))

    run_task(
        actions.view,
        "正在导出列表…",
        job,
        lambda rows: offer_file(actions.view, out, f"共 {rows} 行"),
    )


def print_list(actions: ListActions, preview: Any = None) -> None:
    """打印列表: the list as shown, as a PDF, in the print preview (print from there)."""
    from desktop_app.exports.lists import export_list as write

    rows = actions.model.rowCount()
    if rows > PRINT_ASK_ABOVE:
        question = f"该列表共 {rows} 行,打印约需 {rows // 18 + 1} 页。仍要生成打印预览吗?"
        if not messages.ask(actions.view, "打印列表", question):
            return
    db_file, spec = _database(actions), actions.spec()
    if db_file is None:
        return
    folder = Path(tempfile.mkdtemp(prefix="lawledger-print-"))
    out = folder / f"{_safe(_title(actions))}.pdf"

    def job(progress: TaskProgress) -> int:
        return write(db_file, spec, out, "pdf", Job(progress.report, progress.cancelled))

    def done(_pages: int) -> None:
        try:
            (preview or _preview)(actions.view, out)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def failed(exc: BaseException) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        from desktop_app.ui.tasks import show_error

        show_error(actions.view, "打印列表", exc)

    run_task(actions.view, "正在生成打印预览…", job, done, on_error=failed)


def _preview(parent: QWidget, path: Path) -> None:
    from desktop_app.ui.dialogs.print_preview import preview_pdf

    preview_pdf(parent, path)


def _safe(name: str) -> str:
    cleaned = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in name).strip()
    return cleaned[:80] or "列表"


def copy_all(actions: ListActions) -> None:
    """复制整个列表: every row as shown, with the header row, to the clipboard."""
    from desktop_app.exports.lists import copy_rows

    db_file, spec = _database(actions), actions.spec()
    if db_file is None:
        return
    titles = [column.title for column in spec.columns]

    def job(progress: TaskProgress) -> list:
        return copy_rows(db_file, spec, Job(progress.report, progress.cancelled))

    def done(rows: list) -> None:
        QApplication.clipboard().setText(tab_separated([titles, *rows]))

    run_task(actions.view, "正在复制列表…", job, done)


# -- the column chooser -----------------------------------------------------------------
class ColumnDialog(QDialog):
    """列设置: tick the columns to show, move them up and down; remembered for the list."""

    def __init__(self, actions: ListActions) -> None:
        super().__init__(actions.view)
        self.owner = actions
        self.setWindowTitle("列设置")
        self.items = QListWidget()
        self.items.setObjectName("columns")
        self.fill(range(len(actions.model.columns)), set(), current=True)
        buttons = QVBoxLayout()
        for text, slot in (
            ("上移", lambda: self.shift(-1)),
            ("下移", lambda: self.shift(1)),
            ("全部显示", self.show_all),
            ("恢复默认", lambda: self.fill(range(len(actions.model.columns)), set())),
        ):
            button = QPushButton(text)
            button.setObjectName(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.items, 1)
        row.addLayout(buttons)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("勾选要显示的列,用“上移”“下移”调整顺序(也可拖动列标题):"))
        layout.addLayout(row)
        layout.addWidget(box)

    def fill(self, order: Any, hidden: set[int], *, current: bool = False) -> None:
        """List the columns in this order (or, ``current``, as the list shows them now)."""
        header = self.owner.view.horizontalHeader()
        if current:
            order = [header.logicalIndex(v) for v in range(header.count())]
            hidden = {c for c in order if header.isSectionHidden(c)}
        self.items.clear()
        for column in order:
            item = QListWidgetItem(self.owner.model.columns[column].title)
            item.setData(Qt.ItemDataRole.UserRole, column)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = column not in hidden
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.items.addItem(item)

    def shift(self, step: int) -> None:
        """Move the current column up (-1) or down (1)."""
        row = self.items.currentRow()
        if row < 0 or not 0 <= row + step < self.items.count():
            return
        item = self.items.takeItem(row)
        self.items.insertItem(row + step, item)
        self.items.setCurrentRow(row + step)

    def show_all(self) -> None:
        """Tick every column."""
        for row in range(self.items.count()):
            self.items.item(row).setCheckState(Qt.CheckState.Checked)

    def chosen(self) -> tuple[list[int], set[int]]:
        """(columns in order, the hidden ones)."""
        order, hidden = [], set()
        for row in range(self.items.count()):
            item = self.items.item(row)
            column = int(item.data(Qt.ItemDataRole.UserRole))
            order.append(column)
            if item.checkState() != Qt.CheckState.Checked:
                hidden.add(column)
        return order, hidden

    def accept(self) -> None:
        """Apply the choice (at least one column stays shown)."""
        order, hidden = self.chosen()
        if len(hidden) >= len(order):
            messages.warn(self, "列设置", "请至少保留一列。")
            return
        self.owner.arrange(order, hidden)
        super().accept()


def choose_columns(actions: ListActions) -> None:
    """Open 列设置 for the list."""
    ColumnDialog(actions).exec()
