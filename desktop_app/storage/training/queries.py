"""Lists, yearly figures and export loading for training records, all computed in SQL.

Numbers put into SQL text (years, months, minimum hours, marks) are validated ints and
floats; text typed by the clerk always travels as a parameter.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.domain.errors import UserError
from desktop_app.domain.personnel import PersonStatus
from desktop_app.domain.training import (
    ATTENDANCE_STATUSES,
    ONLINE_EXAM,
    Attendance,
    AttendanceStatus,
    ExamFigures,
    TrainingRules,
    TrainingSession,
    YearFigures,
)
from desktop_app.storage.query import PagedQuery
from desktop_app.storage.remembered import remembered
from desktop_app.storage.rows import fetch_rows, get_row, iter_rows
from desktop_app.storage.text_search import TextColumns, TextSearch
from desktop_app.storage.training.rows import ATTENDANCE_COLUMNS as RECORD_COLUMNS
from desktop_app.storage.training.rows import (
    attendance_from_row,
    session_from_row,
)
from desktop_app.storage.training.rules_sql import holder_sql, required_sql, shortfall_sql

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader

PRESENT = AttendanceStatus.PRESENT.value
ACTIVE = PersonStatus.ACTIVE.value
HOLDER_SQL = holder_sql("p")
# What the lists search (trigram indexes of migrations 0005 and 0006).
SESSION_TEXT = TextColumns("training_sessions", ("search_text",))
ATTENDEE_TEXT = TextColumns("persons", ("name", "unit", "department", "post"))
PERSON_YEAR_TEXT = TextColumns("persons", ("name", "unit", "department"))


def year_bounds(year: int, month: int | None = None) -> tuple[str, str]:
    """ISO dates [start, end) of a year or of one month of it."""
    year = int(year)
    if month:
        month = int(month)
        end = f"{year + 1}-01-01" if month == 12 else f"{year}-{month + 1:02d}-01"
        return f"{year}-{month:02d}-01", end
    return f"{year}-01-01", f"{year + 1}-01-01"


def _in_year(column: str, year: int, month: int | None = None) -> str:
    start, end = year_bounds(year, month)
    return f"{column} >= '{start}' AND {column} < '{end}'"


@dataclass
class YearFilter:
    """A training list narrowed to one year (None: every year) and to the typed words."""

    year: int | None = None
    text: str = ""


# -- sessions ------------------------------------------------------------------------------
@dataclass
class SessionFilter(YearFilter):
    """What the clerk narrowed the session list to (also a month of the year, a kind)."""

    month: int | None = None
    kind: str = ""


SESSION_COLUMNS = (
    "s.id AS id, s.date AS date, s.end_date AS end_date, s.start_time AS start_time,"
    " s.end_time AS end_time, s.title AS title, s.kind AS kind, s.hours AS hours,"
    " s.place AS place, s.organiser AS organiser, s.speaker AS speaker,"
    " (SELECT count(*) FROM training_attendance a WHERE a.session_id = s.id) AS listed,"
    " (SELECT count(*) FROM training_attendance a WHERE a.session_id = s.id"
    f" AND a.status = '{PRESENT}') AS present"
)
SESSION_SORT = {k: f"s.{k}" for k in ("date", "title", "kind", "hours", "place", "organiser")}
SESSION_SORT.update(speaker="s.speaker", listed="listed", present="present")


def session_query(db: Reader, flt: SessionFilter) -> PagedQuery:
    """The session list: by year and month, kind and search text, newest first."""
    where: list[str] = []
    params: list[Any] = []
    if flt.year:
        where.append(_in_year("s.date", flt.year, flt.month))
    if flt.kind:
        where.append("s.kind = ?")
        params.append(flt.kind)
    return PagedQuery(
        db,
        SESSION_COLUMNS,
        "training_sessions s",
        where,
        params,
        SESSION_SORT,
        default_order="s.date DESC, s.start_time DESC",
        id_column="s.id",
        search=SESSION_TEXT.search(flt.text, "s.id", "s"),
        ids_first=True,  # the attendance counts: for the rows of a page only
    )


def session_years(db: Reader) -> list[int]:
    """Years that have sessions, newest first."""
    rows = db.execute(
        "SELECT DISTINCT CAST(substr(date, 1, 4) AS INTEGER) FROM training_sessions ORDER BY 1 DESC"
    ).fetchall()
    return [r[0] for r in rows]


# -- attendance ----------------------------------------------------------------------------
@dataclass
class AttendanceFilter(YearFilter):
    """Attendance of one session, one person or one year, by status and search text."""

    session_id: int | None = None
    person_id: int | None = None
    status: str = ""


ATTENDANCE_SOURCE = (
    "training_attendance a JOIN persons p ON p.id = a.person_id"
    " JOIN training_sessions s ON s.id = a.session_id"
)
ATTENDANCE_COLUMNS = (
    "a.id AS id, a.session_id AS session_id, a.person_id AS person_id, p.name AS name,"
    " p.unit AS unit, p.department AS department, p.post AS post, a.status AS status,"
    " a.hours AS hours, a.score AS score, a.remark AS remark, s.date AS date,"
    " s.title AS title, s.kind AS kind"
)
ATTENDANCE_SORT = {k: f"p.{k}" for k in ("name", "unit", "department", "post")}
ATTENDANCE_SORT.update({k: f"a.{k}" for k in ("status", "hours", "score", "remark")})
ATTENDANCE_SORT.update(date="s.date", title="s.title")


def attendance_where(flt: AttendanceFilter) -> tuple[list[str], list[Any]]:
    """WHERE parts and parameters of an attendance filter, but the search text."""
    where: list[str] = []
    params: list[Any] = []
    if flt.session_id is not None:
        where.append("a.session_id = ?")
        params.append(flt.session_id)
    if flt.person_id is not None:
        where.append("a.person_id = ?")
        params.append(flt.person_id)
    if flt.year:
        where.append(_in_year("s.date", flt.year))
    if flt.status:
        where.append("a.status = ?")
        params.append(flt.status)
    return where, params


def attendance_query(db: Reader, flt: AttendanceFilter) -> PagedQuery:
    """The attendance list, filtered and sorted in SQL."""
    where, params = attendance_where(flt)
    if flt.session_id is not None:
        search = ATTENDEE_TEXT.search(flt.text, "p.id", None)  # tested on the index walked
        if search is not None:
            return _session_search(db, search, where, params)
    return _attendance_paged(
        db,
        where,
        params,
        # Persons first: the attendance index then finds their rows.
        search=ATTENDEE_TEXT.search(flt.text, "a.person_id", None),
        # The order (by date, unit and department) is no index's: the rows found are
        # sorted, on their ids alone.
        walk=False,
        # Every attendance has its person and session: counted without them, unless the
        # year (of the session) is a condition.
        count_source="" if flt.year else "training_attendance a",
    )


def _attendance_paged(db: Reader, where: list[str], params: list[Any], **plan: Any) -> PagedQuery:
    """The attendance list's query with the way ``plan`` reads it (search, walk, counts)."""
    return PagedQuery(
        db,
        ATTENDANCE_COLUMNS,
        ATTENDANCE_SOURCE,
        where,
        params,
        ATTENDANCE_SORT,
        default_order="s.date DESC, p.unit, p.department",
        id_column="a.id",
        ids_first=True,
        **plan,
    )


