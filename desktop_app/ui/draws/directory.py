"""Tabs of the draw page: the target directory (检查对象名录库) and the matters (抽查事项清单).

Each tab is a list with its filters and buttons; the page re-reads them when the register's
tables change and runs their actions through its ``guard``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.domain.draws import TARGET_KINDS, TARGET_STATUSES, Matter, Target
from desktop_app.storage.draws import directory
from desktop_app.ui.draws import dialogs
from desktop_app.ui.draws.columns import MATTER_COLUMNS, TARGET_COLUMNS, target_colour
from desktop_app.ui.table_model import SqlTableModel
from desktop_app.ui.widgets import (
    button_row,
    filter_combo,
    make_table,
    search_box,
    select_id,
    selected_id,
    set_choices,
)

if TYPE_CHECKING:
    from desktop_app.ui.draws.page import DrawsPage


class TargetsTab(QWidget):
    """检查对象名录库: search and filter the directory, edit it, import it from Excel."""

    def __init__(self, page: DrawsPage) -> None:
        super().__init__(page)
        self.page = page
        self.search = search_box("搜索名称、统一社会信用代码、地址、联系人…", self.refresh)
        self.search.setObjectName("targetSearch")
        self.kind = filter_combo("全部类型", TARGET_KINDS)
        self.industry = filter_combo("全部行业")
        self.area = filter_combo("全部区域")
        self.status = filter_combo("全部状态", TARGET_STATUSES)
        for name, combo in (
            ("targetKind", self.kind),
            ("targetIndustry", self.industry),
            ("targetArea", self.area),
            ("targetStatus", self.status),
        ):
            combo.setObjectName(name)
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.model = SqlTableModel(TARGET_COLUMNS, target_colour, self)
        self.view = make_table(self.model, "drawTargets")
        self.view.doubleClicked.connect(lambda _i: self.edit_target())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.show_history())
        self.count = QLabel()
        self.count.setObjectName("targetCount")
        self.history = QTextBrowser()
        self.history.setObjectName("targetHistory")
        self.history.setPlaceholderText("选择一个检查对象,查看它被抽中和检查的历史。")
        buttons = button_row(
            [
                ("新增对象", self.add_target),
                ("编辑对象", self.edit_target),
                ("删除对象", self.delete_target),
                ("从 Excel 导入…", self.import_targets),
            ]
        )
        filters = (self.search, self.kind, self.industry, self.area, self.status)
        lay_out_list(self, buttons, filters, self.view, self.count, self.history)

    def refresh(self) -> None:
        """Re-read the choices and the list, keeping the selected target."""
        keep = selected_id(self.view)
        industries, areas = directory.target_choices(self.page.ctx.conn)
        set_choices(self.industry, "全部行业", industries)
        set_choices(self.area, "全部区域", areas)
        flt = directory.TargetFilter(
            text=self.search.text(),
            kind=self.kind.currentData() or "",
            industry=self.industry.currentData() or "",
            area=self.area.currentData() or "",
            status=self.status.currentData() or "",
        )
        self.model.set_query(directory.target_query(self.page.ctx.conn, flt))
        total = directory.target_count(self.page.ctx.conn)
        self.count.setText(f"共 {self.model.rowCount()} 家(名录库共 {total} 家)")
        if keep is not None:
            select_id(self.view, keep)
        self.show_history()

    def show_history(self) -> None:
        """The selected target's draws and results."""
        target_id = selected_id(self.view)
        if target_id is None:
            self.history.clear()
            return
        self.history.setHtml(history_html(self.page, target_id))

    def add_target(self) -> None:
        """新增对象."""
        add_record(self, self.page, dialogs.edit_target, Target(""))

    def edit_target(self) -> None:
        """Edit the selected target."""
        edit_record(self, self.page, directory.get_target, dialogs.edit_target)

    def delete_target(self) -> None:
        """Delete the selected target (refused once it was drawn)."""
        delete_record(
            self,
            self.page,
            directory.get_target,
            self.page.repo.delete_target,
            ("删除检查对象", "确定从名录库删除“{name}”吗?"),
        )

    def import_targets(self) -> None:
        """The import wizard, for a directory kept in Excel."""
        from desktop_app.ui.imports.wizard import open_wizard

        open_wizard(self.page.ctx, self.window(), kind="draws")


