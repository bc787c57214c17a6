"""A filtered, sorted, paged SQL list: the storage side of every list in the GUI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader


@dataclass
class PagedQuery:
    """SELECT ``columns`` FROM ``source`` WHERE all ``where`` ORDER BY a sort key, by pages.

    ``sortable`` maps a column key to the SQL expression it sorts by; ``id_column`` breaks
    ties so that paging is stable.
    """

    db: Reader
    columns: str
    source: str
    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    sortable: dict[str, str] = field(default_factory=dict)
    default_order: str = ""
    id_column: str = "id"

    def _where_sql(self) -> str:
        return f" WHERE {' AND '.join(f'({w})' for w in self.where)}" if self.where else ""

    def count(self) -> int:
        """Number of matching rows, counted in SQL."""
        sql = f"SELECT count(*) FROM {self.source}{self._where_sql()}"
        return self.db.execute(sql, self.params).fetchone()[0]

    def order_sql(self, sort_key: str | None, descending: bool) -> str:
        """ORDER BY clause for a column key (unknown keys fall back to the default)."""
        direction = "DESC" if descending else "ASC"
        expr = self.sortable.get(sort_key or "")
        parts = [f"{expr} {direction}"] if expr else []
        if self.default_order:
            parts.append(self.default_order)
        parts.append(f"{self.id_column} {direction if expr else 'ASC'}")
        return " ORDER BY " + ", ".join(parts)

    def fetch(
        self, offset: int, limit: int, sort_key: str | None = None, descending: bool = False
    ) -> list[dict[str, Any]]:
        """One page of rows as dicts."""
        sql = (
            f"SELECT {self.columns} FROM {self.source}{self._where_sql()}"
            f"{self.order_sql(sort_key, descending)} LIMIT ? OFFSET ?"
        )
        cursor = self.db.execute(sql, [*self.params, limit, offset])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def like_pattern(text: str) -> str:
    """A LIKE pattern that finds ``text`` literally (escape character: backslash)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
