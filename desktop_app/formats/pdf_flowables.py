"""The reportlab flowables of the GB/T 9704 PDF: red header, closing group, 版记, tables.

The closing group keeps the signature with body text: when the signature and the lines
before it do not fit, blank lines are dropped first (the standard adjusts spacing), then
body lines go along (two when the page they leave keeps at most two empty lines, else one),
so that no page holds only the signature, or a lone fragment of a line with it, and no page
foot is left with more than two empty lines. A paragraph is never cut so that one of its
lines is alone on either page (a three-line paragraph goes along whole, even when that
leaves a third empty line). A table's lead-in (heading, introducing paragraph) stays with
its header and first rows and the table splits by rows, its header repeated. The 版记 sits
at the foot of the page it lands on, its last rule on the lower edge of the type area.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reportlab.lib import colors
from reportlab.platypus import Flowable, TableStyle
from reportlab.platypus import Table as RLTable

from desktop_app.formats.cjk_lines import EM_TOP, FUZZ, Line, Lines, Style, draw_run, wrap, wrap_all
from desktop_app.formats.document import MM

RED = colors.Color(0.9, 0, 0)
THICK_RULE, THIN_RULE = 0.35 * MM, 0.25 * MM  # 版记 rules (GB/T 9704 §7.4.1)
DROPPABLE, STICKY = 1, 2  # line flags: a blank that may go; a heading line that needs a follower
START, WHOLE = 4, 8  # line flags: the first line of a paragraph; a line of a block never cut
MIN_PART = 2  # lines of a paragraph that stay together on either side of a page break
LEAD_ROWS = 2  # table rows that stay on the page of the lines introducing the table
LEAD_SHARE = 0.25  # ... unless they take more of a page than this: then the first row only
MIN_GAP = 0.25  # least space (in lines) between a table and the text after it


class RedHeaderFlowable(Flowable):
    """Issuer 35 mm below the type-area top, number two lines lower, red rule 4 mm below."""

    def __init__(
        self,
        issuer: str,
        doc_no: str,
        issuer_st: Style,
        no_st: Style,
        width: float,
        leading: float,
    ) -> None:
        super().__init__()
        self.issuer, self.issuer_st, self.width, self.leading = issuer, issuer_st, width, leading
        natural = sum(issuer_st.advances(issuer)) or 1.0
        self.scale = min(1.0, width / natural)
        if self.scale < 0.6:  # too long to condense: shrink the type instead
            self.issuer_st = replace(issuer_st, size=issuer_st.size * self.scale / 0.6)
            self.scale = 0.6
        depth = 35 * MM + self.issuer_st.size
        self.no_lines = wrap(doc_no, no_st, width, align="center") if doc_no else []
        self.no_top = depth + 2 * leading
        if self.no_lines:
            depth = self.no_top + no_st.size
        self.rule = depth + 4 * MM
        lines = -(-(self.rule + 2 * leading - FUZZ) // leading)  # title two lines below
        self.height = lines * leading

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        """Full width, a whole number of lines."""
        return self.width, self.height

    def draw(self) -> None:
        """Issuer (condensed to the width), number and rule."""
        canv, st, h = self.canv, self.issuer_st, self.height
        canv.saveState()
        x = (self.width - sum(st.advances(self.issuer)) * self.scale) / 2
        y = h - 35 * MM - EM_TOP * st.size
        draw_run(canv, st, x, y, self.issuer, color=RED, scale=self.scale)
        numbers = Lines(self.no_lines, self.leading)
        numbers.wrap(self.width, 0)
        numbers.drawOn(canv, 0, h - self.no_top - numbers.height)
        canv.setStrokeColor(RED)
        canv.setLineWidth(1.5)
        canv.line(0, h - self.rule, self.width, h - self.rule)
        canv.restoreState()


class ClosingLines(Lines):
    """The last body lines, 附件说明 and signature: split so the signature is never alone.

    ``flags`` marks each line DROPPABLE (a blank the standard lets us close up) or STICKY (a
    heading line, never last on a page); the last ``tail`` lines are the signature.
    """

    def __init__(
        self,
        lines: list[Line],
        flags: list[int],
        tail: int,
        leading: float,
        page_h: float,
        tag: int | None = None,
        body: int | None = None,
    ) -> None:
        super().__init__(lines, leading, page_h=page_h, tag=tag)
        self.flags, self.tail, self.carried = flags, tail, False
        self.body = len(lines) - tail if body is None else body  # lines before 附件说明

    def _rest(self, lines: list[Line], flags: list[int], body: int) -> ClosingLines:
        return ClosingLines(lines, flags, self.tail, self.leading, self.page_h, self.tag, body)

    def split(self, aW: float, aH: float) -> list[Flowable]:
        """Squeeze out blanks, else carry body lines along with the signature."""
        fit = int((aH + 0.01) // self.leading)  # frames leave float dust in aH
        if self.carried and aH + 0.01 < self.page_h:
            return []  # what a split carried over starts the next page
        pairs = list(zip(self.lines, self.flags, strict=True))
        kept = [(ln, f) for i, (ln, f) in enumerate(pairs) if not f & DROPPABLE or i < self.body]
        if len(kept) <= fit:
            body = self.body - sum(1 for f in self.flags[: self.body] if f & DROPPABLE)
            return [self._rest([ln for ln, _ in kept], [f for _, f in kept], body)]
        content = len(self.lines) - self.tail  # lines before the signature
        cut = self._cut(min(fit, self.body - 2))  # two body lines go along with the signature,
        if cut <= 0 or fit - cut > 2:  # or else one, or else the whole 附件说明, or else part
            cut = self._cut(min(fit, self.body - 1))
        if (cut <= 0 or fit - cut > 2) and self.body + 1 < content:  # a 附件说明 is there
            cut = self._cut(min(fit, self.body))
            if cut <= 0 or fit - cut > 2:
                cut = self._cut(min(fit, content - 1))
        if cut <= 0:
            return []
        head = Lines(self.lines[:cut], self.leading, page_h=self.page_h)
        skip = cut
        while skip < len(self.lines) and self.flags[skip] & DROPPABLE:
            skip += 1  # a page does not start with a blank line
        rest = self._rest(self.lines[skip:], self.flags[skip:], max(0, self.body - skip))
        rest.carried = True
        return [head, rest]

    def _cut(self, cut: int) -> int:
        """Move a cut up to where a page may end (see ``_allowed``)."""
        while cut > 0 and not self._allowed(cut):
            cut -= 1
        return cut

    def _allowed(self, cut: int) -> bool:
        """No blank or heading ends the page, no paragraph leaves one line on either side."""
        flags = self.flags
        if flags[cut - 1] & (STICKY | DROPPABLE):
            return False
        if cut >= len(flags) or flags[cut] & START:
            return True
        if flags[cut] & WHOLE:
            return False
        start = next((i for i in range(cut - 1, -1, -1) if flags[i] & START), 0)
        end = next((i for i in range(cut + 1, len(flags)) if flags[i] & START), len(flags))
        return cut - start >= MIN_PART and end - cut >= MIN_PART


class TableLead(Flowable):
    """Lines introducing a table, kept with its header and first rows; the table splits.

    Drawn whole when it fits. Otherwise the lines stay on this page when the header and
    ``LEAD_ROWS`` rows fit under them (the table then splits by rows, its header repeated);
    a long lead-in leaves its last lines to go with the table; else all moves on.
    """

    def __init__(self, lead: Lines, table: RLTable, page_h: float, tag: int | None) -> None:
        super().__init__()
        self.lead, self.table, self.page_h, self.tag = lead, table, page_h, tag
        self.table_h = 0.0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        """The lead-in's lines above the whole table."""
        _, lead_h = self.lead.wrap(aW, aH)
        _, self.table_h = self.table.wrap(aW, aH)
        self.width, self.height = aW, lead_h + self.table_h
        return self.width, self.height

    def _needed(self) -> float:
        """Height of the lead-in, the header and the rows that go with it (after ``wrap``)."""
        heights = self.table._rowHeights
        rows = sum(heights[1 : 1 + LEAD_ROWS])
        if LEAD_ROWS > 1 and rows > LEAD_SHARE * self.page_h:  # tall rows: one is enough
            rows = sum(heights[1:2])
        return self.lead.height + heights[0] + rows

    def split(self, aW: float, aH: float) -> list[Flowable]:
        """Lead-in and table apart, the lead-in's tail still tied to the table, or nothing."""
        self.wrap(aW, aH)
        if self._needed() <= aH + FUZZ:
            return [self.lead, self.table]
        parts = self.lead.split(aW, aH)
        if len(parts) == 2 and isinstance(parts[1], Lines):
            return [parts[0], TableLead(parts[1], self.table, self.page_h, self.tag)]
        if aH + FUZZ >= self.page_h:  # taller than a page as it is: let each part split
            return [self.lead, self.table]
        return []

    def draw(self) -> None:
        """The lines, then the table under them."""
        self.lead.drawOn(self.canv, 0, self.table_h)
        self.table.drawOn(self.canv, 0, 0)


