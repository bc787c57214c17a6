"""The year's figures from every register, each counted in SQL and said how (年度法治工作数据).

The year is the calendar year; "at the year's end" is 31 December, or today while the year
is still running (``as_of``). Training figures are the training register's own yearly
figures (``training.queries.year_figures``); certificate changes count certificates, not
events (two 年审 of one certificate are one certificate reviewed), 转出 counts persons.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from desktop_app.domain.annual import (
    DRAWS,
    GROUP_STUDY_KINDS,
    PERSONNEL,
    RECTIFICATION,
    TRAINING,
    AnnualFigures,
    rate,
)
from desktop_app.domain.escalation import LEVELS
from desktop_app.domain.personnel import CERTIFICATE_KINDS, Event
from desktop_app.domain.rectification import Status
from desktop_app.domain.repeats import Outcome, RepeatState
from desktop_app.domain.training import COURT_HEARING, SESSION_KINDS, hours_text
from desktop_app.storage.personnel.rules_sql import HELD_SQL
from desktop_app.storage.rectification.rules_sql import OPEN_SQL
from desktop_app.storage.settings import read_training_rules
from desktop_app.storage.training import queries as training

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader

_ENDED = f"('{Event.CANCEL.value}', '{Event.TRANSFER.value}')"
_FOUND_IN = "COALESCE(i.feedback_date, substr(i.created_at, 1, 10))"


def _one(db: Reader, sql: str, params: list) -> int:
    return int(db.execute(sql, params).fetchone()[0] or 0)


def year_end(year: int, today: date) -> date:
    """31 December of ``year``, or today while that year is still running."""
    return min(date(year, 12, 31), today)


def annual_figures(db: Reader, year: int, today: date) -> AnnualFigures:
    """Every figure of the year, in the sections' order."""
    figures = AnnualFigures(year=int(year), as_of=year_end(int(year), today))
    _training(db, figures)
    _personnel(db, figures)
    _rectification(db, figures)
    _draws(db, figures)
    return figures


# -- 学法培训 ------------------------------------------------------------------------------
def _training(db: Reader, f: AnnualFigures) -> None:
    rules = read_training_rules(db)
    y = training.year_figures(db, f.year, rules)
    date_rule = f"日期在{f.year}年内的学法培训活动"
    for kind in SESSION_KINDS:
        n = y.by_kind.get(kind, 0)
        f.add(f"kind:{kind}", TRAINING, f"{kind}", n, "次", f"{date_rule}中类型为“{kind}”的次数")
    group = sum(y.by_kind.get(k, 0) for k in GROUP_STUDY_KINDS)
    kinds = "、".join(GROUP_STUDY_KINDS)
    f.add("group_study", TRAINING, "集中学法", group, "次", f"{date_rule}中{kinds}的次数之和")
    f.add("sessions", TRAINING, "学法培训活动合计", y.sessions, "次", f"{date_rule}的总次数")
    f.add("participants", TRAINING, "参加人数", y.participants, "人",
          f"{date_rule}中出勤为“出席”的不同人员数(一人多次只计一人)")  # fmt: skip
    f.add("attendances", TRAINING, "参加人次", y.attendances, "人次",
          f"{date_rule}中出勤为“出席”的出勤记录数")  # fmt: skip
    f.add("person_hours", TRAINING, "累计学时", float(y.person_hours), "学时",
          f"{date_rule}中“出席”人员计入学时之和")  # fmt: skip
    court = _one(
        db,
        "SELECT count(DISTINCT a.person_id) FROM training_attendance a"
        " JOIN training_sessions s ON s.id = a.session_id"
        " WHERE s.kind = ? AND s.date BETWEEN ? AND ? AND a.status = '出席'",
        [COURT_HEARING, f"{f.year}-01-01", f"{f.year}-12-31"],
    )
    f.add("court_participants", TRAINING, "旁听庭审人数", court, "人",
          f"{date_rule}中“旁听庭审”出席的不同人员数")  # fmt: skip
    exam = y.exam
    expected = exam.expected if exam else 0
    participants = exam.participants if exam else 0
    scored = exam.scored if exam else 0
    exam_rule = f"{f.year}年“在线学法考试”活动"
    f.add("exam_expected", TRAINING, "在线学法考试应参考人数", expected, "人",
          f"{exam_rule}所填应参考人数;未填时为参考名单人数(出席、请假、缺席)")  # fmt: skip
    f.add("exam_participants", TRAINING, "在线学法考试参考人数", participants, "人",
          f"{exam_rule}中出勤为“出席”的人次")  # fmt: skip
    f.add("exam_participation", TRAINING, "参与率", rate(participants, expected), "",
          "参考人数 ÷ 应参考人数")  # fmt: skip
    f.add("exam_pass", TRAINING, "及格率", rate(exam.passed if exam else 0, scored), "",
          f"成绩不低于 {rules.pass_mark:g} 分的人数 ÷ 已录入成绩的参考人数")  # fmt: skip
    f.add("exam_excellent", TRAINING, "优秀率", rate(exam.excellent if exam else 0, scored), "",
          f"成绩不低于 {rules.excellent_mark:g} 分的人数 ÷ 已录入成绩的参考人数")  # fmt: skip
    f.add("excellent_mark", TRAINING, "优秀分数线", f"{rules.excellent_mark:g}", "分",
          "设置“学时与考试设置”中的优秀分数线")  # fmt: skip
    f.add("min_hours", TRAINING, "年度最低学时", hours_text(rules.min_hours), "学时",
          "设置“学时与考试设置”中的年度最低学时")  # fmt: skip
    f.add("short", TRAINING, "学时未达标的执法人员", y.short, "人",
          "在职且持有有效或暂扣证件的人员中,本年计入学时未达年度最低学时的人数")  # fmt: skip


