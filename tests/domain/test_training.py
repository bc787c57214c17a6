"""Training rules: validation of sessions and attendance, exam and yearly figures."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.training import (
    ONLINE_EXAM,
    Attendance,
    AttendanceStatus,
    ExamFigures,
    TrainingRules,
    TrainingSession,
    YearFigures,
    check_attendance,
    check_session,
    default_hours,
    hours_text,
    parse_laws,
    parse_number,
    percent_text,
)

RULES = TrainingRules()


def session(**values) -> TrainingSession:
    base = {"title": "学习《公平竞争审查条例》", "date": date(2024, 3, 12), "hours": 3}
    return TrainingSession(**{**base, **values})


def refused(action, field: str) -> str:
    with pytest.raises(ValidationError) as info:
        action()
    assert info.value.field == field
    return str(info.value)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": "  "}, "主题"),
        ({"date": None}, "日期"),
        ({"hours": 0}, "学时"),
        ({"hours": -2}, "学时"),
        ({"hours": 24.5}, "学时"),
        ({"hours": None}, "学时"),
        ({"hours": 2.25}, "学时"),
        ({"kind": "茶话会"}, "类型"),
        ({"end_date": date(2024, 3, 11)}, "结束日期"),
        ({"start_time": "25:00"}, "开始时间"),
        ({"start_time": "14:30", "end_time": "9:00"}, "结束时间"),
        ({"end_time": "11:00"}, "开始时间"),
        ({"kind": ONLINE_EXAM, "expected": 0}, "应参考人数"),
    ],
)
def test_bad_sessions_are_refused_naming_the_field(values, field):
    refused(lambda: check_session(session(**values)), field)


def test_hours_are_at_most_24_per_day():
    assert "不能超过 24 小时" in refused(lambda: check_session(session(hours=25)), "学时")
    two_days = session(hours=48, end_date=date(2024, 3, 13))
    check_session(two_days)
    assert two_days.days == 2 and two_days.hours == 48
    assert two_days.when_text() == "2024年3月12日至3月13日"
    across = session(date=date(2024, 12, 31), end_date=date(2025, 1, 1), start_time="9:00")
    assert across.when_text() == "2024年12月31日至2025年1月1日 9:00"
    assert "不能超过 48 小时" in refused(
        lambda: check_session(session(hours=48.5, end_date=date(2024, 3, 13))), "学时"
    )


def test_session_is_normalised():
    s = session(
        title=" 专题讲座 ",
        start_time="9：00",
        end_time="11:30",
        laws=["《中华人民共和国行政处罚法》", "", "中华人民共和国行政处罚法"],
        expected=30,
        end_date=date(2024, 3, 12),
    )
    check_session(s)
    assert (s.title, s.start_time, s.end_time) == ("专题讲座", "9:00", "11:30")
    assert s.laws == ["中华人民共和国行政处罚法"]
    assert s.expected is None  # only an online exam keeps an expected count
    assert s.end_date is None
    assert s.when_text() == "2024年3月12日 9:00—11:30"
    assert s.laws_text() == "《中华人民共和国行政处罚法》"


def test_laws_are_read_from_book_titles_or_lines():
    assert parse_laws("《安全生产法》《保守国家秘密法》") == ["安全生产法", "保守国家秘密法"]
    assert parse_laws("公平竞争审查条例\n行政法、 宪法；行政法") == [
        "公平竞争审查条例",
        "行政法",
        "宪法",
    ]
    assert parse_laws("") == []


def test_numbers_keep_one_decimal_and_name_the_field():
    assert parse_number(" 2.5 ", "学时") == 2.5
    assert parse_number("", "学时") is None
    assert "不是有效的数字" in refused(lambda: parse_number("两小时", "学时"), "学时")
    assert "一位小数" in refused(lambda: parse_number("1.25", "成绩"), "成绩")


def test_credited_hours_default_to_the_session_hours_when_present():
    s = session(hours=3)
    assert default_hours(AttendanceStatus.PRESENT, 3) == 3
    present = Attendance(1, 1)
    check_attendance(present, s)
    assert present.hours == 3
    leave = Attendance(1, 2, status="请假")
    check_attendance(leave, s)
    assert (leave.status, leave.hours) == (AttendanceStatus.LEAVE, 0)
    partial = Attendance(1, 3, hours="1.5", score="95")
    check_attendance(partial, s)
    assert (partial.hours, partial.score) == (1.5, 95)


@pytest.mark.parametrize(
    ("values", "field", "text"),
    [
        ({"status": "迟到"}, "出勤情况", "出席、请假、缺席"),
        ({"hours": 0}, "计入学时", "大于 0"),
        ({"hours": 3.5}, "计入学时", "不能超过本次活动的学时 3"),
        ({"status": "缺席", "hours": 1}, "计入学时", "缺席人员的计入学时应为 0"),
        ({"score": 100.5}, "成绩", "0 到 100"),
        ({"score": -1}, "成绩", "负数"),
        ({"status": "请假", "score": 80}, "成绩", "请假人员不能填写成绩"),
    ],
)
def test_bad_attendance_is_refused_naming_the_field(values, field, text):
    assert text in refused(lambda: check_attendance(Attendance(1, 1, **values), session()), field)


def test_rules_must_agree():
    TrainingRules(60, 60, 90).check()
    refused(lambda: TrainingRules(-1).check(), "年度最低学时")
    refused(lambda: TrainingRules(pass_mark=101).check(), "及格分数线")
    refused(lambda: TrainingRules(pass_mark=80, excellent_mark=70).check(), "优秀分数线")


def test_texts_of_hours_and_shares():
    assert (hours_text(40.0), hours_text(2.5), hours_text(None)) == ("40", "2.5", "")
    assert percent_text(68, 68) == "100%"
    assert percent_text(58, 68) == "85.3%"
    assert percent_text(17, 20) == "85%"
    assert percent_text(1, 0) == "—"


def seed_004_results() -> list[tuple[str, float | None]]:
    """68 people all sat the exam; 58 scored 90 or more, 10 between 60 and 89."""
    return [("出席", 90.0 + i % 11) for i in range(58)] + [
        ("出席", 60.0 + i * 3) for i in range(10)
    ]


def test_seed_004_exam_figures_exactly():
    exam = ExamFigures.of_session(seed_004_results(), RULES)
    assert (exam.expected, exam.participants, exam.passed, exam.excellent) == (68, 68, 68, 58)
    assert exam.text(RULES) == (
        "在线学法考试应参考 68 人、实际参考 68 人,参与率 100%,及格率 100%,优秀率(90分以上)85.3%"
    )


def test_exam_expected_count_participation_and_missing_scores():
    results = [("出席", 95.0), ("出席", 59.5), ("出席", None), ("请假", None), ("缺席", None)]
    listed = ExamFigures.of_session(results, RULES)
    assert (listed.expected, listed.participants, listed.scored, listed.passed) == (5, 3, 2, 1)
    assert "参与率 60%" in listed.text(RULES)
    assert "及格率 50%" in listed.text(RULES)
    assert listed.text(RULES).endswith("(1 人未录入成绩)")
    explicit = ExamFigures.of_session(results, RULES, expected=4)
    assert "应参考 4 人、实际参考 3 人,参与率 75%" in explicit.text(RULES)


def test_year_figures_line_of_seed_002():
    figures = YearFigures(
        year=2024,
        by_kind={"中心组学法": 5, "旁听庭审": 1, "专题讲座": 2},
        participants=40,
        attendances=95,
        person_hours=301.5,
        exam=None,
        short=3,
        holders=12,
    )
    assert figures.sessions == 8
    assert figures.text(RULES) == (
        "2024年共组织学法培训 8 次(中心组学法 5 次、专题讲座 2 次、旁听庭审 1 次);"
        "参加 40 人、95 人次,累计 301.5 学时;执法人员 12 人中 3 人未达 40 学时"
    )
    assert YearFigures(year=2023).text(RULES).startswith("2023年共组织学法培训 0 次;")