# A search in one session's list reads a page of a common short word persons first, in the
# order of their index by unit and department: walking that index, each person's
# attendance looked up (one per person and session) and tested, stops at a full page.
_PERSONS_FIRST = (
    "persons p CROSS JOIN training_attendance a ON a.person_id = p.id"
    " JOIN training_sessions s ON s.id = a.session_id"
)


def _session_search(
    db: Reader, search: TextSearch, where: list[str], params: list[Any]
) -> PagedQuery:
    """A search in one session's list (see ``_PERSONS_FIRST``)."""
    return _attendance_paged(
        db,
        where,
        params,
        search=search,
        walk=not search.indexed,  # the index's words: found, then sorted
        ids_source=_PERSONS_FIRST,
        walk_ids=True,
        count_source="training_attendance a",  # the found persons by their attendance
        count_key="a.person_id",
    )


# -- per person and year -------------------------------------------------------------------
def person_year_source(year: int, rules: TrainingRules) -> str:
    """A sub-select: one row per in-service person (or attendee of the year) with figures.

    ``shortfall`` is how many hours an in-service certificate holder lacks of the minimum.
    """
    minimum = float(rules.min_hours)
    hours = "ROUND(COALESCE(x.hours, 0), 1)"
    return (
        "(SELECT p.id AS id, p.name AS name, p.unit AS unit, p.department AS department,"
        f" p.post AS post, p.status AS person_status, {HOLDER_SQL} AS holder,"
        f" {hours} AS hours, COALESCE(x.sessions, 0) AS sessions, x.score AS score,"
        f" {shortfall_sql(hours, minimum, required_sql('p'))} AS shortfall"
        " FROM persons p LEFT JOIN (SELECT a.person_id AS person_id, SUM(a.hours) AS hours,"
        f" SUM(a.status = '{PRESENT}') AS sessions,"
        f" MAX(CASE WHEN s.kind = '{ONLINE_EXAM}' AND a.status = '{PRESENT}'"
        " THEN a.score END) AS score"
        " FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id"
        f" WHERE {_in_year('s.date', year)} GROUP BY a.person_id) x ON x.person_id = p.id"
        f" WHERE p.status = '{ACTIVE}' OR x.person_id IS NOT NULL) AS py"
    )


