"""An import's rectification records written in one pass, inside the import's transaction.

The repositories write one record per call, each call re-reading its parents and re-deriving
its problem (status, completion date, measure count, search text) after every measure: about
2 ms a row. An import knows all its records up front, so ``RectificationWriter`` inserts and
updates them with plain prepared statements on the open transaction, writes one audit row per
record (``audit.record``, as the repositories do) and notes each row in the batch, and at the
end re-derives every problem it touched once, with the repository's own ``refresh_problem``
(and each measure's last progress with ``refresh_measure``). The rows are the repository's
own (``_problem_values``, ``_measure_values``), so a record imported and a record typed in
are alike. Triggers (the search index) fire on these statements as on any other.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any

from desktop_app.domain.dates import iso
from desktop_app.domain.rectification import Status, ensure_editable, require_text
from desktop_app.storage import audit

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.domain.rectification import Measure, Problem, ProgressEntry
    from desktop_app.storage.imports import BatchWriter


class RectificationWriter:
    """Problems, measures and progress of one import; call ``finish`` before the commit."""

    def __init__(self, db: Database, batch: BatchWriter) -> None:
        from desktop_app.storage.rectification.repo import RectificationRepo

        self.db = db
        self.batch = batch
        self.repo = RectificationRepo(db)
        self.stamp = audit.now_text()
        self._problems: set[int] = set()  # problems whose derived columns are re-derived
        self._measures: set[int] = set()  # measures that got progress
        self._editable: set[tuple[str, int]] = set()  # existing rows checked not signed off

    # -- statements ----------------------------------------------------------------------
    def _insert(self, table: str, values: dict[str, Any]) -> int:
        names = ", ".join(values)
        marks = ", ".join("?" * len(values))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
        row_id = int(self.db.conn.execute(sql, list(values.values())).lastrowid or 0)
        self.batch.created(table, row_id)
        return row_id

    def _update(self, table: str, record_id: int, values: dict[str, Any]) -> None:
        self.batch.changing(table, record_id)
        assignments = ", ".join(f"{name} = ?" for name in values)
        self.db.conn.execute(
            f"UPDATE {table} SET {assignments}, updated_at = ? WHERE id = ?",
            [*values.values(), self.stamp, record_id],
        )

    def _stamps(self) -> dict[str, str]:
        """The creation and update times of a new problem or measure."""
        return {"created_at": self.stamp, "updated_at": self.stamp}

    def _create(
        self, table: str, kind: str, record: Any, values: dict[str, Any], summary: str
    ) -> int:
        """Insert a new record's row (the record gets its id) with its audit row."""
        record.id = self._insert(table, values)
        audit.record(
            self.db, "create", kind, record.id, after=_shallow(record), summary=summary[:60]
        )
        return record.id

    def _change(
        self, table: str, kind: str, before: Any, after: Any, values: dict[str, Any], summary: str
    ) -> None:
        """Update a stored record's row with its audit row (before and after)."""
        self._update(table, before.id, values)
        audit.record(
            self.db,
            "update",
            kind,
            before.id,
            before=_shallow(before),
            after=_shallow(after),
            summary=summary[:60],
        )

    def _check_editable(self, what: str, record_id: int) -> None:
        """An existing problem or measure must not be signed off (LockedError), checked once."""
        if (what, record_id) in self._editable:
            return
        if what == "problem":
            ensure_editable(self.repo.get_problem(record_id).signoff)
        else:
            ensure_editable(self.repo.get_measure(record_id).signoff)
        self._editable.add((what, record_id))

    # -- records -------------------------------------------------------------------------
    def add_problem(self, problem: Problem) -> int:
        """Insert a problem under its inspection (derived later, once)."""
        self.repo._validate_item(problem)
        values = self.repo._problem_values(problem) | self._stamps()
        values |= {"inspection_id": problem.inspection_id, "status": problem.status.value}
        problem_id = self._create("problems", "problem", problem, values, problem.description)
        self._problems.add(problem_id)
        return problem_id

    def add_measure(self, measure: Measure, *, new_problem: bool) -> int:
        """Insert a measure under a problem (an existing problem must not be signed off)."""
        problem_id = _stored(measure.problem_id)
        if not new_problem:
            self._check_editable("problem", problem_id)
            self.batch.changing("problems", problem_id)  # its derived columns change
        self.repo._validate_item(measure)
        values = self.repo._measure_values(measure) | self._stamps()
        values["problem_id"] = measure.problem_id
        measure_id = self._create("measures", "measure", measure, values, measure.content)
        self._problems.add(problem_id)
        return measure_id

    def add_progress(self, entry: ProgressEntry, *, new_item: bool) -> int:
        """Insert a progress entry on a problem or measure."""
        entry.text = require_text(entry.text, "进展情况")
        if not new_item:
            self._check_editable("problem", entry.problem_id)
            self.batch.changing("problems", entry.problem_id)
            if entry.measure_id is not None:
                self._check_editable("measure", entry.measure_id)
                self.batch.changing("measures", entry.measure_id)
        values = {
            "problem_id": entry.problem_id,
            "measure_id": entry.measure_id,
            "date": iso(entry.date),
            "author": entry.author,
            "text": entry.text,
            "created_at": self.stamp,
        }
        entry_id = self._create("progress", "progress", entry, values, entry.text)
        self._problems.add(entry.problem_id)
        if entry.measure_id is not None:
            self._measures.add(entry.measure_id)
        return entry_id

    def update_problem(self, problem_id: int, changes: dict[str, Any]) -> None:
        """Change some fields of a problem (its own status among them), audited before/after."""
        before = self.repo.get_problem(problem_id)
        ensure_editable(before.signoff)
        own = Status(self.repo.row("problems", problem_id, "问题不存在或已被删除")["own_status"])
        after = replace(before, status=own, **changes)
        _settle(after)
        self.repo._validate_item(after)
        values = self.repo._problem_values(after)
        self._change("problems", "problem", before, after, values, after.description)
        self._problems.add(problem_id)

    def update_measure(self, measure_id: int, changes: dict[str, Any]) -> None:
        """Change some fields of a measure, audited before/after."""
        before = self.repo.get_measure(measure_id)
        ensure_editable(before.signoff)
        problem_id = _stored(before.problem_id)
        self._check_editable("problem", problem_id)
        after = replace(before, **changes)
        _settle(after)
        self.repo._validate_item(after)
        self.batch.changing("problems", problem_id)  # its derived columns change
        values = self.repo._measure_values(after)
        self._change("measures", "measure", before, after, values, after.content)
        self._problems.add(problem_id)

    def finish(self, tick: Any = None) -> None:
        """Re-derive every touched problem once, and the last progress of touched measures."""
        for measure_id in sorted(self._measures):
            self.repo.refresh_measure(measure_id)
        problems = sorted(self._problems)
        for number, problem_id in enumerate(problems):
            if tick is not None:
                tick(number, len(problems))
            self.repo.refresh_problem(problem_id)


def _settle(item: Problem | Measure) -> None:
    """A completion date belongs to a completed item only (a problem's own; a measure's)."""
    if item.status != Status.COMPLETED:
        item.completion_date = None


def _stored(record_id: int | None) -> int:
    """The id of a record known to be stored."""
    if record_id is None:
        raise ValueError("a stored record has an id")
    return record_id


def _shallow(record: Any) -> dict[str, Any]:
    """A record's fields for its audit row: what ``asdict`` gives for these flat records,
    without its deep copy (the audit log turns dates and enums into text itself)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}
