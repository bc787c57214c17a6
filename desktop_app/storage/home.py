"""The home page's counts, chart series and reminders, each from SQL aggregates.

Two reads, each for its own connection (the page runs them side by side, off the GUI
thread): ``rectification_home`` and ``staff_home``. Every tile counts what its list shows
when the tile is clicked — the warning tiles are the 预警 filter's problems (the problem or
one of its measures carries the warning), the certificate tiles the roster's persons by
their most urgent warning, the training tiles the year's figures — and the tests check
each against its list. Only open items are read for warnings (a completed item has none),
through the indexes of migration 0010.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from desktop_app.domain.dates import add_months, from_iso, iso
from desktop_app.domain.escalation import URGENCY as ITEM_URGENCY
from desktop_app.domain.personnel import CERTIFICATE_KINDS, CertWarning, PersonnelRules
from desktop_app.domain.rectification import Status, WarningRules
from desktop_app.domain.training import SESSION_KINDS, TrainingRules
from desktop_app.storage.personnel.rules_sql import (
    HELD_SQL,
    LEFT_SQL,
    URGENCY,
    CertificateRules,
    in_force_sql,
)
from desktop_app.storage.rectification.escalations import ItemFilter, late_items
from desktop_app.storage.rectification.rechecks import upcoming_rounds
from desktop_app.storage.rectification.rules_sql import OPEN_SQL, warning_sql
from desktop_app.storage.rectification.urgency import NOT_DONE_SQL
from desktop_app.storage.rows import fetch_rows
from desktop_app.storage.training.rules_sql import shortfall_sql

if TYPE_CHECKING:
    from desktop_app.domain.escalation import EscalationItem
    from desktop_app.domain.repeats import RecheckRound
    from desktop_app.storage.database import Reader

REMINDER_ITEMS = 40  # warned problems and measures listed in the digest (the rest counted)
REMINDER_PERSONS = 15
CHART_INSPECTIONS = 6
CHART_DEPARTMENTS = 6
CHART_MONTHS = 12
NO_DEPARTMENT = "未填部门"


# -- rectification -----------------------------------------------------------------------
@dataclass
class RectificationHome:
    """Tiles, charts and reminders of the rectification register."""

    problems: int = 0
    open: int = 0  # 未启动 or 整改中
    overdue: int = 0  # problems carrying 逾期 (it or a measure)
    stalled: int = 0
    near: int = 0
    completed: int = 0
    suspected: int = 0  # problems with 屡查屡犯 flags to decide
    reports: list[tuple[int, str, date]] = field(default_factory=list)  # (id, name, due)
    rounds: list[tuple[RecheckRound, int]] = field(default_factory=list)  # (round, items left)
    by_inspection: list[tuple[str, int, int]] = field(default_factory=list)  # name, all, done
    by_department: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    items: list[EscalationItem] = field(default_factory=list)  # the most urgent
    items_total: int = 0


def _warned_sql(today: date, rules: WarningRules) -> str:
    """Open problems and measures with their warning: (problem id, is a measure, the
    problem's measure count, department, warning). A measure without a department is its
    problem's, as in the 督办 lists."""
    warn_p, warn_m = warning_sql(today, rules, "p."), warning_sql(today, rules, "m.")
    dept_m = (
        "CASE WHEN m.lead_dept != '' THEN m.lead_dept"
        " ELSE (SELECT q.lead_dept FROM problems q WHERE q.id = m.problem_id) END"
    )
    return (
        f"SELECT p.id AS pid, 0 AS measured, p.measure_count AS n, p.lead_dept AS dept,"
        f" {warn_p} AS w FROM problems p WHERE p.status IN {NOT_DONE_SQL}"
        f" UNION ALL SELECT m.problem_id, 1, 0, {dept_m}, {warn_m} FROM measures m"
        f" WHERE m.status IN {NOT_DONE_SQL}"
    )


def rectification_home(db: Reader, today: date, rules: WarningRules) -> RectificationHome:
    """Everything the home page shows of the rectification register."""
    home = RectificationHome()
    home.problems, home.open, home.completed = db.execute(
        f"SELECT count(*), count(*) FILTER (WHERE status IN {OPEN_SQL}),"
        f" count(*) FILTER (WHERE status = '{Status.COMPLETED.value}') FROM problems"
    ).fetchone()
    carried = ", ".join(f"count(DISTINCT pid) FILTER (WHERE w = '{a.value}')" for a in ITEM_URGENCY)
    # A problem carries what it or a measure carries; items (for the departments) are the
    # measures and the problems without measures.
    rows = db.execute(
        f"WITH w AS MATERIALIZED ({_warned_sql(today, rules)})"
        f" SELECT 'carried', {carried} FROM w"
        " UNION ALL SELECT 'dept', dept, w, count(*) FROM w"
        " WHERE w != '' AND (measured = 1 OR n = 0) GROUP BY 2, 3"
    ).fetchall()
    by_dept: dict[str, dict[str, int]] = {}
    for kind, a, b, c in rows:
        if kind == "carried":
            home.overdue, home.stalled, home.near = a, b, c
        else:
            by_dept.setdefault(a or NO_DEPARTMENT, {})[b] = c
    ranked = sorted(by_dept.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    home.by_department = ranked[:CHART_DEPARTMENTS]
    home.items_total = sum(sum(counts.values()) for counts in by_dept.values())
    home.suspected = db.execute(
        "SELECT count(DISTINCT problem_id) FROM problem_repeats WHERE state = '待确认'"
    ).fetchone()[0]
    home.reports = due_reports(db, today, rules.lead_days)
    home.rounds = upcoming_rounds(db, today)
    home.by_inspection = completion_by_inspection(db)
    home.items = late_items(
        db, today, rules, ItemFilter(warnings=ITEM_URGENCY, limit=REMINDER_ITEMS)
    )
    return home


def due_reports(db: Reader, today: date, lead_days: int) -> list[tuple[int, str, date]]:
    """Inspections whose rectification report falls due within the lead days (or today),
    while they still have open problems: (id, name, report due), earliest first."""
    rows = db.execute(
        "SELECT i.id, i.name, i.report_due FROM inspections i"
        " WHERE i.report_due BETWEEN ? AND ? AND EXISTS (SELECT 1 FROM problems p"
        f" WHERE p.inspection_id = i.id AND p.status IN {OPEN_SQL})"
        " ORDER BY i.report_due, i.id",
        [iso(today), iso(today + timedelta(days=lead_days))],
    ).fetchall()
    return [(i, name, from_iso(due) or today) for i, name, due in rows]


def completion_by_inspection(
    db: Reader, limit: int = CHART_INSPECTIONS
) -> list[tuple[str, int, int]]:
    """(inspection, problems, completed) of the newest inspections, the oldest of them first."""
    rows = db.execute(
        "SELECT i.name, count(p.id), count(p.id) FILTER"
        f" (WHERE p.status = '{Status.COMPLETED.value}') FROM (SELECT * FROM inspections i"
        " WHERE EXISTS (SELECT 1 FROM problems p WHERE p.inspection_id = i.id)"
        " ORDER BY COALESCE(i.feedback_date, i.created_at) DESC, i.id DESC LIMIT ?) i"
        " JOIN problems p ON p.inspection_id = i.id GROUP BY i.id"
        " ORDER BY COALESCE(i.feedback_date, i.created_at), i.id",
        [limit],
    ).fetchall()
    return [(name, n, done) for name, n, done in rows]


# -- personnel and training --------------------------------------------------------------
@dataclass
class StaffHome:
    """Tiles, charts and reminders of the personnel and training registers."""

    valid: dict[str, int] = field(default_factory=dict)  # ``valid_certificates``
    warnings: dict[str, int] = field(default_factory=dict)  # warning → persons (roster's)
    persons: list[dict[str, Any]] = field(default_factory=list)  # the most urgent
    expiries: list[tuple[str, int]] = field(default_factory=list)  # ``expiries_by_month``
    year: int = 0
    sessions: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    person_hours: float = 0.0
    required: int = 0  # in-service certificate holders: they must reach the minimum
    short: int = 0
    bands: list[tuple[str, int]] = field(default_factory=list)  # hours against the minimum

    @property
    def valid_total(self) -> int:
        """Certificates in force of every kind."""
        return sum(self.valid.values())


def _per_person_sql(today: date, rules: PersonnelRules) -> str:
    """Per person with certificates: the roster's warning rank (``person_case``'s), whether
    they hold a certificate, and the dates that order the reminders."""
    rank = CertificateRules(today, rules).rank_sql("p.status")
    return (
        f"SELECT c.person_id AS id, p.status AS status, min({rank}) AS rank,"
        f" max(c.status IN {HELD_SQL}) AS held, min(c.valid_until) AS valid_until,"
        " min(c.review_due) AS review_due FROM certificates c"
        " JOIN persons p ON p.id = c.person_id GROUP BY c.person_id"
    )


def staff_home(
    db: Reader, today: date, rules: PersonnelRules, training: TrainingRules
) -> StaffHome:
    """Everything the home page shows of the personnel and training registers.

    One pass over the certificates gives each person's warning and whether they must reach
    the yearly minimum (in service and holding a certificate); the hours are read for the
    year's attendees only, everyone else required having none.
    """
    home = StaffHome(year=today.year)
    start, end = f"{today.year:04d}-01-01", f"{today.year + 1:04d}-01-01"
    minimum = float(training.min_hours)
    hours = "ROUND(h.hours, 1)"
    band = (
        f"CASE WHEN {hours} >= {minimum!r} THEN 5 WHEN {hours} <= 0 THEN 0"
        f" WHEN {hours} < {minimum * 0.25!r} THEN 1 WHEN {hours} < {minimum * 0.5!r} THEN 2"
        f" WHEN {hours} < {minimum * 0.75!r} THEN 3 ELSE 4 END"
    )
    short = f"({shortfall_sql(hours, minimum, '1')} > 0)"
    rows = db.execute(
        f"WITH per AS MATERIALIZED ({_per_person_sql(today, rules)}),"
        " h AS MATERIALIZED (SELECT a.person_id AS person_id, SUM(a.hours) AS hours"
        " FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id"
        " WHERE s.date >= ? AND s.date < ? GROUP BY a.person_id)"
        " SELECT 'rank', rank, count(*), 0 FROM per GROUP BY rank"
        " UNION ALL SELECT * FROM (SELECT 'person', id, rank, 0 FROM per"
        " WHERE rank IS NOT NULL ORDER BY rank,"
        f" CASE rank WHEN {len(URGENCY)} THEN review_due ELSE valid_until END, id LIMIT ?)"
        " UNION ALL SELECT 'required', 0, count(*), 0 FROM per"
        " WHERE per.status = '在职' AND per.held"
        f" UNION ALL SELECT 'band', {band}, count(*), total({short}) FROM h"
        " JOIN per ON per.id = h.person_id WHERE per.status = '在职' AND per.held GROUP BY 2",
        [start, end, REMINDER_PERSONS],
    ).fetchall()
    ranks = {w.value: i for i, w in enumerate(URGENCY, 1)}
    counts = {w.value: 0 for w in CertWarning if w.value}
    band_counts = dict.fromkeys(range(6), 0)
    urgent: list[int] = []
    attended = 0  # required persons with attendance this year
    for kind, key, n, lacking in rows:
        if kind == "person":
            urgent.append(key)
        elif kind == "rank" and key is not None:
            counts[URGENCY[int(key) - 1].value] = n
        elif kind == "required":
            home.required = n
        elif kind == "band":
            band_counts[int(key)] += n
            attended += n
            home.short += int(lacking)
    idle = home.required - attended  # no hours at all: band 0, short unless nothing is due
    band_counts[0] += idle
    home.short += idle if minimum > 0 else 0
    home.warnings = {w: counts[w] for w in ranks}
    home.bands = list(zip(hour_band_labels(minimum), band_counts.values(), strict=True))
    home.persons = _persons(db, urgent, today, rules)
    for kind, n in db.execute(
        "SELECT kind, count(*) FROM training_sessions WHERE date >= ? AND date < ? GROUP BY 1",
        [start, end],
    ):
        home.by_kind[kind] = n
    home.sessions = sum(home.by_kind.values())
    home.person_hours = db.execute(
        "SELECT ROUND(COALESCE(SUM(a.hours), 0), 1) FROM training_attendance a"
        " JOIN training_sessions s ON s.id = a.session_id"
        " WHERE s.date >= ? AND s.date < ? AND a.status = '出席'",
        [start, end],
    ).fetchone()[0]
    return home


def hour_band_labels(minimum: float) -> list[str]:
    """The six bands of a year's hours against the minimum, as the chart labels them."""
    q = [f"{minimum * part:g}" for part in (0.25, 0.5, 0.75)]
    return [
        "0",
        f"<{q[0]}",
        f"{q[0]}–{q[1]}",
        f"{q[1]}–{q[2]}",
        f"{q[2]}–{minimum:g}",
        f"≥{minimum:g}",
    ]


def _persons(
    db: Reader, ids: list[int], today: date, rules: PersonnelRules
) -> list[dict[str, Any]]:
    """Name, unit, warning and dates of the given persons, in the given order."""
    if not ids:
        return []
    cert = CertificateRules(today, rules)
    marks = ", ".join("?" * len(ids))
    rows = fetch_rows(
        db,
        f"SELECT p.id, p.name, p.unit, p.department, {cert.person_case('p.status')} AS warning,"
        " min(c.valid_until) AS valid_until, min(c.review_due) AS review_due"
        f" FROM persons p JOIN certificates c ON c.person_id = p.id WHERE p.id IN ({marks})"
        " GROUP BY p.id",
        ids,
    )
    by_id = {row["id"]: row for row in rows}
    return [by_id[i] for i in ids]


def valid_certificates(db: Reader, today: date) -> dict[str, int]:
    """Certificates in force (有效 and not past their date) by kind."""
    found = dict.fromkeys(CERTIFICATE_KINDS, 0)
    for kind, n in db.execute(
        f"SELECT c.kind, count(*) FROM certificates c WHERE {in_force_sql(today)} GROUP BY 1"
    ):
        found[kind] = n
    return found


def expiries_by_month(db: Reader, today: date, months: int = CHART_MONTHS) -> list[tuple[str, int]]:
    """(YYYY-MM, valid certificates of persons in service expiring then) for the next months."""
    first = date(today.year, today.month, 1)
    rows = dict(
        db.execute(
            "SELECT substr(c.valid_until, 1, 7), count(*) FROM certificates c"
            " JOIN persons p ON p.id = c.person_id WHERE c.status = '有效'"
            f" AND p.status NOT IN {LEFT_SQL} AND c.valid_until >= ? AND c.valid_until < ?"
            " GROUP BY 1",
            [iso(today), iso(add_months(first, months))],
        ).fetchall()
    )
    keys = [f"{add_months(first, i):%Y-%m}" for i in range(months)]
    return [(key, rows.get(key, 0)) for key in keys]


def session_kinds() -> tuple[str, ...]:
    """The kinds of sessions, in the training register's order."""
    return SESSION_KINDS
