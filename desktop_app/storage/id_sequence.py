"""Record ids are never given twice: the registers' tables count their ids with AUTOINCREMENT.

With a plain ``INTEGER PRIMARY KEY`` SQLite gives a new row the largest id + 1, so deleting
the newest problem, person or session and adding another reuses its id, and the audit log's
history of the deleted record appears to belong to the new one. ``AUTOINCREMENT`` keeps the
largest id ever given in ``sqlite_sequence`` and never goes below it, whoever inserts (a
repository, an import, the demo, an undo putting a row back under its own id).

The tables were created without it. Rebuilding them (create, copy, drop, rename) would need
foreign keys off, which cannot be done inside the migration's transaction, and dropping
``evidence`` with foreign keys on would cascade into the evidence files. AUTOINCREMENT
changes nothing in how a table's rows are stored, only how the next id is chosen, so each
table's definition is edited in place, in the migration's transaction, as SQLite documents
for schema changes that leave the stored content as it is ("Making Other Kinds Of Table
Schema Changes", https://sqlite.org/lang_altertable.html#otheralter): the text of its
``CREATE TABLE`` gains ``AUTOINCREMENT`` and the schema version is bumped so that every
connection reads it again. Indexes, triggers, foreign keys and rows stay untouched.

Each table's counter starts at the largest id it holds or its audit log names, so that an id
deleted before the upgrade is not given again either.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger(__name__)

_PLAIN_ID = re.compile(r"\bid\s+INTEGER\s+PRIMARY\s+KEY\b(?!\s+AUTOINCREMENT)", re.IGNORECASE)
_COUNTED_ID = re.compile(r"\bid\s+INTEGER\s+PRIMARY\s+KEY\s+AUTOINCREMENT\b", re.IGNORECASE)
_SEQUENCE_SEED = "_lawledger_sequence_seed"


def counts_ids(db: Database, table: str) -> bool:
    """Whether ``table``'s ids are AUTOINCREMENT (never given twice)."""
    row = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
    ).fetchone()
    return bool(row and _COUNTED_ID.search(row[0]))


def _ensure_sequence_table(db: Database) -> None:
    """``sqlite_sequence`` exists once any AUTOINCREMENT table was created: create one."""
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'"
    ).fetchone()
    if not exists:
        db.execute(f"CREATE TABLE {_SEQUENCE_SEED} (id INTEGER PRIMARY KEY AUTOINCREMENT)")
        db.execute(f"DROP TABLE {_SEQUENCE_SEED}")


def _highest_id(db: Database, table: str, record_type: str) -> int:
    """The largest id the table holds or the audit log names for its records."""
    held = db.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]
    named = db.execute(
        "SELECT COALESCE(MAX(record_id), 0) FROM audit_log WHERE record_type = ?", [record_type]
    ).fetchone()[0]
    return max(held, named)


def never_reuse_ids(db: Database, tables: dict[str, str]) -> None:
    """Make each table's ``id`` AUTOINCREMENT (``tables``: table → its audit record type).

    Runs inside the migration's transaction; a table already counting is left as it is.
    """
    _ensure_sequence_table(db)
    definitions = dict(
        db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    )
    edits: dict[str, str] = {}
    for table in tables:
        sql = definitions.get(table)
        if sql is None:
            raise RuntimeError(f"table {table} is missing")
        if _COUNTED_ID.search(sql):
            continue
        new_sql, found = _PLAIN_ID.subn("id INTEGER PRIMARY KEY AUTOINCREMENT", sql, count=1)
        if found != 1:
            raise RuntimeError(f"table {table} has no 'id INTEGER PRIMARY KEY' column")
        edits[table] = new_sql
    if not edits:
        return
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    try:
        for table, new_sql in edits.items():
            db.execute(
                "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                [new_sql, table],
            )
        db.execute(f"PRAGMA schema_version = {int(version) + 1}")
    except sqlite3.DatabaseError:
        log.exception("could not make record ids AUTOINCREMENT")
        raise
    finally:
        db.execute("PRAGMA writable_schema = OFF")
    for table in edits:
        db.execute("DELETE FROM sqlite_sequence WHERE name = ?", [table])
        db.execute(
            "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
            [table, _highest_id(db, table, tables[table])],
        )
