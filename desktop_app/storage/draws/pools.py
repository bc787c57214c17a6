"""The live pools of a draw, read from the directory and the personnel register on the draw date.

Targets: those matching the plan's filter; a target not in business, or drawn already this
year (unless the plan takes them in), is left out with its reason. Inspectors: the serving
persons of the personnel register; certified means holding a 行政执法证 that is 有效 and
valid on the draw date (expired, suspended or cancelled ones do not count); a person may be
left out by their profile or the plan, with the reason. Pairs: for the drawn targets only,
the declared conflicts (回避) standing on the draw date and, with rotation, the members of
the team that last checked the same target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop_app.domain.draw_algorithm import drawn_targets
from desktop_app.domain.draw_pools import (
    Excluded,
    PairExclusion,
    PoolInspector,
    Pools,
    PoolTarget,
    conflict_reason,
    inspector_reason,
    rotation_reason,
    target_reason,
)
from desktop_app.domain.draws import DrawPlan, split_tags
from desktop_app.storage.rows import iter_rows

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader

ENFORCEMENT = "行政执法证"
SERVING = "在职"
# A draw still in force: no redraw names it.
CURRENT = "NOT EXISTS (SELECT 1 FROM draws r WHERE r.redraw_of = d.id)"


def _in(column: str, values: tuple[str, ...]) -> tuple[str, list[Any]]:
    return f"{column} IN ({', '.join('?' * len(values))})", list(values)


def target_pool(
    db: Reader, plan: DrawPlan, replacing: int | None = None
) -> tuple[list[PoolTarget], list[Excluded]]:
    """The targets that take part and those left out (``replacing``: the draw redone)."""
    where, params = [], []
    for column, values in (("kind", plan.kinds), ("industry", plan.industries)):
        if values:
            sql, more = _in(f"t.{column}", values)
            where.append(sql)
            params += more
    if plan.areas:
        sql, more = _in("t.area", plan.areas)
        where.append(sql)
        params += more
    drawn = _drawn_this_year(db, plan.year, replacing)
    condition = f" WHERE {' AND '.join(where)}" if where else ""
    pool, left_out = [], []
    sql = (
        "SELECT t.id, t.name, COALESCE(t.credit_code, '') AS credit_code, t.kind, t.industry,"
        f" t.area, t.status FROM check_targets t{condition} ORDER BY t.id"
    )
    for row in iter_rows(db, sql, params):
        reason = target_reason(row["status"], drawn.get(row["id"]), plan)
        if reason:
            left_out.append(Excluded(row["id"], row["name"], reason))
        else:
            del row["status"]
            pool.append(PoolTarget(**row))
    return pool, left_out


def _drawn_this_year(db: Reader, year: int, replacing: int | None) -> dict[int, tuple[int, str]]:
    """Targets drawn in this year's draws in force: target id → (first draw id, its date)."""
    sql = (
        "SELECT a.target_id, d.id, d.draw_date FROM draw_assignments a"
        f" JOIN draws d ON d.id = a.draw_id WHERE d.year = ? AND {CURRENT} AND d.id != ?"
        " ORDER BY d.id DESC"
    )
    return {t: (d, day) for t, d, day in db.execute(sql, [year, replacing or 0]).fetchall()}


def inspector_pool(db: Reader, plan: DrawPlan) -> tuple[list[PoolInspector], list[Excluded]]:
    """The serving persons who take part, and those left out with the reason."""
    day = plan.draw_date.isoformat()
    sql = (
        "SELECT p.id, p.name, COALESCE(NULLIF(ip.agency, ''), p.unit) AS agency,"
        " ip.tags, ip.available, ip.unavailable_reason,"
        " (SELECT c.number FROM certificates c WHERE c.person_id = p.id AND c.kind = ?"
        "  AND c.status = '有效' AND c.issue_date <= ? AND c.valid_until >= ?"
        "  ORDER BY c.valid_until DESC, c.id LIMIT 1) AS certificate"
        " FROM persons p LEFT JOIN inspector_profiles ip ON ip.person_id = p.id"
        " WHERE p.status = ? ORDER BY p.id"
    )
    pool, left_out = [], []
    for row in iter_rows(db, sql, [ENFORCEMENT, day, day, SERVING]):
        tags = split_tags(row["tags"] or "")
        certified = row["certificate"] is not None
        unavailable = (row["unavailable_reason"] or "") if row["available"] == 0 else None
        reason = inspector_reason(plan, row["agency"], certified, tags, unavailable)
        if reason:
            left_out.append(Excluded(row["id"], row["name"], reason))
            continue
        pool.append(
            PoolInspector(
                row["id"], row["name"], row["agency"], certified, row["certificate"] or "", tags
            )
        )
    return pool, left_out


def pair_exclusions(
    db: Reader,
    plan: DrawPlan,
    targets: list[PoolTarget],
    people: set[int],
    replacing: int | None = None,
) -> list[PairExclusion]:
    """Conflicts and rotation for ``targets``, among the persons ``people`` of the pool."""
    if not targets:
        return []
    day = plan.draw_date.isoformat()
    pairs: dict[tuple[int, int], str] = {}
    conflicts = db.execute(
        "SELECT person_id, target_id, unit, reason FROM inspector_conflicts"
        " WHERE (declared_on IS NULL OR declared_on <= ?) AND (ended_on IS NULL OR ended_on >= ?)"
        " ORDER BY id",
        [day, day],
    ).fetchall()
    for person_id, target_id, unit, reason in conflicts:
        if person_id not in people:
            continue
        for target in targets:
            if target_id == target.id or (target_id is None and unit and unit in target.name):
                pairs.setdefault((person_id, target.id), conflict_reason(reason))
    if plan.rotation:
        for target in targets:
            for person_id, draw_id, draw_date in _last_team(db, target.id, day, replacing):
                if person_id in people:
                    pairs.setdefault((person_id, target.id), rotation_reason(draw_id, draw_date))
    return [PairExclusion(p, t, reason) for (p, t), reason in sorted(pairs.items())]


def _last_team(
    db: Reader, target_id: int, before: str, replacing: int | None
) -> list[tuple[int, int, str]]:
    """Members of the team that last checked a target: (person, draw id, draw date)."""
    last = db.execute(
        "SELECT d.id, d.draw_date, a.team_no FROM draw_assignments a JOIN draws d"
        f" ON d.id = a.draw_id WHERE a.target_id = ? AND {CURRENT} AND d.id != ?"
        " AND d.draw_date <= ? ORDER BY d.draw_date DESC, d.id DESC LIMIT 1",
        [target_id, replacing or 0, before],
    ).fetchone()
    if last is None:
        return []
    draw_id, draw_date, team = last
    rows = db.execute(
        "SELECT person_id FROM draw_members WHERE draw_id = ? AND team_no = ? ORDER BY seq",
        [draw_id, team],
    ).fetchall()
    return [(person_id, draw_id, draw_date) for (person_id,) in rows]


def live_pools(
    db: Reader, plan: DrawPlan, seed: str | None = None, replacing: int | None = None
) -> Pools:
    """The pools of a draw now; with a seed, the excluded pairs of the targets it draws."""
    targets, left_targets = target_pool(db, plan, replacing)
    inspectors, left_inspectors = inspector_pool(db, plan)
    pairs: list[PairExclusion] = []
    if seed is not None:
        chosen = drawn_targets(seed, plan, targets)
        pairs = pair_exclusions(db, plan, chosen, {i.id for i in inspectors}, replacing)
    return Pools(
        tuple(targets), tuple(inspectors), tuple(left_targets), tuple(left_inspectors), tuple(pairs)
    )
