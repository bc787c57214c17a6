"""The 结果公示 list as a print-ready workbook (on ``formats.xlsx_ledger``).

One row per drawn target of the draws in force: the task, the target and its credit code,
the team with its members, one a line (certified members with their certificate number),
and the result once it is entered. Never a resident ID number.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from typing import Any

from desktop_app.domain.dates import from_iso
from desktop_app.formats.draws.documents import publicity_title
from desktop_app.formats.ledger_columns import SEQ
from desktop_app.formats.xlsx_ledger import LedgerColumn, LedgerWriter
from desktop_app.jobs import CancelCheck, RowProgress

COLUMNS = (
    SEQ,
    LedgerColumn("抽查任务", 26, wrap=True),
    LedgerColumn("抽查事项", 20, wrap=True),
    LedgerColumn("检查对象", 30, wrap=True),
    LedgerColumn("统一社会信用代码", 22),
    LedgerColumn("检查组", 8),
    LedgerColumn("检查人员", 40, wrap=True),
    LedgerColumn("检查日期", 12, "date"),
    LedgerColumn("检查结果", 18, wrap=True),
    LedgerColumn("发现问题", 26, wrap=True),
    LedgerColumn("处理情况", 22, wrap=True),
)


def write_publicity(
    path: str | os.PathLike[str],
    year: int,
    rows: Iterable[dict[str, Any]],
    today: date,
    progress: RowProgress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write the publication list; returns the rows written."""
    with LedgerWriter(path, progress=progress, cancelled=cancelled) as ledger:
        sheet = ledger.add_sheet(
            "结果公示", publicity_title(year), COLUMNS, subtitle=f"导出日期:{today.isoformat()}"
        )
        for n, row in enumerate(rows, 1):
            sheet.append(
                [
                    n,
                    row["title"],
                    row["matter"],
                    row["name"],
                    row["credit_code"],
                    f"第{row['team_no']}组",
                    "\n".join((row["members"] or "").split("、")),  # one member a line
                    from_iso(row["check_date"]),
                    row["outcome"] or "检查中",
                    row["findings"] or "",
                    row["handling"] or "",
                ]
            )
        return sheet.rows
