"""Schema, created and upgraded through sqlite-utils Migrations.

Each released schema version is one migration function, never edited once released, and
one entry in ``STEPS``; tests/fixtures holds a database of every released version to prove
the upgrade path. Whether anything is pending is read with plain sqlite3, so opening an
up-to-date file does not load sqlite-utils (its import is the largest part of start-up).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from desktop_app.registers import REGISTERS

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from desktop_app.storage.database import Reader

SET_NAME = "lawledger"
TABLE = "_sqlite_migrations"  # sqlite-utils' Migrations.migrations_table

Step = Callable[["Database"], None]


def known_names() -> list[str]:
    """Names of the migrations this version knows, in order."""
    return list(STEPS)


def applied_names(conn: Reader) -> list[str]:
    """Names of this application's migrations recorded in the file."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [TABLE]
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        f"SELECT name FROM {TABLE} WHERE migration_set = ? ORDER BY id", [SET_NAME]
    ).fetchall()
    return [name for (name,) in rows]


def pending_names(conn: Reader) -> list[str]:
    """Known migrations the file does not have yet."""
    applied = set(applied_names(conn))
    return [name for name in STEPS if name not in applied]


def unknown_applied(conn: Reader) -> list[str]:
    """Applied migrations that this version does not know (the file is newer)."""
    return [name for name in applied_names(conn) if name not in STEPS]


@cache
def migration_set() -> Migrations:
    """The sqlite-utils migration set, built on first use."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(SET_NAME)
    for name, step in STEPS.items():
        migrations(name=name)(step)
    return migrations


def apply(db: Database) -> None:
    """Apply every pending migration, each in its own transaction."""
    migration_set().apply(db)


def _collect_steps() -> dict[str, Step]:
    """Every register's released steps, in the order of their names."""
    steps: dict[str, Step] = {}
    for register in REGISTERS:
        steps.update(importlib.import_module(register.schema_module).STEPS)
    steps.update(importlib.import_module("desktop_app.storage.core_schema").STEPS)
    return dict(sorted(steps.items()))


# Released migrations, in order (each register's ``storage/<key>/schema.py`` holds its own).
STEPS = _collect_steps()