# -- 执法人员 ------------------------------------------------------------------------------
def _personnel(db: Reader, f: AnnualFigures) -> None:
    end = f.as_of.isoformat()
    for kind in CERTIFICATE_KINDS:
        held = _one(
            db,
            "SELECT count(DISTINCT c.person_id) FROM certificates c WHERE c.kind = ?"
            " AND c.issue_date <= ? AND c.valid_until >= ?"
            f" AND (c.status IN {HELD_SQL} OR EXISTS (SELECT 1 FROM certificate_events e"
            f" WHERE e.certificate_id = c.id AND e.event IN {_ENDED} AND e.date > ?))"
            " AND NOT EXISTS (SELECT 1 FROM certificate_events e WHERE e.certificate_id = c.id"
            f" AND e.event IN {_ENDED} AND e.date <= ?)",
            [kind, end, end, end, end],
        )
        f.add(f"holders:{kind}", PERSONNEL, f"持{kind}人数", held, "人",
              f"截至{end}:{kind}已发证、未过有效期、未注销或转出的持证人数")  # fmt: skip
    events = {
        "new": (Event.NEW, "新办"),
        "renewed": (Event.RENEW, "换证"),
        "reviewed": (Event.REVIEW, "年审"),
        "suspended": (Event.SUSPEND, "暂扣"),
        "cancelled": (Event.CANCEL, "注销"),
    }
    between = [f"{f.year}-01-01", f"{f.year}-12-31"]
    for key, (event, label) in events.items():
        n = _one(
            db,
            "SELECT count(DISTINCT certificate_id) FROM certificate_events"
            " WHERE event = ? AND date BETWEEN ? AND ?",
            [event.value, *between],
        )
        how = f"{f.year}年内有“{label}”记录的证件数(同一证件多次只计一次;执法证和监督证合计)"
        f.add(key, PERSONNEL, f"{label}证件", n, "个", how)
    moved = _one(
        db,
        "SELECT count(DISTINCT person_id) FROM certificate_events"
        " WHERE event = ? AND date BETWEEN ? AND ?",
        [Event.TRANSFER.value, *between],
    )
    f.add("transferred", PERSONNEL, "转出执法关系", moved, "人",
          f"{f.year}年内有“转出”记录的人数")  # fmt: skip


