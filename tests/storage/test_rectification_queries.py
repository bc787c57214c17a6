"""The problem list in SQL: filters, sorting, paging, counts, and warning parity with Python."""

import random
from datetime import date, timedelta

import pytest

from desktop_app.domain import rectification as domain
from desktop_app.domain.dates import from_iso
from desktop_app.storage.rectification.queries import (
    ANY_WARNING,
    ProblemFilter,
    distinct_values,
    problem_query,
    summary,
    warning_sql,
)
from desktop_app.storage.settings import write_settings

TODAY = date.today()  # rows created now have today's created_at
RULES = domain.WarningRules(lead_days=14, stall_days=30)
DAY = timedelta(days=1)


@pytest.fixture
def dataset(repo) -> dict[str, int]:
    """Six problems, one per interesting case, plus one in a second inspection."""
    main = repo.add_inspection(domain.Inspection(name="依法行政专项巡察", kind="专项巡察"))
    other = repo.add_inspection(domain.Inspection(name="年度审计", kind="审计"))

    def add(**values) -> int:
        values.setdefault("inspection_id", main)
        return repo.add_problem(domain.Problem(**values))

    ids = {
        "overdue": add(
            description="执法案卷合格率100%未达标",
            category="行政执法不规范",
            lead_dept="行政执法处",
            leader="分管执法副局长",
            status=domain.Status.IN_PROGRESS,
            deadline=TODAY - DAY,  # open and past its deadline: 逾期
        ),
        "near": add(
            description="档案_归档不及时",
            category="制度建设不健全",
            lead_dept="办公室",
            resp_depts="政策法规处、人事处",
            leader="局长",
            status=domain.Status.IN_PROGRESS,
            deadline=TODAY + 5 * DAY,
        ),
        "stalled": add(
            description="学法培训覆盖面不广",
            category="行政执法不规范",
            lead_dept="政策法规处",
            leader="局长",
            deadline=TODAY + 90 * DAY,  # far off: only its old progress makes it 滞后
        ),
        "done": add(  # signed off below
            description="舆情处置方案缺失",
            category="制度建设不健全",
            lead_dept="办公室",
            leader="分管法治副局长",
            status=domain.Status.COMPLETED,
            completion_date=TODAY - 10 * DAY,
            deadline=TODAY - DAY,  # past, but done: no warning
        ),
        "long": add(
            description="常态化学习机制",
            category="主题教育不扎实",
            lead_dept="机关党委",
            status=domain.Status.LONG_TERM,
        ),
        "idle": add(
            description="档案X归档核查1000项",
            category="主题教育不扎实",
            lead_dept="人事处",
            leader="分管执法副局长",
            deadline=TODAY + 60 * DAY,  # 未启动 and not yet near: no warning
        ),
        "elsewhere": add(
            description="专项资金使用不规范",
            category="财务管理不规范",
            lead_dept="计划财务处",
            inspection_id=other,
        ),
    }
    measure = repo.add_measure(
        domain.Measure(
            content="组织旁听庭审", status=domain.Status.IN_PROGRESS, problem_id=ids["stalled"]
        )
    )
    repo.add_progress(
        domain.ProgressEntry(TODAY - 45 * DAY, "政策法规处", "已排期", ids["stalled"], measure)
    )
    write_settings(repo.db, {"rectification.signoff_evidence": False})  # no evidence here
    repo.sign_off("problem", ids["done"], domain.SignOff(TODAY - 5 * DAY, "局整改工作组"))
    ids["main"], ids["other"] = main, other
    return ids


def _ids(db, flt: ProblemFilter, **fetch) -> list[int]:
    query = problem_query(db, flt, TODAY, RULES)
    rows = query.fetch(0, 1000, **fetch)
    assert query.count() == len(rows)
    return [r["id"] for r in rows]


def _names(dataset, ids: list[int]) -> set[str]:
    by_id = {v: k for k, v in dataset.items() if k not in ("main", "other")}
    return {by_id[i] for i in ids}


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (ProblemFilter(text="100%"), {"overdue"}),
        (ProblemFilter(text="档案_归"), {"near"}),
        (ProblemFilter(text="档案"), {"near", "idle"}),
        (ProblemFilter(text="旁听"), {"stalled"}),  # found through its measure
        (ProblemFilter(text="  财务处 "), {"elsewhere"}),
        (ProblemFilter(status="整改中"), {"overdue", "near", "stalled"}),
        (ProblemFilter(status="已完成"), {"done"}),
        (ProblemFilter(status="长期坚持"), {"long"}),
        (ProblemFilter(status="未启动"), {"idle", "elsewhere"}),
        (ProblemFilter(department="政策法规处"), {"near", "stalled"}),
        (ProblemFilter(department="办公室"), {"near", "done"}),
        (ProblemFilter(leader="局长"), {"near", "stalled"}),
        (ProblemFilter(category="行政执法不规范"), {"overdue", "stalled"}),
        (ProblemFilter(warning="逾期"), {"overdue"}),
        (ProblemFilter(warning="临期"), {"near"}),
        (ProblemFilter(warning="滞后"), {"stalled"}),
        (ProblemFilter(warning=ANY_WARNING), {"overdue", "near", "stalled"}),
        (ProblemFilter(status="整改中", department="办公室"), {"near"}),
        (ProblemFilter(text="没有这样的问题"), set()),
    ],
)
def test_filters(db, dataset, flt: ProblemFilter, expected: set[str]) -> None:
    assert _names(dataset, _ids(db, flt)) == expected


def test_inspection_filter(db, dataset) -> None:
    assert _names(dataset, _ids(db, ProblemFilter(inspection_id=dataset["other"]))) == {"elsewhere"}
    assert len(_ids(db, ProblemFilter(inspection_id=dataset["main"]))) == 6


