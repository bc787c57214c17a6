"""A list as the clerk sees it, printed: A4 landscape, the title with the filter and the
subtitle on every page, the header repeated, 10-point rows as tall as their wrapped text,
the rows' colours and what they mean, "第 1 页 共 9 页" at the foot.

Rows are drawn as they come (one pass, memory stays flat): the page total is a PDF form
drawn on every page and filled in at the end.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop_app.formats.cjk_lines import EM_TOP, Line, Style, wrap
from desktop_app.formats.fonts import FontSet
from desktop_app.formats.list_export import ListRow, ListSheet, cell_text
from desktop_app.jobs import CancelCheck, Progress, check

PAGE_W, PAGE_H = landscape(A4)
MARGIN = 12 * mm
TITLE_SIZE, TEXT_SIZE, HEADER_SIZE, FOOT_SIZE = 16, 10, 10.5, 10
LEADING = 1.3  # line pitch per point of type
PAD = 3.0  # inside each cell
HEADER_GREY = colors.HexColor("#D9D9D9")
CHECK_EVERY = 200
_TOTAL = "pageTotal"


def _style(fonts: FontSet, role: str, size: float) -> Style:
    face = fonts.face(role)
    return Style(fonts.names[role], size, face.charWidths, face.defaultWidth, 0.0)


def _lines(text: str, st: Style, width: float, align: str) -> list[Line]:
    """A cell's lines (its own line breaks kept); one empty line for an empty cell."""
    found: list[Line] = []
    for part in text.split("\n") or [""]:
        found += wrap(part, st, width, align=align) if part.strip() else []
    return found or [Line(0.0, "", 0.0, st)]


def _widths(sheet: ListSheet, st: Style, room: float) -> list[float]:
    """Column widths across the page as on screen; dates and numbers never narrower than
    they print, the texts that wrap narrowed alike to make the room."""
    units = [c.units() for c in sheet.columns] or [1.0]
    widths = [room * u / sum(units) for u in units]
    least = {"date": "2022-12-31", "int": "99999", "number": "9999.9"}
    for i, column in enumerate(sheet.columns):
        sample = least.get(column.kind) or ("" if column.wrap else column.title[:4])
        widths[i] = max(widths[i], sum(st.advances(sample)) + 2 * PAD + 2)
    flexible = sum(w for w, c in zip(widths, sheet.columns, strict=False) if c.wrap)
    over = sum(widths) - room
    if over > 0 and flexible > over:
        widths = [
            w - over * w / flexible if c.wrap else w
            for w, c in zip(widths, sheet.columns, strict=False)
        ]
    scale = room / sum(widths)  # still too wide (no text to narrow): all alike
    return [w * scale for w in widths] if scale < 1 else widths


