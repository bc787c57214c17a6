"""Demo databases: realistic data for every module, fast enough for ``--scale 100``.

``create_demo`` calls each register's builder (``demo/<register>.py``); each builds its
rows in Python and writes them with sqlite-utils ``insert_all``, all inside one transaction
with one audit row. Derived columns are filled exactly as the repositories fill them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from desktop_app import registers
from desktop_app.demo.agency import fill_agency_profile
from desktop_app.domain.errors import UserError
from desktop_app.storage import audit
from desktop_app.storage.database import is_empty

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_SCALE = 100

Progress = Callable[[int, int], None]
Builder = Callable[["Database", int, date, Progress | None], dict[str, int]]


def builders() -> list[Builder]:
    """Each register's demo builder, in the manifest's order."""
    return [
        importlib.import_module(register.demo_module).create_demo
        for register in registers.REGISTERS
    ]


def create_demo(
    db: Database, scale: int = 1, today: date | None = None, progress: Progress | None = None
) -> dict[str, int]:
    """Fill a freshly migrated, empty database with demo data; returns counts per table."""
    if not 1 <= scale <= MAX_SCALE:
        raise UserError(f"演示数据规模应为 1 到 {MAX_SCALE} 之间的整数")
    today = today or date.today()
    if not is_empty(db):
        raise UserError("数据库中已有数据;演示数据只能写入新建的空数据库")
    counts: dict[str, int] = {}
    with db.atomic():
        for build in builders():
            counts.update(build(db, scale, today, progress))
        fill_agency_profile(db)  # seed 000's office signs every demo document
        summary = f"载入演示数据(规模 ×{scale}):{describe_counts(counts)}"
        after = {"scale": scale, "today": today.isoformat(), **counts}
        audit.record(db, "import", "database", None, after=after, summary=summary)
    return counts


def describe_counts(counts: dict[str, int]) -> str:
    """The counts as a Chinese phrase: "5 个巡察、1000 个问题、…"."""
    labels = registers.count_labels()
    return "、".join(
        f"{n} {labels[key]}" if key in labels else f"{key} {n} 行" for key, n in counts.items()
    )
