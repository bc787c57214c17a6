"""The explicit application context passed down to every page: no global main window."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.rectification import WarningRules
from desktop_app.storage.database import as_database, connect
from desktop_app.storage.lock import DatabaseLock
from desktop_app.storage.settings import SettingsRepo, read_warning_rules

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.storage.rectification.repo import RectificationRepo


@dataclass
class AppContext:
    """The open database, its folders and the services over it.

    ``conn`` is the GUI thread's connection. Lists and counts read through it; ``db`` wraps
    the same connection in sqlite-utils for the repositories that write. Both it and the
    repositories are loaded on first use, so that opening the window does not pay for them.
    """

    db_path: Path
    conn: sqlite3.Connection
    backup_dir: Path
    lock: DatabaseLock | None = None
    today_override: date | None = field(default=None, repr=False)

    @cached_property
    def db(self) -> Database:
        """sqlite-utils over ``conn`` (same connection, same transactions)."""
        return as_database(self.conn)

    @property
    def rectification(self) -> RectificationRepo:
        """Rectification records on the GUI thread's connection (loaded on first write)."""
        from desktop_app.storage.rectification.repo import RectificationRepo

        return RectificationRepo(self.db)

    @property
    def settings(self) -> SettingsRepo:
        """Office rules stored in the database."""
        return SettingsRepo(self.db)

    def warning_rules(self) -> WarningRules:
        """Lead and stall days for the three warning colours (a read: no sqlite-utils)."""
        return read_warning_rules(self.conn)

    def today(self) -> date:
        """Today (tests may fix it)."""
        return self.today_override or date.today()

    def worker_db(self) -> Database:
        """A new connection for a background job (SQLite connections belong to a thread)."""
        return connect(self.db_path)

    def close(self) -> None:
        """Close the connection and release the single-writer lock."""
        self.conn.close()
        if self.lock:
            self.lock.release()