PERSON_YEAR_SORT = {
    k: k for k in ("name", "unit", "department", "post", "holder", "hours", "sessions", "score")
}
PERSON_YEAR_SORT.update(shortfall="shortfall", person_status="person_status")


def person_year_query(
    db: Reader,
    year: int,
    rules: TrainingRules,
    *,
    text: str = "",
    holders_only: bool = False,
    short_only: bool = False,
) -> PagedQuery:
    """Per-person yearly hours, sessions attended, exam score and shortfall."""
    where: list[str] = []
    if holders_only:
        where.append("holder")
    if short_only:
        where.append("shortfall > 0")
    return PagedQuery(
        db,
        "*",
        person_year_source(year, rules),
        where,
        [],
        PERSON_YEAR_SORT,
        default_order="unit, department, name",
        search=PERSON_YEAR_TEXT.search(text, "id"),
    )


def hours_shortfall(db: Reader, year: int, minimum: float) -> dict[int, float]:
    """{person id: hours lacking} for every in-service person below ``minimum`` in ``year``.

    Everyone in service is included (not only certificate holders), so that the
    certificate-holders page can look up any of its people.
    """
    hours = "ROUND(COALESCE(x.hours, 0), 1)"
    lack = shortfall_sql(hours, minimum, f"p.status = '{ACTIVE}'")
    rows = db.execute(
        f"SELECT p.id, {lack} FROM persons p LEFT JOIN"
        " (SELECT a.person_id AS person_id, SUM(a.hours) AS hours FROM training_attendance a"
        " JOIN training_sessions s ON s.id = a.session_id"
        f" WHERE {_in_year('s.date', year)} GROUP BY a.person_id) x ON x.person_id = p.id"
        f" WHERE {lack} > 0"
    ).fetchall()
    return {pid: lack for pid, lack in rows}


# -- yearly figures ------------------------------------------------------------------------
def year_figures(db: Reader, year: int, rules: TrainingRules) -> YearFigures:
    """Sessions by kind, participants, person-hours, the online exam and shortfalls.

    Remembered until the data change: the page shows them again after every search.
    """
    key = ("year figures", int(year), rules)
    return remembered(db, key, lambda: _year_figures(db, year, rules))


