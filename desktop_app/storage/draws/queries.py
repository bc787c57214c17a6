"""Reads of the draw register: the lists, one draw with its teams, results, figures, verify.

Every function reads through a plain sqlite3 connection (``ctx.conn`` on the GUI) or a
sqlite-utils Database; nothing here writes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.domain.draw_algorithm import verify
from desktop_app.domain.draws import (
    DONE_OUTCOMES,
    CheckResult,
    DrawRecord,
    YearFigures,
    draw_figures,
)
from desktop_app.domain.errors import UserError
from desktop_app.domain.notices import NoticeTexts
from desktop_app.storage.draws.pools import CURRENT
from desktop_app.storage.draws.rows import (
    draw_from_row,
    result_from_row,
    sealed_of,
    sealed_rows_match,
    stored_hashes,
)
from desktop_app.storage.query import PagedQuery, like_pattern
from desktop_app.storage.rows import fetch_rows, get_row, iter_rows
from desktop_app.storage.settings import read_setting

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader

_DONE = "(" + ", ".join(f"'{o}'" for o in DONE_OUTCOMES) + ")"


# -- draws -----------------------------------------------------------------------------------
@dataclass
class DrawFilter:
    """What the clerk narrowed the draw list to."""

    year: int | None = None
    text: str = ""


DRAW_COLUMNS = (
    "d.id AS id, d.draw_date AS draw_date, d.title AS title,"
    " COALESCE(m.name, '') AS matter, d.drawn_targets AS drawn_targets, d.teams AS teams,"
    " d.members AS members, d.seed AS seed, d.operator AS operator, d.witness AS witness,"
    " d.drawn_at AS drawn_at, d.redraw_of AS redraw_of,"
    " (SELECT r.id FROM draws r WHERE r.redraw_of = d.id) AS replaced_by,"
    " (SELECT count(*) FROM check_results c WHERE c.draw_id = d.id"
    f"  AND c.outcome IN {_DONE}) AS done"
)
DRAW_SORT = {k: f"d.{k}" for k in ("draw_date", "title", "drawn_targets", "teams", "members")}
DRAW_SORT.update(operator="d.operator", witness="d.witness", matter="matter", done="done")


def draw_query(db: Reader, flt: DrawFilter) -> PagedQuery:
    """The draws, newest first (a replaced draw stays on the list)."""
    where: list[str] = []
    params: list[Any] = []
    if flt.year:
        where.append("d.year = ?")
        params.append(flt.year)
    if flt.text.strip():
        where.append("d.search_text LIKE ? ESCAPE '\\'")
        params.append(like_pattern(flt.text.strip()))
    return PagedQuery(
        db,
        DRAW_COLUMNS,
        "draws d LEFT JOIN check_matters m ON m.id = d.matter_id",
        where,
        params,
        DRAW_SORT,
        default_order="d.draw_date DESC, d.id DESC",
        id_column="d.id",
    )


def draw_years(db: Reader) -> list[int]:
    """Years that have draws, newest first."""
    return [r[0] for r in db.execute("SELECT DISTINCT year FROM draws ORDER BY year DESC")]


def _draw_row(db: Reader, draw_id: int) -> dict[str, Any]:
    return get_row(db, "draws", draw_id, f"抽取记录不存在(第 {draw_id} 号)")


def get_draw(db: Reader, draw_id: int) -> DrawRecord:
    """One draw as recorded, with the redraw that replaced it, if any."""
    row = _draw_row(db, draw_id)
    replaced = db.execute("SELECT id FROM draws WHERE redraw_of = ?", [draw_id]).fetchone()
    return draw_from_row(row, replaced[0] if replaced else None)


def assignments_of(db: Reader, draw_id: int) -> list[dict[str, Any]]:
    """The drawn targets in draw order, with their team and result (if entered)."""
    sql = (
        "SELECT a.seq, a.team_no, a.target_id, a.name, a.credit_code, a.kind, a.industry,"
        " a.area, t.address, t.contact, t.phone, r.id AS result_id, r.outcome, r.check_date,"
        " r.findings, r.handling FROM draw_assignments a"
        " JOIN check_targets t ON t.id = a.target_id"
        " LEFT JOIN check_results r ON r.draw_id = a.draw_id AND r.target_id = a.target_id"
        " WHERE a.draw_id = ? ORDER BY a.seq"
    )
    return fetch_rows(db, sql, [draw_id])


def members_of(db: Reader, draw_id: int) -> list[dict[str, Any]]:
    """The members of every team, team by team in draw order."""
    sql = (
        "SELECT team_no, seq, person_id, name, agency, certified, certificate FROM draw_members"
        " WHERE draw_id = ? ORDER BY team_no, seq"
    )
    return fetch_rows(db, sql, [draw_id])


def exclusions_of(db: Reader, draw_id: int) -> list[dict[str, Any]]:
    """Every exclusion recorded with a draw: targets, inspectors, then pairs."""
    sql = (
        "SELECT e.scope, e.target_id, e.person_id, e.name, e.reason,"
        " COALESCE(a.name, t.name, '') AS target_name FROM draw_exclusions e"
        " LEFT JOIN draw_assignments a ON a.draw_id = e.draw_id AND a.target_id = e.target_id"
        " LEFT JOIN check_targets t ON t.id = e.target_id WHERE e.draw_id = ?"
        " ORDER BY CASE e.scope WHEN 'target' THEN 0 WHEN 'inspector' THEN 1 ELSE 2 END, e.id"
    )
    return fetch_rows(db, sql, [draw_id])


def result_of(db: Reader, draw_id: int, target_id: int) -> CheckResult | None:
    """The result entered for one drawn target, if any."""
    sql = "SELECT * FROM check_results WHERE draw_id = ? AND target_id = ?"
    row = next(iter_rows(db, sql, [draw_id, target_id]), None)
    return result_from_row(row) if row else None


def last_record_hash(db: Reader) -> str:
    """The record hash of the latest draw ("" before the first), which the next one seals."""
    row = db.execute("SELECT record_hash FROM draws ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else ""


def year_figures(db: Reader, year: int) -> YearFigures:
    """The year's draws in force: targets, teams, inspectors and completion."""
    rows = fetch_rows(
        db,
        f"SELECT d.* FROM draws d WHERE d.year = ? AND {CURRENT} ORDER BY d.draw_date, d.id",
        [year],
    )
    texts = []
    for row in rows:
        record = draw_from_row(row)
        sql = "SELECT kind FROM draw_assignments WHERE draw_id = ?"
        kinds = [r[0] for r in db.execute(sql, [row["id"]])]
        figures = draw_figures(record.plan, record.result, kinds)
        texts.append(f"“{record.plan.title}”{figures.text()}")
    done = db.execute(
        "SELECT count(*) FROM check_results c JOIN draws d ON d.id = c.draw_id"
        f" WHERE d.year = ? AND {CURRENT} AND c.outcome IN {_DONE}",
        [year],
    ).fetchone()[0]
    return YearFigures(
        year,
        draws=len(rows),
        targets=sum(r["drawn_targets"] for r in rows),
        teams=sum(r["teams"] for r in rows),
        inspectors=sum(r["members"] for r in rows),
        done=done,
        per_draw=tuple(texts),
    )


