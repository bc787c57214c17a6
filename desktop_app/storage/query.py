"""Filtered, sorted, paged SQL lists, their totals, and the one text search they all use.

Searching: a row matches when one of the searched text columns contains what the clerk
typed, as one string (spaces included, ASCII letters in any case): exactly what
``column LIKE '%words%'`` finds. Words of three or more characters are looked up in the
table's FTS5 trigram index (``storage/search_index.py``) instead of reading every row;
shorter words, which a trigram index cannot find, use LIKE (``instr`` for words without a
letter that has a case: the same rows, found faster) in one pass over the table whose
ids (those with the words, or when most rows hold them those without) every statement of
the list then reuses: its count, its summary line and its pages read the table once.
The search a list shows is one ``TextSearch`` until its words change (``TextColumns.search``),
so the statements of one search share that pass.

Totals (a count, a summary line) add up over rows. When the typed words are in most rows,
the totals of the list without them, remembered until the database changes, minus the
totals of the few rows without the words cost a fraction of adding up the many with them.
"""

from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar, cast

from desktop_app.storage.search_index import index_name

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader

MIN_INDEXED = 3  # a trigram index finds words of three characters or more
SAMPLE_BLOCKS, SAMPLE_BLOCK = 20, 50  # rows read to estimate how common the words are
# Share of rows holding the words above which a page is read in list order, testing each
# row it passes (the walk stops after one page); below it the matches are found first and
# sorted. Walking reads rows out of order, so it pays only when it stops early: sooner
# than finding the matches by a full scan (short words), or in the index (longer ones).
COMMON_SHARE = {False: 0.02, True: 0.1}  # by: the words are looked up in the index
MOSTLY_SHARE = 0.5  # above this share, totals are counted over the rows without the words
_FOUND_AT_MOST = 4  # connections whose LIKE pass a search keeps
# A first page walked testing LIKE (``PagedQuery._first_page_by_like``) may read four
# times the rows the word's share promises, at about 5 SQLite VM steps a row.
WALK_STEPS_PER_ROW = 4 * 5
WALK_AT_MOST = 20_000  # rows: the budget of the walk of a long page
_STEPS_PER_TICK = 1000  # VM steps between two calls of the progress handler


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

        The same words give the same search until other words (or none) are searched the
        same way: the list's count, summary and pages then share what it found.
        """
        words = text.strip()
        slot = (self, key, alias)
        if not words:
            _SHOWN.pop(slot, None)
            return None
        shown = _SHOWN.get(slot)
        if shown is None or shown.words != words:
            shown = _SHOWN[slot] = TextSearch(self, words, key, alias)
        return shown


@dataclass(frozen=True)
class Found:
    """The rows a search found: their ids, or (``without``) the ids of the other rows.

    SQLite hands them over as one JSON array (the parameter of ``json_each``): no row
    of them passes through Python unless ``ids`` is asked for.
    """

    ids_json: str
    listed: int  # how many ids the array holds
    without: bool
    rows: int  # rows in the table

    @property
    def count(self) -> int:
        """How many rows hold the words."""
        return self.rows - self.listed if self.without else self.listed

    @property
    def share(self) -> float:
        """The share of the table's rows that hold the words."""
        return self.count / self.rows if self.rows else 0.0

    @cached_property
    def ids(self) -> list[int]:
        """The ids, in Python."""
        return list(json.loads(self.ids_json))


