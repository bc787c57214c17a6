"""How a ledger sheet fits A4 landscape paper: column widths, wrapped lines, row heights.

A ledger prints at 100 % (never shrunk by fit-to-width): its columns are chosen to fit the
printable width and its rows are as tall as their wrapped text. The figures below were
measured in the PDF that LibreOffice makes of a workbook whose default font is 宋体 11 pt
(a column width unit is then 5.5 pt wide; a 10-point line is 10.5 pt high): the estimate
errs towards one line too many rather than one too few, so that no text is clipped.
"""

from __future__ import annotations

import codecs
import functools
import math
import re
from collections.abc import Sequence

PAGE_UNITS = 140.0  # printable width of A4 landscape at 0.4" side margins: 142.5 in LibreOffice
PT_PER_UNIT = 5.5  # points per column width unit (default font 宋体 11 pt)
CELL_PAD_PT = 3.0  # the cell's inner margins, left and right together
LINE_FACTOR = 1.15  # line pitch per point of font size (LibreOffice: 1.05; WPS/Excel: more)
ROW_PAD_PT = 3.0  # above and below the lines of a row
MAX_ROW_PT = 409.0  # Excel's highest row
MIN_WRAP_UNITS = 4.0  # a wrapped column is never narrowed below two characters
# The height a page has for rows (A4 landscape, 0.6" top and bottom margins), less a little,
# so that a page break is never later than LibreOffice's own.
BODY_HEIGHT_PT = 595.3 - 2 * 0.6 * 72 - 10


def _wide(error: UnicodeError) -> tuple[str, int]:
    """Characters GBK cannot hold (emoji, rare CJK) count as wide: two bytes each."""
    assert isinstance(error, UnicodeEncodeError)
    return "??" * (error.end - error.start), error.end


codecs.register_error("ledger-wide", _wide)

_OPENING = "（《「『【〔〈‘“([{"
_CLOSING = "，。、；：？！）》」』】〕〉…—’”％‰·,.;:?!)]}%～"
# A token is what a line may not break inside: a run of Latin letters, digits and signs, or
# one other character, with the opening marks before it and the closing marks after it.
_TOKEN = re.compile(
    rf"[{re.escape(_OPENING)}]*(?:[!-~→←±×÷°℃№§]+|\s|.)[{re.escape(_CLOSING)}]*", re.DOTALL
)


def halves(text: str) -> int:
    """Width of ``text`` in half-width characters: Chinese, full-width marks and emoji two."""
    return len(text.encode("gbk", "ledger-wide"))


def _tokens(paragraph: str) -> list[str]:
    """The unbreakable pieces of one paragraph (``限:`` stays with the number after it)."""
    found = _TOKEN.findall(paragraph)
    glued: list[str] = []
    for token in found:
        if glued and glued[-1][-1:] in ":,." and token[:1].isdigit():
            glued[-1] += token
        else:
            glued.append(token)
    return glued


def usable_halves(width: float, size: float) -> float:
    """How many half-width characters of ``size`` points a line of a column holds."""
    return max((width * PT_PER_UNIT - CELL_PAD_PT) / (size / 2), 1.0)


@functools.lru_cache(maxsize=16384)
def _paragraph_lines(paragraph: str, room: float) -> int:
    """Lines of one paragraph, broken greedily as LibreOffice breaks Chinese text."""
    lines, used = 1, 0.0
    for token in _tokens(paragraph):
        width = halves(token)
        if used + width <= room:
            used += width
        elif token.isspace():
            continue  # a space at the end of a line takes no room
        elif width > room:  # longer than a line: it starts a line and is cut where it can
            per_line = max(math.floor(room) - 2, 1)  # at hyphens and the like: lines not full
            full = math.ceil(width / per_line)
            lines += full - (0 if used else 1)
            used = width - (full - 1) * per_line
        else:
            lines += 1
            used = width
    return lines


@functools.lru_cache(maxsize=16384)
def line_count(text: str, width: float, size: float) -> int:
    """Lines a wrapped cell of ``width`` units shows ``text`` in at ``size`` points (the
    same texts recur in a ledger: 已完成, a department, a problem on each of its measures)."""
    room = usable_halves(width, size)
    total = 0
    for paragraph in text.split("\n"):
        if halves(paragraph) <= room:
            total += 1
        else:
            total += _paragraph_lines(paragraph, room)
    return total


def row_points(lines: int, size: float) -> float:
    """The height of a row that shows ``lines`` lines of ``size``-point text."""
    return min(round(lines * size * LINE_FACTOR + ROW_PAD_PT, 1), MAX_ROW_PT)


def fit_widths(
    widths: Sequence[float], wraps: Sequence[bool], page: float = PAGE_UNITS
) -> list[float]:
    """Column widths that fit the page: wrapped columns narrowed alike when they are too wide.

    Columns that do not wrap (dates, numbers, codes) keep their widths; wrapped ones are
    never made narrower than ``MIN_WRAP_UNITS``. Widths that already fit are kept as given.
    """
    total = sum(widths)
    flexible = sum(w for w, wrap in zip(widths, wraps, strict=True) if wrap)
    if total <= page or not flexible:
        return list(widths)
    room = max(page - (total - flexible), 0.0)
    ratio = room / flexible
    fitted = [
        max(round(w * ratio, 1), MIN_WRAP_UNITS) if wrap else w
        for w, wrap in zip(widths, wraps, strict=True)
    ]
    return fitted


def spans_for(texts: Sequence[str], widths: Sequence[float], size: float) -> list[int] | None:
    """How many columns each text needs, filled from the right end of the row (None: no room).

    Used for the legend of warning colours beside the subtitle: each entry gets the fewest
    columns that show it on one line; at least the first column stays for the subtitle.
    """
    spans: list[int] = []
    column = len(widths)
    for text in reversed(texts):
        need, room, count = halves(text) * size / 2 + CELL_PAD_PT, 0.0, 0
        while room < need and column > 1:
            column -= 1
            count += 1
            room += widths[column] * PT_PER_UNIT
        if room < need:
            return None
        spans.append(count)
    return list(reversed(spans))


DEFAULT_ROW_PT = row_points(1, 10)  # a row of one line of 10-point text: every sheet's default
