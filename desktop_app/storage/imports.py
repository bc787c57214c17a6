"""Imports in storage: lookups by stable key, the batch an import writes, and its undo.

An import writes in one transaction. Every row it creates or changes is listed in
``import_batch_rows`` (with the row as it was before a change), and every audit row it
wrote carries the batch id, so that ``undo_batch`` can put the database back as one action.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.domain.errors import UserError
from desktop_app.registers import record_tables
from desktop_app.storage import audit

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.storage.database import Reader

MEMORY_PREFIX = "imports.memory."
LAWS = "__laws"  # a session's laws, kept with its row in the batch
RECORD_TYPES = {
    "inspections": "inspection",
    "problems": "problem",
    "measures": "measure",
    "progress": "progress",
    "persons": "person",
    "certificates": "certificate",
    "training_sessions": "training_session",
    "training_attendance": "attendance",
}
RECORD_TYPES.update({table: kind for kind, table in record_tables().items()})  # the manifest's


def rows_of(db: Reader, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """Rows of a query as dicts."""
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# -- lookups by stable key -----------------------------------------------------------------
def find_inspection(db: Reader, name: str) -> dict[str, Any] | None:
    """The inspection of that name (the latest when several share it)."""
    found = rows_of(db, "SELECT * FROM inspections WHERE name = ? ORDER BY id DESC", [name])
    return found[0] if found else None


def inspection_row(db: Reader, inspection_id: int) -> dict[str, Any] | None:
    """One inspection row."""
    found = rows_of(db, "SELECT * FROM inspections WHERE id = ?", [inspection_id])
    return found[0] if found else None


def problems_of(db: Reader, inspection_id: int) -> list[dict[str, Any]]:
    """Every problem row of an inspection, in sequence."""
    return rows_of(
        db, "SELECT * FROM problems WHERE inspection_id = ? ORDER BY seq, id", [inspection_id]
    )


def measures_of(db: Reader, inspection_id: int) -> dict[int, list[dict[str, Any]]]:
    """Measure rows of an inspection's problems, by problem id."""
    found: dict[int, list[dict[str, Any]]] = {}
    for row in rows_of(
        db,
        "SELECT m.* FROM measures m JOIN problems p ON p.id = m.problem_id"
        " WHERE p.inspection_id = ? ORDER BY m.seq, m.id",
        [inspection_id],
    ):
        found.setdefault(row["problem_id"], []).append(row)
    return found


def progress_texts(db: Reader, inspection_id: int) -> set[tuple[int, int | None, str]]:
    """(problem, measure, text) of every progress entry under an inspection."""
    return {
        (r[0], r[1], r[2])
        for r in db.execute(
            "SELECT g.problem_id, g.measure_id, g.text FROM progress g"
            " JOIN problems p ON p.id = g.problem_id WHERE p.inspection_id = ?",
            [inspection_id],
        ).fetchall()
    }


def persons(db: Reader) -> list[dict[str, Any]]:
    """Every person row (the roster is small: thousands at most)."""
    return rows_of(db, "SELECT * FROM persons ORDER BY id", [])


def certificates(db: Reader) -> dict[tuple[str, str], dict[str, Any]]:
    """Every certificate row by (kind, number)."""
    return {(r["kind"], r["number"]): r for r in rows_of(db, "SELECT * FROM certificates", [])}