def publicity_rows(db: Reader, year: int, draw_id: int | None = None) -> list[dict[str, Any]]:
    """The 结果公示 list: each drawn target of the draws in force, its team and result."""
    where, params = [f"d.year = ? AND {CURRENT}"], [year]
    if draw_id is not None:
        where, params = ["d.id = ?"], [draw_id]
    sql = (
        "SELECT d.id AS draw_id, d.title, d.draw_date, COALESCE(m.name, '') AS matter,"
        " COALESCE(m.body, '') AS body, a.seq, a.team_no, a.name, a.credit_code,"
        " (SELECT group_concat(x.name || CASE WHEN x.certificate != ''"
        "   THEN '(' || x.certificate || ')' ELSE '' END, '、')"
        "  FROM (SELECT name, certificate FROM draw_members mm WHERE mm.draw_id = d.id"
        "   AND mm.team_no = a.team_no ORDER BY mm.seq) x) AS members,"
        " r.check_date, r.outcome, r.findings, r.handling"
        " FROM draw_assignments a JOIN draws d ON d.id = a.draw_id"
        " LEFT JOIN check_matters m ON m.id = d.matter_id"
        " LEFT JOIN check_results r ON r.draw_id = d.id AND r.target_id = a.target_id"
        f" WHERE {' AND '.join(where)} ORDER BY d.draw_date, d.id, a.seq"
    )
    return fetch_rows(db, sql, params)


def verify_draw(db: Reader, draw_id: int) -> list[str]:
    """Every problem found when recomputing a stored draw (empty: the record holds)."""
    row = _draw_row(db, draw_id)
    sealed = sealed_of(row)
    problems = verify(sealed, stored_hashes(row))
    before = db.execute(
        "SELECT record_hash FROM draws WHERE id < ? ORDER BY id DESC LIMIT 1", [draw_id]
    ).fetchone()
    if row["prev_hash"] != (before[0] if before else ""):
        problems.append("与前一条抽取记录的链接哈希不符(前面的记录被改动或删除)")
    if not sealed_rows_match(sealed, assignments_of(db, draw_id), members_of(db, draw_id)):
        problems.append("抽中对象或检查组成员的明细与封存的抽取结果不一致")
    return problems


