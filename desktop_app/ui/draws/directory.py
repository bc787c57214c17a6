"""Tabs of the draw page: the target directory (检查对象名录库) and the matters (抽查事项清单).

Each tab is a list with its filters and buttons; the page re-reads them when the register's
tables change and runs their actions through its ``guard``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.draws import TARGET_KINDS, TARGET_STATUSES
from desktop_app.storage.draws import directory
from desktop_app.ui.draws import dialogs
from desktop_app.ui.draws.columns import MATTER_COLUMNS, TARGET_COLUMNS, target_colour
from desktop_app.ui.register_page import RegisterPage
from desktop_app.ui.table_model import Column, SqlTableModel
from desktop_app.ui.widgets import (
    button_row,
    filter_combo,
    make_table,
    row_of,
    search_box,
    select_id,
    selected_id,
    selected_row,
    set_choices,
)

if TYPE_CHECKING:
    from desktop_app.storage.draws.repo import DrawsRepo
    from desktop_app.ui.draws.page import DrawsPage

Colour = Callable[[dict[str, Any]], "str | None"]


@dataclass(frozen=True)
class ListSpec:
    """A directory tab's list: the object names' prefix, the search hint, the table."""

    prefix: str  # targetSearch, targetCount, the filters' targetKind…
    hint: str
    columns: list[Column]
    colour: Colour
    key: str  # the table's name (remembered columns)
    multi: bool = False


class ListTab(QWidget):
    """A directory tab: a search box and filters over one list, its count, a side pane.

    ``refresh`` re-reads the list, ``open_row`` runs on a double click, ``show_row`` shows
    what the selected row holds.
    """

    def __init__(
        self,
        page: DrawsPage,
        spec: ListSpec,
        refresh: Callable[[], None],
        open_row: Callable[[], None],
        show_row: Callable[[], None],
    ) -> None:
        super().__init__(page)
        self.page = page
        self.prefix = spec.prefix
        self.on_filter = refresh
        self.search = search_box(spec.hint, refresh)
        self.search.setObjectName(f"{spec.prefix}Search")
        self.filters: list[QWidget] = [self.search]
        self.choices: dict[str, QComboBox] = {}  # the filters by their field of the query
        self.model = SqlTableModel(spec.columns, spec.colour, self)
        self.view = make_table(self.model, spec.key, multi=spec.multi)
        self.view.doubleClicked.connect(lambda _i: open_row())
        self.view.selectionModel().selectionChanged.connect(lambda *_: show_row())
        self.count = QLabel()
        self.count.setObjectName(f"{spec.prefix}Count")

    def add_filter(self, field: str, combo: QComboBox) -> QComboBox:
        """A filter beside the search box, for the query's ``field`` (object name: the
        prefix and the field, as in targetKind)."""
        combo.setObjectName(self.prefix + field.capitalize())
        combo.currentIndexChanged.connect(lambda _i: self.on_filter())
        self.filters.append(combo)
        self.choices[field] = combo
        return combo

    def chosen(self) -> dict[str, str]:
        """The search text and each filter's choice ("" for all), by the query's field."""
        values = {field: combo.currentData() or "" for field, combo in self.choices.items()}
        return {"text": self.search.text(), **values}

    def lay_out(self, buttons: QHBoxLayout, side: QWidget) -> None:
        """Buttons, the search box and filters, the list and its count at the left; ``side``
        (what the selected row holds) at the right, a quarter of the width."""
        filters = row_of(*((widget, 3 if n == 0 else 1) for n, widget in enumerate(self.filters)))
        left = RegisterPage.box(buttons, filters, self.view, self.count, stretch_of=self.view)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        QVBoxLayout(self).addWidget(splitter)

    def reselect(self, keep: int | None) -> None:
        """Select ``keep`` again after a re-read (if it is still listed)."""
        if keep is not None:
            select_id(self.view, keep)


TARGET_LIST = ListSpec(
    "target",
    "搜索名称、统一社会信用代码、地址、联系人…",
    TARGET_COLUMNS,
    target_colour,
    "drawTargets",
)


class TargetsTab(ListTab):
    """检查对象名录库: search and filter the directory, edit it, import it from Excel."""

    def __init__(self, page: DrawsPage) -> None:
        super().__init__(page, TARGET_LIST, self.refresh, self.edit_target, self.show_history)
        self.kind = self.add_filter("kind", filter_combo("全部类型", TARGET_KINDS))
        self.industry = self.add_filter("industry", filter_combo("全部行业"))
        self.area = self.add_filter("area", filter_combo("全部区域"))
        self.status = self.add_filter("status", filter_combo("全部状态", TARGET_STATUSES))
        self.history = QTextBrowser()
        self.history.setObjectName("targetHistory")
        self.history.setPlaceholderText("选择一个检查对象,查看它被抽中和检查的历史。")
        buttons = [*record_buttons(self, TARGETS), ("从 Excel 导入…", self.import_targets)]
        self.lay_out(button_row(buttons), self.history)

    def refresh(self) -> None:
        """Re-read the choices and the list, keeping the selected target."""
        keep = selected_id(self.view)
        industries, areas = directory.target_choices(self.page.ctx.conn)
        set_choices(self.industry, "全部行业", industries)
        set_choices(self.area, "全部区域", areas)
        flt = directory.TargetFilter(**self.chosen())
        self.model.set_query(directory.target_query(self.page.ctx.conn, flt))
        total = directory.target_count(self.page.ctx.conn)
        self.count.setText(f"共 {self.model.rowCount()} 家(名录库共 {total} 家)")
        self.reselect(keep)
        self.show_history()

    def show_history(self) -> None:
        """The selected target's draws and results."""
        target_id = selected_id(self.view)
        if target_id is None:
            self.history.clear()
            return
        self.history.setHtml(history_html(self.page, target_id))

    def edit_target(self) -> None:
        """Edit the selected target."""
        edit_record(self, TARGETS)

    def import_targets(self) -> None:
        """The import wizard, for a directory kept in Excel."""
        from desktop_app.ui.imports.wizard import open_wizard

        open_wizard(self.page.ctx, self.window(), kind="draws")


