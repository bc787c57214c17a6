"""Rectification records (巡察整改) and their rules: status, warnings, sign-off."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from desktop_app.domain.dates import check_range
from desktop_app.domain.errors import LockedError, ValidationError
from desktop_app.domain.notices import NoticeTexts
from desktop_app.domain.text import check_texts, optional_text, required_text

INSPECTION_KINDS = ("巡视", "巡察", "专项巡察", "审计", "督查", "执法监督", "自查", "其他")


class Status(StrEnum):
    """Rectification status as offices use it."""

    NOT_STARTED = "未启动"
    IN_PROGRESS = "整改中"
    COMPLETED = "已完成"
    LONG_TERM = "长期坚持"  # done as far as it can be; kept up from now on


STATUSES = tuple(s.value for s in Status)

# Ways of completing an item; 即知即改 / 立行立改 close an item on the spot.
COMPLETION_WAYS = ("按期完成", "即知即改", "立行立改", "提前完成", "逾期完成")


class Alert(StrEnum):
    """三色督办: blue = deadline near, yellow = behind schedule, red = overdue."""

    NONE = ""
    NEAR = "临期"
    STALLED = "滞后"
    OVERDUE = "逾期"


@dataclass(frozen=True)
class WarningRules:
    """Settings that drive the three warning colours."""

    lead_days: int = 14
    stall_days: int = 30


@dataclass
class Inspection:
    """One inspection or audit whose feedback lists problems."""

    name: str
    kind: str = "巡察"
    body: str = ""  # who inspected: 巡察组, 审计机关 …
    onsite_start: date | None = None
    onsite_end: date | None = None
    feedback_date: date | None = None
    plan_doc_no: str = ""  # 整改方案文号
    report_due: date | None = None  # 整改报告期限: two months after feedback by default
    notes: str = ""
    id: int | None = None


@dataclass
class ProgressEntry:
    """A dated progress note on a problem or one of its measures."""

    date: date
    author: str  # who reported it, usually the lead department
    text: str
    problem_id: int
    measure_id: int | None = None
    id: int | None = None


@dataclass
class SignOff:
    """销号: a deliberate act after completion."""

    date: date
    by: str
    remark: str = ""


@dataclass(kw_only=True)
class Item:
    """What a problem and its measures share: who answers for it, by when, how far it is.

    The fields are keyword-only, so that each kind names its own text first: a
    ``Measure("…")`` and a ``Problem("…")`` take their content and description as they did.
    """

    seq: int = 0
    leader: str = ""  # 责任领导
    lead_dept: str = ""  # 牵头部门
    resp_depts: str = ""  # 责任部门, "、"-separated
    deadline: date | None = None  # 整改时限
    status: Status = Status.NOT_STARTED
    completion_date: date | None = None
    completion_way: str = ""  # one of COMPLETION_WAYS
    signoff: SignOff | None = None
    last_progress: date | None = None
    id: int | None = None
    # Filled only when loading for a ledger or report:
    latest_progress: ProgressEntry | None = None
    evidence: list[str] = field(default_factory=list)
    escalations: list[str] = field(default_factory=list)  # "2022-10-11 督办通知(…号)"


@dataclass
class Measure(Item):
    """整改措施: one concrete action under a problem."""

    content: str
    problem_id: int | None = None


@dataclass
class Problem(Item):
    """问题: one finding of the feedback, refined into measures."""

    description: str
    category: str = ""
    inspection_id: int | None = None
    measures: list[Measure] = field(default_factory=list)
    repeat_of: str = ""  # when confirmed 屡查屡犯: "屡查屡犯(前次:…)" (ledger and report)


# The progress report's texts are the one notice-texts type (the name kept for its callers).
ReportTexts = NoticeTexts


def derive_problem_status(measure_statuses: list[Status], own: Status) -> Status:
    """A problem's status follows from its measures (its own status when it has none)."""
    if not measure_statuses:
        return own
    found = set(measure_statuses)
    if found == {Status.COMPLETED}:
        return Status.COMPLETED
    if found <= {Status.COMPLETED, Status.LONG_TERM}:
        return Status.LONG_TERM
    if found == {Status.NOT_STARTED}:
        return Status.NOT_STARTED
    return Status.IN_PROGRESS


