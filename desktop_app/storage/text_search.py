"""The one text search of every list: typed words as an SQL condition, found fast.

A row matches when one of the searched text columns contains what the clerk typed, as one
string (spaces included, ASCII letters in any case): exactly what
``column LIKE '%words%'`` finds. Words of three or more characters are looked up in the
table's FTS5 trigram index (``storage/search_index.py``) instead of reading every row;
shorter words, which a trigram index cannot find, use LIKE (``instr`` for words without a
letter that has a case: the same rows, found faster) in one pass over the table whose
ids (those with the words, or when most rows hold them those without) every statement of
the list then reuses: its count, its summary line and its pages read the table once.
The search a list shows is one ``TextSearch`` until its words change (``TextColumns.search``),
so the statements of one search share that pass. Lists use it through
``storage/query.py`` (``PagedQuery``, ``where_sql``, ``totals``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from desktop_app.storage.remembered import connection_of, data_version, remembered
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
        conn = connection_of(db)
        version = data_version(conn)
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
        conn = connection_of(db)
        kept = self._found.get(id(conn))
        return kept is not None and kept[0] is conn and kept[1] == data_version(conn)

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


# The search each list shows, by (columns, key, alias): see ``TextColumns.search``.
_SHOWN: dict[tuple[TextColumns, str, str | None], TextSearch] = {}


def _count_rows(db: Reader, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
