"""End-to-end search through the GUI at 100,000 rows, as ratios to a bare SQLite count.

For every list with a search box — the problems (整改台账), the roster (执法人员), the
training sessions and one session's attendance (学法培训), the draws' target directory
(检查对象名录库) — the real page is built on a real AppContext over a database of about
100,000 rows per list (offscreen). The search
text is set as the clerk types it: ``setText`` and then Enter, which the box answers at
once rather than after its pause. The clock stops when no event is left to process: the
list, its count and its summary line have then been repainted. The baseline of each word,
measured in the same run on its own plain sqlite3 connection, is ``SELECT count(*) FROM
<table> WHERE <its widest text column> LIKE ?``; for attendance, the same count over the
session's attendees by their unit.

Words of 1, 2, 3 and 4 characters are cut from the data (seeded, Chinese and letters
only, from the searched texts). Each figure is the best of ``REPEAT`` runs, the word's
runs interleaved with its baseline's; before each run the box is cleared (and the list
shown without a search), which drops what the previous search found: every run searches
afresh. The targets (issue 11): median of the words at most
1.5x the bare count, the worst word at most 3x.

``run(results, workdir)`` appends (name, ours, bare, unit) rows for bench.py: per list
the median word and the worst word. Alone: ``python tests/benchmarks/bench_search.py
[--workdir DIR]`` prints every word.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROWS = 100_000
LENGTHS = (1, 2, 3, 4)
WORDS_PER_LENGTH = 5
REPEAT = 3
SEED = 20241201
BIG_SESSION = "全员网络学法考试(基准)"


@dataclass
class Word:
    """One measured word: its GUI time and its bare count's, in seconds."""

    text: str
    ours: float
    bare: float
    found: int

    @property
    def ratio(self) -> float:
        """Ours over the bare count."""
        return self.ours / self.bare


def _top_up_targets(path: Path) -> None:
    """Copies of the demo's check targets (without a credit code) up to ROWS."""
    conn = sqlite3.connect(path)
    with conn:
        targets = conn.execute("SELECT count(*) FROM check_targets").fetchone()[0]
        columns = (
            "name, kind, industry, area, address, contact, phone, status, notes, search_text,"
            " created_at, updated_at"
        )
        while 0 < targets < ROWS:
            conn.execute(
                f"INSERT INTO check_targets ({columns}) SELECT {columns} FROM check_targets"
                " ORDER BY id LIMIT ?",
                [ROWS - targets],
            )
            targets = conn.execute("SELECT count(*) FROM check_targets").fetchone()[0]
    conn.close()


def build(workdir: Path) -> Path:
    """The 100k demo, plus training sessions and check targets up to 100,000 and one
    session of everyone."""
    import bench

    path = workdir / "search-100k.db"
    if path.exists():
        _top_up_targets(path)
        return path
    demo = bench.build(workdir, ROWS)
    scratch = workdir / "search-100k.tmp.db"
    shutil.copyfile(demo, scratch)
    from desktop_app.storage.database import open_database

    db = open_database(scratch)  # migrates: the search indexes are filled here
    with db.conn:
        sessions = db.execute("SELECT count(*) FROM training_sessions").fetchone()[0]
        columns = (
            "end_date, start_time, end_time, title, kind, hours, organiser, place,"
            " speaker, notes, expected, search_text, created_at, updated_at"
        )
        copies = 0
        while sessions < ROWS:  # earlier years: the same kinds of sessions, years back
            copies += 1
            db.execute(
                f"INSERT INTO training_sessions (date, {columns})"
                f" SELECT printf('%04d', CAST(substr(date, 1, 4) AS INTEGER) - {copies} * 6)"
                f" || substr(date, 5), {columns} FROM training_sessions"
                f" WHERE id <= ? ORDER BY id LIMIT ?",
                [sessions, ROWS - sessions],
            )
            sessions = db.execute("SELECT count(*) FROM training_sessions").fetchone()[0]
        stamp = "2024-06-01 09:00:00"
        db.execute(
            "INSERT INTO training_sessions (date, title, kind, hours, search_text,"
            " created_at, updated_at) VALUES (?, ?, '在线学法考试', 2, ?, ?, ?)",
            ["2099-06-01", BIG_SESSION, BIG_SESSION, stamp, stamp],
        )
        big = db.execute("SELECT max(id) FROM training_sessions").fetchone()[0]
        db.execute(
            "INSERT INTO training_attendance (session_id, person_id, status, hours,"
            " created_at, updated_at) SELECT ?, id, '出席', 2, ?, ? FROM persons",
            [big, stamp, stamp],
        )
    db.conn.close()
    _top_up_targets(scratch)
    scratch.rename(path)
    return path


def _words(conn: sqlite3.Connection, sql: str, rng: random.Random) -> list[str]:
    """Words of each length cut from texts the list searches (``sql`` gives the texts)."""
    texts = [t for (t,) in conn.execute(sql) if t]
    words: list[str] = []
    for length in LENGTHS:
        chosen: list[str] = []
        while len(chosen) < WORDS_PER_LENGTH:
            text = rng.choice(texts)
            if len(text) < length:
                continue
            start = rng.randrange(len(text) - length + 1)
            word = text[start : start + length]
            if all(ch.isalpha() for ch in word) and word not in chosen:
                chosen.append(word)
        words += chosen
    return words


