"""屡查屡犯 and 回头看: problems found again in a later inspection, re-checks of closed items.

A problem of a new inspection *resembles* a problem of an earlier one when their texts are
alike: the similarity of the two descriptions, punctuation and spaces taken away, is at
least the office's threshold (a setting, in %). Similarity is rapidfuzz's normalised Indel
ratio (``fuzz.ratio``), or 90% of the best partial alignment (``fuzz.partial_ratio``) when
the shorter text is long enough to mean something on its own — so that "规范性文件备案审查落实
不到位" is found again inside a longer rewording of it. The clerk confirms or dismisses each
flag; a dismissed pair is never flagged again.

回头看 (re-check): a round over signed-off problems; each is confirmed (整改到位) or re-opened
(重新整改) with a reason, which re-opens its sign-off and is logged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.text import optional_text, required_text

PARTIAL_WEIGHT = 0.9  # a partial alignment counts for less than a whole match
PARTIAL_MIN_CHARS = 8  # a shorter text is too general to be found inside another
CANDIDATES = 25  # whole-text matches looked at before the partial alignments are scored
MAX_FLAGS = 3  # earlier problems flagged per new problem, the most similar first
_NOISE = re.compile(r"[\W_]+", re.UNICODE)


class RepeatState(StrEnum):
    """Where a 屡查屡犯 flag stands."""

    PENDING = "待确认"
    CONFIRMED = "已确认"
    DISMISSED = "已排除"


# The problem list's filter on flags.
REPEATED = "屡查屡犯"
SUSPECTED = "疑似屡查屡犯"
REPEAT_FILTERS = (REPEATED, SUSPECTED)


def normalise(text: str) -> str:
    """The text compared: without spaces, punctuation and marks, letters in lower case."""
    return _NOISE.sub("", text or "").lower()


def similarity(a: str, b: str) -> float:
    """How alike two problem texts are, 0–100 (see the module docstring)."""
    from rapidfuzz import fuzz  # loaded when problems are compared, not at start-up

    x, y = normalise(a), normalise(b)
    if not x or not y:
        return 0.0
    score = fuzz.ratio(x, y)
    if min(len(x), len(y)) >= PARTIAL_MIN_CHARS:
        score = max(score, PARTIAL_WEIGHT * fuzz.partial_ratio(x, y))
    return round(float(score), 1)


@dataclass(frozen=True)
class Earlier:
    """A problem of an earlier inspection that a new one is compared with."""

    id: int
    text: str


@dataclass(frozen=True)
class Match:
    """A new problem resembling an earlier one, and how much (0–100)."""

    problem_id: int
    earlier_id: int
    score: float


class Matcher:
    """Compares new problems with the problems of earlier inspections.

    Identical texts are compared once; candidates are the best whole-text matches found by
    rapidfuzz's C code, then scored with ``similarity``.
    """

    def __init__(self, earlier: Iterable[Earlier], threshold: float) -> None:
        self.threshold = float(threshold)
        self._ids: dict[str, list[int]] = {}
        for item in earlier:
            key = normalise(item.text)
            if key:
                self._ids.setdefault(key, []).append(item.id)
        self._texts = list(self._ids)

    def matches(self, problem_id: int, text: str, skip: Iterable[int] = ()) -> list[Match]:
        """The earlier problems ``text`` resembles (at most ``MAX_FLAGS``), best first."""
        from rapidfuzz import fuzz, process

        query = normalise(text)
        if not query or not self._texts:
            return []
        floor = max(self.threshold - 100 * (1 - PARTIAL_WEIGHT) - 20, 0)
        found = process.extract(
            query, self._texts, scorer=fuzz.ratio, score_cutoff=floor, limit=CANDIDATES
        )
        skipped = set(skip)
        scored: list[Match] = []
        for candidate, _score, _index in found:
            score = similarity(query, candidate)
            if score < self.threshold:
                continue
            for earlier_id in self._ids[candidate]:
                if earlier_id != problem_id and earlier_id not in skipped:
                    scored.append(Match(problem_id, earlier_id, score))
        scored.sort(key=lambda m: (-m.score, m.earlier_id))
        return scored[:MAX_FLAGS]


def check_threshold(value: float) -> float:
    """The similarity threshold, 50–100 %."""
    if not 50 <= float(value) <= 100:
        raise ValidationError("屡查屡犯相似度", "应为 50 到 100 之间的数")
    return float(value)


# -- 回头看 ----------------------------------------------------------------------------------
class Outcome(StrEnum):
    """The result of re-checking one signed-off problem."""

    PENDING = "待复查"
    CONFIRMED = "整改到位"
    REOPENED = "重新整改"


OUTCOMES = tuple(o.value for o in Outcome)


@dataclass
class RecheckRound:
    """One 回头看 round: its name, the inspection it covers (None: all), when it is held."""

    name: str
    inspection_id: int | None = None
    planned_date: date | None = None
    notes: str = ""
    id: int | None = None


@dataclass
class RecheckItem:
    """One problem re-checked in a round, with the outcome and why."""

    round_id: int
    problem_id: int
    outcome: Outcome = Outcome.PENDING
    reason: str = ""
    checked_on: date | None = None
    checked_by: str = ""
    id: int | None = None
    # Filled when loading for the round's list and ledger:
    inspection: str = ""
    description: str = ""
    lead_dept: str = ""
    signoff_date: date | None = None


def check_round(round_: RecheckRound) -> None:
    """A round has a name; its notes must be storable."""
    round_.name = required_text(round_.name, "回头看名称")
    round_.notes = optional_text(round_.notes, "备注")


def check_outcome(outcome: Outcome | str, reason: str, on: date | None, by: str) -> tuple:
    """A re-check result: 整改到位 or 重新整改 (which needs a reason), dated and signed."""
    try:
        value = Outcome(outcome)
    except ValueError:
        raise ValidationError("复查结论", f"应为 {'、'.join(OUTCOMES[1:])} 之一") from None
    if value == Outcome.PENDING:
        raise ValidationError("复查结论", f"应为 {'、'.join(OUTCOMES[1:])} 之一")
    if value == Outcome.REOPENED:
        reason = required_text(reason, "重新整改理由")
    else:
        reason = optional_text(reason, "复查意见")
    if on is None:
        raise ValidationError("复查日期", "必须填写")
    return value, reason, on, optional_text(by, "复查人")


def round_counts(items: Sequence[RecheckItem]) -> dict[str, int]:
    """How many items of a round stand at each outcome."""
    counts = dict.fromkeys(OUTCOMES, 0)
    for item in items:
        counts[Outcome(item.outcome).value] += 1
    return counts
