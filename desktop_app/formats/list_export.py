"""A list as the clerk sees it on screen (its columns, order and colours), as a workbook in the
ledger style: title with the filter, subtitle with the count and the order, a legend of its
colours under the rows. No Qt and no SQL: the rows come in as values and colours.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from desktop_app.formats.xlsx_ledger import LedgerColumn, LedgerWriter
from desktop_app.jobs import CancelCheck, RowProgress

ListKind = Literal["text", "date", "int", "number"]
PX_PER_UNIT = 7.0  # a list column's pixels per ledger width unit
MIN_UNITS, MAX_UNITS = 5.0, 40.0


def cell_text(value: Any) -> str:
    """A list's value as text, as printed and as copied: ISO dates, numbers without a
    trailing .0, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@dataclass(frozen=True)
class ListColumn:
    """One column of a printed or exported list."""

    title: str
    pixels: int  # its width on screen
    kind: ListKind = "text"
    wrap: bool = True  # long text, set flush left (else centred)

    def units(self) -> float:
        """Its width in ledger units: as wide as on screen, within reason, and its title's."""
        from desktop_app.formats.xlsx_fit import halves

        fit = max(self.pixels / PX_PER_UNIT, halves(self.title) * 1.05 / 2 + 1)
        if self.kind == "date":
            fit = max(fit, 11.0)
        return round(min(max(fit, MIN_UNITS), MAX_UNITS), 1)


@dataclass(frozen=True)
class ListSheet:
    """What is printed above the rows: the title (with the filter) and the subtitle."""

    title: str
    subtitle: str
    columns: Sequence[ListColumn]
    sheet_name: str = "列表"


ListRow = tuple[Sequence[Any], str | None]  # values, background colour (RGB hex) or None


def write_list_xlsx(
    path: str | os.PathLike[str],
    sheet: ListSheet,
    rows: Iterable[ListRow],
    legend: dict[str, str] | None = None,
    progress: RowProgress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write the list; returns its rows. ``legend`` maps a colour (RGB hex) to what it means
    (it may be filled while the rows are read); the colours used are explained below them."""
    columns = [
        LedgerColumn(c.title, c.units(), "text" if c.kind == "text" else c.kind, c.wrap)
        for c in sheet.columns
    ]
    used: list[str] = []
    with LedgerWriter(path, progress=progress, cancelled=cancelled) as ledger:
        out = ledger.add_sheet(sheet.sheet_name, sheet.title, columns, subtitle=sheet.subtitle)
        for values, fill in rows:
            out.append(values, fill=fill)
            if fill and fill not in used:
                used.append(fill)
        if used:
            out.append_legend([((legend or {}).get(colour) or "标色行", colour) for colour in used])
        return out.rows