def test_warning_column_and_measure_count(db, dataset) -> None:
    rows = problem_query(db, ProblemFilter(), TODAY, RULES).fetch(0, 100)
    by_id = {r["id"]: r for r in rows}
    assert by_id[dataset["overdue"]]["warning"] == "逾期"
    assert by_id[dataset["done"]]["warning"] == ""
    assert by_id[dataset["stalled"]]["measure_count"] == 1
    assert by_id[dataset["near"]]["measure_count"] == 0


def test_sorting(db, dataset) -> None:
    ascending = _ids(db, ProblemFilter(inspection_id=dataset["main"]), sort_key="deadline")
    deadlines = [
        db.execute("SELECT deadline FROM problems WHERE id = ?", [i]).fetchone()[0]
        for i in ascending
    ]
    assert deadlines == sorted(deadlines, key=lambda d: (d is not None, d or ""))
    descending = _ids(
        db, ProblemFilter(inspection_id=dataset["main"]), sort_key="deadline", descending=True
    )
    assert descending[0] == dataset["stalled"]  # latest deadline first
    by_text = _ids(db, ProblemFilter(), sort_key="description")
    descriptions = [
        db.execute("SELECT description FROM problems WHERE id = ?", [i]).fetchone()[0]
        for i in by_text
    ]
    assert descriptions == sorted(descriptions)
    default = _ids(db, ProblemFilter(), sort_key="no such column")
    assert default == _ids(db, ProblemFilter())  # unknown keys fall back to the default order
    assert default[:6] == [
        dataset[k] for k in ("overdue", "near", "stalled", "done", "long", "idle")
    ]


def test_paging_is_stable_and_complete(db, dataset) -> None:
    query = problem_query(db, ProblemFilter(), TODAY, RULES)
    everything = [r["id"] for r in query.fetch(0, 100, "status")]
    pages = [r["id"] for offset in range(0, 8, 3) for r in query.fetch(offset, 3, "status")]
    assert pages == everything and len(everything) == query.count() == 7
    assert query.fetch(100, 3) == []


def test_summary_counts(db, dataset) -> None:
    total = summary(db, ProblemFilter(), TODAY, RULES)
    assert (total.problems, total.measures) == (7, 1)
    assert (total.completed, total.in_progress, total.not_started, total.long_term) == (1, 3, 2, 1)
    assert (total.overdue, total.signed_off) == (1, 1)
    assert total.completion_rate == pytest.approx(1 / 7)
    assert "共 7 个问题、1 项措施" in total.text() and "完成率 14.3%" in total.text()
    narrowed = summary(db, ProblemFilter(category="行政执法不规范"), TODAY, RULES)
    assert (narrowed.problems, narrowed.measures, narrowed.overdue) == (2, 1, 1)
    empty = summary(db, ProblemFilter(text="没有"), TODAY, RULES)
    assert (empty.problems, empty.completion_rate) == (0, 0.0)


def test_distinct_values_for_drop_downs(db, dataset) -> None:
    assert distinct_values(db, "leader", dataset["main"]) == sorted(
        {"分管执法副局长", "局长", "分管法治副局长"}
    )
    assert "计划财务处" in distinct_values(db, "lead_dept", None)
    assert "计划财务处" not in distinct_values(db, "lead_dept", dataset["main"])
    with pytest.raises(ValueError):
        distinct_values(db, "description; DROP TABLE problems", None)


@pytest.mark.parametrize(
    ("today", "rules"),
    [
        (date(2022, 10, 11), domain.WarningRules()),
        (date(2024, 2, 29), domain.WarningRules(lead_days=7, stall_days=10)),
        (date(2025, 1, 1), domain.WarningRules(lead_days=0, stall_days=0)),
    ],
)
def test_warning_sql_matches_warning_for(db, repo, today: date, rules: domain.WarningRules) -> None:
    inspection_id = repo.add_inspection(domain.Inspection(name="随机数据"))
    rng = random.Random(today.toordinal())
    rows = []
    for n in range(400):
        created = today - rng.randint(0, 80) * DAY
        rows.append(
            {
                "inspection_id": inspection_id,
                "description": f"随机问题{n}",
                "status": rng.choice([s.value for s in domain.Status]),
                "deadline": rng.choice([None, (today + rng.randint(-30, 30) * DAY).isoformat()]),
                "last_progress": rng.choice([None, (today - rng.randint(0, 60) * DAY).isoformat()]),
                "created_at": f"{created.isoformat()} {rng.randint(0, 23):02d}:15:00",
                "updated_at": f"{created.isoformat()} 00:00:00",
            }
        )
    db["problems"].insert_all(rows)
    cursor = db.execute(
        f"SELECT status, deadline, last_progress, created_at, {warning_sql(today, rules)}"
        " FROM problems WHERE inspection_id = ?",
        [inspection_id],
    )
    seen = set()
    for status, deadline, last_progress, created_at, in_sql in cursor.fetchall():
        activity = from_iso(last_progress) or date.fromisoformat(created_at[:10])
        in_python = domain.warning_for(
            domain.Status(status), from_iso(deadline), activity, today, rules
        )
        assert in_sql == in_python.value, (status, deadline, last_progress, created_at)
        seen.add(in_sql)
    assert seen == {"", "逾期", "滞后", "临期"} or rules.stall_days == 0
    counts = {
        w: problem_query(
            db, ProblemFilter(inspection_id=inspection_id, warning=w), today, rules
        ).count()
        for w in ("逾期", "临期", "滞后")
    }
    assert (
        sum(counts.values())
        == problem_query(
            db, ProblemFilter(inspection_id=inspection_id, warning=ANY_WARNING), today, rules
        ).count()
    )
