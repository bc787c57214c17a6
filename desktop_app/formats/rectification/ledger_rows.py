"""The rows of one problem on an inspection sheet of the rectification ledger.

One row per measure (a problem without measures gets one row of its own); the problem's
序号, 问题类别 and 问题描述 on each (merged over them when the clerk asks). A measure's empty
leader, departments, deadline, progress, evidence and sign-off fall back to the problem's.
In the weekly ledger each row lists the period's changes of its measure in 本期新进展, the
problem's own changes on the problem's first row, and a row with a change is highlighted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from desktop_app.domain.period_changes import Change, ChangeKind, in_order
from desktop_app.domain.rectification import Alert, Measure, Problem, WarningRules, warning_for

DEADLINE_COL = 7  # 0-based index of 整改时限
STATUS_COL = 9  # 0-based index of 状态
MERGED = 3  # 序号, 问题类别, 问题描述: the problem's own cells
WARNING_FILLS = {Alert.OVERDUE: "overdue", Alert.STALLED: "stalled", Alert.NEAR: "near"}
Changes = dict[tuple[str, int], list[Change]]  # as storage.rectification.period gives them
Row = tuple[list[Any], str | None, dict[int, str] | None, bool]


def evidence_title(file_name: str) -> str:
    """How the ledger names an evidence file: its title, without the file's extension."""
    stem = PurePath(file_name.replace("\\", "/")).stem if "." in file_name else file_name
    return stem.strip() or file_name


@dataclass(frozen=True)
class Period:
    """The weekly ledger's period and what changed in it, by record (``changes`` None:
    what the records themselves show, see ``own_changes``)."""

    since: date
    until: date
    changes: Changes | None = None
    changed_only: bool = False

    def of(self, problem: Problem, item: Problem | Measure) -> list[Change]:
        """The changes of a problem (its own) or of one of its measures."""
        if self.changes is None:
            return own_changes(problem, item, self.since, self.until)
        key = ("m", item.id or 0) if isinstance(item, Measure) else ("p", problem.id or 0)
        return self.changes.get(key, [])


def own_changes(
    problem: Problem, item: Problem | Measure, since: date, until: date
) -> list[Change]:
    """Changes of the period that a record itself shows: its latest progress, completion and
    sign-off dates (for a ledger written without the log's list of changes)."""
    is_measure = isinstance(item, Measure)
    where = (problem.id or 0, item.id if is_measure else None)
    changes: list[Change] = []
    latest = item.latest_progress
    if latest is not None and since <= latest.date <= until:
        changes.append(Change(ChangeKind.PROGRESS, latest.date, *where, latest.text))
    done = item.completion_date
    completed = (is_measure or not problem.measures) and item.status == "已完成"
    if completed and done is not None and since <= done <= until:
        changes.append(Change(ChangeKind.COMPLETED, done, *where))
    if item.signoff is not None and since <= item.signoff.date <= until:
        changes.append(Change(ChangeKind.SIGNED_OFF, item.signoff.date, *where))
    return in_order(changes)


def problem_rows(
    problem: Problem, today: date, rules: WarningRules, period: Period | None
) -> list[Row]:
    """The rows of one problem, as ``SheetWriter.append_block`` takes them; in a weekly
    ledger listing only changed rows, none when nothing of the problem changed."""
    measures: list[Measure | None] = list(problem.measures) or [None]
    if period is None:
        return [_row(problem, m, today, rules, None) for m in measures]
    own = period.of(problem, problem)
    lines = [[c.line() for c in period.of(problem, m)] if m else [] for m in measures]
    kept = [i for i, found in enumerate(lines) if found or not period.changed_only]
    if own and not kept:
        kept = [0]
    if kept and own:  # the problem's own changes on its first row shown
        of_problem = bool(problem.measures)
        lines[kept[0]] = [c.line(of_problem) for c in own] + lines[kept[0]]
    return [_row(problem, measures[i], today, rules, "\n".join(lines[i])) for i in kept]


def _row(
    problem: Problem,
    measure: Measure | None,
    today: date,
    rules: WarningRules,
    news: str | None,
) -> Row:
    """One ledger row; ``news`` is the 本期新进展 cell of a weekly ledger (None: none)."""
    item: Measure | Problem = measure if measure is not None else problem
    deadline = item.deadline or problem.deadline
    latest = item.latest_progress or problem.latest_progress
    signoff = item.signoff or problem.signoff
    warning = warning_for(item.status, deadline, item.last_progress, today, rules)
    progress = latest.text if latest else ""
    if item.escalations:  # 督办 recorded on the item
        progress = "\n".join([progress, *(f"【督办】{e}" for e in item.escalations)]).strip()
    marked = f"【{problem.repeat_of}】" if problem.repeat_of else ""  # 屡查屡犯
    values: list[Any] = [
        problem.seq or None,
        problem.category,
        f"{marked}{problem.description}",
        measure.content if measure is not None else "",
        item.leader or problem.leader,
        item.lead_dept or problem.lead_dept,
        item.resp_depts or problem.resp_depts,
        deadline,
        progress,
        item.status,
        item.completion_date,
        item.completion_way,
        signoff.date if signoff else None,
        "、".join(evidence_title(name) for name in (item.evidence or problem.evidence)),
    ]
    if news is not None:
        values.append(news)
    fill = WARNING_FILLS.get(warning)
    return (values, "highlight" if news else None, {DEADLINE_COL: fill} if fill else None, False)