class GridSnap(Flowable):
    """Space down to the next line of the grid after a table of any height (the line after
    that when the next one would touch the table's last rule)."""

    _ZEROSIZE = True  # also placed when a table ends on the last point of a page

    def __init__(self, leading: float, page_h: float) -> None:
        super().__init__()
        self.leading, self.page_h = leading, page_h

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        """What is left of the current grid line (the frame is a whole number of lines)."""
        rest = aH % self.leading if aH > 0 else 0.0
        if rest < 0.01 or self.leading - rest < 0.01:
            rest = 0.0
        if rest < MIN_GAP * self.leading and aH + 0.01 < self.page_h:  # none at a page top
            rest = min(rest + self.leading, max(aH, 0.0))
        self.width, self.height = aW, rest
        return aW, rest

    def draw(self) -> None:
        """Nothing to draw."""


class TableThenClosing(Flowable):
    """A table (or table with lead-in) right before the signature: its last row goes along.

    The signature cannot take body lines from a table, so when it does not fit under the
    table the table splits one row earlier: that row (under the repeated header) accompanies
    the signature on the next page.
    """

    def __init__(self, table: Flowable, closing: ClosingLines, leading: float) -> None:
        super().__init__()
        self.table, self.closing, self.leading = table, closing, leading
        self.snap, self.tag = GridSnap(leading, closing.page_h), closing.tag
        self.table_h = self.snap_h = 0.0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        """The table, the space down to the grid, the closing group."""
        _, self.table_h = self.table.wrap(aW, aH)
        _, self.snap_h = self.snap.wrap(aW, aH - self.table_h)
        _, closing_h = self.closing.wrap(aW, aH)
        self.width, self.height = aW, self.table_h + self.snap_h + closing_h
        return self.width, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        """Table and closing apart when the signature fits, else the table's tail with it."""
        self.wrap(aW, aH)
        least = len(self.closing.lines) - self.closing.flags.count(DROPPABLE | START)
        if self.table_h + self.snap_h + least * self.leading <= aH + FUZZ:
            return [self.table, self.snap, self.closing]
        at_top = aH + FUZZ >= self.closing.page_h
        whole = [self.table, self.snap, self.closing] if at_top else []
        lead = self.table if isinstance(self.table, TableLead) else None
        table = lead.table if lead else self.table
        if not isinstance(table, RLTable) or len(table._rowHeights) < 3:
            return whole  # a header and one row: they move on with the signature
        if lead and lead._needed() <= aH + FUZZ:
            return [lead.lead, TableThenClosing(table, self.closing, self.leading)]
        limit = aH
        if not lead and self.table_h <= aH + FUZZ:
            limit = self.table_h - table._rowHeights[-1] / 2  # all rows but the last
        parts = self.table.split(aW, limit)
        if len(parts) >= 2:
            return [*parts[:-1], TableThenClosing(parts[-1], self.closing, self.leading)]
        return whole

    def draw(self) -> None:
        """The table on top, the closing group under it on the grid."""
        self.table.drawOn(self.canv, 0, self.height - self.table_h)
        self.closing.drawOn(self.canv, 0, 0)


