"""Generic, print-ready, streaming Excel ledger (台账) writer shared by all ledgers.

    with LedgerWriter(path, progress=on_rows, cancelled=is_cancelled) as ledger:
        sheet = ledger.add_sheet("台账", "某某台账", columns, subtitle="导出时间:2026-11-22")
        for row in rows:  # any iterator: rows are streamed, memory stays flat
            sheet.append(row, fill="overdue" if late else None)

A clean exit saves (temp file next to ``path``, then rename); an exception or
``jobs.Cancelled`` leaves nothing. Sheets get a merged title, optional subtitle (with a legend
of the warning colours beside it), styled header, bordered rows, frozen panes, auto-filter,
drop-downs and an A4 landscape print setup. Sheets print at 100 %: 10-point body text and
10.5-point headers, columns fitted to the page width and rows as tall as their wrapped text
(``xlsx_fit``); long ledgers run to more pages down. ``append_block`` writes rows whose first
cells are merged over the block (a problem over its measures).
Strings are always text cells, never formulas; characters XML cannot hold are replaced.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import openpyxl
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension, SheetFormatProperties
from openpyxl.worksheet.pagebreak import Break

from desktop_app.domain.errors import UserError
from desktop_app.files import EXCEL, hidden_beside, write_error
from desktop_app.formats import xlsx_fit as fit
from desktop_app.formats.xlsx_cells import (
    BODY_SIZE,
    BORDER,
    DEFAULT_FONT,
    FONT_NAME,
    HEADER_FILL,
    HEADER_SIZE,
    SUBTITLE_SIZE,
    TITLE_HEIGHT,
    TITLE_SIZE,
    WARNING_COLOURS,
    MergedRanges,
    TopRows,
    clean_text,
    even_spans,
    fill_colour,
    header_cell,
    legend_cells,
    page_setup,
    sanitize_sheet_name,
)
from desktop_app.jobs import CancelCheck, RowProgress, check

__all__ = ["FONT_NAME", "HEADER_FILL", "WARNING_COLOURS", "clean_text", "sanitize_sheet_name"]

ColumnKind = Literal["text", "date", "int", "number", "percent"]

CHECK_EVERY = 500  # data rows between progress reports / cancel checks

_NUMBER_FORMATS = {"text": "@", "date": "yyyy-mm-dd", "int": "0", "number": "General"}
_NUMBER_FORMATS["percent"] = "0.0%"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_MAX_CELL_TEXT = 32767
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


Row = tuple[Sequence[Any], str | None, "dict[int, str] | None", bool]  # values, fill, cells, bold


class SheetWriter:
    """Appends styled data rows to one sheet; obtain it from ``LedgerWriter.add_sheet``."""

    def __init__(
        self,
        owner: LedgerWriter,
        ws: Any,
        columns: Sequence[LedgerColumn],
        header_row: int,
        validations: dict[int, list[str]],
        repeated: float = 0.0,
    ) -> None:
        self._owner = owner
        self._ws = ws
        self._columns = tuple(columns)
        self._header_row = header_row
        self._validations = validations
        self._styles: dict[tuple[int, str | None, bool, bool], Any] = {}
        # The text columns: (index, half-width characters a line holds, width).
        self._texts = [
            (i, fit.usable_halves(c.width, BODY_SIZE), c.width)
            for i, c in enumerate(columns)
            if c.kind == "text"
        ]
        self._room = fit.BODY_HEIGHT_PT - repeated  # for rows on a page, below the repeated ones
        self._used = 0.0  # of it, on the current page
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
        cells = self._cells(values, fill, cell_fills, bold)
        self._emit(cells, self._lines(values))

    def append_block(self, rows: Sequence[Row], merged: int) -> None:
        """Write rows whose first ``merged`` cells are one cell each over the whole block.

        The merged cells show the first row's values (the later rows' are not written); the
        rows are made tall enough together for the merged text. Each row is (values, fill,
        cell_fills, bold) as ``append`` takes them.
        """
        if len(rows) < 2 or merged < 1:
            for values, fill, cell_fills, bold in rows:
                self.append(values, fill=fill, cell_fills=cell_fills, bold=bold)
            return
        first = self._header_row + self.rows + 1
        own = [self._lines(values, start=merged) for values, *_ in rows]
        need = self._lines(rows[0][0][:merged])
        heights = [fit.row_points(lines, BODY_SIZE) for lines in own]
        short = max(fit.row_points(need, BODY_SIZE) - sum(heights), 0) / len(rows)
        heights = [height + short for height in heights]
        # A merged cell cut by a page break prints its text on neither part whole: a block
        # that fits on a page starts a new page when it does not fit on this one.
        if self._used and self._used + sum(heights) > self._room >= sum(heights):
            self._ws.row_breaks.append(Break(id=first - 1))
            self._used = 0.0
        for index, (values, fill, cell_fills, bold) in enumerate(rows):
            kept = values if index == 0 else [None] * merged + list(values[merged:])
            self._emit(self._cells(kept, fill, cell_fills, bold), height=heights[index])
        last = first + len(rows) - 1
        for col in range(1, merged + 1):
            letter = get_column_letter(col)
            self._ws.merged_cells.add(f"{letter}{first}:{letter}{last}")

    def append_legend(self, entries: Sequence[tuple[str, str]]) -> None:
        """A row under the data saying what its colours mean: (meaning, fill) per colour.

        Not a data row: outside the auto-filter and the row count.
        """
        cells, lines = legend_cells(self._ws, entries, [c.width for c in self._columns])
        if lines > 1:
            row_idx = self._header_row + self.rows + 1
            self._ws.row_dimensions[row_idx].height = fit.row_points(lines, BODY_SIZE)
        self._ws.append(cells)

    def _cells(
        self,
        values: Sequence[Any],
        fill: str | None,
        cell_fills: dict[int, str] | None,
        bold: bool,
    ) -> list[Cell]:
        n = len(self._columns)
        if len(values) > n:
            raise ValueError(f"{len(values)} values for {n} columns")
        row_fill = fill_colour(fill) if fill else None
        cells = []
        for col in range(n):
            colour = row_fill
            if cell_fills and col in cell_fills:
                colour = fill_colour(cell_fills[col])
            cells.append(self._cell(col, values[col] if col < len(values) else None, colour, bold))
        return cells

    def _emit(self, cells: list[Cell], lines: int = 1, height: float | None = None) -> None:
        """Stream one row out, with its height when it is taller than one line."""
        row_idx = self._header_row + self.rows + 1
        if height is None and lines > 1:
            height = fit.row_points(lines, BODY_SIZE)
        # Where the page breaks fall: where a row no longer fits below the repeated rows.
        tall = height or fit.DEFAULT_ROW_PT
        self._used = tall if self._used + tall > self._room else self._used + tall
        if height:  # set just for this row as it streams out, so memory stays flat
            self._ws.row_dimensions[row_idx] = RowDimension(
                self._ws, index=row_idx, ht=round(height, 1), customHeight=True
            )
        self._ws.append(cells)
        if height:
            del self._ws.row_dimensions[row_idx]
        self.rows += 1
        self._owner._row_written()

    def _lines(self, values: Sequence[Any], start: int = 0) -> int:
        """Lines of the tallest text cell among ``values[start:]``, so every reader prints it
        whole (LibreOffice and WPS do not fit wrapped rows themselves)."""
        lines, count = 1, len(values)
        for col, room, width in self._texts:
            if col < start or col >= count:
                continue
            value = values[col]
            if value.__class__ is not str or (len(value) * 2 <= room and "\n" not in value):
                continue  # not text, or one line whatever its characters
            lines = max(lines, fit.line_count(value, width, BODY_SIZE))
        return lines

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
            proto.font = Font(name=FONT_NAME, size=BODY_SIZE, bold=bold)
            proto.border = BORDER
            proto.number_format = _NUMBER_FORMATS[column.kind]
            horizontal = "left" if column.wrap else "center"
            if column.kind in ("number", "percent"):
                horizontal = "right"
            # Every text cell wraps (a long name is never cut off); "wrap" columns are the
            # long texts, set flush left.
            wrap = column.wrap or column.kind == "text"
            proto.alignment = Alignment(horizontal, vertical="center", wrap_text=wrap)
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
        # The default font sets the width unit of the columns: 宋体 11 in every reader.
        self._wb._fonts = IndexedList([DEFAULT_FONT])
        self._wb._named_styles["Normal"].font = DEFAULT_FONT
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
        legend: Sequence[tuple[str, str]] = (),
    ) -> SheetWriter:
        """Start a sheet (title, subtitle, header); ``validations`` keyed by 0-based column.

        ``legend`` is (text, fill) per warning colour, shown as coloured cells at the right
        of the subtitle row (in a row of their own when the row has no room for them).
        Column widths are fitted to the page (``xlsx_fit.fit_widths``).
        """
        if self._done:
            raise RuntimeError("ledger already saved or closed")
        if not columns:
            raise ValueError("a ledger sheet needs at least one column")
        for col, items in (validations or {}).items():
            if not 0 <= col < len(columns):
                raise ValueError(f"validation column {col} out of range")
            if any("," in i or '"' in i for i in items) or len(",".join(items)) > 255:
                raise ValueError('drop-down items: no "," or \'"\', at most 255 characters')
        widths = fit.fit_widths([c.width for c in columns], [c.wrap for c in columns])
        columns = [replace(c, width=w) for c, w in zip(columns, widths, strict=True)]
        ws = self._wb.create_sheet(sanitize_sheet_name(name, self._wb.sheetnames))
        if _FAST_PATH:
            ws._values_to_row = _stream_cells
        ws.merged_cells = MergedRanges()  # kept as text: thousands of merges stay cheap
        one_line = fit.DEFAULT_ROW_PT  # the height of rows not given one
        ws.sheet_format = SheetFormatProperties(defaultRowHeight=one_line, customHeight=True)
        # Columns, panes and sheet properties are written before the first row: set them now.
        for i, column in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        lines = TopRows(ws, widths)
        lines.add(
            [title], [len(widths)], TITLE_SIZE, bold=True, horizontal="center", least=TITLE_HEIGHT
        )
        texts, fills = [text for text, _ in legend], [fill for _, fill in legend]
        spans = fit.spans_for(texts, widths, SUBTITLE_SIZE) if legend else []
        if subtitle is not None or legend:
            if spans is not None:
                first = len(widths) - sum(spans)
                lines.add([subtitle or "", *texts], [first, *spans], SUBTITLE_SIZE, fills=fills)
            else:
                lines.add([subtitle or ""], [len(widths)], SUBTITLE_SIZE)
                lines.add(texts, even_spans(len(texts), len(widths)), SUBTITLE_SIZE, fills=fills)
        header_row = len(lines.planned) + 1
        ws.freeze_panes = f"A{header_row + 1}"
        page_setup(ws, header_row)
        lines.write()
        header = [header_cell(ws, column.title) for column in columns]
        need = max(fit.line_count(c.title, c.width, HEADER_SIZE) for c in columns)
        if need > 1:
            ws.row_dimensions[header_row].height = fit.row_points(need, HEADER_SIZE)
        ws.append(header)
        header_height = fit.row_points(need, HEADER_SIZE) if need > 1 else fit.DEFAULT_ROW_PT
        repeated = lines.height + header_height
        sheet = SheetWriter(self, ws, columns, header_row, dict(validations or {}), repeated)
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
            raise write_error(self.path, exc, EXCEL) from exc
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


def _reserve_temp(path: Path) -> Path:
    """Create the temporary file next to ``path``, refusing early when that is impossible."""
    if path.is_dir():
        raise UserError(f"无法写入文件“{path}”:该路径是一个文件夹")
    if not path.parent.is_dir():
        raise UserError(f"无法写入文件“{path}”:文件夹不存在")
    try:
        if path.exists():  # on Windows Excel locks an open workbook: find out now
            with open(path, "ab"):
                pass
    except OSError as exc:
        raise write_error(path, exc, EXCEL) from exc
    return hidden_beside(path, EXCEL)
