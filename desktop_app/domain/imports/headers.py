"""Finding a ledger's header and mapping its columns (pure Python, on rows of cell values).

Title rows are skipped, the header row is the one whose cells name the most fields, a
second header row under merged cells is flattened ("责任单位/牵头部门"), and footer rows
(填表人, 审核人, 说明 …) end the data. Columns are mapped from header synonyms and, where
the header says little, from their values (a column of 18-character IDs is the ID number).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.imports.fields import FIELDS, IGNORE, Field
from desktop_app.domain.imports.values import key_of, normalise, parse_gender, parse_status

SCAN_ROWS = 30  # the header is looked for in the first rows
MIN_HEADER_FIELDS = 2
_PARENS = re.compile(r"[(\uff08\[【].*?[)\uff09\]】]")
_ID = re.compile(r"^\d{17}[\dXx]$")
_FOOTER = re.compile(
    r"^(填表人|填报人|审核人|审核|制表人|制表|说明|注|注释|备注|联系人|负责人|单位负责人|"
    r"分管领导签字|主要负责人|签字|填表日期|报送日期)\s*[:\uff1a]?"
)
_HEADING = re.compile(
    r"^([一二三四五六七八九十百]+[、.．]|[(\uff08][一二三四五六七八九十]+[)\uff09])"
)

Merge = tuple[int, int, int, int]
TEXT_FOR_STATUS = ("progress", IGNORE)  # headers whose column of status words is the status
STATUS_BY_VALUES = 0.97
STATUS_WORD_CHARS = 8


@dataclass
class Layout:
    """Where a table's header is, what each column is called, and which rows hold data."""

    header_row: int  # 0-based index of the (first) header row
    depth: int  # 1 or 2 header rows
    headers: list[str]
    title: str = ""
    data_rows: list[int] = field(default_factory=list)
    footer_rows: list[int] = field(default_factory=list)
    heading_rows: dict[int, str] = field(default_factory=dict)  # row → category heading


@dataclass(frozen=True)
class Proposal:
    """A column's proposed field and how sure the proposal is (0–1)."""

    column: int
    field: str
    confidence: float
    reason: str = ""


def header_key(text: str) -> str:
    """A header folded for matching: no blanks, no (units) or *marks."""
    return _PARENS.sub("", key_of(text)).replace("*", "").replace("★", "")


def match_header(text: str, fields: Sequence[Field]) -> tuple[str, float]:
    """The field a header names and how surely; ('', 0) when it names none."""
    best: tuple[str, float] = (IGNORE, 0.0)
    parts = [p for p in re.split(r"[/／]", text) if p.strip()] or [text]
    for weight, part in zip((1.0, 0.95), reversed(parts), strict=False):
        key = header_key(part)
        if not key:
            continue
        for candidate in fields:
            score = _score(key, candidate) * weight
            if score > best[1]:
                best = (candidate.key, score)
        if best[1] >= 0.95:
            break
    return best


def _score(key: str, candidate: Field) -> float:
    words = [header_key(w) for w in candidate.synonyms]  # the label is the first
    if key in words:
        return 1.0
    found = [w for w in words if len(w) >= 2 and w in key]
    if found:
        longest = max(len(w) for w in found)
        return 0.55 + 0.35 * longest / len(key)
    return 0.0


def filled_grid(rows: list[list[Any]], merged: Sequence[Merge]) -> list[list[Any]]:
    """A copy of the rows in which every cell of a merged range holds the range's value."""
    grid = [list(r) for r in rows]
    width = max((len(r) for r in grid), default=0)
    for row in grid:
        row.extend([None] * (width - len(row)))
    for r0, c0, r1, c1 in merged:
        if r0 >= len(grid) or c0 >= width:
            continue
        value = grid[r0][c0]
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                grid[r][c] = value
    return grid


def _row_score(cells: Sequence[Any], fields: Sequence[Field]) -> int:
    named = {match_header(normalise(c), fields) for c in cells if isinstance(c, str) and c.strip()}
    return len({key for key, score in named if score >= 0.75})


