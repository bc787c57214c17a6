"""Lists, counts and export loading for rectification records, all computed in SQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING

from desktop_app.domain.errors import UserError
from desktop_app.domain.rectification import (
    Inspection,
    Measure,
    Problem,
    ProgressEntry,
    Status,
    WarningRules,
)
from desktop_app.storage.query import PagedQuery, records_of, totals
from desktop_app.storage.rectification.escalations import (
    notes_of_inspection as escalation_notes,
)
from desktop_app.storage.rectification.repeats import notes_of_inspection as repeat_notes
from desktop_app.storage.rectification.repeats import repeat_filter_sql
from desktop_app.storage.rectification.rows import (
    inspection_from_row,
    measure_from_row,
    problem_from_row,
    progress_from_row,
)
from desktop_app.storage.rectification.rules_sql import OPEN_SQL, overdue_sql, warning_sql
from desktop_app.storage.rectification.urgency import (
    carries_any_sql,
    carries_sql,
    rank_sql,
    shown_warning_sql,
)
from desktop_app.storage.rows import iter_rows
from desktop_app.storage.text_search import TextColumns, TextSearch, like_pattern

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader

ANY_WARNING = "任一预警"
OPEN = "未完成"  # a status choice: 未启动 or 整改中
# The problems' search text and its trigram index (migration 0004).
PROBLEM_TEXT = TextColumns("problems", ("search_text",))


@dataclass
class ProblemFilter:
    """What the clerk narrowed the problem list to."""

    inspection_id: int | None = None
    text: str = ""
    status: str = ""
    department: str = ""
    leader: str = ""
    category: str = ""
    warning: str = ""  # 逾期 / 临期 / 滞后 / 任一预警 / '': the problem's or a measure's
    repeat: str = ""  # 屡查屡犯 (confirmed) / 疑似屡查屡犯 (to be decided) / ''


@dataclass
class Summary:
    """The summary line: "32个问题已整改10个" and the rest."""

    problems: int = 0
    measures: int = 0
    completed: int = 0
    in_progress: int = 0
    not_started: int = 0
    long_term: int = 0
    overdue: int = 0
    signed_off: int = 0

    @property
    def completion_rate(self) -> float:
        """Completed problems as a share of all problems."""
        return self.completed / self.problems if self.problems else 0.0

    def text(self) -> str:
        """The line shown under the list."""
        return (
            f"共 {self.problems} 个问题、{self.measures} 项措施;已完成 {self.completed} 个,"
            f"整改中 {self.in_progress} 个,未启动 {self.not_started} 个,"
            f"长期坚持 {self.long_term} 个,逾期 {self.overdue} 个,已销号 {self.signed_off} 个;"
            f"完成率 {self.completion_rate:.1%}"
        )

    def __sub__(self, other: Summary) -> Summary:
        """These counts less those of ``other`` (a part of these problems)."""
        return Summary(*(getattr(self, f.name) - getattr(other, f.name) for f in fields(self)))


PROBLEM_SORT = {
    "seq": "seq",
    "category": "category",
    "description": "description",
    "leader": "leader",
    "lead_dept": "lead_dept",
    "deadline": "deadline",
    "status": "status",
    "warning": rank_sql("warning"),  # by urgency
    "last_progress": "last_progress",
    "signoff_date": "signoff_date",
    "inspection": "inspection_id",  # 全部巡察: grouped by inspection
}
# The inspection a problem belongs to, by name (the list of 全部巡察 shows it).
_INSPECTION_NAME = "(SELECT name FROM inspections i WHERE i.id = problems.inspection_id)"


def _where(flt: ProblemFilter, today: date, rules: WarningRules) -> tuple[list[str], list]:
    """Conditions of every filter but the search text (see ``_search``)."""
    where: list[str] = []
    params: list = []
    if flt.inspection_id is not None:
        where.append("inspection_id = ?")
        params.append(flt.inspection_id)
    if flt.status == OPEN:
        where.append(f"status IN {OPEN_SQL}")
    elif flt.status:
        where.append("status = ?")
        params.append(flt.status)
    if flt.department:
        where.append("(lead_dept = ? OR resp_depts LIKE ? ESCAPE '\\')")
        params += [flt.department, like_pattern(flt.department)]
    if flt.leader:
        where.append("leader = ?")
        params.append(flt.leader)
    if flt.category:
        where.append("category = ?")
        params.append(flt.category)
    if flt.warning == ANY_WARNING:
        where.append(carries_any_sql(today, rules))
    elif flt.warning:
        where.append(carries_sql(flt.warning, today, rules))
    if repeat_filter_sql(flt.repeat):
        where.append(repeat_filter_sql(flt.repeat))
    return where, params


def list_conditions(flt: ProblemFilter, today: date, rules: WarningRules) -> tuple[list[str], list]:
    """The list's conditions for a filter, without its search text (for counts elsewhere)."""
    return _where(flt, today, rules)


