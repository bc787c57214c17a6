"""The feedback / progress-report text: seed 000 and variants of its form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app import imports
from desktop_app.domain.imports.feedback import parse_feedback, to_problems

SEED = Path("/work/shared/seeds/000_36d21ba27252efd5.txt")
TODAY = date(2022, 10, 11)

VARIANT = """某局关于巡察整改进展情况的报告
2023年3月1日至3月31日,市委第二巡察组对我局开展了巡察,2023年4月20日,市委第二巡察组向局党组反馈了巡察意见。
一、问题整改情况
（一）已整改完成的问题
１．关于“执法公示不及时”问题的整改情况。
整改情况：已完成，公示平台已更新。
2、关于"台账不规范"问题的整改情况
整改情况:即知即改。
（二） 正在推进整改的问题
3 . 关于“执法人员培训不足”问题的整改情况。
整改情况：已制定培训计划。

第二段：已开展两期培训。
（三）需长期坚持的问题
（四）制度建设滞后
二、下一步工作打算
一是加强学习。
"""


def test_seed_000_reads_as_five_problems_and_eighteen_measures(db) -> None:
    source = imports.open_source(SEED)
    result = imports.preview(db.conn, source, imports.Options("feedback-text", today=TODAY))
    assert result.ok
    assert (result.summary["problems"], result.summary["measures"]) == (5, 18)
    assert result.summary["facts"]["feedback_date"] == "2022-04-19"
    imports.commit(db, result, None)
    rows = db.execute("SELECT status, completion_way, completion_date FROM measures").fetchall()
    assert len(rows) == 18
    assert sorted(r for r in rows if r[1]) == [("已完成", "即知即改", "2022-04-19")] * 4
    texts = db.execute(
        "SELECT count(*), count(DISTINCT measure_id), min(date) FROM progress"
    ).fetchone()
    assert texts == (18, 18, "2022-10-11")
    insp = db.execute(
        "SELECT body, onsite_start, onsite_end, plan_doc_no FROM inspections"
    ).fetchone()
    assert insp == ("巡察五组", "2022-02-16", "2022-03-16", "通科党﹝2022﹞16号")
    again = imports.preview(
        db.conn, imports.open_source(SEED), imports.Options("feedback-text", today=TODAY)
    )
    assert again.counts["measures"] == {"create": 0, "update": 0, "skip": 18}


def test_status_group_headings_switch_the_reading() -> None:
    doc = parse_feedback(VARIANT)
    problems = to_problems(doc)
    assert [(p.description, p.status.value, p.completion_way) for p in problems] == [
        ("执法公示不及时", "已完成", ""),
        ("台账不规范", "已完成", "即知即改"),
        ("执法人员培训不足", "整改中", ""),
        ("制度建设滞后", "整改中", ""),
    ]
    assert problems[0].progress == ["已完成，公示平台已更新。"]  # full-width text kept as written
    assert problems[2].progress == ["已制定培训计划。\n第二段：已开展两期培训。"]
    assert doc.inspection.feedback_date == date(2023, 4, 20)
    assert doc.inspection.onsite_end == date(2023, 3, 31)


def test_the_clerk_can_read_headings_as_problems() -> None:
    problems = to_problems(parse_feedback(VARIANT), "problems")
    assert [(p.description, len(p.measures)) for p in problems] == [
        ("已整改完成的问题", 2),
        ("正在推进整改的问题", 1),
        ("需长期坚持的问题", 0),
        ("制度建设滞后", 0),
    ]


def test_half_width_headings_without_sections() -> None:
    text = "标题\n(一)问题甲\n1.关于“措施一”问题的整改情况。\n整改情况:立行立改\n(二)问题乙\n"
    problems = to_problems(parse_feedback(text))
    assert [(p.description, [m.content for m in p.measures]) for p in problems] == [
        ("问题甲", ["措施一"]),
        ("问题乙", []),
    ]
    assert problems[0].measures[0].completion_way == "立行立改"
