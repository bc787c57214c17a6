"""Benchmark: importing a 10,000-row rectification ledger (preview and commit).

    python tests/benchmarks/bench_import.py [--rows N]

Builds a measure-per-row ledger (merged two-row header, problem cells merged over three
measures, a 填表人 footer), then measures: bare reading of the file with python-calamine (the
baseline), reading (values and merged ranges), preview, and commit (backup and write) into a
fresh database, and prints the ratios to the baseline. Times are taken untraced (each the
best of ``--repeat`` runs); peak Python memory (tracemalloc, which slows everything down
several times) in a second, traced pass.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop_app import imports
from desktop_app.storage.database import open_database


def build_ledger(path: Path, rows: int) -> None:
    """A clerk's ledger of ``rows`` measures, three per problem."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["基准巡察整改工作台账"])
    ws.append(
        ["序号", "存在问题", "整改措施", "责任领导", "责任单位", None, "整改时限", "完成情况"]
    )
    ws.append([None, None, None, None, "牵头部门", "配合部门", None, None])
    for cells in ("A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2", "G2:G3", "H2:H3"):
        ws.merge_cells(cells)
    for n in range(rows):
        problem = n // 3
        first = n % 3 == 0
        ws.append(
            [
                problem + 1 if first else None,
                f"第{problem + 1}个问题:执法公示不及时,台账不规范" if first else None,
                f"第{n + 1}项措施:建立制度并落实",
                "分管领导",
                f"处室{problem % 7}",
                "办公室",
                f"2023年{n % 12 + 1}月",
                ("已完成", "正在推进", "长期坚持")[n % 3],
            ]
        )
        if first:
            r = ws.max_row
            ws.merge_cells(f"A{r}:A{r + 2}")
            ws.merge_cells(f"B{r}:B{r + 2}")
    ws.append(["填表人:基准"])
    wb.save(path)


def timed(label: str, action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """(best seconds of ``repeat`` runs, the last result) of one call, untraced."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    print(f"{label:<28} {best:8.2f} s")
    return best, result


def peak(action: Callable[[], Any]) -> float:
    """Peak Python memory (MB) of one traced call."""
    tracemalloc.start()
    action()
    found = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return found


def main() -> None:
    """Build, read, preview, commit; print the ratios and the peak memory."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    ledger = folder / "台账.xlsx"
    build_ledger(ledger, args.rows)
    print(f"{args.rows} rows, {ledger.stat().st_size / 2**20:.1f} MB")
    options = imports.Options("rectification", today=date(2023, 1, 1))
    databases = iter(range(1_000))

    def bare() -> int:
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_path(str(ledger))
        return len(book.get_sheet_by_index(0).to_python())

    def fresh():
        return open_database(folder / f"bench-{next(databases)}.db")

    def commit() -> float:
        """Seconds of one commit (backup + write) of a preview into a fresh database."""
        db = fresh()
        try:
            planned = imports.preview(db.conn, source, options)
            started = time.perf_counter()
            imports.commit(db, planned, folder)
            return time.perf_counter() - started
        finally:
            db.close()

    base, _ = timed("bare calamine read", bare, args.repeat)
    read, source = timed("read (values + merges)", lambda: imports.open_source(ledger), args.repeat)
    db = fresh()
    prev, result = timed("preview", lambda: imports.preview(db.conn, source, options), args.repeat)
    db.close()
    assert result.ok, result.all_errors()[:3]
    done = min(commit() for _ in range(args.repeat))
    print(f"{'commit (backup + write)':<28} {done:8.2f} s")
    print(f"problems {result.summary['problems']}, measures {result.summary['measures']}")
    print(
        f"read + preview = {(read + prev) / base:.1f}× bare read (preview alone"
        f" {prev / base:.1f}×); commit = {done / base:.1f}×"
    )
    bare_peak = peak(bare)

    def read_and_preview() -> None:
        db = fresh()
        try:
            imports.preview(db.conn, imports.open_source(ledger), options)
        finally:
            db.close()

    preview_peak = peak(read_and_preview)
    commit_peak = peak(commit)
    print(
        f"peak memory: bare read {bare_peak:.0f} MB, read + preview {preview_peak:.0f} MB,"
        f" preview + commit {commit_peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
