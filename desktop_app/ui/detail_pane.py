"""The one detail-pane pattern: the record chosen on a register page, with its own lists.

A pane shows one record (``show_record``): typically its sub-records in a list with their
actions on the left and tabs on the right (the record's history, a second list). It runs
its actions through ``guard`` like the page, so their changes reach every page at once. It
names the tables it shows and follows their changes itself; when the page that holds it has
re-shown it in the same round, it does not read again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui import state
from desktop_app.ui.changes import ChangeFollower, run_action
from desktop_app.ui.widgets import button_row, make_table, selected_ids

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent
    from PySide6.QtWidgets import QTableView

    from desktop_app.context import AppContext
    from desktop_app.storage.changes import Changes
    from desktop_app.ui.table_model import SqlTableModel

Buttons = Sequence[tuple[str, Callable[[], Any]]]
ID_ROLE = Qt.ItemDataRole.UserRole


class DetailPane(QWidget):
    """The lower part of a register page; subclasses fill it in ``load``."""

    title = ""  # the title of its messages
    shows: frozenset[str] = frozenset()  # the tables it shows

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record_id: int | None = None
        self.views: dict[str, QTableView] = {}  # key → list whose columns are remembered
        self._read_in = -1  # the round of changes in which the pane last read its record
        self.follower = ChangeFollower(self, ctx, self.shows, self._changed)

    # -- parts -------------------------------------------------------------------------
    def table(
        self,
        model: SqlTableModel,
        key: str,
        *,
        multi: bool = False,
        open_row: Callable[[], Any] | None = None,
    ) -> QTableView:
        """A list over the table model whose column widths are remembered."""
        view = make_table(model, key, multi=multi)
        if open_row is not None:
            view.doubleClicked.connect(lambda _i: open_row())
        self.views[key] = view
        return view

    @staticmethod
    def with_buttons(widget: QWidget, buttons: Buttons, *, above: bool = True) -> QWidget:
        """A widget with its row of buttons above (a list of sub-records) or below."""
        box = QWidget()
        column = QVBoxLayout(box)
        if above:
            column.setContentsMargins(0, 0, 0, 0)
            column.addLayout(button_row(buttons))
        column.addWidget(widget)
        if not above:
            column.addLayout(button_row(buttons))
        return box

    @staticmethod
    def history_view(name: str, placeholder: str = "") -> QTextBrowser:
        """The record's facts and history as text."""
        browser = QTextBrowser()
        browser.setObjectName(name)
        browser.setPlaceholderText(placeholder)
        return browser

    @staticmethod
    def item_list(name: str, open_item: Callable[[], Any] | None = None) -> QListWidget:
        """A short list of items that carry their record id."""
        items = QListWidget()
        items.setObjectName(name)
        if open_item is not None:
            items.itemDoubleClicked.connect(lambda _i: open_item())
        return items

    def side_by_side(self, left: QWidget, *tabs: tuple[QWidget, str]) -> QTabWidget:
        """The pane's layout: ``left`` beside tabs (3 : 2); returns the tabs."""
        self.tabs = QTabWidget()
        for widget, title in tabs:
            self.tabs.addTab(widget, title)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        return self.tabs

    # -- showing -----------------------------------------------------------------------
    def show_record(self, record_id: int | None) -> None:
        """Show one record (None clears and disables the pane)."""
        self.record_id = record_id
        self._read_in = self.ctx.changes.told
        self.setEnabled(record_id is not None)
        self.load()

    def load(self) -> None:
        """Fill the pane for ``record_id`` (subclasses)."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Re-read the shown record."""
        self.show_record(self.record_id)

    def _changed(self, _changes: Changes) -> None:
        if self._read_in != self.ctx.changes.told:  # not re-shown by its page this round
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: catch up with the changes made while hidden."""
        super().showEvent(event)
        self.follower.shown()

    # -- actions -----------------------------------------------------------------------
    def guard(self, action: Callable[[], Any]) -> Any:
        """Run a clerk's action; a refusal is a warning (None); its changes are told once."""
        return run_action(self.ctx, self, self.title, action, self.follower)

    @staticmethod
    def add_item(items: QListWidget, text: str, record_id: int) -> None:
        """Append an item carrying its record id."""
        item = QListWidgetItem(text)
        item.setData(ID_ROLE, record_id)
        items.addItem(item)

    @staticmethod
    def current_item_id(items: QListWidget) -> int | None:
        """Record id of the current item of a list, or None."""
        item = items.currentItem()
        return item.data(ID_ROLE) if item else None

    def selected_in(self, key: str) -> list[int]:
        """Ids of the selected rows of one of the pane's lists, in list order."""
        return selected_ids(self.views[key])

    def save_state(self) -> None:
        """Remember the column widths of the pane's lists."""
        for key, view in self.views.items():
            state.save_columns(key, view)
