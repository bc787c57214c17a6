"""The draw: a documented, deterministic function of the seed, the pools' snapshots and the plan.

Anyone holding the record of a draw (抽取记录) can recompute it with this module alone:

1. **Texts.** The plan, the target pool and the inspector pool are each written as
   canonical JSON (UTF-8, keys sorted, no spaces: ``canonical``); the SHA-256 of each text
   is its hash. The target snapshot lists the eligible targets (id, name, credit code,
   kind, industry, area) and the targets left out with their reasons; the inspector
   snapshot lists the eligible inspectors (id, name, department, certified on the draw
   date, certificate number, tags), those left out with reasons, and the pairs
   (inspector, drawn target) excluded by a declared conflict (回避) or by rotation.
2. **Keys.** Every item gets the key ``HMAC-SHA256(key = seed as UTF-8, message = label)``
   in hexadecimal, where the label is ``"target:<id>"`` or ``"inspector:<id>"``. Sorting by
   key (then id) gives an order that nobody can predict before the seed is known and
   everybody can recompute afterwards.
3. **Targets.** The first *n* targets in key order are drawn (*n* is the plan's count, or
   its ratio of the eligible targets rounded up). The *i*-th drawn target (from 0) goes to
   team ``i mod T + 1``, where *T* is the plan's number of teams (one per target if unset).
4. **Teams.** Teams are filled in number order from the inspectors in key order. A team
   takes the first inspector who is not yet in a team, is not excluded for any of the
   team's targets, and keeps the plan satisfiable: after taking them, (a) the team can
   still be completed from the inspectors left to it with its department quotas and its
   certified minimum, and (b) all teams still to fill can, counted together, be completed
   from the inspectors left who are not excluded from every one of them; and before each
   choice (c) every later team with exclusions must still be completable on its own, or no
   inspector is acceptable (``most_certified`` counts the best case of each exactly). If a
   team cannot be completed (conflicts and rotation can cause that), the choice backs up:
   the last member taken is replaced by the next acceptable inspector after them in key
   order (a depth-first search in key order). The first complete assignment found is the
   draw; after ``MAX_STEPS`` inspectors tried the plan is refused as infeasible.
   When the plan sets a team-size range (每组5-7人不等), this step forms teams of the
   smallest size, and then:
4b. **Extra places.** Going round the teams in number order, a team below the largest size
   takes the first inspector in key order who is not yet in a team and is not excluded for
   any of its targets; the rounds stop when every team is full or a whole round adds nobody.
   The quotas and the certified minimum already hold at the smallest size, so they still do.
5. **Seal.** The record hash is the SHA-256 of the canonical JSON of the algorithm name,
   seed, seed source, the three hashes, the result, operator, witness, time, the draw it
   replaces (and why) and the previous record's hash, so every record also vouches for the
   one before it.

``verify`` recomputes all of this from a stored record and lists every difference.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from desktop_app.domain.draw_pools import (
    Excluded,
    PairExclusion,
    PoolInspector,
    Pools,
    PoolTarget,
    check_feasible,
    group_of,
    most_certified,
)
from desktop_app.domain.draws import DrawPlan, DrawResult, Team
from desktop_app.domain.errors import UserError, ValidationError

ALGORITHM = "LawLedger-draw-2 (HMAC-SHA256 order, depth-first teams, size ranges)"
# Earlier versions whose records this one recomputes exactly (draw-1 knew no size ranges)
COMPATIBLE = ("LawLedger-draw-1 (HMAC-SHA256 order, depth-first teams)",)
MAX_STEPS = 200_000
SEED_MIN, SEED_MAX = 4, 64


def canonical(value: Any) -> str:
    """Canonical JSON: keys sorted, no spaces, non-ASCII kept as it is."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(text: str) -> str:
    """SHA-256 of a text (UTF-8) in hexadecimal."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_seed() -> str:
    """A fresh random seed: 16 hexadecimal digits in groups of four (printed on the record)."""
    raw = secrets.token_hex(8).upper()
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def check_seed(text: str) -> str:
    """A seed as typed by the witness (spaces at the ends dropped), or a refusal."""
    seed = (text or "").strip()
    if not SEED_MIN <= len(seed) <= SEED_MAX:
        raise ValidationError("随机种子", f"应为 {SEED_MIN} 到 {SEED_MAX} 个字符(监督人现场给出)")
    return seed


def draw_key(seed: str, label: str) -> str:
    """The key of one item: HMAC-SHA256 of ``label`` under the seed, in hexadecimal."""
    return hmac.new(seed.encode("utf-8"), label.encode("utf-8"), hashlib.sha256).hexdigest()


# -- snapshots -------------------------------------------------------------------------
def targets_snapshot(pools: Pools) -> str:
    """The target pool as canonical JSON."""
    return canonical(
        {
            "pool": [asdict(t) for t in sorted(pools.targets, key=lambda t: t.id)],
            "excluded": [asdict(e) for e in sorted(pools.excluded_targets, key=lambda e: e.id)],
        }
    )


def inspectors_snapshot(pools: Pools) -> str:
    """The inspector pool (with the excluded pairs) as canonical JSON."""
    pool = []
    for inspector in sorted(pools.inspectors, key=lambda i: i.id):
        entry = asdict(inspector)
        entry["tags"] = list(inspector.tags)
        pool.append(entry)
    pairs = sorted(pools.pairs, key=lambda p: (p.person_id, p.target_id, p.reason))
    return canonical(
        {
            "pool": pool,
            "excluded": [asdict(e) for e in sorted(pools.excluded_inspectors, key=lambda e: e.id)],
            "pairs": [asdict(p) for p in pairs],
        }
    )


def pools_from_snapshots(targets: str, inspectors: str) -> Pools:
    """The pools a stored draw was computed from."""
    t, i = json.loads(targets), json.loads(inspectors)
    return Pools(
        targets=tuple(PoolTarget(**entry) for entry in t["pool"]),
        inspectors=tuple(
            PoolInspector(**{**entry, "tags": tuple(entry["tags"])}) for entry in i["pool"]
        ),
        excluded_targets=tuple(Excluded(**e) for e in t["excluded"]),
        excluded_inspectors=tuple(Excluded(**e) for e in i["excluded"]),
        pairs=tuple(PairExclusion(**p) for p in i["pairs"]),
    )


def plan_text(plan: DrawPlan) -> str:
    """The plan as canonical JSON."""
    return canonical(plan.to_json())


# -- the draw --------------------------------------------------------------------------
def drawn_targets(seed: str, plan: DrawPlan, targets: Sequence[PoolTarget]) -> list[PoolTarget]:
    """Step 3: the drawn targets, in draw order."""
    order = sorted(targets, key=lambda t: (draw_key(seed, f"target:{t.id}"), t.id))
    return order[: plan.target_count(len(targets))]


def compute_draw(seed: str, plan: DrawPlan, pools: Pools) -> DrawResult:
    """The draw of ``plan`` from ``pools`` under ``seed`` (steps 3 and 4 of the docstring)."""
    check_feasible(plan, pools)
    drawn = drawn_targets(seed, plan, pools.targets)
    teams = plan.team_count(len(drawn))
    team_targets: list[list[int]] = [[] for _ in range(teams)]
    for index, target in enumerate(drawn):
        team_targets[index % teams].append(target.id)
    excluded: dict[int, set[int]] = {}
    for pair in pools.pairs:
        excluded.setdefault(pair.target_id, set()).add(pair.person_id)
    forbidden = [set().union(*(excluded.get(t, set()) for t in ids)) for ids in team_targets]
    order = sorted(pools.inspectors, key=lambda i: (draw_key(seed, f"inspector:{i.id}"), i.id))
    members = _Search(plan, order, forbidden).run()
    if plan.largest_team > plan.team_size:
        _extra_places(plan.largest_team, order, forbidden, members)
    return DrawResult(
        tuple(t.id for t in drawn),
        tuple(
            Team(n + 1, tuple(team_targets[n]), tuple(order[k].id for k in members[n]))
            for n in range(teams)
        ),
    )


def _extra_places(
    largest: int, order: list[PoolInspector], forbidden: list[set[int]], teams: list[list[int]]
) -> None:
    """Step 4b: deal the free inspectors round the teams, up to the largest size."""
    taken = {k for team in teams for k in team}
    start = [0] * len(teams)  # where each team's look-up in key order resumes
    added = True
    while added:
        added = False
        for number, team in enumerate(teams):
            if len(team) >= largest:
                continue
            k = start[number]
            while k < len(order) and (k in taken or order[k].id in forbidden[number]):
                k += 1
            start[number] = k + 1
            if k < len(order):
                team.append(k)
                taken.add(k)
                added = True


class _Search:
    """Step 4: the depth-first search over the inspectors in key order."""

    def __init__(self, plan: DrawPlan, order: list[PoolInspector], forbidden: list[set[int]]):
        self.size, self.need = plan.team_size, plan.certified_min
        self.quota = {q.agency: q.count for q in plan.quotas}
        self.order, self.forbidden = order, forbidden
        self.kind = [(group_of(i, plan), i.certified) for i in order]
        self.free: Counter[tuple[str, bool]] = Counter(self.kind)
        self.used = [False] * len(order)
        self.index = {inspector.id: k for k, inspector in enumerate(order)}
        self.constrained = [n for n, excluded in enumerate(forbidden) if excluded]
        self.teams: list[list[int]] = [[] for _ in forbidden]
        self.steps = 0

    def _left_to(self, team: int) -> Counter[tuple[str, bool]]:
        """Free inspectors by kind, without those excluded for ``team``."""
        left = Counter(self.free)
        for person_id in self.forbidden[team]:
            k = self.index.get(person_id)
            if k is not None and not self.used[k]:
                left[self.kind[k]] -= 1
        return left

    def _needs(self, team: list[int], extra: int) -> tuple[dict[str, int], int]:
        """What ``team`` (with the candidate ``extra``) still needs: per department, certified."""
        have = Counter(self.kind[k][0] for k in [*team, extra])
        certified = sum(1 for k in [*team, extra] if self.kind[k][1])
        needs = {a: max(0, n - have[a]) for a, n in self.quota.items()}
        return needs, max(0, self.need - certified)

    def _acceptable(
        self,
        number: int,
        k: int,
        left: Counter[tuple[str, bool]],
        usable: Counter[tuple[str, bool]],
    ) -> bool:
        team = self.teams[number]
        needs, certified = self._needs(team, k)
        slots = self.size - len(team) - 1
        left[self.kind[k]] -= 1
        free = Counter(usable)
        free[self.kind[k]] -= 1
        try:
            best = most_certified(left, slots, needs)
            if best is None or best < certified:
                return False
            later = len(self.teams) - number - 1
            all_needs = {a: needs[a] + later * n for a, n in self.quota.items()}
            best = most_certified(free, slots + later * self.size, all_needs)
            return best is not None and best >= certified + later * self.need
        finally:
            left[self.kind[k]] += 1

    def run(self) -> list[list[int]]:
        """Indices (into the key order) of each team's members."""
        stack: list[tuple[int, int]] = []
        number, start = 0, 0
        while number < len(self.teams):
            if len(self.teams[number]) == self.size:
                number, start = number + 1, 0
                continue
            pick = self._next(number, start)
            if pick is None:
                if not stack:
                    raise UserError(
                        "在回避和轮换的限制下,无法组成满足要求的检查组;"
                        "请增加检查人员、减少抽取数量或调整每组要求"
                    )
                number, k = stack.pop()
                self._release(number, k)
                start = k + 1
                continue
            self._take(number, pick)
            stack.append((number, pick))
            start = pick + 1
        return self.teams

    def _later_teams_possible(self, number: int) -> bool:
        """Each later team with exclusions can still be completed on its own."""
        quota = dict(self.quota)
        for later in self.constrained:
            if later > number:
                best = most_certified(self._left_to(later), self.size, quota)
                if best is None or best < self.need:
                    return False
        return True

    def _usable(self, number: int) -> Counter[tuple[str, bool]]:
        """Free inspectors by kind, without those excluded from every team still to fill."""
        usable = Counter(self.free)
        remaining = self.forbidden[number:]
        for person_id in set.intersection(*remaining) if remaining else set():
            k = self.index.get(person_id)
            if k is not None and not self.used[k]:
                usable[self.kind[k]] -= 1
        return usable

    def _next(self, number: int, start: int) -> int | None:
        if not self._later_teams_possible(number):
            return None
        left, usable = self._left_to(number), self._usable(number)
        forbidden = self.forbidden[number]
        # Whether a candidate fits depends only on its kind (department, certified): one of a
        # kind refused here refuses the rest of that kind, so a large pool is walked, not tried.
        refused: set[tuple[str, bool]] = set()
        for k in range(start, len(self.order)):
            if self.used[k] or self.order[k].id in forbidden or self.kind[k] in refused:
                continue
            self.steps += 1
            if self.steps > MAX_STEPS:
                raise UserError(
                    f"尝试了 {MAX_STEPS} 种人选仍未组成满足要求的检查组(回避和轮换限制过多);"
                    "请增加检查人员、减少抽取数量或调整每组要求"
                )
            if self._acceptable(number, k, left, usable):
                return k
            refused.add(self.kind[k])
        return None

    def _take(self, number: int, k: int) -> None:
        self.used[k] = True
        self.free[self.kind[k]] -= 1
        self.teams[number].append(k)

    def _release(self, number: int, k: int) -> None:
        self.used[k] = False
        self.free[self.kind[k]] += 1
        self.teams[number].remove(k)


