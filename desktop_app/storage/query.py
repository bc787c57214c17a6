"""Filtered, sorted, paged SQL lists and their totals, over the one text search.

The text search (``storage/text_search.py``) gives each list its condition; here a list
is counted, added up and read by pages with the plan that suits the words.

Totals (a count, a summary line) add up over rows. When the typed words are in most rows,
the totals of the list without them, remembered until the database changes, minus the
totals of the few rows without the words cost a fraction of adding up the many with them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar

# The search's and the remembering's names that the lists import from here.
from desktop_app.storage.remembered import _REMEMBERED as _REMEMBERED
from desktop_app.storage.remembered import connection_of
from desktop_app.storage.remembered import remembered as remembered
from desktop_app.storage.text_search import MOSTLY_SHARE as MOSTLY_SHARE
from desktop_app.storage.text_search import TextColumns as TextColumns
from desktop_app.storage.text_search import TextSearch as TextSearch
from desktop_app.storage.text_search import like_pattern as like_pattern

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader

# A first page walked testing LIKE (``PagedQuery._first_page_by_like``) may read four
# times the rows the word's share promises, at about 5 SQLite VM steps a row.
WALK_STEPS_PER_ROW = 4 * 5
WALK_AT_MOST = 20_000  # rows: the budget of the walk of a long page
_STEPS_PER_TICK = 1000  # VM steps between two calls of the progress handler


R = TypeVar("R")


def records_of(
    db: Reader,
    table: str,
    owner: tuple[str, Any],
    record: Callable[[dict[str, Any]], R],
    order: str,
) -> list[R]:
    """The rows of ``table`` whose ``owner`` column (name, value) holds the value, as
    records, in ``order`` (a person's exams, a problem's measures)."""
    column, value = owner
    cursor = db.execute(f"SELECT * FROM {table} WHERE {column} = ? ORDER BY {order}", [value])
    return [record(row) for row in _dicts(cursor)]


def equal_to(pairs: Iterable[tuple[str, Any]]) -> tuple[list[str], list[Any]]:
    """``column = ?`` conditions, with their parameters, for the pairs whose value is set."""
    chosen = [(column, value) for column, value in pairs if value]
    return [f"{column} = ?" for column, _ in chosen], [value for _, value in chosen]


def where_sql(
    where: list[str],
    params: list[Any],
    search: TextSearch | None = None,
    *,
    look_up: bool = True,
    without: bool = False,
    db: Reader | None = None,
) -> tuple[str, list[Any]]:
    """`` WHERE …`` of the conditions and the text search (empty when none), with parameters.

    ``look_up`` and ``db``: see ``TextSearch.sql``; ``without``: the rows *without* the
    searched words.
    """
    parts, values = list(where), list(params)
    if search is not None:
        condition, more = search.sql(look_up=look_up, db=db, without=without)
        parts.append(condition)
        values += more
    sql = f" WHERE {' AND '.join(f'({w})' for w in parts)}" if parts else ""
    return sql, values


class Totals(Protocol):
    """Figures that add up over rows: an int, or a summary that can be subtracted."""

    def __sub__(self, other: Self, /) -> Self:
        """The figures of these rows less those of ``other``, a part of them."""


T = TypeVar("T", bound=Totals)


def totals(
    db: Reader,
    compute: Callable[[str, list[Any]], T],
    where: list[str],
    params: list[Any],
    search: TextSearch | None,
    key: Hashable,
) -> T:
    """``compute(where, params)`` over the rows of the conditions and the search.

    When most rows hold the searched words: the totals without the search (remembered
    under ``key`` plus the conditions) less those of the rows without the words: looked
    up by the ids a LIKE pass found, else found by reading every row (the index would
    list nearly all of them).
    """
    remember_as = (key, tuple(where), tuple(params))

    def everything() -> T:
        return compute(*where_sql(where, params))

    if search is None:
        return remembered(db, remember_as, everything)
    # A LIKE pass already made is reused; otherwise the totals are added up as the rows
    # are read (one pass either way; ids would make SQLite look each row up again). The
    # rows without words in most rows are the few: those the pass found are looked up.
    found_on = db if search.has_found(db) else None
    if search.share(db) > MOSTLY_SHARE:
        looked_up = found_on is not None
        few = where_sql(where, params, search, look_up=looked_up, without=True, db=found_on)
        return remembered(db, remember_as, everything) - compute(*few)
    return compute(*where_sql(where, params, search, db=found_on))


@dataclass
class PagedQuery:
    """SELECT ``columns`` FROM ``source`` WHERE all ``where`` ORDER BY a sort key, by pages.

    ``sortable`` maps a column key to the SQL expression it sorts by; ``id_column`` breaks
    ties so that paging is stable. ``search`` is the list's text search, if any.
    ``walk``: the list's order can be read from an index, so a common word's page is
    found by walking it (otherwise the rows found are always sorted). ``ids_first``: a
    page is sorted on ids alone, its columns (the id first) computed for its rows only
    (wide rows, or correlated subqueries among the columns); ``ids_source`` is then the
    FROM the ids of a walked page are read from, when another join order walks the
    list's order. ``count_source``: the FROM the count reads, when joins of ``source``
    only add columns. ``count_key``: how ``count_source`` names the searched table's id,
    when it does not join that table (``a.person_id`` for the persons of an attendance
    list). ``walk_ids``: the walked index holds the ids the search tests (a
    covering walk reads no table rows): a shorter word's found ids are tested there,
    otherwise LIKE tests the rows the walk reads.
    """

    db: Reader
    columns: str
    source: str
    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    sortable: dict[str, str] = field(default_factory=dict)
    default_order: str = ""
    id_column: str = "id"
    search: TextSearch | None = None
    walk: bool = True
    ids_first: bool = False
    ids_source: str = ""
    count_source: str = ""
    count_key: str = ""
    walk_ids: bool = False

    def _walks(self) -> bool:
        """True when a page is read in the list's order, each row tested (see _page_sql)."""
        return self.walk and self.search is not None and self.search.common(self.db)

    def _page_sql(self, sort_key: str | None, descending: bool) -> tuple[str, list[Any]]:
        """WHERE and ORDER BY of a page, planned for the search.

        A common word: the list is read in its order (an index, often), each row tested,
        until a page is full. A rare word: its rows are found first, then sorted (the
        unary plus keeps SQLite from walking an index of the order instead).
        """
        common = self._walks()
        found_on = self.db if self.walk_ids or not common else None
        where, params = where_sql(
            self.where, self.params, self.search, look_up=not common, db=found_on
        )
        found_few = self.search is not None and not common
        return where + self.order_sql(sort_key, descending, sort_found=found_few), params

    def count(self) -> int:
        """Number of matching rows, counted in SQL.

        Shorter words are found first, in one LIKE pass that the count and the pages
        reuse (and that counted them, when the list is their table and nothing else).
        """
        search = self.search
        if search is not None and not search.indexed:
            found = search.found(self.db)
            if not self.where and search.alone_in(self.source):
                return found.count
        if search is not None and self.count_key:  # the same words (and what they found)
            search = replace(search, key=self.count_key)
        source = self.count_source or self.source

        def count(where: str, params: list[Any]) -> int:
            sql = f"SELECT count(*) FROM {source}{where}"
            return self.db.execute(sql, params).fetchone()[0]

        key = ("count", source)
        return totals(self.db, count, self.where, self.params, search, key)

    def order_sql(self, sort_key: str | None, descending: bool, *, sort_found: bool = False) -> str:
        """ORDER BY clause for a column key (unknown keys fall back to the default).

        ``sort_found``: sort the rows found rather than walk an index of the order.
        """
        direction = "DESC" if descending else "ASC"
        expr = self.sortable.get(sort_key or "")
        parts = [f"{expr} {direction}"] if expr else []
        if self.default_order:
            parts.append(self.default_order)
        parts.append(f"{self.id_column} {direction if expr else 'ASC'}")
        if sort_found:  # unary plus: the first term is no longer an indexed column
            parts[0] = f"+{parts[0]}"
        return " ORDER BY " + ", ".join(parts)

    def fetch(
        self, offset: int, limit: int, sort_key: str | None = None, descending: bool = False
    ) -> list[dict[str, Any]]:
        """One page of rows as dicts."""
        where, params = self._page_sql(sort_key, descending)
        if not self.ids_first:
            sql = f"SELECT {self.columns} FROM {self.source}{where} LIMIT ? OFFSET ?"
            return _dicts(self.db.execute(sql, [*params, limit, offset]))
        ids = self._first_page_by_like(limit, sort_key, descending) if offset == 0 else None
        if ids is None:
            source = self.ids_source if self.ids_source and self._walks() else self.source
            sql = f"SELECT {self.id_column} FROM {source}{where} LIMIT ? OFFSET ?"
            ids = [r[0] for r in self.db.execute(sql, [*params, limit, offset]).fetchall()]
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        sql = f"SELECT {self.columns} FROM {self.source} WHERE {self.id_column} IN ({marks})"
        rows = {next(iter(row.values())): row for row in _dicts(self.db.execute(sql, ids))}
        return [rows[i] for i in ids]

    def _first_page_by_like(
        self, limit: int, sort_key: str | None, descending: bool
    ) -> list[int] | None:
        """The ids of a walked first page, each row the walk reads tested with LIKE, or
        None when that does not pay or reads more rows than the word's share promises.

        A walk through the found ids (``walk_ids``) first makes a table of them; a
        common short word's first page is found sooner by testing the few rows walked.
        Its rows may lie late in the list's order, so the walk has a budget (SQLite's
        progress handler) and the found ids are walked when it is spent.
        """
        search = self.search
        if not (self.walk_ids and search is not None and search.alias is not None):
            return None  # no walk through found ids, or LIKE would test a subquery
        if search.indexed or self.where or sort_key in self.sortable or not self._walks():
            return None  # only the list's own order, where the share tells the rows walked
        rows = min(limit / max(search.share(self.db), 1e-9), WALK_AT_MOST)
        where, params = where_sql(self.where, self.params, search, look_up=False)
        order = self.order_sql(None, descending)
        sql = f"SELECT {self.id_column} FROM {self.source}{where}{order} LIMIT ?"
        found = _within(self.db, sql, [*params, limit], int(rows * WALK_STEPS_PER_ROW))
        return None if found is None else [r[0] for r in found]


def _within(db: Reader, sql: str, params: list[Any], steps: int) -> list[Any] | None:
    """The rows of a SELECT, or None when it takes more than about ``steps`` VM steps."""
    conn = connection_of(db)
    left = [steps // _STEPS_PER_TICK + 1]

    def spent() -> bool:
        left[0] -= 1
        return left[0] < 0

    conn.set_progress_handler(spent, _STEPS_PER_TICK)
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        if left[0] < 0:  # interrupted: over budget
            return None
        raise
    finally:
        conn.set_progress_handler(None, 0)


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    """A cursor's rows as dicts by column name."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
