"""Enforcement personnel (行政执法人员) and certificates: records, lifecycle and warnings."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from desktop_app.domain.dates import add_months, check_range
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.identifiers import check_resident_id
from desktop_app.domain.text import check_texts, normalise_number, optional_text, required_text

GENDERS = ("男", "女")
EMPLOYMENT_TYPES = ("在编", "聘用", "劳务派遣", "其他")
EXAM_KINDS = ("公共法律知识", "专业法律知识", "换证考试")
# Suggestions for the reason of a cancellation (注销); the clerk may type another.
CANCEL_REASONS = (
    "调离执法岗位",
    "辞职",
    "退休",
    "受到刑事处罚",
    "被开除",
    "不再从事行政执法工作",
    "机构改革",
)
_PHONE = re.compile(r"^[0-9+\-() 转]{3,30}$")


class PersonStatus(StrEnum):
    """Whether a person still works here."""

    ACTIVE = "在职"
    LEFT = "调离"  # moved to another agency or post
    RETIRED = "退休"
    OTHER = "其他"


PERSON_STATUSES = tuple(s.value for s in PersonStatus)
LEFT_STATUSES = (PersonStatus.LEFT.value, PersonStatus.RETIRED.value)


class CertificateKind(StrEnum):
    """The two kinds of certificate an agency manages."""

    ENFORCEMENT = "行政执法证"
    SUPERVISION = "行政执法监督证"


CERTIFICATE_KINDS = tuple(k.value for k in CertificateKind)


class CertificateStatus(StrEnum):
    """Stored status; 已过期 is derived from the date, never stored."""

    VALID = "有效"
    SUSPENDED = "暂扣"  # held back for a time; 恢复 gives it back
    CANCELLED = "注销"
    TRANSFERRED = "转出"  # went with its holder to another agency


CERTIFICATE_STATUSES = tuple(s.value for s in CertificateStatus)
EXPIRED = "已过期"
DISPLAY_STATUSES = ("有效", EXPIRED, "暂扣", "注销", "转出")
HELD_STATUSES = (CertificateStatus.VALID.value, CertificateStatus.SUSPENDED.value)


class Event(StrEnum):
    """Lifecycle events of a certificate (转出 moves the whole person out)."""

    NEW = "新办"
    RENEW = "换证"
    REVIEW = "年审"
    SUSPEND = "暂扣"
    RESTORE = "恢复"
    CANCEL = "注销"
    TRANSFER = "转出"


EVENTS = tuple(e.value for e in Event)
REASON_REQUIRED = (Event.SUSPEND, Event.CANCEL)


class CertWarning(StrEnum):
    """Derived warnings, in order of urgency."""

    NONE = ""
    SHOULD_CANCEL = "应注销"
    EXPIRED = "已过期"
    EXPIRING = "即将到期"
    REVIEW_DUE = "年审到期"


WARNINGS = tuple(w.value for w in CertWarning if w.value)


@dataclass(frozen=True)
class PersonnelRules:
    """Office settings for certificates (they vary by province)."""

    validity_years: int = 5
    review_interval_months: int = 12
    lead_days: int = 60
    pass_mark: int = 60
    allowed_employment: tuple[str, ...] = ("在编",)


@dataclass
class Person:
    """One member of staff; shared by the certificate and training modules."""

    name: str
    gender: str = ""
    id_number: str | None = None
    birth_date: date | None = None
    unit: str = ""  # 单位
    department: str = ""  # 处室
    post: str = ""  # 职务
    employment_type: str = "在编"  # one of EMPLOYMENT_TYPES
    phone: str = ""
    status: str = PersonStatus.ACTIVE.value
    notes: str = ""
    id: int | None = None


@dataclass
class Certificate:
    """One enforcement or supervision certificate held by a person."""

    person_id: int
    number: str
    kind: str = CertificateKind.ENFORCEMENT.value
    category: str = ""
    authority: str = ""
    issue_date: date | None = None
    valid_until: date | None = None
    status: str = CertificateStatus.VALID.value
    last_review: date | None = None
    review_due: date | None = None
    notes: str = ""
    id: int | None = None


@dataclass
class CertificateEvent:
    """A dated lifecycle event with its reason and document reference; ``number`` is the
    certificate's number as the event left it (a later 换证 to a new number keeps it)."""

    event: str
    date: date
    person_id: int
    certificate_id: int | None = None
    reason: str = ""
    doc_ref: str = ""
    number: str = ""
    id: int | None = None


