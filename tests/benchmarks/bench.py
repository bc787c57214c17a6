"""Benchmark: LawLedger against bare baselines measured in the same run, printed as ratios.

Run: ``python tests/benchmarks/bench.py [--sizes 1000,10000,100000] [--workdir DIR]``.
Not collected by pytest. Every figure is a ratio to a baseline that does the same work
with the bare library (PySide6, sqlite3, openpyxl, reportlab), so machine speed cancels out.
``bench_search.py`` adds the end-to-end GUI search of every list at 100,000 rows (it builds
its database from the 100k demo); run it alone to see every word.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.demo import create_demo  # noqa: E402
from desktop_app.storage.database import connect, open_database  # noqa: E402
from tests.benchmarks.timing import best_of, peak_memory  # noqa: E402

Result = tuple[str, float, float, str]  # name, ours, baseline, unit
SEARCH = "执法"


def build(workdir: Path, problems: int) -> Path:
    """A demo database with about ``problems`` problems."""
    path = workdir / f"demo-{problems}.db"
    if not path.exists():
        db = open_database(path)
        create_demo(db, scale=max(1, problems // 1000))
        db.conn.close()
    return path


# Start-up is measured from launching the process to the main window on screen: what the
# clerk waits for. Ours is the real entry point (`python -m desktop_app --db FILE`) with the
# event loop replaced by one pass that paints the window; the baseline is a bare PySide6
# window, started the same way. numpy is hidden in both: it is no part of the product
# (sqlite-utils would import it if present; the installer leaves it out).
_PEAK = """
import sys, time
def peak_mb():  # VmHWM: this process's own peak RSS (ru_maxrss would include the parent's)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""

START_OURS = (
    _PEAK
    + """
T0 = time.perf_counter()
sys.modules["numpy"] = None
from desktop_app import cli
from PySide6.QtWidgets import QApplication

def shown(app):  # instead of the event loop: paint the window once, report, exit
    app.processEvents()
    print(time.time(), time.perf_counter() - T0, peak_mb())
    return 0

QApplication.exec = shown
sys.exit(cli.main(["--db", sys.argv[1]]))
"""
)

START_BARE = (
    _PEAK
    + """
T0 = time.perf_counter()
sys.modules["numpy"] = None
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1360, 860); w.show()
app.processEvents()
print(time.time(), time.perf_counter() - T0, peak_mb())
"""
)


def _python(code: str, *args: str) -> list[float]:
    """Run ``code`` in a fresh interpreter with bytecode caching on (as installed); the
    numbers it printed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LAWLEDGER_DATA_DIR": tempfile.mkdtemp()}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    return [float(x) for x in out]


def _start(code: str, *args: str) -> tuple[float, float, float]:
    """(seconds from launch to the window shown, the same from inside the process, peak MB)."""
    launched = time.time()
    shown_at, inside, peak = _python(code, *args)
    return shown_at - launched, inside, peak


def compile_package() -> None:
    """Byte-compile the package first, as installed: a module edited since its last run would
    otherwise be compiled inside the first measured start."""
    compile_all = [sys.executable, "-m", "compileall", "-q", str(ROOT / "desktop_app")]
    subprocess.run(compile_all, check=True)


def bench_start(db: Path, results: list[Result], runs: int = 31) -> None:
    """Start to a shown main window vs a bare PySide6 window: medians of fresh processes,
    ours and the baseline interleaved so that a busy moment of the machine hits both."""
    compile_package()
    ours, bare = [], []
    for _ in range(runs):
        ours.append(_start(START_OURS, str(db)))
        bare.append(_start(START_BARE))
    for index, name in ((0, "启动到主窗口显示 (100k,从启动进程起)"), (1, "  同上,从解释器就绪起")):
        mine = statistics.median(o[index] for o in ours)
        results.append((name, mine, statistics.median(b[index] for b in bare), "s"))
    results.append(("启动峰值内存 RSS", max(o[2] for o in ours), max(b[2] for b in bare), "MB"))


def bench_filter(db_path: Path, label: str, results: list[Result]) -> None:
    """One search-box filter on the problem list vs the bare SQL query."""
    from desktop_app.ui.app import application, open_context
    from desktop_app.ui.rectification.page import RectificationPage

    application()
    ctx = open_context(db_path)
    page = RectificationPage(ctx)
    page.inspection.setCurrentIndex(0)  # all inspections: the largest list

    def ours() -> None:
        page.search.setText(SEARCH)
        page.apply_filter()
        page.problems.row(0)

    bare_conn = connect(db_path).conn

    def bare() -> None:  # what any filtered list needs: how many match, and the first page
        pattern = [f"%{SEARCH}%"]
        bare_conn.execute(
            "SELECT count(*) FROM problems WHERE search_text LIKE ?", pattern
        ).fetchone()
        bare_conn.execute(
            "SELECT * FROM problems WHERE search_text LIKE ? ORDER BY inspection_id, seq, id"
            " LIMIT 200",
            pattern,
        ).fetchall()

    results.append((f"搜索筛选问题清单 ({label})", best_of(ours), best_of(bare), "s"))
    page.deleteLater()
    ctx.close()


LEDGER_OURS = """
import sys, time
def peak_mb():  # VmHWM: this process's own peak RSS (ru_maxrss would include the parent's)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
from pathlib import Path
from desktop_app.exports import get_export, load_all
from desktop_app.storage.database import connect
load_all()
db = connect(sys.argv[1])
t0 = time.perf_counter()
get_export("rectification-ledger").run(db, Path(sys.argv[2]), {}, None, None)
print(time.perf_counter() - t0, peak_mb())
"""

# The same cells with bare openpyxl write-only: the same values, each with a font, borders
# and wrapping, streamed row by row from one SQL query.
LEDGER_BARE = """
import sys, time, sqlite3
def peak_mb():  # VmHWM: this process's own peak RSS (ru_maxrss would include the parent's)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
db = sqlite3.connect(sys.argv[1])
t0 = time.perf_counter()
font, border = Font(name="宋体", size=10), Border(*(Side("thin"),) * 4)
wrap = Alignment(vertical="center", wrap_text=True)
book = Workbook(write_only=True)
sheet = book.create_sheet("台账")
for row in db.execute(
    "SELECT p.seq, p.category, p.description, m.content, m.leader, m.lead_dept,"
    " m.resp_depts, m.deadline, '', m.status, m.completion_date, m.completion_way,"
    " m.signoff_date, ''"
    " FROM problems p LEFT JOIN measures m ON m.problem_id = p.id"
    " ORDER BY p.inspection_id, p.seq, m.seq"
):
    cells = []
    for value in row:
        cell = WriteOnlyCell(sheet, value)
        cell.font, cell.border, cell.alignment = font, border, wrap
        cells.append(cell)
    sheet.append(cells)