# -- sealing and verifying ---------------------------------------------------------------
# The hashed texts of a sealed draw (``<text>_hash`` of its ``<text>``), as verify names them.
HASHED = (
    ("plan_hash", "抽取方案"),
    ("targets_hash", "检查对象名单快照"),
    ("inspectors_hash", "执法检查人员名单快照"),
)


@dataclass(frozen=True)
class Sealed:
    """A draw as recorded: the texts it was computed from, its result and who made it."""

    seed: str
    seed_source: str
    plan: str  # canonical JSON texts
    targets: str
    inspectors: str
    result: str
    operator: str
    witness: str
    drawn_at: str
    prev_hash: str = ""
    redraw_of: int | None = None
    redraw_reason: str = ""
    algorithm: str = ALGORITHM
    # SHA-256 of the plan and of each snapshot (derived: set from them on construction)
    plan_hash: str = field(init=False, repr=False, compare=False)
    targets_hash: str = field(init=False, repr=False, compare=False)
    inspectors_hash: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Hash the plan and the two snapshots, as the record keeps them (``HASHED``)."""
        for key, _label in HASHED:
            object.__setattr__(self, key, digest(getattr(self, key.removesuffix("_hash"))))

    def record_hash(self) -> str:
        """Step 5: the hash that seals the record (and the one before it)."""
        return digest(
            canonical(
                {
                    "algorithm": self.algorithm,
                    "seed": self.seed,
                    "seed_source": self.seed_source,
                    "plan": self.plan_hash,
                    "targets": self.targets_hash,
                    "inspectors": self.inspectors_hash,
                    "result": json.loads(self.result),
                    "operator": self.operator,
                    "witness": self.witness,
                    "drawn_at": self.drawn_at,
                    "redraw_of": self.redraw_of,
                    "redraw_reason": self.redraw_reason,
                    "prev": self.prev_hash,
                }
            )
        )


def seal(
    seed: str,
    seed_source: str,
    plan: DrawPlan,
    pools: Pools,
    result: DrawResult,
    **who: Any,
) -> Sealed:
    """The record of a draw just computed (``who``: operator, witness, drawn_at, …)."""
    return Sealed(
        seed=seed,
        seed_source=seed_source,
        plan=plan_text(plan),
        targets=targets_snapshot(pools),
        inspectors=inspectors_snapshot(pools),
        result=canonical(result.to_json()),
        **who,
    )


def verify(sealed: Sealed, stored: dict[str, str]) -> list[str]:
    """Every difference between a stored record and its recomputation (empty: it matches).

    ``stored`` holds the hashes kept with the record: plan_hash, targets_hash,
    inspectors_hash and record_hash.
    """
    problems = []
    for key, label in HASHED:
        if getattr(sealed, key) != stored.get(key):
            problems.append(f"{label}与记录的哈希值不符(内容已被改动)")
    if sealed.record_hash() != stored.get("record_hash"):
        problems.append("抽取记录的封存哈希值不符(记录内容已被改动)")
    if sealed.algorithm != ALGORITHM and sealed.algorithm not in COMPATIBLE:
        problems.append(f"记录所用算法“{sealed.algorithm}”不是本版本的“{ALGORITHM}”")
        return problems
    try:
        plan = DrawPlan.from_json(json.loads(sealed.plan))
        if sealed.algorithm != ALGORITHM and plan.team_size_max is not None:
            raise ValueError(f"“{sealed.algorithm}”不支持每组人数范围")
        pools = pools_from_snapshots(sealed.targets, sealed.inspectors)
        again = compute_draw(sealed.seed, plan, pools)
    except (UserError, ValueError, KeyError, TypeError) as exc:
        problems.append(f"无法按记录重新计算抽取结果:{exc}")
        return problems
    if canonical(again.to_json()) != sealed.result:
        problems.append("按记录的随机种子、方案和名单重新计算,抽取结果与记录不一致")
    return problems
