"""The rectification ledger (整改工作台账) as an Excel workbook, built on ``xlsx_ledger``.

Sheet "汇总" comes first (one line per inspection plus a 合计 line computed here, not
by formulas), then one sheet per inspection with one row per measure (整改措施): see
``ledger_rows``. With a period (the weekly ledger) every change of the period is listed in
a 本期新进展 column and counted in a 本期变化 line at the top.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.period_changes import Change, tally_text
from desktop_app.domain.rectification import (
    STATUSES,
    Alert,
    Inspection,
    Problem,
    Status,
    WarningRules,
    warning_for,
)
from desktop_app.formats.ledger_columns import SEQ
from desktop_app.formats.rectification.ledger_rows import (
    DEADLINE_COL,
    MERGED,
    STATUS_COL,
    Changes,
    Period,
    problem_rows,
)
from desktop_app.formats.xlsx_ledger import (
    ColumnKind,
    LedgerColumn,
    LedgerWriter,
    SheetWriter,
    export_line,
)
from desktop_app.jobs import CancelCheck, RowProgress

__all__ = ["DEADLINE_COL", "STATUS_COL", "Period"]

SUMMARY_SHEET = "汇总"
SUMMARY_TITLE = "整改工作汇总表"
SUMMARY_COLUMNS = (
    SEQ,
    LedgerColumn("检查名称", 30, wrap=True),
    LedgerColumn("类别", 10),
    LedgerColumn("问题数", 8, "int"),
    LedgerColumn("整改措施数", 10, "int"),
    LedgerColumn(Status.NOT_STARTED.value, 8, "int"),
    LedgerColumn(Status.IN_PROGRESS.value, 8, "int"),
    LedgerColumn(Status.COMPLETED.value, 8, "int"),
    LedgerColumn(Status.LONG_TERM.value, 8, "int"),
    LedgerColumn("逾期", 8, "int"),
    LedgerColumn("完成率", 10, "percent"),
)
# Columns and widths (weekly ledger second) for 10-point text on A4 landscape (140 units).
# A four-character header prints on one line from 8.2 units, as 2 + 2 below 6.
_LEDGER = (
    ("序号", 4.5, 4.5, "int"),
    ("问题类别", 6, 6, "text"),
    ("问题描述", 19.9, 14.5, "text"),
    ("整改措施", 19.9, 14.5, "text"),
    ("责任领导", 5.9, 5.5, "text"),
    ("牵头部门", 5.9, 5.5, "text"),
    ("责任部门", 5.9, 5.5, "text"),
    ("整改时限", 11, 11, "date"),
    ("整改进展", 16.7, 11.5, "text"),
    ("状态", 8.4, 8.4, "centred"),
    ("完成时间", 11, 11, "date"),
    ("完成方式", 5.5, 5.5, "text"),
    ("销号日期", 11, 11, "date"),
    ("佐证材料", 8.4, 6, "text"),
)


_KINDS: dict[str, tuple[ColumnKind, bool]] = {  # how a column shows: kind, wrapped
    "int": ("int", False),
    "date": ("date", False),
    "text": ("text", True),
    "centred": ("text", False),
}


def _columns(weekly: bool) -> tuple[LedgerColumn, ...]:
    """The inspection sheet's columns, as wide as the ordinary or the weekly ledger has them."""
    return tuple(
        LedgerColumn(title, week if weekly else width, *_KINDS[kind])
        for title, width, week, kind in _LEDGER
    )


LEDGER_COLUMNS = _columns(weekly=False)
WEEKLY_COLUMNS = (*_columns(weekly=True), LedgerColumn("本期新进展", 19.6, wrap=True))
SUMMARY_OVERDUE_COL = 9


@dataclass
class SummaryRow:
    """One inspection's line on the 汇总 sheet; status counts are of problems."""

    inspection: str
    kind: str
    problems: int
    measures: int
    not_started: int
    in_progress: int
    completed: int
    long_term: int
    overdue: int
    completion_rate: float  # 0.0 – 1.0


def summary_row(
    inspection: Inspection, problems: Iterable[Problem], *, today: date, rules: WarningRules
) -> SummaryRow:
    """Count one inspection's problems by status; completion rate = 已完成 / problems."""
    counts = dict.fromkeys(Status, 0)
    total = measures = overdue = 0
    for problem in problems:
        total += 1
        measures += len(problem.measures)
        counts[Status(problem.status)] += 1
        warning = warning_for(problem.status, problem.deadline, problem.last_progress, today, rules)
        overdue += warning == Alert.OVERDUE
    return SummaryRow(
        inspection=inspection.name,
        kind=inspection.kind,
        problems=total,
        measures=measures,
        not_started=counts[Status.NOT_STARTED],
        in_progress=counts[Status.IN_PROGRESS],
        completed=counts[Status.COMPLETED],
        long_term=counts[Status.LONG_TERM],
        overdue=overdue,
        completion_rate=counts[Status.COMPLETED] / total if total else 0.0,
    )


