"""Excel and WPS workbooks (.xlsx, .xls, .ods): values and merged ranges by python-calamine.

python-calamine reads the cached value of every cell (a formula is never evaluated, macros
are never run) and, since 0.4, the merged ranges of every format, from the same pass over
the sheet. (openpyxl was used for the merges of .xlsx before: its normal mode builds an
object for every cell and takes 50 times as long as the values; its read-only mode has no
merges.) Its XML parser expands no entities; ``sniff`` refuses entity declarations anyway.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from desktop_app.formats.readers import (
    MAX_COLUMNS,
    MAX_ROWS,
    CancelCheck,
    ImportFileError,
    Progress,
    Source,
    SourceTable,
)

_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')
BYTES_PER_ROW = 600  # a sheet member larger than MAX_ROWS × this holds too many rows


def read_workbook(
    path: Path,
    kind: str,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Source:
    """Every worksheet of a workbook as a table, positioned as Excel shows it."""
    import python_calamine as calamine

    if kind == "xlsx":
        _check_sheet_sizes(path)
    handle = path.open("rb")  # by content, not by extension: a renamed .xls still reads
    try:
        workbook = calamine.CalamineWorkbook.from_filelike(handle)
    except calamine.PasswordError:
        handle.close()
        raise ImportFileError(
            f"“{path.name}”设置了密码,无法读取;请在 Excel/WPS 中取消密码后另存,再导入"
        ) from None
    except Exception as exc:  # calamine's errors carry English text only
        handle.close()
        raise ImportFileError(f"“{path.name}”已损坏或不是有效的 {kind} 文件,无法读取") from exc
    source = Source(path.name, kind)
    try:
        sheets = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.typ == calamine.SheetTypeEnum.WorkSheet
        ]
        for number, name in enumerate(sheets, 1):
            if cancelled and cancelled():
                break
            source.tables.append(_read_sheet(workbook, name, path.name))
            if progress:
                progress(number, len(sheets))
    finally:
        workbook.close()
        handle.close()
    if not source.tables:
        raise ImportFileError(f"“{path.name}”中没有工作表")
    return source


def _read_sheet(workbook: Any, name: str, file_name: str) -> SourceTable:
    try:
        sheet = workbook.get_sheet_by_name(name)
    except Exception as exc:
        raise ImportFileError(f"“{file_name}”的工作表“{name}”已损坏,无法读取") from exc
    if sheet.total_height > MAX_ROWS:
        raise ImportFileError(_too_many(file_name, name, sheet.total_height))
    if sheet.total_width > MAX_COLUMNS:
        raise ImportFileError(
            f"“{file_name}”的工作表“{name}”有 {sheet.total_width} 列,超过上限 {MAX_COLUMNS} 列"
        )
    rows = [list(row) for row in sheet.to_python(skip_empty_area=False)]
    width = max((len(row) for row in rows), default=0)
    merged = _merges(sheet, len(rows), width)
    if sum((r1 - r0 + 1) * (c1 - c0 + 1) for r0, c0, r1, c1 in merged) > len(rows) * width:
        raise ImportFileError(
            f"“{file_name}”的工作表“{name}”中合并单元格互相重叠(文件已损坏或被篡改),无法读取"
        )
    return SourceTable(name, rows, merged)


def _too_many(file_name: str, sheet: str, rows: int) -> str:
    return (
        f"“{file_name}”的工作表“{sheet}”有 {rows} 行,超过一次导入的上限 {MAX_ROWS} 行;"
        "请拆分成几个文件分批导入"
    )


def _check_sheet_sizes(path: Path) -> None:
    """Refuse an oversized sheet before it is loaded (its dimension, else its unpacked size)."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            with archive.open(info) as member:
                match = _DIMENSION.search(member.read(4096))
            if match and int(match.group(1)) > MAX_ROWS:
                raise ImportFileError(_too_many(path.name, _sheet_label(info), int(match[1])))
            if info.file_size > MAX_ROWS * BYTES_PER_ROW:
                raise ImportFileError(
                    f"“{path.name}”中有工作表过大(解压后 {info.file_size // 2**20} MB),"
                    f"超过一次导入的上限 {MAX_ROWS} 行;请拆分后分批导入"
                )


def _sheet_label(info: zipfile.ZipInfo) -> str:
    return Path(info.filename).stem


def _merges(sheet: Any, height: int, width: int) -> list[tuple[int, int, int, int]]:
    """A sheet's merged ranges as (first row, first column, last row, last column), sorted,
    cut to the cells the sheet has (a range may claim all 1,048,576 rows of a sheet)."""
    ranges = getattr(sheet, "merged_cell_ranges", None) or []
    return sorted(
        (start[0], start[1], min(end[0], height - 1), min(end[1], width - 1))
        for start, end in ranges
        if start[0] < height and start[1] < width and start[0] <= end[0] and start[1] <= end[1]
    )
