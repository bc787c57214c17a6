"""The target directory (检查对象名录库) kept in Excel: rows → targets.

Stable keys: a target by its unified social credit code, else by its name. A code that
fails its check is an error of its row, never accepted silently: an early code the office
has verified is entered in the directory one by one with 仍然使用 and the reason (the row
can be left out of the import). Re-importing the same list changes only what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from desktop_app.domain.draws import ACTIVE, TARGET_FIELDS, TARGET_LABELS, Target, validate_target
from desktop_app.domain.errors import ValidationError
from desktop_app.imports.common import (
    CREATE,
    SKIP,
    UPDATE,
    Context,
    Row,
    Tally,
    describe_change,
    same,
)
from desktop_app.storage.draws import directory

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.storage.database import Reader
    from desktop_app.storage.imports import BatchWriter

KEYS, LABELS = TARGET_FIELDS, TARGET_LABELS
FIELD_OF = {"kind": "target_kind", "status": "target_status"}  # the import's field keys
EARLY_CODE = "如确属已核对过的早期代码,请排除此行,在名录库中逐条录入并勾选“仍然使用”说明理由"


@dataclass
class Step:
    """A target to create or update."""

    action: str
    record: Target
    record_id: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)


def build(conn: Reader, rows: list[Row], ctx: Context, prepared: Any, options: Any):
    """Plan of a directory: (steps, summary, counts)."""
    known = directory.all_targets(conn)
    by_code = {t["credit_code"]: t for t in known if t["credit_code"]}
    by_name: dict[str, list[dict[str, Any]]] = {}
    for t in known:
        by_name.setdefault(t["name"], []).append(t)
    tally, steps = Tally(), []
    seen: dict[str, int] = {}
    for row in rows:
        target = _target(row, ctx)
        if target is None:
            continue
        key = target.credit_code or f"name|{target.name}"
        if key in seen:
            shown = target.credit_code or target.name
            ctx.error(row.number, "credit_code", f"“{shown}”与第 {seen[key]} 行重复")
            continue
        seen[key] = row.number
        old = by_code.get(target.credit_code) if target.credit_code else None
        if old is None and not target.credit_code:
            same_name = by_name.get(target.name, [])
            old = same_name[0] if len(same_name) == 1 else None
        step = _step(target, old, ctx, row.number)
        steps.append(step)
        tally.add("check_targets", step.action)
    return steps, {"check_targets": len(seen)}, tally.as_dict()


def _target(row: Row, ctx: Context) -> Target | None:
    name = ctx.text(row, "name")
    if not name:
        if ctx.text(row, "credit_code"):
            ctx.error(row.number, "name", "必须填写")
        return None
    target = Target(
        name,
        kind=ctx.choice(row, "target_kind", default="企业"),
        status=ctx.choice(row, "target_status", default=ACTIVE),
        **ctx.texts(row, "credit_code", "industry", "area", "address", "contact", "phone", "notes"),
    )
    if ctx.actions.get(row.number) == "error":
        return None
    try:
        return validate_target(target)
    except ValidationError as exc:
        if exc.field == "统一社会信用代码":  # never accepted silently: say how to keep it
            ctx.error(row.number, "credit_code", f"{exc.message.split(';')[0]};{EARLY_CODE}")
        else:
            ctx.failed(row.number, exc)
        return None


def _step(target: Target, old: dict[str, Any] | None, ctx: Context, row: int) -> Step:
    if old is None:
        ctx.act(row, CREATE)
        return Step(CREATE, target)
    changes = {}
    for key in KEYS:
        if key not in ("name", "credit_code") and not ctx.has(FIELD_OF.get(key, key)):
            continue
        new = getattr(target, key)
        if not same(old[key], new) and new not in ("", None):
            changes[key] = new
            ctx.changes.append(describe_change(f"“{old['name']}”", LABELS[key], old[key], new))
    action = UPDATE if changes else SKIP
    ctx.act(row, action)
    return Step(action, target, old["id"], changes)


def apply(db: Database, preview: Any, batch: BatchWriter, tick: Callable[[int, int], None]) -> None:
    """Write the targets inside the caller's transaction (each with its audit row)."""
    from desktop_app.storage.draws.repo import DrawsRepo

    repo = DrawsRepo(db)
    for number, step in enumerate(preview.plan):
        tick(number, len(preview.plan))
        if step.action == CREATE:
            batch.created("check_targets", repo.add_target(replace(step.record)))
        elif step.action == UPDATE:
            assert step.record_id is not None
            batch.changing("check_targets", step.record_id)
            target = directory.get_target(db, step.record_id)
            for key, value in step.changes.items():
                setattr(target, key, value)
            repo.update_target(target)