def detect_layout(
    rows: list[list[Any]],
    merged: Sequence[Merge],
    kind: str,
    header_row: int | None = None,
    depth: int | None = None,
    grid: list[list[Any]] | None = None,
) -> Layout | None:
    """Find (or take) the header, flatten two header rows, sort the rest into data and footers.

    ``grid`` is ``filled_grid(rows, merged)`` when the caller has it already.
    """
    fields = FIELDS[kind]
    grid = grid if grid is not None else filled_grid(rows, merged)
    if header_row is None:
        scores = [(_row_score(rows[r], fields), -r) for r in range(min(SCAN_ROWS, len(rows)))]
        if not scores:
            return None
        best, minus_row = max(scores)
        if best < MIN_HEADER_FIELDS:
            return None
        header_row = -minus_row
    if header_row >= len(grid):
        return None
    if depth is None:
        depth = 2 if _has_second_header(rows, grid, merged, header_row, fields) else 1
    headers = _flatten(rows, grid, header_row, depth)
    layout = Layout(header_row, depth, headers, title=_title(rows, header_row))
    _sort_rows(rows, grid, merged, layout)
    return layout


def _has_second_header(
    rows: list[list[Any]], grid: list[list[Any]], merged: Sequence[Merge], h: int, fields
) -> bool:
    if h + 1 >= len(grid):
        return False
    below = grid[h + 1]
    for r0, c0, r1, c1 in merged:
        if r0 == h and c1 > c0 and any(_text(rows, h + 1, c) for c in range(c0, c1 + 1)):
            return True
        if r0 == h and r1 >= h + 1 and c0 == c1:
            return True
    own = rows[h]
    named = 0
    for c, value in enumerate(below):
        if not (isinstance(value, str) and value.strip()):
            continue
        if c < len(own) and _filled(own[c]):
            continue
        named += match_header(normalise(value), fields)[1] >= 0.75
    return named >= 1 and not any(isinstance(v, int | float) for v in below if _filled(v))


def _text(rows: list[list[Any]], r: int, c: int) -> str:
    if r >= len(rows) or c >= len(rows[r]):
        return ""
    value = rows[r][c]
    return normalise(value) if isinstance(value, str) else ""


def _filled(value: Any) -> bool:
    return value is not None and normalise(value) != ""


def _flatten(rows: list[list[Any]], grid: list[list[Any]], h: int, depth: int) -> list[str]:
    top = [normalise(v) for v in grid[h]]
    if depth == 1:
        return top
    sub = [normalise(v) for v in rows[h + 1]] if h + 1 < len(rows) else []
    sub += [""] * (len(top) - len(sub))
    parent = ""
    headers: list[str] = []
    for c, own in enumerate(top):
        if own:
            parent = own
        elif sub[c]:
            own = parent  # a CSV copy of "责任单位" over two columns leaves the second blank
        child = sub[c] if c < len(sub) else ""
        if own and child and child != own:
            headers.append(f"{own}/{child}")
        else:
            headers.append(own or child)
    return headers


def _title(rows: list[list[Any]], h: int) -> str:
    for r in range(h):
        for value in rows[r]:
            text = normalise(value) if value is not None else ""
            if text:
                return text
    return ""


