"""The demo database: seed 000 as reported, synthetic volume, columns filled as the repo does."""

import json
from datetime import date

import pytest

from desktop_app.demo import create_demo, describe_counts
from desktop_app.demo.seed_000 import parse_outline
from desktop_app.domain.errors import UserError
from desktop_app.domain.rectification import Status, WarningRules, check_status_fields
from desktop_app.storage.rectification.queries import (
    ProblemFilter,
    list_inspections,
    problem_query,
    summary,
)
from desktop_app.storage.rectification.repo import RectificationRepo

TODAY = date(2025, 6, 1)


@pytest.fixture
def filled(db):
    """The demo at scale 1 as of TODAY, with the progress reports it made."""
    reports: list[tuple[int, int]] = []
    counts = create_demo(db, scale=1, today=TODAY, progress=lambda d, t: reports.append((d, t)))
    return db, counts, reports


def test_counts_and_one_audit_row(filled) -> None:
    db, counts, reports = filled
    assert counts["problems"] == 1000 == db.execute("SELECT count(*) FROM problems").fetchone()[0]
    assert counts["measures"] == db.execute("SELECT count(*) FROM measures").fetchone()[0]
    assert 2000 <= counts["measures"] <= 3000
    assert counts["inspections"] == 5
    [(action, record_type, after, text)] = db.execute(
        "SELECT action, record_type, after, summary FROM audit_log"
    ).fetchall()
    assert (action, record_type) == ("import", "database")
    assert json.loads(after)["problems"] == 1000 and json.loads(after)["scale"] == 1
    assert describe_counts(counts) in text
    assert reports[-1] == (1000, 1000)


def test_seed_inspection_as_reported(filled) -> None:
    db, _, _ = filled
    repo = RectificationRepo(db)
    seed = next(i for i in list_inspections(db) if i.kind == "专项巡察")
    assert (seed.name, seed.body) == ("市委巡察五组依法行政专项巡察", "市委巡察五组")
    assert (seed.onsite_start, seed.onsite_end) == (date(2022, 2, 16), date(2022, 3, 16))
    assert seed.feedback_date == date(2022, 4, 19) and seed.report_due == date(2022, 6, 19)
    assert seed.plan_doc_no == "通科党﹝2022﹞16号"
    problems = [
        repo.get_problem(r[0], with_measures=True)
        for r in db.execute(
            "SELECT id FROM problems WHERE inspection_id = ? ORDER BY seq", [seed.id]
        )
    ]
    assert [p.category for p in problems] == [
        "贯彻习近平法治思想不到位",
        "行政执法工作重视不够",
        "制度建设不健全",
        "赋权事项未落实到位",
        "主题教育不扎实",
    ]
    measures = [m for p in problems for m in p.measures]
    assert len(measures) == 18 and [len(p.measures) for p in problems] == [5, 4, 3, 3, 3]
    on_spot = [m for m in measures if m.completion_way == "即知即改"]
    assert len(on_spot) == 4 and all(m.status == Status.COMPLETED for m in on_spot)
    assert [m.status for m in measures].count(Status.LONG_TERM) == 1
    assert [m.status for m in measures].count(Status.IN_PROGRESS) >= 3
    assert problems[4].status == Status.COMPLETED and problems[4].signoff is not None
    assert problems[0].status == Status.IN_PROGRESS
    assert any(m.signoff for m in measures)
    texts = " ".join(e.text for p in problems for e in repo.progress_of(p.id))
    assert "开展中心组学习10次" in texts and "完成率57.1%" in texts
    assert len(repo.evidence.of_problem(problems[4].id)) == 1
    assert repo.report_texts(seed.id).title == "关于巡察整改进展情况的通报"


def test_no_real_person_is_named(filled) -> None:
    db, _, _ = filled
    dump = "\n".join(db.conn.iterdump())
    assert "赵玉峰" not in dump


