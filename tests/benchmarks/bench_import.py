"""Benchmark: importing a 10,000-row rectification ledger (preview and commit).

    python tests/benchmarks/bench_import.py [--rows N]

Builds a measure-per-row ledger (merged two-row header, problem cells merged over three
measures, a 填表人 footer), then measures in one run: bare reading of the file with
python-calamine (the baseline), reading + preview, and commit into a fresh database, each
with its peak Python memory (tracemalloc), and prints the ratios to the baseline.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

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


def measure(label: str, action):
    """(seconds, peak MB, result) of one call."""
    tracemalloc.start()
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"{label:<28} {seconds:8.2f} s  peak {peak:8.1f} MB")
    return seconds, peak, result


def main() -> None:
    """Build, read, preview, commit; print the ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    ledger = folder / "台账.xlsx"
    build_ledger(ledger, args.rows)
    print(f"{args.rows} rows, {ledger.stat().st_size / 2**20:.1f} MB")

    def bare() -> int:
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_path(str(ledger))
        return len(book.get_sheet_by_index(0).to_python())

    base, _base_peak, _ = measure("bare calamine read", bare)
    db = open_database(folder / "bench.db")
    options = imports.Options("rectification", today=date(2023, 1, 1))
    read, read_peak, source = measure("read (values + merges)", lambda: imports.open_source(ledger))
    prev, prev_peak, result = measure("preview", lambda: imports.preview(db.conn, source, options))
    assert result.ok, result.all_errors()[:3]
    done, done_peak, _ = measure(
        "commit (backup + write)", lambda: imports.commit(db, result, folder)
    )
    print(f"problems {result.summary['problems']}, measures {result.summary['measures']}")
    print(f"read + preview = {(read + prev) / base:.1f}× bare read; commit = {done / base:.1f}×")
    print(f"peak memory: preview {max(read_peak, prev_peak):.0f} MB, commit {done_peak:.0f} MB")
    db.close()


if __name__ == "__main__":
    main()
