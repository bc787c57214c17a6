"""OOXML pieces for the Word renderer: schema-ordered elements, fonts, tables, page setup.

python-docx models only part of WordprocessingML; what it lacks (the document grid, exact
spacing, borders, frames, East Asian fonts, odd and even footers) is set here on the XML,
in the child order Word insists on (ECMA-376). Used by ``docx_layout`` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from desktop_app.domain.typography import book_title_spans, join_unbreakable, keep_spans
from desktop_app.formats.document import (
    BODY_SIZE,
    CHARS_PER_LINE,
    LINES_PER_PAGE,
    PAGE_NO_SIZE,
    TYPE_H_MM,
    TYPE_W_MM,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

FANGSONG, HEITI, KAITI, SONGTI, XIAOBIAOSONG = "仿宋", "黑体", "楷体", "宋体", "方正小标宋简体"
RED = "E60000"
TWIPS_PER_MM = 1440 / 25.4
LINE_TWIPS = int(TYPE_H_MM / LINES_PER_PAGE * TWIPS_PER_MM)  # 579: 22 lines never overflow
PITCH_TWIPS = TYPE_W_MM / CHARS_PER_LINE * TWIPS_PER_MM
CHAR_SPACE = round((TYPE_W_MM / CHARS_PER_LINE * 72 / 25.4 - BODY_SIZE) * 4096)  # -843
CONDENSE = 6  # twentieths of a point between 三号 characters: 28 of them fill 156 mm
FOOTER_MM = 25.5  # footer distance: the page number's centre 7 mm below the type area
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Child order Word insists on (ECMA-376 CT_PPr / CT_RPr), for the elements set here.
PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
)
RPR_ORDER = (
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
)


def w_tag(tag: str) -> str:
    """The Clark name of a ``w:`` tag."""
    return f"{{{_W}}}{tag}"


def child(parent: Any, tag: str, order: Sequence[str], **attrs: object) -> Any:
    """The child ``w:tag`` of ``parent`` (created in schema order), with ``attrs`` set."""
    from docx.oxml import OxmlElement

    el = parent.find(w_tag(tag))
    if el is None:
        el = OxmlElement(f"w:{tag}")
        later = order[order.index(tag) + 1 :] if tag in order else ()
        anchor = next((c for c in parent if c.tag.split("}")[-1] in later), None)
        if anchor is None:
            parent.append(el)
        else:
            anchor.addprevious(el)
    for key, value in attrs.items():
        el.set(w_tag(key.rstrip("_")), str(value))
    return el


def ppr(paragraph: Any, tag: str, **attrs: object) -> Any:
    """A paragraph property element, created in order."""
    return child(paragraph._p.get_or_add_pPr(), tag, PPR_ORDER, **attrs)


def rpr(props: Any, tag: str, **attrs: object) -> Any:
    """A run property element, created in order."""
    return child(props, tag, RPR_ORDER, **attrs)


def font(
    props: Any, face: str, size: float, color: str = "", scale: int = 100, condense: int = 0
) -> None:
    """Font (all four slots, so Word and WPS never fall back), size, colour, width, spacing."""
    rpr(props, "rFonts", ascii=face, hAnsi=face, eastAsia=face, cs=face)
    if color:
        rpr(props, "color", val=color)
    if condense:
        rpr(props, "spacing", val=-condense)
    if scale != 100:
        rpr(props, "w", val=scale)
    rpr(props, "sz", val=round(size * 2))
    rpr(props, "szCs", val=round(size * 2))
    rpr(props, "lang", val="en-US", eastAsia="zh-CN")  # Latin runs break as Latin


def paragraph_defaults(props: Any) -> None:
    """No widow control (the layout keeps lines itself), off the character grid, no auto space.

    Off the grid because a grid cell pads a lone digit ("2 月"); the 28 characters a line
    come from the character spacing instead (``CONDENSE``), the 22 lines from exact spacing.
    """
    child(props, "widowControl", PPR_ORDER, val=0)
    child(props, "autoSpaceDE", PPR_ORDER, val=0)
    child(props, "autoSpaceDN", PPR_ORDER, val=0)
    child(props, "overflowPunct", PPR_ORDER, val=0)  # punctuation stays inside the type area
    child(props, "snapToGrid", PPR_ORDER, val=0)


def units(text: str) -> float:
    """Width of a text in em: half for ASCII, whole for the rest."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text if ch != "\u2060")


BORDER_ORDER = ("top", "left", "bottom", "right", "between", "bar")
STYLE_ORDER = (
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "uiPriority",
    "qFormat",
    "rsid",
    "pPr",
    "rPr",
)
TCPR_ORDER = ("tcW", "gridSpan", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "vAlign")


def balanced_breaks(text: str, size: float, width_mm: float) -> list[int]:
    """Where to break a title: fewest lines, then the most even, never inside 《…》 or a
    number, never before a closing mark."""
    per_line = width_mm * 72 / 25.4 / size
    if units(text) <= per_line:
        return []
    spans = keep_spans(text) + book_title_spans(text)
    n = len(text)
    allowed = [
        i
        for i in range(1, n)
        if text[i] not in "，。、；：？！）》”’" and not any(a < i < b for a, b in spans)
    ]
    points = [0, *allowed, n]
    best: dict[int, tuple[int, float, list[int]]] = {0: (0, 0.0, [])}  # lines, longest, cuts
    for j in points[1:]:
        for i in points:
            if i >= j or i not in best:
                continue
            length = units(text[i:j])
            if length > per_line + 0.01:
                continue
            lines, longest, cuts = best[i]
            candidate = (lines + 1, max(longest, length), [*cuts, i] if i else cuts)
            if j not in best or candidate[:2] < best[j][:2]:
                best[j] = candidate
    return best[n][2] if n in best else []


