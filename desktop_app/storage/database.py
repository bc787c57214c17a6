"""Opening the one database file: pragmas, single-writer lock, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from desktop_app.domain.errors import UserError
from desktop_app.registers import main_tables
from desktop_app.storage import migrations

if TYPE_CHECKING:
    from sqlite_utils import Database


class Reader(Protocol):
    """What a read needs: a plain sqlite3 connection or a sqlite-utils Database."""

    def execute(self, sql: str, parameters: Any = ..., /) -> sqlite3.Cursor:
        """Run one statement."""


class NewerDatabaseError(UserError):
    """The file was written by a newer version of the application."""


def open_connection(path: str | Path) -> sqlite3.Connection:
    """A connection with foreign keys on, WAL and a busy timeout (one per thread)."""
    conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def as_database(conn: sqlite3.Connection) -> Database:
    """sqlite-utils over an open connection, for writes and migrations.

    Imported here rather than at the top: it is the largest import of the application, and
    start-up (which only reads) goes without it.
    """
    from sqlite_utils import Database

    return Database(conn)


def connect(path: str | Path) -> Database:
    """A configured connection wrapped for writing (one per thread)."""
    return as_database(open_connection(path))


def open_database(path: str | Path, *, backup_dir: Path | None = None) -> Database:
    """Open (creating if needed) and migrate the database; refuse a newer file untouched."""
    return as_database(open_migrated(path, backup_dir=backup_dir))


def open_migrated(path: str | Path, *, backup_dir: Path | None = None) -> sqlite3.Connection:
    """Open (creating if needed) and migrate; an up-to-date file costs two small reads.

    A file written by a newer version is refused untouched; before migrating a file that
    has data, a ``pre-migration`` backup is taken into ``backup_dir``.
    """
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        check_is_sqlite(path)
        refuse_newer(path)
    conn = open_connection(path)
    if migrations.pending_names(conn):
        db = as_database(conn)
        if migrations.applied_names(conn) and backup_dir is not None:
            from desktop_app.storage.backup import make_backup

            make_backup(db, backup_dir, "pre-migration")
        migrations.apply(db)
    return conn


def check_is_sqlite(path: Path) -> None:
    """Refuse a file that does not start with the SQLite header."""
    with path.open("rb") as handle:
        header = handle.read(16)
    if header != b"SQLite format 3\x00":
        raise UserError(f"“{path}”不是法治台账的数据库文件(文件已损坏或格式不对)")


def refuse_newer(path: Path) -> None:
    """Read-only look at the applied migrations; unknown names mean a newer version."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        unknown = migrations.unknown_applied(conn)
    except sqlite3.DatabaseError as exc:
        raise UserError(f"无法读取数据库“{path}”:{exc}") from None
    finally:
        conn.close()
    if unknown:
        raise NewerDatabaseError(
            f"数据库“{path.name}”由更高版本的法治台账创建(含结构版本 {', '.join(unknown)}),"
            "本版本无法打开。请升级法治台账后再打开;文件未做任何改动。"
        )


def schema_version(db: Reader) -> int:
    """How many of this application's migrations the file has."""
    return len(migrations.applied_names(db))


def is_empty(db: Reader) -> bool:
    """True when no register holds a record (the welcome, the demo and the CLI ask this)."""
    present = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return not any(
        db.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]
        for table in main_tables()
        if table in present  # a file of an older schema lacks the later registers' tables
    )