def _year_figures(db: Reader, year: int, rules: TrainingRules) -> YearFigures:
    figures = YearFigures(year=int(year))
    in_year = _in_year("s.date", year)
    for kind, count in db.execute(
        f"SELECT s.kind, count(*) FROM training_sessions s WHERE {in_year} GROUP BY s.kind"
    ).fetchall():
        figures.by_kind[kind] = count
    people, times, hours = db.execute(
        "SELECT count(DISTINCT a.person_id), count(*), ROUND(COALESCE(SUM(a.hours), 0), 1)"
        f" FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id"
        f" WHERE {in_year} AND a.status = ?",
        [PRESENT],
    ).fetchone()
    figures.participants, figures.attendances, figures.person_hours = people, times, hours
    figures.exam = exam_figures(db, year, rules)
    holders, short = db.execute(
        "SELECT COALESCE(SUM(holder AND person_status = ?), 0), COALESCE(SUM(shortfall > 0), 0)"
        f" FROM {person_year_source(year, rules)}",
        [ACTIVE],
    ).fetchone()
    figures.holders, figures.short = holders, short
    return figures


def exam_figures(db: Reader, year: int, rules: TrainingRules) -> ExamFigures | None:
    """The year's online exam sessions added up (None when the year had none).

    Per session the staff expected is its stored 应参考人数, else the people listed.
    """
    rows = db.execute(
        "SELECT s.expected, count(a.id), COALESCE(SUM(a.status = ?), 0),"
        " COALESCE(SUM(a.status = ? AND a.score IS NOT NULL), 0),"
        " COALESCE(SUM(a.status = ? AND a.score >= ?), 0),"
        " COALESCE(SUM(a.status = ? AND a.score >= ?), 0)"
        " FROM training_sessions s LEFT JOIN training_attendance a ON a.session_id = s.id"
        f" WHERE s.kind = ? AND {_in_year('s.date', year)} GROUP BY s.id",
        [
            PRESENT,
            PRESENT,
            PRESENT,
            float(rules.pass_mark),
            PRESENT,
            float(rules.excellent_mark),
            ONLINE_EXAM,
        ],
    ).fetchall()
    if not rows:
        return None
    total = ExamFigures()
    for expected, listed, present, scored, passed, excellent in rows:
        total.sessions += 1
        total.expected += expected if expected is not None else listed
        total.participants += present
        total.scored += scored
        total.passed += passed
        total.excellent += excellent
    return total


# -- persons to pick from ------------------------------------------------------------------
def units_and_departments(db: Reader) -> list[tuple[str, str, int]]:
    """(unit, department, in-service people) for picking attendees by group."""
    rows = db.execute(
        "SELECT unit, department, count(*) FROM persons WHERE status = ?"
        " GROUP BY unit, department ORDER BY unit, department",
        [ACTIVE],
    ).fetchall()
    return [(u, d, n) for u, d, n in rows]


def person_ids_in(db: Reader, groups: list[tuple[str, str | None]]) -> list[int]:
    """In-service persons of the given (unit, department) groups; department None = all."""
    found: list[int] = []
    for unit, department in groups:
        sql = "SELECT id FROM persons WHERE status = ? AND unit = ?"
        params: list[Any] = [ACTIVE, unit]
        if department is not None:
            sql += " AND department = ?"
            params.append(department)
        found += [r[0] for r in db.execute(sql + " ORDER BY department, id", params)]
    return list(dict.fromkeys(found))


def staff_ids(db: Reader) -> tuple[list[int], list[int]]:
    """(in-service person ids, the ids of those holding a certificate), in id order."""
    active = [
        r[0] for r in db.execute("SELECT id FROM persons WHERE status = ? ORDER BY id", [ACTIVE])
    ]
    sql = f"SELECT id FROM persons p WHERE status = ? AND {HOLDER_SQL} ORDER BY id"
    return active, [r[0] for r in db.execute(sql, [ACTIVE])]


PERSON_PICK_SORT = {k: k for k in ("name", "unit", "department", "post", "status")}


