"""Backups through SQLite's backup API, with daily/weekly/monthly rotation, and restore."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.errors import UserError
from desktop_app.storage import audit

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


def _copy(source: sqlite3.Connection, target_path: Path, progress=None) -> None:
    target = sqlite3.connect(str(target_path))
    try:
        with target:
            source.backup(target, pages=256, progress=_adapt(progress))
    finally:
        target.close()


def _adapt(progress):
    if progress is None:
        return None
    return lambda _status, remaining, total: progress(total - remaining, total)


def make_backup(
    db: Database,
    folder: Path,
    kind: str = "manual",
    progress=None,
    *,
    taken_at: datetime | None = None,
) -> Path:
    """Copy the live database into ``folder`` and prune old copies of that kind."""
    if kind not in KEEP:
        raise ValueError(kind)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (taken_at or datetime.now()).strftime("%Y%m%d-%H%M%S")
    # Copies taken in the same second are numbered after the highest existing one, so
    # that a newer copy never sorts as older (and gets pruned) when earlier ones are gone.
    same = [
        int(m["n"] or 1)
        for m in map(_NAME.match, (p.name for p in folder.glob(f"lawledger-{kind}-{stamp}*.db")))
        if m and m["kind"] == kind and m["stamp"] == stamp
    ]
    counter = max(same, default=0) + 1
    suffix = f"-{counter}" if counter > 1 else ""
    path = folder / f"lawledger-{kind}-{stamp}{suffix}.db"
    try:
        _copy(db.conn, path, progress)
    except (OSError, sqlite3.Error) as exc:
        path.unlink(missing_ok=True)
        raise UserError(f"备份失败:无法写入“{folder}”({exc})") from None
    prune(folder, kind)
    return path


def list_backups(folder: Path) -> list[BackupFile]:
    """Backups in ``folder``, newest first."""
    found = []
    if folder.is_dir():
        for path in folder.glob("lawledger-*.db"):
            match = _NAME.match(path.name)
            if match:
                taken = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
                found.append((taken, int(match["n"] or 1), BackupFile(path, match["kind"], taken)))
    return [b for _taken, _n, b in sorted(found, key=lambda t: t[:2], reverse=True)]


def prune(folder: Path, kind: str) -> None:
    """Keep only the newest ``KEEP[kind]`` backups of that kind."""
    same = [b for b in list_backups(folder) if b.kind == kind]
    for old in same[KEEP[kind] :]:
        old.path.unlink(missing_ok=True)


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


def restore(db: Database, backup_path: Path, folder: Path, progress=None) -> Path:
    """Replace the live data with a backup; the current state is backed up first.

    Returns the path of the pre-restore safety copy. The restore is logged in the
    restored database's audit log.
    """
    backup_path = Path(backup_path)
    _check_backup(backup_path)
    safety = make_backup(db, folder, "pre-restore")
    source = sqlite3.connect(f"{backup_path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        source.backup(db.conn, pages=256, progress=_adapt(progress))
    finally:
        source.close()
    from desktop_app.storage import migrations

    migrations.apply(db)  # a backup from an older version is brought up to date
    with db.atomic():
        audit.record(
            db,
            "restore",
            "database",
            None,
            after={"backup": backup_path.name, "safety_copy": safety.name},
            summary=f"从备份“{backup_path.name}”恢复;恢复前的数据已另存为“{safety.name}”",
        )
    return safety


def _check_backup(path: Path) -> None:
    from desktop_app.storage.database import check_is_sqlite, refuse_newer

    if not path.is_file():
        raise UserError(f"找不到备份文件“{path}”")
    check_is_sqlite(path)
    refuse_newer(path)
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        has_schema = conn.execute("SELECT 1 FROM sqlite_master WHERE name='inspections'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise UserError(f"备份文件“{path.name}”已损坏:{exc}") from None
    finally:
        conn.close()
    if result != "ok" or not has_schema:
        raise UserError(f"备份文件“{path.name}”不是完整的法治台账数据库,未恢复")
