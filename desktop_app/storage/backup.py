"""Backups through SQLite's backup API, with daily/weekly/monthly rotation.

A backup is written under a temporary name (``….db.partial``) in its folder and renamed
when it is complete, so a copy that was interrupted never looks like a backup: it is not
listed, not offered for restore, does not count as the day's backup and takes no rotation
slot. Every copy is self-contained (rollback journal, not WAL), so it can be read from a
read-only medium. Restoring a backup is ``storage/restore.py``.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.errors import UserError

if TYPE_CHECKING:
    from sqlite_utils import Database

KEEP = {
    "daily": 7,
    "weekly": 4,
    "monthly": 12,
    "manual": 20,
    "pre-migration": 5,
    "pre-restore": 5,
    "pre-import": 10,
}
KIND_LABELS = {
    "daily": "每日自动",
    "weekly": "每周自动",
    "monthly": "每月自动",
    "manual": "手动",
    "pre-migration": "升级前",
    "pre-restore": "恢复前",
    "pre-import": "导入前",
}
_NAME = re.compile(r"^lawledger-(?P<kind>[a-z-]+?)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.db$")
PARTIAL = ".partial"  # suffix of a copy being written
STALE_SECONDS = 3600  # an unfinished copy untouched this long was left by a killed backup
SIDECARS = ("-journal", "-wal", "-shm")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BackupFile:
    """One backup file and what its name says."""

    path: Path
    kind: str
    taken_at: datetime

    @property
    def label(self) -> str:
        """A line for the restore dialog."""
        return f"{self.taken_at:%Y-%m-%d %H:%M:%S}  {KIND_LABELS.get(self.kind, self.kind)}"


def copy_database(
    source: sqlite3.Connection, target_path: Path, progress: Progress | None = None
) -> None:
    """Copy an open database into a new self-contained file (rollback journal), synced."""
    target = sqlite3.connect(str(target_path))
    try:
        source.backup(target, pages=256, progress=_adapt(progress))
        # The backup API copies the source's WAL flag; a WAL file needs -wal and -shm files
        # beside it even to be read, which a CD or a write-protected stick cannot hold.
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    fsync_file(target_path)


def _adapt(progress: Progress | None):
    if progress is None:
        return None
    return lambda _status, remaining, total: progress(total - remaining, total)


def fsync_file(path: Path) -> None:
    """Flush a written file to the disk."""
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles)."""
    if os.name == "nt":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def remove_with_sidecars(path: Path) -> None:
    """Delete a database file and its -journal, -wal and -shm files, if any."""
    for name in (str(path), *(f"{path}{suffix}" for suffix in SIDECARS)):
        Path(name).unlink(missing_ok=True)


def make_backup(
    db: Database | sqlite3.Connection,
    folder: Path,
    kind: str = "manual",
    progress: Progress | None = None,
    *,
    taken_at: datetime | None = None,
) -> Path:
    """Copy the live database into ``folder`` and prune old copies of that kind."""
    if kind not in KEEP:
        raise ValueError(kind)
    source = db if isinstance(db, sqlite3.Connection) else db.conn
    folder.mkdir(parents=True, exist_ok=True)
    clean_stale(folder)
    path = _free_name(folder, kind, (taken_at or datetime.now()).strftime("%Y%m%d-%H%M%S"))
    partial = path.with_name(path.name + PARTIAL)
    try:
        copy_database(source, partial, progress)
        os.replace(partial, path)
    except BaseException as exc:
        remove_with_sidecars(partial)
        if isinstance(exc, OSError | sqlite3.Error):
            raise UserError(f"备份失败:无法写入“{folder}”({exc})") from None
        raise
    fsync_dir(folder)
    prune(folder, kind)
    return path


def _free_name(folder: Path, kind: str, stamp: str) -> Path:
    # Copies taken in the same second are numbered after the highest existing one, so
    # that a newer copy never sorts as older (and gets pruned) when earlier ones are gone.
    same = [
        int(m["n"] or 1)
        for m in map(_NAME.match, (p.name for p in folder.glob(f"lawledger-{kind}-{stamp}*.db")))
        if m and m["kind"] == kind and m["stamp"] == stamp
    ]
    counter = max(same, default=0) + 1
    suffix = f"-{counter}" if counter > 1 else ""
    return folder / f"lawledger-{kind}-{stamp}{suffix}.db"


def clean_stale(folder: Path, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove unfinished copies (and their sidecars) left by a backup that was killed.

    Only those untouched for ``older_than`` seconds: a copy being written right now by
    another process (a backup to the same stick) keeps changing.
    """
    removed = []
    now = time.time()
    for path in folder.glob(f"lawledger-*.db{PARTIAL}*"):
        try:
            if now - path.stat().st_mtime > older_than:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def list_backups(folder: Path) -> list[BackupFile]:
    """Complete backups in ``folder``, newest first."""
    found = []
    if folder.is_dir():
        for path in folder.glob("lawledger-*.db"):
            match = _NAME.match(path.name)
            if match and path.is_file():
                taken = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
                found.append((taken, int(match["n"] or 1), BackupFile(path, match["kind"], taken)))
    return [b for _taken, _n, b in sorted(found, key=lambda t: t[:2], reverse=True)]


def prune(folder: Path, kind: str) -> None:
    """Keep only the newest ``KEEP[kind]`` backups of that kind (sidecar files go with them)."""
    same = [b for b in list_backups(folder) if b.kind == kind]
    for old in same[KEEP[kind] :]:
        remove_with_sidecars(old.path)


def automatic_backup(db: Database, folder: Path, today: date | None = None) -> list[Path]:
    """On start: a daily copy once a day, plus weekly and monthly copies when due."""
    today = today or date.today()
    existing = list_backups(folder)
    made: list[Path] = []
    rules = {
        "daily": lambda d: d == today,
        "weekly": lambda d: d.isocalendar()[:2] == today.isocalendar()[:2],
        "monthly": lambda d: (d.year, d.month) == (today.year, today.month),
    }
    taken_at = datetime.combine(today, datetime.now().time())
    for kind, same_period in rules.items():
        if not any(b.kind == kind and same_period(b.taken_at.date()) for b in existing):
            made.append(make_backup(db, folder, kind, taken_at=taken_at))
    return made