def sessions(db: Reader) -> dict[tuple[str, str], dict[str, Any]]:
    """Every training session row by (date, title)."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows_of(db, "SELECT * FROM training_sessions ORDER BY id", []):
        found.setdefault((row["date"], row["title"]), row)
    return found


def session_laws(db: Reader, session_id: int) -> list[str]:
    """The laws studied at a session, in order."""
    return [
        r[0]
        for r in db.execute(
            "SELECT law FROM training_laws WHERE session_id = ? ORDER BY seq, id", [session_id]
        ).fetchall()
    ]


def attendance(db: Reader) -> dict[tuple[int, int], dict[str, Any]]:
    """Every attendance row by (session, person)."""
    rows = rows_of(db, "SELECT * FROM training_attendance", [])
    return {(r["session_id"], r["person_id"]): r for r in rows}


def insert_certificate(db: Database, cert: Any, summary: str) -> int:
    """An imported certificate as the roster gives it (no 新办 event is invented)."""
    from desktop_app.storage.personnel.rows import certificate_to_row

    stamp = audit.now_text()
    values = {**certificate_to_row(cert), "created_at": stamp, "updated_at": stamp}
    cert.id = db.table("certificates").insert(values).last_pk
    from desktop_app.storage.personnel.repo import PersonnelRepo

    PersonnelRepo(db)._refresh_search(cert.person_id)  # the same search text as a 新办
    audit.record(db, "create", "certificate", cert.id, after=cert, summary=summary)
    return int(cert.id)


def insert_attendance(db: Database, session_id: int, person_id: int, att: Any) -> int:
    """One imported attendance with its own audit row (checked by the caller)."""
    stamp = audit.now_text()
    att.session_id, att.person_id = session_id, person_id
    values = [session_id, person_id, att.status.value, att.hours, att.score, att.remark]
    att.id = db.conn.execute(  # a plain statement: a sign-up list has thousands of rows
        "INSERT INTO training_attendance (session_id, person_id, status, hours, score, remark,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [*values, stamp, stamp],
    ).lastrowid
    name = db.execute("SELECT name FROM persons WHERE id = ?", [person_id]).fetchone()
    audit.record(
        db, "create", "attendance", att.id, after=att, summary=f"导入出勤:{name[0] if name else ''}"
    )
    return int(att.id)


# -- remembered mappings ---------------------------------------------------------------------
def read_memory(db: Reader, name: str) -> dict[str, Any]:
    """What earlier imports remembered under ``name`` (column mappings, value words)."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [MEMORY_PREFIX + name]).fetchone()
    try:
        value = json.loads(row[0]) if row else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def write_memory(db: Database, name: str, value: dict[str, Any]) -> None:
    """Remember ``value`` for the next import (inside the caller's transaction)."""
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [MEMORY_PREFIX + name, json.dumps(value, ensure_ascii=False)],
    )


# -- the batch -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Batch:
    """One import as the undo list shows it."""

    id: int
    at: str
    kind: str
    source: str
    summary: str
    undone_at: str | None


class BatchWriter:
    """Notes every row an import creates or changes, inside the import's transaction."""

    def __init__(self, db: Database, kind: str, source: str) -> None:
        self.db = db
        self.first_audit = _last_audit_id(db)
        self.id = int(
            db.execute(
                "INSERT INTO import_batches (at, os_user, kind, source) VALUES (?, ?, ?, ?)",
                [audit.now_text(), audit.os_user(), kind, source],
            ).lastrowid
            or 0
        )
        self._seen: set[tuple[str, int]] = set()

    def created(self, table: str, record_id: int) -> None:
        """A row the import inserted (undo deletes it)."""
        self._note(table, record_id, None)

    def changing(self, table: str, record_id: int) -> None:
        """Call before the import changes a row (undo puts this state back)."""
        if (table, record_id) in self._seen:
            return
        row = rows_of(self.db, f"SELECT * FROM {table} WHERE id = ?", [record_id])
        if not row:
            return
        if table == "training_sessions":  # its laws are rewritten, its attendees' hours too
            row[0][LAWS] = session_laws(self.db, record_id)
            for (attendance_id,) in self.db.execute(
                "SELECT id FROM training_attendance WHERE session_id = ?", [record_id]
            ).fetchall():
                self.changing("training_attendance", attendance_id)
        self._note(table, record_id, json.dumps(row[0], ensure_ascii=False))

    def _note(self, table: str, record_id: int, before: str | None) -> None:
        if (table, record_id) in self._seen:
            return
        self._seen.add((table, record_id))
        self.db.execute(
            "INSERT INTO import_batch_rows (batch_id, table_name, record_id, before)"
            " VALUES (?, ?, ?, ?)",
            [self.id, table, record_id, before],
        )

    def finish(self, summary: str, counts: dict[str, Any]) -> None:
        """Tag the batch's audit rows, write its summary and one 导入 audit row."""
        audit.record(self.db, "import", "database", self.id, after=counts, summary=summary)
        self.db.execute(
            "UPDATE audit_log SET batch_id = ? WHERE id > ?", [self.id, self.first_audit]
        )
        self.db.execute(
            "UPDATE import_batches SET summary = ?, counts = ? WHERE id = ?",
            [summary, json.dumps(counts, ensure_ascii=False), self.id],
        )


