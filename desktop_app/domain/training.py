"""Training and law-study records (学法培训): sessions, attendance, rules and yearly figures.

Hours are kept to one decimal place so that sums and shortfalls are exact after rounding.
Online exam participation rate = participants / staff expected to sit it, where the staff
expected is the 应参考人数 stored with the exam session when the clerk entered one, and
otherwise everyone on the exam's attendance list (出席 + 请假 + 缺席). Pass and excellent
rates are shares of the participants who have a score.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from desktop_app.domain.dates import check_range, cn_date
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.notices import NoticeTexts  # noqa: F401  (the training notice's texts)
from desktop_app.domain.personnel import HELD_STATUSES, PersonStatus
from desktop_app.domain.text import check_texts, fold_width, optional_text, required_text

CENTRAL_STUDY = "中心组学法"
LECTURE = "专题讲座"
ENFORCEMENT_TRAINING = "执法业务培训"
COURT_HEARING = "旁听庭审"
ONLINE_EXAM = "在线学法考试"
PUBLICITY = "普法宣传"
OTHER = "其他"
SESSION_KINDS = (
    CENTRAL_STUDY,
    LECTURE,
    ENFORCEMENT_TRAINING,
    COURT_HEARING,
    ONLINE_EXAM,
    PUBLICITY,
    OTHER,
)
MAX_HOURS_PER_DAY = 24
MAX_SCORE = 100
MAX_EXPECTED = 1_000_000

# Field labels, shared by validation messages and the dialogs (focus follows the label).
F_TITLE, F_DATE, F_END_DATE, F_KIND, F_HOURS = "主题", "日期", "结束日期", "类型", "学时"
F_START, F_END, F_EXPECTED = "开始时间", "结束时间", "应参考人数"
F_STATUS, F_CREDITED, F_SCORE = "出勤情况", "计入学时", "成绩"
F_LAWS = "学习法律法规"

_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})$", re.ASCII)
_NUMBER = re.compile(r"^\d+(\.\d+)?$", re.ASCII)  # no sign, exponent, NaN or ∞
MAX_NUMBER = 1e9  # far above any hours or score; keeps every sum exact
# Free-text fields of a session and the labels their refusals name (the dialog's labels).
SESSION_TEXTS = {"organiser": "组织单位", "place": "地点", "speaker": "主讲人", "notes": "备注"}
_BOOK_TITLE = re.compile(r"《([^《》]+)》")
_LAW_SPLIT = re.compile(r"[\n、,，;；]+")


class AttendanceStatus(StrEnum):
    """Whether a person came to a session."""

    PRESENT = "出席"
    LEAVE = "请假"
    ABSENT = "缺席"


ATTENDANCE_STATUSES = tuple(s.value for s in AttendanceStatus)


@dataclass(frozen=True)
class TrainingRules:
    """Office settings: yearly minimum hours of enforcement staff, pass and excellent marks."""

    min_hours: float = 40.0
    pass_mark: float = 60.0
    excellent_mark: float = 90.0

    def check(self) -> None:
        """Refuse settings that contradict each other."""
        if not 0 <= self.min_hours <= 366 * MAX_HOURS_PER_DAY:
            raise ValidationError("年度最低学时", "应为 0 到 8784 之间的数")
        if not 0 <= self.pass_mark <= MAX_SCORE:
            raise ValidationError("及格分数线", "应为 0 到 100 之间的数")
        if not self.pass_mark <= self.excellent_mark <= MAX_SCORE:
            raise ValidationError("优秀分数线", "应不低于及格分数线且不超过 100")


Day = date  # the type under another name: inside TrainingSession ``date`` is a field


@dataclass
class TrainingSession:
    """One study or training session (学法/培训活动)."""

    title: str = ""
    date: date | None = None
    kind: str = CENTRAL_STUDY
    hours: float = 0.0
    end_date: Day | None = None
    start_time: str = ""  # "9:00" (see parse_time)
    end_time: str = ""
    organiser: str = ""
    place: str = ""
    speaker: str = ""
    laws: list[str] = field(default_factory=list)
    notes: str = ""
    expected: int | None = None
    id: int | None = None

    @property
    def days(self) -> int:
        """Calendar days the session spans (1 for a one-day session)."""
        if self.date and self.end_date and self.end_date > self.date:
            return (self.end_date - self.date).days + 1
        return 1

    def when_text(self) -> str:
        """Date and time as a notice or sign-in sheet prints them."""
        text = cn_date(self.date)
        if self.end_date and self.date and self.end_date > self.date:
            end = cn_date(self.end_date)
            text += f"至{end.split('年', 1)[1] if self.end_date.year == self.date.year else end}"
        if self.start_time:
            text += f" {self.start_time}"
            if self.end_time:
                text += f"—{self.end_time}"
        return text

    def laws_text(self) -> str:
        """Laws studied, each in book-title marks: 《…》《…》."""
        return "".join(f"《{law}》" for law in self.laws)


@dataclass
class Attendance:
    """One person's attendance at one session; name and post are filled when loading."""

    session_id: int
    person_id: int
    status: AttendanceStatus = AttendanceStatus.PRESENT
    hours: float | None = None
    score: float | None = None
    remark: str = ""
    id: int | None = None
    name: str = ""
    unit: str = ""
    department: str = ""
    post: str = ""


