"""Opening the one database file: pragmas, single-writer lock, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from desktop_app.domain.errors import UserError
from desktop_app.storage import migrations


class NewerDatabaseError(UserError):
    """The file was written by a newer version of the application."""


def connect(path: str | Path) -> Database:
    """A connection with foreign keys on, WAL and a busy timeout (one per thread)."""
    conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return Database(conn)


def open_database(path: str | Path, *, backup_dir: Path | None = None) -> Database:
    """Open (creating if needed) and migrate the database; refuse a newer file untouched."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        _check_is_sqlite(path)
        _refuse_newer(path)
    db = connect(path)
    pending = migrations.MIGRATIONS.pending(db)
    if pending and migrations.MIGRATIONS.applied(db) and backup_dir is not None:
        from desktop_app.storage.backup import make_backup

        make_backup(db, backup_dir, "pre-migration")
    migrations.MIGRATIONS.apply(db)
    return db


def _check_is_sqlite(path: Path) -> None:
    with path.open("rb") as handle:
        header = handle.read(16)
    if header != b"SQLite format 3\x00":
        raise UserError(f"“{path}”不是法治台账的数据库文件(文件已损坏或格式不对)")


def _refuse_newer(path: Path) -> None:
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


def schema_version(db: Database) -> int:
    """How many of this application's migrations the file has."""
    return len(migrations.MIGRATIONS.applied(db))


# A database is new when none of the three registers holds a record.
REGISTER_TABLES = ("inspections", "persons", "training_sessions")


def is_empty(db: Database) -> bool:
    """True when the database holds no inspection, no person and no training session."""
    return not any(
        db.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]
        for table in REGISTER_TABLES
    )