@dataclass
class TextSearch:
    """Typed words as an SQL condition on a list (see the module docstring)."""

    target: TextColumns
    words: str
    key: str
    alias: str | None
    # What the LIKE pass found, per connection (a worker thread's export has its own).
    _found: dict[int, tuple[Any, tuple[int, int, int], Found]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def indexed(self) -> bool:
        """True when the words are long enough for the trigram index."""
        return len(self.words) >= MIN_INDEXED

    def found(self, db: Reader) -> Found:
        """The rows holding the words (kept until the data change): for shorter words one
        LIKE pass over the table, giving the ids of the other rows when most hold them;
        for longer ones the index's."""
        conn = _connection(db)
        version = _version(conn)
        kept = self._found.get(id(conn))
        if kept is not None and kept[0] is conn and kept[1] == version:
            return kept[2]
        table = self.target.table
        without = not self.indexed and self._estimate(db) > MOSTLY_SHARE
        sql, params = self._ids_sql(without)
        listed, ids = db.execute(
            f"SELECT count(*), json_group_array(id) FROM ({sql})", params
        ).fetchone()
        rows = remembered(db, ("rows", table), lambda: _count_rows(db, table))
        found = Found(ids, listed, without, rows)
        if len(self._found) >= _FOUND_AT_MOST:  # connections of finished exports
            self._found.clear()
        self._found[id(conn)] = (conn, version, found)
        return found

    def _ids_sql(self, without: bool = False, look_up: bool = True) -> tuple[str, list[Any]]:
        """SELECT of the ids of the table's rows with (or ``without``) the words: found in
        the trigram index (``look_up``, words of three characters or more) or by LIKE."""
        table = self.target.table
        like, params = self._like("")
        if not (look_up and self.indexed):
            test = f"({like}) IS NOT 1" if without else like
            return f"SELECT id FROM {table} WHERE {test}", params
        hits, phrase = self._hits()
        if not _case_folds(self.words):  # digits, Chinese, signs: the index is exact
            return hits, phrase
        # The index folds the case of every letter, LIKE only of ASCII: LIKE confirms.
        return f"SELECT id FROM {table} WHERE id IN ({hits}) AND {like}", phrase + params

    def _hits(self) -> tuple[str, list[Any]]:
        """SELECT of the ids the trigram index finds the words in, with its parameter."""
        index = self.target.index
        hits = f"SELECT rowid AS id FROM {index} WHERE {index} MATCH ?"
        return hits, [match_phrase(self.words, self.target.columns)]

    def has_found(self, db: Reader) -> bool:
        """True when ``found(db)`` is known (for these data) without reading the table."""
        conn = _connection(db)
        kept = self._found.get(id(conn))
        return kept is not None and kept[0] is conn and kept[1] == _version(conn)

    def alone_in(self, source: str) -> bool:
        """True when ``source`` (a list's FROM) is this search's table and nothing else."""
        parts = source.split()
        return self.alias is not None and 0 < len(parts) <= 2 and parts[0] == self.target.table

    def _found_sql(self, found: Found, look_up: bool, without: bool) -> tuple[str, list[Any]]:
        """The condition through the found ids: rows with (or ``without``) the words."""
        ids = "(SELECT value FROM json_each(?))"
        if without == found.without:  # the ids are the rows wanted
            return f"{self.key if look_up else '+' + self.key} IN {ids}", [found.ids_json]
        return f"{self.key} NOT IN {ids}", [found.ids_json]

    def _like(self, prefix: str) -> tuple[str, list[Any]]:
        """The test of a row: one of the columns holds the words, as LIKE finds them.

        Words with no letter that has a case (Chinese, digits, signs) are found with
        ``instr``, a plain substring search and faster than LIKE there; LIKE differs
        only in folding the case of ASCII letters.
        """
        if _case_folds(self.words):
            tests = [f"{prefix}{c} LIKE ? ESCAPE '\\'" for c in self.target.columns]
            value = like_pattern(self.words)
        else:  # > 0: true (1), false (0) or NULL, as LIKE answers
            tests = [f"instr({prefix}{c}, ?) > 0" for c in self.target.columns]
            value = self.words
        sql = tests[0] if len(tests) == 1 else "(" + " OR ".join(tests) + ")"
        return sql, [value] * len(tests)

    def sql(
        self, *, look_up: bool = True, db: Reader | None = None, without: bool = False
    ) -> tuple[str, list[Any]]:
        """The condition and its parameters (``without``: rows without the words).

        ``look_up``: the matching rows are looked up (in the trigram index for words of
        three characters or more). Otherwise each row the list reads is tested with LIKE:
        cheapest for the first page of a common word, where the walk stops early.
        ``db``: shorter words are tested through the ids their LIKE pass found there:
        found now for a look-up, reused by a walk if found already (a walk that stops
        early tests fewer rows than the pass reads). A walk given ``db`` reads an index
        that holds the ids (``PagedQuery.walk_ids``): longer words in at most half the
        rows are tested there through the ids the trigram index found, so that the walk
        reads no table row (commoner ones: LIKE, as the walk soon stops).
        """
        if db is not None and self._through_found(db, look_up):
            return self._found_sql(self.found(db), look_up, without)
        condition, params = self._condition(look_up)
        return (f"NOT ({condition})", params) if without else (condition, params)

    def _through_found(self, db: Reader, look_up: bool) -> bool:
        """True when ``sql`` tests the rows through the ids found on ``db`` (see there)."""
        if self.indexed:
            return not look_up and self.share(db) <= MOSTLY_SHARE
        return look_up or self.has_found(db)

    def _condition(self, look_up: bool) -> tuple[str, list[Any]]:
        """The rows with the words, through the index or LIKE (see ``sql``)."""
        if self.alias is None:  # the list does not join the table: its ids, found there
            ids, params = self._ids_sql(look_up=look_up)
            return f"{self.key} IN ({ids})", params
        like, more = self._like(f"{self.alias}." if self.alias else "")
        if not (look_up and self.indexed):
            return like, more
        hits, params = self._hits()
        if not _case_folds(self.words):  # digits, Chinese, signs: the index is exact
            return f"{self.key} IN ({hits})", params
        # The index folds the case of every letter, LIKE only of ASCII: LIKE confirms.
        return f"{self.key} IN ({hits}) AND {like}", params + more

    def share(self, db: Reader) -> float:
        """Which share of the table's rows hold the words: exact once a LIKE pass found
        them, otherwise estimated from a sample."""
        if not self.indexed and self.has_found(db):
            return self.found(db).share
        return self._estimate(db)

    def _estimate(self, db: Reader) -> float:
        """About which share of the rows hold the words (from a sample, remembered).

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
_REMEMBERED: OrderedDict[tuple[int, Hashable], tuple[Any, tuple[int, int, int], Any]] = (
    OrderedDict()
)
_REMEMBER_AT_MOST = 16
# The search each list shows, by (columns, key, alias): see ``TextColumns.search``.
_SHOWN: dict[tuple[TextColumns, str, str | None], TextSearch] = {}


def _count_rows(db: Reader, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


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
    conn = _connection(db)
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
