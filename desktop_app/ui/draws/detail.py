"""The chosen draw: its targets with teams and results, the record's facts, its exclusions."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from desktop_app.domain.draws import draw_figures, quota_text
from desktop_app.formats.draws.documents import grouped, moment_text, rules_text, scope_text
from desktop_app.storage.draws import queries
from desktop_app.ui.draws import dialogs
from desktop_app.ui.draws.columns import (
    ASSIGNMENT_COLUMNS,
    EXCLUSION_COLUMNS,
    assignment_colour,
)
from desktop_app.ui.register_page import DetailPane
from desktop_app.ui.table_model import SqlTableModel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop_app.context import AppContext
    from desktop_app.formats.draws.documents import DrawPaper
    from desktop_app.ui.draws.page import DrawsPage


class DrawDetail(DetailPane):
    """The selected draw's targets (enter results here), its record and its exclusions."""

    shows = frozenset({"draws", "check_results", "check_targets"})

    def __init__(self, ctx: AppContext, page: DrawsPage, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.page = page
        self.title = page.title  # the register's, for its messages
        self.assignments = SqlTableModel(ASSIGNMENT_COLUMNS, assignment_colour, self)
        self.assignment_view = self.table(
            self.assignments, "drawAssignments", open_row=self.enter_result
        )
        self.exclusions = SqlTableModel(EXCLUSION_COLUMNS, parent=self)
        exclusion_view = self.table(self.exclusions, "drawExclusions")
        self.record_view = self.history_view("drawRecord", "请在上方选择一次抽取。")
        left = self.with_buttons(
            self.assignment_view,
            [("录入检查结果", self.enter_result), ("对象检查历史", self.target_history)],
        )
        self.side_by_side(left, (self.record_view, "抽取记录"), (exclusion_view, "排除情况"))
        self.show_record(None)

    def load(self) -> None:
        """Read the shown draw."""
        if self.record_id is None:
            self.assignments.set_query(None)
            self.exclusions.set_query(None)
            self.record_view.clear()
            return
        from desktop_app.exports.draws import load_paper

        conn = self.ctx.conn
        self.assignments.set_query(queries.assignment_query(conn, self.record_id))
        self.exclusions.set_query(queries.exclusion_query(conn, self.record_id))
        self.record_view.setHtml(record_html(load_paper(conn, self.record_id)))

    def selected_target(self) -> int | None:
        """The target of the selected row of the assignments list."""
        ids = self.selected_in("drawAssignments")
        return ids[0] if ids else None

    def enter_result(self) -> None:
        """录入检查结果 for the selected target."""
        target_id = self.selected_target()
        if self.record_id is None or target_id is None:
            self.inform("请先在下方列表中选择一个检查对象。")
            return
        draw_id = self.record_id
        self.guard(lambda: dialogs.edit_result(self, self.page.repo, draw_id, target_id))

    def target_history(self) -> None:
        """Every draw and result of the selected target."""
        target_id = self.selected_target()
        if target_id is not None:
            self.page.show_target_history(target_id)


def record_html(paper: DrawPaper) -> str:
    """The record's facts as the detail tab shows them."""
    record, plan = paper.record, paper.record.plan
    kinds = [t["kind"] for t in paper.targets]
    status = (
        f"<b style='color:#b00020'>已由第 {record.replaced_by} 号重新抽取取代(本记录保留)</b>"
        if record.replaced_by
        else "<b>有效</b>"
    )
    lines = [
        f"<b>第 {record.id} 号 {html.escape(plan.title)}</b>",
        f"状态:{status}",
        f"抽查事项:{html.escape(plan.matter_name or '(未指定)')}",
        f"抽取时间:{moment_text(record.drawn_at)}",
        f"经办人:{html.escape(record.operator)};监督人:{html.escape(record.witness)}",
        f"随机种子:<b>{html.escape(record.seed)}</b>({record.seed_source})",
        f"检查对象范围:{html.escape(scope_text(plan.kinds, plan.industries, plan.areas))}",
        f"检查组要求:{plan.size_text()},持证不少于 {plan.certified_min} 人"
        + (f",{html.escape(quota_text(plan.quotas))}" if plan.quotas else ""),
        f"排除规则:{html.escape(rules_text(paper))}",
        f"名单:检查对象 {record.pool_targets} 家,执法检查人员 {record.pool_inspectors} 人"
        f"(持证 {paper.certified_in_pool} 人)",
        f"结果:{html.escape(draw_figures(plan, record.result, kinds).text())}",
    ]
    if record.redraw_of:
        lines.append(
            f"重新抽取:取代第 {record.redraw_of} 号;原因:{html.escape(record.redraw_reason)}"
        )
    lines += [
        f"检查对象名单哈希:<tt>{grouped(record.targets_hash)}</tt>",
        f"执法检查人员名单哈希:<tt>{grouped(record.inspectors_hash)}</tt>",
        f"本记录封存哈希:<tt>{grouped(record.record_hash)}</tt>",
    ]
    return "<br>".join(lines)
