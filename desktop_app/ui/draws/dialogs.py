"""Dialogs of the draw register: a target, a matter, an inspector, a conflict, a result."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desktop_app.domain.draws import (
    METHODS,
    OUTCOMES,
    TARGET_KINDS,
    TARGET_STATUSES,
    CheckResult,
    Conflict,
    Matter,
    Target,
    split_tags,
)
from desktop_app.domain.errors import ValidationError
from desktop_app.storage.draws import directory, queries
from desktop_app.ui.dialogs.form import FormDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop_app.storage.draws.repo import DrawsRepo


def _number(text: str, label: str, *, whole: bool = False) -> float | int | None:
    text = text.strip().rstrip("%").strip()
    if not text:
        return None
    try:
        return int(text) if whole else float(text)
    except ValueError:
        raise ValidationError(label, f"“{text}”不是{'整数' if whole else '数字'}") from None


def edit_target(parent: QWidget, repo: DrawsRepo, target_id: int | None) -> int | None:
    """Add (no id) or edit a target of the directory; returns its id when saved."""
    target = directory.get_target(repo.db, target_id) if target_id else Target("")
    form = FormDialog("编辑检查对象" if target.id else "新增检查对象", parent)
    form.add_text("name", "名称", target.name, required=True)
    form.add_text("credit_code", "统一社会信用代码", target.credit_code).setPlaceholderText(
        "18 位,如 91110000600037341L"
    )
    form.add_check("code_override", "仍然使用(早期代码)", target.code_override)
    form.add_text("override_note", "仍然使用的理由", target.override_note).setPlaceholderText(
        "校验不通过仍使用时必须说明,如:已核对营业执照原件"
    )
    industries, areas = directory.target_choices(repo.db)
    form.add_choice("kind", "类型", TARGET_KINDS, target.kind)
    form.add_choice("industry", "行业", industries, target.industry, editable=True)
    form.add_choice("area", "区域", areas, target.area, editable=True)
    form.add_text("address", "地址", target.address)
    form.add_text("contact", "联系人", target.contact)
    form.add_text("phone", "联系电话", target.phone)
    form.add_choice("status", "状态", TARGET_STATUSES, target.status)
    form.add_multiline("notes", "备注", target.notes, lines=2)
    form.show_note("只有状态为“在营”的对象参加抽取;已被抽中的对象不能删除,可修改其状态。")

    def save() -> int:
        form.read_into(target)
        return _saved(target, repo.add_target, repo.update_target)

    return form.run(save) or None


def _saved(record: Any, add: Callable[[Any], int], update: Callable[[Any], None]) -> int:
    """Add a new record or save an edited one; its id."""
    if record.id:
        update(record)
    else:
        add(record)
    return int(record.id or 0)


def edit_matter(parent: QWidget, repo: DrawsRepo, matter_id: int | None) -> int | None:
    """Add (no id) or edit an inspection matter; returns its id when saved."""
    matter = directory.get_matter(repo.db, matter_id) if matter_id else Matter("")
    form = FormDialog("编辑抽查事项" if matter.id else "新增抽查事项", parent)
    form.add_text("name", "事项名称", matter.name, required=True)
    form.add_multiline("legal_basis", "抽查依据", matter.legal_basis, lines=2)
    form.add_text("body", "检查主体", matter.body)
    form.add_multiline("content", "检查内容", matter.content, lines=3)
    form.add_choice("method", "检查方式", METHODS, matter.method, editable=True)
    ratio = "" if matter.yearly_ratio is None else f"{matter.yearly_ratio:g}"
    form.add_text("ratio", "年度抽查比例(%)", ratio)
    count = "" if matter.yearly_count is None else str(matter.yearly_count)
    form.add_text("count", "或年度抽查数量(家)", count)
    form.add_check("active", "在用", matter.active)
    form.add_multiline("notes", "备注", matter.notes, lines=2)

    def save() -> int:
        form.read_into(matter, "name", "legal_basis", "body", "content", "method", "active")
        form.read_into(matter, "notes")
        matter.yearly_ratio = _number(form.text("ratio"), "年度抽查比例")
        count = _number(form.text("count"), "年度抽查数量", whole=True)
        matter.yearly_count = int(count) if count is not None else None
        return _saved(matter, repo.add_matter, repo.update_matter)

    return form.run(save) or None


def edit_profile(parent: QWidget, repo: DrawsRepo, person_id: int, name: str) -> bool:
    """A person's department for joint checks, expertise and whether they take part."""
    profile = directory.get_profile(repo.db, person_id)
    form = FormDialog(f"执法检查人员 — {name}", parent)
    agencies = directory.agencies(repo.db)
    form.add_choice("agency", "所属部门", agencies, profile.agency, editable=True)
    form.widget("agency").setToolTip("联合检查按部门分配人数(如 科技、人社);不填时按所在单位")
    form.add_text("tags", "专业领域", "、".join(profile.tags)).setPlaceholderText(
        "多个用顿号分隔,如 外国人工作管理、科技计划项目"
    )
    form.add_check("available", "参加抽取", profile.available)
    form.add_text("unavailable_reason", "暂不参加的原因", profile.unavailable_reason)
    form.add_multiline("notes", "备注", profile.notes, lines=2)
    form.show_note("是否持证按执法人员台账中有效的行政执法证自动判断,过期、暂扣、注销的不算。")

    def save() -> None:
        form.read_into(profile, "agency", "available", "unavailable_reason", "notes")
        profile.tags = split_tags(form.text("tags"))
        repo.save_profile(profile)

    return bool(form.run(save))


