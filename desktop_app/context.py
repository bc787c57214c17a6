"""The explicit application context passed down to every page: no global main window."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from desktop_app.storage.database import connect
from desktop_app.storage.lock import DatabaseLock
from desktop_app.storage.rectification_repo import RectificationRepo
from desktop_app.storage.settings_repo import SettingsRepo


@dataclass
class AppContext:
    """The open database, its folders and the services over it."""

    db_path: Path
    db: Database
    backup_dir: Path
    lock: DatabaseLock | None = None
    today_override: date | None = field(default=None, repr=False)

    @property
    def rectification(self) -> RectificationRepo:
        """Rectification records on the GUI thread's connection."""
        return RectificationRepo(self.db)

    @property
    def settings(self) -> SettingsRepo:
        """Office rules stored in the database."""
        return SettingsRepo(self.db)

    def today(self) -> date:
        """Today (tests may fix it)."""
        return self.today_override or date.today()

    def worker_db(self) -> Database:
        """A new connection for a background job (SQLite connections belong to a thread)."""
        return connect(self.db_path)

    def close(self) -> None:
        """Close the connection and release the single-writer lock."""
        self.db.conn.close()
        if self.lock:
            self.lock.release()
