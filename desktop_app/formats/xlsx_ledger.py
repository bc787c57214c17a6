"""Generic, print-ready, streaming Excel ledger (台账) writer shared by all ledgers.

    with LedgerWriter(path, progress=on_rows, cancelled=is_cancelled) as ledger:
        sheet = ledger.add_sheet("台账", "某某台账", columns, subtitle="导出时间:2026-11-22")
        for row in rows:  # any iterator: rows are streamed, memory stays flat
            sheet.append(row, fill="overdue" if late else None)

A clean exit saves (temp file next to ``path``, then rename); an exception or
``jobs.Cancelled`` leaves nothing. Sheets get a merged title, optional subtitle, styled header,
bordered rows, frozen panes, auto-filter, drop-downs and an A4 landscape print setup.
Strings are always text cells, never formulas; characters XML cannot hold are replaced.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import re
import secrets
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import openpyxl
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.page import PageMargins

from desktop_app.domain.errors import UserError, os_error_reason
from desktop_app.jobs import CancelCheck, RowProgress, check

ColumnKind = Literal["text", "date", "int", "number", "percent"]

# Warning colours (RGB hex) by name, for row and cell fills; importable without Qt.
WARNING_COLOURS: dict[str, str] = {
    "overdue": "FFC7CE",  # red: 逾期
    "stalled": "FFEB9C",  # yellow: 滞后
    "near": "BDD7EE",  # blue: 临期
    "highlight": "E2EFDA",  # light green: 本期有新进展
    "expiring": "E6A0A0",  # dark red: 即将到期 (certificates)
}
HEADER_FILL = "D9D9D9"
CHECK_EVERY = 500  # data rows between progress reports / cancel checks
FONT_NAME = "宋体"

_NUMBER_FORMATS = {"text": "@", "date": "yyyy-mm-dd", "int": "0", "number": "General"}
_NUMBER_FORMATS["percent"] = "0.0%"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# XML 1.0 cannot hold C0 controls (but tab/LF/CR), lone surrogates, U+FFFE and U+FFFF.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAX_SHEET_NAME = 31
_MAX_CELL_TEXT = 32767
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
# openpyxl 3.1 internals used to skip per-cell type guessing on the hot path (≈1.5x faster);
# any other version takes the public (slower) path.
_FAST_PATH = openpyxl.__version__.startswith("3.1.")


@dataclass(frozen=True)
class LedgerColumn:
    """One ledger column: header title, width in characters, value kind, text wrapping."""

    title: str
    width: float = 12
    kind: ColumnKind = "text"
    wrap: bool = False


def export_line(today: date, *parts: str) -> str:
    """A sheet's subtitle: the given parts (empty ones left out), then the export date."""
    return "    ".join([*(p for p in parts if p), f"导出时间:{today.isoformat()}"])


def clean_text(value: str) -> str:
    """Text XML can hold: vertical tab/form feed become newlines, other controls vanish."""
    if not _ILLEGAL_XML.search(value):
        return value
    return _ILLEGAL_XML.sub(_replace_illegal, value)


def _replace_illegal(match: re.Match[str]) -> str:
    """Replacement for one illegal character (Word's line/page breaks stay line breaks)."""
    char = match.group()
    return "\n" if char in "\x0b\x0c" else "" if char < " " else "\ufffd"


