"""Building rectification records for tests: the fields that recur in them."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.demo.seed_000 import SEED_INSPECTION
from desktop_app.domain.rectification import Inspection, Status


def completed(on: date, way: str = "按期完成") -> dict[str, Any]:
    """The fields of a problem or measure completed on ``on`` (完成方式 ``way``)."""
    return {"status": Status.COMPLETED, "completion_date": on, "completion_way": way}


def seed_inspection(**fields: Any) -> Inspection:
    """Seed 000's inspection (市委巡察五组依法行政专项巡察), with ``fields`` changed."""
    return Inspection(**{**SEED_INSPECTION, **fields})
