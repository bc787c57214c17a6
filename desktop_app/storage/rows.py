"""The one row helper: table rows as dicts, and records to and from their columns.

Every register's ``rows.py`` describes its records with a ``RowMap`` (which fields are
stored as they are, which as ISO dates); queries and repositories read rows as dicts
through ``iter_rows``, ``fetch_rows`` and ``get_row``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from desktop_app.domain.dates import from_iso, iso
from desktop_app.domain.errors import UserError

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader

T = TypeVar("T")


@dataclass(frozen=True)
class RowMap:
    """Fields stored in same-named columns: ``plain`` as they are, ``dates`` as ISO text."""

    plain: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()

    def read(self, row: dict[str, Any]) -> dict[str, Any]:
        """A row's values as record fields (dates parsed)."""
        values = {name: row[name] for name in self.plain}
        values.update({name: from_iso(row[name]) for name in self.dates})
        return values

    def record(self, cls: Callable[..., T], row: dict[str, Any]) -> T:
        """A ``cls`` record of a row: its id and the mapped fields."""
        return cls(id=row["id"], **self.read(row))

    def write(self, record: object) -> dict[str, Any]:
        """A record's fields as column values (dates as ISO text)."""
        values = {name: getattr(record, name) for name in self.plain}
        values.update({name: iso(getattr(record, name)) for name in self.dates})
        return values


def iter_rows(db: Reader, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
    """The rows of a query as dicts, one at a time (memory stays flat)."""
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def fetch_rows(db: Reader, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """All rows of a query as dicts."""
    return list(iter_rows(db, sql, params))


def get_row(db: Reader, table: str, record_id: int, missing: str) -> dict[str, Any]:
    """The row of ``table`` with this id; ``UserError(missing)`` when there is none."""
    row = next(iter_rows(db, f"SELECT * FROM {table} WHERE id = ?", [record_id]), None)
    if row is None:
        raise UserError(missing)
    return row


def next_id(db: Reader, table: str) -> int:
    """The id after the largest one in ``table`` (1 for an empty table)."""
    return db.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0]
