"""Conversion between table rows and rectification records."""

from __future__ import annotations

from typing import Any

from desktop_app.domain.dates import from_iso, iso
from desktop_app.domain.rectification import (
    Inspection,
    Measure,
    Problem,
    ProgressEntry,
    SignOff,
    Status,
)

INSPECTION_FIELDS = ("name", "kind", "body", "plan_doc_no", "notes")
INSPECTION_DATES = ("onsite_start", "onsite_end", "feedback_date", "report_due")
ITEM_TEXT = ("seq", "leader", "lead_dept", "resp_depts", "completion_way")


def inspection_from_row(row: dict[str, Any]) -> Inspection:
    """Row → Inspection."""
    values = {k: row[k] for k in INSPECTION_FIELDS}
    values.update({k: from_iso(row[k]) for k in INSPECTION_DATES})
    return Inspection(id=row["id"], **values)


def inspection_to_row(insp: Inspection) -> dict[str, Any]:
    """Inspection → row values (without id and timestamps)."""
    values = {k: getattr(insp, k) for k in INSPECTION_FIELDS}
    values.update({k: iso(getattr(insp, k)) for k in INSPECTION_DATES})
    return values


def _signoff(row: dict[str, Any]) -> SignOff | None:
    if not row.get("signoff_date"):
        return None
    return SignOff(
        from_iso(row["signoff_date"]), row["signoff_by"] or "", row["signoff_remark"] or ""
    )


def _item_values(row: dict[str, Any]) -> dict[str, Any]:
    values = {k: row[k] for k in ITEM_TEXT}
    values.update(
        deadline=from_iso(row["deadline"]),
        status=Status(row["status"]),
        completion_date=from_iso(row["completion_date"]),
        signoff=_signoff(row),
        last_progress=from_iso(row["last_progress"]),
        id=row["id"],
    )
    return values


def problem_from_row(row: dict[str, Any]) -> Problem:
    """Row → Problem (measures not loaded)."""
    return Problem(
        description=row["description"],
        category=row["category"],
        inspection_id=row["inspection_id"],
        **_item_values(row),
    )


def measure_from_row(row: dict[str, Any]) -> Measure:
    """Row → Measure."""
    return Measure(content=row["content"], problem_id=row["problem_id"], **_item_values(row))


def item_to_row(item: Problem | Measure) -> dict[str, Any]:
    """The shared columns of a problem or measure (without id, status cache, timestamps)."""
    values = {k: getattr(item, k) for k in ITEM_TEXT}
    values.update(
        deadline=iso(item.deadline),
        completion_date=iso(item.completion_date),
    )
    return values


def progress_from_row(row: dict[str, Any]) -> ProgressEntry:
    """Row → ProgressEntry."""
    return ProgressEntry(
        date=from_iso(row["date"]),
        author=row["author"],
        text=row["text"],
        problem_id=row["problem_id"],
        measure_id=row["measure_id"],
        id=row["id"],
    )
