"""The one page pattern of every register: filter bar, list, summary line, detail pane.

A register's page is a ``RegisterPage``: it names its register (title and tables come from
the manifest) and the other tables it shows, builds its filters and list from the parts
here, and says how to re-query (``apply_filter``) and which choices to reload
(``reload_choices``). The base keeps the selection across a refresh, runs every clerk's
action through ``guard`` (a refusal becomes a warning; the action's changes are told once,
when it ends) and follows the context's changes: a page refreshes when a write touches a
table it shows, now if it is visible, else when it is next shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from desktop_app import registers
from desktop_app.storage.changes import Changes
from desktop_app.ui import messages, state
from desktop_app.ui.changes import ChangeFollower, run_action
from desktop_app.ui.style import summary_look
from desktop_app.ui.widgets import (
    button_row,
    make_table,
    search_box,
    select_id,
    selected_id,
    selected_ids,
    shortcut,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent
    from PySide6.QtWidgets import QLayout, QLineEdit, QTableView

    from desktop_app.context import AppContext
    from desktop_app.ui.detail_pane import DetailPane
    from desktop_app.ui.table_model import SqlTableModel

Buttons = Sequence[tuple[str, Callable[[], Any]]]


class RegisterPage(QWidget):
    """A register's page; subclasses build their widgets and say how to query."""

    register_key = ""  # the manifest entry: title and own tables
    also_shows: frozenset[str] = frozenset()  # other registers' tables the page shows
    list_key = ""  # object name of the main list and key of its remembered columns

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.register = registers.get(self.register_key)
        self.title = self.register.title
        self.filters: dict[str, QComboBox] = {}  # reset by 清除筛选
        self.detail: DetailPane | None = None
        self._refreshing = False
        shortcut(self, "Ctrl+V", self.paste_rows)  # rows copied from Excel open the import
        tables = {table.name for table in self.register.tables} | self.also_shows
        self.follower = ChangeFollower(self, ctx, tables, self.on_changes)

    # -- parts -------------------------------------------------------------------------
    def make_search(self, placeholder: str) -> QLineEdit:
        """The search box (Ctrl+F) that re-queries shortly after typing stops."""
        self.search = search_box(placeholder, self.apply_filter)
        self.search.setObjectName("search")
        shortcut(self, "Ctrl+F", self.search.setFocus)
        shortcut(self, "F5", self.refresh_keep_selection)
        return self.search

    def add_filter(self, name: str, combo: QComboBox, *, cleared: bool = True) -> QComboBox:
        """A filter drop-down that re-queries when changed (reset by 清除筛选 if ``cleared``)."""
        combo.setObjectName(name)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        if cleared:
            self.filters[name] = combo
        return combo

    def make_list(
        self, model: SqlTableModel, *, multi: bool = False, open_row: Callable[[], Any]
    ) -> QTableView:
        """The main list: double-click opens a row; the selection feeds the detail pane."""
        self.model = model
        self.view = make_table(model, self.list_key, multi=multi)
        self.view.doubleClicked.connect(lambda _i: open_row())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        model.modelReset.connect(self._selected)
        return self.view

    def make_summary(self, name: str = "summary") -> QLabel:
        """The count or summary line under the list."""
        label = QLabel()
        label.setObjectName(name)
        summary_look(label)
        return label

    def filter_bar(self, *parts: tuple[QWidget, int]) -> QHBoxLayout:
        """The filter widgets with their stretch, then 清除筛选."""
        bar = QHBoxLayout()
        for widget, stretch in parts:
            bar.addWidget(widget, stretch)
        bar.addLayout(button_row([("清除筛选", self.clear_filters)]))
        return bar

    @staticmethod
    def box(*parts: QWidget | QLayout, stretch_of: QWidget | None = None) -> QWidget:
        """Widgets and rows stacked without margins (a list with its buttons and summary)."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        for part in parts:
            if isinstance(part, QWidget):
                column.addWidget(part, 1 if part is stretch_of else 0)
            else:
                column.addLayout(part)
        return box

    @staticmethod
    def split(top: QWidget, bottom: QWidget, name: str) -> QSplitter:
        """The list above, the detail below (3 : 2)."""
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName(name)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        return splitter

    def stack(self, *rows: QWidget | QLayout, stretch_of: QWidget | None = None) -> None:
        """The page's own layout: rows from top to bottom."""
        layout = QVBoxLayout(self)
        for row in rows:
            if isinstance(row, QWidget):
                layout.addWidget(row, 1 if row is stretch_of else 0)
            else:
                layout.addLayout(row)

    # -- querying (subclasses) -------------------------------------------------------------
    def apply_filter(self) -> None:
        """Re-query the list and its summary line from the filter widgets."""
        raise NotImplementedError

    def reload_choices(self) -> None:
        """Refill the drop-downs whose entries come from the data (none by default)."""

    # -- refreshing ------------------------------------------------------------------------
    def clear_filters(self) -> None:
        """Reset the filters and the search box, then re-query once."""
        for combo in self.filters.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filter()

    def refresh_keep_selection(self) -> None:
        """Re-read after a change, keeping the selected record selected."""
        keep = self.selected_id()
        self._refreshing = True  # the detail pane is shown once, after the selection is back
        try:
            self.reload_choices()
            self.apply_filter()
            if keep is not None:
                self.select_id(keep)
        finally:
            self._refreshing = False
        self._selected()

    def refresh_all(self) -> None:
        """Re-read everything (after a restore, a settings change or a demo load)."""
        self.refresh_keep_selection()

    def on_changes(self, changes: Changes) -> None:
        """A write touched a table this page shows."""
        if changes.everything:
            self.refresh_all()
        else:
            self.refresh_keep_selection()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: catch up with the changes made while hidden."""
        super().showEvent(event)
        self.follower.shown()

    # -- selection ---------------------------------------------------------------------------
    def selected_id(self) -> int | None:
        """Id of the selected record (the first, when several are)."""
        return selected_id(self.view)

    def selected_ids(self) -> list[int]:
        """Ids of every selected record, in list order."""
        return selected_ids(self.view)

    def select_id(self, record_id: int) -> None:
        """Select a record if it is among the list's loaded rows."""
        select_id(self.view, record_id)

    def _selected(self) -> None:
        if self.detail is not None and not self._refreshing:
            self.detail.show_record(self.selected_id())

    # -- actions -----------------------------------------------------------------------------
    def guard(self, action: Callable[[], Any], then: Callable[[Any], Any] | None = None) -> Any:
        """Run a clerk's action; a refusal is a warning (None). Its changes are told once it
        and ``then`` (given the result, e.g. to choose a new record's filter) are done."""

        def act() -> Any:
            result = action()
            if result and then is not None:
                then(result)
            return result

        return run_action(self.ctx, self, self.title, act, self.follower)

    def inform(self, text: str) -> None:
        """A short information message titled with the page."""
        messages.inform(self, self.title, text)

    def export(self, name: str, options: dict[str, Any], file_stem: str) -> None:
        """Ask where to save, run the export in the background, then offer the file."""
        from desktop_app.ui.exporting import run_export

        run_export(self, self.ctx, name, options, file_stem)

    def paste_rows(self) -> None:
        """Ctrl+V of rows copied from Excel/WPS: the import wizard, prefilled."""
        from PySide6.QtWidgets import QApplication

        text = QApplication.clipboard().text()
        if "\t" in text or text.count("\n") > 1:
            from desktop_app.ui.imports.wizard import open_wizard

            open_wizard(self.ctx, self.window(), kind=self.register_key, text=text)

    def save_state(self) -> None:
        """Remember column widths of the list and the detail pane."""
        state.save_columns(self.list_key, self.view)
        if self.detail is not None:
            self.detail.save_state()
