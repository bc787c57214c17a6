"""The rectification page (整改台账): inspections, problems, measures, progress, sign-off."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.context import AppContext
from desktop_app.domain.errors import UserError
from desktop_app.domain.rectification import STATUSES, Alert, Problem
from desktop_app.lazy import lazy_import
from desktop_app.storage.rectification import queries
from desktop_app.ui import messages, state
from desktop_app.ui.rectification.columns import PROBLEM_COLUMNS, warning_colour
from desktop_app.ui.rectification.detail import ProblemDetail
from desktop_app.ui.style import summary_look
from desktop_app.ui.table_model import SqlTableModel
from desktop_app.ui.widgets import (
    button_row,
    filter_combo,
    guarded,
    make_table,
    search_box,
    select_id,
    selected_id,
    set_choices,
    shortcut,
)

# The edit dialogs load when the clerk first opens one, not with the window.
dialogs = lazy_import("desktop_app.ui.rectification.dialogs")

ALL = "全部巡察"
WARNINGS = (queries.ANY_WARNING, Alert.OVERDUE.value, Alert.STALLED.value, Alert.NEAR.value)


class RectificationPage(QWidget):
    """Everything the clerk does with inspection feedback, on one page."""

    title = "整改台账"

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.inspection = QComboBox()
        self.inspection.setObjectName("inspection")
        self.inspection.setMinimumContentsLength(24)
        # Sized by the layout, not by the longest of possibly hundreds of inspection names.
        self.inspection.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.inspection.currentIndexChanged.connect(lambda _i: self._inspection_changed())
        self.search = search_box("搜索问题、措施、进展、领导、部门…(Ctrl+F)", self.apply_filter)
        self.search.setObjectName("search")
        self.status = filter_combo("全部状态", STATUSES)
        self.department = filter_combo("全部部门")
        self.leader = filter_combo("全部领导")
        self.category = filter_combo("全部类别")
        self.warning = filter_combo("全部预警", WARNINGS)
        for name, combo in (
            ("status", self.status),
            ("department", self.department),
            ("leader", self.leader),
            ("category", self.category),
            ("warning", self.warning),
        ):
            combo.setObjectName(name)
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        summary_look(self.summary)
        self.problems = SqlTableModel(PROBLEM_COLUMNS, warning_colour, self)
        self.problem_view = make_table(self.problems, "problems")
        self.problem_view.doubleClicked.connect(lambda _i: self.edit_problem())
        self.problem_view.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.problems.modelReset.connect(self._selected)
        self.detail = ProblemDetail(ctx, self)
        self.detail.changed.connect(self.refresh_keep_selection)
        self._build_layout()
        self._shortcuts()
        self.reload_inspections()

    # -- layout ----------------------------------------------------------------
    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("巡察:"))
        top.addWidget(self.inspection, 1)
        top.addLayout(
            button_row(
                [
                    ("新建巡察", self.add_inspection),
                    ("编辑巡察", self.edit_inspection),
                    ("删除巡察", self.delete_inspection),
                ]
            )
        )
        top.addLayout(button_row(self.export_actions()))
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for combo in (self.status, self.department, self.leader, self.category, self.warning):
            filters.addWidget(combo, 1)
        filters.addLayout(button_row([("清除筛选", self.clear_filters)]))
        problem_box = QWidget()
        box = QVBoxLayout(problem_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(
            button_row(
                [
                    ("新增问题", self.add_problem),
                    ("编辑问题", self.edit_problem),
                    ("删除问题", self.delete_problem),
                    ("记录进展", self.detail.add_progress),
                    ("问题销号", self.sign_off_problem),
                    ("撤销销号", self.reopen_problem),
                ]
            )
        )
        box.addWidget(self.problem_view)
        box.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("rectificationSplitter")
        splitter.addWidget(problem_box)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

    def _shortcuts(self) -> None:
        shortcut(self, "Ctrl+F", self.search.setFocus)
        shortcut(self, "Ctrl+N", self.add_problem)
        shortcut(self, "F2", self.edit_problem)
        shortcut(self, "Return", self.edit_problem)
        shortcut(self, "Delete", self.delete_problem)
        shortcut(self, "F5", self.refresh_keep_selection)

    # -- filter state ------------------------------------------------------------
    def inspection_id(self) -> int | None:
        """The chosen inspection, None for all."""
        return self.inspection.currentData() or None

    def current_filter(self) -> queries.ProblemFilter:
        """The filter the widgets describe."""
        return queries.ProblemFilter(
            inspection_id=self.inspection_id(),
            text=self.search.text(),
            status=self.status.currentData() or "",
            department=self.department.currentData() or "",
            leader=self.leader.currentData() or "",
            category=self.category.currentData() or "",
            warning=self.warning.currentData() or "",
        )

    def reload_inspections(self, select: int | None = None) -> None:
        """Refill the inspection chooser, keeping or setting the choice."""
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
        self._inspection_changed()

    def _inspection_changed(self) -> None:
        self._reload_choices()
        self.apply_filter()

    def _reload_choices(self) -> None:
        db, insp = self.ctx.conn, self.inspection_id()
        set_choices(self.department, "全部部门", queries.distinct_values(db, "lead_dept", insp))
        set_choices(self.leader, "全部领导", queries.distinct_values(db, "leader", insp))
        set_choices(self.category, "全部类别", queries.distinct_values(db, "category", insp))

    def apply_filter(self) -> None:
        """Re-query the problem list and the summary line in SQL."""
        flt = self.current_filter()
        today, rules = self.ctx.today(), self.ctx.warning_rules()
        counts = queries.summary(self.ctx.conn, flt, today, rules)  # one scan gives the count too
        query = queries.problem_query(self.ctx.conn, flt, today, rules)
        self.problems.set_query(query, count=counts.problems)
        self.summary.setText(counts.text())

    def clear_filters(self) -> None:
        """Show every problem of the chosen inspection."""
        for combo in (self.status, self.department, self.leader, self.category, self.warning):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.clear()
        self.apply_filter()

    def refresh_all(self) -> None:
        """Re-read everything (after a restore or a settings change)."""
        self.reload_inspections()

    def refresh_keep_selection(self) -> None:
        """Re-query after a change and keep the selected problem selected."""
        keep = self.selected_problem()
        self._reload_choices()
        self.apply_filter()
        if keep is not None:
            self.select_problem(keep)

    def select_problem(self, problem_id: int) -> None:
        """Select a problem if it is in the list's loaded pages."""
        select_id(self.problem_view, problem_id)

    def selected_problem(self) -> int | None:
        """Id of the selected problem."""
        return selected_id(self.problem_view)

    def _selected(self) -> None:
        self.detail.show_problem(self.selected_problem())

    # -- actions ---------------------------------------------------------------
    def _guard(self, action) -> Any:
        return guarded(self, self.title, action)

    def add_inspection(self) -> None:
        """新建巡察."""
        months = int(self.ctx.settings.get("rectification.report_due_months"))
        new_id = self._guard(
            lambda: dialogs.edit_inspection(self, self.ctx.rectification, None, months)
        )
        if new_id:
            self.reload_inspections(select=new_id)

    def edit_inspection(self) -> None:
        """Edit the chosen inspection."""
        insp_id = self.inspection_id()
        if not insp_id:
            messages.inform(self, self.title, "请先在“巡察”下拉框中选择一个巡察。")
            return
        repo = self.ctx.rectification
        months = int(self.ctx.settings.get("rectification.report_due_months"))
        if self._guard(
            lambda: dialogs.edit_inspection(self, repo, repo.get_inspection(insp_id), months)
        ):
            self.reload_inspections(select=insp_id)

    def delete_inspection(self) -> None:
        """Delete the chosen inspection; its problems only after an explicit second confirm."""
        insp_id = self.inspection_id()
        if not insp_id:
            return
        repo = self.ctx.rectification
        insp = repo.get_inspection(insp_id)
        problems, measures = repo.inspection_size(insp_id)
        text = f"确定删除巡察“{insp.name}”吗?"
        if problems:
            text += (
                f"\n\n其下有 {problems} 个问题、{measures} 项措施及其进展和佐证材料,将一并删除。"
            )
        text += "\n删除前建议先备份(文件 → 备份数据库)。"
        if messages.confirm_destructive(self, "删除巡察", text, "删除"):
            self._guard(lambda: repo.delete_inspection(insp_id, with_problems=True))
            self.reload_inspections(select=0)

    def add_problem(self) -> None:
        """新增问题 under the chosen inspection."""
        insp_id = self.inspection_id()
        if not insp_id:
            messages.inform(self, self.title, "请先选择(或新建)一个巡察,再新增问题。")
            return
        problem = Problem(description="", inspection_id=insp_id)
        categories = queries.distinct_values(self.ctx.conn, "category", insp_id)
        new_id = self._guard(
            lambda: dialogs.edit_problem(self, self.ctx.rectification, problem, categories)
        )
        if new_id:
            self.refresh_keep_selection()
            self.select_problem(new_id)

    def edit_problem(self) -> None:
        """Edit the selected problem."""
        problem_id = self.selected_problem()
        if problem_id is None:
            return
        repo = self.ctx.rectification
        problem = repo.get_problem(problem_id)
        categories = queries.distinct_values(self.ctx.conn, "category", problem.inspection_id)
        if self._guard(
            lambda: (
                repo.check_editable(problem_id)
                or dialogs.edit_problem(self, repo, problem, categories)
            )
        ):
            self.refresh_keep_selection()

    def delete_problem(self) -> None:
        """Delete the selected problem after confirmation."""
        problem_id = self.selected_problem()
        if problem_id is None:
            return
        if messages.ask(self, "删除问题", "确定删除所选问题及其全部整改措施、进展和佐证材料吗?"):
            self._guard(lambda: self.ctx.rectification.delete_problem(problem_id))
            self.refresh_keep_selection()

    def sign_off_problem(self) -> None:
        """销号 the selected problem."""
        problem_id = self.selected_problem()
        if problem_id is not None and self._guard(
            lambda: dialogs.sign_off(self, self.ctx.rectification, "problem", problem_id)
        ):
            self.refresh_keep_selection()

    def reopen_problem(self) -> None:
        """撤销销号 of the selected problem."""
        problem_id = self.selected_problem()
        if problem_id is not None and self._guard(
            lambda: dialogs.reopen(self, self.ctx.rectification, "problem", problem_id)
        ):
            self.refresh_keep_selection()

    # -- exports -----------------------------------------------------------------
    def export_actions(self) -> list[tuple[str, object]]:
        """The export buttons of this page (the 导出 menu lists the same, see PAGES)."""
        return [
            ("导出台账", self.export_ledger),
            ("导出报告", self.open_report),
            ("打印报告", self.print_report),
        ]

    def export_ledger(self) -> None:
        """Choose scope and period, then write the ledger in the background."""
        from desktop_app.ui.dialogs.form import FormDialog

        insp_id = self.inspection_id()
        form = FormDialog("导出整改台账", self)
        scopes = ["当前巡察", "全部巡察"] if insp_id else ["全部巡察"]
        form.add_choice("scope", "导出范围", scopes)
        form.add_date("since", "本期起始日期")
        form.show_note("填写“本期起始日期”即生成每周进展台账:此后有新进展的行将突出显示。")
        chosen: dict = {}

        def save() -> None:
            chosen["since"] = form.date("since")
            chosen["inspection"] = insp_id if form.text("scope") == "当前巡察" else None

        form.save = save
        if not form.exec():
            return
        from desktop_app.ui.exporting import run_export

        name = self.inspection.currentText().split("(")[0] if chosen["inspection"] else "全部巡察"
        suggested = f"{name}整改台账{self.ctx.today():%Y%m%d}"
        run_export(self, self.ctx, "rectification-ledger", chosen, suggested)

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

        try:
            return ReportDialog(self.ctx, self.inspection_id(), self)
        except UserError as exc:
            messages.warn(self, self.title, str(exc))
            return None

    def save_state(self) -> None:
        """Remember column widths."""
        state.save_columns("problems", self.problem_view)
        state.save_columns("measures", self.detail.measure_view)
