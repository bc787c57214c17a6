"""The draw register's records and rules: targets, plans, refusals, figures as in seed 000."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.draw_pools import (
    PoolInspector,
    Pools,
    PoolTarget,
    infeasibility,
    inspector_reason,
    target_reason,
)
from desktop_app.domain.draws import (
    CheckResult,
    Conflict,
    DrawFigures,
    DrawPlan,
    InspectorProfile,
    Matter,
    Quota,
    Target,
    YearFigures,
    quota_text,
    split_tags,
    validate_conflict,
    validate_matter,
    validate_plan,
    validate_profile,
    validate_result,
    validate_target,
)
from desktop_app.domain.errors import UserError, ValidationError

DAY = date(2022, 6, 15)
VALID_CODE = "91110000600037341L"
BAD_CHECK = "91110000600037341A"  # the last character does not match


def plan(**changes) -> DrawPlan:
    values = {"title": "2022全市外国人合法工作情况检查", "draw_date": DAY, "count": 9}
    values.update(changes)
    return DrawPlan(**values)


def pools(targets: int, inspectors: list[tuple[str, bool]]) -> Pools:
    return Pools(
        tuple(PoolTarget(i + 1, f"企业{i + 1}") for i in range(targets)),
        tuple(
            PoolInspector(i + 1, f"人员{i + 1}", agency, certified)
            for i, (agency, certified) in enumerate(inspectors)
        ),
    )


# -- the directory -------------------------------------------------------------------------
def test_a_valid_credit_code_is_kept_normalised() -> None:
    target = validate_target(Target(" 某科技有限公司 ", credit_code="9111 0000 6000 3734 1l"))
    assert (target.name, target.credit_code) == ("某科技有限公司", VALID_CODE)
    assert not target.code_override


def test_a_failing_code_is_refused_unless_deliberately_overridden_with_a_reason() -> None:
    with pytest.raises(ValidationError, match=r"校验位错误.*仍然使用"):
        validate_target(Target("早期企业", credit_code=BAD_CHECK))
    with pytest.raises(ValidationError, match="仍然使用的理由"):
        validate_target(Target("早期企业", credit_code=BAD_CHECK, code_override=True))
    kept = validate_target(
        Target("早期企业", credit_code=BAD_CHECK, code_override=True, override_note="已核对执照")
    )
    assert (kept.credit_code, kept.code_override, kept.override_note) == (
        BAD_CHECK,
        True,
        "已核对执照",
    )
    with pytest.raises(ValidationError, match="应为 18 位"):  # the override is not blind
        validate_target(Target("x", credit_code="123", code_override=True, override_note="早期"))


def test_a_target_without_a_code_drops_any_override() -> None:
    target = validate_target(Target("个体户", code_override=True, override_note="x"))
    assert (target.credit_code, target.code_override, target.override_note) == ("", False, "")


@pytest.mark.parametrize(
    ("target", "field"),
    [
        (Target(""), "名称"),
        (Target("x", kind="公司"), "类型"),
        (Target("x", status="营业"), "状态"),
        (Target("x", phone="电话号码"), "联系电话"),
    ],
)
def test_target_refusals_name_the_field(target: Target, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_target(target)
    assert caught.value.field == field


def test_matter_profile_and_conflict_checks() -> None:
    with pytest.raises(ValidationError, match="年度抽查比例"):
        validate_matter(Matter("检查", yearly_ratio=120))
    assert validate_matter(Matter(" 检查 ", yearly_count=3)).name == "检查"
    with pytest.raises(ValidationError, match="暂不参加抽取的原因"):
        validate_profile(InspectorProfile(1, available=False))
    profile = validate_profile(InspectorProfile(1, tags=split_tags("外国人工作管理,科技计划、 ")))
    assert profile.tags == ("外国人工作管理", "科技计划")
    with pytest.raises(ValidationError, match="回避对象"):
        validate_conflict(Conflict(1, "亲属"))
    with pytest.raises(ValidationError, match="回避原因"):
        validate_conflict(Conflict(1, " ", target_id=3))
    conflict = Conflict(1, "曾任职", unit="某集团", declared_on=date(2022, 1, 1))
    assert conflict.covers(7, "某集团南通分公司") and not conflict.covers(7, "另一公司")
    assert conflict.active_on(DAY) and not conflict.active_on(date(2021, 12, 31))


# -- the plan ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "抽查任务名称"),
        ({"count": None}, "抽取数量"),
        ({"ratio": 5.0}, "抽取数量"),  # both given
        ({"count": None, "ratio": 0.0}, "抽取比例"),
        ({"team_size": 0}, "每组人数"),
        ({"team_size": 5, "team_size_max": 4}, "每组最多人数"),
        ({"team_size_max": 21}, "每组最多人数"),
        ({"certified_min": 1}, "每组持证人员"),
        ({"certified_min": 5, "team_size": 4}, "每组持证人员"),
        ({"quotas": (Quota("科技", 3), Quota("人社", 2))}, "各部门人数"),
        ({"quotas": (Quota("科技", 1), Quota("科技", 1))}, "各部门人数"),
    ],
)
def test_plan_refusals_name_the_field(changes: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_plan(plan(**changes))
    assert caught.value.field == field


def test_a_setting_can_raise_the_certified_floor() -> None:
    validate_plan(plan(certified_min=2))
    with pytest.raises(ValidationError, match="不能少于 3 人"):
        validate_plan(plan(certified_min=2), min_certified=3)


def test_the_plan_round_trips_through_its_stored_form() -> None:
    original = plan(kinds=("企业",), quotas=(Quota("科技", 2), Quota("人社", 2)), teams=3)
    assert DrawPlan.from_json(original.to_json()) == original


def test_count_or_ratio_rounded_up_and_teams() -> None:
    assert plan(count=None, ratio=5.0).target_count(391) == 20  # 19.55 → 20
    assert plan(count=None, ratio=5.0).target_count(20) == 1
    assert plan(teams=4).team_count(19) == 4 and plan().team_count(9) == 9


# -- refusing before drawing ----------------------------------------------------------------
def test_the_issues_refusal_for_too_few_certified() -> None:
    few = pools(10, [("", i < 3) for i in range(10)])
    assert infeasibility(plan(count=2, team_size=2), few) == (
        "合格的持证人员只有 3 人,无法组成 2 个每组 2 名持证人员的检查组"
    )


@pytest.mark.parametrize(
    ("the_plan", "the_pools", "said"),
    [
        (plan(), pools(0, []), "没有符合条件的检查对象"),
        (plan(count=12), pools(10, [("", True)] * 40), "只有 10 家,无法抽取 12 家"),
        (plan(team_size=4), pools(10, [("", True)] * 30), "只有 30 人,无法组成 9 个每组 4 人"),
        (
            plan(team_size=4, quotas=(Quota("科技", 2), Quota("人社", 2))),
            pools(9, [("科技", True)] * 30 + [("人社", True)] * 17),
            "“人社”的执法检查人员只有 17 人",
        ),
        (
            plan(team_size=4, quotas=(Quota("科技", 2), Quota("人社", 2))),
            pools(9, [("科技", True)] * 3 + [("科技", False)] * 15 + [("人社", False)] * 18),
            "合格的持证人员只有 3 人",
        ),
        (
            # certified people exist, but only in a department whose places are taken
            plan(team_size=2, quotas=(Quota("科技", 1), Quota("人社", 1)), count=2),
            pools(2, [("科技", True)] * 4 + [("人社", False)] * 2),
            "最多只能安排 2 名持证人员",
        ),
    ],
)
def test_infeasible_plans_say_why(the_plan: DrawPlan, the_pools: Pools, said: str) -> None:
    assert said in infeasibility(the_plan, the_pools)


def test_seed_000s_joint_check_is_feasible() -> None:
    joint = plan(team_size=4, quotas=(Quota("科技", 2), Quota("人社", 2)))
    enough = pools(391, [("科技", True)] * 54 + [("人社", i % 2 == 0) for i in range(24)])
    assert infeasibility(joint, enough) == ""


def test_who_takes_part_and_why_not() -> None:
    joint = plan(team_size=4, quotas=(Quota("科技", 2), Quota("人社", 2)))
    assert target_reason("注销", None, joint) == "状态为“注销”"
    assert "本年度已被抽中(抽取记录第 3 号" in target_reason("在营", (3, "2022-05-01"), joint)
    assert target_reason("在营", (3, "2022-05-01"), plan(include_checked=True)) == ""
    assert inspector_reason(joint, "教育", True, (), None).startswith("不属于本次检查的部门")
    assert inspector_reason(joint, "科技", True, (), "借调") == "暂不参加抽取:借调"
    assert "未持有有效的行政执法证" in inspector_reason(
        plan(allow_uncertified=False), "科技", False, (), None
    )
    assert "专业领域不符" in inspector_reason(plan(inspector_tags=("培训",)), "", True, (), None)
    assert inspector_reason(plan(), "教育", False, (), None) == ""  # no quotas: anyone


# -- results and figures ---------------------------------------------------------------------
def test_results_are_checked() -> None:
    with pytest.raises(ValidationError, match="检查日期"):
        validate_result(CheckResult(1, 2, outcome="未发现问题"), DAY)
    with pytest.raises(ValidationError, match="不能早于抽取日期"):
        validate_result(CheckResult(1, 2, check_date=date(2022, 6, 1)), DAY)
    with pytest.raises(ValidationError, match="发现问题"):
        validate_result(
            CheckResult(1, 2, outcome="发现问题,已责令整改", check_date=date(2022, 7, 1)), DAY
        )
    not_checked = validate_result(CheckResult(1, 2, outcome="未检查:对象已注销或不存在"), DAY)
    assert not_checked.check_date is None
    with pytest.raises(UserError):
        validate_result(CheckResult(1, 2, outcome="合格"), DAY)


def test_seed_000s_draw_as_it_states_it() -> None:
    figures = DrawFigures(9, 9, "每组4人", 36, 2, (Quota("科技", 2), Quota("人社", 2)))
    assert figures.text() == (
        "抽取了9家企业、36名执法检查人员(共9组,每组4人,科技、人社各2人,2人以上持有行政执法证)"
    )
    assert quota_text((Quota("科技", 1), Quota("教育", 3))) == "科技1人、教育3人"


def test_seed_000s_completion() -> None:
    year = YearFigures(2022, draws=2, targets=28, teams=13, inspectors=60, done=16)
    assert "应完成28家、已完成16家,完成率57.1%" in year.text()
    assert YearFigures(2023).text() == "2023年尚未开展“双随机、一公开”抽查。"


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (lambda: validate_target(Target("\u200b\u3000")), "名称"),
        (lambda: validate_target(Target("甲公司", address="路\ud800")), "地址"),
        (lambda: validate_matter(Matter("\ufeff")), "事项名称"),
        (lambda: validate_plan(plan(title="\u200e ")), "抽查任务名称"),
        (lambda: validate_conflict(Conflict(1, "亲属\x00", unit="某集团")), "回避原因"),
    ],
)
def test_draw_texts_get_the_checks_of_every_register(record, field: str) -> None:
    """Invisible-only names count as empty; lone surrogates and NUL are refused by field."""
    with pytest.raises(ValidationError) as caught:
        record()
    assert caught.value.field == field