class _Printer:
    """Draws the pages of one list."""

    def __init__(self, path: str | os.PathLike[str], sheet: ListSheet, fonts: FontSet) -> None:
        self.canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), pageCompression=1)
        self.canvas.setTitle(sheet.title)
        self.canvas.setCreator("法治台账")
        self.sheet = sheet
        self.body = _style(fonts, "songti", TEXT_SIZE)
        self.head = _style(fonts, "heiti", HEADER_SIZE)
        self.title = _style(fonts, "heiti", TITLE_SIZE)
        self.small = _style(fonts, "songti", FOOT_SIZE)
        self.widths = _widths(sheet, self.body, PAGE_W - 2 * MARGIN)
        self.aligns = ["left" if c.wrap else "center" for c in sheet.columns]
        self.pages = 0
        self.y = 0.0

    # -- pages ---------------------------------------------------------------------------
    def new_page(self) -> None:
        """Finish the page under way and start one: title, subtitle, header."""
        if self.pages:
            self._foot()
            self.canvas.showPage()
        self.pages += 1
        y = PAGE_H - MARGIN
        for line in _lines(self.sheet.title, self.title, PAGE_W - 2 * MARGIN, "center"):
            self._text(MARGIN, y, line, TITLE_SIZE)
            y -= TITLE_SIZE * LEADING
        y -= 2
        for line in _lines(self.sheet.subtitle, self.small, PAGE_W - 2 * MARGIN, "left"):
            self._text(MARGIN, y, line, FOOT_SIZE)
            y -= FOOT_SIZE * LEADING
        self.y = y - 4
        titles = [c.title for c in self.sheet.columns]
        self.row(titles, None, self.head, HEADER_GREY, ["center"] * len(titles))

    def _foot(self) -> None:
        """第 N 页 共 M 页: M is a form drawn on every page and filled in at the end."""
        middle, y = PAGE_W / 2, MARGIN / 2 + 2
        self.canvas.setFont(self.small.font, FOOT_SIZE)
        self.canvas.setFillColor(colors.black)  # not the fill of the page's last row
        self.canvas.drawRightString(middle - 2, y, f"第 {self.pages} 页")
        self.canvas.saveState()
        self.canvas.translate(middle + 2, y)
        self.canvas.doForm(_TOTAL)
        self.canvas.restoreState()

    def finish(self) -> int:
        """Close the last page, fill in the page total and save; the page count."""
        if not self.pages:
            self.new_page()
        self._foot()
        self.canvas.showPage()
        self.canvas.beginForm(_TOTAL)
        self.canvas.setFont(self.small.font, FOOT_SIZE)
        self.canvas.setFillColor(colors.black)
        self.canvas.drawString(0, 0, f"共 {self.pages} 页")
        self.canvas.endForm()
        self.canvas.save()
        return self.pages

    # -- rows ----------------------------------------------------------------------------
    def row(
        self,
        values: Sequence[Any],
        fill: str | None,
        st: Style | None = None,
        background: colors.Color | None = None,
        aligns: Sequence[str] | None = None,
    ) -> None:
        """One row, on a new page when it does not fit on this one."""
        st = st or self.body
        aligns = aligns or self.aligns
        cells = [
            _lines(cell_text(v), st, w - 2 * PAD, a)
            for v, w, a in zip(values, self.widths, aligns, strict=False)
        ]
        pitch = st.size * LEADING
        height = max(len(lines) for lines in cells) * pitch + 2 * PAD
        if st is self.body and self.y - height < MARGIN + FOOT_SIZE * 2:
            self.new_page()
        top, x = self.y, MARGIN
        colour = background or (colors.HexColor("#" + fill) if fill else None)
        for lines, width in zip(cells, self.widths, strict=False):
            if colour is not None:
                self.canvas.setFillColor(colour)
                self.canvas.rect(x, top - height, width, height, stroke=0, fill=1)
            self.canvas.setStrokeColor(colors.black)
            self.canvas.setLineWidth(0.5)
            self.canvas.rect(x, top - height, width, height, stroke=1, fill=0)
            y = top - (height - len(lines) * pitch) / 2 - (pitch - st.size) / 2
            for line in lines:
                self._text(x + PAD, y, line, st.size)
                y -= pitch
            x += width
        self.y = top - height

    def legend(self, entries: Sequence[tuple[str, str]]) -> None:
        """Under the rows: a swatch of each colour used and what it means."""
        if self.y - 6 - FOOT_SIZE - 2 * PAD < MARGIN / 2 + FOOT_SIZE + 4:  # above the foot
            self.new_page()
        y = self.y - 6
        x = MARGIN
        self._text(x, y, Line(0.0, "颜色说明:", 0.0, self.small), FOOT_SIZE)
        x += sum(self.small.advances("颜色说明:")) + 4
        for colour, meaning in entries:
            width = sum(self.small.advances(meaning)) + 2 * PAD
            if x + width > PAGE_W - MARGIN:
                x, y = MARGIN, y - FOOT_SIZE * LEADING - 2 * PAD
            self.canvas.setFillColor(colors.HexColor("#" + colour))
            self.canvas.setStrokeColor(colors.black)
            self.canvas.rect(x, y - FOOT_SIZE - PAD, width, FOOT_SIZE + 2 * PAD, stroke=1, fill=1)
            self._text(x + PAD, y, Line(0.0, meaning, 0.0, self.small), FOOT_SIZE)
            x += width + 6
        self.y = y - FOOT_SIZE - 2 * PAD

    def _text(self, x: float, top: float, line: Line, size: float) -> None:
        """One set line whose top is at ``top``."""
        if not line.text:
            return
        text = self.canvas.beginText()
        text.setFont(line.style.font, size)
        text.setFillColor(colors.black)
        text.setCharSpace(line.tc)
        text.setTextOrigin(x + line.x, top - EM_TOP * size)
        text.textOut(line.text)
        self.canvas.drawText(text)


def write_list_pdf(
    path: str | os.PathLike[str],
    sheet: ListSheet,
    rows: Iterable[ListRow],
    fonts: FontSet,
    legend: dict[str, str] | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    total: int = 0,
) -> int:
    """Print the list to a PDF file; returns its pages. ``legend`` maps a row colour (RGB
    hex) to its meaning (it may be filled while the rows are read); ``total`` rows, for the
    progress. A true ``cancelled()`` raises ``Cancelled`` and leaves no file."""
    printer = _Printer(path, sheet, fonts)
    used: list[str] = []
    try:
        printer.new_page()
        for done, (values, fill) in enumerate(rows, 1):
            printer.row(values, fill)
            if fill and fill not in used:
                used.append(fill)
            if done % CHECK_EVERY == 0:
                check(cancelled)
                if progress is not None:
                    progress(done, total)
        check(cancelled)
        if used:
            printer.legend([(colour, (legend or {}).get(colour) or "标色行") for colour in used])
        return printer.finish()
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(path)
        raise
