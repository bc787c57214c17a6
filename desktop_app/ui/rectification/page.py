"""The rectification page (整改台账): inspections, problems, measures, progress, sign-off."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QComboBox, QLabel

from desktop_app.context import AppContext
from desktop_app.domain.errors import UserError
from desktop_app.domain.rectification import STATUSES, Alert, Problem
from desktop_app.domain.repeats import REPEAT_FILTERS
from desktop_app.lazy import lazy_import
from desktop_app.storage.rectification import queries
from desktop_app.ui import messages
from desktop_app.ui.list_actions import show_column
from desktop_app.ui.rectification.columns import PROBLEM_COLUMNS, warning_colour
from desktop_app.ui.rectification.detail import ProblemDetail
from desktop_app.ui.register_page import RegisterPage
from desktop_app.ui.table_model import SqlTableModel
from desktop_app.ui.widgets import button_row, filter_combo, guarded, row_of, set_choices, shortcut

# The edit dialogs load when the clerk first opens one, not with the window.
dialogs = lazy_import("desktop_app.ui.rectification.dialogs")

ALL = "全部巡察"
WARNINGS = (queries.ANY_WARNING, Alert.OVERDUE.value, Alert.STALLED.value, Alert.NEAR.value)


class RectificationPage(RegisterPage):
    """Everything the clerk does with inspection feedback, on one page."""

    register_key = "rectification"
    also_shows = frozenset({"settings"})  # the warning days
    list_key = "problems"
    detail: ProblemDetail

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.inspection = QComboBox()
        self.inspection.setObjectName("inspection")
        self.inspection.setMinimumContentsLength(24)
        # Sized by the layout, not by the longest of possibly hundreds of inspection names.
        self.inspection.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.inspection.currentIndexChanged.connect(lambda _i: self._inspection_changed())
        self.make_search("搜索问题、措施、进展、领导、部门…(Ctrl+F)")
        self.status = self.add_filter("status", filter_combo("全部状态", (queries.OPEN, *STATUSES)))
        self.department = self.add_filter("department", filter_combo("全部部门"))
        self.leader = self.add_filter("leader", filter_combo("全部领导"))
        self.category = self.add_filter("category", filter_combo("全部类别"))
        self.warning = self.add_filter("warning", filter_combo("全部预警", WARNINGS))
        self.repeat = self.add_filter("repeat", filter_combo("屡查屡犯:不限", REPEAT_FILTERS))
        self.summary = self.make_summary()
        self.problems = SqlTableModel(PROBLEM_COLUMNS, warning_colour, self)
        self.problem_view = self.make_list(self.problems, open_row=self.edit_problem)
        self.detail = ProblemDetail(ctx, self)
        self._build_layout()
        shortcut(self, "Ctrl+N", self.add_problem)
        shortcut(self, "F2", self.edit_problem)
        shortcut(self, "Return", self.edit_problem)
        shortcut(self, "Delete", partial(self.problem_action, "delete"))
        self.reload_inspections()

    def _build_layout(self) -> None:
        inspections = [
            ("新建巡察", self.add_inspection),
            ("编辑巡察", self.edit_inspection),
            ("删除巡察", self.delete_inspection),
        ]
        top = row_of(
            QLabel("巡察:"),
            (self.inspection, 1),
            button_row(inspections),
            button_row(self.export_buttons()),
        )
        filters = self.filter_bar((self.search, 3), *((c, 1) for c in self.filters.values()))
        actions = button_row(
            [
                ("新增问题", self.add_problem),
                ("编辑问题", self.edit_problem),
                ("删除问题", partial(self.problem_action, "delete")),
                ("记录进展", self.detail.add_progress),
                ("问题销号", partial(self.problem_action, "sign_off")),
                ("撤销销号", partial(self.problem_action, "reopen")),
                ("督办…", self.escalate),
                ("屡查屡犯…", self.show_repeats),
                ("回头看…", self.open_rechecks),
            ]
        )
        problems = self.box(actions, self.problem_view, self.summary)
        splitter = self.split(problems, self.detail, "rectificationSplitter")
        self.stack(top, filters, splitter, stretch_of=splitter)

    # -- filter state ------------------------------------------------------------
    def inspection_id(self) -> int | None:
        """The chosen inspection, None for all."""
        return self.inspection.currentData() or None

    def current_filter(self) -> queries.ProblemFilter:
        """The filter the widgets describe."""
        values = {name: combo.currentData() or "" for name, combo in self.filters.items()}
        return queries.ProblemFilter(
            inspection_id=self.inspection_id(), text=self.search.text(), **values
        )

    def _fill_inspections(self, select: int | None = None) -> None:
        """Refill the inspection chooser, keeping or setting the choice (no re-query)."""
        current = select if select is not None else self.inspection.currentData()
        self.inspection.blockSignals(True)
        self.inspection.clear()
        self.inspection.addItem(ALL, 0)
        for insp in queries.list_inspections(self.ctx.conn):
            label = f"{insp.name}({insp.kind}"
            label += f",{insp.feedback_date}反馈)" if insp.feedback_date else ")"
            self.inspection.addItem(label, insp.id)
        index = self.inspection.findData(current) if current else -1
        if index < 0 and self.inspection.count() > 1 and select is None and current is None:
            index = 1
        self.inspection.setCurrentIndex(max(index, 0))
        self.inspection.blockSignals(False)

    def reload_inspections(self, select: int | None = None) -> None:
        """Refill the inspection chooser, keeping or setting the choice, and re-query."""
        self._fill_inspections(select)
        self._inspection_changed()

    def _inspection_changed(self) -> None:
        self._reload_values()
        self.apply_filter()

    def _reload_values(self) -> None:
        """The chosen inspection's departments, leaders and categories, and its columns."""
        db, insp = self.ctx.conn, self.inspection_id()
        set_choices(self.department, "全部部门", queries.distinct_values(db, "lead_dept", insp))
        set_choices(self.leader, "全部领导", queries.distinct_values(db, "leader", insp))
        set_choices(self.category, "全部类别", queries.distinct_values(db, "category", insp))
        show_column(self.problem_view, "inspection", insp is None)  # 所属巡察 in 全部巡察

    def reload_choices(self) -> None:
        """The inspections and the departments, leaders and categories of the chosen one."""
        self._fill_inspections()
        self._reload_values()

    def apply_filter(self) -> None:
        """Re-query the problem list and the summary line in SQL."""
        flt = self.current_filter()
        today, rules = self.ctx.today(), self.ctx.warning_rules()
        counts = queries.summary(self.ctx.conn, flt, today, rules)  # one scan gives the count too
        query = queries.problem_query(self.ctx.conn, flt, today, rules)
        self.problems.set_query(query, count=counts.problems)
        self.summary.setText(counts.text())

    selected_problem = RegisterPage.selected_id
    select_problem = RegisterPage.select_id

    # -- actions ---------------------------------------------------------------
    def _due_months(self) -> int:
        return int(self.ctx.settings.get("rectification.report_due_months"))

    def add_inspection(self) -> None:
        """新建巡察; the new inspection is chosen."""
        months = self._due_months()
        self.guard(
            lambda: dialogs.edit_inspection(self, self.ctx.rectification, None, months),
            then=lambda new_id: self._fill_inspections(select=new_id),
        )

    def edit_inspection(self) -> None:
        """Edit the chosen inspection."""
        insp_id = self.inspection_id()
        if not insp_id:
            self.inform("请先在“巡察”下拉框中选择一个巡察。")
            return
        repo, months = self.ctx.rectification, self._due_months()
        self.guard(
            lambda: dialogs.edit_inspection(self, repo, repo.get_inspection(insp_id), months)
        )

    def delete_inspection(self) -> None:
        """Delete the chosen inspection; its problems only after an explicit second confirm."""
        insp_id = self.inspection_id()
        if not insp_id:
            return
        repo = self.ctx.rectification
        insp = repo.get_inspection(insp_id)
        from desktop_app.storage.rectification.signoff import check_inspection_deletable

        signed = partial(check_inspection_deletable, self.ctx.conn, insp_id, insp.name)
        if not self.succeeded(signed):  # signed-off items: refused before any question
            return
        problems, measures = repo.inspection_size(insp_id)
        text = f"确定删除巡察“{insp.name}”吗?"
        if problems:
            text += (
                f"\n\n其下有 {problems} 个问题、{measures} 项措施及其进展和佐证材料,将一并删除。"
            )
        text += "\n删除前建议先备份(文件 → 备份数据库)。"
        if messages.confirm_destructive(self, "删除巡察", text, "删除"):
            self.guard(lambda: repo.delete_inspection(insp_id, with_problems=True))

    def add_problem(self) -> None:
        """新增问题 under the chosen inspection."""
        insp_id = self.inspection_id()
        if not insp_id:
            self.inform("请先选择(或新建)一个巡察,再新增问题。")
            return
        problem = Problem(description="", inspection_id=insp_id)
        categories = queries.distinct_values(self.ctx.conn, "category", insp_id)
        new_id = self.add(
            lambda: dialogs.edit_problem(self, self.ctx.rectification, problem, categories)
        )
        if new_id:  # 屡查屡犯: does it resemble a problem of an earlier inspection?
            from desktop_app.ui.rectification.repeats_dialog import flag_new

            flag_new(self, self.ctx, [new_id])

    def edit_problem(self) -> None:
        """Edit the selected problem."""
        problem_id = self.selected_id()
        if problem_id is None:
            return
        repo = self.ctx.rectification
        problem = repo.get_problem(problem_id)
        categories = queries.distinct_values(self.ctx.conn, "category", problem.inspection_id)
        self.guard(lambda: dialogs.edit_problem(self, repo, problem, categories))

    def problem_action(self, action: str) -> None:
        """``delete``, ``sign_off`` (销号) or ``reopen`` (撤销销号) the selected problem."""
        dialogs.act_on_item(self, "problem", self.selected_id(), action)

    # -- 督办, 屡查屡犯, 回头看 -----------------------------------------------------------
    def escalate(self) -> None:
        """督办…: the late items of the selected problem, else of the chosen inspection."""
        from desktop_app.ui.rectification.escalation_dialog import open_escalation

        chosen = self.selected_id()
        ids = [chosen] if chosen is not None else []
        open_escalation(self, self.ctx, problem_ids=ids, inspection_id=self.inspection_id())

    def show_repeats(self) -> None:
        """屡查屡犯…: the flags of the chosen inspection (all when none is chosen)."""
        from desktop_app.ui.rectification.repeats_dialog import open_repeats

        open_repeats(self, self.ctx, self.inspection_id())

    def open_rechecks(self) -> None:
        """回头看…: re-check rounds over signed-off problems."""
        from desktop_app.ui.rectification.recheck_dialog import open_rechecks

        open_rechecks(self, self.ctx)

    # -- exports -----------------------------------------------------------------
    def export_ledger(self) -> None:
        """Choose scope and period, then write the ledger in the background."""
        from desktop_app.ui.dialogs.form import FormDialog

        insp_id = self.inspection_id()
        form = FormDialog("导出整改台账", self)
        scopes = ["当前巡察", "全部巡察"] if insp_id else ["全部巡察"]
        form.add_choice("scope", "导出范围", scopes)
        form.add_date("since", "本期起始日期")
        form.add_check("changed-only", "只列出本期有变化的行")
        form.add_check("merge", "同一问题的序号、类别、描述合并为一格")
        form.show_note(
            "填写“本期起始日期”即生成每周进展台账:此后的每项进展、完成、销号、撤销销号、"
            "调整时限和新增都逐条列出并突出显示。合并单元格便于阅读,不合并时便于筛选。"
        )
        chosen: dict = {}

        def save() -> None:
            chosen["since"] = form.date("since")
            chosen["inspection"] = insp_id if form.text("scope") == "当前巡察" else None
            chosen["merge"] = form.value("merge")
            chosen["changed-only"] = form.value("changed-only")
            if chosen["changed-only"] and chosen["since"] is None:
                raise UserError("只列出本期有变化的行时,请填写本期起始日期")

        form.save = save
        if not form.exec():
            return
        name = self.inspection.currentText().split("(")[0] if chosen["inspection"] else "全部巡察"
        self.export("rectification-ledger", chosen, f"{name}整改台账{self.ctx.today():%Y%m%d}")

    def open_report(self) -> None:
        """The report's texts and preview; export or print from there."""
        dialog = self._report_dialog()
        if dialog:
            dialog.exec()

    def print_report(self) -> None:
        """Generate the report with its kept texts and open the print preview."""
        dialog = self._report_dialog()
        if dialog:
            dialog.print_report()
            dialog.exec()

    def _report_dialog(self):
        """The report dialog for the chosen inspection (None, after a message, if there is
        nothing to report). Imported here: it brings in QtPdf and the PDF engine."""
        from desktop_app.ui.rectification.report_dialog import ReportDialog

        return guarded(self, self.title, lambda: ReportDialog(self.ctx, self.inspection_id(), self))