def require_current(db: Reader, draw_id: int) -> DrawRecord:
    """A draw in force (not replaced by a redraw), or a refusal naming the redraw."""
    record = get_draw(db, draw_id)
    if record.replaced_by is not None:
        raise UserError(
            f"第 {draw_id} 号抽取已由第 {record.replaced_by} 号重新抽取取代,请在新的抽取中操作"
        )
    return record


def certified_in_pool(db: Reader, draw_id: int) -> int:
    """How many of a draw's inspector pool were certified on the draw date."""
    row = db.execute("SELECT inspectors_snapshot FROM draws WHERE id = ?", [draw_id]).fetchone()
    if row is None:
        raise UserError(f"抽取记录不存在(第 {draw_id} 号)")
    return sum(1 for entry in json.loads(row[0])["pool"] if entry["certified"])


def kept_notice_texts(db: Reader) -> NoticeTexts:
    """The head, contact and signature of the last 检查任务通知 (blank before the first)."""
    return NoticeTexts.from_json(read_setting(db, "draws.notice_texts"))


def assignment_query(db: Reader, draw_id: int) -> PagedQuery:
    """A draw's targets in draw order, with team members and results, for the detail list."""
    columns = (
        "a.target_id AS id, a.seq AS seq, a.team_no AS team_no, a.name AS name,"
        " a.credit_code AS credit_code, a.area AS area,"
        " (SELECT group_concat(m.name || CASE WHEN m.certified THEN '*' ELSE '' END, '、')"
        "  FROM draw_members m WHERE m.draw_id = a.draw_id AND m.team_no = a.team_no) AS members,"
        " r.check_date AS check_date, COALESCE(r.outcome, '') AS outcome,"
        " COALESCE(r.findings, '') AS findings, COALESCE(r.handling, '') AS handling"
    )
    source = (
        "draw_assignments a LEFT JOIN check_results r"
        " ON r.draw_id = a.draw_id AND r.target_id = a.target_id"
    )
    sortable = {"seq": "a.seq", "team_no": "a.team_no", "name": "a.name", "area": "a.area"}
    sortable.update(check_date="r.check_date", outcome="outcome")
    return PagedQuery(db, columns, source, ["a.draw_id = ?"], [draw_id], sortable, "a.seq", "a.id")


def exclusion_query(db: Reader, draw_id: int) -> PagedQuery:
    """A draw's recorded exclusions, for the detail tab."""
    columns = (
        "e.id AS id, e.scope AS scope, e.name AS name, e.reason AS reason,"
        " COALESCE((SELECT a.name FROM draw_assignments a WHERE a.draw_id = e.draw_id"
        "  AND a.target_id = e.target_id), '') AS target_name"
    )
    order = "CASE e.scope WHEN 'pair' THEN 0 WHEN 'inspector' THEN 1 ELSE 2 END"
    sortable = {"scope": order, "name": "e.name", "reason": "e.reason"}
    return PagedQuery(
        db, columns, "draw_exclusions e", ["e.draw_id = ?"], [draw_id], sortable, order, "e.id"
    )


def min_certified(db: Reader) -> int:
    """The least certified members per team any plan may ask for (a setting)."""
    return int(read_setting(db, "draws.min_certified"))


def require_redrawable(db: Reader, draw_id: int) -> DrawRecord:
    """A draw that may be redrawn: in force, with no result entered yet (else a refusal)."""
    record = require_current(db, draw_id)
    entered = db.execute(
        "SELECT count(*) FROM check_results WHERE draw_id = ?", [draw_id]
    ).fetchone()[0]
    if entered:
        raise UserError(f"第 {draw_id} 号抽取已录入 {entered} 条检查结果,不能重新抽取")
    return record


def draw_ids(db: Reader) -> list[int]:
    """Every draw record's id, oldest first (``draw verify --all``)."""
    return [row[0] for row in db.execute("SELECT id FROM draws ORDER BY id")]


def target_names(db: Reader) -> list[dict[str, Any]]:
    """Each target's id, name and industry, in the directory's order."""
    return fetch_rows(db, "SELECT id, name, industry FROM check_targets ORDER BY id", [])


def recorded_id_numbers(db: Reader) -> set[str]:
    """The ID numbers persons are recorded with (the demo's partners avoid them)."""
    rows = db.execute("SELECT id_number FROM persons WHERE id_number IS NOT NULL")
    return {row[0] for row in rows}


def serving_persons_of(db: Reader, units: list[str]) -> list[int]:
    """Persons in service (在职) at one of ``units``, by id."""
    marks = ", ".join("?" * len(units))
    sql = f"SELECT id FROM persons WHERE unit IN ({marks}) AND status = '在职' ORDER BY id"
    return [row[0] for row in db.execute(sql, units)]


def inspector_person_ids(db: Reader) -> list[int]:
    """The persons with an inspector profile, in the order the profiles were made."""
    return [row[0] for row in db.execute("SELECT person_id FROM inspector_profiles ORDER BY id")]
