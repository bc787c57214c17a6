"""The PDF renderer of the GB/T 9704 document model (formats/document.py): blocks in, A4 out.

Text is set on the standard's grid (22 lines × 28 characters of 三号 in a 156 × 225 mm
type area) by the CJK line breaker in cjk_lines, which justifies full lines through
character spacing (reportlab's Paragraph cannot justify CJK text). Every text is typeset
first (full-width punctuation, nested quotes); dates and numbers never break.

Page breaks (pdf_flowables): a heading never ends a page; a paragraph of three lines or more
keeps at least two of them on either side of a break (shorter ones move whole); a table's
heading and lead-in paragraph stay with its header and first rows while the table splits
by rows, its header repeated; the signature always has body text (or the table's last row)
on its page; text after a table starts on the line grid again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus import PageBreak as RLPageBreak

from desktop_app import APP_NAME
from desktop_app.domain.dates import cn_date
from desktop_app.domain.errors import UserError
from desktop_app.files import write_replacing
from desktop_app.formats.cjk_lines import (
    EM_TOP,
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
from desktop_app.formats.document import (
    BODY_SIZE,
    CHARS_PER_LINE,
    COLOPHON_SIZE,
    ISSUER_SIZE,
    LINES_PER_PAGE,
    MM,
    PAGE_NO_SIZE,
    TITLE_SIZE,
    Addressee,
    AnnexHeading,
    AttachmentNote,
    Block,
    Colophon,
    ContactLine,
    DocNumber,
    Heading1,
    Heading2,
    Heading3,
    Heading4,
    OfficialDocument,
    PageBreak,
    Paragraph,
    RedHeader,
    Signature,
    Table,
    TextBlock,
    Title,
    attachment_lines,
    block_texts,
    colophon_lines,
    typeset_blocks,
)
from desktop_app.formats.fonts import TITLE_ROLE, FontSet, describe_missing, missing_characters
from desktop_app.formats.pdf_flowables import (
    DROPPABLE,
    START,
    STICKY,
    WHOLE,
    ClosingLines,
    ColophonFlowable,
    GridSnap,
    RedHeaderFlowable,
    TableLead,
    TableThenClosing,
    colophon_cc_lines,
    ruled_table,
)
from desktop_app.jobs import CancelCheck, Progress, check

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

__all__ = [  # the model, re-exported for the composers that import it from here
    "Addressee",
    "AnnexHeading",
    "AttachmentNote",
    "Block",
    "Colophon",
    "ContactLine",
    "DocNumber",
    "Heading1",
    "Heading2",
    "Heading3",
    "Heading4",
    "OfficialDocument",
    "PageBreak",
    "Paragraph",
    "RedHeader",
    "Signature",
    "Table",
    "TextBlock",
    "Title",
    "check_characters",
    "render_pdf",
]

TYPE_W, TYPE_H = 156 * MM, 225 * MM
PITCH = TYPE_W / CHARS_PER_LINE  # character pitch of 三号 text
LEADING = TYPE_H / LINES_PER_PAGE  # line pitch
TRACK_RATIO = PITCH / BODY_SIZE - 1  # (negative) spacing that fits 28 characters on a line
_PAGE_DIGITS = "— 0123456789"


def _style(fonts: FontSet, role: str, size: float, color: colors.Color = colors.black) -> Style:
    face = fonts.face(role)
    return Style(fonts.names[role], size, face.charWidths, face.defaultWidth, TRACK_RATIO, color)


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


def _attachment_lines(block: AttachmentNote, st: Style, width: float) -> list[Line]:
    """附件说明: two characters in; a long name wraps under its own first character."""
    out: list[Line] = []
    label = sum(st.advances("附件：")) + 3 * st.track
    for i, text in enumerate(attachment_lines(block.items)):
        number = text.removeprefix("附件：")
        first_x = 2 * PITCH + (0.0 if i == 0 else label)
        head = text[: len(text) - len(number)]
        dot = number.find(".") + 1 if number[:1].isdigit() else 0
        hang = 2 * PITCH + label + sum(st.advances(number[:dot])) + dot * st.track
        shown = head + number if i == 0 else number
        out += wrap(shown, st, width, first_x, "justify", hang)
    return out


def _unit(count: int) -> list[int]:
    """Closing-group flags of ``count`` lines that make one paragraph."""
    return [START] + [0] * (count - 1) if count else []


def _line_flags(flow: Lines) -> list[int]:
    """Closing-group flags of a text block: heading lines sticky, the text a paragraph."""
    headings = getattr(flow, "heading_lines", 0)
    whole = flow.keep_head >= len(flow.lines)  # a title or number: never cut
    flags = [STICKY | START] * headings
    rest = len(flow.lines) - headings
    if rest:
        flags += [START | (WHOLE if whole else 0)] + [WHOLE if whole else 0] * (rest - 1)
    return flags


class _Composer:
    """Turns blocks into flowables; headings are glued to the first lines that follow."""

    def __init__(self, fonts: FontSet, width: float, page_h: float) -> None:
        self.fonts, self.width, self.page_h = fonts, width, page_h
        self.body = _style(fonts, "fangsong", BODY_SIZE)
        self.heading = {
            Heading1: _style(fonts, "heiti", BODY_SIZE),
            Heading2: _style(fonts, "kaiti", BODY_SIZE),
            Heading3: self.body,
            Heading4: self.body,
        }
        self.annex = self.heading[Heading1]
        self.title = _style(fonts, TITLE_ROLE, TITLE_SIZE)
        self.issuer = _style(fonts, TITLE_ROLE, ISSUER_SIZE, colors.Color(0.9, 0, 0))
        self.small = _style(fonts, "fangsong", COLOPHON_SIZE)
        self.out: list[Flowable] = []
        self.pending: list[Line] = []
        self.note: list[Line] = []  # 附件说明 lines waiting for the signature

    def _lines(self, lines: list[Line], keep: tuple[int, int], tag: int | None = None) -> Lines:
        return Lines(lines, LEADING, keep=keep, page_h=self.page_h, tag=tag)

    def _flush_note(self) -> None:
        """A 附件说明 without a signature after it is set as plain lines."""
        if self.note:
            note, self.note = [blank_line(self.body), *self.note], []
            self._text(note, 0, whole=len(note) <= 4)

    def _text(self, lines: list[Line], tag: int, whole: bool = False) -> None:
        keep = len(lines) if whole else min(2, len(lines))
        head, self.pending = self.pending, []
        flow = self._lines(head + lines, (len(head) + keep, keep), tag)
        flow.heading_lines = len(head)
        self.out.append(flow)

    def _other(self, flow: Flowable, tag: int) -> None:
        self._flush_note()
        if self.pending:  # a heading stays with the table (or page break) after it
            head = self._lines(self.pending, (len(self.pending), 0))
            head.keepWithNext, self.pending = True, []
            self.out.append(head)
        flow.tag = tag
        self.out.append(flow)

    def _table(self, table: Flowable, tag: int) -> None:
        """A table with the heading or paragraph before it kept with its first rows; the
        lines after it start on the grid again."""
        self._flush_note()
        lead: Lines | None = None
        if self.pending:
            lead = self._lines(self.pending, (len(self.pending), 0))
            self.pending = []
        elif self.out and type(self.out[-1]) is Lines and not self.out[-1].getKeepWithNext():
            lead = self.out.pop()  # the paragraph that introduces the table
        table.tag = tag
        if lead is None:
            self.out.append(table)
        else:
            self.out.append(TableLead(lead, table, self.page_h, tag))
        self.out.append(GridSnap(LEADING, self.page_h))  # the next text is back on the grid

    def _signature(self, block: Signature, tag: int) -> None:
        """The closing group: last body lines, 附件说明 and signature, split with care."""
        sign = _signature_lines(block, self.body, self.width)
        lines: list[Line] = []
        flags: list[int] = []
        while len(lines) < 10 and not self.pending and self.out:  # the last body lines join
            last = self.out[-1]
            if type(last) is not Lines or getattr(last, "keepWithNext", False):
                break
            self.out.pop()
            lines[:0] = last.lines
            flags[:0] = _line_flags(last)
        if self.pending:
            lines += self.pending
            flags += [STICKY | START] * len(self.pending)
            self.pending = []
        body = len(lines)
        if self.note:
            lines += [blank_line(self.body), *self.note]
            flags += [DROPPABLE | START, *_unit(len(self.note))]
            self.note = []
        lines += [blank_line(self.body), *sign]
        flags += [DROPPABLE | START, *_unit(len(sign))]
        closing = ClosingLines(lines, flags, len(sign), LEADING, self.page_h, tag, body)
        if not body and len(self.out) >= 2 and isinstance(self.out[-1], GridSnap):
            self.out.pop()  # right after a table: its last row goes with the signature
            self.out.append(TableThenClosing(self.out.pop(), closing, LEADING))
        else:
            self.out.append(closing)

    def add(self, block: Block, tag: int) -> None:
        """Append the flowables of one block."""
        w, body = self.width, self.body
        if self.note and not isinstance(block, Signature):
            self._flush_note()
        match block:
            case Title(text):
                lines = [ln for p in paragraphs(text) for ln in balanced(p, self.title, w)]
                self._text([*lines, blank_line(body)], tag, whole=True)
            case DocNumber(text):
                self._text(wrap_all(text, body, w, "center"), tag, whole=True)
            case RedHeader(issuer, doc_no) if issuer.strip():
                flow = RedHeaderFlowable(issuer, doc_no, self.issuer, body, w, LEADING)
                self._other(flow, tag)
            case RedHeader(_, doc_no):  # no issuer: no bare red rule, just the number
                if doc_no.strip():
                    self._text(wrap_all(doc_no, body, w, "center"), tag, whole=True)
            case Addressee(text):
                text = text.strip().removesuffix(":").removesuffix("：") + "："
                self._text(wrap(text, body, w), tag)
            case Heading1(text) | Heading2(text) | Heading3(text) | Heading4(text):
                self.pending += wrap(text.strip(), self.heading[type(block)], w, 2 * PITCH)
            case ContactLine(text, indent) | Paragraph(text, indent):
                for part in paragraphs(text):
                    self._text(wrap(part, body, w, indent * PITCH), tag)
            case AttachmentNote():
                self.note = _attachment_lines(block, body, w)
            case Signature():
                self._signature(block, tag)
            case AnnexHeading(label):
                self._other(RLPageBreak(), tag)
                self.out.append(
                    self._lines([*wrap(label, self.annex, w), blank_line(body)], (2, 0))
                )
                self.out[-1].keepWithNext = True
            case Table():
                table = ruled_table(
                    block.header,
                    block.rows,
                    list(block.col_widths or [1.0] * len(block.header)),
                    block.font_size,
                    block.min_row_height_mm,
                    _style(self.fonts, "heiti", block.font_size),
                    _style(self.fonts, "fangsong", block.font_size),
                    w,
                )
                self._table(table, tag)
            case PageBreak():
                self._other(RLPageBreak(), tag)
            case Colophon():
                cc, printer, printed = colophon_lines(block)
                cc_lines = colophon_cc_lines(cc, self.small, w)
                flow = ColophonFlowable(cc_lines, printer, printed, self.small, w, LEADING)
                self._other(flow, tag)

    def finish(self, tag: int) -> list[Flowable]:
        """All flowables, with any trailing heading kept."""
        self._flush_note()
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
        case Heading1(text) | AnnexHeading(text):
            yield "heiti", text
        case Heading2(text):
            yield "kaiti", text
        case Table(header, rows):
            yield "heiti", "".join(map(str, header))
            yield "fangsong", "".join("" if v is None else str(v) for row in rows for v in row)
        case Addressee(text):
            yield "fangsong", text + "："
        case _:
            yield "fangsong", "".join(block_texts(block))


def check_characters(doc: OfficialDocument, fonts: FontSet) -> list[str]:
    """Chinese messages naming characters the fonts cannot print; empty when all are fine."""
    texts: dict[str, tuple[str, list[str]]] = {}  # font name -> (a role using it, texts)
    pairs = [("songti", _PAGE_DIGITS)]
    for block in typeset_blocks(doc.blocks):
        pairs.extend(_role_texts(block))
    for role, text in pairs:
        texts.setdefault(fonts.names[role], (role, []))[1].append(text)
    messages = []
    for role, parts in texts.values():
        chars = missing_characters("".join(parts), fonts, role)
        if chars:
            messages.append(describe_missing(chars, fonts.labels[role]))
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
    fonts: FontSet,
    flows: list[Flowable],
    progress: Progress | None,
    cancelled: CancelCheck | None,
) -> int:
    page, left, bottom, width, height = _geometry(doc.landscape)
    number_st = _style(fonts, "songti", PAGE_NO_SIZE)

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
        title=doc.title,
        author=APP_NAME,
        creator=APP_NAME,
        lang="zh-CN",
        initialFontName=fonts.names["fangsong"],
    )
    template.afterFlowable = after_flowable
    template.build(flows)
    if progress is not None:
        progress(total, total)
    return template.page


def render_pdf(
    doc: OfficialDocument,
    fonts: FontSet,
    path_or_file: str | os.PathLike[str] | IO[bytes],
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write the document as PDF and return its page count; a file is replaced only on success."""
    problems = check_characters(doc, fonts)
    if problems:
        raise UserError("\n".join(problems))
    _page, _left, _bottom, width, height = _geometry(doc.landscape)
    composer = _Composer(fonts, width, height)
    for i, block in enumerate(typeset_blocks(doc.blocks)):
        if i % 64 == 0:
            check(cancelled)
        composer.add(block, i + 1)
    flows = composer.finish(len(doc.blocks))
    if not flows:
        raise UserError("没有可导出的内容。")
    if not isinstance(path_or_file, str | os.PathLike):
        return _build(path_or_file, doc, fonts, flows, progress, cancelled)
    return write_replacing(
        Path(path_or_file),
        lambda tmp: _build(tmp, doc, fonts, flows, progress, cancelled),
        "PDF 阅读器",
    )
