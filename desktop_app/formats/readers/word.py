"""Word documents (.docx): every table, and the paragraphs as text (a feedback or report)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.formats.readers import (
    MAX_COLUMNS,
    MAX_ROWS,
    ImportFileError,
    Source,
    SourceTable,
)


def read_docx(path: Path) -> Source:
    """Each table of the document as a table (vertically merged cells marked merged)."""
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise ImportFileError(f"“{path.name}”已损坏或不是有效的 Word 文件,无法读取") from exc
    source = Source(path.name, "docx")
    lines = [p.text for p in document.paragraphs]
    source.text = "\n".join(lines)
    for number, table in enumerate(document.tables, 1):
        source.tables.append(_table(table, f"表格{number}", path.name))
    return source


def _table(table: Any, name: str, file_name: str) -> SourceTable:
    rows: list[list[Any]] = []
    merged: list[tuple[int, int, int, int]] = []
    above: dict[int, tuple[Any, int]] = {}  # column → (cell element, first row of its run)
    if len(table.rows) > MAX_ROWS:
        raise ImportFileError(f"“{file_name}”的{name}超过 {MAX_ROWS} 行,超过导入上限")
    for r, row in enumerate(table.rows):
        cells = row.cells
        if len(cells) > MAX_COLUMNS:
            raise ImportFileError(f"“{file_name}”的{name}超过 {MAX_COLUMNS} 列,超过导入上限")
        values: list[Any] = []
        span_start = 0
        for c, cell in enumerate(cells):
            element = cell._tc
            if c and cells[c - 1]._tc is element:  # a horizontal merge repeats the cell
                values.append(None)
                merged.append((r, span_start, r, c))
                continue
            span_start = c
            start = above.get(c)
            if start is not None and start[0] is element:
                values.append(None)  # vertical merge: the value stays in the first row
                merged.append((start[1], c, r, c))
                continue
            above[c] = (element, r)
            values.append(cell.text.strip())
        rows.append(values)
    return SourceTable(name, rows, _join(merged))


def _join(pieces: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """One range per run: the pieces of a run share their first row and column."""
    runs: dict[tuple[int, int], tuple[int, int]] = {}
    for first, column, row, last_column in pieces:
        end_row, end_column = runs.get((first, column), (first, column))
        runs[(first, column)] = (max(end_row, row), max(end_column, last_column))
    return [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in runs.items()]
