"""Restore from a backup: check and upgrade a copy of it, then swap the copy in whole.

The candidate file is never opened for writing: it is read (immutable where possible, so
a backup on a read-only medium works and gains no -wal/-shm files) into a staging copy
beside the live database. The copy must pass SQLite's integrity and foreign-key checks,
carry this application's migrations, be brought up to date, end with exactly the schema
those migrations build (no table, column, index, trigger or view the application did not
create), and hold evidence files whose SHA-256 matches. A ``pre-restore`` backup of the
live data is taken and the restore's audit row is written into the copy; only then is the
copy renamed over the live file (``os.replace``), so a restore is either complete with its
audit row or did not happen. On any refusal the live file is not touched.

The caller closes its connections to the live file before ``StagedRestore.swap`` and opens
a new one afterwards (the renamed file is another file; a connection kept open would still
read the old one and share its -wal/-shm names with the new one).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import UserError
from desktop_app.storage import audit, migrations
from desktop_app.storage.backup import (
    Progress,
    copy_database,
    fsync_dir,
    fsync_file,
    make_backup,
    remove_with_sidecars,
)
from desktop_app.storage.database import (
    NewerDatabaseError,
    as_database,
    inspect_file,
    readonly_uri,
)

NOTHING_CHANGED = "未恢复,当前数据未做任何改动。"
STAGING = ".restore-"  # ``<db name>.restore-<token>.tmp`` beside the live file
_KINDS = {"table": "数据表", "index": "索引", "trigger": "触发器", "view": "视图"}


class RestoreRefused(UserError):
    """The candidate is not a backup this version can restore; nothing was changed."""


@dataclass
class StagedRestore:
    """A checked, upgraded copy with its audit row, ready to replace the live file."""

    live: Path
    staged: Path
    source_name: str
    safety: Path | None

    def swap(self) -> None:
        """Rename the copy over the live file; every connection to it must be closed.

        The live file is first switched out of WAL mode: that fails while any other
        connection is open (so nothing is replaced under a reader) and leaves no -wal whose
        frames would be applied to the new file.
        """
        try:
            _quiesce(self.live)
            os.replace(self.staged, self.live)
        except OSError as exc:
            raise UserError(
                f"无法替换数据库文件“{self.live.name}”({exc});{NOTHING_CHANGED}"
            ) from None
        for suffix in ("-wal", "-shm"):
            Path(f"{self.live}{suffix}").unlink(missing_ok=True)
        fsync_dir(self.live.parent)

    def discard(self) -> None:
        """Remove the staging copy (the restore is abandoned)."""
        remove_with_sidecars(self.staged)


def restore(
    live: Path, source: Path, folder: Path, progress: Progress | None = None
) -> Path | None:
    """Replace the data in ``live`` by the backup ``source``; returns the safety copy.

    Call with every connection to ``live`` closed and the single-writer lock held.
    """
    staged = stage_restore(live, source, folder, progress)
    try:
        staged.swap()
    except BaseException:
        staged.discard()
        raise
    return staged.safety


def stage_restore(
    live: Path, source: Path, folder: Path, progress: Progress | None = None
) -> StagedRestore:
    """Check ``source`` on a copy, upgrade it, back up ``live``, and log the restore in the copy.

    Raises RestoreRefused (a Chinese sentence naming what is wrong and saying that nothing
    changed) without touching ``live``. The single-writer lock must be held.
    """
    live, source = Path(live), Path(source)
    state = inspect_file(live)  # another program's file is not replaced either
    clean_staging(live)
    _check_candidate_file(source)
    staged = live.with_name(f"{live.name}{STAGING}{uuid.uuid4().hex[:8]}.tmp")
    safety: Path | None = None
    try:
        conn = _copy_candidate(source, staged, progress)
        try:
            _check_copy(conn, source.name)
            if state == "ours":
                safety = _safety_copy(live, folder)
            _log_restore(conn, source.name, safety)
        finally:
            conn.close()
        fsync_file(staged)
    except BaseException:
        remove_with_sidecars(staged)
        if safety is not None:
            safety.unlink(missing_ok=True)
        raise
    return StagedRestore(live, staged, source.name, safety)


def clean_staging(live: Path) -> None:
    """Remove staging copies left by a restore that was killed (the lock is held)."""
    for path in live.parent.glob(f"{live.name}{STAGING}*.tmp*"):
        path.unlink(missing_ok=True)


def _refused(name: str, reason: str) -> RestoreRefused:
    return RestoreRefused(f"备份文件“{name}”{reason}。{NOTHING_CHANGED}")


def _check_candidate_file(source: Path) -> None:
    if not source.is_file():
        raise RestoreRefused(f"找不到备份文件“{source}”。{NOTHING_CHANGED}")
    size = source.stat().st_size
    if size == 0:
        raise _refused(source.name, "是空文件(0 字节),不是法治台账的备份")
    with source.open("rb") as handle:
        header = handle.read(16)
    if header != b"SQLite format 3\x00":
        raise _refused(source.name, "不是法治台账的数据库文件(不是 SQLite 数据库,或已损坏)")


def _copy_candidate(source: Path, staged: Path, progress: Progress | None) -> sqlite3.Connection:
    """The candidate read into ``staged`` (rollback journal), opened with foreign keys on."""
    try:
        reader = sqlite3.connect(readonly_uri(source), uri=True)
        try:
            copy_database(reader, staged, progress)
        finally:
            reader.close()
        conn = sqlite3.connect(str(staged))
        conn.execute("PRAGMA foreign_keys = ON")
        return conn
    except sqlite3.DatabaseError as exc:
        raise _refused(source.name, f"已损坏,无法读取(SQLite:{exc})") from None


def _check_copy(conn: sqlite3.Connection, name: str) -> None:
    """Every check on the staged copy; it is upgraded in between."""
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
        if problems != ["ok"]:
            raise _refused(name, f"已损坏(完整性检查:{';'.join(problems[:3])})")
        applied = migrations.applied_names(conn)
        unknown = migrations.unknown_applied(conn)
    except sqlite3.DatabaseError as exc:
        raise _refused(name, f"已损坏,无法读取(SQLite:{exc})") from None
    if unknown:
        raise NewerDatabaseError(
            f"备份文件“{name}”由更高版本的法治台账创建(含结构版本 {', '.join(unknown)}),"
            f"本版本无法恢复它。{NOTHING_CHANGED}"
        )
    if not applied:
        raise _refused(name, "不是法治台账的数据库(其中没有法治台账的结构版本记录)")
    try:
        migrations.apply(as_database(conn))
    except Exception as exc:
        raise _refused(name, f"无法升级到本版本的结构({exc})") from None
    try:
        differences = schema_differences(schema_of(conn), reference_schema())
        if differences:
            raise _refused(name, f"的结构与本版本的法治台账不同:{';'.join(differences[:5])}")
        _check_foreign_keys(conn, name)
        _check_evidence(conn, name)
    except sqlite3.DatabaseError as exc:
        raise _refused(name, f"已损坏,无法读取(SQLite:{exc})") from None


# -- schema --------------------------------------------------------------------
def schema_of(conn: sqlite3.Connection) -> dict[tuple[str, str], Any]:
    """Every table (columns, foreign keys), index (columns, uniqueness), trigger and view."""
    found: dict[tuple[str, str], Any] = {}
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master"
        " WHERE substr(name, 1, 7) != 'sqlite_' ORDER BY type, name"
    ).fetchall()
    for kind, name, table, sql in rows:
        if kind == "table":
            columns = conn.execute("SELECT * FROM pragma_table_xinfo(?)", [name]).fetchall()
            keys = conn.execute("SELECT * FROM pragma_foreign_key_list(?)", [name]).fetchall()
            found[(kind, name)] = (
                tuple(tuple(c[1:]) for c in columns),
                tuple(sorted(tuple(k[2:]) for k in keys)),
            )
        elif kind == "index":
            columns = conn.execute("SELECT * FROM pragma_index_xinfo(?)", [name]).fetchall()
            flags = conn.execute(
                'SELECT "unique", partial FROM pragma_index_list(?) WHERE name = ?', [table, name]
            ).fetchone()
            found[(kind, name)] = (table, tuple(tuple(c[1:]) for c in columns), flags)
        else:
            found[(kind, name)] = (table, _normalised(sql))
    return found


def _normalised(sql: str | None) -> str:
    text = (sql or "").lower()
    for quote in '[]"`':
        text = text.replace(quote, "")
    return " ".join(text.split())


def reference_schema() -> dict[tuple[str, str], Any]:
    """The schema this version's migrations build, on a fresh in-memory database."""
    conn = sqlite3.connect(":memory:")
    try:
        migrations.apply(as_database(conn))
        return schema_of(conn)
    finally:
        conn.close()


