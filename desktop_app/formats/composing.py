"""Parts every notice and report shares: numerals, the head, sections, the end, outlines.

The head is the red header (发文机关标志 and 发文字号) or the bare number, the title, the
addressee and the opening; the sections are numbered "一、…" headings with their text; the
end is the contact line, the signature (the document's own, else the agency profile's) and
the 成文日期, then the 版记 when the profile names a 印发机关 — after the 附件 when there is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from desktop_app.domain.agency import AgencyProfile
from desktop_app.domain.notices import NoticeTexts
from desktop_app.formats import document as model
from desktop_app.formats.document import Block

CELL_PAD_MM = 8 * 25.4 / 72 + 0.5  # a table cell's padding (both sides) and a little air


def cell_width(texts: Iterable[object], size: float) -> float:
    """Width (mm) a column needs for the widest line of ``texts`` at ``size`` points."""
    lines = [line for text in texts for line in str(text).split("\n")]
    ems = max((sum(0.5 if ch.isascii() else 1.0 for ch in line) for line in lines), default=0)
    return ems * size * 25.4 / 72 + CELL_PAD_MM


_DIGITS = "零一二三四五六七八九"
_OUTLINE = re.compile(r"^([（(][一二三四五六七八九十]+[）)])([^。：:]{1,30})[。：:](.*)$")


def cn_numeral(n: int) -> str:
    """A heading numeral: 一 … 十, 十一 … 九十九 (Arabic digits from 100 on)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if not tens:
        return _DIGITS[ones]
    return (_DIGITS[tens] if tens > 1 else "") + "十" + (_DIGITS[ones] if ones else "")


def outline_blocks(text: str) -> list[Block]:
    """Typed paragraphs; a line "（一）统一思想认识。…" becomes that heading and its text."""
    blocks: list[Block] = []
    for line in [p.strip() for p in text.split("\n") if p.strip()]:
        match = _OUTLINE.match(line)
        if match:
            blocks.append(model.Heading2(f"{match.group(1)}{match.group(2).strip()}"))
            if match.group(3).strip():
                blocks.append(model.Paragraph(match.group(3).strip()))
        else:
            blocks.append(model.Paragraph(line))
    return blocks


def issuer_mark(texts: NoticeTexts, profile: AgencyProfile) -> str:
    """The red header's text: the document's own, the profile's, or the organ's name + 文件."""
    return (
        texts.issuer.strip()
        or profile.issuer_mark.strip()
        or (f"{profile.name.strip()}文件" if profile.name.strip() else "")
    )


def head_blocks(texts: NoticeTexts, profile: AgencyProfile, title: str) -> list[Block]:
    """红头 (or the bare 发文字号), title, addressee and opening of any notice or report."""
    blocks: list[Block] = []
    mark, number = issuer_mark(texts, profile), texts.doc_no.strip()
    if texts.red_header and mark:
        blocks.append(model.RedHeader(mark, number))
    elif number:
        blocks.append(model.DocNumber(number))
    blocks.append(model.Title(texts.title.strip() or title))
    if texts.addressee.strip():
        blocks.append(model.Addressee(texts.addressee))
    if texts.opening.strip():
        blocks.append(model.Paragraph(texts.opening))
    return blocks


def end_blocks(texts: NoticeTexts, profile: AgencyProfile, today: date) -> list[Block]:
    """Signature and 成文日期, then the 版记 when a 印发机关 is known."""
    when = texts.sign_date or today
    blocks: list[Block] = [model.Signature(texts.signature.strip() or profile.signer, when)]
    if profile.printer.strip():
        blocks.append(model.Colophon(profile.printer.strip(), when, texts.cc.strip()))
    return blocks


def numbered_lines(text: str) -> list[Block]:
    """One paragraph a line, numbered "1." "2." … when there are several (unless typed so)."""
    lines = [p.strip() for p in text.split("\n") if p.strip()]
    numbered = len(lines) > 1
    return [
        model.Paragraph(f"{n}.{line}" if numbered and not line[0].isdigit() else line)
        for n, line in enumerate(lines, 1)
    ]


def section_blocks(sections: Sequence[tuple[str, Sequence[Block]]]) -> list[Block]:
    """Each section with a body under its heading "一、…", "二、…", numbered in order."""
    blocks: list[Block] = []
    for heading, body in [(h, b) for h, b in sections if b]:
        number = sum(isinstance(b, model.Heading1) for b in blocks) + 1
        blocks += [model.Heading1(f"{cn_numeral(number)}、{heading}"), *body]
    return blocks


def contact_blocks(texts: NoticeTexts, profile: AgencyProfile, label: str = "") -> list[Block]:
    """The contact line (the document's own, else the profile's), ``label`` put before it."""
    line = texts.contact.strip() or profile.contact_line()
    if not line:
        return []
    return [model.ContactLine(line if not label or line.startswith("联系人") else f"{label}{line}")]


def closing_blocks(
    end: Sequence[Block], annex_name: str = "", annex: Sequence[Block] = ()
) -> list[Block]:
    """附件说明 and the signature, then the 附件 on its own pages, then the 版记 (``end``)."""
    if not annex_name:
        return list(end)
    return [model.AttachmentNote([annex_name]), end[0], model.AnnexHeading(), *annex, *end[1:]]
