"""Office rules kept in the database (they travel with the data and its backups)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from desktop_app.domain.rectification import WarningRules
from desktop_app.storage import audit

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.storage.database import Reader

DEFAULTS: dict[str, Any] = {
    "rectification.lead_days": 14,
    "rectification.stall_days": 30,
    "rectification.report_due_months": 2,
    "fonts.overrides": {},
}


def read_setting(db: Reader, key: str) -> Any:
    """The stored value of ``key``, or its default."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else DEFAULTS.get(key)


def read_warning_rules(db: Reader) -> WarningRules:
    """Lead and stall days for the three warning colours."""
    return WarningRules(
        lead_days=int(read_setting(db, "rectification.lead_days")),
        stall_days=int(read_setting(db, "rectification.stall_days")),
    )


class SettingsRepo:
    """Typed access to the settings table, with defaults."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str) -> Any:
        """The stored value or the default."""
        return read_setting(self.db, key)

    def set_many(self, values: dict[str, Any]) -> None:
        """Store several values in one transaction with one audit row."""
        before = {k: self.get(k) for k in values}
        with self.db.atomic():
            for key, value in values.items():
                self.db.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [key, json.dumps(value, ensure_ascii=False)],
                )
            audit.record(self.db, "update", "settings", None, before=before, after=values)
