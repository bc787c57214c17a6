"""The home page at 100,000 problems and 100,000 people, against the rectification list.

Run: ``python tests/benchmarks/bench_home.py [--workdir DIR] [--runs N]`` (not collected by
pytest). Printed as ratios to baselines measured in the same run:

- 首页画出: the home page built, shown, its figures read (in the background, side by side)
  and every tile, the digest and the four charts painted, against the rectification page
  built and painted showing all 100,000 problems (its count, summary line and first page);
  the issue asks for at most 2x.
- 启动: ``python -m desktop_app --db FILE`` to the main window painted (the window opens on
  the home page), against a bare PySide6 window started the same way (``bench.py``'s own
  measure, medians of interleaved runs); the issue asks for at most 2x.

The database is the demo at scale 100 (``demo --scale 100``: about 100,000 problems and
99,000 persons), built once in the work folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.benchmarks.bench import (  # noqa: E402
    START_BARE,
    START_OURS,
    _start,
    build,
    compile_package,
)

SIZE = (1366, 768)


def _best(times: list[float]) -> float:
    return min(times)


def bench_page(db_path: Path, repeat: int = 5) -> tuple[float, float]:
    """(home page drawn, rectification list drawn), best of ``repeat`` each, seconds."""
    from desktop_app.storage import query
    from desktop_app.ui.app import application, open_context
    from desktop_app.ui.home.page import HomePage
    from desktop_app.ui.rectification.page import RectificationPage

    app = application()
    ctx = open_context(db_path)
    home_times, list_times = [], []
    for _ in range(repeat):
        query._REMEMBERED.clear()  # nothing remembered from the run before
        start = time.perf_counter()
        page = HomePage(ctx)
        page.resize(*SIZE)
        page.show()
        while not page.loaded:
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()
        page.grab()
        home_times.append(time.perf_counter() - start)
        page.close()
        page.deleteLater()
        app.processEvents()

        query._REMEMBERED.clear()
        start = time.perf_counter()
        rect = RectificationPage(ctx)
        rect.inspection.setCurrentIndex(0)  # all inspections: the largest list
        rect.resize(*SIZE)
        rect.show()
        app.processEvents()
        rect.grab()
        list_times.append(time.perf_counter() - start)
        rect.close()
        rect.deleteLater()
        app.processEvents()
    ctx.close()
    return _best(home_times), _best(list_times)


def bench_start(db_path: Path, runs: int) -> tuple[float, float]:
    """(our start to the window painted, a bare window's), medians of interleaved runs."""
    compile_package()
    ours, bare = [], []
    for _ in range(runs):
        ours.append(_start(START_OURS, str(db_path))[0])
        bare.append(_start(START_BARE)[0])
    return statistics.median(ours), statistics.median(bare)


def main() -> None:
    """Build (once) the 100k database, measure, print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "lawledger-bench"
    )
    parser.add_argument("--runs", type=int, default=15, help="start-up runs (medians)")
    parser.add_argument("--db", type=Path, help="use this database instead of building one")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    db_path = args.db or build(args.workdir, 100_000)
    home, listed = bench_page(db_path)
    print(f"首页画出 (100k 问题、10 万人)   {home:7.3f} s   整改问题清单(全部) {listed:7.3f} s"
          f"   比值 {home / listed:5.2f}x (要求 ≤ 2x)")  # fmt: skip
    ours, bare = bench_start(db_path, args.runs)
    print(f"启动到主窗口显示 (100k)       {ours:7.3f} s   空白窗口 {bare:7.3f} s"
          f"   比值 {ours / bare:5.2f}x (要求 ≤ 2x)")  # fmt: skip


if __name__ == "__main__":
    main()