def is_open(status: Status) -> bool:
    """True while the item still has to be worked on towards a deadline."""
    return status in (Status.NOT_STARTED, Status.IN_PROGRESS)


def warning_for(
    status: Status,
    deadline: date | None,
    last_activity: date | None,
    today: date,
    rules: WarningRules,
) -> Alert:
    """The 三色督办 colour of an item; red beats yellow beats blue."""
    if status == Status.COMPLETED:
        return Alert.NONE
    if is_open(status) and deadline and deadline < today:
        return Alert.OVERDUE
    if last_activity and (today - last_activity).days > rules.stall_days:
        return Alert.STALLED
    if is_open(status) and deadline and deadline <= today + timedelta(days=rules.lead_days):
        return Alert.NEAR
    return Alert.NONE


def check_status_fields(status: Status, completion_date: date | None, way: str) -> None:
    """A completed item needs a completion date; an open one must not have one."""
    if status == Status.COMPLETED and completion_date is None:
        raise ValidationError("完成时间", "状态为“已完成”时必须填写完成时间")
    if status != Status.COMPLETED and completion_date is not None:
        raise ValidationError("完成时间", "只有“已完成”的事项才能填写完成时间")
    if way and way not in COMPLETION_WAYS:
        raise ValidationError("完成方式", f"应为 {'、'.join(COMPLETION_WAYS)} 之一")


def check_can_sign_off(status: Status, signoff: SignOff | None, on: date, done: date | None):
    """销号 only for completed, not yet signed-off items, dated on or after completion."""
    if signoff is not None:
        raise LockedError("该事项已销号,不能重复销号")
    if status != Status.COMPLETED:
        raise ValidationError("状态", "只有“已完成”的事项才能销号")
    if done and on < done:
        raise ValidationError("销号日期", "销号日期不能早于完成时间")


def ensure_editable(signoff: SignOff | None) -> None:
    """A signed-off item is read-only until it is re-opened with a reason."""
    if signoff is not None:
        raise LockedError("该事项已销号,如需修改请先“撤销销号”并说明理由")


def deadline_warning(deadline: date | None, feedback: date | None) -> str:
    """A non-blocking warning when a deadline lies before the feedback date."""
    if deadline and feedback and deadline < feedback:
        return f"整改时限 {deadline.isoformat()} 早于反馈日期 {feedback.isoformat()},请确认"
    return ""


def search_text(parts: list[str]) -> str:
    """The text a problem is found by: its parts, each once (repeats only slow the scan)."""
    return "\n".join(dict.fromkeys(p for p in parts if p))


def require_text(value: str, field_name: str) -> str:
    """Strip a required text field or raise naming it (blank or only invisible characters)."""
    return required_text(value, field_name)


# Free-text fields and the labels their refusals name (the forms' labels).
INSPECTION_TEXTS = {"body": "巡察(检查)机构", "plan_doc_no": "整改方案文号", "notes": "备注"}
INSPECTION_DATES = {"onsite_start": "进驻开始日期", "onsite_end": "进驻结束日期"}
INSPECTION_DATES |= {"feedback_date": "反馈日期", "report_due": "整改报告截止日期"}
ITEM_TEXTS = {"leader": "责任领导", "lead_dept": "牵头部门", "resp_depts": "责任部门"}
ITEM_DATES = {"deadline": "整改时限", "completion_date": "完成时间"}


def _check_dates(record: object, labels: dict[str, str]) -> None:
    for attr, label in labels.items():
        value = getattr(record, attr)
        if value is not None:
            check_range(value, label)


def check_inspection(insp: Inspection) -> None:
    """Refuse an inspection without a name, of an unknown kind or with dates out of order."""
    insp.name = required_text(insp.name, "巡察名称")
    check_texts(insp, INSPECTION_TEXTS)
    if insp.kind not in INSPECTION_KINDS:
        raise ValidationError("类型", f"应为 {'、'.join(INSPECTION_KINDS)} 之一")
    _check_dates(insp, INSPECTION_DATES)
    if insp.onsite_start and insp.onsite_end and insp.onsite_end < insp.onsite_start:
        raise ValidationError("进驻结束日期", "不能早于进驻开始日期")


