"""A year of records across the registers (2024), built as the clerk would, with its figures.

Training: ``training_data.build_year`` (seeds 002/004). Personnel: ``build_seed_001_year``
(1 new certificate, 3 cancelled, 11 persons transferred out). Rectification (below): an
inspection fed back in 2024 with four problems and four measures, one of 2023 that must not
count; two 督办 documents in 2024 and one in 2025; one confirmed 屡查屡犯; two 回头看 rounds,
one problem confirmed and one re-opened.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain.escalation import Level
from desktop_app.domain.notices import NoticeTexts
from desktop_app.domain.rectification import Inspection, Measure, Problem, SignOff, Status
from desktop_app.domain.repeats import Outcome, RecheckRound, RepeatState
from desktop_app.storage.personnel.repo import PersonnelRepo
from desktop_app.storage.rectification import escalations, rechecks, repeats
from desktop_app.storage.rectification.repo import RectificationRepo
from desktop_app.storage.settings import write_settings
from tests.personnel_factory import build_seed_001_year
from tests.rectification_data import completed
from tests.training_data import add_roster, build_year

YEAR = 2024
TODAY = date(2025, 2, 10)  # the report is written early in the next year

EXPECTED = {
    # 学法培训 (training_data.LINE_2024)
    "kind:中心组学法": 5,
    "kind:专题讲座": 0,
    "kind:执法业务培训": 1,
    "kind:旁听庭审": 1,
    "kind:在线学法考试": 1,
    "kind:普法宣传": 0,
    "kind:其他": 0,
    "group_study": 5,
    "sessions": 8,
    "participants": 68,
    "attendances": 163,
    "person_hours": 852.0,
    "court_participants": 32,
    "exam_expected": 68,
    "exam_participants": 68,
    "exam_participation": "100%",
    "exam_pass": "100%",
    "exam_excellent": "85.3%",
    "excellent_mark": "90",
    "min_hours": "40",
    "short": 16,  # 11 of the 20 trained holders, and the 5 holders of the personnel year
    # 执法人员 (seed 001's year)
    "holders:行政执法证": 25,
    "holders:行政执法监督证": 0,
    "new": 1,
    "renewed": 0,
    "reviewed": 0,
    "suspended": 0,
    "cancelled": 3,
    "transferred": 11,
    # 巡察整改
    "inspections": 1,
    "problems": 4,
    "measures": 4,
    "problems_done": 1,
    "measures_done": 3,
    "problems_ongoing": 3,
    "problems_long_term": 1,
    "problems_overdue": 1,
    "completion_rate": "25%",
    "escalated:提醒函": 1,
    "escalated:督办通知": 1,
    "escalated:约谈通知": 0,
    "escalated_items": 2,
    "recheck_rounds": 2,
    "rechecked": 2,
    "reopened": 1,
    "repeats": 1,
    # 双随机抽查: none in this year (``test_annual`` draws one)
    "draws": 0,
    "draw_targets": 0,
    "draw_inspectors": 0,
    "draw_done": 0,
    "draw_rate": "—",
}


def _escalate(db, level: Level, on: date, problem_id: int, measure_id: int | None) -> None:
    from desktop_app.domain.escalation import EscalationItem

    item = EscalationItem(problem_id, "事项", "办公室", warning="逾期", measure_id=measure_id)
    texts = NoticeTexts(title=str(level), doc_no=f"鹤科督〔{on.year}〕{on.month}号", sign_date=on)
    escalations.EscalationRepo(db).record(level, texts, "办公室", [item])


def build_rectification_year(db) -> dict[str, int]:
    """The rectification records of 2024 (and their neighbours); ids by name."""
    repo = RectificationRepo(db)
    ids: dict[str, int] = {}
    old = repo.add_inspection(
        Inspection(name="2023年度经济责任审计", kind="审计", feedback_date=date(2023, 11, 20))
    )
    ids["p5"] = repo.add_problem(
        Problem(
            description="合同管理制度不健全，审核把关不严",
            inspection_id=old,
            **completed(date(2024, 2, 1)),
        )
    )
    write_settings(repo.db, {"rectification.signoff_evidence": False})  # 销号 without evidence here
    repo.sign_off("problem", ids["p5"], SignOff(date(2024, 3, 1), "法规科"))
    ids["a"] = a = repo.add_inspection(
        Inspection(name="2024年市委巡察反馈问题整改", feedback_date=date(2024, 3, 1))
    )
    ids["p1"] = repo.add_problem(Problem(description="领导干部学法不够系统", inspection_id=a))
    repo.add_measure(
        Measure("制定年度学法计划", problem_id=ids["p1"], **completed(date(2024, 6, 30)))
    )
    repo.add_measure(
        Measure("落实集中学法制度", problem_id=ids["p1"], **completed(date(2024, 11, 30)))
    )
    repo.sign_off("problem", ids["p1"], SignOff(date(2024, 12, 1), "法规科"))
    ids["p2"] = repo.add_problem(
        Problem(description="行政执法公示不及时", inspection_id=a, deadline=date(2024, 10, 31))
    )
    repo.add_measure(Measure("建立公示台账", problem_id=ids["p2"], **completed(date(2024, 8, 1))))
    ids["m4"] = repo.add_measure(
        Measure(
            "按时公示执法信息",
            problem_id=ids["p2"],
            status=Status.IN_PROGRESS,
            deadline=date(2024, 10, 31),
        )
    )
    ids["p3"] = repo.add_problem(
        Problem(
            description="合同管理制度不健全,合法性审核把关不严",
            inspection_id=a,
            status=Status.LONG_TERM,
        )
    )
    ids["p4"] = repo.add_problem(
        Problem(description="执法案卷评查不规范", inspection_id=a, **completed(date(2025, 1, 15)))
    )
    flags = repeats.RepeatRepo(db)
    assert flags.find([ids["p3"]]) == 1
    [flag] = repeats.flags_of(db, ids["p3"])
    assert flag.earlier_id == ids["p5"]
    flags.decide(flag.id, RepeatState.CONFIRMED)
    _escalate(db, Level.REMINDER, date(2024, 9, 10), ids["p2"], ids["m4"])
    _escalate(db, Level.NOTICE, date(2024, 11, 5), ids["p2"], ids["m4"])
    _escalate(db, Level.REMINDER, date(2025, 1, 5), ids["p2"], ids["m4"])  # next year's
    rounds = rechecks.RecheckRepo(db)
    first = rounds.add_round(RecheckRound("2024年整改回头看", a, date(2024, 12, 20)))
    [item] = rechecks.items_of(db, first)
    rounds.record(item.id or 0, Outcome.CONFIRMED, "", date(2024, 12, 20), "法规科")
    second = rounds.add_round(RecheckRound("审计整改回头看", old, date(2024, 12, 25)))
    [item] = rechecks.items_of(db, second)
    rounds.record(item.id or 0, Outcome.REOPENED, "合同审核仍不规范", date(2024, 12, 26), "法规科")
    return ids


def build_everything(db) -> dict[str, int]:
    """Every register's year 2024."""
    add_roster(db)
    build_seed_001_year(PersonnelRepo(db), YEAR)
    build_year(db)
    return build_rectification_year(db)