def _last_audit_id(db: Reader) -> int:
    return int(db.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetchone()[0])


def list_batches(db: Reader, limit: int = 50) -> list[Batch]:
    """Recent imports, newest first."""
    rows = db.execute(
        "SELECT id, at, kind, source, summary, undone_at FROM import_batches"
        " ORDER BY id DESC LIMIT ?",
        [limit],
    ).fetchall()
    return [Batch(*row) for row in rows]


def later_changes(db: Reader, batch_id: int) -> int:
    """Audit rows written after the batch that touch rows the batch wrote."""
    last = db.execute(
        "SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE batch_id = ?", [batch_id]
    ).fetchone()[0]
    count = 0
    for table, record_id in db.execute(
        "SELECT table_name, record_id FROM import_batch_rows WHERE batch_id = ?", [batch_id]
    ).fetchall():
        count += db.execute(
            "SELECT count(*) FROM audit_log WHERE id > ? AND record_type = ? AND record_id = ?"
            " AND batch_id IS NOT ? AND COALESCE(batch_id, 0) NOT IN"
            " (SELECT id FROM import_batches WHERE undone_at IS NOT NULL)",
            [last, RECORD_TYPES.get(table, table), record_id, batch_id],
        ).fetchone()[0]
    return count


def check_undo(db: Reader, batch_id: int, *, force: bool = False) -> str:
    """Refuse (UserError) an undo that cannot or should not be done; the batch's source."""
    found = db.execute(
        "SELECT kind, source, undone_at FROM import_batches WHERE id = ?", [batch_id]
    ).fetchone()
    if found is None:
        raise UserError(f"找不到第 {batch_id} 批导入的记录(用 import list 查看有哪些)")
    if found[2]:
        raise UserError(f"第 {batch_id} 批导入(“{found[1]}”)已于 {found[2]} 撤销过")
    changed = later_changes(db, batch_id)
    if changed and not force:
        raise UserError(
            f"导入之后,这些记录又有 {changed} 处修改;撤销导入会一并丢弃这些修改。"
            "如确需撤销,请确认后再试(命令行加 --force)"
        )
    return str(found[1])


def undo_batch(db: Database, batch_id: int, *, force: bool = False) -> str:
    """Put back every row the batch created or changed, in one transaction; returns a summary."""
    source = check_undo(db, batch_id, force=force)
    entries = rows_of(
        db,
        "SELECT table_name, record_id, before FROM import_batch_rows WHERE batch_id = ?"
        " ORDER BY id DESC",
        [batch_id],
    )
    deleted = restored = 0
    try:
        with db.atomic():
            for entry in entries:
                table, record_id = entry["table_name"], entry["record_id"]
                if entry["before"] is None:
                    if table == "training_sessions":
                        db.execute("DELETE FROM training_laws WHERE session_id = ?", [record_id])
                    db.execute(f"DELETE FROM {table} WHERE id = ?", [record_id])
                    deleted += 1
                else:
                    _restore_row(db, table, json.loads(entry["before"]), record_id)
                    restored += 1
            db.execute(
                "UPDATE import_batches SET undone_at = ? WHERE id = ?", [audit.now_text(), batch_id]
            )
            summary = f"撤销导入“{source}”:删除 {deleted} 条新增记录,恢复 {restored} 条被修改的记录"
            audit.record(db, "delete", "database", batch_id, summary=summary)
    except sqlite3.IntegrityError:
        raise UserError(
            "导入之后又在这些记录下添加了进展、佐证材料或出勤等内容,无法整批撤销;请先删除那些内容"
        ) from None
    return summary


def _restore_row(db: Database, table: str, before: dict[str, Any], record_id: int) -> None:
    laws = before.pop(LAWS, None)
    columns = [c for c in before if c != "id"]
    assignments = ", ".join(f"{c} = ?" for c in columns)
    db.execute(
        f"UPDATE {table} SET {assignments} WHERE id = ?", [before[c] for c in columns] + [record_id]
    )
    if laws is not None:
        db.execute("DELETE FROM training_laws WHERE session_id = ?", [record_id])
        for seq, law in enumerate(laws, 1):
            db.execute(
                "INSERT INTO training_laws (session_id, seq, law) VALUES (?, ?, ?)",
                [record_id, seq, law],
            )
