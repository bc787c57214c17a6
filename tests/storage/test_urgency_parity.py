"""A problem's warning counts its measures: the 预警 filter and column in SQL agree with the
domain (``domain.escalation.most_urgent`` over ``warning_for`` of the problem and each measure).

Problems with measures are written straight into a real database, their dates around the
rules' boundaries; every filter, the list's column and the home page's tiles are checked.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.escalation import most_urgent, urgency_rank
from desktop_app.domain.rectification import Alert, Status, WarningRules, warning_for
from desktop_app.storage import home
from desktop_app.storage.rectification import queries

TODAY = date(2025, 3, 10)
STAMP = "2025-01-02 09:00:00"
EXAMPLES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
WARNINGS = (Alert.OVERDUE, Alert.STALLED, Alert.NEAR)


def _day(offset: int | None) -> str | None:
    return None if offset is None else (TODAY + timedelta(days=offset)).isoformat()


@st.composite
def item(draw, rules: WarningRules) -> dict:
    """The dated columns of a problem or measure near the rules' boundaries."""
    near = st.sampled_from([0, rules.lead_days, -rules.stall_days]).flatmap(
        lambda b: st.integers(b - 2, b + 2)
    )
    offset = st.one_of(near, st.integers(-200, 200))
    return {
        "status": draw(st.sampled_from([s.value for s in Status])),
        "deadline": _day(draw(st.one_of(st.none(), offset))),
        "last_progress": _day(draw(st.one_of(st.none(), offset.filter(lambda d: d <= 0)))),
        "created_at": f"{_day(draw(st.integers(-90, 0)))} 10:00:00",
        "updated_at": STAMP,
    }


@st.composite
def problems(draw) -> tuple[WarningRules, list[tuple[dict, list[dict]]]]:
    """Rules, and problems each with 0–4 measures."""
    rules = WarningRules(lead_days=draw(st.integers(1, 30)), stall_days=draw(st.integers(1, 60)))
    made = []
    for _ in range(draw(st.integers(1, 12))):
        made.append((draw(item(rules)), draw(st.lists(item(rules), max_size=4))))
    return rules, made


def _alert(row: dict, rules: WarningRules) -> Alert:
    activity = date.fromisoformat(row["last_progress"] or row["created_at"][:10])
    due = date.fromisoformat(row["deadline"]) if row["deadline"] else None
    return warning_for(Status(row["status"]), due, activity, TODAY, rules)


def _write(db, made: list[tuple[dict, list[dict]]]) -> dict[int, list[Alert]]:
    """Write the problems; {problem id: [its own warning, its measures' warnings]}."""
    db.execute("DELETE FROM measures")
    db.execute("DELETE FROM problems")
    inspection = db.execute("SELECT id FROM inspections").fetchone()[0]
    rules_of: dict[int, list[dict]] = {}
    for n, (problem, measures) in enumerate(made):
        values = {**problem, "inspection_id": inspection, "description": f"问题{n}"}
        pid = db["problems"].insert({**values, "measure_count": len(measures)}).last_pk
        for m, measure in enumerate(measures):
            db["measures"].insert({**measure, "problem_id": pid, "content": f"措施{n}.{m}"})
        rules_of[pid] = [problem, *measures]
    return rules_of  # type: ignore[return-value]


def test_the_warning_filter_counts_measures_and_the_list_shows_the_most_urgent(db) -> None:
    db["inspections"].insert({"name": "边界", "created_at": STAMP, "updated_at": STAMP})

    @EXAMPLES
    @given(problems())
    def check(case: tuple[WarningRules, list[tuple[dict, list[dict]]]]) -> None:
        rules, made = case
        written = _write(db, made)
        alerts = {pid: [_alert(row, rules) for row in rows] for pid, rows in written.items()}
        shown = {pid: most_urgent(found).value for pid, found in alerts.items()}
        listed = queries.problem_query(db, queries.ProblemFilter(), TODAY, rules)
        assert {r["id"]: r["warning"] for r in listed.fetch(0, 100)} == shown
        counts = {}
        for alert in WARNINGS:
            carriers = {pid for pid, found in alerts.items() if alert in found}
            flt = queries.ProblemFilter(warning=alert.value)
            rows = queries.problem_query(db, flt, TODAY, rules).fetch(0, 100)
            assert {r["id"] for r in rows} == carriers
            assert queries.summary(db, flt, TODAY, rules).problems == len(carriers)
            counts[alert] = len(carriers)
        anything = {pid for pid, found in alerts.items() if any(found)}
        flt = queries.ProblemFilter(warning=queries.ANY_WARNING)
        assert queries.problem_query(db, flt, TODAY, rules).count() == len(anything)
        tiles = home.rectification_home(db, TODAY, rules)  # the home page counts the same
        assert (tiles.overdue, tiles.stalled, tiles.near) == tuple(counts[a] for a in WARNINGS)
        by_rank = queries.problem_query(db, queries.ProblemFilter(), TODAY, rules)
        ranks = [urgency_rank(r["warning"]) for r in by_rank.fetch(0, 100, "warning", True)]
        assert ranks == sorted(ranks, reverse=True)  # 预警 sorts by urgency

    check()


def test_a_near_measure_of_an_overdue_problem_is_found_by_near_and_shown_overdue(db) -> None:
    """The issue's example: 预警 = 临期 found nothing when the problem itself was 逾期."""
    db["inspections"].insert({"name": "巡察", "created_at": STAMP, "updated_at": STAMP})
    rules = WarningRules(lead_days=14, stall_days=30)
    fresh = {"last_progress": _day(-1), "created_at": STAMP, "updated_at": STAMP}
    overdue = {"status": "整改中", "deadline": _day(-5), **fresh}
    near = {"status": "整改中", "deadline": _day(7), **fresh}
    [pid] = _write(db, [(overdue, [near])])
    flt = queries.ProblemFilter(warning=Alert.NEAR.value)
    [row] = queries.problem_query(db, flt, TODAY, rules).fetch(0, 10)
    assert (row["id"], row["warning"]) == (pid, "逾期")
    assert queries.summary(db, flt, TODAY, rules).problems == 1
