"""Printing and exporting a list as the clerk sees it (the GUI's 打印列表 and 导出列表).

The list is described by its query (the same ``PagedQuery`` the list on screen fetches
pages of), its order and its visible columns; every row is read again from that query on a
connection of the worker thread, in the same order, and handed to ``formats.list_export``
(xlsx, in the ledger style) or ``formats.list_pdf`` (the print preview's PDF).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from desktop_app.exports import Job, document_fonts, today
from desktop_app.formats.list_export import ListColumn, ListRow, ListSheet
from desktop_app.jobs import check
from desktop_app.storage.database import open_connection
from desktop_app.storage.listing import all_rows, count_rows, on_connection
from desktop_app.storage.query import PagedQuery

Row = dict[str, Any]


@dataclass(frozen=True)
class ListSpec:
    """A list as shown: its query and order, its visible columns and how its rows look.

    ``cells`` gives a row's values of the visible columns as shown; ``colour`` its
    background (RGB hex) or None; ``meaning`` what that colour says of the row (the legend).
    """

    query: PagedQuery
    sort_key: str | None
    descending: bool
    columns: Sequence[ListColumn]
    cells: Callable[[Row], Sequence[Any]]
    colour: Callable[[Row], str | None]
    meaning: Callable[[Row], str]
    title: str
    described: str = ""  # the filter, in words
    order: str = ""  # the order, in words: 按“整改时限”降序

    def sheet(self, count: int, day: Any) -> ListSheet:
        """The title (with the filter) and the subtitle (count, order, date) of the list."""
        title = f"{self.title}({self.described})" if self.described else self.title
        parts = [f"共{count}条", self.order, f"导出时间:{day.isoformat()}"]
        return ListSheet(title, "    ".join(p for p in parts if p), self.columns, self.title)


def _rows(spec: ListSpec, query: PagedQuery, legend: dict[str, str]) -> Iterator[ListRow]:
    """The rows as shown, in the list's order; the meaning of each colour noted as it comes."""
    for row in all_rows(query, spec.sort_key, spec.descending):
        colour = spec.colour(row)
        if colour and colour not in legend:
            legend[colour] = spec.meaning(row)
        yield spec.cells(row), colour


def export_list(
    db_file: Path, spec: ListSpec, out: Path, kind: Literal["xlsx", "pdf"], job: Job
) -> int:
    """Write every row of the list to ``out`` (rows written for xlsx, pages for pdf).

    Opens its own connection (it runs on a worker thread) and closes it again.
    """
    conn = open_connection(db_file)
    try:
        query = on_connection(spec.query, conn)
        count = count_rows(query)
        sheet = spec.sheet(count, today())
        legend: dict[str, str] = {}
        rows = _rows(spec, query, legend)
        if kind == "xlsx":
            from desktop_app.formats.list_export import write_list_xlsx

            return write_list_xlsx(out, sheet, rows, legend, job.rows(count), job.cancelled)
        from desktop_app.formats.list_pdf import write_list_pdf

        fonts = document_fonts(conn)
        return write_list_pdf(out, sheet, rows, fonts, legend, job.progress, job.cancelled, count)
    finally:
        conn.close()


def copy_rows(db_file: Path, spec: ListSpec, job: Job) -> list[Sequence[Any]]:
    """Every row of the list as shown, for the clipboard (opens its own connection)."""
    conn = open_connection(db_file)
    try:
        found = []
        for done, (values, _colour) in enumerate(_rows(spec, on_connection(spec.query, conn), {})):
            found.append(values)
            if done % 1000 == 0:
                check(job.cancelled, "已取消")
        return found
    finally:
        conn.close()
