"""Opening the one database file: pragmas, single-writer lock, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

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


class NotOursError(UserError):
    """The file is not a LawLedger database (or is empty where one is needed); left untouched."""


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


def open_database(
    path: str | Path, *, backup_dir: Path | None = None, create: bool = True
) -> Database:
    """Open and migrate the database (see ``open_migrated``); refuse a file not ours untouched."""
    return as_database(open_migrated(path, backup_dir=backup_dir, create=create))


def open_migrated(
    path: str | Path, *, backup_dir: Path | None = None, create: bool = True
) -> sqlite3.Connection:
    """Open and migrate a LawLedger database; an up-to-date file costs a few small reads.

    Only a missing or empty file is initialised, and only when ``create`` (the GUI's first
    run, the demo); any other file that is not ours, a file written by a newer version and
    a damaged file are refused untouched: the check reads without creating -wal/-shm files,
    before the connection switches the file to WAL. Before migrating a file that has data,
    a ``pre-migration`` backup is taken into ``backup_dir``.
    """
    path = Path(path)
    if create:
        inspect_file(path)
    else:
        require_ours(path)
    conn = open_connection(path)
    if migrations.pending_names(conn):
        db = as_database(conn)
        if migrations.applied_names(conn) and backup_dir is not None:
            from desktop_app.storage.backup import make_backup

            make_backup(db, backup_dir, "pre-migration")
        migrations.apply(db)
    return conn


FileState = Literal["new", "empty", "ours"]


def inspect_file(path: Path) -> FileState:
    """What ``path`` holds, read without changing it: nothing yet, nothing at all, or ours.

    "new": no file; "empty": zero bytes, or SQLite without a single table. Anything else
    that is not a LawLedger database (another program's, a damaged file, a file of a newer
    version) raises a UserError that says so and that the file was not changed.
    """
    if not path.exists():
        return "new"
    if path.is_dir():
        raise UserError(f"“{path}”是一个文件夹,不是数据库文件")
    if path.stat().st_size == 0 and not _has_wal(path):
        return "empty"
    check_is_sqlite(path)
    conn = sqlite3.connect(readonly_uri(path), uri=True)
    try:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
        applied = migrations.applied_names(conn) if tables[0] else []
        unknown = migrations.unknown_applied(conn) if applied else []
    except sqlite3.DatabaseError as exc:
        raise UserError(f"无法读取数据库“{path}”:{exc}。文件未做任何改动。") from None
    finally:
        conn.close()
    if not tables[0]:
        return "empty"
    if unknown:
        raise _newer(path, unknown)
    if not applied:
        raise NotOursError(
            f"“{path.name}”不是法治台账的数据库(其中是其他程序的数据),"
            "法治台账不会打开或修改它;文件未做任何改动。"
        )
    return "ours"


def require_ours(path: Path) -> None:
    """Refuse, untouched, anything but an existing LawLedger database (export, backup)."""
    state = inspect_file(path)
    if state == "new":
        raise NotOursError(f"数据库文件不存在:{path}")
    if state == "empty":
        raise NotOursError(
            f"“{path.name}”是空文件,不是法治台账的数据库;请给出已有的数据库文件。文件未做任何改动。"
        )


def readonly_uri(path: Path) -> str:
    """A read-only URI that leaves no -wal/-shm beside the file (and works on a read-only disk).

    The file is opened as immutable, unless a -wal beside it holds data that belongs to it
    (a database in use, or one closed by a crash), which a plain read-only open reads too.
    """
    uri = f"{Path(path).absolute().as_uri()}?mode=ro"
    return uri if _has_wal(path) else f"{uri}&immutable=1"


def _has_wal(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    return wal.is_file() and wal.stat().st_size > 0


def check_is_sqlite(path: Path) -> None:
    """Refuse a file that does not start with the SQLite header."""
    with path.open("rb") as handle:
        header = handle.read(16)
    if header != b"SQLite format 3\x00":
        raise UserError(f"“{path}”不是法治台账的数据库文件(文件已损坏或格式不对)")


def refuse_newer(path: Path) -> None:
    """Read-only look at the applied migrations; unknown names mean a newer version."""
    conn = sqlite3.connect(readonly_uri(path), uri=True)
    try:
        unknown = migrations.unknown_applied(conn)
    except sqlite3.DatabaseError as exc:
        raise UserError(f"无法读取数据库“{path}”:{exc}") from None
    finally:
        conn.close()
    if unknown:
        raise _newer(path, unknown)


def _newer(path: Path, unknown: list[str]) -> NewerDatabaseError:
    return NewerDatabaseError(
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
