"""The lower half of the rectification page: measures, progress history and evidence."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import cast

from desktop_app.context import AppContext
from desktop_app.domain.errors import UserError
from desktop_app.domain.rectification import Measure
from desktop_app.lazy import lazy_import
from desktop_app.paths import documents_dir, evidence_cache_dir
from desktop_app.storage.rectification import queries
from desktop_app.storage.rectification.viewing_cache import session_cache
from desktop_app.ui import messages, state
from desktop_app.ui.rectification.columns import (
    MEASURE_COLUMNS,
    warning_colour,
)
from desktop_app.ui.rectification.history import extra_history
from desktop_app.ui.register_page import Buttons, DetailPane
from desktop_app.ui.table_model import SqlTableModel
from desktop_app.ui.widgets import selected_id

# The edit dialogs load when the clerk first opens one, not with the window.
dialogs = lazy_import("desktop_app.ui.rectification.dialogs")


class ProblemDetail(DetailPane):
    """Measures of the selected problem, its progress history and evidence files."""

    title = "整改台账"
    shows = frozenset({"problems", "measures", "progress", "evidence", "settings"})
    shows |= {"escalations", "problem_repeats", "recheck_items"}  # 督办, 屡查屡犯, 回头看

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.measures = SqlTableModel(MEASURE_COLUMNS, warning_colour, self)
        self.measure_view = self.table(self.measures, "measures", open_row=self.edit_measure)
        measure_actions: Buttons = [
            ("新增措施", self.add_measure),
            ("编辑措施", self.edit_measure),
            ("删除措施", partial(self.measure_action, "delete")),
            ("措施销号", partial(self.measure_action, "sign_off")),
            ("撤销措施销号", partial(self.measure_action, "reopen")),
        ]
        self.history = self.history_view("history", "请在上方选择一个问题。")
        self.evidence = self.item_list("evidence", self.open_evidence)
        evidence_actions = [
            ("添加佐证材料", self.add_evidence),
            ("打开", self.open_evidence),
            ("另存为", self.save_evidence_as),
            ("删除材料", self.delete_evidence),
        ]
        self.arrange(
            (self.measure_view, measure_actions),
            (self.history, "详情与整改进展"),
            (self.evidence, evidence_actions, "佐证材料"),
        )

    @property
    def problem_id(self) -> int | None:
        """The shown problem."""
        return self.record_id

    show_problem = DetailPane.show_record

    # -- showing -------------------------------------------------------------
    def load(self) -> None:
        """The measures, history and evidence of the shown problem."""
        problem_id = self.problem_id
        rules = self.ctx.warning_rules()
        query = (
            queries.measure_query(self.ctx.conn, problem_id, self.ctx.today(), rules)
            if problem_id
            else None
        )
        self.measures.set_query(query)
        self._show_history()
        self._show_evidence()

    def _show_history(self) -> None:
        if self.problem_id is None:
            self.history.clear()  # shows the placeholder
            return
        import html  # here: with no problem chosen at start, the window need not load it

        problem = queries.get_problem(self.ctx.conn, self.problem_id)
        labels = {m.id: f"措施{m.seq}" for m in problem.measures}
        parts = [
            f"<h3>{html.escape(problem.description)}</h3>",
            f"<p>状态:<b>{problem.status.value}</b>",
        ]
        if problem.completion_date:
            parts.append(f" 完成时间:{problem.completion_date}")
        if problem.signoff:
            s = problem.signoff
            parts.append(f" 已于 {s.date} 由 {html.escape(s.by)} 销号 {html.escape(s.remark)}")
        parts.append("</p><h4>整改进展</h4>")
        entries = queries.progress_of(self.ctx.conn, self.problem_id)
        if not entries:
            parts.append("<p style='color:#777'>尚无进展记录。</p>")
        for e in entries:
            target = labels.get(e.measure_id, "问题")
            text = html.escape(e.text).replace("\n", "<br>")
            who = html.escape(e.author)
            parts.append(f"<p><b>{e.date}</b> [{target}] {who}<br>{text}</p>")
        parts.append(extra_history(self.ctx.conn, self.problem_id, labels))
        self.history.setHtml("".join(parts))

    def _show_evidence(self) -> None:
        rows = queries.evidence_of(self.ctx.conn, self.problem_id) if self.problem_id else []
        self.fill_items(
            self.evidence,
            (
                (f"{r['file_name']}  ({r['size'] / 1024:.0f} KB,{r['added_at'][:10]})", r["id"])
                for r in rows
            ),
        )

    # -- measures ------------------------------------------------------------
    def selected_measure(self) -> int | None:
        """Id of the selected measure."""
        return selected_id(self.measure_view)

    def measures_list(self) -> list[Measure]:
        """Measures of the shown problem."""
        return queries.measures_of(self.ctx.conn, self.problem_id) if self.problem_id else []

    def add_measure(self) -> None:
        """新增措施 under the shown problem."""
        if self.problem_id is None:
            return
        measure = Measure(content="", problem_id=self.problem_id)
        self.guard(lambda: dialogs.edit_measure(self, self.ctx.rectification, measure))

    def edit_measure(self) -> None:
        """Edit the selected measure."""
        measure_id, repo = self.selected_measure(), self.ctx.rectification
        if measure_id is not None:
            self.guard(lambda: dialogs.edit_measure(self, repo, repo.get_measure(measure_id)))

    def measure_action(self, action: str) -> None:
        """``delete``, ``sign_off`` (销号) or ``reopen`` (撤销销号) the selected measure."""
        dialogs.act_on_item(self, "measure", self.selected_measure(), action)

    def add_progress(self) -> None:
        """Record progress on the shown problem or a measure."""
        if self.problem_id is None:
            return
        problem_id, measures = self.problem_id, self.measures_list()
        self.guard(lambda: dialogs.add_progress(self, self.ctx.rectification, problem_id, measures))

    # -- evidence --------------------------------------------------------------
    def _selected_evidence(self) -> int | None:
        return self.current_item_id(self.evidence)

    def add_evidence(self) -> None:
        """Attach files (copied into the database)."""
        from PySide6.QtWidgets import QFileDialog

        if self.problem_id is None:
            return
        try:
            self.ctx.rectification.check_editable(self.problem_id)
        except UserError as exc:
            messages.warn(self, "佐证材料", str(exc))
            return
        folder = state.last_folder("evidence", documents_dir())
        files, _ = QFileDialog.getOpenFileNames(self, "选择佐证材料", str(folder))
        if not files:
            return
        state.remember_folder("evidence", files[0])
        problem_id, measure_id = cast(int, self.problem_id), self.selected_measure()
        repo = self.ctx.rectification
        self.guard(lambda: [repo.evidence.add(problem_id, measure_id, Path(f)) for f in files])

    def _extract(self) -> Path | None:
        evidence_id = self._selected_evidence()
        if evidence_id is None:
            return None
        folder = session_cache(evidence_cache_dir()).folder_for(evidence_id)  # this window's
        return self.ctx.rectification.evidence.extract(evidence_id, folder)  # a safe name

    def open_evidence(self) -> None:
        """Open the selected evidence with the system viewer."""
        path = self.guard(self._extract)
        if path and not messages.open_with_system(path):
            messages.inform(self, "佐证材料", f"没有可打开此文件的程序。文件位于:\n{path}")

    def save_evidence_as(self) -> None:
        """Save a copy of the selected evidence file."""
        from PySide6.QtWidgets import QFileDialog

        evidence_id = self._selected_evidence()
        if evidence_id is None:
            return
        evidence = self.ctx.rectification.evidence
        name = self.guard(lambda: evidence.file_name(evidence_id))
        if name is None:
            return
        start = state.last_folder("evidence-save", documents_dir()) / name
        target, _ = QFileDialog.getSaveFileName(self, "另存佐证材料", str(start))
        if target:
            state.remember_folder("evidence-save", target)
            self.guard(lambda: evidence.save_to(evidence_id, Path(target)))

    def delete_evidence(self) -> None:
        """Remove the selected evidence file after confirmation."""
        evidence_id = self._selected_evidence()
        if evidence_id is not None:
            repo = self.ctx.rectification
            question = "确定删除所选佐证材料吗?"
            self.confirmed("删除佐证材料", question, lambda: repo.evidence.delete(evidence_id))
