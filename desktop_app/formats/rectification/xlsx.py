"""The rectification ledger (整改工作台账) as an Excel workbook, built on ``xlsx_ledgers``.

Sheet "汇总" comes first (one line per inspection plus a 合计 line computed here, not
by formulas), then one sheet per inspection with one row per measure (整改措施).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.rectification import (
    STATUSES,
    Alert,
    Inspection,
    Measure,
    Problem,
    Status,
    WarningRules,
    warning_for,
)
from desktop_app.formats.ledger_columns import SEQ
from desktop_app.formats.xlsx_ledger import LedgerColumn, LedgerWriter, SheetWriter, export_line
from desktop_app.jobs import CancelCheck, RowProgress

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
LEDGER_COLUMNS = (
    LedgerColumn("序号", 5, "int"),
    LedgerColumn("问题类别", 12, wrap=True),
    LedgerColumn("问题描述", 26, wrap=True),
    LedgerColumn("整改措施", 26, wrap=True),
    LedgerColumn("责任领导", 8, wrap=True),
    LedgerColumn("牵头部门", 9, wrap=True),
    LedgerColumn("责任部门", 10, wrap=True),
    LedgerColumn("整改时限", 11, "date"),
    LedgerColumn("整改进展", 28, wrap=True),
    LedgerColumn("状态", 9),
    LedgerColumn("完成时间", 11, "date"),
    LedgerColumn("销号日期", 11, "date"),
    LedgerColumn("佐证材料", 14, wrap=True),
)
NEW_PROGRESS_COLUMN = LedgerColumn("本期新进展", 24, wrap=True)
DEADLINE_COL = 7  # 0-based index of 整改时限
STATUS_COL = 9  # 0-based index of 状态
SUMMARY_OVERDUE_COL = 9
WARNING_FILLS = {Alert.OVERDUE: "overdue", Alert.STALLED: "stalled", Alert.NEAR: "near"}


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
    progress: RowProgress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write the ledger workbook; return the rows written on the inspection sheets.

    One row per measure (a problem without measures gets one row of its own), the
    problem's cells repeated on each; see ``_write_problem``. ``sections`` and each
    section's problems may be generators: consumed once, in order, never held in memory.
    With ``since`` a 本期新进展 column is added and rows whose latest progress is dated
    on or after ``since`` are highlighted. ``progress`` receives all data rows written
    so far (summary lines included). Raises ``UserError`` when ``path`` cannot be
    written and ``Cancelled`` when ``cancelled()`` turns true; then nothing is left.
    """
    period = f"本期:{since.isoformat()} 至 {today.isoformat()}" if since else ""
    rows = 0
    with LedgerWriter(path, progress=progress, cancelled=cancelled) as ledger:
        _write_summary(ledger, summary, today, period)
        for inspection, problems in sections:
            sheet = _start_inspection_sheet(ledger, inspection, today, since, period)
            for problem in problems:
                rows += _write_problem(sheet, problem, today, rules, since)
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


def _start_inspection_sheet(
    ledger: LedgerWriter, inspection: Inspection, today: date, since: date | None, period: str
) -> SheetWriter:
    """Add one inspection's sheet with its title, subtitle and header."""
    doc_no = f"整改方案:{inspection.plan_doc_no}" if inspection.plan_doc_no else ""
    columns = (*LEDGER_COLUMNS, NEW_PROGRESS_COLUMN) if since else LEDGER_COLUMNS
    return ledger.add_sheet(
        inspection.name,
        f"{inspection.name}整改工作台账",
        columns,
        subtitle=export_line(today, doc_no, period),
        validations={STATUS_COL: list(STATUSES)},
    )


def _write_problem(
    sheet: SheetWriter, problem: Problem, today: date, rules: WarningRules, since: date | None
) -> int:
    """Write one problem: a row per measure, or one row of its own when it has none.

    The problem's 序号, 问题类别 and 问题描述 are repeated on every measure row rather
    than merged: Excel cannot sort across merged cells and a filter would show the
    problem only on its first row, whereas whole rows survive both; and a write-only
    sheet keeps every merged range in memory until the end, so streaming stays flat.
    """
    measures: list[Measure | None] = list(problem.measures) or [None]
    for measure in measures:
        _write_row(sheet, problem, measure, today, rules, since)
    return len(measures)


def _write_row(
    sheet: SheetWriter,
    problem: Problem,
    measure: Measure | None,
    today: date,
    rules: WarningRules,
    since: date | None,
) -> None:
    """One ledger row.

    A measure's empty leader, departments, deadline, progress, evidence and sign-off
    fall back to the problem's.
    """
    item: Measure | Problem = measure if measure is not None else problem
    deadline = item.deadline or problem.deadline
    latest = item.latest_progress or problem.latest_progress
    signoff = item.signoff or problem.signoff
    warning = warning_for(item.status, deadline, item.last_progress, today, rules)
    values = [
        problem.seq or None,
        problem.category,
        problem.description,
        measure.content if measure is not None else "",
        item.leader or problem.leader,
        item.lead_dept or problem.lead_dept,
        item.resp_depts or problem.resp_depts,
        deadline,
        latest.text if latest else "",
        item.status,
        item.completion_date,
        signoff.date if signoff else None,
        "、".join(item.evidence or problem.evidence),
    ]
    is_new = since is not None and latest is not None and latest.date >= since
    if since is not None:
        values.append(f"{latest.date.isoformat()}:{latest.text}" if is_new and latest else "")
    fill = WARNING_FILLS.get(warning)
    sheet.append(
        values,
        fill="highlight" if is_new else None,
        cell_fills={DEADLINE_COL: fill} if fill else None,
    )
