"""Inspections, problems and measures: every write one transaction with its audit row."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop_app.domain.dates import iso
from desktop_app.domain.errors import UserError
from desktop_app.domain.rectification import (
    Inspection,
    Measure,
    Problem,
    ProgressEntry,
    ReportTexts,
    SignOff,
    Status,
    check_inspection,
    check_item,
    check_progress,
    check_signoff,
    derive_problem_status,
    ensure_editable,
    require_text,
    search_text,
)
from desktop_app.domain.signoff import check_signoff_date
from desktop_app.storage.rectification import queries
from desktop_app.storage.rectification.evidence import EvidenceStore
from desktop_app.storage.rectification.rows import (
    inspection_from_row,
    inspection_to_row,
    item_to_row,
    measure_from_row,
)
from desktop_app.storage.rectification.signoff import (
    check_inspection_deletable,
    check_problem_deletable,
    check_signoff_allowed,
)
from desktop_app.storage.repository import Repository, saved

if TYPE_CHECKING:
    from sqlite_utils import Database

SIGNOFF_COLUMNS = ("signoff_date", "signoff_by", "signoff_remark")


class RectificationRepo(Repository):
    """Reads and writes rectification records of one database connection."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.evidence = EvidenceStore(self)

    def _row(self, table: str, record_id: int) -> dict[str, Any]:
        return self.row(table, record_id, f"记录不存在或已被删除({table} #{record_id})")

    # -- inspections -----------------------------------------------------
    def get_inspection(self, inspection_id: int) -> Inspection:
        """One inspection."""
        return inspection_from_row(self._row("inspections", inspection_id))

    def _validate_inspection(self, insp: Inspection) -> None:
        check_inspection(insp)

    def add_inspection(self, insp: Inspection) -> int:
        """Create an inspection; returns its id."""
        self._validate_inspection(insp)
        with self.db.atomic():
            insp.id = self.insert("inspections", inspection_to_row(insp))
            self.log("create", "inspection", insp.id, None, insp, insp.name)
        return insp.id

    def update_inspection(self, insp: Inspection) -> None:
        """Save an edited inspection."""
        self._validate_inspection(insp)
        inspection_id = saved(insp.id, "巡察")
        before = self.get_inspection(inspection_id)
        with self.db.atomic():
            self.update("inspections", inspection_id, inspection_to_row(insp))
            self.log("update", "inspection", inspection_id, before, insp, insp.name)

    def inspection_size(self, inspection_id: int) -> tuple[int, int]:
        """(problems, measures) under an inspection: what a delete would remove."""
        problems = self.db.execute(
            "SELECT count(*) FROM problems WHERE inspection_id = ?", [inspection_id]
        ).fetchone()[0]
        measures = self.db.execute(
            "SELECT count(*) FROM measures WHERE problem_id IN"
            " (SELECT id FROM problems WHERE inspection_id = ?)",
            [inspection_id],
        ).fetchone()[0]
        return problems, measures

    def delete_inspection(self, inspection_id: int, *, with_problems: bool = False) -> None:
        """Delete an inspection; its problems go only when the caller confirmed it."""
        before = self.get_inspection(inspection_id)
        check_inspection_deletable(self.db.conn, inspection_id, before.name)
        problem_ids = [
            r["id"]
            for r in self.rows("SELECT id FROM problems WHERE inspection_id = ?", [inspection_id])
        ]
        if problem_ids and not with_problems:
            raise UserError(f"“{before.name}”下还有 {len(problem_ids)} 个问题,确认后才能一并删除")
        with self.db.atomic():
            for problem_id in problem_ids:
                self._delete_problem(problem_id)
            self.db.execute("DELETE FROM inspections WHERE id = ?", [inspection_id])
            self.log("delete", "inspection", inspection_id, before, None, before.name)

    def report_texts(self, inspection_id: int) -> ReportTexts | None:
        """The report texts last saved with the inspection, if any."""
        raw = self._row("inspections", inspection_id)["report_texts"]
        if not raw:
            return None
        return ReportTexts.from_json(json.loads(raw))

    def save_report_texts(self, inspection_id: int, texts: ReportTexts) -> None:
        """Keep the report texts so next week's report starts from these."""
        before = self.report_texts(inspection_id)
        values = texts.to_json()
        with self.db.atomic():
            self.db.table("inspections").update(
                inspection_id, {"report_texts": json.dumps(values, ensure_ascii=False)}
            )
            self.log(
                "update", "inspection", inspection_id, before, texts, "保存整改进展情况通报文字"
            )

    # -- problems --------------------------------------------------------
    def get_problem(self, problem_id: int, *, with_measures: bool = False) -> Problem:
        """One problem, optionally with its measures."""
        return queries.get_problem(self.db.conn, problem_id, with_measures=with_measures)

    def _validate_item(self, item: Problem | Measure) -> None:
        check_item(item)

    def _next_seq(self, table: str, parent: str, parent_id: int) -> int:
        row = self.db.execute(
            f"SELECT COALESCE(MAX(seq), 0) + 1 FROM {table} WHERE {parent} = ?", [parent_id]
        ).fetchone()
        return row[0]

    @staticmethod
    def _problem_values(problem: Problem) -> dict[str, Any]:
        """The columns a problem form writes (its own status; the shown one is derived)."""
        own = {"category": problem.category.strip(), "description": problem.description}
        return {**item_to_row(problem), **own, "own_status": problem.status.value}

    def add_problem(self, problem: Problem) -> int:
        """Create a problem under its inspection."""
        self._validate_item(problem)
        inspection_id = saved(problem.inspection_id, "巡察")
        self.get_inspection(inspection_id)
        with self.db.atomic():
            if not problem.seq:
                problem.seq = self._next_seq("problems", "inspection_id", inspection_id)
            values = self._problem_values(problem)
            parent = {"inspection_id": inspection_id, "status": problem.status.value}
            problem_id = problem.id = self.insert("problems", {**values, **parent})
            self.refresh_problem(problem_id)
            self.log("create", "problem", problem_id, None, problem, problem.description[:60])
        return problem_id

    def update_problem(self, problem: Problem) -> None:
        """Save an edited problem (refused while signed off)."""
        problem_id = saved(problem.id, "问题")
        before = self._editable_problem(problem_id)
        self._validate_item(problem)
        with self.db.atomic():
            self.update("problems", problem_id, self._problem_values(problem))
            self.refresh_problem(problem_id)
            after = self.get_problem(problem_id)
            self.log("update", "problem", problem_id, before, after, problem.description[:60])

    def delete_problem(self, problem_id: int) -> None:
        """Delete a problem with its measures, progress and evidence (caller confirmed);
        refused while it or one of its measures is signed off."""
        check_problem_deletable(self.db.conn, problem_id)
        with self.db.atomic():
            self._delete_problem(problem_id)

    def _delete_problem(self, problem_id: int) -> None:
        before = self.get_problem(problem_id, with_measures=True)
        for measure in before.measures:
            self.log("delete", "measure", measure.id, measure)
        self.db.execute(
            "DELETE FROM evidence_blobs WHERE evidence_id IN"
            " (SELECT id FROM evidence WHERE problem_id = ?)",
            [problem_id],
        )
        for table in ("evidence", "progress", "measures"):
            self.db.execute(f"DELETE FROM {table} WHERE problem_id = ?", [problem_id])
        self.db.execute("DELETE FROM problems WHERE id = ?", [problem_id])
        self.log("delete", "problem", problem_id, before, None, before.description[:60])

    def refresh_problem(self, problem_id: int) -> None:
        """Recompute the derived status, completion date, last progress and search text."""
        row = self._row("problems", problem_id)
        measures = self.measures_of(problem_id)
        status = derive_problem_status([m.status for m in measures], Status(row["own_status"]))
        completion = row["completion_date"]
        if measures:
            dates = [m.completion_date for m in measures if m.completion_date]
            done = status == Status.COMPLETED and dates
            completion = iso(max(dates)) if done else None
        last = self.db.execute(
            "SELECT MAX(date) FROM progress WHERE problem_id = ?", [problem_id]
        ).fetchone()[0]
        parts = [row[k] for k in ("category", "description", "leader", "lead_dept", "resp_depts")]
        for m in measures:
            parts += [m.content, m.leader, m.lead_dept, m.resp_depts]
        sql = "SELECT text FROM progress WHERE problem_id = ? ORDER BY date, id"
        parts += [r["text"] for r in self.rows(sql, [problem_id])]
        self.db.execute(  # a plain statement: an import refreshes thousands of problems
            "UPDATE problems SET status = ?, completion_date = ?, last_progress = ?,"
            " measure_count = ?, search_text = ? WHERE id = ?",
            [status.value, completion, last, len(measures), search_text(parts), problem_id],
        )

    # -- measures --------------------------------------------------------
    def measures_of(self, problem_id: int) -> list[Measure]:
        """Measures of a problem in sequence."""
        return queries.measures_of(self.db.conn, problem_id)

    def get_measure(self, measure_id: int) -> Measure:
        """One measure."""
        return measure_from_row(self._row("measures", measure_id))

    @staticmethod
    def _measure_values(measure: Measure) -> dict[str, Any]:
        """The columns a measure form writes."""
        own = {"content": measure.content, "status": measure.status.value}
        return {**item_to_row(measure), **own}

    def add_measure(self, measure: Measure) -> int:
        """Create a measure under a problem and re-derive the problem's status."""
        problem_id = saved(measure.problem_id, "问题")
        self._editable_problem(problem_id)
        self._validate_item(measure)
        with self.db.atomic():
            if not measure.seq:
                measure.seq = self._next_seq("measures", "problem_id", problem_id)
            values = {**self._measure_values(measure), "problem_id": problem_id}
            measure.id = self.insert("measures", values)
            self.refresh_problem(problem_id)
            self.log("create", "measure", measure.id, None, measure, measure.content[:60])
        return measure.id

    def update_measure(self, measure: Measure) -> None:
        """Save an edited measure (refused while it or its problem is signed off)."""
        measure_id = saved(measure.id, "整改措施")
        before = self._editable_measure(measure_id)
        self._validate_item(measure)
        with self.db.atomic():
            self.update("measures", measure_id, self._measure_values(measure))
            self.refresh_problem(saved(before.problem_id, "问题"))
            after = self.get_measure(measure_id)
            self.log("update", "measure", measure_id, before, after, measure.content[:60])

    def delete_measure(self, measure_id: int) -> None:
        """Delete a measure with its progress and evidence."""
        before = self._editable_measure(measure_id)
        with self.db.atomic():
            self.db.execute(
                "DELETE FROM evidence_blobs WHERE evidence_id IN"
                " (SELECT id FROM evidence WHERE measure_id = ?)",
                [measure_id],
            )
            self.db.execute("DELETE FROM evidence WHERE measure_id = ?", [measure_id])
            self.db.execute("DELETE FROM progress WHERE measure_id = ?", [measure_id])
            self.db.execute("DELETE FROM measures WHERE id = ?", [measure_id])
            self.refresh_problem(saved(before.problem_id, "问题"))
            self.log("delete", "measure", measure_id, before, None, before.content[:60])

    def _editable_measure(self, measure_id: int) -> Measure:
        """The measure, refused (LockedError) while it or its problem is signed off."""
        measure = self.get_measure(measure_id)
        ensure_editable(measure.signoff)
        self._editable_problem(saved(measure.problem_id, "问题"))
        return measure

    def _editable_problem(self, problem_id: int) -> Problem:
        """The problem, refused (LockedError) while it is signed off."""
        problem = self.get_problem(problem_id)
        ensure_editable(problem.signoff)
        return problem

    def check_editable(self, problem_id: int, measure_id: int | None = None) -> None:
        """Refuse up front (LockedError) when the problem or measure is signed off."""
        ensure_editable(self.get_problem(problem_id).signoff)
        if measure_id is not None:
            ensure_editable(self.get_measure(measure_id).signoff)

    # -- sign-off --------------------------------------------------------
    def _item(self, record_type: str, record_id: int) -> Problem | Measure:
        """The problem or measure that a sign-off names."""
        if _table_of(record_type) == "problems":
            return self.get_problem(record_id)
        return self.get_measure(record_id)

    def check_sign_off(self, record_type: str, record_id: int) -> None:
        """Refuse up front a 销号 the rules forbid (the reason names what blocks it)."""
        _table_of(record_type)
        check_signoff_allowed(self.db.conn, record_type, record_id)

    def check_deletable(self, record_type: str, record_id: int) -> None:
        """Refuse up front deleting an item that is or holds something signed off."""
        if record_type == "problem":
            check_problem_deletable(self.db.conn, record_id)
        else:
            self._editable_measure(record_id)

    def sign_off(self, record_type: str, record_id: int, signoff: SignOff) -> None:
        """销号 a problem or measure the 销号 rules allow; it is read-only afterwards."""
        item = self._item(record_type, record_id)
        self.check_sign_off(record_type, record_id)
        check_signoff_date(signoff.date, item.completion_date)
        check_signoff(signoff)
        values = (iso(signoff.date), signoff.by, signoff.remark)
        with self.db.atomic():
            self.update(
                _table_of(record_type), record_id, dict(zip(SIGNOFF_COLUMNS, values, strict=True))
            )
            self.log("signoff", record_type, record_id, item.signoff, signoff, signoff.remark)

    def reopen(self, record_type: str, record_id: int, reason: str) -> None:
        """Undo a sign-off; the reason is logged."""
        reason = require_text(reason, "撤销理由")
        item = self._item(record_type, record_id)
        if item.signoff is None:
            raise UserError("该事项尚未销号")
        with self.db.atomic():
            self.update(_table_of(record_type), record_id, dict.fromkeys(SIGNOFF_COLUMNS))
            self.log("reopen", record_type, record_id, item.signoff, {"reason": reason}, reason)

    # -- progress --------------------------------------------------------
    def add_progress(self, entry: ProgressEntry) -> int:
        """Record dated progress on a problem or measure."""
        check_progress(entry)
        self.check_editable(entry.problem_id, entry.measure_id)
        values: dict[str, Any] = {"problem_id": entry.problem_id, "measure_id": entry.measure_id}
        values |= {"date": iso(entry.date), "author": entry.author, "text": entry.text}
        with self.db.atomic():
            entry.id = self.insert("progress", values, updated=False)
            if entry.measure_id is not None:
                self.refresh_measure(entry.measure_id)
            self.refresh_problem(entry.problem_id)
            self.log("create", "progress", entry.id, None, entry, entry.text[:60])
        return entry.id

    def refresh_measure(self, measure_id: int) -> None:
        """Recompute a measure's last progress date (its problem's columns: refresh_problem)."""
        self.db.execute(
            "UPDATE measures SET last_progress = (SELECT MAX(date) FROM progress"
            " WHERE measure_id = ?) WHERE id = ?",
            [measure_id, measure_id],
        )

    def progress_of(self, problem_id: int) -> list[ProgressEntry]:
        """All progress of a problem and its measures, newest first."""
        return queries.progress_of(self.db.conn, problem_id)


def _table_of(record_type: str) -> str:
    tables = {"problem": "problems", "measure": "measures"}
    if record_type not in tables:
        raise ValueError(record_type)
    return tables[record_type]


def today() -> date:
    """Today's date (one place to read the clock)."""
    return date.today()