def schema_differences(
    found: dict[tuple[str, str], Any], wanted: dict[tuple[str, str], Any]
) -> list[str]:
    """What ``found`` lacks, has extra or has different, in Chinese, sorted."""
    notes = [f"缺少{_KINDS[kind]}“{name}”" for kind, name in sorted(wanted.keys() - found.keys())]
    notes += [
        f"多出{_KINDS.get(kind, kind)}“{name}”(不是法治台账创建的)"
        for kind, name in sorted(found.keys() - wanted.keys())
    ]
    for key in sorted(found.keys() & wanted.keys()):
        if found[key] != wanted[key]:
            kind, name = key
            detail = _column_difference(found[key], wanted[key]) if kind == "table" else ""
            notes.append(f"{_KINDS[kind]}“{name}”与本版本不同{detail}")
    return notes


def _column_difference(found: tuple, wanted: tuple) -> str:
    have = {c[0] for c in found[0]}
    need = {c[0] for c in wanted[0]}
    parts = []
    if need - have:
        parts.append("缺少列 " + "、".join(sorted(need - have)))
    if have - need:
        parts.append("多出列 " + "、".join(sorted(have - need)))
    return f"({','.join(parts)})" if parts else "(列的定义或外键不同)"


# -- data ----------------------------------------------------------------------
def _check_foreign_keys(conn: sqlite3.Connection, name: str) -> None:
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise _refused(
            name,
            f"中的记录引用了不存在的记录(数据表 {'、'.join(tables)},共 {len(broken)} 处)",
        )


