"""The draw as a documented function: its rules hold, it repeats, and a changed pool shows.

Property tests (hypothesis) over random seeds, pools and plans: every team the draw forms
meets the plan's rules; the same seed and snapshots give the same draw whatever order the
pools come in; a changed pool changes its hash and ``verify`` reports it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from desktop_app.domain.draw_algorithm import (
    ALGORITHM,
    COMPATIBLE,
    check_seed,
    compute_draw,
    draw_key,
    drawn_targets,
    inspectors_snapshot,
    new_seed,
    seal,
    targets_snapshot,
    verify,
)
from desktop_app.domain.draw_pools import (
    PairExclusion,
    PoolInspector,
    Pools,
    PoolTarget,
    infeasibility,
)
from desktop_app.domain.draws import DrawPlan, DrawResult, Quota, draw_figures
from desktop_app.domain.errors import UserError, ValidationError

AGENCIES = ("科技", "人社", "教育", "")
WHO = {"operator": "李明", "witness": "王芳", "drawn_at": "2022-06-15 09:30:00"}


@st.composite
def scenarios(draw) -> tuple[str, DrawPlan, Pools]:
    """A seed, a plan and pools of random size and make-up (feasible more often than not)."""
    n_targets = draw(st.integers(1, 30))
    targets = tuple(PoolTarget(i, f"对象{i}", kind="企业") for i in range(1, n_targets + 1))
    team_size = draw(st.integers(2, 5))
    certified_min = draw(st.integers(2, team_size))
    chosen = draw(st.lists(st.sampled_from(AGENCIES[:3]), unique=True, max_size=3))
    quotas, left = [], team_size
    for agency in chosen:
        if left == 0:
            break
        count = draw(st.integers(1, left))
        quotas.append(Quota(agency, count))
        left -= count
    largest = draw(st.one_of(st.none(), st.integers(team_size, team_size + 3)))
    count = draw(st.integers(1, min(n_targets, 8)))
    teams = draw(st.one_of(st.none(), st.integers(1, count)))
    needed = (teams or count) * (largest or team_size)
    people = draw(
        st.lists(
            st.tuples(st.sampled_from(AGENCIES), st.integers(0, 3)),
            min_size=0,
            max_size=2 * needed + 6,
        )
    )
    inspectors = tuple(
        PoolInspector(100 + i, f"人员{i}", agency, certified > 0)
        for i, (agency, certified) in enumerate(people)
    )
    pairs: tuple[PairExclusion, ...] = ()
    if inspectors and draw(st.booleans()):
        picked = draw(
            st.lists(
                st.tuples(
                    st.sampled_from([i.id for i in inspectors]),
                    st.sampled_from([t.id for t in targets]),
                ),
                unique=True,
                max_size=12,
            )
        )
        pairs = tuple(PairExclusion(p, t, "回避:亲属") for p, t in picked)
    plan = DrawPlan(
        "抽查",
        date(2022, 6, 15),
        count=count,
        teams=teams,
        team_size=team_size,
        team_size_max=largest,
        certified_min=certified_min,
        quotas=tuple(quotas),
    )
    seed = draw(st.text(min_size=4, max_size=20))
    return seed, plan, Pools(targets, inspectors, pairs=pairs)


def drawn(seed: str, plan: DrawPlan, pools: Pools) -> DrawResult:
    """The draw of ``seed``, once every rule of the plan is checked on it."""
    result = compute_draw(seed, plan, pools)
    assert_rules_hold(plan, pools, result)
    return result


def assert_rules_hold(plan: DrawPlan, pools: Pools, result: DrawResult) -> None:
    """Every rule of the plan, checked on a computed draw."""
    by_id = {i.id: i for i in pools.inspectors}
    pool_targets = {t.id for t in pools.targets}
    wanted = plan.target_count(len(pools.targets))
    assert len(result.target_ids) == wanted == len(set(result.target_ids))
    assert set(result.target_ids) <= pool_targets
    assert len(result.teams) == plan.team_count(wanted)
    assert sorted(t for team in result.teams for t in team.target_ids) == sorted(result.target_ids)
    members = [m for team in result.teams for m in team.member_ids]
    assert len(members) == len(set(members)), "an inspector is in two teams"
    excluded = {(p.person_id, p.target_id) for p in pools.pairs}
    free = set(by_id) - set(members)
    for team in result.teams:
        people = [by_id[m] for m in team.member_ids]
        assert plan.team_size <= len(people) <= plan.largest_team
        if len(people) < plan.largest_team:  # a range: nobody left could have joined it
            assert all(any((f, t) in excluded for t in team.target_ids) for f in free)
        assert sum(p.certified for p in people) >= plan.certified_min
        for quota in plan.quotas:
            assert sum(p.agency == quota.agency for p in people) >= quota.count
        for target in team.target_ids:
            assert not any((m, target) in excluded for m in team.member_ids)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_every_team_meets_the_plans_rules(case) -> None:
    seed, plan, pools = case
    try:
        result = compute_draw(seed, plan, pools)
    except UserError:
        # refused: either before drawing, or conflicts left no way to form the teams
        assert infeasibility(plan, pools) or pools.pairs
        return
    assert infeasibility(plan, pools) == ""
    assert_rules_hold(plan, pools, result)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(scenarios())
def test_without_conflicts_a_feasible_plan_is_always_drawn(case) -> None:
    seed, plan, pools = case
    pools = replace(pools, pairs=())
    assume(infeasibility(plan, pools) == "")
    drawn(seed, plan, pools)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(scenarios(), st.randoms(use_true_random=False))
def test_the_same_seed_and_snapshots_give_the_same_draw(case, rnd) -> None:
    seed, plan, pools = case
    assume(infeasibility(plan, pools) == "")
    try:
        first = compute_draw(seed, plan, pools)
    except UserError:
        assume(False)
    shuffled = Pools(
        tuple(rnd.sample(pools.targets, len(pools.targets))),
        tuple(rnd.sample(pools.inspectors, len(pools.inspectors))),
        pairs=tuple(rnd.sample(pools.pairs, len(pools.pairs))),
    )
    assert compute_draw(seed, plan, shuffled) == first
    assert targets_snapshot(shuffled) == targets_snapshot(pools)
    assert inspectors_snapshot(shuffled) == inspectors_snapshot(pools)
    a = seal(seed, "监督人输入", plan, pools, first, **WHO)
    b = seal(seed, "监督人输入", plan, shuffled, compute_draw(seed, plan, shuffled), **WHO)
    assert a.record_hash() == b.record_hash()


def _stored(sealed) -> dict[str, str]:
    keys = ("plan_hash", "targets_hash", "inspectors_hash")
    return {**{k: getattr(sealed, k) for k in keys}, "record_hash": sealed.record_hash()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(scenarios(), st.data())
def test_a_changed_pool_changes_its_hash_and_verify_fails(case, data) -> None:
    seed, plan, pools = case
    try:
        result = compute_draw(seed, plan, pools)
    except UserError:
        assume(False)
    sealed = seal(seed, "监督人输入", plan, pools, result, **WHO)
    stored = _stored(sealed)
    assert verify(sealed, stored) == []
    change = data.draw(st.sampled_from(["drop target", "drop inspector", "flip certified"]))
    if change == "drop target":
        victim = data.draw(st.sampled_from(pools.targets))
        changed = replace(pools, targets=tuple(t for t in pools.targets if t != victim))
        text, key = targets_snapshot(changed), "targets"
    else:
        victim = data.draw(st.sampled_from(pools.inspectors))
        if change == "drop inspector":
            people = tuple(i for i in pools.inspectors if i != victim)
        else:
            flipped = replace(victim, certified=not victim.certified)
            people = tuple(flipped if i == victim else i for i in pools.inspectors)
        text, key = inspectors_snapshot(replace(pools, inspectors=people)), "inspectors"
    tampered = replace(sealed, **{key: text})
    assert getattr(tampered, f"{key}_hash") != stored[f"{key}_hash"]
    problems = verify(tampered, stored)
    assert any("哈希值不符" in p for p in problems)


def test_the_documented_recipe_recomputes_the_target_order() -> None:
    """Step 2 and 3 of the module docstring, written out with hmac alone."""
    targets = [PoolTarget(i, f"对象{i}") for i in range(1, 40)]
    plan = DrawPlan("抽查", date(2022, 6, 15), count=9)
    seed = "20220615-4417"

    def key(label: str) -> str:
        return hmac.new(seed.encode(), label.encode(), hashlib.sha256).hexdigest()

    by_hand = sorted(targets, key=lambda t: (key(f"target:{t.id}"), t.id))[:9]
    assert drawn_targets(seed, plan, targets) == by_hand
    assert draw_key(seed, "inspector:7") == key("inspector:7")


def test_conflicts_make_the_search_back_up() -> None:
    """Team 1 would take the first two inspectors in key order, but they must check team 2's
    target (the other two may not): the search backs up and swaps them."""
    targets = (PoolTarget(1, "甲公司"), PoolTarget(2, "乙公司"))
    people = tuple(PoolInspector(i, f"人员{i}", certified=True) for i in range(1, 5))
    plan = DrawPlan("抽查", date(2022, 6, 15), count=2, team_size=2, certified_min=2)
    for n in range(500):
        seed = f"种子{n}"
        first = drawn_targets(seed, plan, targets)
        order = sorted(people, key=lambda i: draw_key(seed, f"inspector:{i.id}"))
        front, back = {order[0].id, order[1].id}, {order[2].id, order[3].id}
        pairs = tuple(PairExclusion(p, first[1].id, "回避:亲属") for p in back)
        result = compute_draw(seed, plan, Pools(targets, people, pairs=pairs))
        assert set(result.teams[0].member_ids) == back  # the front two went to team 2
        assert set(result.teams[1].member_ids) == front
        return
    pytest.fail("no seed found")


def test_conflicts_that_leave_no_team_are_refused() -> None:
    targets = (PoolTarget(1, "甲公司"),)
    people = tuple(PoolInspector(i, f"人员{i}", certified=True) for i in range(1, 4))
    pairs = tuple(PairExclusion(i, 1, "回避:亲属") for i in (1, 2))
    plan = DrawPlan("抽查", date(2022, 6, 15), count=1, team_size=2, certified_min=2)
    with pytest.raises(UserError, match="回避和轮换的限制下"):
        compute_draw("abcd", plan, Pools(targets, people, pairs=pairs))


def _joint_pools(kind: str, targets: int, science: int, other: str, others: int, every: int):
    """``targets`` of ``kind``; ``science`` 科技 inspectors (ids from 1000, three in four
    certified) and ``others`` of the agency ``other`` (ids from 2000, one in ``every``)."""
    pool = tuple(PoolTarget(i, f"{kind}{i}", kind=kind) for i in range(1, targets + 1))
    ours = [PoolInspector(i, f"科{i}", "科技", i % 4 != 0) for i in range(1000, 1000 + science)]
    theirs = [
        PoolInspector(i, f"{other[0]}{i}", other, i % every == 0)
        for i in range(2000, 2000 + others)
    ]
    return Pools(pool, tuple(ours + theirs))


def _joint_plan(
    name: str, day: date, count: int, size: int | tuple[int, int], quotas: dict[str, int]
) -> DrawPlan:
    """A joint check (联合检查): ``count`` teams of ``size`` inspectors (a number, or the
    smallest and largest), with at least ``quotas[agency]`` of each agency in every team."""
    smallest, largest = size if isinstance(size, tuple) else (size, None)
    chosen = tuple(Quota(agency, least) for agency, least in quotas.items())
    return DrawPlan(
        name, day, count=count, team_size=smallest, team_size_max=largest, quotas=chosen
    )


def test_seed_000s_joint_check() -> None:
    """9 companies, 9 teams of 4: 科技 2 + 人社 2, at least 2 certified each."""
    pools = _joint_pools("企业", 391, 54, "人社", 24, 3)
    plan = _joint_plan(
        "2022全市外国人合法工作情况检查", date(2022, 6, 15), 9, 4, {"科技": 2, "人社": 2}
    )
    result = drawn("20220615-4417", plan, pools)
    assert len(result.member_ids) == 36
    for team in result.teams:
        agencies = sorted(
            next(p for p in pools.inspectors if p.id == m).agency for m in team.member_ids
        )
        assert agencies == ["人社", "人社", "科技", "科技"]


def test_seed_000s_training_institution_check_has_teams_of_5_to_7() -> None:
    """19 institutions, teams of 5-7 with at least one 科技 inspector: the free inspectors are
    dealt round the teams after each has its smallest size, so the sizes differ by one."""
    pools = _joint_pools("社会组织", 60, 40, "教育", 80, 2)
    plan = _joint_plan("校外培训机构部门联合检查", date(2022, 7, 20), 19, (5, 7), {"科技": 1})
    result = drawn("20220720-1102", plan, pools)
    sizes = [len(t.member_ids) for t in result.teams]
    assert len(result.member_ids) == 120 and sorted(set(sizes)) == [6, 7]
    assert sizes == sorted(sizes, reverse=True)  # the earlier teams take the extra places
    figures = draw_figures(plan, result, ["企业"])
    assert figures.text() == (
        "抽取了19家企业、120名执法检查人员(共19组,每组6-7人不等,科技1人,2人以上持有行政执法证)"
    )
    assert plan.size_text() == "每组5-7人不等"


def test_a_range_changes_nothing_of_a_fixed_size_draw() -> None:
    """A plan without a range is written and drawn as before ranges existed (draw-1)."""
    targets = tuple(PoolTarget(i, f"对象{i}") for i in range(1, 20))
    people = tuple(PoolInspector(i, f"人员{i}", certified=i % 2 == 0) for i in range(1, 30))
    plan = DrawPlan("抽查", date(2022, 6, 15), count=4, team_size=3)
    assert "team_size_max" not in plan.to_json()
    wide = replace(plan, team_size_max=3)
    assert compute_draw("abcd", wide, Pools(targets, people)) == compute_draw(
        "abcd", plan, Pools(targets, people)
    )
    pools = Pools(targets, people)
    old = replace(
        seal("abcd", "随机生成", plan, pools, compute_draw("abcd", plan, pools), **WHO),
        algorithm=COMPATIBLE[0],
    )
    assert verify(old, _stored(old)) == []
    ranged = replace(plan, team_size_max=5)
    older = replace(
        seal("abcd", "随机生成", ranged, pools, compute_draw("abcd", ranged, pools), **WHO),
        algorithm=COMPATIBLE[0],
    )
    assert any("不支持每组人数范围" in p for p in verify(older, _stored(older)))


def test_sealed_records_verify_and_any_change_shows() -> None:
    targets = tuple(PoolTarget(i, f"对象{i}") for i in range(1, 20))
    people = tuple(PoolInspector(i, f"人员{i}", certified=i % 2 == 0) for i in range(1, 30))
    plan = DrawPlan("抽查", date(2022, 6, 15), count=4, team_size=3)
    pools = Pools(targets, people)
    seed = new_seed()
    assert len(seed) == 19 and seed.count("-") == 3
    sealed = seal(seed, "随机生成", plan, pools, compute_draw(seed, plan, pools), **WHO)
    stored = _stored(sealed)
    assert sealed.algorithm == ALGORITHM and verify(sealed, stored) == []
    other = json.loads(sealed.result)
    other["teams"][0]["members"][0], other["teams"][1]["members"][0] = (
        other["teams"][1]["members"][0],
        other["teams"][0]["members"][0],
    )
    swapped = replace(sealed, result=json.dumps(other, ensure_ascii=False))
    assert "抽取记录的封存哈希值不符(记录内容已被改动)" in verify(swapped, stored)
    assert any(
        "重新计算" in p for p in verify(swapped, {**stored, "record_hash": swapped.record_hash()})
    )
    assert verify(replace(sealed, witness="他人"), stored) == [
        "抽取记录的封存哈希值不符(记录内容已被改动)"
    ]
    with pytest.raises(ValidationError, match="随机种子"):
        check_seed("abc")


def test_a_large_pool_with_a_rare_department_is_walked_not_exhausted() -> None:
    """The joint training check over a whole city's staff (benchmark scale): 19 teams of 5-7
    with 科技 1 + 教育 1 among 60,000 other staff. Candidates of a kind that does not fit are
    passed over together, so the search never runs out of tries on a feasible plan."""
    targets = tuple(PoolTarget(i, f"培训机构{i}", kind="社会组织") for i in range(1, 200))
    science = [PoolInspector(i, f"科{i}", "科技", True) for i in range(1, 60)]
    education = [PoolInspector(i, f"教{i}", "教育", i % 2 == 0) for i in range(100, 140)]
    staff = [PoolInspector(i, f"员{i}", f"第{i % 150}局", i % 3 == 0) for i in range(1000, 61000)]
    pools = Pools(targets, tuple(science + education + staff))
    plan = _joint_plan(
        "科技类校外培训机构联合检查", date(2025, 7, 20), 19, (5, 7), {"科技": 1, "教育": 1}
    )
    result = drawn("20250720-1102", plan, pools)
    agency = {p.id: p.agency for p in pools.inspectors}
    assert len(result.teams) == 19
    for team in result.teams:
        kinds = [agency[m] for m in team.member_ids]
        assert 5 <= len(kinds) <= 7 and "科技" in kinds and "教育" in kinds
