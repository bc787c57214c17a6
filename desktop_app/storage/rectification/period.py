"""The changes of a reporting period on the problems of some inspections (the weekly ledger).

Read from the records themselves (progress dates, creation, completion and sign-off dates)
and from the audit log, which holds the before and after of every write: a completion
recorded this week, a sign-off and its undoing, a deadline moved. A change that both
sources know (a sign-off in the log and in the record) is listed once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop_app.domain.dates import from_iso
from desktop_app.domain.period_changes import Change, ChangeKind, deadline_text, in_order
from desktop_app.domain.rectification import Status
from desktop_app.storage.rows import iter_rows

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader

Changes = dict[tuple[str, int], list[Change]]  # ("p", problem id) / ("m", measure id)
ByInspection = dict[int, Changes]
DONE = Status.COMPLETED.value

# (problem id, measure id) of the audited problems and measures of the chosen inspections.
_AUDITED = """
    SELECT a.action, a.record_type, a.at, a.before, a.after, p.inspection_id,
        CASE a.record_type WHEN 'problem' THEN a.record_id ELSE m.problem_id END AS problem_id,
        CASE a.record_type WHEN 'measure' THEN a.record_id END AS measure_id
    FROM audit_log a
    LEFT JOIN measures m ON a.record_type = 'measure' AND m.id = a.record_id
    JOIN problems p ON p.id = CASE a.record_type WHEN 'problem' THEN a.record_id
        ELSE m.problem_id END
    WHERE a.record_type IN ('problem', 'measure')
        AND a.action IN ('update', 'signoff', 'reopen')
        AND a.at >= ? AND a.at < date(?, '+1 day')
        AND p.inspection_id IN ({ids})
    ORDER BY a.id
"""


def period_changes(db: Reader, inspection_ids: list[int], since: date, until: date) -> ByInspection:
    """Every change from ``since`` to ``until`` (inclusive): by inspection, then by the
    record it belongs to, in date order."""
    found: dict[int, dict[tuple[str, int], dict[tuple[Any, ...], Change]]] = {}
    if not inspection_ids:
        return {}
    ids = ", ".join(str(int(i)) for i in inspection_ids)
    for inspection_id, change in [
        *_from_records(db, ids, since, until),
        *_from_log(db, ids, since, until),
    ]:
        same = (change.kind, change.day, change.text)  # the log and the record agree: once
        found.setdefault(inspection_id, {}).setdefault(change.key, {}).setdefault(same, change)
    return {
        inspection_id: {key: in_order(changes.values()) for key, changes in records.items()}
        for inspection_id, records in found.items()
    }


def _from_records(db: Reader, ids: str, since: date, until: date) -> Iterator[tuple[int, Change]]:
    """Progress, new problems and measures, completions and sign-offs dated in the period."""
    start, end = since.isoformat(), until.isoformat()
    for row in iter_rows(
        db,
        "SELECT p.inspection_id, g.problem_id, g.measure_id, g.date, g.text FROM progress g"
        f" JOIN problems p ON p.id = g.problem_id WHERE p.inspection_id IN ({ids})"
        " AND ((g.date >= ? AND g.date <= ?)"
        " OR (substr(g.created_at, 1, 10) >= ? AND substr(g.created_at, 1, 10) <= ?))"
        " ORDER BY g.date, g.id",
        [start, end, start, end],
    ):
        day = from_iso(row["date"])
        assert day is not None
        where = (row["problem_id"], row["measure_id"])
        yield row["inspection_id"], Change(ChangeKind.PROGRESS, day, *where, row["text"])
    dates = (
        " AND ((substr(t.created_at, 1, 10) BETWEEN ? AND ?)"
        " OR (t.completion_date BETWEEN ? AND ?) OR (t.signoff_date BETWEEN ? AND ?))"
    )
    own = "t.created_at, t.completion_date, t.status, t.signoff_date"
    problems = (
        "SELECT t.inspection_id, t.id AS problem_id, NULL AS measure_id,"
        f" {own}, t.measure_count AS measures"
        f" FROM problems t WHERE t.inspection_id IN ({ids}){dates}"
    )
    measures = (
        "SELECT p.inspection_id, t.problem_id, t.id AS measure_id,"
        f" {own}, 0 AS measures FROM measures t"
        f" JOIN problems p ON p.id = t.problem_id WHERE p.inspection_id IN ({ids}){dates}"
    )
    for sql, new in ((problems, ChangeKind.NEW_PROBLEM), (measures, ChangeKind.NEW_MEASURE)):
        for row in iter_rows(db, sql, [start, end] * 3):
            for change in _record_changes(row, new, start, end):
                yield row["inspection_id"], change


def _record_changes(row: dict[str, Any], new: ChangeKind, start: str, end: str) -> Iterator[Change]:
    """A problem's or measure's own dates that fall in the period."""
    problem_id, measure_id = row["problem_id"], row["measure_id"]
    created = row["created_at"][:10]
    if start <= created <= end:
        yield Change(new, _day(created), problem_id, measure_id)
    done = row["completion_date"]
    # A problem with measures is complete when its last measure is: that measure says so.
    if row["status"] == DONE and done and start <= done <= end and not row["measures"]:
        yield Change(ChangeKind.COMPLETED, _day(done), problem_id, measure_id)
    signed = row["signoff_date"]
    if signed and start <= signed <= end:
        yield Change(ChangeKind.SIGNED_OFF, _day(signed), problem_id, measure_id)


def _day(text: str) -> date:
    day = from_iso(text[:10])
    assert day is not None
    return day


def _from_log(db: Reader, ids: str, since: date, until: date) -> Iterator[tuple[int, Change]]:
    """Completions, sign-offs, re-opens and deadlines moved, from the log of the period."""
    sql = _AUDITED.format(ids=ids)
    for row in iter_rows(db, sql, [since.isoformat(), until.isoformat()]):
        before = json.loads(row["before"]) if row["before"] else {}
        after = json.loads(row["after"]) if row["after"] else {}
        day, where = _day(row["at"]), (row["problem_id"], row["measure_id"])
        if row["action"] == "signoff":
            signed = from_iso(after.get("date")) if isinstance(after, dict) else None
            found = [Change(ChangeKind.SIGNED_OFF, signed or day, *where)]
        elif row["action"] == "reopen":
            reason = after.get("reason", "") if isinstance(after, dict) else ""
            found = [Change(ChangeKind.REOPENED, day, *where, text=reason)]
        else:
            found = list(_updated(before, after, day, where))
        for change in found:
            yield row["inspection_id"], change


def _updated(
    before: dict[str, Any], after: dict[str, Any], day: date, where: tuple[int, int | None]
) -> Iterator[Change]:
    """What an edit changed that the weekly ledger reports: the status, the deadline."""
    problem_id, measure_id = where
    own = measure_id is not None or not after.get("measures")
    if own and before.get("status") != DONE and after.get("status") == DONE:
        yield Change(ChangeKind.COMPLETED, from_iso(after.get("completion_date")) or day, *where)
    if before.get("deadline") != after.get("deadline"):
        text = deadline_text(from_iso(before.get("deadline")), from_iso(after.get("deadline")))
        yield Change(ChangeKind.DEADLINE, day, problem_id, measure_id, text)