def lay_out_list(
    tab: QWidget,
    buttons: QHBoxLayout,
    filters: Sequence[QWidget],
    view: QWidget,
    count: QLabel,
    side: QWidget,
) -> None:
    """A directory tab: buttons, the search box and filters, the list and its count at the
    left; ``side`` (what the selected row holds) at the right, a quarter of the width."""
    row = QHBoxLayout()
    for n, widget in enumerate(filters):
        row.addWidget(widget, 3 if n == 0 else 1)
    left = QWidget()
    column = QVBoxLayout(left)
    column.setContentsMargins(0, 0, 0, 0)
    column.addLayout(buttons)
    column.addLayout(row)
    column.addWidget(view, 1)
    column.addWidget(count)
    splitter = QSplitter()
    splitter.addWidget(left)
    splitter.addWidget(side)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 1)
    QVBoxLayout(tab).addWidget(splitter)


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
        self.view.doubleClicked.connect(lambda _i: self.edit_matter())
        buttons = button_row(
            [
                ("新增事项", self.add_matter),
                ("编辑事项", self.edit_matter),
                ("删除事项", self.delete_matter),
            ]
        )
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)

    def refresh(self) -> None:
        """Re-read the list, keeping the selected matter."""
        keep = selected_id(self.view)
        year = self.page.figures_year()
        self.model.set_query(directory.matter_query(self.page.ctx.conn, year))
        if keep is not None:
            select_id(self.view, keep)

    def add_matter(self) -> None:
        """新增事项."""
        add_record(self, self.page, dialogs.edit_matter, Matter(""))

    def edit_matter(self) -> None:
        """Edit the selected matter."""
        edit_record(self, self.page, directory.get_matter, dialogs.edit_matter)

    def delete_matter(self) -> None:
        """Delete the selected matter (refused once a draw used it)."""
        delete_record(
            self,
            self.page,
            directory.get_matter,
            self.page.repo.delete_matter,
            ("删除抽查事项", "确定删除抽查事项“{name}”吗?"),
        )


# -- the add / edit / delete of a directory tab (its list is ``tab.view``) --------------------
Edit = Callable[[QWidget, Any, Any], "int | None"]


def add_record(tab: Any, page: DrawsPage, edit: Edit, blank: Any) -> None:
    """Open the edit dialog on a new record; select it once saved."""
    new_id = page.guard(lambda: edit(tab, page.repo, blank))
    if new_id:
        select_id(tab.view, new_id)


def edit_record(tab: Any, page: DrawsPage, get: Callable[[Any, int], Any], edit: Edit) -> None:
    """Open the edit dialog on the selected record."""
    record_id = selected_id(tab.view)
    if record_id is not None:
        record = get(page.ctx.conn, record_id)
        page.guard(lambda: edit(tab, page.repo, record))


def delete_record(
    tab: Any,
    page: DrawsPage,
    get: Callable[[Any, int], Any],
    delete: Callable[[int], None],
    ask: tuple[str, str],
) -> None:
    """Delete the selected record once confirmed (``ask``: title and question with {name})."""
    record_id = selected_id(tab.view)
    if record_id is None:
        return
    name = get(page.ctx.conn, record_id).name
    title, question = ask
    page.confirmed(title, question.format(name=name), lambda: done(delete, record_id))


def done(action: Callable[[int], None], record_id: int) -> bool:
    """Run a write that returns nothing; True for the caller's guard (it did not refuse)."""
    action(record_id)
    return True