def _truncate_utf16(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` UTF-16 code units (Excel counts those)."""
    text = text[:limit]
    while len(text.encode("utf-16-le")) > 2 * limit:
        text = text[:-1]
    return text


def sanitize_sheet_name(name: str, taken: Sequence[str] = ()) -> str:
    """A valid, unique Excel sheet name: no []:*?/\\, at most 31 characters, no clash."""
    text = " ".join(_SHEET_FORBIDDEN.sub("_", clean_text(str(name))).split())
    text = text.strip("'").strip() or "Sheet"
    if text.lower() == "history":  # reserved by Excel
        text += "_"
    text = _truncate_utf16(text, _MAX_SHEET_NAME)
    used = {t.lower() for t in taken}
    candidate, counter = text, 1
    while candidate.lower() in used:
        counter += 1
        suffix = f"({counter})"
        candidate = _truncate_utf16(text, _MAX_SHEET_NAME - len(suffix)) + suffix
    return candidate


@functools.lru_cache(maxsize=64)
def _fill_colour(fill: str) -> str:
    """Resolve a WARNING_COLOURS name or a 6-digit RGB hex colour."""
    colour = WARNING_COLOURS.get(fill, fill).upper()
    if not re.fullmatch(r"[0-9A-F]{6}", colour):
        raise ValueError(f"unknown fill {fill!r}: use a WARNING_COLOURS name or RGB hex")
    return colour


def _stream_cells(cells: Sequence[Cell], row_idx: int) -> Iterator[Cell]:
    """Place ready-made cells in their row (replaces openpyxl's per-value type guessing)."""
    for col_idx, cell in enumerate(cells, 1):
        cell.row = row_idx
        cell.column = col_idx
        yield cell


def _set_text(cell: Cell, text: str) -> None:
    """Store ``text`` (already cleaned) as a plain string cell: never a formula."""
    text = text[:_MAX_CELL_TEXT]
    if _FAST_PATH:
        cell._value = text
    else:
        cell.value = text
    cell.data_type = "s"


LINE_POINTS = 14.5  # one line of 11-point 宋体


def _display_width(text: str) -> int:
    """Width in Excel character units: full-width (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class SheetWriter:
    """Appends styled data rows to one sheet; obtain it from ``LedgerWriter.add_sheet``."""

    def __init__(
        self,
        owner: LedgerWriter,
        ws: Any,
        columns: Sequence[LedgerColumn],
        header_row: int,
        validations: dict[int, list[str]],
    ) -> None:
        self._owner = owner
        self._ws = ws
        self._columns = tuple(columns)
        self._header_row = header_row
        self._validations = validations
        self._styles: dict[tuple[int, str | None, bool, bool], Any] = {}
        self.rows = 0

    @property
    def name(self) -> str:
        """The sanitised sheet name."""
        return str(self._ws.title)

    def append(
        self,
        values: Sequence[Any],
        *,
        fill: str | None = None,
        cell_fills: dict[int, str] | None = None,
        bold: bool = False,
    ) -> None:
        """Write one data row; ``fill`` colours the row, ``cell_fills`` (0-based) single cells.

        Fills are WARNING_COLOURS names or RGB hex; a cell fill beats the row fill.
        Missing trailing values are blank; dates are real Excel dates (yyyy-mm-dd) in
        "date" columns and text elsewhere; enums write their value, booleans 是/否.
        """
        n = len(self._columns)
        if len(values) > n:
            raise ValueError(f"{len(values)} values for {n} columns")
        row_fill = _fill_colour(fill) if fill else None
        cells = []
        for col in range(n):
            colour = row_fill
            if cell_fills and col in cell_fills:
                colour = _fill_colour(cell_fills[col])
            cells.append(self._cell(col, values[col] if col < len(values) else None, colour, bold))
        row_idx = self._header_row + self.rows + 1
        height = self._row_height(values)
        if height:  # set just for this row as it streams out, so memory stays flat
            self._ws.row_dimensions[row_idx] = RowDimension(
                self._ws, index=row_idx, ht=height, customHeight=True
            )
        self._ws.append(cells)
        if height:
            del self._ws.row_dimensions[row_idx]
        self.rows += 1
        self._owner._row_written()

    def _row_height(self, values: Sequence[Any]) -> float | None:
        """Points for the tallest wrapped cell, so every reader prints it whole.

        Excel fits wrapped rows itself, but LibreOffice and some WPS versions do not;
        an estimate from the text's display width (CJK characters count double) makes
        all of them print the same. None for a one-line row.
        """
        lines = 1
        for column, value in zip(self._columns, values, strict=False):
            if column.wrap and isinstance(value, str) and value:
                usable = max(column.width - 1.5, 1)
                cell_lines = sum(
                    max(math.ceil(_display_width(part) / usable), 1) for part in value.split("\n")
                )
                lines = max(lines, cell_lines)
        return min(lines * LINE_POINTS + 4, 409) if lines > 1 else None

    def _cell(self, col: int, value: Any, fill: str | None, bold: bool) -> Cell:
        """One styled cell holding ``value``; text can never become a formula."""
        if isinstance(value, Enum):
            value = value.value
        if isinstance(value, bool):
            value = "是" if value else "否"
        elif isinstance(value, date) and self._columns[col].kind != "date":
            value = value.isoformat(" ", "minutes") if isinstance(value, datetime) else str(value)
        if isinstance(value, str):
            text = clean_text(value)
            cell = self._new_cell(self._style(col, fill, text.startswith(_FORMULA_STARTS), bold))
            _set_text(cell, text)
            return cell
        cell = self._new_cell(self._style(col, fill, False, bold))
        if isinstance(value, date):
            value = value.date() if isinstance(value, datetime) else value
            if _FAST_PATH:
                cell._value, cell.data_type = value, "d"
            else:
                cell.value = value
        elif isinstance(value, int | float):
            cell.value = value
        elif value is not None:  # Decimal and the like stay numbers; the rest becomes text
            try:
                cell.value = float(value)
            except (TypeError, ValueError):
                _set_text(cell, clean_text(str(value)))
        return cell

    def _new_cell(self, style: Any) -> Cell:
        """A blank cell with one of the cached styles."""
        if not _FAST_PATH:
            return Cell(self._ws, row=1, column=1, style_array=style)
        cell = Cell(self._ws, row=1, column=1)
        cell._style = style  # shared template: openpyxl only reads it when writing
        return cell

    def _style(self, col: int, fill: str | None, quoted: bool, bold: bool) -> Any:
        """The cached style array shared by all cells of one column/fill/prefix/bold kind."""
        key = (col, fill, quoted, bold)
        style = self._styles.get(key)
        if style is None:
            column = self._columns[col]
            proto = WriteOnlyCell(self._ws)
            proto.font = Font(name=FONT_NAME, size=11, bold=bold)
            proto.border = _BORDER
            proto.number_format = _NUMBER_FORMATS[column.kind]
            horizontal = "left" if column.wrap else "center"
            if column.kind in ("number", "percent"):
                horizontal = "right"
            proto.alignment = Alignment(horizontal, vertical="center", wrap_text=column.wrap)
            if fill is not None:
                proto.fill = PatternFill("solid", fgColor="FF" + fill, bgColor="FF" + fill)
            if quoted:
                proto.quotePrefix = True  # Excel shows and edits it as text
            style = self._styles[key] = proto._style  # copied into each new cell
        return style

    def _finish(self) -> None:
        """Set the ranges that depend on the row count: auto-filter and drop-downs."""
        last_col = get_column_letter(len(self._columns))
        first, last = self._header_row + 1, self._header_row + self.rows
        self._ws.auto_filter.ref = f"A{self._header_row}:{last_col}{last}"
        if not self.rows:
            return
        for col, items in self._validations.items():
            letter = get_column_letter(col + 1)
            dv = DataValidation("list", formula1='"' + ",".join(items) + '"', allow_blank=True)
            dv.showErrorMessage, dv.errorTitle, dv.error = True, "输入有误", "请从下拉列表中选择"
            dv.add(f"{letter}{first}:{letter}{last}")
            self._ws.data_validations.append(dv)  # write-only sheets: no add_data_validation


class LedgerWriter:
    """A streaming ledger workbook, written to ``path`` atomically (temp file + rename).

    ``progress(done_rows)`` and ``cancelled()`` are called every 500 data rows (all
    sheets together); a true ``cancelled()`` raises ``Cancelled`` and nothing is kept.
    As a context manager a clean exit saves and an exception discards. Raises
    ``UserError`` at once when ``path`` cannot be written.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        progress: RowProgress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> None:
        self.path = Path(path)
        self._progress = progress
        self._cancelled = cancelled
        self._tmp = _reserve_temp(self.path)  # fail before any work is done
        self._wb = openpyxl.Workbook(write_only=True)
        self._wb.properties.creator = "法治台账"
        self._sheets: list[SheetWriter] = []
        self._done = False
        self.rows = 0

    def __enter__(self) -> LedgerWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is None and not self._done:
            self.save()
        else:
            self.close()

    def add_sheet(
        self,
        name: str,
        title: str,
        columns: Sequence[LedgerColumn],
        *,
        subtitle: str | None = None,
        validations: dict[int, list[str]] | None = None,
    ) -> SheetWriter:
        """Start a sheet (title, subtitle, header); ``validations`` keyed by 0-based column."""
        if self._done:
            raise RuntimeError("ledger already saved or closed")
        if not columns:
            raise ValueError("a ledger sheet needs at least one column")
        for col, items in (validations or {}).items():
            if not 0 <= col < len(columns):
                raise ValueError(f"validation column {col} out of range")
            if any("," in i or '"' in i for i in items) or len(",".join(items)) > 255:
                raise ValueError('drop-down items: no "," or \'"\', at most 255 characters')
        ws = self._wb.create_sheet(sanitize_sheet_name(name, self._wb.sheetnames))
        if _FAST_PATH:
            ws._values_to_row = _stream_cells
        last_col = get_column_letter(len(columns))
        header_row = 3 if subtitle else 2
        # Columns, panes and sheet properties are written before the first row: set them now.
        for i, column in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        ws.freeze_panes = f"A{header_row + 1}"
        ws.row_dimensions[1].height = 30
        _page_setup(ws, header_row)
        # Merged ranges are kept on the sheet and written after the rows, also in write-only.
        ws.merged_cells.add(f"A1:{last_col}1")
        ws.append([_plain_cell(ws, title, Font(name=FONT_NAME, size=16, bold=True), "center")])
        if subtitle:
            ws.merged_cells.add(f"A2:{last_col}2")
            ws.append([_plain_cell(ws, subtitle, Font(name=FONT_NAME, size=11), "left")])
        ws.append([_header_cell(ws, column.title) for column in columns])
        sheet = SheetWriter(self, ws, columns, header_row, dict(validations or {}))
        self._sheets.append(sheet)
        return sheet

    def _row_written(self) -> None:
        """Count a data row; every 500 rows honour cancellation and report progress."""
        self.rows += 1
        if self.rows % CHECK_EVERY == 0:
            check(self._cancelled)
            if self._progress is not None:
                self._progress(self.rows)

    def save(self) -> Path:
        """Finish every sheet and move the workbook into place; return the path."""
        if self._done:
            raise RuntimeError("ledger already saved or closed")
        try:
            check(self._cancelled)
            for sheet in self._sheets:
                sheet._finish()
            self._wb.save(self._tmp)
            os.replace(self._tmp, self.path)
        except OSError as exc:
            self.close()
            raise _write_error(self.path, exc) from exc
        except BaseException:
            self.close()
            raise
        self._done = True
        if self._progress is not None:
            self._progress(self.rows)
        return self.path

    def close(self) -> None:
        """Discard an unsaved ledger and its temporary files (safe to call twice)."""
        if self._done:
            return
        self._done = True
        for ws in self._wb.worksheets:  # each sheet streams to its own temp file: remove it
            with contextlib.suppress(Exception):
                ws.close()
            with contextlib.suppress(Exception):
                ws._writer.cleanup()
        with contextlib.suppress(OSError):
            os.remove(self._tmp)


def _plain_cell(ws: Any, text: str, font: Font, horizontal: str) -> Cell:
    """An unbordered text cell for the title and subtitle rows."""
    cell = WriteOnlyCell(ws)
    _set_text(cell, clean_text(text))
    cell.font = font
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    return cell


def _header_cell(ws: Any, title: str) -> Cell:
    """A bold, grey, bordered, centred and wrapped header cell."""
    cell = _plain_cell(ws, title, Font(name=FONT_NAME, size=11, bold=True), "center")
    cell.fill = PatternFill("solid", fgColor="FF" + HEADER_FILL, bgColor="FF" + HEADER_FILL)
    cell.border = _BORDER
    return cell


def _page_setup(ws: Any, header_row: int) -> None:
    """A4 landscape, one page wide, title rows repeated, centred, page-number footer."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    setup = ws.page_setup
    setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight = "landscape", 9, 1, 0
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_title_rows = f"1:{header_row}"
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.size = 9


def _reserve_temp(path: Path) -> Path:
    """Create the temporary file next to ``path``, refusing early when that is impossible."""
    if path.is_dir():
        raise UserError(f"无法写入文件 {path}:该路径是一个文件夹")
    if not path.parent.is_dir():
        raise UserError(f"无法写入文件 {path}:文件夹不存在")
    try:
        if path.exists():  # on Windows Excel locks an open workbook: find out now
            with open(path, "ab"):
                pass
        while True:
            tmp = path.with_name(f"~{path.stem}.{secrets.token_hex(4)}.tmp")
            with contextlib.suppress(FileExistsError), open(tmp, "xb"):
                return tmp
    except OSError as exc:
        raise _write_error(path, exc) from exc


def _write_error(path: Path, exc: OSError) -> UserError:
    """The Chinese message for a failed write."""
    if isinstance(exc, PermissionError):
        return UserError(f"无法写入文件 {path}:权限不足或文件已在 Excel 中打开")
    return UserError(f"无法写入文件 {path}:{os_error_reason(exc)}")
