"""Demo databases: realistic data for every module, fast enough for ``--scale 100``.

``create_demo`` calls one builder per module (``desktop_app.demo_data``); each builds its
rows in Python and writes them with sqlite-utils ``insert_all``, all inside one transaction
with one audit row. Derived columns are filled exactly as the repositories fill them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from desktop_app.demo_data.rectification import create_rectification_demo
from desktop_app.demo_personnel import create_personnel_demo
from desktop_app.demo_training import create_training_demo
from desktop_app.domain.errors import UserError
from desktop_app.storage import audit

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_SCALE = 100

Progress = Callable[[int, int], None]

# How each count is named in the summary line; other modules add their tables here.
COUNT_LABELS = {
    "inspections": "个巡察",
    "problems": "个问题",
    "measures": "项整改措施",
    "progress": "条整改进展",
    "evidence": "份佐证材料",
    "persons": "名人员",
    "certificates": "个执法证件",
    "certificate_events": "条证件变动记录",
    "qualification_exams": "条资格考试记录",
    "training_sessions": "次学法培训",
    "training_attendance": "条出勤记录",
}

MODULES: tuple[Callable[[Database, int, date, Progress | None], dict[str, int]], ...] = (
    create_rectification_demo,
    create_personnel_demo,  # before training: sessions are attended by these persons
    create_training_demo,
)


def create_demo(
    db: Database, scale: int = 1, today: date | None = None, progress: Progress | None = None
) -> dict[str, int]:
    """Fill a freshly migrated, empty database with demo data; returns counts per table."""
    if not 1 <= scale <= MAX_SCALE:
        raise UserError(f"演示数据规模应为 1 到 {MAX_SCALE} 之间的整数")
    today = today or date.today()
    if db.execute("SELECT count(*) FROM inspections").fetchone()[0]:
        raise UserError("数据库中已有数据;演示数据只能写入新建的空数据库")
    counts: dict[str, int] = {}
    with db.atomic():
        for module in MODULES:
            counts.update(module(db, scale, today, progress))
        summary = f"载入演示数据(规模 ×{scale}):{describe_counts(counts)}"
        after = {"scale": scale, "today": today.isoformat(), **counts}
        audit.record(db, "import", "database", None, after=after, summary=summary)
    return counts


def describe_counts(counts: dict[str, int]) -> str:
    """The counts as a Chinese phrase: "5 个巡察、1000 个问题、…"."""
    return "、".join(
        f"{n} {COUNT_LABELS[key]}" if key in COUNT_LABELS else f"{key} {n} 行"
        for key, n in counts.items()
    )
