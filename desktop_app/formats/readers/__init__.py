"""Readers of clerks' files: a file (or pasted text) becomes tables of cell values.

No Qt, no SQL. Every reader refuses a hostile or broken file with one ``ImportFileError``
(a ``UserError`` whose text is one Chinese sentence) before it costs unbounded time or
memory: the file's real format is sniffed from its bytes, zip containers are measured before
they are opened, XML with entity declarations is refused, and tables above ``MAX_ROWS`` rows
are refused with the limit named. Formulas are read as their cached values, never evaluated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import UserError

MAX_FILE_BYTES = 100 * 1024 * 1024  # a clerk's ledger is a few MB; 100 MB is refused
MAX_ROWS = 100_000  # rows of one sheet or table that one import takes
MAX_COLUMNS = 300
MAX_TEXT_CHARS = 5_000_000  # a feedback text or pasted block

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


class ImportFileError(UserError):
    """The file cannot be read as a table or text; ``str()`` says why, in Chinese."""


@dataclass
class SourceTable:
    """One sheet or table: rows of cell values, positioned as the spreadsheet shows them.

    ``rows[i][j]`` is the cell in spreadsheet row ``i + 1`` and column ``j`` (A = 0): values
    are ``str``, ``float``, ``int``, ``bool``, ``datetime``/``date`` or ``None``. ``merged``
    lists merged ranges as (first row, first column, last row, last column), 0-based and
    inclusive.
    """

    name: str
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def width(self) -> int:
        """The number of columns of the widest row."""
        return max((len(r) for r in self.rows), default=0)

    def is_empty(self) -> bool:
        """True when no cell holds anything."""
        return not any(_filled(v) for row in self.rows for v in row)


@dataclass
class Source:
    """What was read: its tables (sheets, Word tables) or its text, and notices for the clerk."""

    name: str
    format: str  # "xlsx", "xls", "ods", "csv", "docx", "txt", "paste"
    tables: list[SourceTable] = field(default_factory=list)
    text: str = ""  # paragraphs of a .docx / .txt / pasted report, one per line
    notices: list[str] = field(default_factory=list)

    def table(self, name: str | None) -> SourceTable:
        """The table called ``name`` (the first non-empty one when None)."""
        if name is None:
            for table in self.tables:
                if not table.is_empty():
                    return table
            raise ImportFileError(f"“{self.name}”中没有任何内容(工作表或表格都是空的)")
        for table in self.tables:
            if table.name == name:
                if table.is_empty():
                    raise ImportFileError(f"“{self.name}”的“{name}”是空的")
                return table
        names = "、".join(t.name for t in self.tables) or "(无)"
        raise ImportFileError(f"“{self.name}”中没有“{name}”(有:{names})")


def _filled(value: Any) -> bool:
    return value is not None and value != ""


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_file(
    path: str | Path,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Source:
    """Read a clerk's file (.xlsx .xls .ods .csv .txt .docx) by what its bytes are."""
    from desktop_app.formats.readers import sniff

    path = Path(path)
    kind = sniff.detect(path)
    if kind in ("xlsx", "xls", "ods"):
        from desktop_app.formats.readers.excel import read_workbook

        source = read_workbook(path, kind, progress=progress, cancelled=cancelled)
    elif kind == "docx":
        from desktop_app.formats.readers.word import read_docx

        source = read_docx(path)
    else:
        from desktop_app.formats.readers.text import read_text_file

        source = read_text_file(path)
    claimed = path.suffix.lower().lstrip(".")
    if claimed in ("xlsx", "xlsm", "xls", "ods", "docx") and claimed.rstrip("m") != kind:
        source.notices.append(
            f"文件扩展名是 .{claimed},内容实际是 {kind.upper()} 格式,已按实际格式读取"
        )
    return source


def read_pasted(text: str) -> Source:
    """Rows copied from Excel/WPS (tab-separated) or a pasted report text."""
    from desktop_app.formats.readers.text import source_from_text

    return source_from_text(text, "粘贴的内容", "paste")
