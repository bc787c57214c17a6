"""The one page pattern of every register: filter bar, list, summary line, detail pane.

A register's page is a ``RegisterPage``: it names its register (title and tables come from
the manifest) and the other tables it shows, builds its filters and list from the parts
here, and says how to re-query (``apply_filter``) and which choices to reload
(``reload_choices``). The base keeps the selection across a refresh, runs every clerk's
action through ``guard`` (a refusal becomes a warning; the action's changes are told once,
when it ends) and follows the context's changes: a page refreshes when a write touches a
table it shows, now if it is visible, else when it is next shown.

A page's lower part is a ``DetailPane``: the record chosen in the list, typically its
sub-records in a list with their actions on the left and tabs on the right (its history, a
second list). It runs its actions through ``guard`` too, names the tables it shows and
follows their changes itself; when its page has re-shown it in the same round of changes, it
does not read again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app import registers
from desktop_app.storage.changes import Changes
from desktop_app.ui import state
from desktop_app.ui.clerk_widget import ClerkWidget
from desktop_app.ui.style import summary_look
from desktop_app.ui.text_table import ID_ROLE
from desktop_app.ui.widgets import (
    button_row,
    choose_quietly,
    make_table,
    row_of,
    search_box,
    select_id,
    selected_id,
    selected_ids,
    selected_row,
    shortcut,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLayout, QLineEdit, QTableView

    from desktop_app.context import AppContext
    from desktop_app.ui.table_model import SqlTableModel

Buttons = Sequence[tuple[str, Callable[[], Any]]]


class RegisterPage(ClerkWidget):
    """A register's page; subclasses build their widgets and say how to query."""

    register_key = ""  # the manifest entry: title and own tables
    also_shows: frozenset[str] = frozenset()  # other registers' tables the page shows
    list_key = ""  # object name of the main list and key of its remembered columns
    exports: tuple[tuple[str, str], ...] = ()  # export buttons (text, method); else the menu's

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.register = registers.get(self.register_key)
        self.title = self.register.title
        super().__init__(ctx, {t.name for t in self.register.tables} | self.also_shows, parent)
        self.filters: dict[str, QComboBox] = {}  # reset by 清除筛选
        self.detail: DetailPane | None = None
        self._refreshing = False
        shortcut(self, "Ctrl+V", self.paste_rows)  # rows copied from Excel open the import

    # -- parts -------------------------------------------------------------------------
    def make_search(self, placeholder: str) -> QLineEdit:
        """The search box (Ctrl+F) that re-queries shortly after typing stops."""
        self.search = search_box(placeholder, self._searched)
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

    def export_buttons(self) -> Buttons:
        """The page's export buttons: ``exports``, or as the 导出 menu names them."""
        exports = self.exports or self.register.menu
        return [(text, getattr(self, method)) for text, method in exports]

    def toolbar(self, actions: Buttons, after: Buttons = ()) -> QHBoxLayout:
        """The page's row of buttons: its actions, its exports, then ``after``."""
        return button_row([*actions, *self.export_buttons(), *after])

    def filter_bar(self, *parts: tuple[QWidget, int]) -> QHBoxLayout:
        """The filter widgets with their stretch, then 清除筛选."""
        return row_of(*parts, button_row([("清除筛选", self.clear_filters)]))

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

    def _searched(self) -> None:
        if not self.ctx.changes.closed:  # typed just before the window closed
            self.apply_filter()

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

    def selected_label(self) -> str:
        """The selected record in a few words (its description, name or title)."""
        row = self.model.row(selected_row(self.view))
        for key in ("description", "name", "title", "content"):
            text = str((row or {}).get(key) or "").strip()
            if text:
                return text if len(text) <= 30 else text[:29] + "…"
        return ""

    def _selected(self) -> None:
        if self.detail is not None and not self._refreshing:
            self.detail.show_record(self.selected_id())

    # -- actions -----------------------------------------------------------------------------
    def add(self, action: Callable[[], Any], then: Callable[[Any], Any] | None = None) -> Any:
        """Run an action that creates a record (returning its id); then select the record."""
        new_id = self.guard(action, then)
        if new_id:
            self.select_id(new_id)
        return new_id

    def show_year(self, years: QComboBox, year: int | None) -> None:
        """After adding a record of ``year``: reload the choices and move the year filter
        ``years`` to it, unless the filter shows every year (or the year is unknown)."""
        self.reload_choices()
        if year and years.currentData() and years.currentData() != year:
            choose_quietly(years, year)

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


class DetailPane(ClerkWidget):
    """The lower part of a register page; subclasses fill it in ``load``."""

    shows: frozenset[str] = frozenset()  # the tables it shows

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.shows, parent)
        self.record_id: int | None = None
        self.views: dict[str, QTableView] = {}  # key → list whose columns are remembered
        self._read_in = -1  # the round of changes in which the pane last read its record

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

    def arrange(
        self,
        records: tuple[QTableView, Buttons],
        history: tuple[QTextBrowser, str],
        items: tuple[QListWidget, Buttons, str],
    ) -> None:
        """The usual pane: sub-records with their actions above them on the left; in tabs on
        the right the history, and a list of items with its actions below. Shows nothing yet."""
        view, actions = records
        listing, item_actions, items_title = items
        self.side_by_side(
            self.with_buttons(view, actions),
            history,
            (self.with_buttons(listing, item_actions, above=False), items_title),
        )
        self.show_record(None)

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
        """Show one record (None clears and disables the pane; a pane already cleared in
        this round of changes stays as it is: every search of the list clears it)."""
        told = self.ctx.changes.told
        if record_id is None and self.record_id is None and self._read_in == told:
            return
        self.record_id = record_id
        self._read_in = told
        self.setEnabled(record_id is not None)
        self.load()

    def load(self) -> None:
        """Fill the pane for ``record_id`` (subclasses)."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Re-read the shown record."""
        self.show_record(self.record_id)

    def on_changes(self, changes: Changes) -> None:
        """A write touched a table the pane shows: re-read, unless its page just did."""
        if self._read_in != self.ctx.changes.told:
            self.refresh()

    # -- lists of items ------------------------------------------------------------------
    @staticmethod
    def fill_items(items: QListWidget, entries: Iterable[tuple[str, int]]) -> None:
        """Show these (text, record id) entries, and only these."""
        items.clear()
        for text, record_id in entries:
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, record_id)
            items.addItem(item)

    @staticmethod
    def current_item_id(items: QListWidget) -> int | None:
        """Record id of the current item of a list, or None."""
        item = items.currentItem()
        return item.data(ID_ROLE) if item else None

    def list_context(self, key: str) -> tuple[str, str]:
        """A list's title and filter in words: the record shown first (所属 …)."""
        title, described = super().list_context(key)
        page = self.parentWidget()
        while page is not None and not isinstance(page, RegisterPage):
            page = page.parentWidget()
        label = page.selected_label() if page is not None else ""
        return title, ";".join(part for part in (label, described) if part)

    def selected_in(self, key: str) -> list[int]:
        """Ids of the selected rows of one of the pane's lists, in list order."""
        return selected_ids(self.views[key])

    def save_state(self) -> None:
        """Remember the column widths of the pane's lists."""
        for key, view in self.views.items():
            state.save_columns(key, view)
