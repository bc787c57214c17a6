"""Training at 100,000 attendance rows: the attendance list filter and the yearly ledger.

``run(results, workdir)`` appends one dict per measurement: what was measured, our time,
the time of the bare equivalent (hand-written SQL; openpyxl write-only) and their ratio.
Run alone with ``python -m tests.benchmarks.bench_training``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlite_utils import Database

from desktop_app.demo.training import create_demo
from desktop_app.exports.training import run_training_ledger
from desktop_app.storage.database import open_database
from desktop_app.storage.training import queries
from tests.benchmarks.timing import median_of

PERSONS = 400
SCALE = 100  # × 1,000 attendance rows
YEAR = 2024
PAGE = 50  # rows the table model fetches at a time (SqlTableModel.PAGE)


def build(workdir: Path) -> Database:
    """A database whose one year holds 100,000 attendance rows of 400 persons."""
    path = workdir / "bench_training.db"
    for stale in workdir.glob("bench_training.db*"):
        stale.unlink()
    db = open_database(path)
    stamp = "2024-01-01 00:00:00"
    db["persons"].insert_all(
        {
            "name": f"{'张王李赵刘陈杨黄'[i % 8]}{i:04d}",
            "unit": "市科技局",
            "department": f"第{i % 12 + 1}处",
            "post": "科员",
            "status": "在职",
            "created_at": stamp,
            "updated_at": stamp,
        }
        for i in range(PERSONS)
    )
    create_demo(db, SCALE, date(YEAR + 1, 3, 1))
    with db.atomic():  # every session into one year: the ledger then has all rows
        db.execute(f"UPDATE training_sessions SET date = '{YEAR}' || substr(date, 5)")
    return db


def _bare_filter(db: Database, text: str) -> tuple[int, list]:
    pattern = f"%{text}%"
    total = db.execute(
        "SELECT count(*) FROM training_attendance a JOIN persons p ON p.id = a.person_id"
        " WHERE p.name LIKE ?",
        [pattern],
    ).fetchone()[0]
    rows = db.execute(
        "SELECT a.id, p.name, p.unit, p.department, a.status, a.hours, a.score"
        " FROM training_attendance a JOIN persons p ON p.id = a.person_id"
        " WHERE p.name LIKE ? ORDER BY a.id LIMIT ?",
        [pattern, PAGE],
    ).fetchall()
    return total, rows


def _our_filter(db: Database, flt: queries.AttendanceFilter) -> tuple[int, list]:
    query = queries.attendance_query(db, flt)
    return query.count(), query.fetch(0, PAGE)


def _bare_session(db: Database, session_id: int) -> tuple[int, list]:
    total = db.execute(
        "SELECT count(*) FROM training_attendance WHERE session_id = ?", [session_id]
    ).fetchone()[0]
    rows = db.execute(
        "SELECT a.id, p.name, a.status FROM training_attendance a"
        " JOIN persons p ON p.id = a.person_id WHERE a.session_id = ? LIMIT ?",
        [session_id, PAGE],
    ).fetchall()
    return total, rows


def _bare_xlsx(db: Database, out: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("出勤")
    for row in db.execute(
        "SELECT s.date, s.title, s.kind, p.name, p.unit, p.department, p.post, a.status,"
        " a.hours, a.score, a.remark FROM training_attendance a"
        " JOIN persons p ON p.id = a.person_id JOIN training_sessions s ON s.id = a.session_id"
        " ORDER BY s.date, s.id, a.id"
    ):
        sheet.append(row)
    book.save(out)


def run(results: list, workdir: Path) -> None:
    """Measure and append the results (see the module docstring)."""
    workdir.mkdir(parents=True, exist_ok=True)
    db = build(workdir)
    rows = db.execute("SELECT count(*) FROM training_attendance").fetchone()[0]
    text = "张00"
    ours = median_of(lambda: _our_filter(db, queries.AttendanceFilter(text=text)))
    bare = median_of(lambda: _bare_filter(db, text))
    assert _our_filter(db, queries.AttendanceFilter(text=text))[0] == _bare_filter(db, text)[0]
    results.append((f"学法出勤按姓名筛选 ({rows} 行)", ours, bare, "s"))
    biggest = db.execute(
        "SELECT session_id FROM training_attendance GROUP BY session_id ORDER BY count(*) DESC"
    ).fetchone()[0]
    flt = queries.AttendanceFilter(session_id=biggest)
    ours = median_of(lambda: _our_filter(db, flt))
    bare = median_of(lambda: _bare_session(db, biggest))
    results.append(("单次培训出勤名单", ours, bare, "s"))
    ledger, plain = workdir / "training_ledger.xlsx", workdir / "bare.xlsx"
    ours = median_of(lambda: run_training_ledger(db, ledger, {"year": YEAR}), repeat=1)
    bare = median_of(lambda: _bare_xlsx(db, plain), repeat=1)
    results.append((f"导出学法培训台账 ({rows} 条出勤)", ours, bare, "s"))
    db.close()