def person_pick_query(db: Reader, text: str = "", *, in_service: bool = True) -> PagedQuery:
    """Persons for the multi-select list, searched by name, unit, department or post."""
    where: list[str] = []
    params: list[Any] = []
    if in_service:
        where.append("status = ?")
        params.append(ACTIVE)
    return PagedQuery(
        db,
        "id, name, unit, department, post, status",
        "persons",
        where,
        params,
        PERSON_PICK_SORT,
        default_order="unit, department, name",
        search=ATTENDEE_TEXT.search(text, "id"),
    )


# -- loading for the ledger ----------------------------------------------------------------
def sessions_of_year(db: Reader, year: int) -> Iterator[dict[str, Any]]:
    """Sessions of a year in date order with counts and laws (a generator)."""
    laws_sql = (
        "(SELECT group_concat('《' || law || '》', '') FROM"
        " (SELECT law FROM training_laws l WHERE l.session_id = s.id ORDER BY seq)) AS laws"
    )
    sql = (
        f"SELECT {SESSION_COLUMNS}, s.notes AS notes, s.expected AS expected, {laws_sql}"
        f" FROM training_sessions s WHERE {_in_year('s.date', year)}"
        " ORDER BY s.date, s.start_time, s.id"
    )
    return iter_rows(db, sql)


def attendance_of_year(db: Reader, year: int) -> Iterator[dict[str, Any]]:
    """Every attendance of a year, by session date then unit and department (a generator)."""
    sql = (
        f"SELECT {ATTENDANCE_COLUMNS} FROM {ATTENDANCE_SOURCE}"
        f" WHERE {_in_year('s.date', year)}"
        " ORDER BY s.date, s.start_time, s.id, p.unit, p.department, a.id"
    )
    return iter_rows(db, sql)


def person_years(db: Reader, year: int, rules: TrainingRules) -> Iterator[dict[str, Any]]:
    """Per-person yearly figures in roster order (a generator)."""
    sql = f"SELECT * FROM {person_year_source(year, rules)} ORDER BY unit, department, name, id"
    return iter_rows(db, sql)


def status_counts(db: Reader, session_id: int) -> dict[str, int]:
    """How many on a session's list are 出席 / 请假 / 缺席 (every status, zero included).

    Remembered until the data change: the list's heading shows them after every search.
    """

    def count() -> dict[str, int]:
        counts = dict.fromkeys(ATTENDANCE_STATUSES, 0)
        for status, n in db.execute(
            "SELECT status, count(*) FROM training_attendance WHERE session_id = ? GROUP BY status",
            [session_id],
        ).fetchall():
            counts[status] = n
        return counts

    return dict(remembered(db, ("status counts", session_id), count))


# -- one session's records (the page and its pane read these on the GUI connection) --------
ATTENDANCE_SELECT = (
    f"SELECT {RECORD_COLUMNS} FROM training_attendance a JOIN persons p ON p.id = a.person_id"
)


def get_session(db: Reader, session_id: int) -> TrainingSession:
    """One session with its laws; a UserError names a missing id."""
    missing = f"学法培训活动不存在或已被删除(编号 {session_id})"
    row = get_row(db, "training_sessions", session_id, missing)
    sql = "SELECT law FROM training_laws WHERE session_id = ? ORDER BY seq, id"
    return session_from_row(row, [r["law"] for r in fetch_rows(db, sql, [session_id])])


def attendance_count(db: Reader, session_id: int) -> int:
    """How many people are on a session's list (what a delete would remove)."""
    sql = "SELECT count(*) FROM training_attendance WHERE session_id = ?"
    return int(db.execute(sql, [session_id]).fetchone()[0])


def get_attendance(db: Reader, attendance_id: int) -> Attendance:
    """One attendance with its person's name and post."""
    rows = fetch_rows(db, f"{ATTENDANCE_SELECT} WHERE a.id = ?", [attendance_id])
    if not rows:
        raise UserError(f"出勤记录不存在或已被删除(编号 {attendance_id})")
    return attendance_from_row(rows[0])
