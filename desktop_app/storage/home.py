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
from desktop_app.storage.rectification.escalations import complete_items
from desktop_app.storage.rectification.rechecks import upcoming_rounds
from desktop_app.storage.rectification.rules_sql import OPEN_SQL, warning_sql
from desktop_app.storage.rectification.urgency import NOT_DONE_SQL, rank_sql
from desktop_app.storage.rows import fetch_rows
from desktop_app.storage.training.rules_sql import required_sql, shortfall_sql

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
        "SELECT p.id AS pid, NULL AS mid, 0 AS measured, p.measure_count AS n,"
        f" p.lead_dept AS dept, {warn_p} AS w, p.deadline AS deadline,"
        f" p.last_progress AS last_progress FROM problems p WHERE p.status IN {NOT_DONE_SQL}"
        f" UNION ALL SELECT m.problem_id, m.id, 1, 0, {dept_m}, {warn_m}, m.deadline,"
        f" m.last_progress FROM measures m WHERE m.status IN {NOT_DONE_SQL}"
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
    # The digest's items, the most urgent first (as the 督办 lists order them).
    first = (
        f"SELECT * FROM (SELECT 'item', pid, mid, dept, w, deadline, last_progress FROM w"
        " WHERE w != '' AND (measured = 1 OR n = 0)"
        f" ORDER BY {rank_sql('w')} DESC, COALESCE(deadline, '9999'),"
        f" COALESCE(last_progress, ''), pid, mid LIMIT {int(REMINDER_ITEMS)})"
    )
    rows = db.execute(
        f"WITH w AS MATERIALIZED ({_warned_sql(today, rules)})"
        f" SELECT 'carried', {carried}, NULL, NULL, NULL FROM w"
        " UNION ALL SELECT 'dept', dept, w, count(*), NULL, NULL, NULL FROM w"
        f" WHERE w != '' AND (measured = 1 OR n = 0) GROUP BY 2, 3 UNION ALL {first}"
    ).fetchall()
    by_dept: dict[str, dict[str, int]] = {}
    keys = ("problem_id", "measure_id", "department", "warning", "deadline", "last_progress")
    listed = []
    for kind, a, b, c, d, e, f in rows:
        if kind == "carried":
            home.overdue, home.stalled, home.near = a, b, c
        elif kind == "dept":
            by_dept.setdefault(a or NO_DEPARTMENT, {})[b] = c
        else:
            listed.append(dict(zip(keys, (a, b, c, d, e, f), strict=True)))
    ranked = sorted(by_dept.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    home.by_department = ranked[:CHART_DEPARTMENTS]
    home.items_total = sum(sum(counts.values()) for counts in by_dept.values())
    home.suspected = db.execute(
        "SELECT count(DISTINCT problem_id) FROM problem_repeats WHERE state = '待确认'"
    ).fetchone()[0]
    home.reports = due_reports(db, today, rules.lead_days)
    home.rounds = upcoming_rounds(db, today)
    home.by_inspection = completion_by_inspection(db)
    home.items = complete_items(db, listed)
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

    valid: dict[str, int] = field(default_factory=dict)  # ``certificates_in_force``
    warnings: dict[str, int] = field(default_factory=dict)  # warning → persons (roster's)
    persons: list[dict[str, Any]] = field(default_factory=list)  # the most urgent
    expiries: list[tuple[str, int]] = field(default_factory=list)  # ``certificates_in_force``
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


def staff_home(db: Reader, today: date, rules: PersonnelRules) -> StaffHome:
    """The personnel tiles and reminders: one pass over the certificates gives each person's
    warning (the roster's ``person_case``) and whether they must reach the yearly minimum
    (in service, holding one); the most urgent persons come from the roster's own filters."""
    home = StaffHome(year=today.year)
    cert = CertificateRules(today, rules)
    rows = db.execute(
        "SELECT rank, count(*), total(required) FROM (SELECT"
        f" min({cert.rank_sql('p.status')}) AS rank,"
        f" p.status = '在职' AND max(c.status IN {HELD_SQL}) AS required"
        " FROM certificates c JOIN persons p ON p.id = c.person_id GROUP BY c.person_id)"
        " GROUP BY rank"
    ).fetchall()
    counts = {w.value: 0 for w in URGENCY}
    for rank, n, required in rows:
        if rank is not None:
            counts[URGENCY[int(rank) - 1].value] = n
        home.required += int(required)
    home.warnings = counts
    home.persons = _persons(db, _urgent_ids(db, cert, counts), today, rules)
    return home


def _candidates(warning: CertWarning, cert: CertificateRules) -> str:
    """SQL condition on certificate ``c`` and person ``p`` that every person with
    ``warning`` meets (a superset, for an index to find; the roster's warning decides)."""
    today, near = cert.today.isoformat(), (cert.today + timedelta(days=cert.lead_days)).isoformat()
    return {
        CertWarning.SHOULD_CANCEL: f"p.status IN {LEFT_SQL}",
        CertWarning.EXPIRED: f"c.valid_until < '{today}'",
        CertWarning.EXPIRING: f"c.valid_until BETWEEN '{today}' AND '{near}'",
    }.get(warning, f"c.review_due <= '{near}'")


def _urgent_ids(db: Reader, cert: CertificateRules, counts: dict[str, int]) -> list[int]:
    """The most urgent persons, in order of their warning (the roster's), then of its date."""
    found: list[int] = []
    for warning in URGENCY:
        room = REMINDER_PERSONS - len(found)
        if room <= 0:
            break
        if not counts.get(warning.value):
            continue
        day = "review_due" if warning == CertWarning.REVIEW_DUE else "valid_until"
        found += [
            r[0]
            for r in db.execute(
                "SELECT p.id FROM persons p JOIN certificates c ON c.person_id = p.id"
                f" WHERE {_candidates(warning, cert)}"
                f" AND {cert.person_warning_sql('p')} = ?"
                f" GROUP BY p.id ORDER BY min(c.{day}), p.id LIMIT ?",
                [warning.value, room],
            )
        ]
    return found


@dataclass
class TrainingHome:
    """The year's sessions and hours, and the bands of the required persons who attended."""

    by_kind: dict[str, int] = field(default_factory=dict)
    person_hours: float = 0.0
    bands: dict[int, int] = field(default_factory=dict)  # band → required attendees
    short: int = 0  # required attendees short of the minimum
    minimum: float = 40.0


def training_home(db: Reader, today: date, training: TrainingRules) -> TrainingHome:
    """This year's sessions by kind, person-hours, and the hours of those who must reach the
    minimum and attended (everyone else required has none)."""
    start, end = f"{today.year:04d}-01-01", f"{today.year + 1:04d}-01-01"
    minimum = float(training.min_hours)
    home = TrainingHome(minimum=minimum)
    hours = "ROUND(h.hours, 1)"
    band = (
        f"CASE WHEN {hours} >= {minimum!r} THEN 5 WHEN {hours} <= 0 THEN 0"
        f" WHEN {hours} < {minimum * 0.25!r} THEN 1 WHEN {hours} < {minimum * 0.5!r} THEN 2"
        f" WHEN {hours} < {minimum * 0.75!r} THEN 3 ELSE 4 END"
    )
    short = f"({shortfall_sql(hours, minimum, '1')} > 0)"
    for key, n, lacking in db.execute(
        f"SELECT {band}, count(*), total({short}) FROM (SELECT a.person_id AS person_id,"
        " SUM(a.hours) AS hours FROM training_attendance a"
        " JOIN training_sessions s ON s.id = a.session_id WHERE s.date >= ? AND s.date < ?"
        f" GROUP BY a.person_id) h JOIN persons p ON p.id = h.person_id"
        f" WHERE {required_sql('p')} GROUP BY 1",
        [start, end],
    ):
        home.bands[int(key)] = n
        home.short += int(lacking)
    for kind, n in db.execute(
        "SELECT kind, count(*) FROM training_sessions WHERE date >= ? AND date < ? GROUP BY 1",
        [start, end],
    ):
        home.by_kind[kind] = n
    home.person_hours = db.execute(
        "SELECT ROUND(COALESCE(SUM(a.hours), 0), 1) FROM training_attendance a"
        " JOIN training_sessions s ON s.id = a.session_id"
        " WHERE s.date >= ? AND s.date < ? AND a.status = '出席'",
        [start, end],
    ).fetchone()[0]
    return home


def with_training(staff: StaffHome, training: TrainingHome) -> StaffHome:
    """The staff figures completed with the year's training: sessions, hours, the bands."""
    bands = dict.fromkeys(range(6), 0)
    bands.update(training.bands)
    idle = staff.required - sum(training.bands.values())  # no hours at all: band 0
    bands[0] += idle
    staff.short = training.short + (idle if training.minimum > 0 else 0)
    staff.bands = list(zip(hour_band_labels(training.minimum), bands.values(), strict=True))
    staff.by_kind = dict(training.by_kind)
    staff.sessions = sum(training.by_kind.values())
    staff.person_hours = training.person_hours
    return staff


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


def certificates_in_force(
    db: Reader, today: date, months: int = CHART_MONTHS
) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """Certificates in force (有效 and not past their date) by kind, and (YYYY-MM, those of
    persons in service expiring then) for the next months: one pass over the certificates
    (most are in force, so the table is read in order rather than through an index), the
    persons who have left looked up among their few ids."""
    first = date(today.year, today.month, 1)
    end = iso(add_months(first, months))
    valid = dict.fromkeys(CERTIFICATE_KINDS, 0)
    by_month: dict[str, int] = {}
    for kind, month, n in db.execute(
        f"SELECT c.kind, CASE WHEN c.valid_until < ? AND c.person_id NOT IN"
        f" (SELECT id FROM persons WHERE status IN {LEFT_SQL}) THEN substr(c.valid_until, 1, 7)"
        f" END, count(*) FROM certificates c NOT INDEXED WHERE {in_force_sql(today)} GROUP BY 1, 2",
        [end],
    ):
        valid[kind] = valid.get(kind, 0) + n
        if month is not None:
            by_month[month] = by_month.get(month, 0) + n
    keys = [f"{add_months(first, i):%Y-%m}" for i in range(months)]
    return valid, [(key, by_month.get(key, 0)) for key in keys]


def session_kinds() -> tuple[str, ...]:
    """The kinds of sessions, in the training register's order."""
    return SESSION_KINDS