# -- parsing and validation --------------------------------------------------------------
def parse_number(text: str | float | None, field_name: str) -> float | None:
    """A typed non-negative number with at most one decimal place, or None when blank."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise ValidationError(field_name, "应为数字")
    if isinstance(text, int | float):
        try:
            value = float(text)
        except OverflowError:
            raise ValidationError(field_name, "数值过大") from None
        if not math.isfinite(value):
            raise ValidationError(field_name, "不是有效的数字")
    else:
        raw = fold_width(optional_text(text, field_name))
        if not raw:
            return None
        if not _NUMBER.match(raw):
            raise ValidationError(field_name, f"“{raw}”不是有效的数字")
        value = float(raw)
    if value > MAX_NUMBER:
        raise ValidationError(field_name, "数值过大")
    if value < 0:
        raise ValidationError(field_name, "不能为负数")
    if abs(round(value, 1) - value) > 1e-9:
        raise ValidationError(field_name, "最多保留一位小数")
    return round(value, 1)


def parse_time(text: str, field_name: str) -> str:
    """A time of day as HH:MM ('' when blank)."""
    raw = fold_width(optional_text(text, field_name))
    if not raw:
        return ""
    match = _TIME.match(raw)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValidationError(field_name, f"“{raw}”不是有效的时间,请按 9:00 或 14:30 填写")
    return f"{int(match.group(1))}:{match.group(2)}"


def parse_laws(text: str) -> list[str]:
    """Laws from typed text: 《A》《B》, or one per line / separated by 、，；."""
    raw = (text or "").strip()
    found = _BOOK_TITLE.findall(raw) if "《" in raw else _LAW_SPLIT.split(raw)
    laws: list[str] = []
    for law in found:
        name = law.strip().strip("《》").strip()
        if name and name not in laws:
            laws.append(name)
    return laws


def check_session(session: TrainingSession) -> None:
    """Refuse a session without title or date, with a bad kind, times or hours."""
    session.title = required_text(session.title, F_TITLE)
    if session.date is None:
        raise ValidationError(F_DATE, "必须填写")
    check_range(session.date, F_DATE)
    if session.end_date:
        check_range(session.end_date, F_END_DATE)
    if session.kind not in SESSION_KINDS:
        raise ValidationError(F_KIND, f"应为 {'、'.join(SESSION_KINDS)} 之一")
    if session.end_date and session.end_date < session.date:
        raise ValidationError(F_END_DATE, "不能早于开始日期")
    if session.end_date == session.date:
        session.end_date = None
    session.start_time = parse_time(session.start_time, F_START)
    session.end_time = parse_time(session.end_time, F_END)
    if session.end_time and not session.start_time:
        raise ValidationError(F_START, "填写了结束时间时必须填写开始时间")
    if (
        session.days == 1
        and session.end_time
        and _minutes(session.end_time) <= _minutes(session.start_time)
    ):
        raise ValidationError(F_END, "应晚于开始时间")
    session.hours = check_hours(session.hours, session.days, F_HOURS)
    if session.kind != ONLINE_EXAM:
        session.expected = None
    elif session.expected is not None and not 1 <= session.expected <= MAX_EXPECTED:
        raise ValidationError(F_EXPECTED, "应为正整数,或不填(按参考名单人数计算)")
    laws = [optional_text(law, F_LAWS) for law in session.laws]
    session.laws = parse_laws("\n".join(laws))
    check_texts(session, SESSION_TEXTS)


def check_hours(hours: float | str | None, days: int, field_name: str) -> float:
    """Hours must be positive and at most 24 per day."""
    value = parse_number(hours, field_name)
    if value is None:
        raise ValidationError(field_name, "必须填写")
    if value <= 0:
        raise ValidationError(field_name, "必须大于 0")
    limit = MAX_HOURS_PER_DAY * days
    if value > limit:
        raise ValidationError(
            field_name, f"不能超过 {limit} 小时(每天最多 {MAX_HOURS_PER_DAY} 小时)"
        )
    return value


def default_hours(status: AttendanceStatus, session_hours: float) -> float:
    """Credited hours by default: the session's hours when present, 0 otherwise."""
    return session_hours if status == AttendanceStatus.PRESENT else 0.0


