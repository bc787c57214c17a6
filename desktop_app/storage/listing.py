"""A list's every row, for printing or exporting what the clerk sees: the list's own query.

The list on screen fetches pages of a ``PagedQuery``; printing and exporting it read all of
its rows in the same order from the same query, on a connection of their own (a worker
thread's), inside one read transaction so that every page comes from one snapshot.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from desktop_app.storage.query import PagedQuery

BATCH = 5000  # rows read per statement


def database_file(conn: sqlite3.Connection) -> Path | None:
    """The file of a connection's main database (None for an in-memory one)."""
    for _seq, name, file in conn.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return Path(file) if file else None
    return None


def on_connection(query: PagedQuery, conn: sqlite3.Connection) -> PagedQuery:
    """The same query on another connection (a worker thread's)."""
    return replace(query, db=conn)


def count_rows(query: PagedQuery) -> int:
    """How many rows the list has (as its count line says)."""
    return query.count()


def all_rows(
    query: PagedQuery, sort_key: str | None = None, descending: bool = False
) -> Iterator[dict[str, Any]]:
    """Every row of the list in its order (sorted by ``sort_key`` as the view is), read in
    batches inside one read transaction."""
    conn = cast(sqlite3.Connection, getattr(query.db, "conn", query.db))
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN")
    try:
        offset = 0
        while True:
            rows = query.fetch(offset, BATCH, sort_key, descending)
            yield from rows
            if len(rows) < BATCH:
                return
            offset += BATCH
    finally:
        if began and conn.in_transaction:
            conn.execute("COMMIT")
