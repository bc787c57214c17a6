"""The pools of a draw and the refusal of a plan they cannot satisfy, before anything is drawn.

A pool entry is what the draw saw of a target or an inspector on the draw date; the pools
together (with the targets and inspectors left out, and the excluded pairs) are what the
draw's snapshots record. ``infeasibility`` says in Chinese why a plan cannot be met
("合格的持证人员只有 3 人,无法组成 2 个每组 2 名持证人员的检查组"); ``most_certified``
counts exactly how many certified members a set of places can hold under the quotas, for
the refusal here and for each step of the draw (``domain.draw_algorithm``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from desktop_app.domain.draws import ACTIVE, DrawPlan
from desktop_app.domain.errors import UserError


@dataclass(frozen=True)
class PoolTarget:
    """A target as the draw saw it (its snapshot entry)."""

    id: int
    name: str
    credit_code: str = ""
    kind: str = ""
    industry: str = ""
    area: str = ""


@dataclass(frozen=True)
class PoolInspector:
    """An inspector as the draw saw them: department, certified on the draw date, tags."""

    id: int
    name: str
    agency: str = ""
    certified: bool = False
    certificate: str = ""  # number of the valid 行政执法证 ("" when none)
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Excluded:
    """Left out of a pool, with the reason recorded in the draw."""

    id: int
    name: str
    reason: str


@dataclass(frozen=True)
class PairExclusion:
    """An inspector who may not check one target (回避 or rotation), and why."""

    person_id: int
    target_id: int
    reason: str


@dataclass(frozen=True)
class Pools:
    """Everything a draw is computed from besides its seed and plan."""

    targets: tuple[PoolTarget, ...]
    inspectors: tuple[PoolInspector, ...]
    excluded_targets: tuple[Excluded, ...] = ()
    excluded_inspectors: tuple[Excluded, ...] = ()
    pairs: tuple[PairExclusion, ...] = ()


def group_of(inspector: PoolInspector, plan: DrawPlan) -> str:
    """The quota department an inspector counts for ("" when none of the plan's)."""
    return inspector.agency if any(q.agency == inspector.agency for q in plan.quotas) else ""


def most_certified(
    available: Counter[tuple[str, bool]], slots: int, needs: dict[str, int]
) -> int | None:
    """The most certified members ``slots`` places can hold with ``needs`` per department met.

    ``available`` counts free inspectors by (department, certified). None when the
    departments' needs or the slots cannot be filled at all. Quota places take certified
    members first (they count twice), the free places take the certified left over.
    """
    quota_slots = sum(needs.values())
    if quota_slots > slots or sum(available.values()) < slots:
        return None
    certified = leftover = 0
    for agency, need in needs.items():
        have_cert, have_other = available[(agency, True)], available[(agency, False)]
        if have_cert + have_other < need:
            return None
        used = min(have_cert, need)
        certified += used
        leftover += have_cert - used
    leftover += sum(n for (agency, cert), n in available.items() if cert and agency not in needs)
    return certified + min(leftover, slots - quota_slots)


def infeasibility(plan: DrawPlan, pools: Pools) -> str:
    """Why the plan cannot be drawn from these pools, in Chinese ("" when it can)."""
    eligible = len(pools.targets)
    if eligible == 0:
        return "没有符合条件的检查对象(请检查筛选条件和检查对象名录库)"
    wanted = plan.target_count(eligible)
    if wanted > eligible:
        return f"符合条件的检查对象只有 {eligible} 家,无法抽取 {wanted} 家"
    teams = plan.team_count(wanted)
    size, need = plan.team_size, plan.certified_min
    people = len(pools.inspectors)
    if people < teams * size:
        return f"可参加抽取的执法检查人员只有 {people} 人,无法组成 {teams} 个每组 {size} 人的检查组"
    certified = sum(1 for i in pools.inspectors if i.certified)
    if certified < teams * need:
        return (
            f"合格的持证人员只有 {certified} 人,无法组成 {teams} 个每组 {need} 名持证人员的检查组"
        )
    available: Counter[tuple[str, bool]] = Counter(
        (group_of(i, plan), i.certified) for i in pools.inspectors
    )
    for quota in plan.quotas:
        have = available[(quota.agency, True)] + available[(quota.agency, False)]
        if have < teams * quota.count:
            return (
                f"“{quota.agency}”的执法检查人员只有 {have} 人,"
                f"无法组成 {teams} 个每组 {quota.count} 名“{quota.agency}”人员的检查组"
            )
    needs = {q.agency: teams * q.count for q in plan.quotas}
    best = most_certified(available, teams * size, needs)
    if best is not None and best < teams * need:
        return (
            f"按各部门人数要求,{teams} 个检查组最多只能安排 {best} 名持证人员,"
            f"达不到每组 {need} 名持证人员"
        )
    return ""


def check_feasible(plan: DrawPlan, pools: Pools) -> None:
    """Refuse an infeasible plan before anything is drawn (UserError saying why)."""
    reason = infeasibility(plan, pools)
    if reason:
        raise UserError(reason)


# -- who takes part ----------------------------------------------------------------------
def target_reason(status: str, drawn_in: tuple[int, str] | None, plan: DrawPlan) -> str:
    """Why a target that matches the plan's filter is left out ("" when it takes part).

    ``drawn_in`` is (draw id, date) of a draw this year that already drew it, if any.
    """
    if status != ACTIVE:
        return f"状态为“{status}”"
    if drawn_in is not None and not plan.include_checked:
        return f"本年度已被抽中(抽取记录第 {drawn_in[0]} 号,{drawn_in[1]})"
    return ""


def inspector_reason(
    plan: DrawPlan,
    agency: str,
    certified: bool,
    tags: tuple[str, ...],
    unavailable: str | None,
) -> str:
    """Why a serving person is left out of the inspector pool ("" when they take part).

    ``unavailable`` is the reason of a person marked 暂不参加抽取 (None when available).
    """
    if unavailable is not None:
        return f"暂不参加抽取:{unavailable}"
    if not certified and not plan.allow_uncertified:
        return "未持有有效的行政执法证(本次只抽取持证人员)"
    quota_agencies = [q.agency for q in plan.quotas]
    closed = sum(q.count for q in plan.quotas) == plan.largest_team  # no free places
    if quota_agencies and closed and agency not in quota_agencies:
        return f"不属于本次检查的部门({'、'.join(quota_agencies)})"
    if plan.inspector_tags and not set(plan.inspector_tags) & set(tags):
        return f"专业领域不符(本次要求:{'、'.join(plan.inspector_tags)})"
    return ""


def conflict_reason(reason: str) -> str:
    """The recorded reason of a declared conflict (回避)."""
    return f"回避:{reason}"


def rotation_reason(draw_id: int, draw_date: str) -> str:
    """The recorded reason of rotation: the same inspector checked the same target last time."""
    return f"轮换:上次检查该对象(抽取记录第 {draw_id} 号,{draw_date})"
