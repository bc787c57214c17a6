"""Column specs and row colours of the draw register's lists."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop_app.domain.draws import ACTIVE, DONE_OUTCOMES, EXCLUSION_SCOPES
from desktop_app.ui.table_model import Column

CENTRE = Qt.AlignmentFlag.AlignCenter
REPLACED_COLOUR = "#d0d0d0"  # a draw a redraw replaced: kept, greyed
DONE_COLOUR = "#e2efda"  # a checked target
CLOSED_COLOUR = "#eeeeee"  # a target not in business
OFF_COLOUR = "#fff4d6"  # an inspector not taking part


def _state(row_value: Any) -> str:
    return f"已由第 {row_value} 号取代" if row_value else "有效"


DRAW_COLUMNS = [
    Column("id", "编号", 50, CENTRE),
    Column("draw_date", "抽取日期", 90, CENTRE),
    Column("title", "抽查任务", 260, tooltip=True),
    Column("matter", "抽查事项", 170, tooltip=True),
    Column("drawn_targets", "对象", 50, CENTRE),
    Column("teams", "组数", 50, CENTRE),
    Column("members", "人数", 50, CENTRE),
    Column("done", "已完成", 60, CENTRE),
    Column("seed", "随机种子", 150),
    Column("witness", "监督人", 130),
    Column("replaced_by", "状态", 120, CENTRE, format=_state),
]

ASSIGNMENT_COLUMNS = [
    Column("seq", "序号", 45, CENTRE),
    Column("team_no", "组别", 50, CENTRE, format=lambda v: f"第{v}组"),
    Column("name", "检查对象", 230, tooltip=True),
    Column("credit_code", "统一社会信用代码", 160, sortable=False),
    Column("members", "检查人员(*持证)", 230, tooltip=True, sortable=False),
    Column("check_date", "检查日期", 90, CENTRE),
    Column("outcome", "检查结果", 150, tooltip=True),
    Column("findings", "发现问题", 180, tooltip=True, sortable=False),
    Column("handling", "处理情况", 150, tooltip=True, sortable=False),
]

EXCLUSION_COLUMNS = [
    Column("scope", "类别", 90, CENTRE, format=lambda v: EXCLUSION_SCOPES.get(v, v)),
    Column("name", "名称", 150),
    Column("target_name", "涉及检查对象", 170, tooltip=True, sortable=False),
    Column("reason", "原因", 260, tooltip=True),
]

TARGET_COLUMNS = [
    Column("name", "名称", 240, tooltip=True),
    Column("credit_code", "统一社会信用代码", 160),
    Column("kind", "类型", 80, CENTRE),
    Column("industry", "行业", 150),
    Column("area", "区域", 80, CENTRE),
    Column("address", "地址", 180, tooltip=True),
    Column("contact", "联系人", 80),
    Column("phone", "联系电话", 110),
    Column("status", "状态", 55, CENTRE),
    Column("drawn", "抽中次数", 65, CENTRE),
    Column("last_drawn", "最近抽中", 90, CENTRE),
]

MATTER_COLUMNS = [
    Column("name", "抽查事项", 220, tooltip=True),
    Column("legal_basis", "抽查依据", 240, tooltip=True),
    Column("body", "检查主体", 200, tooltip=True),
    Column("content", "检查内容", 220, tooltip=True, sortable=False),
    Column("method", "检查方式", 110),
    Column("yearly", "年度比例或数量", 100, CENTRE, sortable=False),
    Column("drawn", "本年已抽", 70, CENTRE, sortable=False),
    Column("active", "状态", 55, CENTRE, sortable=False, format=lambda v: "在用" if v else "停用"),
]

INSPECTOR_COLUMNS = [
    Column("name", "姓名", 80),
    Column("agency", "所属部门", 150),
    Column("unit", "单位", 170),
    Column("department", "处室", 110),
    Column("certificate", "行政执法证(今日有效)", 150, CENTRE),
    Column("tags", "专业领域", 160, tooltip=True),
    Column("available", "参加抽取", 70, CENTRE, format=lambda v: "是" if v else "暂不"),
    Column("conflicts", "回避申报", 70, CENTRE, sortable=False, format=lambda v: str(v or "")),
    Column("drawn", "抽中次数", 65, CENTRE),
]


def draw_colour(row: dict[str, Any]) -> str | None:
    """Grey for a draw a redraw replaced."""
    return REPLACED_COLOUR if row.get("replaced_by") else None


def assignment_colour(row: dict[str, Any]) -> str | None:
    """Green once the target's check is done."""
    return DONE_COLOUR if row.get("outcome") in DONE_OUTCOMES else None


def target_colour(row: dict[str, Any]) -> str | None:
    """Grey for a target not in business."""
    return CLOSED_COLOUR if row.get("status") != ACTIVE else None


def inspector_colour(row: dict[str, Any]) -> str | None:
    """Pale yellow for an inspector not taking part."""
    return OFF_COLOUR if not row.get("available") else None
