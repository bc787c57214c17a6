"""督办 in storage: the late and stalled items, what was sent for each, recording a document.

An item is a measure, or a problem that has no measures (a problem with measures is
escalated through them). Its warning is the 三色督办 rule of
``rules_sql.warning_sql``; its department is the measure's lead department, else the
problem's. A document (提醒函, 督办通知, 约谈通知) is one row of ``escalation_notices``; each
item it names is one row of ``escalations`` carrying the level, date and number.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop_app.domain.dates import from_iso, iso
from desktop_app.domain.escalation import (
    URGENCY,
    Escalation,
    EscalationItem,
    Level,
    check_escalation,
    next_doc_number,
)
from desktop_app.domain.notices import NoticeTexts
from desktop_app.domain.rectification import Alert, WarningRules
from desktop_app.storage.rectification.rules_sql import warning_sql
from desktop_app.storage.rectification.urgency import NOT_DONE_SQL, rank_sql
from desktop_app.storage.repository import Repository
from desktop_app.storage.rows import fetch_rows, iter_rows

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader

LATE = (Alert.OVERDUE, Alert.STALLED)  # what 督办 is for; 临期 items get a reminder at most


@dataclass
class ItemFilter:
    """Which items: by warning, department, inspection, or named ones."""

    warnings: Sequence[Alert | str] = LATE
    department: str = ""
    inspection_id: int | None = None
    problem_ids: Sequence[int] = ()  # named problems (their own row or their measures)
    keys: Sequence[tuple[int, int | None]] = ()  # named items (problem id, measure id)
    limit: int | None = None


def _items_sql(today: date, rules: WarningRules, flt: ItemFilter) -> tuple[str, list[Any]]:
    """The wanted items' keys, warning, dates and department, most urgent first.

    Only open items are read (a completed one carries no warning), through the index
    measures_open; the texts are fetched for the items listed (``_details``).
    """
    wanted = ", ".join(f"'{Alert(w).value}'" for w in flt.warnings) or "''"
    warn_p, warn_m = warning_sql(today, rules, "p."), warning_sql(today, rules, "m.")
    own = (
        "SELECT p.id AS problem_id, NULL AS measure_id, p.lead_dept AS department,"
        f" p.deadline AS deadline, p.last_progress AS last_progress, {warn_p} AS warning,"
        " p.inspection_id AS inspection_id, p.seq AS pseq, 0 AS mseq FROM problems p"
        f" WHERE p.status IN {NOT_DONE_SQL} AND p.measure_count = 0"
        f" AND {warn_p} IN ({wanted})"
    )
    measured = (
        "SELECT m.problem_id, m.id, COALESCE(NULLIF(m.lead_dept, ''), p.lead_dept),"
        f" m.deadline, m.last_progress, {warn_m}, p.inspection_id, p.seq, m.seq"
        " FROM measures m JOIN problems p ON p.id = m.problem_id"
        f" WHERE m.status IN {NOT_DONE_SQL} AND {warn_m} IN ({wanted})"
    )
    where: list[str] = []
    params: list[Any] = []
    if flt.department:
        where.append("department = ?")
        params.append(flt.department)
    if flt.inspection_id is not None:
        where.append("inspection_id = ?")
        params.append(int(flt.inspection_id))
    if flt.problem_ids:
        where.append(f"problem_id IN ({', '.join('?' * len(flt.problem_ids))})")
        params += [int(i) for i in flt.problem_ids]
    if flt.keys:
        pairs = " OR ".join(
            "(problem_id = ? AND measure_id IS NULL)" if m is None else "(measure_id = ?)"
            for _p, m in flt.keys
        )
        where.append(f"({pairs})")
        params += [int(p if m is None else m) for p, m in flt.keys]
    condition = f" WHERE {' AND '.join(where)}" if where else ""
    order = (
        f" ORDER BY {rank_sql('warning')} DESC, COALESCE(deadline, '9999') ASC,"
        " COALESCE(last_progress, '') ASC, inspection_id, pseq, mseq"
    )
    limit = f" LIMIT {int(flt.limit)}" if flt.limit else ""
    return f"SELECT * FROM ({own} UNION ALL {measured}){condition}{order}{limit}", params


def _details(db: Reader, rows: list[dict[str, Any]]) -> dict[tuple[int, int | None], dict]:
    """Texts of the listed items: subject, leader, status, problem and inspection."""
    found: dict[tuple[int, int | None], dict] = {}
    problems = [r["problem_id"] for r in rows if r["measure_id"] is None]
    measures = [r["measure_id"] for r in rows if r["measure_id"] is not None]
    for start in range(0, max(len(problems), len(measures)), 500):
        for ids, sql in (
            (
                problems[start : start + 500],
                "SELECT p.id AS problem_id, NULL AS measure_id, p.description AS subject,"
                " p.leader, p.status, '' AS problem, i.name AS inspection FROM problems p"
                " JOIN inspections i ON i.id = p.inspection_id WHERE p.id IN ({})",
            ),
            (
                measures[start : start + 500],
                "SELECT m.problem_id, m.id AS measure_id, m.content AS subject,"
                " COALESCE(NULLIF(m.leader, ''), p.leader) AS leader, m.status,"
                " p.description AS problem, i.name AS inspection FROM measures m"
                " JOIN problems p ON p.id = m.problem_id"
                " JOIN inspections i ON i.id = p.inspection_id WHERE m.id IN ({})",
            ),
        ):
            if ids:
                for row in iter_rows(db, sql.format(", ".join("?" * len(ids))), ids):
                    found[(row["problem_id"], row["measure_id"])] = row
    return found


def late_items(
    db: Reader, today: date, rules: WarningRules, flt: ItemFilter | None = None
) -> list[EscalationItem]:
    """The items carrying the wanted warnings, most urgent first, with what was sent."""
    flt = flt or ItemFilter()
    sql, params = _items_sql(today, rules, flt)
    return complete_items(db, fetch_rows(db, sql, params))


def complete_items(db: Reader, rows: list[dict[str, Any]]) -> list[EscalationItem]:
    """Items from rows of keys, department, dates and warning: their texts and what was sent."""
    details = _details(db, rows)
    items = []
    for r in rows:
        more = details[(r["problem_id"], r["measure_id"])]
        items.append(
            EscalationItem(
                problem_id=r["problem_id"],
                subject=more["subject"],
                department=r["department"],
                leader=more["leader"],
                deadline=from_iso(r["deadline"]),
                status=more["status"],
                warning=r["warning"],
                last_progress=from_iso(r["last_progress"]),
                measure_id=r["measure_id"],
                problem=more["problem"],
                inspection=more["inspection"],
            )
        )
    sent = sent_levels(db, [i.problem_id for i in items])
    for item in items:
        item.sent = sent.get(item.key, [])
    return items


def count_items(db: Reader, today: date, rules: WarningRules, flt: ItemFilter | None = None) -> int:
    """How many items ``late_items`` would list (without its limit)."""
    flt = flt or ItemFilter()
    sql, params = _items_sql(today, rules, ItemFilter(**{**flt.__dict__, "limit": None}))
    return db.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]


def late_departments(db: Reader, today: date, rules: WarningRules) -> list[tuple[str, int]]:
    """(department, late or stalled items) for every department that has some."""
    sql, params = _items_sql(today, rules, ItemFilter())
    rows = db.execute(
        f"SELECT department, count(*) FROM ({sql}) GROUP BY department"
        " ORDER BY count(*) DESC, department",
        params,
    ).fetchall()
    return [(d or "", n) for d, n in rows]


def sent_levels(db: Reader, problem_ids: Iterable[int]) -> dict[tuple[int, int | None], list[str]]:
    """{(problem id, measure id): levels sent, oldest first} for the given problems."""
    ids = list(dict.fromkeys(problem_ids))
    found: dict[tuple[int, int | None], list[str]] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ", ".join("?" * len(part))
        for problem_id, measure_id, level in db.execute(
            "SELECT problem_id, measure_id, level FROM escalations"
            f" WHERE problem_id IN ({marks}) ORDER BY date, id",
            part,
        ):
            found.setdefault((problem_id, measure_id), []).append(level)
    return found


def _escalation(row: dict[str, Any]) -> Escalation:
    return Escalation(
        problem_id=row["problem_id"],
        level=Level(row["level"]),
        date=from_iso(row["date"]) or date.min,
        doc_no=row["doc_no"],
        department=row["department"],
        measure_id=row["measure_id"],
        notice_id=row["notice_id"],
        id=row["id"],
    )


def escalations_of(db: Reader, problem_id: int) -> list[Escalation]:
    """Every escalation of a problem and its measures, oldest first."""
    rows = fetch_rows(
        db, "SELECT * FROM escalations WHERE problem_id = ? ORDER BY date, id", [problem_id]
    )
    return [_escalation(r) for r in rows]


def escalation_notes(
    db: Reader, problem_ids: Iterable[int]
) -> dict[tuple[int, int | None], list[str]]:
    """{(problem id, measure id): "2022-10-11 督办通知(…号)", …} for ledgers and reports."""
    ids = list(dict.fromkeys(problem_ids))
    notes: dict[tuple[int, int | None], list[str]] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ", ".join("?" * len(part))
        sql = f"SELECT * FROM escalations WHERE problem_id IN ({marks}) ORDER BY date, id"
        for row in iter_rows(db, sql, part):
            esc = _escalation(row)
            notes.setdefault((esc.problem_id, esc.measure_id), []).append(esc.text())
    return notes


def notes_of_inspection(db: Reader, inspection_id: int) -> dict[tuple[int, int | None], list[str]]:
    """``escalation_notes`` of every problem of one inspection (for its ledger and report)."""
    notes: dict[tuple[int, int | None], list[str]] = {}
    sql = (
        "SELECT e.* FROM escalations e JOIN problems p ON p.id = e.problem_id"
        " WHERE p.inspection_id = ? ORDER BY e.date, e.id"
    )
    for row in iter_rows(db, sql, [inspection_id]):
        esc = _escalation(row)
        notes.setdefault((esc.problem_id, esc.measure_id), []).append(esc.text())
    return notes


def used_numbers(db: Reader) -> list[str]:
    """Every document number already given to a 督办 document."""
    return [r[0] for r in db.execute("SELECT doc_no FROM escalation_notices WHERE doc_no != ''")]


def next_number(db: Reader, prefix: str, year: int) -> str:
    """The next free document number of ``prefix`` in ``year`` ('' without a prefix)."""
    return next_doc_number(prefix, year, used_numbers(db))


def sent_in(db: Reader, start: date, end: date) -> dict[str, dict[str, int]]:
    """Documents and items escalated in [start, end], by level: {level: {notices, items}}."""
    counts = {level.value: {"notices": 0, "items": 0} for level in Level}
    for level, notices, items in db.execute(
        "SELECT n.level, count(DISTINCT n.id), count(e.id) FROM escalation_notices n"
        " LEFT JOIN escalations e ON e.notice_id = n.id WHERE n.date BETWEEN ? AND ?"
        " GROUP BY n.level",
        [iso(start), iso(end)],
    ):
        counts.setdefault(level, {"notices": 0, "items": 0})
        counts[level] = {"notices": notices, "items": items}
    return counts


def notice_texts(db: Reader, notice_id: int) -> NoticeTexts | None:
    """The texts a recorded document was sent with."""
    row = db.execute("SELECT texts FROM escalation_notices WHERE id = ?", [notice_id]).fetchone()
    return NoticeTexts.from_json(json.loads(row[0])) if row and row[0] else None


class EscalationRepo(Repository):
    """Records 督办 documents and the items they escalate, each one transaction."""

    def record(
        self,
        level: Level | str,
        texts: NoticeTexts,
        addressee: str,
        items: Sequence[EscalationItem],
    ) -> int:
        """Record one document and an escalation on each of its items; returns its id."""
        level = Level(level)
        when, doc_no = check_escalation(texts.sign_date, texts.doc_no)
        if not items:
            from desktop_app.domain.errors import UserError

            raise UserError("没有需要督办的事项")
        values = {
            "level": level.value,
            "date": iso(when),
            "doc_no": doc_no,
            "addressee": addressee,
            "title": texts.title,
            "texts": json.dumps(texts.to_json(), ensure_ascii=False),
        }
        with self.db.atomic():
            notice_id = self.insert("escalation_notices", values)
            for item in items:
                row = {
                    "notice_id": notice_id,
                    "problem_id": item.problem_id,
                    "measure_id": item.measure_id,
                    "level": level.value,
                    "date": iso(when),
                    "doc_no": doc_no,
                    "department": item.department,
                    "warning": item.warning,
                }
                esc_id = self.insert("escalations", row, updated=False)
                what = f"措施 #{item.measure_id}" if item.measure_id else f"问题 #{item.problem_id}"
                self.log("create", "escalation", esc_id, None, row, f"{level.value}:{what}")
            summary = f"{level.value}{f'({doc_no})' if doc_no else ''}致{addressee}"
            summary += f",{len(items)} 项"
            self.log("create", "escalation_notice", notice_id, None, values, summary)
        return notice_id


def urgency_order() -> tuple[str, ...]:
    """The warnings in order of urgency (for choosers)."""
    return tuple(a.value for a in URGENCY)
