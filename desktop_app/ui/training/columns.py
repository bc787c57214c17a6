"""Column specs and row colours of the training lists."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop_app.domain.training import AttendanceStatus, hours_text
from desktop_app.ui.table_model import WARNING_COLOURS, Column, centred

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ABSENT_COLOUR = "#eeeeee"
LEAVE_COLOUR = "#fff4d6"


def _score(value: Any) -> str:
    return "" if value is None else hours_text(value)


SESSION_COLUMNS = [
    centred("date", "日期", 90),
    centred("start_time", "时间", 55, sortable=False),
    centred("kind", "类型", 95),
    Column("title", "主题", 330, tooltip=True),
    centred("hours", "学时", 50, format=hours_text),
    centred("listed", "名单", 50),
    centred("present", "出席", 50),
    Column("place", "地点", 150, tooltip=True),
    Column("organiser", "组织单位", 120),
    Column("speaker", "主讲人", 100),
]

ATTENDANCE_COLUMNS = [
    Column("name", "姓名", 80),
    Column("unit", "单位", 170),
    Column("department", "处室", 100),
    Column("post", "职务", 90),
    centred("status", "出勤", 50),
    centred("hours", "计入学时", 65, format=hours_text),
    centred("score", "成绩", 50, format=_score),
    Column("remark", "备注", 150, tooltip=True),
]

PERSON_YEAR_COLUMNS = [
    Column("name", "姓名", 80),
    Column("unit", "单位", 170),
    Column("department", "处室", 100),
    Column("post", "职务", 90),
    centred("holder", "执法证", 55, format=lambda v: "持证" if v else ""),
    centred("sessions", "参加次数", 65),
    centred("hours", "学时", 55, format=hours_text),
    centred("score", "考试成绩", 65, format=_score),
    centred("shortfall", "差额学时", 65, format=lambda v: hours_text(v) if v else ""),
    centred("person_status", "人员状态", 70),
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
