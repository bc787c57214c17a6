"""What every write repository shares: its connection, stamped writes and the audit log.

Each public write of a repository is one ``db.atomic()`` holding the change and its audit
row; these helpers do the parts that are the same everywhere and run inside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from desktop_app.domain.errors import UserError
from desktop_app.storage import audit
from desktop_app.storage.rows import fetch_rows, get_row

if TYPE_CHECKING:
    from sqlite_utils import Database


class Repository:
    """Base of the write repositories of one database connection."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        """All rows of a query as dicts."""
        return fetch_rows(self.db, sql, params)

    def row(self, table: str, record_id: int, missing: str) -> dict[str, Any]:
        """One row by id; ``UserError(missing)`` when it is gone."""
        return get_row(self.db, table, record_id, missing)

    def insert(self, table: str, values: dict[str, Any], *, updated: bool = True) -> int:
        """Insert a row stamped ``created_at`` (and ``updated_at``) now; returns its id."""
        stamp = audit.now_text()
        stamps = {"created_at": stamp, "updated_at": stamp} if updated else {"created_at": stamp}
        return cast(int, self.db.table(table).insert({**values, **stamps}).last_pk)

    def update(self, table: str, record_id: int, values: dict[str, Any]) -> None:
        """Update a row and stamp its ``updated_at`` now."""
        self.db.table(table).update(record_id, {**values, "updated_at": audit.now_text()})

    def log(self, action: str, record_type: str, record_id: int | None, *change: Any) -> None:
        """The audit row of a change, in its transaction; ``change``: before, after, summary."""
        given = dict(zip(("before", "after", "summary"), change, strict=False))
        audit.record(self.db, action, record_type, record_id, **given)


def saved(record_id: int | None, what: str) -> int:
    """The id of a record that must exist already (an edit, a child's parent); a Chinese error
    names ``what`` when it was never saved."""
    if record_id is None:
        raise UserError(f"{what}尚未保存,请先保存{what}。")
    return record_id


def can_write(db: Database) -> bool:
    """Whether writes on this connection would succeed (a read-only database refuses them)."""
    import sqlite3

    try:
        with db.atomic():
            db.execute("DELETE FROM audit_log WHERE 0")
    except sqlite3.OperationalError:
        return False
    return True
