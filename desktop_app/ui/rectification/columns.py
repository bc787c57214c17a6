"""Column specs and row colours of the rectification lists (their SQL is in storage)."""

from __future__ import annotations

from desktop_app.ui.table_model import WARNING_COLOURS, Column, centred


def _item_columns(seq: int, what: list[Column], leader: int, dept: int) -> list[Column]:
    """A problem's or a measure's number, text, owners, deadline and status."""
    return [
        centred("seq", "序号", seq),
        *what,
        Column("leader", "责任领导", leader),
        Column("lead_dept", "牵头部门", dept),
        centred("deadline", "整改时限", 90),
        centred("status", "状态", 70),
    ]


WARNING = centred("warning", "预警", 50)
SIGNED_OFF = centred("signoff_date", "销号日期", 90)
INSPECTION = Column("inspection", "所属巡察", 160, tooltip=True)  # shown in 全部巡察
PROBLEM_COLUMNS = [
    *_item_columns(
        50,
        [
            INSPECTION,
            Column("category", "问题类别", 150, tooltip=True),
            Column("description", "问题描述", 380, tooltip=True),
        ],
        90,
        100,
    ),
    WARNING,
    centred("measure_count", "措施数", 55),
    centred("last_progress", "最近进展", 90),
    SIGNED_OFF,
]
MEASURE_COLUMNS = [
    *_item_columns(45, [Column("content", "整改措施", 260, tooltip=True)], 80, 90),
    centred("completion_way", "完成方式", 64),
    WARNING,
    SIGNED_OFF,
]


def warning_colour(row: dict) -> str | None:
    """Row background for the three warning colours; signed-off rows stay plain."""
    return WARNING_COLOURS.get(row.get("warning") or "")