@dataclass
class QualificationExam:
    """执法资格考试: one sitting of one person."""

    person_id: int
    kind: str
    date: date
    score: float | None = None
    passed: bool = False
    notes: str = ""
    id: int | None = None


@dataclass
class Renewal:
    """What a 换证 changes: the new validity and optionally a new number."""

    valid_until: date
    number: str = ""


@dataclass(frozen=True)
class YearCounts:
    """The year's figures the annual report quotes."""

    year: int
    new: int = 0  # certificates: 新办
    renewed: int = 0  # 换证
    cancelled: int = 0  # 注销
    transferred_persons: int = 0  # persons (not certificates) whose relationship went out
    reviewed: int = 0
    suspended: int = 0

    def text(self) -> str:
        """The line quoted in reports: 2019年:新办证件 1 个、…,转出执法关系 11 人."""
        return (
            f"{self.year}年:新办证件 {self.new} 个、换证 {self.renewed} 个、"
            f"注销 {self.cancelled} 个,转出执法关系 {self.transferred_persons} 人"
        )


# -- persons -------------------------------------------------------------------
# Free-text fields and the labels their refusals name (the form's labels).
PERSON_TEXTS = {"unit": "单位", "department": "处室/科室", "post": "职务"}
PERSON_TEXTS |= {"phone": "联系电话", "notes": "备注"}


def validate_person(person: Person, today: date | None = None) -> Person:
    """Normalise a person's fields; derive birth date and gender from the ID number."""
    person.name = required_text(person.name, "姓名")
    person.gender = optional_text(person.gender, "性别")
    if person.gender and person.gender not in GENDERS:
        raise ValidationError("性别", "应为“男”或“女”")
    check_texts(person, PERSON_TEXTS)
    if person.employment_type not in EMPLOYMENT_TYPES:
        raise ValidationError("人员类别", f"应为 {'、'.join(EMPLOYMENT_TYPES)} 之一")
    if person.status not in PERSON_STATUSES:
        raise ValidationError("状态", f"应为 {'、'.join(PERSON_STATUSES)} 之一")
    if person.phone and not _PHONE.match(person.phone):
        raise ValidationError("联系电话", f"“{person.phone}”不是电话号码")
    if person.birth_date:
        check_range(person.birth_date, "出生日期")
    number = optional_text(person.id_number, "身份证号")
    if not number:
        person.id_number = None
        if person.birth_date and today and person.birth_date > today:
            raise ValidationError("出生日期", "不能晚于今天")
        return person
    found = check_resident_id(number, "身份证号", today)
    if person.gender and person.gender != found.gender:
        raise ValidationError(
            "性别", f"填写为“{person.gender}”,但身份证号第 17 位表明为“{found.gender}”"
        )
    person.id_number = found.number
    person.gender = found.gender
    person.birth_date = found.birth_date
    return person


def employment_warning(employment_type: str, rules: PersonnelRules) -> str:
    """A warning when the person's employment type may not hold a certificate."""
    if employment_type in rules.allowed_employment:
        return ""
    allowed = "、".join(rules.allowed_employment) or "(无)"
    return f"人员类别为“{employment_type}”,按设置只有“{allowed}”人员可以申领执法证件"


# -- certificates --------------------------------------------------------------
def default_valid_until(issue_date: date, rules: PersonnelRules) -> date:
    """The usual validity: ``validity_years`` after issue, ending the day before."""
    return add_months(issue_date, 12 * rules.validity_years) - timedelta(days=1)


