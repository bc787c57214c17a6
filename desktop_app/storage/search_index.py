"""FTS5 trigram indexes that make the lists' text search fast (see ``storage/text_search.py``).

Each index is a contentless FTS5 table ``<table>_fts`` (rowid = the row's id) over some
text columns of one table. Triggers keep it in step with every insert, update and delete,
whoever writes (repositories, the demo, an import), inside the writer's transaction.
The index holds no copy of the text; the table stays the only place the text lives.

Released migrations call ``create_trigram_index``: what it creates must never change.
A different index is a new function and a new migration.

Rows of an indexed table must not be written with ``INSERT OR REPLACE``: the delete it
implies fires no trigger, and the replaced row's words would stay in the index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def index_name(table: str) -> str:
    """The name of ``table``'s trigram index."""
    return f"{table}_fts"


def create_trigram_index(db: Database, table: str, columns: tuple[str, ...]) -> None:
    """Create ``table``'s trigram index over ``columns``, its triggers, and index every row.

    Runs inside the migration's transaction (statement by statement: trigger bodies hold
    semicolons, so ``ddl.run_script`` cannot split them).
    """
    index = index_name(table)
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    add = f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new});"
    remove = f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.id, {old});"
    for statement in (
        f"CREATE VIRTUAL TABLE {index} USING fts5({names}, content='', tokenize='trigram')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF {names} ON {table}"
        f" BEGIN {remove} {add} END",
        f"INSERT INTO {index}(rowid, {names}) SELECT id, {names} FROM {table}",
    ):
        db.execute(statement)
