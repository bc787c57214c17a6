"""督办: late or stalled items escalated in writing, and which warning is the most urgent.

三色督办 as offices practise it: an item that is late or stalled first gets a 提醒函, then a
督办通知, then the responsible leader is summoned (约谈); "一事一单" means one document per
item, otherwise one per department lists all of its items. Each escalation is recorded on the
item with its level, date and document number (发文字号), so the next one goes a level up.

A problem shows the most urgent warning that it or any of its measures carries (red beats
yellow beats blue). ``most_urgent`` says it in Python; ``storage.rectification.urgency``
says it in SQL (tests/storage/test_urgency_parity.py keeps them equal).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.rectification import Alert
from desktop_app.domain.text import fold_width, optional_text

# In order of urgency: the first is the most urgent.
URGENCY: tuple[Alert, ...] = (Alert.OVERDUE, Alert.STALLED, Alert.NEAR)


def urgency_rank(alert: Alert | str) -> int:
    """3 for 逾期, 2 for 滞后, 1 for 临期, 0 for none (the SQL twin ranks the same)."""
    try:
        return len(URGENCY) - URGENCY.index(Alert(alert))
    except ValueError:
        return 0


def most_urgent(alerts: Iterable[Alert | str]) -> Alert:
    """The most urgent of some warnings (none when there are none)."""
    best = max((urgency_rank(a) for a in alerts), default=0)
    return URGENCY[len(URGENCY) - best] if best else Alert.NONE


class Level(StrEnum):
    """The steps of 督办, from the mildest."""

    REMINDER = "提醒函"
    NOTICE = "督办通知"
    SUMMONS = "约谈通知"


LEVELS = tuple(level.value for level in Level)
_LEVEL_ORDER = tuple(Level)
PER_DEPARTMENT, PER_ITEM = "department", "item"
GROUPINGS = (
    (PER_DEPARTMENT, "每个部门一份(列出该部门全部事项)"),
    (PER_ITEM, "每个事项一份(一事一单)"),
)
TITLES = {
    Level.REMINDER: "关于加快推进整改工作的提醒函",
    Level.NOTICE: "关于加快推进整改工作的督办通知",
    Level.SUMMONS: "关于整改工作约谈的通知",
}


def next_level(sent: Iterable[Level | str]) -> Level:
    """The level the next escalation of an item takes: one above the highest already sent."""
    done = [_LEVEL_ORDER.index(Level(s)) for s in sent]
    if not done:
        return Level.REMINDER
    return _LEVEL_ORDER[min(max(done) + 1, len(_LEVEL_ORDER) - 1)]


def level_of(text: str) -> Level:
    """A level from its name (提醒函 / 督办通知 / 约谈通知, or 约谈); refuses any other."""
    value = fold_width(optional_text(text, "督办级别")).strip()
    if value == "约谈":
        value = Level.SUMMONS.value
    try:
        return Level(value)
    except ValueError:
        raise ValidationError("督办级别", f"应为 {'、'.join(LEVELS)} 之一") from None


@dataclass
class EscalationItem:
    """One late or stalled problem or measure, as a 督办 document lists it."""

    problem_id: int
    subject: str  # the problem's description or the measure's content
    department: str  # 牵头部门 (the addressee)
    leader: str = ""
    deadline: date | None = None
    status: str = ""
    warning: str = ""  # 逾期 / 滞后 / 临期
    last_progress: date | None = None
    measure_id: int | None = None
    problem: str = ""  # for a measure: its problem's description
    inspection: str = ""
    sent: list[str] = field(default_factory=list)  # levels already sent for it, oldest first

    @property
    def key(self) -> tuple[int, int | None]:
        """(problem id, measure id): what an escalation is recorded on."""
        return self.problem_id, self.measure_id

    def next_level(self) -> Level:
        """The level this item's next escalation takes."""
        return next_level(self.sent)

    def days_late(self, on: date) -> int:
        """Days past the deadline on ``on`` (0 when not late)."""
        if self.deadline is None or self.warning != Alert.OVERDUE:
            return 0
        return max((on - self.deadline).days, 0)


@dataclass
class Escalation:
    """A recorded escalation of one item: which document, level, date and number."""

    problem_id: int
    level: Level
    date: date
    doc_no: str
    department: str
    measure_id: int | None = None
    notice_id: int | None = None
    id: int | None = None

    def text(self) -> str:
        """How the history and the ledger show it: 2022年10月11日 督办通知(通科督〔2022〕3号)."""
        number = f"({self.doc_no})" if self.doc_no else ""
        return f"{self.date.isoformat()} {self.level.value}{number}"


def group_items(
    items: Sequence[EscalationItem], grouping: str
) -> list[tuple[str, list[EscalationItem]]]:
    """(addressee, items) of each document: one per department, or one per item."""
    if grouping == PER_ITEM:
        return [(item.department or "有关部门", [item]) for item in items]
    groups: dict[str, list[EscalationItem]] = {}
    for item in items:
        groups.setdefault(item.department or "有关部门", []).append(item)
    return list(groups.items())


_NUMBER = re.compile(r"^(?P<prefix>.*?)〔(?P<year>\d{4})〕(?P<n>\d+)号$")


def doc_number(prefix: str, year: int, n: int) -> str:
    """发文字号: 机关代字 + 〔year〕 + number + 号 ("通科督〔2022〕3号"); '' without a prefix."""
    prefix = prefix.strip()
    return f"{prefix}〔{int(year)}〕{int(n)}号" if prefix else ""


def number_in(doc_no: str, prefix: str, year: int) -> int | None:
    """The serial number of ``doc_no`` when it is ``prefix``'s number of ``year``."""
    match = _NUMBER.match(doc_no.strip())
    if not match or match["prefix"] != prefix.strip() or int(match["year"]) != int(year):
        return None
    return int(match["n"])


def next_doc_number(prefix: str, year: int, used: Iterable[str]) -> str:
    """The next free number of ``prefix`` in ``year`` after those already ``used``."""
    numbers = [n for d in used if (n := number_in(d, prefix, year)) is not None]
    return doc_number(prefix, year, max(numbers, default=0) + 1)


def reason_phrase(items: Sequence[EscalationItem]) -> str:
    """已逾期 / 进展滞后 / 临近整改时限, joined for the items' warnings in urgency order."""
    words = {
        Alert.OVERDUE: "已超过整改时限",
        Alert.STALLED: "长期无新进展",
        Alert.NEAR: "临近整改时限",
    }
    found = {Alert(i.warning) for i in items if i.warning}
    return "、".join(words[a] for a in URGENCY if a in found) or "进展缓慢"


def check_escalation(on: date | None, doc_no: str) -> tuple[date, str]:
    """A recorded escalation has a date; its number (when given) is storable text."""
    if on is None:
        raise ValidationError("成文日期", "必须填写")
    return on, optional_text(doc_no, "发文字号").strip()
