"""The 回头看 round's own small ledger (回头看台账), on ``formats.xlsx_ledger``.

One row per signed-off problem the round re-checks: its inspection, the problem, the lead
department, when it was signed off, and the outcome with its reason, date and checker.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date

from desktop_app.domain.repeats import OUTCOMES, Outcome, RecheckItem, RecheckRound, round_counts
from desktop_app.formats.ledger_columns import SEQ
from desktop_app.formats.xlsx_ledger import LedgerColumn, LedgerWriter, export_line
from desktop_app.jobs import CancelCheck, RowProgress

COLUMNS = (
    SEQ,
    LedgerColumn("检查名称", 22, wrap=True),
    LedgerColumn("问题描述", 44, wrap=True),
    LedgerColumn("牵头部门", 12, wrap=True),
    LedgerColumn("销号日期", 12, "date"),
    LedgerColumn("复查结论", 10),
    LedgerColumn("复查意见或重新整改理由", 34, wrap=True),
    LedgerColumn("复查日期", 12, "date"),
    LedgerColumn("复查人", 10),
)
FILLS = {Outcome.REOPENED: "overdue", Outcome.PENDING: "near"}


def counts_line(items: Sequence[RecheckItem]) -> str:
    """复查 12 个:整改到位 10 个、重新整改 1 个、待复查 1 个."""
    counts = round_counts(items)
    parts = "、".join(f"{o} {counts[o]} 个" for o in OUTCOMES[1:] + OUTCOMES[:1])
    return f"复查已销号问题 {len(items)} 个:{parts}"


def write_recheck_ledger(
    path: str | os.PathLike[str],
    round_: RecheckRound,
    items: Sequence[RecheckItem],
    today: date,
    progress: RowProgress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write the round's ledger; returns the rows written."""
    planned = f"计划日期:{round_.planned_date.isoformat()}" if round_.planned_date else ""
    with LedgerWriter(path, progress=progress, cancelled=cancelled) as ledger:
        sheet = ledger.add_sheet(
            "回头看台账",
            f"{round_.name}台账",
            COLUMNS,
            subtitle=export_line(today, planned, counts_line(items)),
        )
        for n, item in enumerate(items, 1):
            sheet.append(
                [
                    n,
                    item.inspection,
                    item.description,
                    item.lead_dept,
                    item.signoff_date,
                    Outcome(item.outcome).value,
                    item.reason,
                    item.checked_on,
                    item.checked_by,
                ],
                fill=FILLS.get(Outcome(item.outcome)),
            )
        return sheet.rows