def settle(app) -> None:
    """Process events until none is left: layouts redone, changed widgets repainted.

    The list, its count and its summary line are painted as offscreen Qt goes.
    """
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    app.sendPostedEvents()
    while loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents):
        app.sendPostedEvents()


def _time_search(app, box, text: str) -> float:
    """Type ``text`` into the search box, press Enter, wait until all is repainted."""
    box.setText("")
    box.returnPressed.emit()
    settle(app)
    start = time.perf_counter()
    box.setText(text)
    box.returnPressed.emit()
    settle(app)
    return time.perf_counter() - start


def _bare(path: Path, sql: str) -> Callable[[str], int]:
    conn = sqlite3.connect(path)

    def count(word: str) -> int:
        return conn.execute(sql, [f"%{word}%"]).fetchone()[0]

    return count


def measure(app, page, box, words: list[str], bare) -> list[Word]:
    """Every word: the GUI search and the bare count, interleaved, best of REPEAT."""
    page.resize(1360, 860)
    page.show()
    settle(app)
    found = []
    for word in words:
        ours, base = [], []
        for _ in range(REPEAT):
            ours.append(_time_search(app, box, word))
            start = time.perf_counter()
            hits = bare(word)
            base.append(time.perf_counter() - start)
        found.append(Word(word, min(ours), min(base), hits))
    page.hide()
    return found


def lists(path: Path):
    """(name, make the page and its search box, texts to cut the words from, bare SQL)."""
    from desktop_app.ui.draws.page import DrawsPage
    from desktop_app.ui.personnel.page import PersonnelPage
    from desktop_app.ui.rectification.page import RectificationPage
    from desktop_app.ui.training.page import TrainingPage

    def problems(ctx):
        page = RectificationPage(ctx)
        page.inspection.setCurrentIndex(0)  # all inspections: the largest list
        return page, page.search

    def roster(ctx):
        return (page := PersonnelPage(ctx)), page.search

    def sessions(ctx):
        page = TrainingPage(ctx)
        page.year.setCurrentIndex(0)  # all years: every session
        return page, page.search

    def attendance(ctx):
        page = TrainingPage(ctx)
        page.year.setCurrentIndex(page.year.findData(2099))
        page.select_id(page.model.row_id(0))
        return page, page.attendance.search

    def targets(ctx):
        page = DrawsPage(ctx)
        page.tabs.setCurrentWidget(page.targets)
        return page, page.targets.search

    big = f"(SELECT id FROM training_sessions WHERE title = '{BIG_SESSION}')"
    return [
        (
            "问题清单",
            problems,
            "SELECT search_text FROM problems",
            "SELECT count(*) FROM problems WHERE search_text LIKE ?",
        ),
        (
            "执法人员名单",
            roster,
            "SELECT name || unit || department FROM persons",
            "SELECT count(*) FROM persons WHERE search_text LIKE ?",
        ),
        (
            "学法培训活动",
            sessions,
            "SELECT search_text FROM training_sessions",
            "SELECT count(*) FROM training_sessions WHERE search_text LIKE ?",
        ),
        (
            "单次活动出勤名单",
            attendance,
            "SELECT name || unit || department FROM persons",
            "SELECT count(*) FROM training_attendance a JOIN persons p ON p.id = a.person_id"
            f" WHERE a.session_id = {big} AND p.unit LIKE ?",
        ),
        (
            "检查对象名录库",
            targets,
            "SELECT search_text FROM check_targets",
            "SELECT count(*) FROM check_targets WHERE search_text LIKE ?",
        ),
    ]


def run(results: list, workdir: Path, report: Callable[[str], None] | None = None) -> None:
    """Measure every list (see the module docstring) and append its median and worst word."""
    from desktop_app.ui.app import application, open_context

    path = build(workdir)
    app = application()
    rng = random.Random(SEED)
    for name, make, texts, bare_sql in lists(path):
        ctx = open_context(path)
        try:
            words = _words(ctx.conn, texts, rng)
            page, box = make(ctx)
            found = measure(app, page, box, words, _bare(path, bare_sql))
            page.deleteLater()
            app.processEvents()
        finally:
            ctx.close()
        ratios = sorted(found, key=lambda w: w.ratio)
        middle = ratios[len(ratios) // 2]
        worst = ratios[-1]
        results.append((f"搜索{name} 中位词“{middle.text}”", middle.ours, middle.bare, "s"))
        results.append((f"  同上,最慢的词“{worst.text}”", worst.ours, worst.bare, "s"))
        if report:
            median = statistics.median(w.ratio for w in found)
            report(f"\n{name}:中位比值 {median:.2f}x,最差 {worst.ratio:.2f}x")
            for length in LENGTHS:
                some = [w for w in found if len(w.text) == length]
                cells = "  ".join(
                    f"{w.text}({w.found}) {w.ours * 1000:.0f}/{w.bare * 1000:.0f}ms {w.ratio:.2f}x"
                    for w in some
                )
                report(
                    f"  {length}字 中位 {statistics.median(w.ratio for w in some):.2f}x: {cells}"
                )


def main() -> None:
    """Run alone: print every word's figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="lawledger-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: list = []
    run(results, workdir, report=print)
    print()
    for name, ours, base, unit in results:
        print(f"{name:<36}{ours:>10.3f}{unit:<2}{base:>10.3f}{unit:<2}{ours / base:>7.2f}x")


if __name__ == "__main__":
    main()
