"""Column specs and queries of the rectification lists."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop_app.domain.rectification import WarningRules
from desktop_app.storage.query import PagedQuery
from desktop_app.storage.rectification.queries import warning_sql
from desktop_app.ui.table_model import WARNING_COLOURS, Column

CENTRE = Qt.AlignmentFlag.AlignCenter


PROBLEM_COLUMNS = [
    Column("seq", "序号", 50, CENTRE),
    Column("category", "问题类别", 150, tooltip=True),
    Column("description", "问题描述", 380, tooltip=True),
    Column("leader", "责任领导", 90),
    Column("lead_dept", "牵头部门", 100),
    Column("deadline", "整改时限", 90, CENTRE),
    Column("status", "状态", 70, CENTRE),
    Column("warning", "预警", 50, CENTRE),
    Column("measure_count", "措施数", 55, CENTRE),
    Column("last_progress", "最近进展", 90, CENTRE),
    Column("signoff_date", "销号日期", 90, CENTRE),
]

MEASURE_COLUMNS = [
    Column("seq", "序号", 45, CENTRE),
    Column("content", "整改措施", 260, tooltip=True),
    Column("leader", "责任领导", 80),
    Column("lead_dept", "牵头部门", 90),
    Column("deadline", "整改时限", 90, CENTRE),
    Column("status", "状态", 70, CENTRE),
    Column("completion_way", "完成方式", 64, CENTRE),
    Column("warning", "预警", 50, CENTRE),
    Column("signoff_date", "销号日期", 90, CENTRE),
]

MEASURE_SORT = {c.key: c.key for c in MEASURE_COLUMNS}


def warning_colour(row: dict) -> str | None:
    """Row background for the three warning colours; signed-off rows stay plain."""
    return WARNING_COLOURS.get(row.get("warning") or "")


def measure_query(db, problem_id: int, today: date, rules: WarningRules) -> PagedQuery:
    """The measures of one problem, with their warning."""
    columns = (
        "id, seq, content, leader, lead_dept, deadline, status, completion_way, signoff_date,"
        f" {warning_sql(today, rules)} AS warning"
    )
    return PagedQuery(
        db, columns, "measures", ["problem_id = ?"], [problem_id], MEASURE_SORT, "seq"
    )
