"""Reads of the draw register's directories: targets, matters, inspectors and conflicts.

Every function reads through a plain sqlite3 connection (``ctx.conn`` on the GUI) or a
sqlite-utils Database; nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop_app.domain.draws import Conflict, InspectorProfile, Matter, Target
from desktop_app.domain.errors import ValidationError
from desktop_app.storage.draws.pools import CURRENT, ENFORCEMENT, SERVING
from desktop_app.storage.draws.rows import (
    conflict_from_row,
    matter_from_row,
    profile_from_row,
    target_from_row,
)
from desktop_app.storage.query import PagedQuery, TextColumns, like_pattern, remembered
from desktop_app.storage.rows import fetch_rows, get_row, iter_rows

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader

TARGET_TEXT = TextColumns("check_targets", ("search_text",))


# -- the directory -------------------------------------------------------------------------
@dataclass
class TargetFilter:
    """What the clerk narrowed the directory to."""

    text: str = ""
    kind: str = ""
    industry: str = ""
    area: str = ""
    status: str = ""


TARGET_COLUMNS = (
    "t.id AS id, t.name AS name, t.credit_code AS credit_code, t.code_override AS code_override,"
    " t.kind AS kind, t.industry AS industry, t.area AS area, t.address AS address,"
    " t.contact AS contact, t.phone AS phone, t.status AS status,"
    " (SELECT count(*) FROM draw_assignments a JOIN draws d ON d.id = a.draw_id"
    f" WHERE a.target_id = t.id AND {CURRENT}) AS drawn,"
    " (SELECT max(d.draw_date) FROM draw_assignments a JOIN draws d ON d.id = a.draw_id"
    f" WHERE a.target_id = t.id AND {CURRENT}) AS last_drawn"
)
TARGET_SORT = {k: f"t.{k}" for k in ("name", "credit_code", "kind", "industry", "area", "status")}
TARGET_SORT.update(address="t.address", contact="t.contact", drawn="drawn", last_drawn="last_drawn")


def target_query(db: Reader, flt: TargetFilter) -> PagedQuery:
    """The directory list, filtered in SQL, by name."""
    where, params = [], []
    for column in ("kind", "industry", "area", "status"):
        value = getattr(flt, column)
        if value:
            where.append(f"t.{column} = ?")
            params.append(value)
    return PagedQuery(
        db,
        TARGET_COLUMNS,
        "check_targets t",
        where,
        params,
        TARGET_SORT,
        default_order="t.name",
        id_column="t.id",
        search=TARGET_TEXT.search(flt.text, "t.id", "t"),
        ids_first=True,  # the draw counts: for the rows of a page only
        walk_ids=True,  # check_targets_name holds the ids
    )


def target_choices(db: Reader) -> tuple[list[str], list[str]]:
    """The industries and areas the directory uses (for the filters and the plan).

    Remembered until the data change: the directory re-reads them at every search.
    """

    def read() -> tuple[list[str], list[str]]:
        found = []
        for column in ("industry", "area"):
            sql = f"SELECT DISTINCT {column} FROM check_targets WHERE {column} != ''"
            rows = db.execute(f"{sql} ORDER BY {column}").fetchall()
            found.append([r[0] for r in rows])
        return found[0], found[1]

    industries, areas = remembered(db, ("target choices",), read)
    return list(industries), list(areas)


def target_count(db: Reader) -> int:
    """How many targets the directory holds (remembered until the data change)."""
    sql = "SELECT count(*) FROM check_targets"
    return int(remembered(db, ("target count",), lambda: db.execute(sql).fetchone()[0]))


def get_target(db: Reader, target_id: int) -> Target:
    """One target; a UserError names a missing id."""
    return target_from_row(
        get_row(db, "check_targets", target_id, f"检查对象不存在或已被删除(编号 {target_id})")
    )


def target_history(db: Reader, target_id: int) -> list[dict[str, Any]]:
    """Every draw of a target, newest first, with its team and result."""
    sql = (
        "SELECT d.id AS draw_id, d.title, d.draw_date, a.team_no,"
        " EXISTS (SELECT 1 FROM draws r WHERE r.redraw_of = d.id) AS replaced,"
        " r.outcome, r.check_date, r.findings, r.handling,"
        " (SELECT group_concat(m.name, '、') FROM draw_members m WHERE m.draw_id = d.id"
        "  AND m.team_no = a.team_no) AS members"
        " FROM draw_assignments a JOIN draws d ON d.id = a.draw_id"
        " LEFT JOIN check_results r ON r.draw_id = d.id AND r.target_id = a.target_id"
        " WHERE a.target_id = ? ORDER BY d.draw_date DESC, d.id DESC"
    )
    return fetch_rows(db, sql, [target_id])


# -- matters ---------------------------------------------------------------------------------
def matters(db: Reader, *, active_only: bool = False) -> list[Matter]:
    """The inspection matters by name."""
    where = " WHERE active = 1" if active_only else ""
    sql = f"SELECT * FROM check_matters{where} ORDER BY name"
    return [matter_from_row(row) for row in iter_rows(db, sql)]


def matter_query(db: Reader, year: int) -> PagedQuery:
    """The matters list, with how many targets each drew in ``year``."""
    columns = (
        "m.id AS id, m.name AS name, m.legal_basis AS legal_basis, m.body AS body,"
        " m.content AS content, m.method AS method, m.yearly_ratio AS yearly_ratio,"
        " m.yearly_count AS yearly_count, m.active AS active,"
        " CASE WHEN m.yearly_ratio IS NOT NULL THEN printf('%g%%', m.yearly_ratio)"
        "  WHEN m.yearly_count IS NOT NULL THEN m.yearly_count || ' 家' ELSE '' END AS yearly,"
        " (SELECT COALESCE(sum(d.drawn_targets), 0) FROM draws d WHERE d.matter_id = m.id"
        f" AND d.year = {int(year)} AND {CURRENT}) AS drawn"
    )
    sortable = {k: f"m.{k}" for k in ("name", "body", "method", "legal_basis")}
    return PagedQuery(db, columns, "check_matters m", [], [], sortable, "m.name", "m.id")


def get_matter(db: Reader, matter_id: int) -> Matter:
    """One matter; a UserError names a missing id."""
    return matter_from_row(
        get_row(db, "check_matters", matter_id, f"抽查事项不存在或已被删除(编号 {matter_id})")
    )


# -- inspectors ------------------------------------------------------------------------------
@dataclass
class InspectorFilter:
    """What the clerk narrowed the inspector list to."""

    text: str = ""
    agency: str = ""
    certified: str = ""  # 持证 / 未持证
    available: str = ""  # 参加抽取 / 暂不参加


def _agency_sql() -> str:
    return "COALESCE(NULLIF(ip.agency, ''), p.unit)"


def _certificate_sql(day: str) -> str:
    return (
        "(SELECT c.number FROM certificates c WHERE c.person_id = p.id"
        f" AND c.kind = '{ENFORCEMENT}' AND c.status = '有效' AND c.issue_date <= '{day}'"
        f" AND c.valid_until >= '{day}' ORDER BY c.valid_until DESC, c.id LIMIT 1)"
    )


def inspector_query(db: Reader, flt: InspectorFilter, day: date) -> PagedQuery:
    """Serving persons as inspectors: department, certified today, tags, conflicts."""
    certificate = _certificate_sql(day.isoformat())
    columns = (
        f"p.id AS id, p.name AS name, p.unit AS unit, p.department AS department,"
        f" p.post AS post, {_agency_sql()} AS agency, {certificate} AS certificate,"
        " COALESCE(ip.tags, '') AS tags, COALESCE(ip.available, 1) AS available,"
        " COALESCE(ip.unavailable_reason, '') AS unavailable_reason,"
        " (SELECT count(*) FROM inspector_conflicts k WHERE k.person_id = p.id"
        "  AND k.ended_on IS NULL) AS conflicts,"
        " (SELECT count(*) FROM draw_members m JOIN draws d ON d.id = m.draw_id"
        f"  WHERE m.person_id = p.id AND {CURRENT}) AS drawn"
    )
    where, params = ["p.status = ?"], [SERVING]
    if flt.text.strip():
        where.append("(p.name LIKE ? ESCAPE '\\' OR COALESCE(ip.tags, '') LIKE ? ESCAPE '\\')")
        params += [like_pattern(flt.text.strip())] * 2
    if flt.agency:
        where.append(f"{_agency_sql()} = ?")
        params.append(flt.agency)
    if flt.certified:
        where.append(f"{certificate} IS {'NOT ' if flt.certified == '持证' else ''}NULL")
    if flt.available:
        where.append(f"COALESCE(ip.available, 1) = {1 if flt.available == '参加抽取' else 0}")
    sortable = {k: f"p.{k}" for k in ("name", "unit", "department", "post")}
    sortable.update(agency=_agency_sql(), certificate=certificate, tags="tags", drawn="drawn")
    return PagedQuery(
        db,
        columns,
        "persons p LEFT JOIN inspector_profiles ip ON ip.person_id = p.id",
        where,
        params,
        sortable,
        default_order=f"{_agency_sql()}, p.department, p.name",
        id_column="p.id",
    )


def agencies(db: Reader) -> list[str]:
    """The departments of serving persons (profile's department, else the unit)."""
    rows = db.execute(
        f"SELECT DISTINCT {_agency_sql()} AS a FROM persons p LEFT JOIN inspector_profiles ip"
        " ON ip.person_id = p.id WHERE p.status = ? AND a != '' ORDER BY a",
        [SERVING],
    ).fetchall()
    return [r[0] for r in rows]


def known_tags(db: Reader) -> list[str]:
    """Every expertise tag in use."""
    found: dict[str, None] = {}
    for (text,) in db.execute("SELECT tags FROM inspector_profiles WHERE tags != ''"):
        for tag in str(text).split("、"):
            found.setdefault(tag, None)
    return sorted(found)


def get_profile(db: Reader, person_id: int) -> InspectorProfile:
    """The person's inspector profile (a blank one when none was saved)."""
    row = next(
        iter_rows(db, "SELECT * FROM inspector_profiles WHERE person_id = ?", [person_id]), None
    )
    return profile_from_row(row) if row else InspectorProfile(person_id)


def conflicts_of(db: Reader, person_id: int) -> list[tuple[Conflict, str]]:
    """A person's declared conflicts with the target's name (or the unit)."""
    sql = (
        "SELECT k.*, COALESCE(t.name, '') AS target_name FROM inspector_conflicts k"
        " LEFT JOIN check_targets t ON t.id = k.target_id WHERE k.person_id = ?"
        " ORDER BY k.ended_on IS NOT NULL, k.id"
    )
    return [(conflict_from_row(r), r["target_name"]) for r in iter_rows(db, sql, [person_id])]


def get_conflict(db: Reader, conflict_id: int) -> Conflict:
    """One declared conflict."""
    return conflict_from_row(
        get_row(db, "inspector_conflicts", conflict_id, f"回避记录不存在(编号 {conflict_id})")
    )


def find_target(db: Reader, text: str) -> int | None:
    """The target named (or coded) ``text``; None for blank, a refusal when none is."""
    text = text.strip()
    if not text:
        return None
    row = db.execute(
        "SELECT id FROM check_targets WHERE name = ? OR credit_code = ? ORDER BY id LIMIT 1",
        [text, text.upper()],
    ).fetchone()
    if row is None:
        raise ValidationError("检查对象", f"名录库中没有“{text}”")
    return row[0]


def all_targets(db: Reader) -> list[dict[str, Any]]:
    """Every target's stored fields (an import compares its rows with them)."""
    sql = (
        "SELECT id, name, COALESCE(credit_code, '') AS credit_code, kind, industry, area,"
        " address, contact, phone, status, notes FROM check_targets ORDER BY id"
    )
    return fetch_rows(db, sql)
