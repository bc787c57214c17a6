"""Training records in a real SQLite file: writes, refusals, lists and yearly figures."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.demo.training import create_demo
from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.training import (
    LECTURE,
    AttendanceStatus,
    NoticeTexts,
    TrainingRules,
    TrainingSession,
)
from desktop_app.storage import audit
from desktop_app.storage.settings import SettingsRepo, read_training_rules
from desktop_app.storage.training import queries
from desktop_app.storage.training.repo import (
    TrainingRepo,
    save_training_rules,
)
from tests.training_data import LINE_2024, YEAR, add_roster, add_session, build_year


@pytest.fixture
def trepo(db) -> TrainingRepo:
    add_roster(db)
    return TrainingRepo(db)


@pytest.fixture
def year(db, trepo) -> dict[str, int]:
    return build_year(db)


def counts(db) -> tuple[int, int, int, int]:
    """Rows in the training tables and the audit log."""
    return tuple(
        db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("training_sessions", "training_laws", "training_attendance", "audit_log")
    )


def test_seed_year_figures_exactly(db, year):
    rules = read_training_rules(db)
    figures = queries.year_figures(db, YEAR, rules)
    assert figures.by_kind == {"中心组学法": 5, "旁听庭审": 1, "在线学法考试": 1, "执法业务培训": 1}
    assert (figures.participants, figures.attendances, figures.person_hours) == (68, 163, 852)
    exam = figures.exam
    assert (exam.expected, exam.participants, exam.passed, exam.excellent) == (68, 68, 68, 58)
    assert (figures.holders, figures.short) == (20, 11)
    assert figures.text(rules) == LINE_2024
    assert queries.year_figures(db, 2023, rules).participants == 5
    assert queries.year_figures(db, 2022, rules).exam is None


def test_minimum_hours_is_a_setting(db, year):
    save_training_rules(db, TrainingRules(min_hours=60, pass_mark=60, excellent_mark=90))
    rules = read_training_rules(db)
    assert rules.min_hours == 60
    assert queries.year_figures(db, YEAR, rules).short == 20
    last = db.execute("SELECT record_type, action FROM audit_log ORDER BY id DESC").fetchone()
    assert last == ("settings", "update")
    with pytest.raises(ValidationError):
        save_training_rules(db, TrainingRules(pass_mark=95, excellent_mark=90))
    assert read_training_rules(db).excellent_mark == 90


def test_per_person_figures_and_shortfalls(db, year):
    rules = read_training_rules(db)
    rows = {r["id"]: r for r in queries.person_year_query(db, YEAR, rules).fetch(0, 500)}
    assert len(rows) == 70  # in service; the retired and the transferred did not attend in 2024
    assert rows[1]["hours"] == 45 and rows[1]["shortfall"] == 0 and rows[1]["holder"]
    assert rows[9]["hours"] == 42 and rows[9]["sessions"] == 7
    assert rows[10]["hours"] == 30 and rows[10]["shortfall"] == 10
    assert rows[20]["hours"] == 6 and rows[20]["shortfall"] == 34
    assert rows[21]["hours"] == 6 and rows[21]["shortfall"] == 0  # no certificate
    assert rows[1]["score"] is not None and rows[69]["score"] is None
    short = queries.person_year_query(db, YEAR, rules, holders_only=True, short_only=True)
    assert short.count() == 11
    top = short.fetch(0, 1, "shortfall", True)[0]
    assert (top["id"], top["shortfall"]) == (20, 34)
    found = queries.person_year_query(db, YEAR, rules, text="干部2")
    assert {r["id"] for r in found.fetch(0, 50)} == set(range(20, 30))
    in_2023 = {r["id"] for r in queries.person_year_query(db, 2023, rules).fetch(0, 500)}
    assert 71 in in_2023  # retired since, but attended that year


def test_hours_shortfall_for_the_certificate_page(db, year):
    lacking = queries.hours_shortfall(db, YEAR, 40)
    assert lacking[10] == 10 and lacking[20] == 34 and lacking[21] == 34
    assert 1 not in lacking and 9 not in lacking
    assert 71 not in lacking  # not in service
    assert len(lacking) == 70 - 9


def test_session_list_filters(db, year):
    def titles(**kw) -> list[str]:
        query = queries.session_query(db, queries.SessionFilter(**kw))
        return [r["title"] for r in query.fetch(0, 100)]

    assert len(titles(year=2024)) == 8
    assert titles(year=2024, month=5) == ["旁听行政诉讼案件庭审"]
    assert len(titles(year=2024, kind="中心组学法")) == 5
    assert titles(text="复议") == ["行政复议法专题讲座"]
    assert titles()[0] == "2024年度国家工作人员在线学法考试"  # newest first
    row = queries.session_query(db, queries.SessionFilter(year=2024, kind="旁听庭审")).fetch(0, 1)
    assert (row[0]["listed"], row[0]["present"]) == (32, 32)
    assert queries.session_years(db) == [2024, 2023]


def test_attendance_list_filters(db, year):
    def query(**kw):
        return queries.attendance_query(db, queries.AttendanceFilter(**kw))

    assert query(session_id=year["exam"]).count() == 68
    assert query(session_id=year["enforcement"], status="缺席").count() == 1
    assert query(session_id=year["court"], text="法规科").count() == 20
    assert query(person_id=1, year=YEAR).count() == 8
    assert query(text="100%_").count() == 0  # LIKE wildcards are literal


def test_duplicate_attendance_is_refused_naming_the_person(db, year):
    before = counts(db)
    with pytest.raises(UserError, match="干部03已在“旁听行政诉讼案件庭审”的名单中"):
        TrainingRepo(db).add_attendees(year["court"], [40, 3])
    assert counts(db) == before
    with pytest.raises(UserError, match="人员不存在"):
        TrainingRepo(db).add_attendees(year["court"], [999])
    assert counts(db) == before


def test_adding_by_department_skips_people_already_listed(db, year):
    repo = TrainingRepo(db)
    group = queries.person_ids_in(db, [("市科技局", "法规科")])
    assert len(group) == 20
    added = repo.add_attendees(year["court"], [40], group_ids=group)
    assert added == 1 + 0  # 法规科 (ids 11–30) is already on the court list; 40 is new
    whole = queries.person_ids_in(db, [("市科技局", None)])
    assert len(whole) == 70
    before = counts(db)
    assert repo.add_attendees(year["court"], [], group_ids=whole) == 70 - 33
    after = counts(db)
    assert after[2] - before[2] == 37 and after[3] - before[3] == 1  # one audit row


def test_mark_all_present_is_one_transaction(db, trepo):
    sid = add_session(trepo, "专题讲座", date(2024, 3, 1), LECTURE, 2.5)
    trepo.add_attendees(sid, list(range(1, 41)), AttendanceStatus.ABSENT)
    listed = trepo.attendance_of(sid)
    assert {a.hours for a in listed} == {0}
    before = counts(db)
    assert trepo.mark_all_present(sid) == 40
    assert counts(db)[3] == before[3] + 1
    assert {(a.status, a.hours) for a in trepo.attendance_of(sid)} == {("出席", 2.5)}
    assert trepo.mark_all_present(sid) == 0


def test_session_without_title_or_date_saves_nothing(db, trepo):
    before = counts(db)
    with pytest.raises(ValidationError, match="主题"):
        trepo.add_session(TrainingSession(title="", date=date(2024, 1, 1), hours=2))
    with pytest.raises(ValidationError, match="日期"):
        trepo.add_session(TrainingSession(title="学法", hours=2))
    with pytest.raises(ValidationError, match="学时"):
        trepo.add_session(TrainingSession(title="学法", date=date(2024, 1, 1), hours=30))
    assert counts(db) == before


def test_bad_attendance_edit_changes_nothing(db, year):
    repo = TrainingRepo(db)
    att = repo.attendance_of(year["exam"])[0]
    before = counts(db)
    for field, value, name in (("score", 120, "成绩"), ("hours", 3, "计入学时")):
        edited = repo.get_attendance(att.id)
        setattr(edited, field, value)
        with pytest.raises(ValidationError, match=name):
            repo.update_attendance(edited)
    assert counts(db) == before
    assert repo.get_attendance(att.id) == att


def test_session_edit_moves_default_hours_and_keeps_laws(db, year):
    repo = TrainingRepo(db)
    session = repo.get_session(year["court"])
    session.hours, session.laws = 3.5, ["中华人民共和国行政诉讼法", "中华人民共和国行政复议法"]
    repo.update_session(session)
    assert {a.hours for a in repo.attendance_of(year["court"])} == {3.5}
    assert repo.get_session(year["court"]).laws == session.laws
    found = queries.session_query(db, queries.SessionFilter(text="行政复议法"))
    assert found.count() == 2


def test_delete_session_takes_its_list_along(db, year):
    repo = TrainingRepo(db)
    repo.delete_session(year["exam"])
    with pytest.raises(UserError, match=f"编号 {year['exam']}"):
        repo.get_session(year["exam"])
    assert repo.attendance_count(year["exam"]) == 0
    row = db.execute("SELECT summary FROM audit_log ORDER BY id DESC").fetchone()
    assert row[0] == "2024年度国家工作人员在线学法考试(含名单 68 人)"


def test_notice_texts_travel_with_the_session(db, year):
    repo = TrainingRepo(db)
    assert repo.notice_texts(year["court"]) is None
    texts = NoticeTexts(
        title="关于组织旁听庭审的通知", contact="联系人:王明", sign_date=date(2024, 5, 10)
    )
    repo.save_notice_texts(year["court"], texts)
    assert repo.notice_texts(year["court"]) == texts
    assert repo.latest_notice_texts() == texts


def test_record_types_and_settings_are_registered():
    assert audit.RECORD_TYPES["training_session"] == "学法培训"
    assert audit.RECORD_TYPES["attendance"] == "培训出勤"


def test_default_rules(db):
    assert read_training_rules(db) == TrainingRules(40, 60, 90)
    assert SettingsRepo(db).get("training.min_hours") == 40


def test_demo_builds_the_seed_year_on_the_roster(db):
    assert create_demo(db, 1, date(2025, 5, 1)) == {
        "training_sessions": 0,
        "training_attendance": 0,
    }
    add_roster(db)
    made = create_demo(db, 2, date(2025, 5, 1))
    assert made["training_attendance"] == 2000
    rules = read_training_rules(db)
    figures = queries.year_figures(db, 2024, rules)
    assert figures.by_kind["中心组学法"] == 5 and figures.by_kind["旁听庭审"] == 1
    court = queries.session_query(db, queries.SessionFilter(year=2024, kind="旁听庭审"))
    assert court.fetch(0, 1)[0]["present"] == 32
    exam = figures.exam
    assert (exam.expected, exam.participants, exam.excellent) == (68, 68, 58)
    assert "参与率 100%" in figures.text(rules) and "优秀率(90分以上)85.3%" in figures.text(rules)