def history_html(page: DrawsPage, target_id: int) -> str:
    """A target's facts, then every draw that drew it and its result."""
    target = directory.get_target(page.ctx.conn, target_id)
    lines = [f"<b>{html.escape(target.name)}</b>", html.escape(target.credit_code or "(无代码)")]
    if target.code_override:
        lines.append(f"代码校验未通过,仍然使用:{html.escape(target.override_note)}")
    rows = directory.target_history(page.ctx.conn, target_id)
    if not rows:
        lines.append("尚未被抽中。")
    for row in rows:
        state = "(已被重新抽取取代)" if row["replaced"] else ""
        result = row["outcome"] or "尚未录入检查结果"
        if row["check_date"]:
            result = f"{row['check_date']} {result}"
        if row["findings"]:
            result += f":{row['findings']}"
        lines.append(
            f"<br><b>{row['draw_date']}</b> 第 {row['draw_id']} 号 {html.escape(row['title'])}"
            f"{state}<br>第{row['team_no']}组:{html.escape(row['members'] or '')}"
            f"<br>{html.escape(result)}"
        )
    return "<br>".join(lines)


class MattersTab(QWidget):
    """抽查事项清单: the matters, their basis, body, content, method and yearly share."""

    def __init__(self, page: DrawsPage) -> None:
        super().__init__(page)
        self.page = page
        self.model = SqlTableModel(MATTER_COLUMNS, parent=self)
        self.view = make_table(self.model, "drawMatters")
        self.view.doubleClicked.connect(lambda _i: edit_record(self, MATTERS))
        layout = QVBoxLayout(self)
        layout.addLayout(button_row(record_buttons(self, MATTERS)))
        layout.addWidget(self.view, 1)

    def refresh(self) -> None:
        """Re-read the list, keeping the selected matter."""
        keep = selected_id(self.view)
        year = self.page.figures_year()
        self.model.set_query(directory.matter_query(self.page.ctx.conn, year))
        if keep is not None:
            select_id(self.view, keep)


# -- the add / edit / delete of a directory tab (its list is ``tab.view``) --------------------
@dataclass(frozen=True)
class Records:
    """What a tab's 新增/编辑/删除 buttons work on."""

    noun: str  # the buttons' 对象 / 事项
    edit: Callable[[QWidget, DrawsRepo, int | None], int | None]  # no id: a new one; saved id
    delete: Callable[[DrawsRepo, int], None]
    ask: tuple[str, str]  # the delete's title and question with {name}


TARGETS = Records(
    "对象",
    dialogs.edit_target,
    lambda repo, record_id: repo.delete_target(record_id),
    ("删除检查对象", "确定从名录库删除“{name}”吗?"),
)
MATTERS = Records(
    "事项",
    dialogs.edit_matter,
    lambda repo, record_id: repo.delete_matter(record_id),
    ("删除抽查事项", "确定删除抽查事项“{name}”吗?"),
)


def record_buttons(tab: Any, records: Records) -> list[tuple[str, Callable[[], None]]]:
    """新增, 编辑 and 删除 of a tab's records."""
    return [
        (f"新增{records.noun}", lambda: add_record(tab, records)),
        (f"编辑{records.noun}", lambda: edit_record(tab, records)),
        (f"删除{records.noun}", lambda: delete_record(tab, records)),
    ]


def add_record(tab: Any, records: Records) -> None:
    """Open the edit dialog on a new record; select it once saved."""
    page = tab.page
    new_id = page.guard(lambda: records.edit(tab, page.repo, None))
    if new_id:
        select_id(tab.view, new_id)


def edit_record(tab: Any, records: Records) -> None:
    """Open the edit dialog on the selected record."""
    record_id = selected_id(tab.view)
    if record_id is not None:
        page = tab.page
        page.guard(lambda: records.edit(tab, page.repo, record_id))


def delete_record(tab: Any, records: Records) -> None:
    """Delete the selected record once confirmed (refused by the repository once drawn)."""
    row = tab.model.row(selected_row(tab.view))
    if row is None:
        return
    page = tab.page
    title, question = records.ask
    delete = partial(records.delete, page.repo)
    page.confirmed(title, question.format(name=row["name"]), lambda: done(delete, row["id"]))


def done(action: Callable[[int], None], record_id: int) -> bool:
    """Run a write that returns nothing; True for the caller's guard (it did not refuse)."""
    action(record_id)
    return True
