"""回头看 rounds: signed-off problems re-checked, each confirmed or re-opened with a reason.

A round takes the problems signed off so far (of one inspection, or of all). Re-opening
one undoes its sign-off through the rectification repository (the reason is logged there
as for any 撤销销号) and records the outcome on the round, in the same transaction.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from desktop_app.domain.dates import from_iso, iso
from desktop_app.domain.errors import UserError
from desktop_app.domain.repeats import (
    Outcome,
    RecheckItem,
    RecheckRound,
    check_outcome,
    check_round,
)
from desktop_app.storage.repository import Repository
from desktop_app.storage.rows import RowMap, fetch_rows, get_row

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader

ROUND = RowMap(("name", "inspection_id", "notes"), ("planned_date",))


def _round(row: dict[str, Any]) -> RecheckRound:
    return RecheckRound(id=row["id"], **ROUND.read(row))


def list_rounds(db: Reader) -> list[RecheckRound]:
    """Every round, the newest first."""
    rows = fetch_rows(
        db, "SELECT * FROM recheck_rounds ORDER BY COALESCE(planned_date, created_at) DESC, id DESC"
    )
    return [_round(r) for r in rows]


def get_round(db: Reader, round_id: int) -> RecheckRound:
    """One round; UserError when it is gone."""
    return _round(get_row(db, "recheck_rounds", round_id, f"回头看 #{round_id} 不存在或已删除"))


def items_of(db: Reader, round_id: int) -> list[RecheckItem]:
    """The problems of a round with their outcome, in inspection and problem order."""
    rows = fetch_rows(
        db,
        "SELECT r.*, i.name AS inspection, p.description, p.lead_dept,"
        " p.signoff_date AS problem_signoff FROM recheck_items r"
        " JOIN problems p ON p.id = r.problem_id JOIN inspections i ON i.id = p.inspection_id"
        " WHERE r.round_id = ? ORDER BY i.id, p.seq, p.id",
        [round_id],
    )
    return [
        RecheckItem(
            round_id=r["round_id"],
            problem_id=r["problem_id"],
            outcome=Outcome(r["outcome"]),
            reason=r["reason"],
            checked_on=from_iso(r["checked_on"]),
            checked_by=r["checked_by"],
            id=r["id"],
            inspection=r["inspection"],
            description=r["description"],
            lead_dept=r["lead_dept"],
            signoff_date=from_iso(r["problem_signoff"]),
        )
        for r in rows
    ]


def outcomes_of(db: Reader, problem_id: int) -> list[tuple[str, str, str, str | None]]:
    """(round, outcome, reason, checked on) of every re-check of one problem, oldest first."""
    rows = db.execute(
        "SELECT g.name, r.outcome, r.reason, r.checked_on FROM recheck_items r"
        " JOIN recheck_rounds g ON g.id = r.round_id WHERE r.problem_id = ? ORDER BY g.id",
        [problem_id],
    )
    return [(name, outcome, reason, on) for name, outcome, reason, on in rows]


def signed_off_ids(db: Reader, inspection_id: int | None) -> list[int]:
    """Problems signed off so far (of one inspection, or of all), in order."""
    sql = "SELECT id FROM problems WHERE signoff_date IS NOT NULL"
    params: list[Any] = []
    if inspection_id is not None:
        sql += " AND inspection_id = ?"
        params.append(inspection_id)
    return [r[0] for r in db.execute(sql + " ORDER BY inspection_id, seq, id", params)]


def upcoming_rounds(db: Reader, on: date) -> list[tuple[RecheckRound, int]]:
    """Rounds planned on or after ``on`` or with items still to check: (round, items left)."""
    rows = fetch_rows(
        db,
        "SELECT g.*, (SELECT count(*) FROM recheck_items r WHERE r.round_id = g.id"
        f" AND r.outcome = '{Outcome.PENDING.value}') AS left FROM recheck_rounds g"
        " WHERE g.planned_date >= ? OR EXISTS (SELECT 1 FROM recheck_items r"
        f" WHERE r.round_id = g.id AND r.outcome = '{Outcome.PENDING.value}')"
        " ORDER BY COALESCE(g.planned_date, '9999'), g.id",
        [iso(on)],
    )
    return [(_round(r), r["left"]) for r in rows]


def recheck_counts(db: Reader, start: date, end: date) -> dict[str, int]:
    """Rounds held and items confirmed / re-opened with a check dated in [start, end]."""
    rounds = db.execute(
        "SELECT count(*) FROM recheck_rounds"
        " WHERE COALESCE(planned_date, substr(created_at, 1, 10)) BETWEEN ? AND ?",
        [iso(start), iso(end)],
    ).fetchone()[0]
    counts = {"rounds": rounds, Outcome.CONFIRMED.value: 0, Outcome.REOPENED.value: 0}
    for outcome, n in db.execute(
        "SELECT outcome, count(*) FROM recheck_items WHERE checked_on BETWEEN ? AND ?"
        " GROUP BY outcome",
        [iso(start), iso(end)],
    ):
        counts[outcome] = n
    return counts


class RecheckRepo(Repository):
    """Creates rounds and records their outcomes on one connection."""

    def add_round(self, round_: RecheckRound) -> int:
        """A new round over the problems signed off so far (of its inspection, or all)."""
        check_round(round_)
        ids = signed_off_ids(self.db, round_.inspection_id)
        if not ids:
            raise UserError("没有已销号的问题,无需开展“回头看”")
        with self.db.atomic():
            round_.id = self.insert("recheck_rounds", ROUND.write(round_))
            for problem_id in ids:
                self.insert("recheck_items", {"round_id": round_.id, "problem_id": problem_id})
            summary = f"{round_.name}:复查已销号问题 {len(ids)} 个"
            self.log("create", "recheck_round", round_.id, None, round_, summary)
        return round_.id

    def update_round(self, round_: RecheckRound) -> None:
        """Save a round's name, date and notes."""
        check_round(round_)
        if round_.id is None:
            raise ValueError("a round to update is stored")
        before = get_round(self.db, round_.id)
        values = ROUND.write(round_)
        values.pop("inspection_id")  # its scope stays what it was made with
        with self.db.atomic():
            self.update("recheck_rounds", round_.id, values)
            self.log("update", "recheck_round", round_.id, before, round_, round_.name)

    def delete_round(self, round_id: int) -> None:
        """Delete a round and its results (re-opened sign-offs stay re-opened)."""
        before = get_round(self.db, round_id)
        with self.db.atomic():
            self.db.execute("DELETE FROM recheck_items WHERE round_id = ?", [round_id])
            self.db.execute("DELETE FROM recheck_rounds WHERE id = ?", [round_id])
            self.log("delete", "recheck_round", round_id, before, None, before.name)

    def record(
        self, item_id: int, outcome: Outcome | str, reason: str, on: date | None, by: str
    ) -> None:
        """整改到位, or 重新整改 (re-opens the problem's sign-off with the reason, logged)."""
        from desktop_app.storage.rectification.repo import RectificationRepo

        value, reason, on, by = check_outcome(outcome, reason, on, by)
        before = get_row(self.db, "recheck_items", item_id, f"回头看复查记录 #{item_id} 不存在")
        if before["outcome"] != Outcome.PENDING.value:
            raise UserError(f"该问题已复查(结论:{before['outcome']}),不能重复复查")
        values = {"outcome": value.value, "reason": reason, "checked_on": iso(on), "checked_by": by}
        with self.db.atomic():
            if value == Outcome.REOPENED:
                problems = RectificationRepo(self.db)
                if problems.get_problem(before["problem_id"]).signoff is not None:
                    problems.reopen("problem", before["problem_id"], f"回头看:{reason}")
            self.update("recheck_items", item_id, values)
            summary = f"回头看复查问题 #{before['problem_id']}:{value.value}"
            summary += f"({reason})" if reason else ""
            self.log("update", "recheck_item", item_id, before, values, summary)