def _search(flt: ProblemFilter) -> TextSearch | None:
    """The search box: problems whose search text holds the typed words."""
    return PROBLEM_TEXT.search(flt.text, "id")


def problem_query(db: Reader, flt: ProblemFilter, today: date, rules: WarningRules) -> PagedQuery:
    """The problem list for the page, filtered in SQL and fetched by pages."""
    warn = shown_warning_sql(today, rules)  # the most urgent of it and its measures
    where, params = _where(flt, today, rules)
    columns = (
        "id, seq, category, description, leader, lead_dept, resp_depts, deadline, status,"
        " completion_date, completion_way, signoff_date, last_progress, measure_count,"
        f" {warn} AS warning, {_INSPECTION_NAME} AS inspection"
    )
    return PagedQuery(
        db,
        columns,
        "problems",
        where,
        params,
        PROBLEM_SORT,
        default_order="inspection_id, seq",
        search=_search(flt),
    )


def summary(db: Reader, flt: ProblemFilter, today: date, rules: WarningRules) -> Summary:
    """Counts over the filtered problems and their measures: one pass, the count with them."""
    order = (Status.COMPLETED, Status.IN_PROGRESS, Status.NOT_STARTED, Status.LONG_TERM)
    by_status = ", ".join(f"count(*) FILTER (WHERE status = '{s.value}')" for s in order)

    def add_up(condition: str, values: list) -> Summary:
        row = db.execute(
            f"SELECT count(*), total(measure_count), {by_status},"
            f" count(*) FILTER (WHERE {overdue_sql(today)}), count(signoff_date)"
            f" FROM problems{condition}",
            values,
        ).fetchone()
        return Summary(*(int(v) for v in row))

    where, params = _where(flt, today, rules)
    return totals(db, add_up, where, params, _search(flt), ("problem summary", today))


MEASURE_SORT = {
    key: key
    for key in (
        "seq",
        "content",
        "leader",
        "lead_dept",
        "deadline",
        "status",
        "completion_way",
        "warning",
        "signoff_date",
    )
}


def measure_query(db: Reader, problem_id: int, today: date, rules: WarningRules) -> PagedQuery:
    """The measures of one problem, with their warning."""
    columns = (
        "id, seq, content, leader, lead_dept, deadline, status, completion_way, signoff_date,"
        f" {warning_sql(today, rules)} AS warning"
    )
    return PagedQuery(
        db, columns, "measures", ["problem_id = ?"], [problem_id], MEASURE_SORT, "seq"
    )


def distinct_values(db: Reader, column: str, inspection_id: int | None) -> list[str]:
    """Values seen in a problem column (for the filter drop-downs)."""
    if column not in ("category", "lead_dept", "leader"):
        raise ValueError(column)
    sql = f"SELECT DISTINCT {column} FROM problems WHERE {column} != ''"
    params: list = []
    if inspection_id is not None:
        sql += " AND inspection_id = ?"
        params.append(inspection_id)
    return [r[0] for r in db.execute(sql + f" ORDER BY {column}", params).fetchall()]


def list_inspections(db: Reader) -> list[Inspection]:
    """All inspections, newest feedback first."""
    rows = iter_rows(
        db,
        "SELECT * FROM inspections ORDER BY COALESCE(feedback_date, created_at) DESC, id DESC",
        [],
    )
    return [inspection_from_row(r) for r in rows]


def open_inspection_ids(db: Reader) -> list[int]:
    """Inspections with at least one problem not yet completed or signed off."""
    rows = db.execute(
        "SELECT DISTINCT inspection_id FROM problems"
        " WHERE status != '已完成' OR signoff_date IS NULL ORDER BY inspection_id"
    ).fetchall()
    return [r[0] for r in rows]


def get_problem(db: Reader, problem_id: int, *, with_measures: bool = True) -> Problem:
    """One problem, normally with its measures; UserError when it is gone."""
    row = next(iter_rows(db, "SELECT * FROM problems WHERE id = ?", [problem_id]), None)
    if row is None:
        raise UserError(f"记录不存在或已被删除(problems #{problem_id})")
    problem = problem_from_row(row)
    if with_measures:
        problem.measures = measures_of(db, problem_id)
    return problem