def review_due(cert: Certificate, rules: PersonnelRules) -> date | None:
    """When the next 年审 falls due: interval months after the last review (or issue)."""
    start = cert.last_review or cert.issue_date
    if start is None or rules.review_interval_months <= 0:
        return None
    return add_months(start, rules.review_interval_months)


CERTIFICATE_TEXTS = {"category": "执法类别/区域", "authority": "发证机关", "notes": "备注"}


def certificate_number(value: str | None, field: str = "证号") -> str:
    """A certificate number in its one stored form: full-width folded (NFKC), no spaces."""
    return normalise_number(value, field)


def validate_certificate(cert: Certificate) -> Certificate:
    """Check a certificate's own fields; the dates must be in order."""
    cert.number = required_text(certificate_number(cert.number), "证号")
    if cert.kind not in CERTIFICATE_KINDS:
        raise ValidationError("证件种类", f"应为 {'、'.join(CERTIFICATE_KINDS)} 之一")
    if cert.status not in CERTIFICATE_STATUSES:
        raise ValidationError("状态", f"应为 {'、'.join(CERTIFICATE_STATUSES)} 之一")
    if cert.issue_date is None:
        raise ValidationError("发证日期", "必须填写")
    if cert.valid_until is None:
        raise ValidationError("有效期至", "必须填写")
    check_range(cert.issue_date, "发证日期")
    check_range(cert.valid_until, "有效期至")
    if cert.last_review:
        check_range(cert.last_review, "最近年审")
    if cert.valid_until <= cert.issue_date:
        raise ValidationError(
            "有效期至", f"{cert.valid_until.isoformat()} 应晚于发证日期 {cert.issue_date}"
        )
    if cert.last_review and cert.last_review < cert.issue_date:
        raise ValidationError("最近年审", "不能早于发证日期")
    check_texts(cert, CERTIFICATE_TEXTS)
    return cert


def effective_status(status: str, valid_until: date | None, today: date) -> str:
    """The status shown: a valid certificate past its date is 已过期."""
    if status == CertificateStatus.VALID and valid_until and valid_until < today:
        return EXPIRED
    return status


def certificate_warning(
    cert: Certificate, person_status: str, today: date, rules: PersonnelRules
) -> CertWarning:
    """The most urgent warning of one certificate."""
    if cert.status not in HELD_STATUSES:
        return CertWarning.NONE
    if person_status in LEFT_STATUSES:
        return CertWarning.SHOULD_CANCEL
    if cert.status != CertificateStatus.VALID or cert.valid_until is None:
        return CertWarning.NONE
    near = today + timedelta(days=rules.lead_days)
    if cert.valid_until < today:
        return CertWarning.EXPIRED
    if cert.valid_until <= near:
        return CertWarning.EXPIRING
    due = cert.review_due or review_due(cert, rules)
    if due and due <= near:
        return CertWarning.REVIEW_DUE
    return CertWarning.NONE


def worst_warning(warnings: list[CertWarning]) -> CertWarning:
    """The most urgent of several warnings (a person's row)."""
    for warning in CertWarning:
        if warning != CertWarning.NONE and warning in warnings:
            return warning
    return CertWarning.NONE


def check_event(cert: Certificate, event: CertificateEvent) -> None:
    """Refuse an event that the certificate's state or dates do not allow."""
    kind = Event(event.event)
    event.reason = optional_text(event.reason, "原因")
    event.doc_ref = optional_text(event.doc_ref, "文号/依据")
    check_range(event.date, "日期")
    if kind in REASON_REQUIRED and not event.reason:
        raise ValidationError("原因", f"{kind.value}必须说明原因")
    if cert.issue_date and event.date < cert.issue_date:
        raise ValidationError(
            "日期", f"{event.date.isoformat()} 早于该证件的发证日期 {cert.issue_date}"
        )
    status = CertificateStatus(cert.status)
    allowed = {
        Event.RENEW: (CertificateStatus.VALID,),
        Event.REVIEW: (CertificateStatus.VALID,),
        Event.SUSPEND: (CertificateStatus.VALID,),
        Event.RESTORE: (CertificateStatus.SUSPENDED,),
        Event.CANCEL: (CertificateStatus.VALID, CertificateStatus.SUSPENDED),
        Event.TRANSFER: (CertificateStatus.VALID, CertificateStatus.SUSPENDED),
    }
    if kind == Event.NEW:
        raise ValidationError("事项", "新办请使用“新办证件”")
    if status not in allowed[kind]:
        raise ValidationError("事项", f"证件{cert.number}当前为“{status.value}”,不能{kind.value}")
    if kind == Event.REVIEW and cert.valid_until and cert.valid_until < event.date:
        raise ValidationError("事项", f"证件{cert.number}已过期,应办理换证而不是年审")


