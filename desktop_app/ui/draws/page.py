"""The draw page (双随机抽查): draws and their results, the directory, matters, inspectors.

The first tab is the register page proper: the draws of a year (a replaced draw stays on
the list, greyed), the chosen draw below (its targets and teams, where results are
entered; the record's facts; its exclusions), and the year's figures as the annual report
phrases them. 新建抽取 opens the plan; 重新抽取 makes a new record that replaces the chosen
one; 核验 recomputes the chosen record. The other tabs keep the target directory, the
matters and the inspectors' part of the draw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QTabWidget

from desktop_app.exports import draws as _draw_exports  # noqa: F401  (registers the exports)
from desktop_app.storage.draws import queries
from desktop_app.ui import messages
from desktop_app.ui.draws.columns import DRAW_COLUMNS, draw_colour
from desktop_app.ui.draws.detail import DrawDetail
from desktop_app.ui.draws.directory import MattersTab, TargetsTab, history_html
from desktop_app.ui.draws.inspectors import InspectorsTab
from desktop_app.ui.register_page import RegisterPage
from desktop_app.ui.table_model import SqlTableModel
from desktop_app.ui.widgets import (
    ALL_YEARS,
    fill_years,
    filter_combo,
    shortcut,
    text_label,
)

if TYPE_CHECKING:
    from desktop_app.context import AppContext
    from desktop_app.storage.draws.repo import DrawsRepo

EXCEL, DOCUMENT = "Excel 表格", "公示文件(PDF/Word)"


class DrawsPage(RegisterPage):
    """Random inspections that anyone can verify, on one page."""

    register_key = "draws"
    # inspectors are the persons of the personnel register; certified: their certificates
    also_shows = frozenset({"persons", "certificates", "settings"})
    list_key = "draws"
    detail: DrawDetail  # its export buttons are the 导出 menu's (the manifest's)

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.year = self.add_filter("year", filter_combo(ALL_YEARS), cleared=False)
        self.make_search("搜索抽查任务、事项、经办人、监督人、随机种子…(Ctrl+F)")
        self.draws = SqlTableModel(DRAW_COLUMNS, draw_colour, self)
        self.make_list(self.draws, open_row=self.show_record)
        self.count = self.make_summary("drawCount")
        self.detail = DrawDetail(ctx, self)
        self.figures = text_label("figures", selectable=True)
        self.targets = TargetsTab(self)
        self.matters = MattersTab(self)
        self.inspectors = InspectorsTab(self)
        self._build_layout()
        shortcut(self, "Ctrl+N", self.new_draw)
        self.refresh_all()

    @property
    def repo(self) -> DrawsRepo:
        """The draw register's writes on the GUI thread's connection (loaded on first use)."""
        from desktop_app.storage.draws.repo import DrawsRepo

        return DrawsRepo(self.ctx.db)

    def _build_layout(self) -> None:
        top = self.toolbar(
            [("新建抽取", self.new_draw), ("重新抽取", self.redraw), ("核验", self.verify)],
            after=[("抽查规则", self.edit_rules)],
        )
        filters = self.filter_bar((QLabel("年度:"), 0), (self.year, 1), (self.search, 4))
        draws = self.box(top, filters, self.view, self.count, stretch_of=self.view)
        splitter = self.split(draws, self.detail, "drawsSplitter")
        splitter.setStretchFactor(0, 2)  # a year holds few draws; the chosen one needs room
        splitter.setStretchFactor(1, 3)
        first = self.box(splitter, self.figures, stretch_of=splitter)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("drawTabs")
        self.tabs.addTab(first, "抽取记录")
        self.tabs.addTab(self.targets, "检查对象名录库")
        self.tabs.addTab(self.matters, "抽查事项清单")
        self.tabs.addTab(self.inspectors, "执法检查人员")
        self.stack(self.tabs, stretch_of=self.tabs)

    # -- querying --------------------------------------------------------------------------
    def figures_year(self) -> int:
        """The year of the figures line (the chosen one, else this year)."""
        return self.year.currentData() or self.ctx.today().year

    def reload_choices(self) -> None:
        """The years with draws (and this year); at first the latest with draws."""
        fill_years(self.year, queries.draw_years(self.ctx.conn), self.ctx.today().year)

    def apply_filter(self) -> None:
        """Re-query the draws, the figures line and the other tabs."""
        flt = queries.DrawFilter(year=self.year.currentData() or None, text=self.search.text())
        self.draws.set_query(queries.draw_query(self.ctx.conn, flt))
        self.count.setText(f"共 {self.draws.rowCount()} 次抽取(灰色为已被重新抽取取代的记录)")
        self.figures.setText(queries.year_figures(self.ctx.conn, self.figures_year()).text())
        for tab in (self.targets, self.matters, self.inspectors):
            tab.refresh()

    # -- draws -------------------------------------------------------------------------------
    def _chosen(self) -> int | None:
        draw_id = self.selected_id()
        if draw_id is None:
            self.inform("请先在列表中选择一次抽取。")
        return draw_id

    def show_record(self) -> None:
        """Double-click: the record tab of the detail pane."""
        self.detail.tabs.setCurrentIndex(0)

    def new_draw(self) -> None:
        """新建抽取: plan, witness, seed, draw."""
        from desktop_app.ui.draws.plan_dialog import run_plan_dialog

        self.add(lambda: run_plan_dialog(self.ctx, self.repo, self), then=self._show_year_of)

    def _show_year_of(self, draw_id: int) -> None:
        self.show_year(self.year, queries.get_draw(self.ctx.conn, draw_id).plan.year)

    def redraw(self) -> None:
        """重新抽取: a new record replacing the chosen draw (which is kept)."""
        from desktop_app.ui.draws.plan_dialog import run_plan_dialog

        draw_id = self._chosen()
        if draw_id is None:
            return
        record = self.guard(lambda: queries.require_redrawable(self.ctx.conn, draw_id))
        if record is None:
            return
        self.add(
            lambda: run_plan_dialog(self.ctx, self.repo, self, plan=record.plan, redraw_of=draw_id),
            then=self._show_year_of,
        )

    def verify(self) -> None:
        """核验: recompute the chosen record from its seed, snapshots and plan."""
        draw_id = self._chosen()
        if draw_id is None:
            return
        problems = queries.verify_draw(self.ctx.conn, draw_id)
        if problems:
            messages.warn(
                self, "核验", f"第 {draw_id} 号抽取记录核对不一致:\n" + "\n".join(problems)
            )
        else:
            record = queries.get_draw(self.ctx.conn, draw_id)
            self.inform(
                f"第 {draw_id} 号抽取记录核对一致:按记录的随机种子 {record.seed}、"
                "名单快照和方案重新计算,结果与记录相同,各哈希值无改动。"
            )

    def show_target_history(self, target_id: int) -> None:
        """A target's draws and results in a message."""
        messages.inform(self, "检查历史", history_html(self, target_id).replace("<br>", "\n"))

    def edit_rules(self) -> None:
        """抽查规则: the least certified members per team."""
        from desktop_app.ui.dialogs import rules as rules_dialog

        self.succeeded(lambda: rules_dialog.edit_settings(self, self.ctx.db, ("draws",)))

    # -- exports ------------------------------------------------------------------------------
    def _document(self, name: str, *args: object) -> None:
        from desktop_app.ui.draws import document_dialogs

        dialog = self.guard(lambda: getattr(document_dialogs, name)(self, self.ctx, *args))
        if dialog is not None:
            dialog.exec()

    def export_record(self) -> None:
        """抽取记录 of the chosen draw: preview, PDF, Word, print."""
        draw_id = self._chosen()
        if draw_id is not None:
            self._document("record_dialog", draw_id)

    def export_notice(self) -> None:
        """检查任务通知 of the chosen draw (in force): texts, preview, PDF, Word, print."""
        draw_id = self._chosen()
        if draw_id is None:
            return
        if self.guard(lambda: queries.require_current(self.ctx.conn, draw_id)) is not None:
            self._document("notice_dialog", draw_id)

    def export_publicity(self) -> None:
        """结果公示 of the chosen year: the Excel list, or the document (PDF, Word, print)."""
        year = self.figures_year()
        kind = messages.choose(
            self, "结果公示", f"{year}年抽查结果公示:请选择导出方式。", [EXCEL, DOCUMENT]
        )
        if kind == EXCEL:
            self.export("draw-publicity", {"year": year}, f"双随机抽查结果公示_{year}年")
        elif kind == DOCUMENT:
            self._document("publicity_dialog", year)