def measures_of(db: Reader, problem_id: int) -> list[Measure]:
    """Measures of a problem in sequence."""
    return records_of(db, "measures", ("problem_id", problem_id), measure_from_row, "seq, id")


def progress_of(db: Reader, problem_id: int) -> list[ProgressEntry]:
    """All progress of a problem and its measures, newest first."""
    return records_of(
        db, "progress", ("problem_id", problem_id), progress_from_row, "date DESC, id DESC"
    )


def evidence_of(db: Reader, problem_id: int) -> list[dict]:
    """Evidence rows (without file data) of a problem and its measures."""
    sql = (
        "SELECT id, problem_id, measure_id, file_name, size, sha256, added_at"
        " FROM evidence WHERE problem_id = ? ORDER BY added_at, id"
    )
    return list(iter_rows(db, sql, [problem_id]))


def load_problems(db: Reader, inspection_id: int) -> Iterator[Problem]:
    """Problems of an inspection in order, each with measures, latest progress and evidence.

    A generator over a few cursors merged by problem id, so memory stays flat for exports.
    """
    measure_rows = iter_rows(
        db,
        "SELECT m.* FROM measures m JOIN problems p ON p.id = m.problem_id"
        " WHERE p.inspection_id = ? ORDER BY p.seq, p.id, m.seq, m.id",
        [inspection_id],
    )
    pending = next(measure_rows, None)
    latest = _latest_progress(db, inspection_id)
    evidence = _evidence_names(db, inspection_id)
    escalated = escalation_notes(db, inspection_id)  # 督办 and 屡查屡犯: ledger and report
    repeated = repeat_notes(db, inspection_id)
    for row in iter_rows(
        db, "SELECT * FROM problems WHERE inspection_id = ? ORDER BY seq, id", [inspection_id]
    ):
        problem = problem_from_row(row)
        current: int = row["id"]
        measures: dict[int, list[Measure]] = {current: []}
        while pending is not None and pending["problem_id"] == current:
            measure = measure_from_row(pending)
            measure.latest_progress = latest.get(("m", measure.id))
            measure.evidence = evidence.get(("m", measure.id), [])
            measure.escalations = escalated.get((current, measure.id), [])
            measures[current].append(measure)
            pending = next(measure_rows, None)
        problem.measures = measures[current]
        problem.latest_progress = latest.get(("p", problem.id))
        problem.evidence = evidence.get(("p", problem.id), [])
        problem.escalations = escalated.get((current, None), [])
        problem.repeat_of = repeated.get(current, "")
        yield problem


def _on_items(db: Reader, sql: str, inspection_id: int) -> Iterator[tuple[tuple[str, int], dict]]:
    """Rows on one inspection's problems and measures, each with the key of the item it is on:
    ("m", measure id) for a row on a measure, ("p", problem id) for one on the problem itself."""
    for row in iter_rows(db, sql, [inspection_id]):
        yield ("m", row["measure_id"]) if row["measure_id"] else ("p", row["problem_id"]), row


def _latest_progress(db: Reader, inspection_id: int) -> dict:
    """Latest progress entry per problem (entries on the problem itself) and per measure."""
    sql = (
        "SELECT g.* FROM progress g JOIN problems p ON p.id = g.problem_id"
        " WHERE p.inspection_id = ? ORDER BY g.date, g.id"
    )
    return {key: progress_from_row(row) for key, row in _on_items(db, sql, inspection_id)}


def _evidence_names(db: Reader, inspection_id: int) -> dict:
    """The file names of the evidence of each problem (on itself) and measure, in order added."""
    sql = (
        "SELECT e.problem_id, e.measure_id, e.file_name FROM evidence e"
        " JOIN problems p ON p.id = e.problem_id WHERE p.inspection_id = ? ORDER BY e.id"
    )
    found: dict = {}
    for key, row in _on_items(db, sql, inspection_id):
        found.setdefault(key, []).append(row["file_name"])
    return found


def load_sections(
    db: Reader, inspection_ids: list[int]
) -> Iterator[tuple[Inspection, Iterator[Problem]]]:
    """(inspection, its problems) for the ledger and the report."""
    for inspection_id in inspection_ids:
        row = next(iter_rows(db, "SELECT * FROM inspections WHERE id = ?", [inspection_id]))
        yield inspection_from_row(row), load_problems(db, inspection_id)
