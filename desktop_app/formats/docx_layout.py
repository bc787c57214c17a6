"""The Word renderer of the GB/T 9704 document model (formats/document.py), with python-docx.

The same blocks as the PDF, set for Word and WPS so that the office can edit the document:
A4, margins 37 mm top and 28 mm left, type area 156 × 225 mm with the 22 × 28 document grid
(``w:docGrid`` linesAndChars), fonts named as Windows has them (仿宋, 黑体, 楷体, 方正小标宋简体,
宋体, each also as ``w:eastAsia``), body lines of exactly one grid pitch, "— N —" page numbers
in 4号 宋体 on the right of odd and the left of even pages (``evenAndOddHeaders``), the red
发文机关标志 and rule, and the 版记 in frames at the foot of the last page. Runs that must
stay on one line are joined with word joiners (U+2060). The OOXML details: ``docx_parts``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from desktop_app import APP_NAME
from desktop_app.domain.dates import cn_date
from desktop_app.domain.errors import UserError
from desktop_app.domain.typography import join_unbreakable
from desktop_app.files import WORD, write_replacing
from desktop_app.formats import document as model
from desktop_app.formats.document import (
    BODY_SIZE,
    COLOPHON_SIZE,
    ISSUER_SIZE,
    LINES_PER_PAGE,
    TITLE_SIZE,
    TYPE_H_MM,
    TYPE_W_MM,
    attachment_lines,
    colophon_lines,
    typeset_blocks,
)
from desktop_app.formats.docx_parts import (
    BORDER_ORDER,
    CONDENSE,
    FANGSONG,
    HEITI,
    KAITI,
    LINE_TWIPS,
    PITCH_TWIPS,
    PPR_ORDER,
    RED,
    TWIPS_PER_MM,
    XIAOBIAOSONG,
    balanced_breaks,
    cell_text,
    child,
    font,
    page_numbers,
    page_setup,
    paragraph_defaults,
    ppr,
    rpr,
    table_look,
    units,
)
from desktop_app.jobs import CancelCheck, Progress, check

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument


class _Writer:
    """Appends paragraphs and tables for blocks to a python-docx document."""

    def __init__(self, doc: DocxDocument, width_mm: float) -> None:
        self.doc, self.width_mm = doc, width_mm
        self.break_next = False  # the next paragraph starts a page
        self.last: Any = None  # the last body paragraph (kept with a signature)

    # -- paragraphs ------------------------------------------------------------------
    def para(
        self,
        text: str = "",
        *,
        face: str = FANGSONG,
        size: float = BODY_SIZE,
        align: str = "both",
        first_chars: float = 0.0,
        left_chars: float = 0.0,
        hanging_chars: float = 0.0,
        right_chars: float = 0.0,
        color: str = "",
        grid: bool = True,
        line_twips: int = LINE_TWIPS,
        keep_next: bool = False,
        breaks: Sequence[int] = (),
    ) -> Any:
        """One paragraph; ``grid`` snaps it to the document grid (body-size text only)."""
        paragraph = self.doc.add_paragraph()
        if keep_next:
            ppr(paragraph, "keepNext")
        if self.break_next:
            ppr(paragraph, "pageBreakBefore")
            self.break_next = False
        paragraph_defaults(paragraph._p.get_or_add_pPr())
        ppr(paragraph, "spacing", before=0, after=0, line=line_twips, lineRule="exact")
        unit = size / BODY_SIZE * PITCH_TWIPS if grid else size * 20
        ind: dict[str, object] = {}
        if first_chars:
            ind.update(firstLine=round(first_chars * unit), firstLineChars=round(first_chars * 100))
        if hanging_chars:
            ind.update(hanging=round(hanging_chars * unit), hangingChars=round(hanging_chars * 100))
        if left_chars:
            ind.update(left=round(left_chars * unit), leftChars=round(left_chars * 100))
        if right_chars:
            ind.update(right=round(right_chars * unit), rightChars=round(right_chars * 100))
        if ind:
            ppr(paragraph, "ind", **ind)
        ppr(paragraph, "jc", val=align)
        condense = CONDENSE if grid and size == BODY_SIZE else 0
        mark = paragraph._p.get_or_add_pPr()
        font(child(mark, "rPr", PPR_ORDER), face, size, color, condense=condense)
        parts = [text]
        if breaks:
            parts, start = [], 0
            for end in breaks:
                parts.append(text[start:end])
                start = end
            parts.append(text[start:])
        for i, part in enumerate(parts):
            run = paragraph.add_run(join_unbreakable(part))
            font(run._r.get_or_add_rPr(), face, size, color, condense=condense)
            if i < len(parts) - 1:
                run.add_break()
        return paragraph

    def blank(self, *, keep_next: bool = False) -> Any:
        """An empty line of the grid."""
        return self.para("", keep_next=keep_next)

    def body(self, text: str, indent: int = 2, face: str = FANGSONG, keep: bool = False) -> None:
        """Body paragraphs, one per line of ``text``."""
        for part in [p.strip() for p in text.split("\n") if p.strip()]:
            self.last = self.para(part, face=face, first_chars=indent, keep_next=keep)

    # -- blocks ----------------------------------------------------------------------
    def title(self, text: str) -> None:
        """Centred, 二号 小标宋, lines made even; then one blank line."""
        for part in [p.strip() for p in text.split("\n") if p.strip()]:
            self.para(
                part,
                face=XIAOBIAOSONG,
                size=TITLE_SIZE,
                align="center",
                grid=False,
                breaks=balanced_breaks(part, TITLE_SIZE, self.width_mm),
            )
        self.blank()

    def red_header(self, issuer: str, doc_no: str) -> None:
        """Issuer 35 mm below the type area's top, number two lines lower, red rule 4 mm under.

        Positions come from empty spacer paragraphs of exact height and text lines only a
        little taller than their type, so Word and LibreOffice put the glyphs in one place.
        """
        width_pt = self.width_mm * 72 / 25.4
        size, scale = ISSUER_SIZE, min(1.0, width_pt / (units(issuer) * ISSUER_SIZE or 1))
        if scale < 0.6:
            size, scale = ISSUER_SIZE * scale / 0.6, 0.6
        leading = TYPE_H_MM / LINES_PER_PAGE * TWIPS_PER_MM
        slack = 0.1  # of the size, above and below the type in its line
        y = self.spacer(35 * TWIPS_PER_MM - slack * size * 20)
        line = round((1 + 2 * slack) * size * 20)
        p = self.para(
            issuer,
            face=XIAOBIAOSONG,
            size=size,
            align="center",
            color=RED,
            grid=False,
            line_twips=line,
        )
        for run in p.runs:
            rpr(run._r.get_or_add_rPr(), "w", val=round(scale * 100))
        y += line  # the issuer's type ends slack·size above this
        bottom = y - slack * size * 20
        if doc_no:
            top = bottom + 2 * leading
            y += self.spacer(top - slack * BODY_SIZE * 20 - y)
            line = round((1 + 2 * slack) * BODY_SIZE * 20)
            self.para(doc_no, align="center", grid=False, line_twips=line)
            y += line
            bottom = y - slack * BODY_SIZE * 20
        rule_at = bottom + 4 * TWIPS_PER_MM
        rule = self.spacer(rule_at - y)
        y += rule
        child(
            ppr(self.doc.paragraphs[-1], "pBdr"),
            "bottom",
            BORDER_ORDER,
            val="single",
            sz=12,
            space=0,
            color=RED,
        )
        lines = -(-(rule_at + 2 * leading - 1) // leading)
        self.spacer(lines * leading - y)  # the title starts on the grid, two lines below

    def spacer(self, twips: float) -> int:
        """An empty paragraph exactly ``twips`` high (type of 1 pt, so it never grows)."""
        height = max(20, round(twips))
        self.para("", size=1, grid=False, line_twips=height)
        return height

    def signature(self, block: model.Signature, note: Sequence[str]) -> None:
        """附件说明 (if any) and signature, kept on the page of the last body paragraph."""
        if self.last is not None:
            ppr(self.last, "keepNext")
        if note:
            self.blank(keep_next=True)
            self.attachment(note, keep=True)
        self.blank(keep_next=True)
        when = cn_date(block.date)
        signer = block.signer.strip()
        box = max(units(signer), units(when))
        if signer:
            right = 4 + (box - units(signer)) / 2
            self.para(signer, align="right", right_chars=right, keep_next=bool(when))
        if when:
            self.para(when, align="right", right_chars=4 + (box - units(when)) / 2)

    def attachment(self, items: Sequence[str], keep: bool = False) -> None:
        """附件说明: "附件：1.…", long names wrapping under their first character."""
        lines = attachment_lines(items)
        numbered = len(lines) > 1
        for i, text in enumerate(lines):
            number = text.removeprefix("附件：")
            dot = number.find(".") + 1 if numbered else 0
            lead = 3 + units(number[:dot])  # "附件：" and "1."
            if i == 0:
                self.para(text, left_chars=2 + lead, hanging_chars=lead, keep_next=keep)
            else:
                hang = units(number[:dot])
                self.para(number, left_chars=2 + 3 + hang, hanging_chars=hang, keep_next=keep)

    def annex(self, label: str) -> None:
        """A new page headed "附件" in 三号 黑体, top left; a blank line before the title."""
        self.break_next = True
        self.para(label, face=HEITI, align="left", keep_next=True)
        self.blank(keep_next=True)

    def table(self, block: model.Table) -> None:
        """A ruled table, header row in 黑体 repeated on every page."""
        header = list(block.header)
        weights = list(block.col_widths or [1.0] * len(header))
        table = self.doc.add_table(rows=0, cols=len(header))
        table_look(table, self.width_mm, weights)
        rows: list[list[object]] = [list(header)]
        rows += [[*r, *[""] * (len(header) - len(r))][: len(header)] for r in block.rows]
        min_h = round(block.min_row_height_mm * TWIPS_PER_MM)
        for r, values in enumerate(rows):
            row = table.add_row()
            tr_pr = row._tr.get_or_add_trPr()
            if r == 0:
                child(tr_pr, "tblHeader", ())
            child(tr_pr, "cantSplit", ())
            if min_h and r:
                child(tr_pr, "trHeight", (), val=min_h, hRule="atLeast")
            cells: list[Any] = list(row.cells)
            for cell, value in zip(cells, values, strict=True):
                cell_text(
                    cell,
                    "" if value is None else str(value),
                    HEITI if r == 0 else FANGSONG,
                    block.font_size,
                )
        if self.break_next:  # a table right after a page break: the break goes before it
            self.break_next = False
        self.last = None

    def colophon(self, block: model.Colophon) -> None:
        """版记 in frames at the foot of the type area: 抄送 above, 印发机关 and date below.

        Two frames because LibreOffice drops a frame whose paragraphs differ in borders; the
        rules are paragraph borders: thick above and below (0.35 mm), thin between (0.25 mm).
        """
        cc, printer, printed = colophon_lines(block)
        width = round(self.width_mm * TWIPS_PER_MM)
        pad = round(COLOPHON_SIZE * 20)  # one character in from either side
        self.para("", grid=False, line_twips=20)  # not right after a table (LibreOffice)
        if cc:
            per_line = (self.width_mm * 72 / 25.4 - 2 * COLOPHON_SIZE) / COLOPHON_SIZE
            hang = units("抄送：")
            lines = 1 + max(0, int(-(-(units(cc) - per_line) // (per_line - hang))))
            top = round(TYPE_H_MM * TWIPS_PER_MM - (lines + 1) * LINE_TWIPS)
            p = self._frame_para(cc, width, {"y": top}, (("top", 8), ("bottom", 6)))
            ppr(
                p,
                "ind",
                left=pad + round(hang * COLOPHON_SIZE * 20),
                right=pad,
                hanging=round(hang * COLOPHON_SIZE * 20),
            )
        rules = (("bottom", 8),) if cc else (("top", 8), ("bottom", 8))
        p = self._frame_para(printer, width, {"yAlign": "bottom"}, rules)
        ppr(p, "ind", left=pad, right=pad)
        tabs = ppr(p, "tabs")
        child(tabs, "tab", (), val="right", pos=width - pad)  # from the margin
        run = p.add_run("\t" + join_unbreakable(printed))
        font(run._r.get_or_add_rPr(), FANGSONG, COLOPHON_SIZE)
        self.para("", grid=False, line_twips=20)  # a frame is anchored to a paragraph

    def _frame_para(
        self, text: str, width: int, place: dict[str, object], rules: Sequence[tuple[str, int]]
    ) -> Any:
        """A paragraph in a frame across the type area, placed relative to the margins."""
        p = self.para(text, size=COLOPHON_SIZE, align="left", grid=False)
        ppr(
            p,
            "framePr",
            w=width,
            wrap="around",
            vAnchor="margin",
            hAnchor="margin",
            xAlign="center",
            **place,
        )
        borders = ppr(p, "pBdr")
        for side, size in rules:
            child(borders, side, BORDER_ORDER, val="single", sz=size, space=0, color="000000")
        return p


def compose_docx(
    doc: model.OfficialDocument,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> DocxDocument:
    """The python-docx document of the model (not yet saved)."""
    import docx

    out = docx.Document()
    page_setup(out, doc.landscape)
    page_numbers(out)
    props = out.core_properties
    props.title, props.author, props.language = doc.title, APP_NAME, "zh-CN"
    out.element.body.remove(out.paragraphs[0]._p) if out.paragraphs else None
    width = TYPE_H_MM if doc.landscape else TYPE_W_MM
    writer = _Writer(out, width)
    blocks = typeset_blocks(doc.blocks)
    note: list[str] = []
    total = len(blocks)
    for i, block in enumerate(blocks, 1):
        if i % 32 == 0:
            check(cancelled)
        if note and not isinstance(block, model.Signature):
            writer.blank()
            writer.attachment(note)
            note = []
        _add(writer, block, note)
        if progress is not None:
            progress(i, total)
    if note:
        writer.blank()
        writer.attachment(note)
    return out


def _add(writer: _Writer, block: model.Block, note: list[str]) -> None:
    match block:
        case model.Title(text):
            writer.title(text)
        case model.DocNumber(text):
            writer.para(text, align="center")
        case model.RedHeader(issuer, doc_no) if issuer.strip():
            writer.red_header(issuer.strip(), doc_no.strip())
        case model.RedHeader(_, doc_no):
            if doc_no.strip():
                writer.para(doc_no.strip(), align="center")
        case model.Addressee(text):
            writer.para(text.strip().removesuffix(":").removesuffix("：") + "：", align="left")
        case model.Heading1(text):
            writer.body(text, face=HEITI, keep=True)
        case model.Heading2(text):
            writer.body(text, face=KAITI, keep=True)
        case model.Heading3(text) | model.Heading4(text):
            writer.body(text, keep=True)
        case model.ContactLine(text, indent) | model.Paragraph(text, indent):
            writer.body(text, indent)
        case model.AttachmentNote(items):
            note[:] = list(items)
        case model.Signature():
            writer.signature(block, list(note))
            note.clear()
        case model.AnnexHeading(label):
            writer.annex(label)
        case model.Table():
            writer.table(block)
        case model.PageBreak():
            writer.break_next = True
        case model.Colophon():
            writer.colophon(block)


def render_docx(
    doc: model.OfficialDocument,
    path_or_file: str | os.PathLike[str] | IO[bytes],
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write the document as .docx; returns its paragraphs. A file is replaced only on success."""
    if not any(True for _ in doc.blocks):
        raise UserError("没有可导出的内容。")
    out = compose_docx(doc, progress, cancelled)
    count = len(out.paragraphs)
    if not isinstance(path_or_file, str | os.PathLike):
        out.save(path_or_file)
        return count

    def save(tmp: str) -> int:
        check(cancelled)
        out.save(tmp)
        return count

    return write_replacing(Path(path_or_file), save, WORD)