def set_agency(parent: QWidget, repo: DrawsRepo, person_ids: list[int]) -> bool:
    """Put the selected persons in one department for joint checks."""
    form = FormDialog(f"设置所属部门({len(person_ids)} 人)", parent)
    form.add_choice("agency", "所属部门", directory.agencies(repo.db), "", editable=True)
    form.show_note("联合检查方案按“所属部门”分配每组人数,如 科技 2 人、人社 2 人。")

    def save() -> None:
        agency = form.text("agency")
        if not agency:
            raise ValidationError("所属部门", "必须填写")
        repo.set_agency(person_ids, agency)

    return bool(form.run(save))


def edit_conflict(parent: QWidget, repo: DrawsRepo, conflict: Conflict) -> bool:
    """Declare (or edit) a conflict of interest: a target, or a unit by name."""
    form = FormDialog("回避申报", parent)
    current = directory.get_target(repo.db, conflict.target_id).name if conflict.target_id else ""
    form.add_text("target", "检查对象", current).setPlaceholderText(
        "名称或统一社会信用代码(与“单位”二选一)"
    )
    form.add_text("unit", "单位", conflict.unit).setPlaceholderText(
        "名称中含此文字的检查对象都回避,如 某某集团"
    )
    form.add_text("reason", "回避原因", conflict.reason, required=True)
    form.add_date("declared_on", "申报日期", conflict.declared_on)
    form.add_date("ended_on", "解除日期", conflict.ended_on)

    def save() -> None:
        form.read_into(conflict, "unit", "reason", "declared_on", "ended_on")
        conflict.target_id = directory.find_target(repo.db, form.text("target"))
        if conflict.id:
            repo.update_conflict(conflict)
        else:
            repo.add_conflict(conflict)

    return bool(form.run(save))


def edit_result(parent: QWidget, repo: DrawsRepo, draw_id: int, target_id: int) -> bool:
    """Enter or correct the result of one drawn target."""
    result = queries.result_of(repo.db, draw_id, target_id) or CheckResult(draw_id, target_id)
    target = directory.get_target(repo.db, target_id)
    form = FormDialog(f"检查结果 — {target.name}", parent)
    form.add_choice("outcome", "检查结果", OUTCOMES, result.outcome)
    form.add_date("check_date", "检查日期", result.check_date)
    form.add_multiline("findings", "发现问题", result.findings, lines=3)
    form.add_multiline("handling", "处理情况", result.handling, lines=2)

    def save() -> None:
        form.read_into(result)
        repo.save_result(result)

    return bool(form.run(save))
