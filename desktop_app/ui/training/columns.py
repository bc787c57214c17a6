"""Column specs and row colours of the training lists."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop_app.domain.training import AttendanceStatus, hours_text
from desktop_app.ui.table_model import WARNING_COLOURS, Column

CENTRE = Qt.AlignmentFlag.AlignCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ABSENT_COLOUR = "#eeeeee"
LEAVE_COLOUR = "#fff4d6"


def _score(value: Any) -> str:
    return "" if value is None else hours_text(value)


SESSION_COLUMNS = [
    Column("date", "日期", 90, CENTRE),
    Column("start_time", "时间", 55, CENTRE, sortable=False),
    Column("kind", "类型", 95, CENTRE),
    Column("title", "主题", 330, tooltip=True),
    Column("hours", "学时", 50, CENTRE, format=hours_text),
    Column("listed", "名单", 50, CENTRE),
    Column("present", "出席", 50, CENTRE),
    Column("place", "地点", 150, tooltip=True),
    Column("organiser", "组织单位", 120),
    Column("speaker", "主讲人", 100),
]

ATTENDANCE_COLUMNS = [
    Column("name", "姓名", 80),
    Column("unit", "单位", 170),
    Column("department", "处室", 100),
    Column("post", "职务", 90),
    Column("status", "出勤", 50, CENTRE),
    Column("hours", "计入学时", 65, CENTRE, format=hours_text),
    Column("score", "成绩", 50, CENTRE, format=_score),
    Column("remark", "备注", 150, tooltip=True),
]

PERSON_YEAR_COLUMNS = [
    Column("name", "姓名", 80),
    Column("unit", "单位", 170),
    Column("department", "处室", 100),
    Column("post", "职务", 90),
    Column("holder", "执法证", 55, CENTRE, format=lambda v: "持证" if v else ""),
    Column("sessions", "参加次数", 65, CENTRE),
    Column("hours", "学时", 55, CENTRE, format=hours_text),
    Column("score", "考试成绩", 65, CENTRE, format=_score),
    Column("shortfall", "差额学时", 65, CENTRE, format=lambda v: hours_text(v) if v else ""),
    Column("person_status", "人员状态", 70, CENTRE),
]


def attendance_colour(row: dict[str, Any]) -> str | None:
    """Grey for absent, pale yellow for leave."""
    status = row.get("status")
    if status == AttendanceStatus.ABSENT:
        return ABSENT_COLOUR
    if status == AttendanceStatus.LEAVE:
        return LEAVE_COLOUR
    return None


def shortfall_colour(row: dict[str, Any]) -> str | None:
    """Red for an enforcement officer short of the yearly minimum hours."""
    return WARNING_COLOURS["逾期"] if row.get("shortfall") else None
