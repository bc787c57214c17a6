"""屡查屡犯 flags: finding, listing and deciding them (the rule is ``domain.repeats``).

A new problem is compared with the problems of *earlier* inspections: every other inspection
whose feedback date (its creation date when it has none) is not after this one's. Flags are
rows of ``problem_repeats`` (migration 0010); a dismissed pair is never flagged again. Reads
take any connection; ``RepeatRepo`` writes, each write one transaction with its audit row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.domain.errors import UserError
from desktop_app.domain.repeats import REPEATED, SUSPECTED, Earlier, Matcher, RepeatState
from desktop_app.domain.text import optional_text
from desktop_app.storage import audit
from desktop_app.storage.repository import Repository
from desktop_app.storage.rows import fetch_rows
from desktop_app.storage.settings import read_setting

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader

_WHEN = "COALESCE(i.feedback_date, substr(i.created_at, 1, 10))"


def repeat_filter_sql(choice: str) -> str:
    """SQL condition on ``problems`` for the list's 屡查屡犯 filter ('' for no filter)."""
    state = {REPEATED: RepeatState.CONFIRMED, SUSPECTED: RepeatState.PENDING}.get(choice)
    if state is None:
        return ""
    return f"id IN (SELECT problem_id FROM problem_repeats WHERE state = '{state.value}')"


def confirmed_ids_sql() -> str:
    """SQL: ids of the problems confirmed as 屡查屡犯."""
    return f"SELECT problem_id FROM problem_repeats WHERE state = '{RepeatState.CONFIRMED.value}'"


def earlier_problems(db: Reader, inspection_id: int) -> list[Earlier]:
    """The problems of the inspections earlier than ``inspection_id`` (see the docstring)."""
    sql = (
        f"SELECT p.id, p.description FROM problems p JOIN inspections i ON i.id = p.inspection_id"
        f" WHERE i.id != ? AND {_WHEN} <= (SELECT {_WHEN} FROM inspections i WHERE i.id = ?)"
    )
    return [Earlier(pid, text) for pid, text in db.execute(sql, [inspection_id, inspection_id])]


@dataclass(frozen=True)
class Flag:
    """A 屡查屡犯 flag as the clerk sees it: both problems, how alike, where it stands."""

    id: int
    problem_id: int
    description: str
    inspection: str
    earlier_id: int
    earlier_description: str
    earlier_inspection: str
    earlier_status: str
    score: float
    state: RepeatState
    note: str = ""

    def text(self) -> str:
        """一句话: 与《…》的问题“…”相似(85%),待确认."""
        return (
            f"与“{self.earlier_inspection}”的问题“{self.earlier_description}”相似"
            f"({self.score:g}%,该问题{self.earlier_status}),{self.state.value}"
        )


_FLAG_SQL = """
    SELECT r.id, r.problem_id, p.description, i.name AS inspection, r.earlier_id,
        e.description AS earlier_description, ei.name AS earlier_inspection,
        e.status AS earlier_status, r.score, r.state, r.note
    FROM problem_repeats r
    JOIN problems p ON p.id = r.problem_id JOIN inspections i ON i.id = p.inspection_id
    JOIN problems e ON e.id = r.earlier_id JOIN inspections ei ON ei.id = e.inspection_id
"""


def _flags(db: Reader, where: str, params: list[Any]) -> list[Flag]:
    rows = fetch_rows(db, f"{_FLAG_SQL} WHERE {where} ORDER BY p.seq, r.score DESC, r.id", params)
    return [Flag(**{**row, "state": RepeatState(row["state"])}) for row in rows]


def flags_of(db: Reader, problem_id: int) -> list[Flag]:
    """The flags of one problem (as the later one), best match first."""
    return _flags(db, "r.problem_id = ?", [problem_id])


def open_flags(db: Reader, inspection_id: int | None = None) -> list[Flag]:
    """Flags still to be decided, of one inspection or of all."""
    where, params = f"r.state = '{RepeatState.PENDING.value}'", []
    if inspection_id is not None:
        where += " AND p.inspection_id = ?"
        params.append(inspection_id)
    return _flags(db, where, params)


def all_flags(db: Reader) -> list[Flag]:
    """Every flag of every inspection."""
    return _flags(db, "1", [])


def flags_of_inspection(db: Reader, inspection_id: int) -> list[Flag]:
    """Every flag of the problems of one inspection."""
    return _flags(db, "p.inspection_id = ?", [inspection_id])