def _sort_rows(
    rows: list[list[Any]], grid: list[list[Any]], merged: Sequence[Merge], layout: Layout
) -> None:
    """Data rows after the header; footers end them; one-cell headings name categories."""
    width = len(layout.headers)
    continued = _continued_rows(merged, len(rows), width)
    spans = {(r0, c0): c1 - c0 + 1 for r0, c0, _r1, c1 in merged}
    header_keys = [header_key(h) for h in layout.headers]
    in_footer = False
    for r in range(layout.header_row + layout.depth, len(rows)):
        raw = rows[r]
        filled = [c for c, v in enumerate(raw) if _filled(v)]
        if not filled:
            continue
        first = normalise(raw[filled[0]])
        if in_footer or (len(filled) <= 4 and _FOOTER.match(first) and _is_footer(first)):
            in_footer = True
            layout.footer_rows.append(r)
            continue
        if _repeats_header(grid[r], header_keys):
            continue  # the header repeated on every printed page
        alone = len(filled) == 1 and r not in continued
        if alone and (_HEADING.match(first) or spans.get((r, filled[0]), 1) >= max(2, width // 2)):
            layout.heading_rows[r] = _HEADING.sub("", first).strip()
            continue
        layout.data_rows.append(r)


def _repeats_header(cells: list[Any], header_keys: list[str]) -> bool:
    """Whether a row's cells are the header's words again (checked cell by cell)."""
    if len(cells) < len(header_keys):
        return False
    return all(header_key(normalise(v)) == key for v, key in zip(cells, header_keys, strict=False))


def _is_footer(text: str) -> bool:
    """说明/备注 alone is a header word; as a footer it is followed by a colon or text."""
    match = _FOOTER.match(text)
    if match is None:
        return False
    return len(text) > len(match.group(1)) or match.group(1) in ("填表人", "审核人")


def _continued_rows(merged: Sequence[Merge], height: int, width: int) -> set[int]:
    """Rows in which a vertical merge begun in an earlier row goes on (within the table).

    Counted by the rows' starts and ends, so that a range claiming a million rows costs
    no more than the table's own rows.
    """
    steps = [0] * (height + 1)
    for r0, c0, r1, _c1 in merged:
        if c0 < width and r0 + 1 < height and r1 > r0:
            steps[r0 + 1] += 1
            steps[min(r1, height - 1) + 1] -= 1
    rows, depth = set(), 0
    for r in range(height):
        depth += steps[r]
        if depth:
            rows.add(r)
    return rows


def propose_mapping(
    kind: str, headers: Sequence[str], columns: Sequence[Sequence[Any]]
) -> list[Proposal]:
    """Each column's proposed field: header synonyms first, then what its values look like."""
    fields = FIELDS[kind]
    candidates: list[Proposal] = []
    for c, header in enumerate(headers):
        key, score = match_header(header, fields) if header else (IGNORE, 0.0)
        sniffed = _sniff(kind, columns[c] if c < len(columns) else [])
        if sniffed and sniffed[0] == "status" and key in TEXT_FOR_STATUS:
            # "整改情况" holding 已完成/正在推进/√ is the status, not a progress text
            sniffed, score = ("status", STATUS_BY_VALUES), score / 2
        if key:
            candidates.append(Proposal(c, key, round(score, 2), "表头"))
        if sniffed:
            candidates.append(Proposal(c, sniffed[0], sniffed[1], "取值"))
    taken_columns: set[int] = set()
    taken_fields: set[str] = set()
    chosen: dict[int, Proposal] = {}
    for proposal in sorted(candidates, key=lambda p: (-p.confidence, p.column)):
        if proposal.column in taken_columns or proposal.field in taken_fields:
            continue
        chosen[proposal.column] = proposal
        taken_columns.add(proposal.column)
        taken_fields.add(proposal.field)
    return [chosen.get(c, Proposal(c, IGNORE, 0.0)) for c in range(len(headers))]


def _sniff(kind: str, values: Sequence[Any]) -> tuple[str, float] | None:
    sample = [v for v in values if v is not None and normalise(v) != ""][:200]
    if len(sample) < 2:
        return None
    share = lambda test: sum(1 for v in sample if test(v)) / len(sample)  # noqa: E731
    if kind in ("personnel", "training") and share(lambda v: bool(_ID.match(key_of(v)))) >= 0.8:
        return "id_number", 0.9
    if kind == "personnel" and share(lambda v: parse_gender(v) in ("男", "女")) >= 0.9:
        return "gender", 0.85
    if kind == "rectification" and share(_is_status_word) >= 0.8:
        return "status", 0.6
    return None


def _is_status_word(value: Any) -> bool:
    """A short cell naming a status (已完成, 正在推进, √), not a text that starts with one."""
    return len(key_of(value)) <= STATUS_WORD_CHARS and parse_status(value)[0] is not None
