"""The parts of a ledger sheet around its data: fonts, colours, title rows, header, page setup.

``xlsx_ledger`` streams the data rows; this module holds what every sheet shares above
them (the title, the subtitle with its legend of warning colours, the header cells) and its
print setup, and the checks every text passes (no character XML cannot hold).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from copy import copy
from typing import Any

from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from desktop_app.formats.xlsx_fit import line_count, row_points

# Warning colours (RGB hex) by name, for row and cell fills; importable without Qt.
WARNING_COLOURS: dict[str, str] = {
    "overdue": "FFC7CE",  # red: 逾期
    "stalled": "FFEB9C",  # yellow: 滞后
    "near": "BDD7EE",  # blue: 临期
    "highlight": "E2EFDA",  # light green: 本期有新进展
    "expiring": "E6A0A0",  # dark red: 即将到期 (certificates)
}
HEADER_FILL = "D9D9D9"
FONT_NAME = "宋体"
# Point sizes as printed (sheets print at 100 %), and the 宋体 11 default font, which sets
# the width unit every reader measures the columns in.
TITLE_SIZE, SUBTITLE_SIZE, HEADER_SIZE, BODY_SIZE, FOOTER_SIZE = 16, 10, 10.5, 10, 10
DEFAULT_FONT = Font(name=FONT_NAME, sz=11, family=3, charset=134)
TITLE_HEIGHT = 30
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# XML 1.0 cannot hold C0 controls (but tab/LF/CR), lone surrogates, U+FFFE and U+FFFF.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAX_SHEET_NAME = 31


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
def fill_colour(fill: str) -> str:
    """Resolve a WARNING_COLOURS name or a 6-digit RGB hex colour."""
    colour = WARNING_COLOURS.get(fill, fill).upper()
    if not re.fullmatch(r"[0-9A-F]{6}", colour):
        raise ValueError(f"unknown fill {fill!r}: use a WARNING_COLOURS name or RGB hex")
    return colour


def solid(fill: str) -> PatternFill:
    """A solid fill of a WARNING_COLOURS name or RGB hex colour."""
    colour = fill_colour(fill)
    return PatternFill("solid", fgColor="FF" + colour, bgColor="FF" + colour)


class MergedRanges(list[str]):
    """A sheet's merged ranges as plain text, written after the rows (openpyxl iterates it);
    openpyxl's own set compares every new range with all the others."""

    def add(self, ref: str) -> None:
        """Merge the range ``ref`` ("A4:A6")."""
        self.append(ref)


def plain_cell(ws: Any, text: str, font: Font, horizontal: str) -> Cell:
    """An unbordered, wrapped text cell (title, subtitle): text, never a formula."""
    cell = WriteOnlyCell(ws)
    cell.value = clean_text(text)[:32767]
    cell.data_type = "s"
    cell.font = font
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    return cell


def header_cell(ws: Any, title: str) -> Cell:
    """A bold, grey, bordered, centred and wrapped header cell."""
    cell = plain_cell(ws, title, Font(name=FONT_NAME, size=HEADER_SIZE, bold=True), "center")
    cell.fill = solid(HEADER_FILL)
    cell.border = BORDER
    return cell


def _blank_cell(ws: Any, like: Cell) -> Cell:
    """A cell covered by a merge, styled as the one it continues (borders print whole)."""
    cell = WriteOnlyCell(ws)
    cell.fill, cell.border = copy(like.fill), copy(like.border)
    return cell


def even_spans(items: int, columns: int) -> list[int]:
    """Columns per entry when ``items`` entries share a row of ``columns`` columns."""
    base, extra = divmod(columns, max(items, 1))
    return [base + (1 if i < extra else 0) for i in range(items)]


class TopRows:
    """The title, subtitle and legend rows above the header, each as tall as its text.

    Rows are planned first (``add``) and written by ``write``: a write-only sheet needs its
    frozen panes, which depend on how many rows there are, before its first row.
    """

    def __init__(self, ws: Any, widths: Sequence[float]) -> None:
        self.ws = ws
        self.widths = list(widths)
        self.planned: list[tuple[Sequence[str], Sequence[int], float, dict[str, Any]]] = []
        self.height = 0.0  # of the rows written, in points

    def add(self, texts: Sequence[str], spans: Sequence[int], size: float, **look: Any) -> None:
        """Plan one row of merged cells, ``texts[i]`` over ``spans[i]`` columns. ``look``:
        ``bold``, ``horizontal``, ``least`` (the lowest height), ``fills`` (the last
        ``len(fills)`` cells are legend entries in those colours, centred and bordered)."""
        self.planned.append((texts, spans, size, look))

    def write(self) -> None:
        """Write the planned rows."""
        for row, (texts, spans, size, look) in enumerate(self.planned, 1):
            self._write(row, texts, spans, size, **look)

    def _write(
        self,
        row: int,
        texts: Sequence[str],
        spans: Sequence[int],
        size: float,
        *,
        bold: bool = False,
        horizontal: str = "left",
        least: float | None = None,
        fills: Sequence[str] = (),
    ) -> None:
        cells: list[Cell] = []
        column, need = 0, 1
        plain = len(texts) - len(fills)
        for index, (text, span) in enumerate(zip(texts, spans, strict=True)):
            if span < 1:
                continue
            first, last = get_column_letter(column + 1), get_column_letter(column + span)
            if span > 1 or index == 0:
                self.ws.merged_cells.add(f"{first}{row}:{last}{row}")
            font = Font(name=FONT_NAME, size=size, bold=bold)
            legend = index >= plain
            cell = plain_cell(self.ws, text, font, "center" if legend else horizontal)
            if legend:
                cell.fill = solid(fills[index - plain])
                cell.border = BORDER
            cells.append(cell)
            cells += [_blank_cell(self.ws, cell) for _ in range(span - 1)]
            width = sum(self.widths[column : column + span])
            need = max(need, line_count(text, width, size))
            column += span
        height = row_points(need, size) if need > 1 else None
        if least is not None:
            height = max(height or 0, least)
        if height:
            self.ws.row_dimensions[row].height = height
        self.height += height or row_points(1, BODY_SIZE)
        self.ws.append(cells)


def page_setup(ws: Any, header_row: int) -> None:
    """A4 landscape, one page wide and as many down as it takes, title rows repeated,
    centred, page-number footer."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    setup = ws.page_setup
    setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight = "landscape", 9, 1, 0
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_title_rows = f"1:{header_row}"
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.size = FOOTER_SIZE


def legend_cells(
    ws: Any, entries: Sequence[tuple[str, str]], widths: Sequence[float]
) -> tuple[list[Cell], int]:
    """The cells of a row saying what the colours mean, and its lines: "颜色说明:", then one
    coloured cell per (meaning, fill), the last column holding the rest."""
    font = Font(name=FONT_NAME, size=BODY_SIZE)
    cells = [plain_cell(ws, "颜色说明:", font, "left")]
    for index, (text, fill) in enumerate(entries[: len(widths) - 1]):
        if index == len(widths) - 2:
            text = "、".join(t for t, _ in entries[index:])
        cell = plain_cell(ws, text, font, "center")
        cell.fill, cell.border = solid(fill), BORDER
        cells.append(cell)
    pairs = zip(cells, widths[: len(cells)], strict=True)
    return cells, max(line_count(str(c.value or ""), w, BODY_SIZE) for c, w in pairs)