def check_item(item: Problem | Measure) -> None:
    """Refuse a problem or measure without its text, with bad dates or status fields."""
    if isinstance(item, Problem):
        item.description = required_text(item.description, "问题描述")
        item.category = optional_text(item.category, "问题类别")
    else:
        item.content = required_text(item.content, "整改措施")
    check_texts(item, ITEM_TEXTS)
    _check_dates(item, ITEM_DATES)
    check_status_fields(item.status, item.completion_date, item.completion_way)


def check_signoff(signoff: SignOff) -> None:
    """A sign-off names who signed it off; its remark must be storable."""
    signoff.by = required_text(signoff.by, "销号人")
    signoff.remark = optional_text(signoff.remark, "备注")
    check_range(signoff.date, "销号日期")


def check_progress(entry: ProgressEntry) -> None:
    """Progress has a text and a date; the reporter's name must be storable."""
    entry.text = required_text(entry.text, "进展情况")
    entry.author = optional_text(entry.author, "填报人")
    check_range(entry.date, "日期")


# The 操作日志's names of each audited record's fields (the forms' labels), by record type.
_ITEM_LABELS = {
    "seq": "序号",
    "leader": "责任领导",
    "lead_dept": "牵头部门",
    "resp_depts": "责任部门",
    "deadline": "整改时限",
    "status": "状态",
    "completion_date": "完成日期",
    "completion_way": "完成方式",
    "signoff": "销号",
    "last_progress": "最近进展日期",
    "latest_progress": "最新进展",
    "evidence": "佐证材料",
    "escalations": "督办",
    # 销号 and 撤销销号 log the sign-off itself
    "date": "日期",
    "by": "销号人",
    "remark": "销号说明",
    "reason": "撤销原因",
    "text": "进展内容",
    "author": "填报人",
}
AUDIT_LABELS: dict[str, dict[str, str]] = {
    "inspection": {
        "name": "名称",
        "kind": "类型",
        "body": "检查主体",
        "onsite_start": "进驻日期",
        "onsite_end": "结束日期",
        "feedback_date": "反馈日期",
        "plan_doc_no": "整改方案文号",
        "report_due": "整改报告期限",
    },
    "problem": _ITEM_LABELS
    | {
        "description": "问题描述",
        "category": "问题类别",
        "inspection_id": "巡察编号",
        "measures": "整改措施",
        "repeat_of": "屡查屡犯",
        "content": "整改措施",
        "problem_id": "问题编号",
    },
    "measure": _ITEM_LABELS | {"content": "整改措施", "problem_id": "问题编号"},
    "progress": {
        "date": "日期",
        "author": "填报人",
        "text": "进展内容",
        "problem_id": "问题编号",
        "measure_id": "措施编号",
    },
    "evidence": {
        "problem_id": "问题编号",
        "measure_id": "措施编号",
        "file_name": "文件名",
        "title": "标题",
        "size": "大小(字节)",
        "sha256": "校验值(SHA-256)",
        "added_at": "添加时间",
    },
    "escalation": {
        "notice_id": "督办文书编号",
        "problem_id": "问题编号",
        "measure_id": "措施编号",
        "level": "督办级别",
        "date": "日期",
        "doc_no": "文号",
        "department": "部门",
        "warning": "预警",
    },
    "escalation_notice": {
        "level": "督办级别",
        "date": "日期",
        "doc_no": "文号",
        "addressee": "主送",
        "title": "标题",
        "texts": "文书文字",
    },
    "problem_repeat": {
        "problem_id": "问题编号",
        "earlier_id": "以往问题编号",
        "score": "相似度",
        "state": "状态",
        "decided_at": "确认时间",
        "decided_by": "确认人",
        "note": "说明",
    },
    "recheck_round": {
        "name": "名称",
        "inspection_id": "巡察编号",
        "planned_date": "计划日期",
    },
    "recheck_item": {
        "round_id": "回头看编号",
        "problem_id": "问题编号",
        "outcome": "复查结果",
        "reason": "原因",
        "checked_on": "复查日期",
        "checked_by": "复查人",
        "inspection": "巡察",
        "description": "问题描述",
        "lead_dept": "牵头部门",
        "signoff_date": "销号日期",
    },
}