def repeat_notes(db: Reader, problem_ids: Iterable[int]) -> dict[int, str]:
    """{problem id: "屡查屡犯(前次:…)"} for the confirmed repeats among ``problem_ids``."""
    ids = list(problem_ids)
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    where = f"r.state = '{RepeatState.CONFIRMED.value}' AND r.problem_id IN ({marks})"
    notes: dict[int, list[str]] = {}
    for flag in _flags(db, where, ids):
        notes.setdefault(flag.problem_id, []).append(flag.earlier_inspection)
    return {pid: f"{REPEATED}(前次:{'、'.join(dict.fromkeys(n))})" for pid, n in notes.items()}


def notes_of_inspection(db: Reader, inspection_id: int) -> dict[int, str]:
    """``repeat_notes`` of the confirmed repeats among one inspection's problems."""
    where = f"r.state = '{RepeatState.CONFIRMED.value}' AND p.inspection_id = ?"
    notes: dict[int, list[str]] = {}
    for flag in _flags(db, where, [inspection_id]):
        notes.setdefault(flag.problem_id, []).append(flag.earlier_inspection)
    return {pid: f"{REPEATED}(前次:{'、'.join(dict.fromkeys(n))})" for pid, n in notes.items()}


def count_by_state(db: Reader) -> dict[str, int]:
    """How many flags stand at each state."""
    counts = dict.fromkeys((s.value for s in RepeatState), 0)
    for state, n in db.execute("SELECT state, count(*) FROM problem_repeats GROUP BY state"):
        counts[state] = n
    return counts


def created_problems(db: Reader, batch_id: int) -> list[int]:
    """The problems an import batch created."""
    rows = db.execute(
        "SELECT record_id FROM import_batch_rows WHERE batch_id = ? AND table_name = 'problems'"
        " AND before IS NULL ORDER BY id",
        [batch_id],
    )
    return [r[0] for r in rows]


class RepeatRepo(Repository):
    """Finds and decides 屡查屡犯 flags on one connection."""

    def find(self, problem_ids: Iterable[int]) -> int:
        """Flag the given problems that resemble problems of earlier inspections; returns how
        many flags were added. One transaction; the flags are audited one row each."""
        wanted = list(dict.fromkeys(problem_ids))
        if not wanted:
            return 0
        threshold = float(read_setting(self.db, "rectification.repeat_threshold"))
        marks = ", ".join("?" * len(wanted))
        rows = self.rows(
            f"SELECT id, inspection_id, description FROM problems WHERE id IN ({marks})", wanted
        )
        known = {
            (a, b)
            for a, b in self.db.execute(
                f"SELECT problem_id, earlier_id FROM problem_repeats WHERE problem_id IN ({marks})",
                wanted,
            )
        }
        added = 0
        with self.db.atomic():
            matchers: dict[int, Matcher] = {}
            for row in rows:
                inspection_id = row["inspection_id"]
                if inspection_id not in matchers:
                    earlier = earlier_problems(self.db, inspection_id)
                    matchers[inspection_id] = Matcher(earlier, threshold)
                skip = [b for a, b in known if a == row["id"]]
                for match in matchers[inspection_id].matches(row["id"], row["description"], skip):
                    flag_id = self.insert(
                        "problem_repeats",
                        {
                            "problem_id": row["id"],
                            "earlier_id": match.earlier_id,
                            "score": match.score,
                        },
                    )
                    summary = (
                        f"疑似屡查屡犯:问题 #{row['id']} 与 #{match.earlier_id}({match.score:g}%)"
                    )
                    self.log("create", "problem_repeat", flag_id, None, match, summary)
                    added += 1
        return added

    def find_in_inspection(self, inspection_id: int) -> int:
        """Flag every problem of an inspection (after an import); returns flags added."""
        ids = [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM problems WHERE inspection_id = ?", [inspection_id]
            )
        ]
        return self.find(ids)

    def decide(self, flag_id: int, state: RepeatState | str, note: str = "") -> None:
        """Confirm (已确认) or dismiss (已排除) a flag; back to 待确认 is allowed too."""
        state = RepeatState(state)
        note = optional_text(note, "说明")
        before = self.row("problem_repeats", flag_id, f"屡查屡犯标记 #{flag_id} 不存在或已删除")
        values: dict[str, str | None] = {"state": state.value, "note": note}
        values |= {"decided_at": audit.now_text(), "decided_by": audit.os_user()}
        if state == RepeatState.PENDING:
            values |= {"decided_at": None, "decided_by": ""}
        with self.db.atomic():
            self.update("problem_repeats", flag_id, values)
            summary = (
                f"{state.value}屡查屡犯:问题 #{before['problem_id']} 与 #{before['earlier_id']}"
            )
            self.log("update", "problem_repeat", flag_id, before, values, summary)


def check_flag(db: Reader, flag_id: int) -> Flag:
    """One flag; UserError when it is gone."""
    found = _flags(db, "r.id = ?", [flag_id])
    if not found:
        raise UserError(f"屡查屡犯标记 #{flag_id} 不存在或已删除")
    return found[0]
