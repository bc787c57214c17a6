"""A small CJK line breaker, and the flowable and helper that draw the lines it sets.

Closing punctuation never starts a line, opening punctuation never ends one, Latin words
and numbers stay whole, and full lines are justified through character spacing
(reportlab's Paragraph cannot justify CJK text). The grid itself (pitch, leading,
tracking) is the caller's: see pdf_layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from reportlab.lib import colors
from reportlab.platypus import Flowable

from desktop_app.domain.typography import book_title_spans, keep_spans

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

EM_TOP = 0.88  # the baseline lies this many ems below the top of its line
FUZZ = 1e-6  # tolerance when comparing lengths in points
_MAX_SQUEEZE = 0.06  # closing punctuation may squeeze a line by this much per character (em)
_MAX_LOOSE = 1.0  # a justified line may open up by this much per character (em)
_NO_START = frozenset("，。、；：？！）》」』】〕〉…—’”％‰·,.;:?!)]}%～@")
_NO_END = frozenset("（《「『【〔〈‘“([{")


@dataclass(frozen=True)
class Style:
    """A font at a size, with its glyph widths and the tracking that keeps it on the grid."""

    font: str
    size: float
    widths: dict[int, float] = field(repr=False, compare=False)
    default_width: float
    track_ratio: float  # character spacing per em of size (negative: tighter)
    color: colors.Color = colors.black

    @property
    def track(self) -> float:
        """Character spacing of an unjustified line."""
        return self.size * self.track_ratio

    def advances(self, text: str) -> list[float]:
        """Width of each character of ``text`` without spacing."""
        k, widths, default = self.size / 1000, self.widths, self.default_width
        return [widths.get(ord(ch), default) * k for ch in text]


class Line(NamedTuple):
    """One set line: its indent, text, character spacing and style."""

    x: float
    text: str
    tc: float  # character spacing (PDF Tc) for this line
    style: Style


def blank_line(st: Style) -> Line:
    """An empty line that takes up one line of space."""
    return Line(0.0, "", 0.0, st)


def _is_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "._-/%+#&")  # an e-mail may break after @


def _outside_spans(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> int:
    """Move a break at ``e`` before any run that must stay whole (unless it fills the line)."""
    for start, end in spans:
        if start < e < end and start > s:
            e = start
            while e - s > 1 and text[e - 1] in _NO_END:
                e -= 1
            return e
    return e


def _line_end(
    text: str,
    adv: list[float],
    s: int,
    avail: float,
    st: Style,
    spans: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> int:
    """Index after the last character of the line starting at ``s``."""
    n, e, used, track = len(text), s, 0.0, st.track
    while e < n and used + adv[e] + track <= avail + FUZZ:
        used += adv[e] + track
        e += 1
    if e >= n or e == s:
        return max(e, s + 1)
    k = e  # squeeze up to two closing marks onto this line when the spacing allows it
    while k < n and k - e < 2 and text[k] in _NO_START:
        k += 1
    if k > e and (avail - sum(adv[s:k])) / (k - s) >= -_MAX_SQUEEZE * st.size:
        return _outside_spans(text, s, k, spans)
    while e - s > 1 and (text[e] in _NO_START or text[e - 1] in _NO_END):
        e -= 1
    if _is_word(text[e]) and _is_word(text[e - 1]):
        r = e - 1
        while r > s and _is_word(text[r - 1]):
            r -= 1
        if r > s:
            e = r
        while e - s > 1 and text[e - 1] in _NO_END:
            e -= 1
    return _outside_spans(text, s, e, spans)


def wrap(
    text: str,
    st: Style,
    width: float,
    indent: float = 0.0,
    align: str = "justify",
    hang: float = 0.0,
    titles: bool = False,
) -> list[Line]:
    """Lines of one paragraph: justified (last line on the grid), left, centre or right.

    ``indent`` is the first line's, ``hang`` that of the lines after it; dates, numbers and
    document numbers stay on one line (``domain.typography.keep_spans``), and with ``titles``
    so do the 《…》 of a law (for a document's title).
    """
    adv, lines, s, n = st.advances(text), list[Line](), 0, len(text)
    spans = keep_spans(text) + (book_title_spans(text) if titles else [])
    while s < n:
        x = indent if not lines else hang
        e = _line_end(text, adv, s, width - x, st, spans)
        used, count = sum(adv[s:e]), e - s
        tc, squeezed = st.track, used + count * st.track > width - x + FUZZ
        if count > 1 and (squeezed or (align == "justify" and e < n)):
            tc = (width - x - used) / (count - 1)
            tc = tc if tc < st.size * _MAX_LOOSE else st.track  # too loose: leave it ragged
        elif align in ("center", "right"):
            room = width - x - used - (count - 1) * tc
            x += room / 2 if align == "center" else room
        lines.append(Line(x, text[s:e], tc, st))
        s = e
        while s < n and text[s] == " ":
            s += 1
    return lines


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of ``text``, stripped."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def wrap_all(text: str, st: Style, width: float, align: str = "justify") -> list[Line]:
    """Lines of a text whose newlines are forced breaks."""
    return [ln for part in paragraphs(text) for ln in wrap(part, st, width, 0.0, align)]


def balanced(text: str, st: Style, width: float) -> list[Line]:
    """Centred lines of a title, made as even as the line count allows (《…》 kept whole)."""
    lines = wrap(text, st, width, align="center", titles=True)
    low, high = width / 2, width
    for _ in range(12):
        mid = (low + high) / 2
        if len(wrap(text, st, mid, align="center", titles=True)) > len(lines):
            low = mid
        else:
            high = mid
    if len(lines) > 1:
        pad = (width - high) / 2
        lines = [
            ln._replace(x=ln.x + pad) for ln in wrap(text, st, high, align="center", titles=True)
        ]
    return lines


class Lines(Flowable):
    """Pre-set lines on a fixed pitch; splits between lines, keeping heads and tails whole."""

    def __init__(
        self,
        lines: list[Line],
        leading: float,
        *,
        gap: float = 0.0,  # from the top of a line to the top of its em box
        keep: tuple[int, int] = (0, 0),  # lines that must stay together at head and tail
        page_h: float = 0.0,  # frame height: a block at the top of a page may split anywhere
        tag: int | None = None,  # blocks done when this is drawn (progress)
    ) -> None:
        super().__init__()
        self.lines, self.leading, self.gap, self.min_h = lines, leading, gap, 0.0
        (self.keep_head, self.keep_tail), self.page_h, self.tag = keep, page_h, tag

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        """Take the full width and one leading per line (at least ``min_h``)."""
        self.width, self.height = aW, max(len(self.lines) * self.leading, self.min_h)
        return self.width, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        """Head and tail that fit ``aH`` and the rest, or nothing if the keeps forbid it.

        The tail keeps its ``keep_tail`` lines together even when the block starts a page
        (no lone last line of a paragraph tops the next page); a block taller than a page
        may leave its head short of ``keep_head`` only at the top of a page.
        """
        n, fit = len(self.lines), int((aH + FUZZ) // self.leading)
        at_top = aH + FUZZ >= self.page_h
        cut = min(fit, n - self.keep_tail)
        if at_top and cut <= 0:
            cut = fit
        if cut <= 0 or cut >= n or (cut < self.keep_head and not at_top):
            return []
        gap, page_h = self.gap, self.page_h
        head = Lines(
            self.lines[:cut], self.leading, gap=gap, keep=(self.keep_head, 0), page_h=page_h
        )
        tail = Lines(
            self.lines[cut:],
            self.leading,
            gap=gap,
            keep=(0, self.keep_tail),
            page_h=page_h,
            tag=self.tag,
        )
        return [head, tail]

    def draw(self) -> None:
        """Draw the lines top down, centred vertically in the height."""
        body = len(self.lines) * self.leading
        tx, top = self.canv.beginText(), body + (self.height - body) / 2
        style, tc = None, None
        for line in self.lines:
            if line.text:
                if line.style is not style:
                    style = line.style
                    tx.setFont(style.font, style.size)
                    tx.setFillColor(style.color)
                if line.tc != tc:
                    tc = line.tc
                    tx.setCharSpace(tc)
                tx.setTextOrigin(line.x, top - self.gap - EM_TOP * style.size)
                tx.textOut(line.text)
            top -= self.leading
        self.canv.drawText(tx)


def draw_run(
    canv: Canvas,
    st: Style,
    x: float,
    y: float,
    text: str,
    *,
    color: colors.Color | None = None,
    scale: float | None = None,
) -> None:
    """Draw ``text`` untracked on the baseline at (x, y), optionally coloured or condensed."""
    tx = canv.beginText()
    tx.setFont(st.font, st.size)
    if color is not None:
        tx.setFillColor(color)
    tx.setCharSpace(0)
    if scale is not None:
        tx.setHorizScale(scale * 100)
    tx.setTextOrigin(x, y)
    tx.textOut(text)
    if scale is not None:
        tx.setHorizScale(100)  # text state outlives the text object
    canv.drawText(tx)
