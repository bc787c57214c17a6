"""Running a migration's DDL inside the transaction that applies it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def run_script(db: Database, script: str) -> None:
    """Run DDL statements one by one inside the migration's transaction.

    ``executescript`` would COMMIT the transaction that ``Migrations.apply`` opened,
    leaving half a schema behind if a statement failed.
    """
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)