def apply_event(
    cert: Certificate, event: CertificateEvent, rules: PersonnelRules, renewal: Renewal | None
) -> Certificate:
    """The certificate after a checked event (a new object; the input is unchanged)."""
    check_event(cert, event)
    kind = Event(event.event)
    after = replace(cert)
    if kind == Event.RENEW:
        if renewal is None:
            raise ValidationError("新有效期至", "必须填写")
        check_range(renewal.valid_until, "新有效期至")
        if renewal.valid_until <= event.date:
            raise ValidationError("新有效期至", "应晚于换证日期")
        after.issue_date = event.date
        after.valid_until = renewal.valid_until
        after.number = certificate_number(renewal.number, "新证号") or cert.number
        after.last_review = None
    elif kind == Event.REVIEW:
        after.last_review = event.date
    elif kind == Event.SUSPEND:
        after.status = CertificateStatus.SUSPENDED.value
    elif kind == Event.RESTORE:
        after.status = CertificateStatus.VALID.value
    elif kind == Event.CANCEL:
        after.status = CertificateStatus.CANCELLED.value
    elif kind == Event.TRANSFER:
        after.status = CertificateStatus.TRANSFERRED.value
    after.review_due = review_due(after, rules) if after.status in HELD_STATUSES else None
    return after


# -- exams -----------------------------------------------------------------------
def validate_exam(exam: QualificationExam, rules: PersonnelRules) -> QualificationExam:
    """Check an exam record and decide ``passed`` by the pass mark."""
    if exam.kind not in EXAM_KINDS:
        raise ValidationError("考试类别", f"应为 {'、'.join(EXAM_KINDS)} 之一")
    check_range(exam.date, "考试日期")
    if exam.score is not None and not (
        isinstance(exam.score, int | float) and 0 <= exam.score <= 100
    ):
        raise ValidationError("成绩", "应在 0 到 100 之间")
    exam.passed = exam.score is not None and exam.score >= rules.pass_mark
    exam.notes = optional_text(exam.notes, "备注")
    return exam


# The 操作日志's names of each audited record's fields (the forms' labels), by record type.
AUDIT_LABELS: dict[str, dict[str, str]] = {
    "person": {
        "name": "姓名",
        "gender": "性别",
        "id_number": "身份证号",
        "birth_date": "出生日期",
        "employment_type": "人员类别",
        "status": "状态",
        # 导出 of the ledger with full ID numbers is logged on the persons (exports.personnel)
        "file": "导出文件",
        "year": "年度",
        "rows": "行数",
        "full_id": "含完整身份证号",
    }
    | PERSON_TEXTS,
    "certificate": {
        "person_id": "人员编号",
        "kind": "证件种类",
        "number": "证号",
        "category": "执法类别/区域",
        "authority": "发证机关",
        "issue_date": "发证日期",
        "valid_until": "有效期至",
        "status": "状态",
        "last_review": "最近年审",
        "review_due": "年审到期",
    },
    "certificate_event": {
        "event": "事项",
        "date": "办理日期",
        "person_id": "人员编号",
        "certificate_id": "证件编号",
        "reason": "原因",
        "doc_ref": "文号/依据",
        "number": "证号",
    },
    "qualification_exam": {
        "person_id": "人员编号",
        "kind": "考试类别",
        "date": "考试日期",
        "score": "成绩",
        "passed": "是否合格",
    },
}