def check_attendance(att: Attendance, session: TrainingSession) -> None:
    """Status known; credited hours within the session's; score 0–100 and only when present."""
    try:
        att.status = AttendanceStatus(att.status)
    except ValueError:
        raise ValidationError(F_STATUS, f"应为 {'、'.join(ATTENDANCE_STATUSES)} 之一") from None
    present = att.status == AttendanceStatus.PRESENT
    hours = parse_number(att.hours, F_CREDITED)
    if hours is None:
        hours = default_hours(att.status, session.hours)
    if present:
        if hours <= 0:
            raise ValidationError(F_CREDITED, "出席时计入学时必须大于 0")
        if hours > session.hours:
            raise ValidationError(F_CREDITED, f"不能超过本次活动的学时 {hours_text(session.hours)}")
    elif hours:
        raise ValidationError(F_CREDITED, f"{att.status.value}人员的计入学时应为 0")
    att.hours = hours
    att.score = parse_number(att.score, F_SCORE)
    if att.score is not None:
        if att.score > MAX_SCORE:
            raise ValidationError(F_SCORE, "应在 0 到 100 之间")
        if not present:
            raise ValidationError(F_SCORE, f"{att.status.value}人员不能填写成绩")
    att.remark = optional_text(att.remark, "备注")


def _minutes(hhmm: str) -> int:
    hour, minute = hhmm.split(":")
    return int(hour) * 60 + int(minute)


# -- figures ---------------------------------------------------------------------------
def hours_text(value: float | None) -> str:
    """Hours without a needless decimal: 40, 2.5."""
    if value is None:
        return ""
    value = round(float(value), 1)
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def percent_text(part: int, whole: int) -> str:
    """A share as offices write it: 100%, 85.3% ('—' when there is nothing to divide)."""
    if not whole:
        return "—"
    value = round(part * 100 / whole, 1)
    return f"{value:g}%" if value == int(value) else f"{value:.1f}%"


