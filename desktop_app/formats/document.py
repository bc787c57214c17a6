"""The GB/T 9704 document model: the blocks of a 通知, 通报 or 报告, written once, set twice.

Composers (``formats/<register>/documents.py``) build an ``OfficialDocument`` from these
blocks; ``pdf_layout`` sets it as PDF (reportlab) and ``docx_layout`` as Word (python-docx),
both on the same grid: A4, type area 156 × 225 mm, 22 lines × 28 characters of 三号 仿宋.
Every text passes through ``domain.typography`` before it is set (``typeset_blocks``).
No Qt, no SQL, no reportlab or python-docx here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date
from typing import IO, TYPE_CHECKING

from desktop_app.domain.dates import cn_date
from desktop_app.domain.typography import typeset
from desktop_app.jobs import CancelCheck, Progress

if TYPE_CHECKING:
    from desktop_app.formats.fonts import FontSet

MM = 72 / 25.4  # points per millimetre
PAGE_W_MM, PAGE_H_MM = 210, 297
TOP_MM, LEFT_MM, TYPE_W_MM, TYPE_H_MM = 37, 28, 156, 225
CHARS_PER_LINE, LINES_PER_PAGE = 28, 22
BODY_SIZE, TITLE_SIZE, PAGE_NO_SIZE, ISSUER_SIZE = 16.0, 22.0, 14.0, 42.0  # 三号 二号 四号 初号
COLOPHON_SIZE = 14.0  # 版记: 四号 仿宋
ANNEX_LABEL = "附件"


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


class Heading4(TextBlock):
    """A fourth-level heading "（1）…" in 仿宋, indented two characters."""


@dataclass
class Paragraph(TextBlock):
    """Body text in 仿宋; each line of ``text`` is a paragraph indented ``indent`` characters."""

    indent: int = 2


class ContactLine(Paragraph):
    """The contact line of a notice (联系人、电话…), set as a body paragraph."""


@dataclass
class RedHeader:
    """The red issuer mark (红头), the document number below it and the red rule."""

    issuer: str
    doc_no: str = ""


@dataclass
class AttachmentNote:
    """附件说明: "附件：1.…" below the body, one line per annex, numbered when more than one."""

    items: Sequence[str]


@dataclass
class Signature:
    """The signer and the 成文日期 below it, dated with Arabic numerals, right space 4 chars."""

    signer: str
    date: date | None


@dataclass
class AnnexHeading:
    """Starts an annex on a new page: "附件" (or "附件1") in 三号 黑体, top left."""

    label: str = ANNEX_LABEL


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


@dataclass
class Colophon:
    """版记 at the foot of the last page: 抄送 (when given), 印发机关 and 印发日期, with rules."""

    printer: str
    printed: date | None
    cc: str = ""


Block = (
    TextBlock | RedHeader | AttachmentNote | Signature | AnnexHeading | Table | PageBreak | Colophon
)
HEADINGS = (Heading1, Heading2, Heading3, Heading4)


@dataclass
class OfficialDocument:
    """Blocks to set in GB/T 9704 layout; ``title`` goes into the file's metadata."""

    blocks: list[Block]
    title: str = ""
    landscape: bool = False


def attachment_lines(items: Sequence[str]) -> list[str]:
    """The lines of a 附件说明: "附件：名称", or "附件：1.名称" then "2.名称" aligned under it."""
    names = [n.strip() for n in items if n and n.strip()]
    if len(names) == 1:
        return [f"{ANNEX_LABEL}：{names[0]}"]
    return [f"{ANNEX_LABEL}：{i}.{n}" if i == 1 else f"{i}.{n}" for i, n in enumerate(names, 1)]


def colophon_lines(block: Colophon) -> tuple[str, str, str]:
    """(抄送 line or '', 印发机关, "…印发") as the 版记 prints them."""
    cc = block.cc.strip().removeprefix("抄送").lstrip("：:").strip()
    cc_line = f"抄送：{cc.rstrip('。')}。" if cc else ""
    printed = f"{cn_date(block.printed)}印发" if block.printed else ""
    return cc_line, block.printer.strip(), printed


def _typeset_value(value: object) -> object:
    if isinstance(value, str):
        return typeset(value)
    if isinstance(value, list | tuple):
        return type(value)(_typeset_value(v) for v in value)
    return value


def typeset_block(block: Block) -> Block:
    """The block with Chinese typography applied to each of its texts (numbers untouched)."""
    if not is_dataclass(block):
        return block
    changes = {}
    for f in fields(block):
        if f.name in ("col_widths", "font_size", "min_row_height_mm", "indent", "date", "printed"):
            continue
        value = getattr(block, f.name)
        new = _typeset_value(value)
        if new is not value and new != value:
            changes[f.name] = new
    return replace(block, **changes) if changes else block  # type: ignore[arg-type]


def typeset_blocks(blocks: Sequence[Block]) -> list[Block]:
    """Every block with its texts typeset (see ``domain.typography``)."""
    return [typeset_block(b) for b in blocks]


def block_texts(block: Block) -> Iterator[str]:
    """Every text a block prints (for checks: signer present, no half-width marks…)."""
    match block:
        case TextBlock(text):
            yield text
        case RedHeader(issuer, doc_no):
            yield issuer
            yield doc_no
        case AttachmentNote(items):
            yield from attachment_lines(items)
        case Signature(signer, when):
            yield signer
            yield cn_date(when)
        case AnnexHeading(label):
            yield label
        case Table(header, rows):
            yield from (str(h) for h in header)
            yield from ("" if v is None else str(v) for row in rows for v in row)
        case Colophon():
            yield from (t for t in colophon_lines(block) if t)


def missing_signer(doc: OfficialDocument) -> bool:
    """True when the document ends in a signature without a signer (发文机关署名).

    A document with no signature at all (a sign-in sheet) needs none."""
    return any(isinstance(b, Signature) and not b.signer.strip() for b in doc.blocks)


PDF, DOCX = "pdf", "docx"
FORMATS = (PDF, DOCX)


def write_document(
    doc: OfficialDocument,
    path: str | os.PathLike[str] | IO[bytes],
    fmt: str = PDF,
    fonts: FontSet | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Set the document as PDF (needs ``fonts``; returns pages) or as Word (returns paragraphs)."""
    if fmt == DOCX:
        from desktop_app.formats.docx_layout import render_docx

        return render_docx(doc, path, progress, cancelled)
    if fonts is None:
        raise ValueError("a PDF needs its fonts")
    from desktop_app.formats.pdf_layout import render_pdf

    return render_pdf(doc, fonts, path, progress, cancelled)
