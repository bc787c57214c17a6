"""Personnel at 100,000 people: the roster filter and the personnel ledger, as ratios.

``run(results, workdir)`` appends ``(name, ours, baseline, unit)`` tuples like bench.py:
the roster's filter (count and first page, as the list does on every change) and the
counts line against hand-written SQL doing the same work, and the ledger export against
a bare openpyxl write-only workbook of the same rows.
Run alone with ``python tests/benchmarks/bench_personnel.py [workdir]``.
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop_app.demo.personnel import create_demo  # noqa: E402
from desktop_app.exports.personnel import run_personnel_ledger  # noqa: E402
from desktop_app.storage.database import connect, open_database  # noqa: E402
from desktop_app.storage.personnel import queries  # noqa: E402
from desktop_app.storage.settings import read_certificate_rules  # noqa: E402
from tests.benchmarks.timing import best_of, peak_memory, run_alone  # noqa: E402

SCALE = 100  # about 100,000 persons
TODAY = date(2025, 3, 10)
PAGE = 50  # rows the table model fetches at a time (SqlTableModel.PAGE)


def build(workdir: Path) -> Path:
    """The demo office plus synthetic staff: about 100,000 persons."""
    path = workdir / "bench_personnel.db"
    if not path.exists():
        db = open_database(path)
        create_demo(db, SCALE, TODAY)
        db.conn.close()
    return path


def _ours(db, flt: queries.RosterFilter, rules) -> int:
    """What the roster list does on a filter change: count, then the first page."""
    query = queries.roster_query(db, flt, TODAY, rules)
    total = query.count()
    query.fetch(0, PAGE)
    return total


def _bare_counts(db, lead_days: int) -> int:
    """The counts line by hand: persons, holders, kinds by status, warnings, the year."""
    t, near = TODAY.isoformat(), (TODAY + timedelta(days=lead_days)).isoformat()
    persons = db.execute("SELECT count(*) FROM persons").fetchone()[0]
    db.execute(
        "SELECT count(DISTINCT person_id) FROM certificates WHERE status = '有效'"
        " AND valid_until >= ?",
        [t],
    ).fetchone()
    db.execute("SELECT kind, status, count(*) FROM certificates GROUP BY kind, status").fetchall()
    db.execute(
        "SELECT w, count(*) FROM (SELECT CASE WHEN p.status IN ('调离', '退休') THEN 1"
        " WHEN min(CASE WHEN c.status = '有效' THEN c.valid_until END) < ? THEN 2"
        " WHEN min(CASE WHEN c.status = '有效' THEN c.valid_until END) <= ? THEN 3"
        " WHEN min(CASE WHEN c.status = '有效' THEN c.review_due END) <= ? THEN 4 ELSE 0 END"
        " AS w FROM certificates c JOIN persons p ON p.id = c.person_id"
        " WHERE c.status IN ('有效', '暂扣') GROUP BY c.person_id) GROUP BY w",
        [t, near, near],
    ).fetchall()
    db.execute(
        "SELECT event, count(*) FROM certificate_events WHERE date BETWEEN ? AND ? GROUP BY event",
        [f"{TODAY.year}-01-01", f"{TODAY.year}-12-31"],
    ).fetchall()
    return persons


def _bare_search(db, text: str) -> int:
    """The same rows by hand: LIKE on the search text, first page with certificates."""
    pattern = f"%{text}%"
    total = db.execute(
        "SELECT count(*) FROM persons WHERE search_text LIKE ?", [pattern]
    ).fetchone()[0]
    db.execute(
        "SELECT p.id, p.name, p.unit, p.department, p.status,"
        " (SELECT min(valid_until) FROM certificates c WHERE c.person_id = p.id"
        " AND c.status = '有效') FROM persons p WHERE p.search_text LIKE ?"
        " ORDER BY p.unit, p.department, p.name LIMIT ?",
        [pattern, PAGE],
    ).fetchall()
    return total


def _bare_expiring(db, lead_days: int) -> int:
    """Holders whose valid certificate expires within the lead days, by hand."""
    t, near = TODAY.isoformat(), (TODAY + timedelta(days=lead_days)).isoformat()
    where = (
        "p.status NOT IN ('调离', '退休') AND EXISTS (SELECT 1 FROM certificates c"
        " WHERE c.person_id = p.id AND c.status = '有效' AND c.valid_until BETWEEN ? AND ?)"
        " AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.person_id = p.id"
        " AND c.status = '有效' AND c.valid_until < ?)"
    )
    total = db.execute(f"SELECT count(*) FROM persons p WHERE {where}", [t, near, t]).fetchone()[0]
    db.execute(
        f"SELECT p.id, p.name, p.unit FROM persons p WHERE {where}"
        " ORDER BY p.unit, p.department, p.name LIMIT ?",
        [t, near, t, PAGE],
    ).fetchall()
    return total


def _bare_xlsx(db, out: Path, year: int) -> int:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("执法人员台账")
    rows = 0
    for row in db.execute(
        "SELECT p.name, p.gender, p.id_number, p.unit, p.department, p.post,"
        " p.employment_type, c.kind, c.number, c.category, c.authority, c.issue_date,"
        " c.valid_until, c.status, c.last_review, c.notes"
        " FROM certificates c JOIN persons p ON p.id = c.person_id"
        " WHERE c.status IN ('有效', '暂扣') OR c.id IN (SELECT certificate_id"
        " FROM certificate_events WHERE event IN ('注销', '转出') AND date >= ?)"
        " ORDER BY p.unit, p.department, p.name, p.id, c.kind, c.id",
        [f"{year}-01-01"],
    ):
        rows += 1
        sheet.append([rows, *row])
    book.save(out)
    return rows


def run(results: list, workdir: Path) -> None:
    """Measure and append the results (see the module docstring)."""
    workdir.mkdir(parents=True, exist_ok=True)
    db = connect(build(workdir))
    rules = read_certificate_rules(db)
    persons = db.execute("SELECT count(*) FROM persons").fetchone()[0]
    label = f"{persons // 1000}k 人"

    search = queries.RosterFilter(text="王")
    assert _ours(db, search, rules) == _bare_search(db, "王")
    ours, bare = best_of(lambda: _ours(db, search, rules)), best_of(lambda: _bare_search(db, "王"))
    results.append((f"执法人员名单搜索 ({label})", ours, bare, "s"))

    expiring = queries.RosterFilter(condition="即将到期")
    assert _ours(db, expiring, rules) == _bare_expiring(db, rules.lead_days)
    ours = best_of(lambda: _ours(db, expiring, rules))
    bare = best_of(lambda: _bare_expiring(db, rules.lead_days))
    results.append((f"执法人员名单筛选即将到期 ({label})", ours, bare, "s"))

    everyone = queries.RosterFilter()
    ours = best_of(lambda: _ours(db, everyone, rules))
    bare = best_of(lambda: _bare_search(db, ""))
    results.append((f"执法人员名单全部 ({label})", ours, bare, "s"))
    ours = best_of(lambda: queries.summary(db, everyone, TODAY, rules, TODAY.year), repeat=3)
    bare = best_of(lambda: _bare_counts(db, rules.lead_days), repeat=3)
    results.append((f"执法人员统计行 ({label})", ours, bare, "s"))

    ledger, plain = workdir / "personnel_ledger.xlsx", workdir / "personnel_bare.xlsx"
    options = {"year": TODAY.year, "today": TODAY}
    start = time.perf_counter()
    written = run_personnel_ledger(db, ledger, options)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    assert _bare_xlsx(db, plain, TODAY.year) == written
    bare = time.perf_counter() - start
    results.append((f"导出执法人员台账 ({written} 行)", ours, bare, "s"))
    ours_mem = peak_memory(lambda: run_personnel_ledger(db, ledger, options))[1]
    bare_mem = peak_memory(lambda: _bare_xlsx(db, plain, TODAY.year))[1]
    results.append(("导出执法人员台账峰值内存", ours_mem, bare_mem, "MB"))
    db.conn.close()


if __name__ == "__main__":
    run_alone(run)
