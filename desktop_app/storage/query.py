"""Filtered, sorted, paged SQL lists, their totals, and the one text search they all use.

Searching: a row matches when one of the searched text columns contains what the clerk
typed, as one string (spaces included, ASCII letters in any case): exactly what
``column LIKE '%words%'`` finds. Words of three or more characters are looked up in the
table's FTS5 trigram index (``storage/search_index.py``) instead of reading every row;
shorter words, which a trigram index cannot find, use LIKE.

Totals (a count, a summary line) add up over rows. When the typed words are in most rows,
the totals of the list without them, remembered until the database changes, minus the
totals of the few rows without the words cost a fraction of adding up the many with them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar, cast

from desktop_app.storage.search_index import index_name

if TYPE_CHECKING:
    import sqlite3

    from desktop_app.storage.database import Reader

MIN_INDEXED = 3  # a trigram index finds words of three characters or more
SAMPLE_BLOCKS, SAMPLE_BLOCK = 20, 50  # rows read to estimate how common the words are
# Share of rows holding the words above which a page is read in list order, testing each
# row it passes (the walk stops after one page); below it the matches are found first and
# sorted. Walking reads rows out of order, so it pays only when it stops early: sooner
# than finding the matches by a full scan (short words), or in the index (longer ones).
COMMON_SHARE = {False: 0.02, True: 0.1}  # by: the words are looked up in the index
MOSTLY_SHARE = 0.5  # above this share, totals are counted over the rows without the words


def like_pattern(text: str) -> str:
    """A LIKE pattern that finds ``text`` literally (escape character: backslash)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def match_phrase(text: str, columns: tuple[str, ...]) -> str:
    """An FTS5 query for ``text`` as one literal phrase in any of ``columns``."""
    quoted = text.replace('"', '""')
    return f'{{{" ".join(columns)}}} : "{quoted}"'


def _case_folds(text: str) -> bool:
    """True when the index's case folding may match more than LIKE (letters with a case)."""
    return any(ch.lower() != ch.upper() for ch in text)


@dataclass(frozen=True)
class TextColumns:
    """Searchable text columns of one table, found through the table's trigram index.

    The index (``search_index.index_name(table)``) has the table's ids as rowids and
    columns of the same names (it may hold more columns than one list searches).
    """

    table: str
    columns: tuple[str, ...]

    @property
    def index(self) -> str:
        """The FTS5 table indexing these columns."""
        return index_name(self.table)

    def search(self, text: str, key: str, alias: str | None = "") -> TextSearch | None:
        """The typed ``text`` on a list (None when blank).

        ``key`` is how the list's SQL names this table's id (``"id"``, ``"p.id"``,
        ``"a.person_id"``); ``alias`` is the table's alias in the list's FROM (``""`` when
        it is the list's only table, ``None`` when the list does not join it).
        """
        words = text.strip()
        return TextSearch(self, words, key, alias) if words else None


