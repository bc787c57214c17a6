"""Excel and WPS workbooks (.xlsx, .xls, .ods): values by python-calamine, merges by openpyxl.

python-calamine reads the cached value of every cell (a formula is never evaluated, macros
are never run). It drops merged ranges of .xlsx, so these come from openpyxl in its normal
(not read-only) mode, guarded by defusedxml, and only for a workbook that has merges.
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

    has_merges = False
    if kind == "xlsx":
        has_merges = _check_sheet_sizes(path)
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
        merges = _openpyxl_merges(path) if has_merges else {}
        for number, name in enumerate(sheets, 1):
            if cancelled and cancelled():
                break
            table = _read_sheet(workbook, name, path.name)
            if kind != "xlsx":
                table.merged = _calamine_merges(workbook, name)
            else:
                table.merged = merges.get(name, [])
            source.tables.append(table)
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
    rows = sheet.to_python(skip_empty_area=False)
    return SourceTable(name, [list(row) for row in rows])


def _too_many(file_name: str, sheet: str, rows: int) -> str:
    return (
        f"“{file_name}”的工作表“{sheet}”有 {rows} 行,超过一次导入的上限 {MAX_ROWS} 行;"
        "请拆分成几个文件分批导入"
    )


def _check_sheet_sizes(path: Path) -> bool:
    """Refuse an oversized sheet before it is loaded; True when any sheet has merged cells."""
    merged = False
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            with archive.open(info) as member:
                head = member.read(4096)
                match = _DIMENSION.search(head)
                if match and int(match.group(1)) > MAX_ROWS:
                    raise ImportFileError(_too_many(path.name, _sheet_label(info), int(match[1])))
                if info.file_size > MAX_ROWS * BYTES_PER_ROW:
                    raise ImportFileError(
                        f"“{path.name}”中有工作表过大(解压后 {info.file_size // 2**20} MB),"
                        f"超过一次导入的上限 {MAX_ROWS} 行;请拆分后分批导入"
                    )
                merged = merged or _contains(member, head, b"<mergeCell")
    return merged


def _sheet_label(info: zipfile.ZipInfo) -> str:
    return Path(info.filename).stem


def _contains(member: Any, head: bytes, needle: bytes) -> bool:
    """Whether the rest of a zip member holds ``needle`` (read in chunks, never whole)."""
    tail = head
    while True:
        if needle in tail:
            return True
        chunk = member.read(1 << 20)
        if not chunk:
            return False
        tail = tail[-len(needle) :] + chunk


def _openpyxl_merges(path: Path) -> dict[str, list[tuple[int, int, int, int]]]:
    """Merged ranges of every sheet, read by openpyxl (normal mode keeps them)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, data_only=True, keep_links=False)
    except Exception as exc:  # defusedxml refusals and broken parts alike
        raise ImportFileError(f"“{path.name}”的内容结构无法安全读取(文件已损坏或被篡改)") from exc
    try:
        return {
            sheet.title: [
                (r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1)
                for r in sheet.merged_cells.ranges
            ]
            for sheet in workbook.worksheets
        }
    finally:
        workbook.close()


def _calamine_merges(workbook: Any, name: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges of an .xls or .ods sheet as calamine reports them."""
    try:
        ranges = workbook.get_sheet_by_name(name).merged_cell_ranges or []
    except Exception:
        return []
    return [(start[0], start[1], end[0], end[1]) for start, end in ranges]
