"""Results reused while the database is unchanged: one connection's reads, kept by key.

A result is kept with the connection's version (its own changes, others' commits, the
schema cookie): any write, by this connection or another, forgets it.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader

R = TypeVar("R")
_REMEMBERED: OrderedDict[tuple[int, Hashable], tuple[Any, tuple[int, int, int], Any]] = (
    OrderedDict()
)
_REMEMBER_AT_MOST = 16


def connection_of(db: Reader) -> sqlite3.Connection:
    """The sqlite3 connection of a reader (a connection, or sqlite-utils' Database)."""
    return cast("sqlite3.Connection", getattr(db, "conn", db))  # sqlite-utils wraps one


def data_version(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """Changes by this connection, commits by others, and restores (the schema cookie)."""
    others = conn.execute("PRAGMA data_version").fetchone()[0]
    schema = conn.execute("PRAGMA schema_version").fetchone()[0]
    return conn.total_changes, others, schema


def remembered(db: Reader, key: Hashable, compute: Callable[[], R]) -> R:
    """``compute()``, reused while the database is unchanged (a few results are kept).

    ``key`` must name everything the result depends on besides the data.
    """
    conn = connection_of(db)
    slot = (id(conn), key)
    version = data_version(conn)
    found = _REMEMBERED.get(slot)
    if found is not None and found[0] is conn and found[1] == version:
        _REMEMBERED.move_to_end(slot)
        return found[2]
    value = compute()
    _REMEMBERED[slot] = (conn, version, value)
    while len(_REMEMBERED) > _REMEMBER_AT_MOST:
        _REMEMBERED.popitem(last=False)
    return value
