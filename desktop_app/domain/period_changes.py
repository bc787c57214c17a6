"""What changed in a reporting period (本期) on a problem or a measure: the weekly ledger.

Every change is one ``Change`` with its date: each progress entry, a completion, a sign-off
or its undoing, a deadline moved, a new problem or measure. The ledger lists them in its
本期新进展 column and counts them in the 本期变化 line at the top.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class ChangeKind(StrEnum):
    """The kinds of change, in the order the 本期变化 line counts them."""

    NEW_PROBLEM = "新增问题"
    NEW_MEASURE = "新增措施"
    PROGRESS = "进展"
    COMPLETED = "整改完成"
    SIGNED_OFF = "销号"
    REOPENED = "撤销销号"
    DEADLINE = "调整整改时限"


# How the 本期变化 line counts each kind: (what, measure word).
_COUNTED = {
    ChangeKind.NEW_PROBLEM: ("新增问题", "个"),
    ChangeKind.NEW_MEASURE: ("新增整改措施", "项"),
    ChangeKind.PROGRESS: ("记录整改进展", "条"),
    ChangeKind.COMPLETED: ("整改完成", "项"),
    ChangeKind.SIGNED_OFF: ("销号", "项"),
    ChangeKind.REOPENED: ("撤销销号", "项"),
    ChangeKind.DEADLINE: ("调整整改时限", "项"),
}
_ORDER = {kind: index for index, kind in enumerate(ChangeKind)}


@dataclass(frozen=True)
class Change:
    """One change of the period on a problem (``measure_id`` None) or one of its measures."""

    kind: ChangeKind
    day: date
    problem_id: int
    measure_id: int | None = None
    text: str = ""  # the progress, the reason of a re-open, the old and new deadline

    @property
    def key(self) -> tuple[str, int]:
        """("m", measure id) or ("p", problem id): the record the change belongs to."""
        if self.measure_id is not None:
            return ("m", self.measure_id)
        return ("p", self.problem_id)

    def line(self, of_problem: bool = False) -> str:
        """The change as the 本期新进展 cell lists it; ``of_problem``: a problem's change
        shown on the row of one of its measures."""
        prefix = "问题" if of_problem and self.kind != ChangeKind.NEW_PROBLEM else ""
        if self.kind == ChangeKind.DEADLINE:
            body = prefix + self.text
        else:
            body = prefix + self.kind.value + (f":{self.text}" if self.text else "")
        return f"{self.day.isoformat()} {body}"


def deadline_text(before: date | None, after: date | None) -> str:
    """整改时限由2026-12-31调整为2027-03-31 (或“设为”“取消”)."""
    if before is None and after is not None:
        return f"整改时限设为{after.isoformat()}"
    if after is None and before is not None:
        return f"取消整改时限(原为{before.isoformat()})"
    return f"整改时限由{before}调整为{after}"


def in_order(changes: Iterable[Change]) -> list[Change]:
    """Changes by date, then kind (a new record before its progress)."""
    return sorted(changes, key=lambda c: (c.day, _ORDER[c.kind]))


def tally_text(changes: Iterable[Change]) -> str:
    """The 本期变化 line: 新增问题1个、记录整改进展12条、销号19项… (or 本期无变化)."""
    counts = Counter(change.kind for change in changes)
    parts = [
        f"{what}{counts[kind]}{unit}" for kind, (what, unit) in _COUNTED.items() if counts[kind]
    ]
    return "本期变化:" + "、".join(parts) if parts else "本期变化:无"
