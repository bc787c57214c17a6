"""销号 rules: when a problem or a measure may be signed off, and why not in words.

A problem may be signed off only when every one of its measures is 已完成 (or 长期坚持, when
the settings count it as done) and, by default, when evidence (佐证材料) is attached; a measure
by the same rule on itself. The reason for a refusal names the measures that block it, so that
the clerk is told before filling in the sign-off form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.errors import LockedError, UserError, ValidationError
from desktop_app.domain.rectification import Measure, Problem, Status

SHOWN_MEASURES = 8  # a refusal names at most this many blocking measures


@dataclass(frozen=True)
class SignOffRules:
    """The office's 销号 settings (the settings ``rectification.<field>``)."""

    signoff_long_term: bool = False  # a 长期坚持 item counts as done for 销号
    signoff_evidence: bool = True  # 佐证材料 must be attached before 销号


class SignOffRefused(UserError):
    """The item does not meet the 销号 rules; ``str()`` lists every reason."""


def done_statuses(rules: SignOffRules) -> frozenset[Status]:
    """The statuses that allow 销号 under these rules."""
    if rules.signoff_long_term:
        return frozenset({Status.COMPLETED, Status.LONG_TERM})
    return frozenset({Status.COMPLETED})


def _allowed_words(rules: SignOffRules) -> str:
    return "“已完成”或“长期坚持”" if rules.signoff_long_term else "“已完成”"


def _measure_line(measure: Measure) -> str:
    content = measure.content if len(measure.content) <= 30 else measure.content[:29] + "…"
    return f"措施{measure.seq}:{content}({measure.status.value})"


def _blocking_measures(measures: Sequence[Measure], rules: SignOffRules) -> list[str]:
    allowed = done_statuses(rules)
    lines = [_measure_line(m) for m in measures if m.status not in allowed]
    if len(lines) > SHOWN_MEASURES:
        lines = [*lines[:SHOWN_MEASURES], f"……另有 {len(lines) - SHOWN_MEASURES} 项"]
    return lines


def _evidence_reason(kind: str, evidence_count: int, rules: SignOffRules) -> list[str]:
    if not rules.signoff_evidence or evidence_count:
        return []
    where = "该问题及其措施" if kind == "问题" else "该措施"
    return [f"{where}尚未添加佐证材料(按“整改督办规则”的设置,销号前须有佐证材料)。"]


def problem_refusals(
    problem: Problem, measures: Sequence[Measure], evidence_count: int, rules: SignOffRules
) -> list[str]:
    """Why this problem cannot be signed off now (empty when it can); ``evidence_count``
    counts the evidence of the problem and of its measures."""
    if problem.signoff is not None:
        return ["该问题已销号,不能重复销号。"]
    reasons: list[str] = []
    blocking = _blocking_measures(measures, rules)
    if blocking:
        head = f"以下整改措施尚未完成(只有{_allowed_words(rules)}的措施才能销号):"
        reasons.append("\n".join([head, *(f"  {line}" for line in blocking)]))
    elif not measures and problem.status not in done_statuses(rules):
        reasons.append(
            f"问题状态为“{problem.status.value}”,只有{_allowed_words(rules)}的问题才能销号。"
        )
    return reasons + _evidence_reason("问题", evidence_count, rules)


def measure_refusals(
    measure: Measure, problem: Problem, evidence_count: int, rules: SignOffRules
) -> list[str]:
    """Why this measure cannot be signed off now (empty when it can)."""
    if problem.signoff is not None:
        return ["所属问题已销号,措施不能再单独销号。"]
    if measure.signoff is not None:
        return ["该措施已销号,不能重复销号。"]
    reasons: list[str] = []
    if measure.status not in done_statuses(rules):
        reasons.append(
            f"措施状态为“{measure.status.value}”,只有{_allowed_words(rules)}的措施才能销号。"
        )
    return reasons + _evidence_reason("措施", evidence_count, rules)


def refusal_text(kind: str, reasons: Sequence[str]) -> str:
    """One message for the reasons (``kind``: 问题 or 措施)."""
    return f"该{kind}暂不能销号:\n" + "\n".join(reasons)


def check_refusals(kind: str, reasons: Sequence[str], already_signed: bool) -> None:
    """Raise the refusal (LockedError when the item is already signed off)."""
    if not reasons:
        return
    if already_signed:
        raise LockedError(reasons[0])
    raise SignOffRefused(refusal_text(kind, reasons))


def check_signoff_date(on: date, done: date | None) -> None:
    """The 销号 date cannot precede the completion date."""
    if done and on < done:
        raise ValidationError("销号日期", "销号日期不能早于完成时间")