def _check_evidence(conn: sqlite3.Connection, name: str) -> None:
    """Each evidence file's bytes match its recorded size and SHA-256 (read in pieces)."""
    rows = conn.execute(
        "SELECT e.id, e.file_name, e.size, e.sha256, b.evidence_id FROM evidence e"
        " LEFT JOIN evidence_blobs b ON b.evidence_id = e.id ORDER BY e.id"
    ).fetchall()
    for evidence_id, file_name, size, recorded, blob_id in rows:
        if blob_id is None:
            raise _refused(name, f"中佐证材料“{file_name}”的文件内容缺失")
        digest, length = hashlib.sha256(), 0
        with conn.blobopen("evidence_blobs", "data", evidence_id, readonly=True) as blob:
            while chunk := blob.read(1 << 20):
                digest.update(chunk)
                length += len(chunk)
        if length != size or digest.hexdigest() != (recorded or "").lower():
            raise _refused(name, f"中佐证材料“{file_name}”的内容与记录的校验值不符")


# -- the live side ---------------------------------------------------------------
def _safety_copy(live: Path, folder: Path) -> Path:
    """A ``pre-restore`` backup of the live data."""
    conn = sqlite3.connect(str(live), timeout=10)
    try:
        return make_backup(conn, folder, "pre-restore")
    finally:
        conn.close()


def _log_restore(conn: sqlite3.Connection, name: str, safety: Path | None) -> None:
    """The restore's audit row, written into the copy before it is swapped in."""
    db = as_database(conn)
    summary = f"从备份“{name}”恢复"
    if safety is not None:
        summary += f";恢复前的数据已另存为“{safety.name}”"
    with db.atomic():
        audit.record(
            db,
            "restore",
            "database",
            None,
            after={"backup": name, "safety_copy": safety.name if safety else None},
            summary=summary,
        )


def _quiesce(live: Path) -> None:
    """Fold the live file's WAL into it and prove that no other connection is open."""
    if not live.exists() or live.stat().st_size == 0:
        return
    conn = sqlite3.connect(str(live), timeout=2)
    try:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError:
        mode = "busy"
    finally:
        conn.close()
    if mode != "delete":
        raise UserError(
            f"数据库“{live.name}”正被另一个程序或操作使用(例如正在导出或备份),请稍后再试。"
            f"{NOTHING_CHANGED}"
        )