def write_rectification_ledger(
    path: str | os.PathLike[str],
    sections: Iterable[tuple[Inspection, Iterable[Problem]]],
    *,
    today: date,
    rules: WarningRules,
    since: date | None = None,
    summary: list[SummaryRow],
    changes: Mapping[int, Changes] | None = None,
    merge: bool = False,
    changed_only: bool = False,
    progress: RowProgress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write the ledger workbook; return the rows written on the inspection sheets.

    ``sections`` and each section's problems may be generators: consumed once, in order,
    never held in memory. With ``since`` (the weekly ledger) ``changes`` are the period's
    changes by inspection id (``storage.rectification.period``; without them, what the
    records show: latest progress, completion and sign-off dates), listed in 本期新进展;
    ``changed_only`` leaves out the rows without a change (and the sheets of inspections
    without one). ``merge`` merges a problem's
    序号, 问题类别 and 问题描述 over its measures (else repeated, for filtering).
    ``progress`` receives all data rows written so far (summary lines included). Raises
    ``UserError`` when ``path`` cannot be written and ``Cancelled`` when ``cancelled()``
    turns true; then nothing is left.
    """
    period = f"本期:{since.isoformat()} 至 {today.isoformat()}" if since else ""
    rows = 0
    with LedgerWriter(path, progress=progress, cancelled=cancelled) as ledger:
        everything = [c for by in (changes or {}).values() for cs in by.values() for c in cs]
        tally = tally_text(everything) if since and changes is not None else ""
        _write_summary(ledger, summary, today, "    ".join(p for p in (period, tally) if p))
        for inspection, problems in sections:
            weekly = None
            if since is not None:
                found = None if changes is None else changes.get(inspection.id or 0, {})
                weekly = Period(since, today, found, changed_only)
                if found is None:  # the records' own changes: count them as the rows go
                    problems = list(problems)
                if changed_only and not _changes_of(weekly, problems):
                    continue  # nothing changed: no sheet of empty headers
            sheet = _start_inspection_sheet(ledger, inspection, today, rules, weekly, problems)
            for problem in problems:
                block = problem_rows(problem, today, rules, weekly)
                sheet.append_block(block, MERGED if merge else 0)
                rows += len(block)
    return rows


def _write_summary(
    ledger: LedgerWriter, summary: list[SummaryRow], today: date, period: str
) -> None:
    """The 汇总 sheet: one line per inspection and a 合计 line computed in Python."""
    sheet = ledger.add_sheet(
        SUMMARY_SHEET, SUMMARY_TITLE, SUMMARY_COLUMNS, subtitle=export_line(today, period)
    )
    for seq, row in enumerate(summary, 1):
        sheet.append(
            [seq, row.inspection, row.kind, *_counts(row), row.completion_rate],
            cell_fills={SUMMARY_OVERDUE_COL: "overdue"} if row.overdue else None,
        )
    if not summary:
        return
    totals = [sum(column) for column in zip(*(_counts(row) for row in summary), strict=True)]
    problems = totals[0]
    weighted = sum(row.completion_rate * row.problems for row in summary)
    sheet.append(
        [None, "合计", None, *totals, weighted / problems if problems else 0.0],
        cell_fills={SUMMARY_OVERDUE_COL: "overdue"} if totals[-1] else None,
        bold=True,
    )


def _counts(row: SummaryRow) -> list[int]:
    """The summed columns of one summary line, in sheet order."""
    return [
        row.problems,
        row.measures,
        row.not_started,
        row.in_progress,
        row.completed,
        row.long_term,
        row.overdue,
    ]


def ledger_title(inspection: str) -> str:
    """整改工作台账 of an inspection, its name's own 整改 not repeated (…问题整改工作台账)."""
    return f"{inspection.removesuffix('整改')}整改工作台账"


def _start_inspection_sheet(
    ledger: LedgerWriter,
    inspection: Inspection,
    today: date,
    rules: WarningRules,
    weekly: Period | None,
    problems: Iterable[Problem],
) -> SheetWriter:
    """Add one inspection's sheet with its title, subtitle (本期变化 of a weekly ledger),
    legend of the colours and header."""
    doc_no = f"整改方案:{inspection.plan_doc_no}" if inspection.plan_doc_no else ""
    columns = WEEKLY_COLUMNS if weekly is not None else LEDGER_COLUMNS
    legend = [
        ("逾期", "overdue"),
        (f"滞后:{rules.stall_days}天无进展", "stalled"),
        (f"临期:{rules.lead_days}天内到期", "near"),
    ]
    parts = [doc_no]
    if weekly is not None:
        legend.append(("本期有变化", "highlight"))
        parts.append(f"本期:{weekly.since.isoformat()} 至 {weekly.until.isoformat()}")
        parts.append(tally_text(_changes_of(weekly, problems)))
        if weekly.changed_only:
            parts.append("仅列出本期有变化的行")
    return ledger.add_sheet(
        inspection.name,
        ledger_title(inspection.name),
        columns,
        subtitle=export_line(today, *parts),
        validations={STATUS_COL: list(STATUSES)},
        legend=legend,
    )


def _changes_of(weekly: Period, problems: Iterable[Problem]) -> list[Change]:
    """Every change of the period on these problems (read from ``weekly`` when it has them;
    ``problems`` is then not read, it may be a generator)."""
    if weekly.changes is not None:
        return [c for changes in weekly.changes.values() for c in changes]
    found: list[Change] = []
    for problem in problems:  # a list: see write_rectification_ledger
        found += weekly.of(problem, problem)
        for measure in problem.measures:
            found += weekly.of(problem, measure)
    return found
