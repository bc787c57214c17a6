"""Dialogs for inspections, problems, measures, progress, evidence and sign-off."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QWidget

from desktop_app.domain.dates import add_months
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.rectification import (
    COMPLETION_WAYS,
    INSPECTION_KINDS,
    STATUSES,
    Inspection,
    Measure,
    Problem,
    ProgressEntry,
    SignOff,
    Status,
    deadline_warning,
)
from desktop_app.storage.audit import os_user
from desktop_app.storage.rectification.repo import RectificationRepo
from desktop_app.ui import messages
from desktop_app.ui.dialogs.form import FormDialog

if TYPE_CHECKING:
    from desktop_app.ui.clerk_widget import ClerkWidget

QUICK_WAYS = ("即知即改", "立行立改")


def _store(repo: RectificationRepo, kind: str, record: Inspection | Problem | Measure) -> None:
    """Add a new record or save an edited one (``kind``: inspection, problem or measure)."""
    getattr(repo, f"{'update' if record.id else 'add'}_{kind}")(record)


def edit_inspection(
    parent: QWidget, repo: RectificationRepo, insp: Inspection | None, due_months: int = 2
) -> int | None:
    """Add or edit an inspection; returns its id when saved."""
    insp = insp or Inspection(name="")
    form = FormDialog("编辑巡察" if insp.id else "新建巡察", parent)
    form.add_text("name", "巡察名称", insp.name, required=True)
    form.add_choice("kind", "类型", INSPECTION_KINDS, insp.kind)
    form.add_text("body", "巡察(检查)机构", insp.body).setPlaceholderText("如 市委巡察五组")
    form.add_date("onsite_start", "进驻开始日期", insp.onsite_start)
    form.add_date("onsite_end", "进驻结束日期", insp.onsite_end)
    form.add_date("feedback_date", "反馈日期", insp.feedback_date)
    form.add_text("plan_doc_no", "整改方案文号", insp.plan_doc_no).setPlaceholderText(
        "如 通科党〔2022〕16号"
    )
    form.add_date("report_due", "整改报告截止日期", insp.report_due)
    form.add_multiline("notes", "备注", insp.notes, lines=3)
    form.show_note(f"整改报告截止日期不填时,按反馈日期后 {due_months} 个月计算。")

    def save() -> None:
        form.read_into(insp)
        if insp.report_due is None and insp.feedback_date:
            insp.report_due = add_months(insp.feedback_date, due_months)
        _store(repo, "inspection", insp)

    return insp.id if form.run(save) else None


def _item_form(
    form: FormDialog, item: Problem | Measure, derived: bool, categories: list[str]
) -> None:
    """Fields shared by problems and measures."""
    if isinstance(item, Problem):
        form.add_choice("category", "问题类别", ["", *categories], item.category, editable=True)
        form.add_multiline("description", "问题描述", item.description, required=True)
    else:
        form.add_multiline("content", "整改措施", item.content, required=True)
    form.add_number("seq", "序号", item.seq, 0, 100000).setSpecialValueText("自动")
    form.add_text("leader", "责任领导", item.leader)
    form.add_text("lead_dept", "牵头部门", item.lead_dept)
    form.add_text("resp_depts", "责任部门", item.resp_depts).setPlaceholderText(
        "多个部门用“、”分隔"
    )
    form.add_date("deadline", "整改时限", item.deadline)
    status = form.add_choice("status", "状态", STATUSES, item.status.value)
    completed = form.add_date("completion_date", "完成时间", item.completion_date)
    way = form.add_choice("completion_way", "完成方式", ["", *COMPLETION_WAYS], item.completion_way)
    if derived:
        status.setEnabled(False)
        completed.setEnabled(False)
        form.show_note("该问题已细化为整改措施,状态和完成时间由各项措施自动得出。")

    def quick_way(text: str) -> None:
        if text in QUICK_WAYS and status.isEnabled():
            status.setCurrentText(Status.COMPLETED.value)
            if not completed.text().strip():
                completed.setText(date.today().isoformat())

    way.currentTextChanged.connect(quick_way)


def _read_item(form: FormDialog, item: Problem | Measure, derived: bool) -> None:
    own = ("category", "description") if isinstance(item, Problem) else ("content",)
    shared = ("seq", "leader", "lead_dept", "resp_depts", "deadline", "completion_way")
    form.read_into(item, *own, *shared)
    if not derived:
        item.status = Status(form.text("status"))
        item.completion_date = form.date("completion_date")


def _edit_item(
    parent: QWidget,
    repo: RectificationRepo,
    item: Problem | Measure,
    inspection_id: int | None,
    *,
    derived: bool = False,
    categories: list[str] | None = None,
) -> int | None:
    """The one dialog of a problem or a measure; asks before saving an unusual deadline."""
    if isinstance(item, Problem):
        if item.id:
            repo.check_editable(item.id)  # a signed-off item is refused before the form opens
    else:
        repo.check_editable(cast(int, item.problem_id), item.id)  # a measure has its problem
    what = "问题" if isinstance(item, Problem) else "整改措施"
    form = FormDialog(f"编辑{what}" if item.id else f"新增{what}", parent)
    _item_form(form, item, derived, categories or [])
    feedback = repo.get_inspection(inspection_id).feedback_date if inspection_id else None

    def save() -> None:
        _read_item(form, item, derived)
        warning = deadline_warning(item.deadline, feedback)
        if warning and not messages.ask(form, "整改时限", f"{warning}。仍要保存吗?"):
            raise ValidationError("整改时限", "已取消保存,请修改整改时限")
        _store(repo, "problem" if isinstance(item, Problem) else "measure", item)

    return item.id if form.run(save) else None


def edit_problem(
    parent: QWidget, repo: RectificationRepo, problem: Problem, categories: list[str]
) -> int | None:
    """Add or edit a problem; returns its id when saved."""
    derived = bool(problem.id and repo.measures_of(problem.id))
    return _edit_item(
        parent, repo, problem, problem.inspection_id, derived=derived, categories=categories
    )


def edit_measure(parent: QWidget, repo: RectificationRepo, measure: Measure) -> int | None:
    """Add or edit a measure; returns its id when saved."""
    problem = repo.get_problem(cast(int, measure.problem_id))
    if not measure.id:  # a new measure starts from its problem's owners and deadline
        measure.leader = measure.leader or problem.leader
        measure.lead_dept = measure.lead_dept or problem.lead_dept
        measure.resp_depts = measure.resp_depts or problem.resp_depts
        measure.deadline = measure.deadline or problem.deadline
    return _edit_item(parent, repo, measure, problem.inspection_id)


def add_progress(
    parent: QWidget, repo: RectificationRepo, problem_id: int, measures: list[Measure]
) -> int | None:
    """Record dated progress on the problem or one of its measures (refused once signed off)."""
    repo.check_editable(problem_id)
    form = FormDialog("记录整改进展", parent)
    targets = ["问题本身", *(f"措施{m.seq}:{m.content[:30]}" for m in measures)]
    form.add_choice("target", "进展对象", targets)
    form.add_date("date", "日期", date.today(), required=True)
    form.add_text("author", "填报人", os_user())
    form.add_multiline("text", "进展情况", required=True, lines=6)

    def save() -> int:
        index = targets.index(form.text("target"))
        target = measures[index - 1].id if index else None
        values = form.values("date", "author", "text")
        return repo.add_progress(ProgressEntry(**values, problem_id=problem_id, measure_id=target))

    return form.run(save)


ITEM_DELETE = {
    "problem": ("删除问题", "确定删除所选问题及其全部整改措施、进展和佐证材料吗?"),
    "measure": ("删除措施", "确定删除所选整改措施及其进展和佐证材料吗?"),
}


def act_on_item(widget: ClerkWidget, kind: str, item_id: int | None, action: str) -> None:
    """``delete`` (after confirmation), ``sign_off`` or ``reopen`` a problem or a measure,
    through the widget's guard."""
    if item_id is None:
        return
    repo = widget.ctx.rectification
    if action == "delete":
        # refused (naming what is signed off) before the question, not after it
        if not widget.succeeded(lambda: repo.check_deletable(kind, item_id)):
            return
        title, question = ITEM_DELETE[kind]
        delete = repo.delete_problem if kind == "problem" else repo.delete_measure
        widget.confirmed(title, question, lambda: delete(item_id))
    else:
        widget.guard(lambda: sign_off(widget, repo, kind, item_id, reopen=action == "reopen"))


def sign_off(
    parent: QWidget, repo: RectificationRepo, record_type: str, record_id: int, *, reopen=False
) -> bool:
    """销号 (date, by whom, remark), or with ``reopen`` 撤销销号 with a required reason.
    A 销号 the rules forbid is refused, with the reason, before the form opens."""
    if reopen:
        form = FormDialog("撤销销号", parent)
        form.add_multiline("reason", "撤销理由", required=True, lines=4)
        form.show_note("撤销理由将记入操作日志。")
        return bool(form.run(lambda: repo.reopen(record_type, record_id, form.text("reason"))))
    repo.check_sign_off(record_type, record_id)
    form = FormDialog("销号", parent)
    form.add_date("date", "销号日期", date.today(), required=True)
    form.add_text("by", "销号人", os_user(), required=True)
    form.add_multiline("remark", "备注", lines=3)
    form.show_note("销号后该事项将锁定为只读;如需修改,须“撤销销号”并说明理由。")
    return bool(form.run(lambda: repo.sign_off(record_type, record_id, SignOff(**form.values()))))