# -- 巡察整改 ------------------------------------------------------------------------------
def _rectification(db: Reader, f: AnnualFigures) -> None:
    start, end, as_of = f"{f.year}-01-01", f"{f.year}-12-31", f.as_of.isoformat()
    of_year = (
        f"p.inspection_id IN (SELECT i.id FROM inspections i WHERE {_FOUND_IN} BETWEEN ? AND ?)"
    )
    scope = f"{f.year}年反馈(未填反馈日期的按录入日期)的巡视、巡察、审计、督查等检查"
    inspections = _one(
        db, f"SELECT count(*) FROM inspections i WHERE {_FOUND_IN} BETWEEN ? AND ?", [start, end]
    )
    f.add("inspections", RECTIFICATION, "反馈问题的检查", inspections, "项", scope)
    row = db.execute(
        "SELECT count(*), count(*) FILTER (WHERE p.status = ? AND p.completion_date <= ?),"
        " count(*) FILTER (WHERE p.status = ?),"
        f" count(*) FILTER (WHERE p.status IN {OPEN_SQL} AND p.deadline < ?)"
        f" FROM problems p WHERE {of_year}",
        [Status.COMPLETED.value, as_of, Status.LONG_TERM.value, as_of, start, end],
    ).fetchone()
    problems, done, long_term, overdue = (int(v or 0) for v in row)
    measures, measures_done = (
        int(v or 0)
        for v in db.execute(
            "SELECT count(*), count(*) FILTER (WHERE m.status = ? AND m.completion_date <= ?)"
            f" FROM measures m JOIN problems p ON p.id = m.problem_id WHERE {of_year}",
            [Status.COMPLETED.value, as_of, start, end],
        ).fetchone()
    )
    f.add("problems", RECTIFICATION, "反馈问题", problems, "个", f"{scope}所列问题数")
    f.add("measures", RECTIFICATION, "整改措施", measures, "项", "上述问题细化的整改措施数")
    f.add("problems_done", RECTIFICATION, "已完成整改的问题", done, "个",
          f"上述问题中状态为“已完成”且完成时间不晚于{as_of}的问题数")  # fmt: skip
    f.add("measures_done", RECTIFICATION, "已完成的整改措施", measures_done, "项",
          f"上述措施中状态为“已完成”且完成时间不晚于{as_of}的措施数")  # fmt: skip
    f.add("problems_ongoing", RECTIFICATION, "正在推进整改的问题", problems - done, "个",
          "反馈问题数 − 已完成整改的问题数(含需长期坚持的问题)")  # fmt: skip
    f.add("problems_long_term", RECTIFICATION, "需长期坚持的问题", long_term, "个",
          "上述问题中状态为“长期坚持”的问题数")  # fmt: skip
    f.add("problems_overdue", RECTIFICATION, "逾期未完成的问题", overdue, "个",
          f"上述问题中未启动或整改中、整改时限早于{as_of}的问题数")  # fmt: skip
    f.add("completion_rate", RECTIFICATION, "问题整改完成率", rate(done, problems), "",
          "已完成整改的问题数 ÷ 反馈问题数")  # fmt: skip
    notices = dict.fromkeys(LEVELS, 0)
    for level, n in db.execute(
        "SELECT level, count(*) FROM escalation_notices WHERE date BETWEEN ? AND ? GROUP BY 1",
        [start, end],
    ):
        notices[level] = n
    for level, n in notices.items():
        f.add(f"escalated:{level}", RECTIFICATION, f"发出{level}", n, "份",
              f"{f.year}年内成文的{level}份数")  # fmt: skip
    items = _one(db, "SELECT count(*) FROM escalations WHERE date BETWEEN ? AND ?", [start, end])
    f.add("escalated_items", RECTIFICATION, "督办事项", items, "项次",
          f"{f.year}年内各份督办文书所列事项数之和(同一事项多次督办计多次)")  # fmt: skip
    rounds = _one(
        db,
        "SELECT count(*) FROM recheck_rounds"
        " WHERE COALESCE(planned_date, substr(created_at, 1, 10)) BETWEEN ? AND ?",
        [start, end],
    )
    f.add("recheck_rounds", RECTIFICATION, "整改“回头看”", rounds, "次",
          f"计划日期(未填时为建立日期)在{f.year}年内的回头看次数")  # fmt: skip
    checked = {o.value: 0 for o in Outcome}
    for outcome, n in db.execute(
        "SELECT outcome, count(*) FROM recheck_items WHERE checked_on BETWEEN ? AND ? GROUP BY 1",
        [start, end],
    ):
        checked[outcome] = n
    f.add("rechecked", RECTIFICATION, "回头看复查的问题",
          checked[Outcome.CONFIRMED.value] + checked[Outcome.REOPENED.value], "个",
          f"{f.year}年内复查(整改到位或重新整改)的已销号问题数")  # fmt: skip
    f.add("reopened", RECTIFICATION, "回头看中重新整改的问题", checked[Outcome.REOPENED.value],
          "个", f"{f.year}年内复查结论为“重新整改”的问题数")  # fmt: skip
    repeats = _one(
        db,
        "SELECT count(DISTINCT r.problem_id) FROM problem_repeats r"
        f" JOIN problems p ON p.id = r.problem_id WHERE r.state = ? AND {of_year}",
        [RepeatState.CONFIRMED.value, start, end],
    )
    f.add("repeats", RECTIFICATION, "屡查屡犯问题", repeats, "个",
          "上述问题中确认与以往检查的问题相同或相似(屡查屡犯)的问题数")  # fmt: skip


# -- 双随机抽查 ------------------------------------------------------------------------------
def _draws(db: Reader, f: AnnualFigures) -> None:
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'draws'"
    ).fetchone()
    if not exists:
        return
    from desktop_app.storage.draws.queries import year_figures

    y = year_figures(db, f.year)
    f.has_draws = True
    rule = f"{f.year}年进行的“双随机、一公开”抽取(被重新抽取替代的不计)"
    f.add("draws", DRAWS, "双随机抽查", y.draws, "次", f"{rule}的次数")
    f.add("draw_targets", DRAWS, "抽取检查对象", y.targets, "家", f"{rule}抽中的检查对象数")
    f.add("draw_inspectors", DRAWS, "执法检查人员", y.inspectors, "人次", f"{rule}各检查组人数之和")
    f.add("draw_done", DRAWS, "已完成检查", y.done, "家", "已录入检查结果(已检查)的抽中对象数")
    f.add(
        "draw_rate",
        DRAWS,
        "抽查完成率",
        rate(y.done, y.due),
        "",
        "已完成检查的对象数 ÷ 抽取检查对象数",
    )