class ColophonFlowable(Flowable):
    """版记: takes the rest of the page and draws its lines and rules at the foot."""

    def __init__(
        self,
        cc_lines: list[Line],
        printer: str,
        printed: str,
        st: Style,
        width: float,
        leading: float,
        tag: int | None = None,
    ) -> None:
        super().__init__()
        self.cc_lines, self.printer, self.printed, self.st = cc_lines, printer, printed, st
        self.width, self.leading, self.tag = width, leading, tag
        self.own = (len(cc_lines) + 1) * leading
        self.height = self.own

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        """All the height left on the page (the 版记 is anchored to its foot)."""
        self.height = max(self.own, aH if aH >= self.own - FUZZ else self.own)
        return self.width, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        """Never split: a 版记 that does not fit goes to the next page whole."""
        return []

    def _baseline(self, top: float) -> float:
        """Baseline of a line whose top is ``top``: the text centred in the line."""
        return top - (self.leading - self.st.size) / 2 - EM_TOP * self.st.size

    def draw(self) -> None:
        """Rules: thick above, thin between 抄送 and 印发, thick on the type area's lower edge."""
        canv, st, w, lead = self.canv, self.st, self.width, self.leading
        pad = st.size  # one character in from either side
        top = self.own
        canv.saveState()
        canv.setStrokeColor(colors.black)
        canv.setLineWidth(THICK_RULE)
        canv.line(0, top, w, top)
        y = top
        if self.cc_lines:
            block = Lines(self.cc_lines, lead, gap=(lead - st.size) / 2)
            block.wrap(w, 0)
            block.drawOn(canv, 0, y - block.height)
            y -= block.height
            canv.setLineWidth(THIN_RULE)
            canv.line(0, y, w, y)
        if self.printer:
            draw_run(canv, st, pad, self._baseline(y), self.printer)
        if self.printed:
            span = sum(st.advances(self.printed))
            draw_run(canv, st, w - pad - span, self._baseline(y), self.printed)
        canv.setLineWidth(THICK_RULE)
        canv.line(0, 0, w, 0)
        canv.restoreState()


