"""督办's rules: urgency, the level that comes next, document numbers, grouping."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.escalation import (
    PER_DEPARTMENT,
    PER_ITEM,
    EscalationItem,
    Level,
    doc_number,
    group_items,
    level_of,
    most_urgent,
    next_doc_number,
    next_level,
    reason_phrase,
)
from desktop_app.domain.rectification import Alert


def test_red_beats_yellow_beats_blue() -> None:
    assert most_urgent([Alert.NEAR, Alert.OVERDUE, Alert.STALLED]) == Alert.OVERDUE
    assert most_urgent(["临期", "滞后", ""]) == Alert.STALLED
    assert most_urgent(["", ""]) == Alert.NONE
    assert most_urgent([]) == Alert.NONE


def test_each_escalation_goes_one_level_up_and_stops_at_the_summons() -> None:
    assert next_level([]) == Level.REMINDER
    assert next_level(["提醒函"]) == Level.NOTICE
    assert next_level(["提醒函", "督办通知"]) == Level.SUMMONS
    assert next_level(["约谈通知", "提醒函"]) == Level.SUMMONS
    assert level_of("约谈") == Level.SUMMONS
    with pytest.raises(ValidationError, match="督办级别"):
        level_of("口头提醒")


def test_document_numbers_count_on_within_their_prefix_and_year() -> None:
    assert doc_number("通科督", 2022, 3) == "通科督〔2022〕3号"
    assert doc_number("", 2022, 3) == ""
    used = ["通科督〔2022〕1号", "通科督〔2022〕7号", "通科督〔2021〕9号", "通科党〔2022〕16号"]
    assert next_doc_number("通科督", 2022, used) == "通科督〔2022〕8号"
    assert next_doc_number("通科督", 2023, used) == "通科督〔2023〕1号"


def _item(problem: int, department: str, warning: str = "逾期", measure=None) -> EscalationItem:
    return EscalationItem(problem, "事项", department, warning=warning, measure_id=measure)


def test_one_document_per_department_or_one_per_item() -> None:
    items = [_item(1, "办公室", measure=1), _item(1, "法规科", measure=2), _item(2, "办公室")]
    by_department = group_items(items, PER_DEPARTMENT)
    assert [(d, [i.key for i in group]) for d, group in by_department] == [
        ("办公室", [(1, 1), (2, None)]),
        ("法规科", [(1, 2)]),
    ]
    assert [d for d, _ in group_items(items, PER_ITEM)] == ["办公室", "法规科", "办公室"]


def test_the_reason_names_the_warnings_in_order_of_urgency() -> None:
    items = [_item(1, "办公室", "滞后"), _item(2, "办公室", "逾期")]
    assert reason_phrase(items) == "已超过整改时限、长期无新进展"
    late = EscalationItem(1, "x", "办公室", deadline=date(2022, 9, 30), warning="逾期")
    assert late.days_late(date(2022, 10, 11)) == 11
