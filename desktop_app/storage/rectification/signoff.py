"""What the 销号 rules and the delete guards need to read: settings, evidence, signed-off items.

The rules themselves are in ``domain.signoff``; the repository checks them on every sign-off
(the GUI, the CLI and an undo alike) and the GUI asks the same functions before it opens the
sign-off form or a delete question.
"""

from __future__ import annotations

from desktop_app.domain.errors import LockedError, UserError
from desktop_app.domain.rectification import Measure
from desktop_app.domain.signoff import (
    SignOffRules,
    check_refusals,
    measure_refusals,
    problem_refusals,
)
from desktop_app.storage.database import Reader
from desktop_app.storage.rectification.queries import get_problem
from desktop_app.storage.rectification.rows import measure_from_row
from desktop_app.storage.rows import iter_rows
from desktop_app.storage.settings import read_settings

SHOWN_ITEMS = 8  # a delete refusal names at most this many signed-off items


def read_signoff_rules(db: Reader) -> SignOffRules:
    """The office's 销号 settings."""
    keys = {f"rectification.{name}": name for name in SignOffRules.__dataclass_fields__}
    values = read_settings(db, keys)
    return SignOffRules(**{name: values[key] for key, name in keys.items()})


def _count(db: Reader, sql: str, value: int) -> int:
    return int(db.execute(sql, [value]).fetchone()[0])


def _measure(db: Reader, measure_id: int) -> Measure:
    row = next(iter_rows(db, "SELECT * FROM measures WHERE id = ?", [measure_id]), None)
    if row is None:
        raise UserError(f"记录不存在或已被删除(measures #{measure_id})")
    return measure_from_row(row)


def check_signoff_allowed(db: Reader, record_type: str, record_id: int) -> None:
    """Refuse (naming the blocking measures, the missing evidence) a 销号 the rules forbid."""
    rules = read_signoff_rules(db)
    if record_type == "problem":
        problem = get_problem(db, record_id, with_measures=True)
        evidence = _count(db, "SELECT count(*) FROM evidence WHERE problem_id = ?", record_id)
        reasons = problem_refusals(problem, problem.measures, evidence, rules)
        check_refusals("问题", reasons, problem.signoff is not None)
        return
    measure = _measure(db, record_id)
    problem = get_problem(db, int(measure.problem_id or 0), with_measures=False)
    evidence = _count(db, "SELECT count(*) FROM evidence WHERE measure_id = ?", record_id)
    reasons = measure_refusals(measure, problem, evidence, rules)
    already = measure.signoff is not None or problem.signoff is not None
    check_refusals("措施", reasons, already)


def _named(lines: list[str]) -> str:
    shown = lines[:SHOWN_ITEMS]
    if len(lines) > SHOWN_ITEMS:
        shown.append(f"……另有 {len(lines) - SHOWN_ITEMS} 项")
    return "\n".join(f"  {line}" for line in shown)


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:29] + "…"


def signed_off_in_problem(db: Reader, problem_id: int) -> list[str]:
    """The signed-off measures of a problem, one line each (措施N:… ,销号日期)."""
    sql = (
        "SELECT seq, content, signoff_date FROM measures"
        " WHERE problem_id = ? AND signoff_date IS NOT NULL ORDER BY seq, id"
    )
    rows = db.execute(sql, [problem_id]).fetchall()
    return [f"措施{seq}:{_short(content)}(已于 {day} 销号)" for seq, content, day in rows]


def signed_off_in_inspection(db: Reader, inspection_id: int) -> list[str]:
    """The signed-off problems and measures under an inspection, one line each."""
    sql = (
        "SELECT p.seq, p.description, p.signoff_date, NULL, NULL FROM problems p"
        " WHERE p.inspection_id = ? AND p.signoff_date IS NOT NULL"
        " UNION ALL SELECT p.seq, p.description, NULL, m.seq, m.signoff_date"
        " FROM measures m JOIN problems p ON p.id = m.problem_id"
        " WHERE p.inspection_id = ? AND m.signoff_date IS NOT NULL"
        " ORDER BY 1, 4"
    )
    lines = []
    for p_seq, text, p_day, m_seq, m_day in db.execute(sql, [inspection_id, inspection_id]):
        if m_seq is None:
            lines.append(f"问题{p_seq}:{_short(text)}(已于 {p_day} 销号)")
        else:
            lines.append(f"问题{p_seq} 的措施{m_seq}(已于 {m_day} 销号)")
    return lines


def check_problem_deletable(db: Reader, problem_id: int) -> None:
    """Refuse deleting a problem that is signed off or holds signed-off measures."""
    problem = get_problem(db, problem_id, with_measures=False)
    if problem.signoff is not None:
        raise LockedError("该问题已销号,不能删除;如确需删除,请先“撤销销号”并说明理由。")
    signed = signed_off_in_problem(db, problem_id)
    if signed:
        raise LockedError(
            f"该问题下有 {len(signed)} 项已销号的整改措施,不能删除:\n{_named(signed)}\n"
            "销号是有记录的决定;如确需删除,请先对这些措施“撤销销号”并说明理由。"
        )


def check_inspection_deletable(db: Reader, inspection_id: int, name: str) -> None:
    """Refuse deleting an inspection that holds signed-off problems or measures."""
    signed = signed_off_in_inspection(db, inspection_id)
    if signed:
        raise LockedError(
            f"巡察“{name}”下有 {len(signed)} 个已销号的问题或措施,不能删除:\n{_named(signed)}\n"
            "销号是有记录的决定;如确需删除,请先逐项“撤销销号”并说明理由。"
        )