book.save(sys.argv[2])
print(time.perf_counter() - t0, peak_mb())
"""


def bench_ledger(db_path: Path, label: str, workdir: Path, results: list[Result]) -> None:
    """The ledger export vs bare openpyxl write-only of the same cells; peak process memory.

    Two baselines: the same styled cells (what the ledger is), and the bare values alone
    (a floor that no styled ledger can reach, printed for an honest picture).
    """
    ours = _python(LEDGER_OURS, str(db_path), str(workdir / f"ledger-{label}.xlsx"))
    bare = _python(LEDGER_BARE, str(db_path), str(workdir / f"bare-{label}.xlsx"))
    styling = "        cell.font, cell.border, cell.alignment = font, border, wrap\n"
    assert styling in LEDGER_BARE
    plain_code = LEDGER_BARE.replace(styling, "")
    plain = _python(plain_code, str(db_path), str(workdir / f"plain-{label}.xlsx"))
    results.append((f"导出整改台账 ({label})", ours[0], bare[0], "s"))
    results.append((f"  同上,对比仅写值 ({label})", ours[0], plain[0], "s"))
    results.append((f"导出台账峰值内存 RSS ({label})", ours[1], bare[1], "MB"))


def bench_report(db_path: Path, workdir: Path, results: list[Result]) -> None:
    """The report on 1,000 problems vs bare reportlab platypus of the same paragraphs."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from desktop_app.exports import document_fonts
    from desktop_app.exports import rectification as export_specs
    from desktop_app.exports.documents import agency_profile
    from desktop_app.formats.pdf_layout import Heading1, Heading2, Heading3
    from desktop_app.formats.pdf_layout import Paragraph as Para
    from desktop_app.formats.rectification.documents import compose_report

    db = connect(db_path)
    ids = [r[0] for r in db.execute("SELECT id FROM inspections").fetchall()]
    sections = export_specs.report_sections(db, ids)
    texts = export_specs.report_texts(db, ids, sections)
    fonts = document_fonts(db)
    problems = sum(len(p) for _i, p in sections)
    blocks = compose_report(texts, sections, agency_profile(db), export_specs.today()).blocks
    paragraphs = [b.text for b in blocks if isinstance(b, Para | Heading1 | Heading2 | Heading3)]
    style = ParagraphStyle(
        "body",
        fontName=fonts.names["fangsong"],
        fontSize=16,
        leading=28.9,
        firstLineIndent=32,
        wordWrap="CJK",
    )

    def ours() -> None:
        export_specs.write_report(db, workdir / "report.pdf", None, texts)

    def bare() -> None:
        doc = SimpleDocTemplate(str(workdir / "bare.pdf"), pagesize=A4)
        doc.build([Paragraph(t, style) for t in paragraphs])

    results.append(
        (f"生成整改进展通报 PDF ({problems} 个问题)", best_of(ours, 2), best_of(bare, 2), "s")
    )
    results.append(("生成通报峰值内存 (Python)", peak_memory(ours)[1], peak_memory(bare)[1], "MB"))
    db.conn.close()


def main() -> None:
    """Build the databases, run every measurement, print the ratio table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="lawledger-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    try:
        dbs = {n: build(workdir, n) for n in sizes}
        largest = dbs[max(sizes)]
        bench_start(largest, results)
        for n, path in dbs.items():
            bench_filter(path, f"{n // 1000}k", results)
            bench_ledger(path, f"{n // 1000}k", workdir, results)
        bench_report(dbs[min(sizes)], workdir, results)
        for module in ("bench_personnel", "bench_training", "bench_draws", "bench_search"):
            if (Path(__file__).parent / f"{module}.py").exists():
                sys.path.insert(0, str(Path(__file__).parent))
                __import__(module).run(results, workdir)
    finally:  # whatever was measured is printed, even if a later step fails
        print_table(results, workdir)


def print_table(results: list[Result], workdir: Path) -> None:
    """The ratio table."""
    print(f"\n{'测量项':<36}{'本程序':>12}{'基准':>12}{'比值':>8}")
    for name, ours, base, unit in results:
        ratio = ours / base if base else float("nan")
        print(f"{name:<36}{ours:>10.3f}{unit:<2}{base:>10.3f}{unit:<2}{ratio:>7.2f}x")
    print(f"\n数据与输出文件:{workdir}")


if __name__ == "__main__":
    main()
