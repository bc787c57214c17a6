"""Conversion between table rows and rectification records (on ``storage.rows.RowMap``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.domain import rectification as domain
from desktop_app.domain.dates import from_iso
from desktop_app.storage.rows import RowMap

INSPECTION = RowMap(
    ("name", "kind", "body", "plan_doc_no", "notes"),
    ("onsite_start", "onsite_end", "feedback_date", "report_due"),
)
# The columns a problem and a measure share and the forms write (status is written apart).
ITEM = RowMap(
    ("seq", "leader", "lead_dept", "resp_depts", "completion_way"), ("deadline", "completion_date")
)
PROGRESS = RowMap(("author", "text", "problem_id", "measure_id", "id"), ("date",))


def inspection_from_row(row: dict[str, Any]) -> domain.Inspection:
    """Row → Inspection."""
    return domain.Inspection(id=row["id"], **INSPECTION.read(row))


def inspection_to_row(insp: domain.Inspection) -> dict[str, Any]:
    """Inspection → row values (without id and timestamps)."""
    return INSPECTION.write(insp)


def signoff_from_row(row: dict[str, Any]) -> domain.SignOff | None:
    """The 销号 columns of a problem or measure row, or None when it is not signed off."""
    if not row.get("signoff_date"):
        return None
    by, remark = row["signoff_by"] or "", row["signoff_remark"] or ""
    return domain.SignOff(date.fromisoformat(row["signoff_date"]), by, remark)


def _item_values(row: dict[str, Any]) -> dict[str, Any]:
    """The fields a problem and a measure share, from their row."""
    return {
        **ITEM.read(row),
        "status": domain.Status(row["status"]),
        "signoff": signoff_from_row(row),
        "last_progress": from_iso(row["last_progress"]),
        "id": row["id"],
    }


def problem_from_row(row: dict[str, Any]) -> domain.Problem:
    """Row → Problem (measures not loaded)."""
    own = {"description": row["description"], "category": row["category"]}
    return domain.Problem(inspection_id=row["inspection_id"], **own, **_item_values(row))


def measure_from_row(row: dict[str, Any]) -> domain.Measure:
    """Row → Measure."""
    return domain.Measure(content=row["content"], problem_id=row["problem_id"], **_item_values(row))


def item_to_row(item: domain.Problem | domain.Measure) -> dict[str, Any]:
    """The shared columns of a problem or measure (without id, status cache, timestamps)."""
    return ITEM.write(item)


def progress_from_row(row: dict[str, Any]) -> domain.ProgressEntry:
    """Row → ProgressEntry."""
    return domain.ProgressEntry(**PROGRESS.read(row))