@dataclass
class TextSearch:
    """Typed words as an SQL condition on a list (see the module docstring)."""

    target: TextColumns
    words: str
    key: str
    alias: str | None

    @property
    def indexed(self) -> bool:
        """True when the words are long enough for the trigram index."""
        return len(self.words) >= MIN_INDEXED

    def _like(self, prefix: str) -> tuple[str, list[Any]]:
        tests = [f"{prefix}{c} LIKE ? ESCAPE '\\'" for c in self.target.columns]
        sql = tests[0] if len(tests) == 1 else "(" + " OR ".join(tests) + ")"
        return sql, [like_pattern(self.words)] * len(tests)

    def sql(self, *, look_up: bool = True) -> tuple[str, list[Any]]:
        """The condition and its parameters.

        ``look_up``: the matching rows are looked up (in the trigram index for words of
        three characters or more). Otherwise each row the list reads is tested with LIKE:
        cheapest for the first page of a common word, where the walk stops early.
        """
        here = self.alias is not None
        prefix = f"{self.alias}." if self.alias else ""
        if not (look_up and self.indexed):
            like, params = self._like(prefix)
            if here:
                return like, params
            return f"{self.key} IN (SELECT id FROM {self.target.table} WHERE {like})", params
        index = self.target.index
        hits = f"SELECT rowid FROM {index} WHERE {index} MATCH ?"
        params = [match_phrase(self.words, self.target.columns)]
        if not _case_folds(self.words):  # digits, Chinese, signs: the index is exact
            return f"{self.key} IN ({hits})", params
        # The index folds the case of every letter, LIKE only of ASCII: LIKE confirms.
        like, more = self._like(prefix if here else "")
        if here:
            return f"{self.key} IN ({hits}) AND {like}", params + more
        return (
            f"{self.key} IN (SELECT id FROM {self.target.table} WHERE id IN ({hits}) AND {like})",
            params + more,
        )

    def share(self, db: Reader) -> float:
        """About which share of the table's rows hold the words (from a sample, remembered).

        The sample is short runs of rows spread over the table, read once per search until
        the data change.
        """
        key = ("share", self.target, self.words)
        return remembered(db, key, lambda: self._estimate_share(db))

    def _estimate_share(self, db: Reader) -> float:
        table = self.target.table
        ends = f"SELECT (SELECT min(id) FROM {table}), (SELECT max(id) FROM {table})"
        low, high = db.execute(ends).fetchone()  # each alone: one step down the rowids
        if low is None:
            return 0.0
        # SAMPLE_BLOCKS runs of ids spread over the table (each a short rowid range).
        step = max((high - low + 1) // SAMPLE_BLOCKS, SAMPLE_BLOCK)
        ranges = " OR ".join(
            f"id BETWEEN {start} AND {start + SAMPLE_BLOCK - 1}"
            for start in range(low, high + 1, step)
        )
        like, params = self._like("")
        sql = f"SELECT count(*), total({like}) FROM {table} WHERE {ranges}"
        rows, found = db.execute(sql, params).fetchone()
        return found / rows if rows else 0.0

    def common(self, db: Reader) -> bool:
        """True when a page is best read in list order (the words are in many rows)."""
        return self.share(db) > COMMON_SHARE[self.indexed]


def where_sql(
    where: list[str],
    params: list[Any],
    search: TextSearch | None = None,
    *,
    look_up: bool = True,
    without: bool = False,
) -> tuple[str, list[Any]]:
    """`` WHERE …`` of the conditions and the text search (empty when none), with parameters.

    ``look_up``: see ``TextSearch.sql``; ``without``: the rows *without* the searched words.
    """
    parts, values = list(where), list(params)
    if search is not None:
        condition, more = search.sql(look_up=look_up)
        parts.append(f"NOT ({condition})" if without else condition)
        values += more
    sql = f" WHERE {' AND '.join(f'({w})' for w in parts)}" if parts else ""
    return sql, values


class Totals(Protocol):
    """Figures that add up over rows: an int, or a summary that can be subtracted."""

    def __sub__(self, other: Self, /) -> Self:
        """The figures of these rows less those of ``other``, a part of them."""


T = TypeVar("T", bound=Totals)
R = TypeVar("R")
_REMEMBERED: OrderedDict[tuple[int, Hashable], tuple[Any, tuple[int, int, int], Any]] = (
    OrderedDict()
)
_REMEMBER_AT_MOST = 16


def _connection(db: Reader) -> sqlite3.Connection:
    return cast("sqlite3.Connection", getattr(db, "conn", db))  # sqlite-utils wraps one


def _version(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """Changes by this connection, commits by others, and restores (the schema cookie)."""
    others = conn.execute("PRAGMA data_version").fetchone()[0]
    schema = conn.execute("PRAGMA schema_version").fetchone()[0]
    return conn.total_changes, others, schema


def remembered(db: Reader, key: Hashable, compute: Callable[[], R]) -> R:
    """``compute()``, reused while the database is unchanged (a few results are kept).

    ``key`` must name everything the result depends on besides the data.
    """
    conn = _connection(db)
    slot = (id(conn), key)
    version = _version(conn)
    found = _REMEMBERED.get(slot)
    if found is not None and found[0] is conn and found[1] == version:
        _REMEMBERED.move_to_end(slot)
        return found[2]
    value = compute()
    _REMEMBERED[slot] = (conn, version, value)
    while len(_REMEMBERED) > _REMEMBER_AT_MOST:
        _REMEMBERED.popitem(last=False)
    return value


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
    under ``key`` plus the conditions) less those of the rows without the words, found by
    reading every row (the index would list nearly all of them).
    """
    remember_as = (key, tuple(where), tuple(params))

    def everything() -> T:
        return compute(*where_sql(where, params))

    if search is None:
        return remembered(db, remember_as, everything)
    if search.share(db) > MOSTLY_SHARE:
        return remembered(db, remember_as, everything) - compute(
            *where_sql(where, params, search, look_up=False, without=True)
        )
    return compute(*where_sql(where, params, search))


@dataclass
class PagedQuery:
    """SELECT ``columns`` FROM ``source`` WHERE all ``where`` ORDER BY a sort key, by pages.

    ``sortable`` maps a column key to the SQL expression it sorts by; ``id_column`` breaks
    ties so that paging is stable. ``search`` is the list's text search, if any.
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

    def _page_sql(self, sort_key: str | None, descending: bool) -> tuple[str, list[Any]]:
        """WHERE and ORDER BY of a page, planned for the search.

        A common word: the list is read in its order (an index, often), each row tested,
        until a page is full. A rare word: its rows are found first, then sorted (the
        unary plus keeps SQLite from walking an index of the order instead).
        """
        common = self.search is not None and self.search.common(self.db)
        where, params = where_sql(self.where, self.params, self.search, look_up=not common)
        found_few = self.search is not None and not common
        return where + self.order_sql(sort_key, descending, sort_found=found_few), params

    def count(self) -> int:
        """Number of matching rows, counted in SQL."""

        def count(where: str, params: list[Any]) -> int:
            sql = f"SELECT count(*) FROM {self.source}{where}"
            return self.db.execute(sql, params).fetchone()[0]

        key = ("count", self.source)
        return totals(self.db, count, self.where, self.params, self.search, key)

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
        sql = f"SELECT {self.columns} FROM {self.source}{where} LIMIT ? OFFSET ?"
        cursor = self.db.execute(sql, [*params, limit, offset])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