def colophon_cc_lines(cc_line: str, st: Style, width: float) -> list[Line]:
    """The 抄送 line(s): one character in, continuation lines aligned after “抄送：”."""
    if not cc_line:
        return []
    pad = st.size
    hang = pad + sum(st.advances("抄送："))
    return wrap(cc_line, st, width - pad, pad, "justify", hang)


def _cell_text(value: object) -> str:
    return "" if value is None else str(value)


def ruled_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    weights: Sequence[float],
    size: float,
    min_row_mm: float,
    head_st: Style,
    cell_st: Style,
    width: float,
) -> RLTable:
    """A reportlab table of pre-set cells, header in 黑体 repeated on every page."""
    pad, ncols = 4.0, len(header)
    lead = size * 1.5
    col_w = [width * w / sum(weights) for w in weights]
    min_h = max(0.0, min_row_mm * MM - 2 * pad)

    def cell(value: object, st: Style, cw: float, mh: float) -> Lines:
        text = _cell_text(value)
        lines = wrap_all(text, st, cw - 2 * pad)
        if len(lines) == 1 or "\n" in text:
            lines = wrap_all(text, st, cw - 2 * pad, "center")
        flow = Lines(lines, lead, gap=(lead - size) / 2)
        flow.min_h = mh
        return flow

    data = [[cell(h, head_st, cw, 0.0) for h, cw in zip(header, col_w, strict=True)]]
    for row in rows:
        values = [*row, *[""] * (ncols - len(row))][:ncols]
        data.append([cell(v, cell_st, cw, min_h) for v, cw in zip(values, col_w, strict=True)])
    table = RLTable(data, colWidths=col_w, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), cell_st.font, size),  # no Helvetica in the file
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ]
        )
    )
    return table
