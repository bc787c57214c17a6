"""What an import proposes to write, before it is checked against the database (pure)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from desktop_app.domain.rectification import Status


@dataclass
class Origin:
    """Where a value came from, for messages: sheet, spreadsheet row (from 1), column."""

    sheet: str
    row: int
    column: str = ""


@dataclass
class CellError:
    """One problem found in the file, with its place and a Chinese explanation."""

    sheet: str
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        """The JSON form the command line prints: its fields by name."""
        return asdict(self)

    def text(self) -> str:
        """One line for the clerk."""
        where = f"“{self.sheet}”第 {self.row} 行" if self.row else f"“{self.sheet}”"
        column = f"“{self.column}”列" if self.column else ""
        return f"{where}{column}:{self.message}"


@dataclass(kw_only=True)
class ItemDraft:
    """What the file says of a problem or measure: who answers for it, by when, how far it is."""

    seq: int = 0
    leader: str = ""
    lead_dept: str = ""
    resp_depts: str = ""
    deadline: date | None = None
    status: Status = Status.NOT_STARTED
    completion_date: date | None = None
    completion_way: str = ""
    progress: list[str] = field(default_factory=list)
    origin: Origin | None = None


@dataclass
class MeasureDraft(ItemDraft):
    """A measure as read: its content and what the file says of it."""

    content: str


@dataclass
class ProblemDraft(ItemDraft):
    """A problem as read, with its measures (a measure-per-row ledger gives several)."""

    description: str
    category: str = ""
    measures: list[MeasureDraft] = field(default_factory=list)


@dataclass
class InspectionDraft:
    """The inspection the problems belong to (found by name, or created)."""

    name: str
    kind: str = "巡察"
    body: str = ""
    onsite_start: date | None = None
    onsite_end: date | None = None
    feedback_date: date | None = None
    plan_doc_no: str = ""
    report_date: date | None = None  # the date of the progress report read, if any
