"""Conversion between table rows and draw records (on ``storage.rows.RowMap``).

Also the rows of one sealed draw (``draw_rows``), written alike by the repository and the
demo, so that what ``verify`` reads back is what the draw computed.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from desktop_app.domain.draw_algorithm import Sealed, pools_from_snapshots
from desktop_app.domain.draws import (
    TARGET_FIELDS,
    CheckResult,
    Conflict,
    DrawPlan,
    DrawRecord,
    DrawResult,
    InspectorProfile,
    Matter,
    Target,
    split_tags,
)
from desktop_app.storage.rows import RowMap

TARGET = RowMap((*TARGET_FIELDS, "override_note"))
MATTER = RowMap(
    ("name", "legal_basis", "body", "content", "method", "yearly_ratio", "yearly_count", "notes")
)
PROFILE = RowMap(("person_id", "agency", "unavailable_reason", "notes"))
CONFLICT = RowMap(("person_id", "target_id", "unit", "reason"), ("declared_on", "ended_on"))
RESULT = RowMap(("draw_id", "target_id", "outcome", "findings", "handling"), ("check_date",))
# A stored draw: what it was sealed with (its snapshots' columns aside), its hashes, the rest.
_SIGNED = ("seed", "seed_source", "operator", "witness", "drawn_at", "prev_hash", "algorithm")
_REDRAW = ("redraw_of", "redraw_reason")
SEALED = RowMap((*_SIGNED, "plan", "result", *_REDRAW))
HASHES = RowMap(("plan_hash", "targets_hash", "inspectors_hash", "record_hash"))
DRAW = RowMap((*_SIGNED, "os_user", "pool_targets", "pool_inspectors", *_REDRAW))


def target_from_row(row: dict[str, Any]) -> Target:
    """Row → Target."""
    values = TARGET.read(row)
    values["credit_code"] = values["credit_code"] or ""
    return Target(id=row["id"], code_override=bool(row["code_override"]), **values)


def target_values(target: Target) -> dict[str, Any]:
    """Target → row values with its search text (without id and timestamps)."""
    values = {
        **TARGET.write(target),
        "credit_code": target.credit_code or None,
        "code_override": int(target.code_override),
    }
    parts = [target.name, target.credit_code, target.industry, target.area, target.address]
    parts += [target.contact, target.phone, target.notes]
    return {**values, "search_text": "\n".join(p for p in parts if p)}


def matter_from_row(row: dict[str, Any]) -> Matter:
    """Row → Matter."""
    return Matter(id=row["id"], active=bool(row["active"]), **MATTER.read(row))


def matter_values(matter: Matter) -> dict[str, Any]:
    """Matter → row values (without id and timestamps)."""
    return {**MATTER.write(matter), "active": int(matter.active)}


def profile_from_row(row: dict[str, Any]) -> InspectorProfile:
    """Row → InspectorProfile."""
    return InspectorProfile(
        tags=split_tags(row["tags"]), available=bool(row["available"]), **PROFILE.read(row)
    )


def profile_values(profile: InspectorProfile) -> dict[str, Any]:
    """InspectorProfile → row values (tags joined with 、)."""
    return {
        **PROFILE.write(profile),
        "tags": "、".join(profile.tags),
        "available": int(profile.available),
    }


# Conflicts and results are their mapped fields and an id, nothing more.
conflict_from_row = partial(CONFLICT.record, Conflict)
conflict_values = CONFLICT.write
result_from_row = partial(RESULT.record, CheckResult)
result_values = RESULT.write


# -- a sealed draw -------------------------------------------------------------------------
def sealed_of(row: dict[str, Any]) -> Sealed:
    """The sealed texts of a stored draw, as ``verify`` recomputes them."""
    snapshots = {"targets": row["targets_snapshot"], "inspectors": row["inspectors_snapshot"]}
    return Sealed(**SEALED.read(row), **snapshots)


def stored_hashes(row: dict[str, Any]) -> dict[str, str]:
    """The hashes kept with a stored draw."""
    return HASHES.read(row)


def draw_from_row(row: dict[str, Any], replaced_by: int | None = None) -> DrawRecord:
    """Row (without its snapshots' contents) → DrawRecord."""
    return DrawRecord(
        id=row["id"],
        plan=DrawPlan.from_json(json.loads(row["plan"])),
        result=DrawResult.from_json(json.loads(row["result"])),
        replaced_by=replaced_by,
        **DRAW.read(row),
        **HASHES.read(row),
    )


def draw_rows(
    sealed: Sealed, plan: DrawPlan, os_user: str, stamp: str
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows of one draw: the draw, its assignments, its members and its exclusions.

    Everything is taken from the sealed texts (names and departments as the draw saw
    them), so the rows say exactly what the record vouches for.
    """
    pools = pools_from_snapshots(sealed.targets, sealed.inspectors)
    result = DrawResult.from_json(json.loads(sealed.result))
    targets = {t.id: t for t in pools.targets}
    inspectors = {i.id: i for i in pools.inspectors}
    team_of = {t: team.number for team in result.teams for t in team.target_ids}
    draw = {
        "matter_id": plan.matter_id,
        "title": plan.title,
        "year": plan.year,
        "draw_date": plan.draw_date.isoformat(),
        "plan": sealed.plan,
        "plan_hash": sealed.plan_hash,
        "seed": sealed.seed,
        "seed_source": sealed.seed_source,
        "operator": sealed.operator,
        "witness": sealed.witness,
        "os_user": os_user,
        "drawn_at": sealed.drawn_at,
        "targets_snapshot": sealed.targets,
        "targets_hash": sealed.targets_hash,
        "inspectors_snapshot": sealed.inspectors,
        "inspectors_hash": sealed.inspectors_hash,
        "result": sealed.result,
        "algorithm": sealed.algorithm,
        "prev_hash": sealed.prev_hash,
        "record_hash": sealed.record_hash(),
        "redraw_of": sealed.redraw_of,
        "redraw_reason": sealed.redraw_reason,
        "pool_targets": len(pools.targets),
        "pool_inspectors": len(pools.inspectors),
        "drawn_targets": len(result.target_ids),
        "teams": len(result.teams),
        "members": len(result.member_ids),
        "search_text": "\n".join(
            [plan.title, plan.matter_name, sealed.operator, sealed.witness, sealed.seed]
        ),
        "created_at": stamp,
    }
    assignments = [
        {
            "seq": seq,
            "team_no": team_of[target_id],
            "target_id": target_id,
            "name": targets[target_id].name,
            "credit_code": targets[target_id].credit_code,
            "kind": targets[target_id].kind,
            "industry": targets[target_id].industry,
            "area": targets[target_id].area,
        }
        for seq, target_id in enumerate(result.target_ids, 1)
    ]
    members = [
        {
            "team_no": team.number,
            "seq": seq,
            "person_id": person_id,
            "name": inspectors[person_id].name,
            "agency": inspectors[person_id].agency,
            "certified": int(inspectors[person_id].certified),
            "certificate": inspectors[person_id].certificate,
        }
        for team in result.teams
        for seq, person_id in enumerate(team.member_ids, 1)
    ]
    exclusions = [
        {
            "scope": "target",
            "target_id": e.id,
            "person_id": None,
            "name": e.name,
            "reason": e.reason,
        }
        for e in pools.excluded_targets
    ]
    exclusions += [
        {
            "scope": "inspector",
            "target_id": None,
            "person_id": e.id,
            "name": e.name,
            "reason": e.reason,
        }
        for e in pools.excluded_inspectors
    ]
    exclusions += [
        {
            "scope": "pair",
            "target_id": p.target_id,
            "person_id": p.person_id,
            "name": inspectors[p.person_id].name if p.person_id in inspectors else "",
            "reason": p.reason,
        }
        for p in pools.pairs
    ]
    return draw, assignments, members, exclusions


def sealed_rows_match(
    sealed: Sealed, assignments: list[dict[str, Any]], members: list[dict[str, Any]]
) -> bool:
    """True when the stored assignment and member rows say what the sealed result says."""
    result = DrawResult.from_json(json.loads(sealed.result))
    team_of = {t: team.number for team in result.teams for t in team.target_ids}
    wanted_targets = [(seq, team_of[t], t) for seq, t in enumerate(result.target_ids, 1)]
    found_targets = [(a["seq"], a["team_no"], a["target_id"]) for a in assignments]
    wanted_members = [
        (team.number, seq, p) for team in result.teams for seq, p in enumerate(team.member_ids, 1)
    ]
    found_members = [(m["team_no"], m["seq"], m["person_id"]) for m in members]
    return found_targets == wanted_targets and found_members == wanted_members
