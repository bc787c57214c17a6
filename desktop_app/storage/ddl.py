"""Running a migration's DDL inside the transaction that applies it."""

from __future__ import annotations

from collections.abc import Callable
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


def script_step(script: str) -> Callable[[Database], None]:
    """A migration step that runs one DDL script (see ``run_script``)."""

    def step(db: Database) -> None:
        run_script(db, script)

    return step