@dataclass
class ExamFigures:
    """Online law exam (在线学法考试) figures of one session or one year."""

    sessions: int = 0
    expected: int = 0  # 应参考人数
    participants: int = 0  # 实际参考人数 (出席)
    scored: int = 0  # participants with a score entered
    passed: int = 0
    excellent: int = 0

    @classmethod
    def of_session(
        cls,
        results: Iterable[tuple[AttendanceStatus | str, float | None]],
        rules: TrainingRules,
        expected: int | None = None,
    ) -> ExamFigures:
        """Figures from (status, score) of everyone listed on one exam session."""
        figures = cls(sessions=1)
        listed = 0
        for status, score in results:
            listed += 1
            if status != AttendanceStatus.PRESENT:
                continue
            figures.participants += 1
            if score is not None:
                figures.scored += 1
                figures.passed += score >= rules.pass_mark
                figures.excellent += score >= rules.excellent_mark
        figures.expected = expected if expected is not None else listed
        return figures

    def text(self, rules: TrainingRules) -> str:
        """The exam part of the yearly line."""
        text = (
            f"在线学法考试应参考 {self.expected} 人、实际参考 {self.participants} 人,"
            f"参与率 {percent_text(self.participants, self.expected)},"
            f"及格率 {percent_text(self.passed, self.scored)},"
            f"优秀率({rules.excellent_mark:g}分以上){percent_text(self.excellent, self.scored)}"
        )
        if self.scored < self.participants:
            text += f"({self.participants - self.scored} 人未录入成绩)"
        return text


@dataclass
class YearFigures:
    """What the yearly rule-of-law report needs from the training ledger."""

    year: int
    by_kind: dict[str, int] = field(default_factory=dict)
    participants: int = 0
    attendances: int = 0
    person_hours: float = 0.0
    exam: ExamFigures | None = None
    short: int = 0
    holders: int = 0

    @property
    def sessions(self) -> int:
        """All sessions of the year."""
        return sum(self.by_kind.values())

    def kinds_text(self) -> str:
        """中心组学法 5 次、旁听庭审 1 次 (kinds with no session left out)."""
        return "、".join(f"{k} {n} 次" for k in SESSION_KINDS if (n := self.by_kind.get(k, 0)))

    def text(self, rules: TrainingRules) -> str:
        """The yearly figures line shown on the page and in the ledger."""
        parts = [f"{self.year}年共组织学法培训 {self.sessions} 次"]
        if self.sessions:
            parts[0] += f"({self.kinds_text()})"
        parts.append(
            f"参加 {self.participants} 人、{self.attendances} 人次,"
            f"累计 {hours_text(self.person_hours)} 学时"
        )
        if self.exam is not None:
            parts.append(self.exam.text(rules))
        if self.holders:
            minimum = hours_text(rules.min_hours)
            parts.append(f"执法人员 {self.holders} 人中 {self.short} 人未达 {minimum} 学时")
        return ";".join(parts)


# -- the yearly minimum ----------------------------------------------------------------------
def training_required(person_status: str, certificate_statuses: Iterable[str]) -> bool:
    """Whether a person must reach the yearly minimum: in service, holding a certificate.

    Held means 有效 or 暂扣 (an expired certificate is held until renewed or cancelled).
    """
    held = any(status in HELD_STATUSES for status in certificate_statuses)
    return person_status == PersonStatus.ACTIVE.value and held


def hours_shortfall(hours: float, minimum: float, required: bool) -> float:
    """Hours lacking of the yearly minimum; 0 when enough or when not ``required``.

    The year's hours are rounded to one decimal first, as every list and ledger shows them.
    """
    credited = round(hours, 1)
    if not required or credited >= minimum:
        return 0.0
    return round(minimum - credited, 1)


# The 操作日志's names of each audited record's fields (the forms' labels), by record type.
AUDIT_LABELS: dict[str, dict[str, str]] = {
    "training_session": {
        "title": "名称",
        "date": "日期",
        "kind": "类型",
        "hours": "学时",
        "end_date": "结束日期",
        "start_time": "开始时间",
        "end_time": "结束时间",
        "organiser": "组织单位",
        "place": "地点",
        "speaker": "主讲人",
        "laws": "学习法律法规",
        "expected": "应到人数",
    },
    "attendance": {
        "session_id": "培训编号",
        "person_id": "人员编号",
        "person_ids": "人员编号",
        "ids": "出勤记录编号",
        "name": "姓名",
        "unit": "单位",
        "department": "处室/科室",
        "post": "职务",
        "status": "出勤",
        "hours": "学时",
        "score": "成绩",
        "remark": "备注",
    },
}