def test_derived_columns_are_those_the_repository_computes(filled) -> None:
    db, _, _ = filled
    repo = RectificationRepo(db)
    before = db.execute("SELECT * FROM problems ORDER BY id").fetchall()
    with db.atomic():
        for (problem_id,) in db.execute("SELECT id FROM problems").fetchall():
            repo.refresh_problem(problem_id)
    assert db.execute("SELECT * FROM problems ORDER BY id").fetchall() == before
    stale = db.execute(
        "SELECT count(*) FROM measures m WHERE COALESCE(last_progress, '') !="
        " COALESCE((SELECT max(date) FROM progress g WHERE g.measure_id = m.id), '')"
    ).fetchone()[0]
    assert stale == 0


def test_rows_obey_the_rules(filled) -> None:
    db, _, _ = filled
    for table in ("problems", "measures"):
        for status, done, way, signed in db.execute(
            f"SELECT status, completion_date, completion_way, signoff_date FROM {table}"
        ):
            check_status_fields(Status(status), date.fromisoformat(done) if done else None, way)
            assert signed is None or (status == "已完成" and signed >= done)
    latest = TODAY.isoformat()
    for column, table in [
        ("completion_date", "measures"),
        ("signoff_date", "measures"),
        ("signoff_date", "problems"),
        ("date", "progress"),
        ("substr(created_at, 1, 10)", "problems"),
    ]:
        assert (
            db.execute(f"SELECT count(*) FROM {table} WHERE {column} > ?", [latest]).fetchone()[0]
            == 0
        )
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_all_three_warning_colours_show(filled) -> None:
    db, _, _ = filled
    rules = WarningRules()
    for warning in ("逾期", "临期", "滞后"):
        assert problem_query(db, ProblemFilter(warning=warning), TODAY, rules).count() > 0, warning
    totals = summary(db, ProblemFilter(), TODAY, rules)
    assert totals.completed and totals.in_progress and totals.long_term and totals.not_started
    assert totals.signed_off > 0


def test_refuses_a_database_with_data_and_changes_nothing(filled) -> None:
    db, _, _ = filled
    rows = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(UserError, match="已有数据"):
        create_demo(db, scale=1, today=TODAY)
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == rows
    assert db.execute("SELECT count(*) FROM problems").fetchone()[0] == 1000


@pytest.mark.parametrize("scale", [0, 101, -1])
def test_scale_out_of_range(db, scale: int) -> None:
    with pytest.raises(UserError, match="1 到 100"):
        create_demo(db, scale=scale)
    assert db.execute("SELECT count(*) FROM problems").fetchone()[0] == 0


def test_same_day_gives_the_same_data(tmp_path) -> None:
    from desktop_app.storage.database import open_database

    dumps = []
    for name in ("一.db", "二.db"):
        db = open_database(tmp_path / name)
        create_demo(db, scale=1, today=TODAY)
        dumps.append(db.execute("SELECT * FROM measures ORDER BY id").fetchall())
        db.close()
    assert dumps[0] == dumps[1]


def test_demo_db_fixture(demo_db) -> None:
    assert demo_db.execute("SELECT count(*) FROM problems").fetchone()[0] == 1000


def test_seed_outline_reads_continued_lines_and_every_field() -> None:
    outline = """
问题 类别甲
  描述 第一行
      接续
  责任 局长 / 法规科 / 办公室
  销号 2022-06-10 工作组 同意 销号
措施 措施一
  责任 办公室
  时限 2022-05-31
  状态 已完成 2022-05-30 按期完成
  进展 2022-05-30 完成 了
"""
    [problem] = parse_outline(outline)
    assert (problem.description, problem.leader, problem.resp_depts) == (
        "第一行接续",
        "局长",
        "办公室",
    )
    assert problem.signoff == (date(2022, 6, 10), "工作组", "同意 销号")
    [measure] = problem.measures
    assert (measure.lead_dept, measure.resp_depts, measure.deadline) == (
        "办公室",
        "",
        date(2022, 5, 31),
    )
    assert (measure.status, measure.completion, measure.way) == (
        "已完成",
        date(2022, 5, 30),
        "按期完成",
    )
    assert measure.progress == ((date(2022, 5, 30), "完成 了"),)
    with pytest.raises(ValueError, match="未知"):
        parse_outline("问题 甲\n  未知 值\n")
