"""A draw from 10,000 targets and 1,000 inspectors, as a ratio to the same with bare random.sample.

``run(results, workdir)`` appends (what, our time, bare time, unit):

- the draw itself (``compute_draw``: HMAC keys, the team search under the quotas and the
  certified minimum) against ``random.Random(seed).sample`` of the targets and of the
  inspectors cut into teams (which meets no rule at all);
- the whole recorded draw (``DrawsRepo.run_draw``: the live pools read from SQLite, the
  snapshots, hashes, the seal and the rows written) against the same bare sample;
- verifying a recorded draw (``verify_draw``) against the bare sample.

Run alone with ``python -m tests.benchmarks.bench_draws``.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from desktop_app.domain.draw_algorithm import compute_draw
from desktop_app.domain.draw_pools import PoolInspector, Pools, PoolTarget
from desktop_app.domain.draws import DrawPlan, Quota
from desktop_app.storage.database import open_database
from desktop_app.storage.draws import queries
from desktop_app.storage.draws.repo import DrawsRepo
from tests.benchmarks.timing import median_of, run_alone

TARGETS, INSPECTORS = 10_000, 1_000
DAY = date(2022, 6, 15)
PLAN = DrawPlan(
    "全市外国人合法工作情况检查",
    DAY,
    ratio=5.0,  # 500 targets
    teams=100,  # 400 inspectors in teams of 4
    team_size=4,
    quotas=(Quota("科技", 2), Quota("人社", 2)),
)
SEED = "20220615-4417"


def pools() -> Pools:
    """10,000 targets; 1,000 inspectors, half 科技 and half 人社, two in three certified."""
    targets = tuple(PoolTarget(i, f"企业{i:05d}", kind="企业") for i in range(1, TARGETS + 1))
    people = tuple(
        PoolInspector(i, f"人员{i:04d}", "科技" if i % 2 else "人社", i % 3 != 0)
        for i in range(1, INSPECTORS + 1)
    )
    return Pools(targets, people)


def bare_sample(the_pools: Pools) -> list[list[int]]:
    """The same amounts drawn with random.sample and no rule: 500 targets, 100 teams of 4."""
    rng = random.Random(SEED)
    rng.sample(the_pools.targets, PLAN.target_count(len(the_pools.targets)))
    chosen = rng.sample(the_pools.inspectors, 100 * PLAN.team_size)
    return [[i.id for i in chosen[n : n + 4]] for n in range(0, len(chosen), 4)]


def build(workdir: Path):  # type: ignore[no-untyped-def]
    """A database with the same pools: targets, persons, certificates and profiles."""
    path = workdir / "bench_draws.db"
    for stale in workdir.glob("bench_draws.db*"):
        stale.unlink()
    db = open_database(path)
    stamp = "2022-01-01 00:00:00"
    the_pools = pools()
    with db.atomic():
        db["check_targets"].insert_all(
            {"id": t.id, "name": t.name, "kind": "企业", "status": "在营",
             "created_at": stamp, "updated_at": stamp}
            for t in the_pools.targets
        )  # fmt: skip
        db["persons"].insert_all(
            {"id": i.id, "name": i.name, "unit": f"市{i.agency}局", "status": "在职",
             "created_at": stamp, "updated_at": stamp}
            for i in the_pools.inspectors
        )  # fmt: skip
        db["certificates"].insert_all(
            {"person_id": i.id, "number": f"4106{i.id:07d}", "issue_date": "2020-01-01",
             "valid_until": "2025-12-31", "status": "有效", "created_at": stamp,
             "updated_at": stamp}
            for i in the_pools.inspectors
            if i.certified
        )  # fmt: skip
        db["inspector_profiles"].insert_all(
            {"person_id": i.id, "agency": i.agency, "created_at": stamp, "updated_at": stamp}
            for i in the_pools.inspectors
        )
    return db


def run(results: list, workdir: Path) -> None:
    """Measure and append the results (see the module docstring)."""
    workdir.mkdir(parents=True, exist_ok=True)
    the_pools = pools()
    bare = median_of(lambda: bare_sample(the_pools))
    ours = median_of(lambda: compute_draw(SEED, PLAN, the_pools))
    results.append((f"抽取计算 ({TARGETS} 家对象、{INSPECTORS} 名人员)", ours, bare, "s"))
    db = build(workdir)
    repo = DrawsRepo(db)
    made: list[int] = []
    ours = median_of(
        lambda: made.append(repo.run_draw(PLAN, operator="李明", witness="王芳", seed=SEED))
    )
    results.append(("抽取并记录(读名单、快照、封存、写入)", ours, bare, "s"))
    ours = median_of(lambda: queries.verify_draw(db, made[-1]), repeat=3)
    assert queries.verify_draw(db, made[-1]) == []
    results.append(("核验一次抽取记录", ours, bare, "s"))
    db.close()


if __name__ == "__main__":
    run_alone(run, base_digits=6, ratio="9.0f")
