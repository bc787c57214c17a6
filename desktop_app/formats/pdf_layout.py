"""GB/T 9704-2012 page layout shared by every PDF notice: blocks in, A4 pages out.

Text is set on the standard's grid (22 lines × 28 characters of 三号 in a 156 × 225 mm
type area) by the CJK line breaker in cjk_lines, which justifies full lines through
character spacing (reportlab's Paragraph cannot justify CJK text).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, TableStyle
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable

from desktop_app import APP_NAME
from desktop_app.domain.dates import cn_date
from desktop_app.domain.errors import UserError
from desktop_app.formats.cjk_lines import (
    EM_TOP,
    FUZZ,
    Line,
    Lines,
    Style,
    balanced,
    blank_line,
    draw_run,
    paragraphs,
    wrap,
    wrap_all,
)
from desktop_app.formats.fonts import TITLE_ROLE, FontSet, describe_missing, missing_characters
from desktop_app.jobs import CancelCheck, Progress, check

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

MM = 72 / 25.4
TYPE_W, TYPE_H = 156 * MM, 225 * MM
CHARS_PER_LINE, LINES_PER_PAGE = 28, 22
BODY_SIZE, TITLE_SIZE, PAGE_NO_SIZE, ISSUER_SIZE = 16.0, 22.0, 14.0, 42.0  # 三号 二号 四号 初号
PITCH = TYPE_W / CHARS_PER_LINE  # character pitch of 三号 text
LEADING = TYPE_H / LINES_PER_PAGE  # line pitch
TRACK_RATIO = PITCH / BODY_SIZE - 1  # (negative) spacing that fits 28 characters on a line
RED = colors.Color(0.9, 0, 0)
_PAGE_DIGITS = "— 0123456789"


@dataclass
class TextBlock:
    """A block of text; the subclass decides font, size, indent and alignment."""

    text: str


class Title(TextBlock):
    """The title (标题): 二号 小标宋, centred, balanced over as few lines as possible."""


class DocNumber(TextBlock):
    """A document number (发文字号) on its own, centred."""


class Addressee(TextBlock):
    """The addressee (主送机关), flush left and ending in a full-width colon."""


class Heading1(TextBlock):
    """A first-level heading "一、…" in 黑体, indented two characters."""


class Heading2(TextBlock):
    """A second-level heading "（一）…" in 楷体, indented two characters."""


class Heading3(TextBlock):
    """A third-level heading "1.…" in 仿宋, indented two characters."""


@dataclass
class Paragraph(TextBlock):
    """Body text in 仿宋; each line of ``text`` is a paragraph indented ``indent`` characters."""

    indent: int = 2


@dataclass
class RedHeader:
    """The red issuer mark (红头), the document number below it and the red rule."""

    issuer: str
    doc_no: str = ""


@dataclass
class Signature:
    """The signer and the 成文日期 below it, dated with Arabic numerals, right space 4 chars."""

    signer: str
    date: date | None


@dataclass
class Table:
    """A ruled table with its header repeated on every page; ``col_widths`` are weights."""

    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    col_widths: Sequence[float] | None = None
    font_size: float = 14.0
    min_row_height_mm: float = 0.0


@dataclass
class PageBreak:
    """Start a new page."""


Block = TextBlock | RedHeader | Signature | Table | PageBreak


@dataclass
class OfficialDocument:
    """Blocks to set in GB/T 9704 layout with the given fonts."""

    blocks: list[Block]
    fonts: FontSet
    title_for_metadata: str = ""
    landscape: bool = False


def _style(fonts: FontSet, role: str, size: float, color: colors.Color = colors.black) -> Style:
    face = fonts.face(role)
    return Style(fonts.names[role], size, face.charWidths, face.defaultWidth, TRACK_RATIO, color)


class _RedHeaderFlowable(Flowable):
    """Issuer 35 mm below the type-area top, number two lines lower, red rule 4 mm below."""

    def __init__(self, issuer: str, doc_no: str, issuer_st: Style, no_st: Style, width: float):
        super().__init__()
        self.issuer, self.issuer_st, self.width = issuer, issuer_st, width
        natural = sum(issuer_st.advances(issuer)) or 1.0
        self.scale = min(1.0, width / natural)
        if self.scale < 0.6:  # too long to condense: shrink the type instead
            self.issuer_st = replace(issuer_st, size=issuer_st.size * self.scale / 0.6)
            self.scale = 0.6
        depth = 35 * MM + self.issuer_st.size
        self.no_lines = wrap(doc_no, no_st, width, align="center") if doc_no else []
        self.no_top = depth + 2 * LEADING
        if self.no_lines:
            depth = self.no_top + BODY_SIZE
        self.rule = depth + 4 * MM
        lines = -(-(self.rule + 2 * LEADING - FUZZ) // LEADING)  # title two lines below
        self.height = lines * LEADING

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv, st, h = self.canv, self.issuer_st, self.height
        canv.saveState()
        x = (self.width - sum(st.advances(self.issuer)) * self.scale) / 2
        y = h - 35 * MM - EM_TOP * st.size
        draw_run(canv, st, x, y, self.issuer, color=RED, scale=self.scale)
        numbers = Lines(self.no_lines, LEADING)
        numbers.wrap(self.width, 0)
        numbers.drawOn(canv, 0, h - self.no_top - numbers.height)
        canv.setStrokeColor(RED)
        canv.setLineWidth(1.5)
        canv.line(0, h - self.rule, self.width, h - self.rule)
        canv.restoreState()


def _signature_lines(block: Signature, st: Style, width: float) -> list[Line]:
    """Date right-spaced four characters, the signer centred over it (GB/T 9704 7.3.5.1)."""
    texts = [t for t in (block.signer.strip(), cn_date(block.date)) if t]
    spans = [sum(st.advances(t)) + (len(t) - 1) * st.track for t in texts]
    box = max(spans, default=0.0)
    right = width - 4 * PITCH
    return [
        Line(max(0.0, right - box + (box - span) / 2), t, st.track, st)
        for t, span in zip(texts, spans, strict=True)
    ]


def _cell_text(value: object) -> str:
    return "" if value is None else str(value)


def _table(block: Table, fonts: FontSet, width: float) -> RLTable:
    """A reportlab table of pre-set cells, header in 黑体 repeated on every page."""
    size, pad, ncols = block.font_size, 4.0, len(block.header)
    lead = size * 1.5
    head_st, cell_st = _style(fonts, "heiti", size), _style(fonts, "fangsong", size)
    weights = list(block.col_widths or [1.0] * ncols)
    col_w = [width * w / sum(weights) for w in weights]
    min_h = max(0.0, block.min_row_height_mm * MM - 2 * pad)

    def cell(value: object, st: Style, cw: float, mh: float) -> Lines:
        text = _cell_text(value)
        lines = wrap_all(text, st, cw - 2 * pad)
        if len(lines) == 1:
            lines = wrap_all(text, st, cw - 2 * pad, "center")
        flow = Lines(lines, lead, gap=(lead - size) / 2)
        flow.min_h = mh
        return flow

    data = [[cell(h, head_st, cw, 0.0) for h, cw in zip(block.header, col_w, strict=True)]]
    for row in block.rows:
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


class _Composer:
    """Turns blocks into flowables; headings are glued to the first lines that follow."""

    def __init__(self, fonts: FontSet, width: float, page_h: float) -> None:
        self.fonts, self.width, self.page_h = fonts, width, page_h
        self.body = _style(fonts, "fangsong", BODY_SIZE)
        self.heading = {
            Heading1: _style(fonts, "heiti", BODY_SIZE),
            Heading2: _style(fonts, "kaiti", BODY_SIZE),
            Heading3: self.body,
        }
        self.title = _style(fonts, TITLE_ROLE, TITLE_SIZE)
        self.issuer = _style(fonts, TITLE_ROLE, ISSUER_SIZE, RED)
        self.out: list[Flowable] = []
        self.pending: list[Line] = []

    def _lines(self, lines: list[Line], keep: tuple[int, int], tag: int | None = None) -> Lines:
        return Lines(lines, LEADING, keep=keep, page_h=self.page_h, tag=tag)

    def _text(self, lines: list[Line], tag: int, whole: bool = False) -> None:
        keep = len(lines) if whole else min(2, len(lines))
        head, self.pending = self.pending, []
        self.out.append(self._lines(head + lines, (len(head) + keep, keep), tag))

    def _other(self, flow: Flowable, tag: int) -> None:
        if self.pending:  # a heading stays with the table (or page break) after it
            head = self._lines(self.pending, (len(self.pending), 0))
            head.keepWithNext, self.pending = True, []
            self.out.append(head)
        flow.tag = tag
        self.out.append(flow)

    def _signature(self, block: Signature, tag: int) -> None:
        """Signature lines, kept on one page with the last two lines of the text before."""
        lines = [blank_line(self.body), *_signature_lines(block, self.body, self.width)]
        last = self.out[-1] if self.out and not self.pending else None
        if not isinstance(last, Lines):
            self._text(lines, tag, whole=True)
            return
        keep = (last.keep_head, len(lines) + min(2, len(last.lines)))
        self.out[-1] = self._lines(last.lines + lines, keep, tag)

    def add(self, block: Block, tag: int) -> None:
        """Append the flowables of one block."""
        w, body = self.width, self.body
        match block:
            case Title(text):
                lines = [ln for p in paragraphs(text) for ln in balanced(p, self.title, w)]
                self._text([*lines, blank_line(body)], tag, whole=True)
            case DocNumber(text):
                self._text(wrap_all(text, body, w, "center"), tag, whole=True)
            case RedHeader(issuer, doc_no):
                self._other(_RedHeaderFlowable(issuer, doc_no, self.issuer, body, w), tag)
            case Addressee(text):
                text = text.strip().removesuffix(":").removesuffix("：") + "："
                self._text(wrap(text, body, w), tag)
            case Heading1(text) | Heading2(text) | Heading3(text):
                self.pending += wrap(text.strip(), self.heading[type(block)], w, 2 * PITCH)
            case Paragraph(text, indent):
                for part in paragraphs(text):
                    self._text(wrap(part, body, w, indent * PITCH), tag)
            case Signature():
                self._signature(block, tag)
            case Table():
                self._other(_table(block, self.fonts, w), tag)
            case PageBreak():
                self._other(RLPageBreak(), tag)

    def finish(self, tag: int) -> list[Flowable]:
        """All flowables, with any trailing heading kept."""
        if self.pending:
            self._text([], tag)
        return self.out


def _role_texts(block: Block) -> Iterator[tuple[str, str]]:
    """(font role, text) pairs a block will print."""
    match block:
        case Title(text):
            yield TITLE_ROLE, text
        case RedHeader(issuer, doc_no):
            yield TITLE_ROLE, issuer
            yield "fangsong", doc_no
        case Heading1(text):
            yield "heiti", text
        case Heading2(text):
            yield "kaiti", text
        case Signature(signer, when):
            yield "fangsong", signer + cn_date(when)
        case Table(header, rows):
            yield "heiti", "".join(map(_cell_text, header))
            yield "fangsong", "".join(_cell_text(v) for row in rows for v in row)
        case TextBlock(text):  # the rest are set in 仿宋; an addressee gains a colon
            yield "fangsong", text + "："


def check_characters(doc: OfficialDocument) -> list[str]:
    """Chinese messages naming characters the fonts cannot print; empty when all are fine."""
    texts: dict[str, tuple[str, list[str]]] = {}  # font name -> (a role using it, texts)
    pairs = [("songti", _PAGE_DIGITS)]
    for block in doc.blocks:
        pairs.extend(_role_texts(block))
    for role, text in pairs:
        texts.setdefault(doc.fonts.names[role], (role, []))[1].append(text)
    messages = []
    for role, parts in texts.values():
        chars = missing_characters("".join(parts), doc.fonts, role)
        if chars:
            messages.append(describe_missing(chars, doc.fonts.labels[role]))
    return messages


def _geometry(is_landscape: bool) -> tuple[tuple[float, float], float, float, float, float]:
    """Page size, type-area left, bottom, width, height (landscape: the portrait area turned)."""
    if is_landscape:
        page, left, top, width, height = landscape(A4), 37 * MM, 28 * MM, TYPE_H, TYPE_W
    else:
        page, left, top, width, height = A4, 28 * MM, 37 * MM, TYPE_W, TYPE_H
    return page, left, page[1] - top - height, width, height


def _build(
    target: str | IO[bytes],
    doc: OfficialDocument,
    flows: list[Flowable],
    progress: Progress | None,
    cancelled: CancelCheck | None,
) -> int:
    page, left, bottom, width, height = _geometry(doc.landscape)
    number_st = _style(doc.fonts, "songti", PAGE_NO_SIZE)

    def page_number(canv: Canvas, _doc: BaseDocTemplate) -> None:
        """— N —, 7 mm below the type area; odd pages right, even pages left, one char in."""
        n = canv.getPageNumber()
        text = f"— {n} —"
        span = sum(number_st.advances(text))
        x = left + width - PAGE_NO_SIZE - span if n % 2 else left + PAGE_NO_SIZE
        draw_run(canv, number_st, x, bottom - 7 * MM - (EM_TOP - 0.5) * PAGE_NO_SIZE, text)

    frame = Frame(left, bottom, width, height, 0, 0, 0, 0, id="type-area")
    total = len(doc.blocks)

    def after_flowable(flowable: Flowable) -> None:
        check(cancelled)
        tag = getattr(flowable, "tag", None)
        if progress is not None and tag is not None:
            progress(tag, total)

    template = BaseDocTemplate(
        target,
        pagesize=page,
        pageTemplates=[PageTemplate("gbt9704", [frame], onPage=page_number)],
        title=doc.title_for_metadata,
        author=APP_NAME,
        creator=APP_NAME,
        lang="zh-CN",
        initialFontName=doc.fonts.names["fangsong"],
    )
    template.afterFlowable = after_flowable
    template.build(flows)
    if progress is not None:
        progress(total, total)
    return template.page


def render_official(
    doc: OfficialDocument,
    path_or_file: str | os.PathLike[str] | IO[bytes],
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write the document as PDF and return its page count; a file is replaced only on success."""
    problems = check_characters(doc)
    if problems:
        raise UserError("\n".join(problems))
    _page, _left, _bottom, width, height = _geometry(doc.landscape)
    composer = _Composer(doc.fonts, width, height)
    for i, block in enumerate(doc.blocks):
        if i % 64 == 0:
            check(cancelled)
        composer.add(block, i + 1)
    flows = composer.finish(len(doc.blocks))
    if not flows:
        raise UserError("没有可导出的内容。")
    if not isinstance(path_or_file, str | os.PathLike):
        return _build(path_or_file, doc, flows, progress, cancelled)
    target = Path(path_or_file)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~", suffix=".pdf", dir=target.parent)
    except OSError as exc:
        raise UserError(f"无法在“{target.parent}”中创建文件：{exc.strerror}") from exc
    os.close(fd)
    try:
        pages = _build(tmp, doc, flows, progress, cancelled)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise UserError(
                f"无法写入“{target}”，文件可能正被其他程序（如 PDF 阅读器）打开：{exc.strerror}"
            ) from exc
        return pages
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