def cell_text(
    cell: Any,
    text: str,
    face: str,
    size: float,
    *,
    align: str = "",
    left: float = 0,
    right: float = 0,
    hang: float = 0,
) -> None:
    """A cell's text (one paragraph per line), off the document grid, centred vertically."""
    child(cell._tc.get_or_add_tcPr(), "vAlign", TCPR_ORDER, val="center")
    first = cell.paragraphs[0]
    lines = text.split("\n") or [""]
    for i, line in enumerate(lines):
        paragraph = first if i == 0 else cell.add_paragraph()
        paragraph_defaults(paragraph._p.get_or_add_pPr())
        lead = round(size * 1.5 * 20) if not align else LINE_TWIPS
        ppr(paragraph, "spacing", before=0, after=0, line=lead, lineRule="exact")
        ind: dict[str, object] = {}
        if left or hang:
            ind.update(left=round((left + hang) * size * 20), hanging=round(hang * size * 20))
        if right:
            ind["right"] = round(right * size * 20)
        if ind:
            ppr(paragraph, "ind", **ind)
        fits = units(line) * size <= (cell.width or 0) / 12700 - 8
        ppr(paragraph, "jc", val=align or ("center" if fits or len(lines) > 1 else "both"))
        font(child(paragraph._p.get_or_add_pPr(), "rPr", PPR_ORDER), face, size)
        run = paragraph.add_run(join_unbreakable(line))
        font(run._r.get_or_add_rPr(), face, size)


def tbl_pr(table: Any) -> Any:
    """The table's properties element."""
    return table._tbl.tblPr


TBLPR_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
)


def table_look(table: Any, width_mm: float, weights: Sequence[float]) -> None:
    """Fixed layout across the type area, 0.5 pt single rules, 4 pt cell padding."""
    from docx.shared import Mm

    pr = tbl_pr(table)
    child(pr, "tblW", TBLPR_ORDER, w=round(width_mm * TWIPS_PER_MM), type="dxa")
    child(pr, "jc", TBLPR_ORDER, val="center")
    borders = child(pr, "tblBorders", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        child(borders, side, (), val="single", sz=4, space=0, color="000000")
    child(pr, "tblLayout", TBLPR_ORDER, type="fixed")
    margins = child(pr, "tblCellMar", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right"):
        child(margins, side, (), w=80, type="dxa")
    total = sum(weights)
    for column, weight in zip(table.columns, weights, strict=True):
        column.width = Mm(width_mm * weight / total)


def page_numbers(doc: DocxDocument) -> None:
    """— N — in 4号 宋体: odd pages on the right, even pages on the left, one character in."""
    from docx.oxml import OxmlElement

    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align, side in (
        (section.footer, "right", "right"),
        (section.even_page_footer, "left", "left"),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph_defaults(paragraph._p.get_or_add_pPr())
        ppr(
            paragraph, "spacing", before=0, after=0, line=round(PAGE_NO_SIZE * 20), lineRule="exact"
        )
        ppr(paragraph, "ind", **{side: round(PAGE_NO_SIZE * 20)})
        ppr(paragraph, "jc", val=align)
        for part in ("— ", None, " —"):
            run = paragraph.add_run(part or "")
            font(run._r.get_or_add_rPr(), SONGTI, PAGE_NO_SIZE)
            if part is None:
                for kind, text in (
                    ("begin", ""),
                    ("instr", " PAGE "),
                    ("separate", ""),
                    ("end", ""),
                ):
                    if kind == "instr":
                        el = OxmlElement("w:instrText")
                        el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                        el.text = text
                    else:
                        el = OxmlElement("w:fldChar")
                        el.set(w_tag("fldCharType"), kind)
                    run._r.append(el)
                    if kind == "separate":
                        number = OxmlElement("w:t")
                        number.text = "1"
                        run._r.append(number)


def page_setup(doc: DocxDocument, landscape: bool) -> None:
    """A4, GB/T 9704 margins, the 22 × 28 grid, body style 三号 仿宋."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(28), Mm(210 - 28 - TYPE_W_MM)
        section.left_margin, section.right_margin = Mm(37), Mm(297 - 37 - TYPE_H_MM)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(297 - 37 - TYPE_H_MM)
        section.left_margin, section.right_margin = Mm(28), Mm(210 - 28 - TYPE_W_MM)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(FOOTER_MM)
    grid = child(section._sectPr, "docGrid", ())
    grid.set(w_tag("type"), "linesAndChars")
    grid.set(w_tag("linePitch"), str(LINE_TWIPS))
    grid.set(w_tag("charSpace"), str(CHAR_SPACE))
    normal = doc.styles["Normal"].element  # what the clerk types in Word looks the same
    para_props = child(normal, "pPr", STYLE_ORDER)
    paragraph_defaults(para_props)
    child(para_props, "spacing", PPR_ORDER, before=0, after=0, line=LINE_TWIPS, lineRule="exact")
    child(para_props, "jc", PPR_ORDER, val="both")
    font(child(normal, "rPr", STYLE_ORDER), FANGSONG, BODY_SIZE, condense=CONDENSE)
    defaults = doc.styles.element.find(w_tag("docDefaults"))
    if defaults is not None:
        base = defaults.find(f"{w_tag('rPrDefault')}/{w_tag('rPr')}")
        if base is not None:
            font(base, FANGSONG, BODY_SIZE)
