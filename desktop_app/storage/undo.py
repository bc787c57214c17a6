"""Undo of the clerk's own changes, one committed transaction at a time.

SQLite's undo technique (https://www.sqlite.org/undoredo.html), with exact values: TEMP
triggers on the write connection note every row an application table gains, loses or
changes (the row as it was, in a TEMP table of the same columns, so that blobs, reals and
full ID numbers are kept as they are; the audit log only holds ID numbers masked). Nothing
is added to the user's file: the triggers and the notes live in the connection's temp
schema, in memory, and are gone when the window closes (the stack is per session).

Each outermost ``TrackingDatabase.atomic()`` that changed rows is one step, named from the
audit rows it wrote ("修改人员“张三”"). Undo replays the inverse of the top step in one
transaction with an ``undo`` audit row; the step leaves the stack. Only the top step can be
undone, so a step is never undone under a later change of its rows.

An import is written by a background connection the triggers do not see: the stack learns
of it from its audit rows and undoes it as a batch (``storage/imports.undo_batch``). Any other
change made outside this connection (the demo, a restore) ends the stack, as does a step
that touches a sealed table (draw records refuse every change, so they cannot be undone).
Exports write only an audit row, which is not a change of the data: never a step.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from desktop_app.domain.errors import UserError

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.storage.changes import Changes

log = logging.getLogger(__name__)

MAX_STEPS = 100
LABEL_CHARS = 24
LOG = "temp.undo_log"
STATE = "temp.undo_state"
# Tables that are history rather than data: never put back (an import's list of rows), or
# only the fact that a batch was undone (so that undoing the wizard's 撤销导入 brings it back).
UNTRACKED = frozenset({"audit_log", "import_batch_rows", "_sqlite_migrations"})
UPDATES_ONLY = {"import_batches": ("undone_at",)}
MEMORY_PREFIX = "imports.memory."  # remembered column mappings: a preference, kept on undo
ROW_FILTERS = {"settings": f"substr({{row}}.key, 1, {len(MEMORY_PREFIX)}) <> '{MEMORY_PREFIX}'"}
NOTHING = "没有可以撤销的操作"
# A sign-off's audit summary is its remark: the menu names the problem or measure instead.
NAMED_BY_RECORD = frozenset({"signoff", "reopen"})
NAME_COLUMNS = {"problem": ("problems", "description"), "measure": ("measures", "content")}


@dataclass(frozen=True)
class Step:
    """One undoable action: the span of the change log it wrote, or an import batch."""

    label: str  # what the menu names: "修改问题“制度建设不健全”"
    record_type: str  # of its main audit row: the undo's audit row names the same record
    record_id: int | None
    audit_ids: tuple[int, ...]
    first: int = 0  # first and last note of the change log (inclusive)
    last: int = -1
    batch_id: int | None = None  # an import, undone as a batch


@dataclass(frozen=True)
class _TableSql:
    """The statements that put one table's rows back."""

    delete: str  # the inverse of an insert: parameter rowid
    update: str  # the inverse of an update: parameters note seq, rowid
    insert: str  # the inverse of a delete: parameter note seq


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


class UndoStack:
    """The session's undo steps on one connection (the GUI thread's write connection)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.steps: list[Step] = []
        self.ended = ""  # why earlier steps can no longer be undone, when they were dropped
        self._tables: dict[str, _TableSql] = {}
        self._sealed: frozenset[str] = frozenset()
        self._installed = False
        self._busy = False
        self._broken = False
        self._accounted = 0  # the last note that belongs to a step (or was dropped)
        self._audit_seen = self._last_audit()
        self._start_note = 0
        self._start_audit = 0

    # -- what the menu shows ------------------------------------------------------------
    def top(self) -> Step | None:
        """The step Ctrl+Z would undo now (after taking in changes made elsewhere)."""
        self._guarded(self.sync)
        return self.steps[-1] if self.steps else None

    def menu_text(self) -> str:
        """The 编辑 menu's entry: "撤销 <what>", or "撤销" when there is nothing."""
        step = self.top()
        return f"撤销 {step.label}" if step else "撤销"

    # -- recording (TrackingDatabase calls these around its outermost transaction) -------
    def begin(self) -> None:
        """A transaction is about to start: triggers in place, outside changes taken in."""
        self._guarded(self._begin)

    def committed(self) -> None:
        """The transaction committed: what it changed becomes a step (if anything)."""
        self._guarded(self._committed)

    def _guarded(self, work: Any) -> None:
        """Run ``work``; a failure turns undo off for the session, never fails the write."""
        if self._broken:
            return
        try:
            work()
        except sqlite3.Error:
            log.exception("undo stopped")
            self._broken = True
            self.steps.clear()
            self.ended = "撤销功能出错,本次运行中已停用(详见日志);数据不受影响"
            with contextlib.suppress(sqlite3.Error):  # the triggers note nothing more
                self._outside_transaction(
                    lambda: self.conn.execute(f"UPDATE {STATE} SET recording = 0")
                )

    def _begin(self) -> None:
        if self._busy:
            return
        self._install()
        self.sync()
        self._start_note = self._last_note()
        self._start_audit = self._last_audit()

    def _committed(self) -> None:
        if self._busy or not self._installed:
            return
        last_note, last_audit = self._last_note(), self._last_audit()
        self._audit_seen = max(self._audit_seen, last_audit)
        if last_note <= self._start_note:
            return  # no data changed (an export's audit row, a failed check)
        rows = self._audit_rows(self._start_audit, last_audit)
        first = self._start_note + 1
        self._accounted = last_note
        tables = self._tables_between(first, last_note)
        step = self._named(rows, first=first, last=last_note)
        if tables & self._sealed:
            self.clear(f"“{step.label}”是抽取记录,保存后不能撤销,此前的操作也不能再撤销")
            return
        self._push(step)

    # -- undo ---------------------------------------------------------------------------
    def undo(self, db: Database) -> Step:
        """Undo the top step in one transaction with its audit row; returns it.

        Refusals (nothing to undo, a batch that cannot be undone) are UserErrors in Chinese,
        with nothing changed.
        """
        step = self.top()
        if step is None:
            raise UserError(NOTHING)
        self._busy = True
        try:
            with db.atomic():
                self._set_recording(db, on=False)
                if step.batch_id is not None:
                    from desktop_app.storage import imports

                    imports.undo_batch(db, step.batch_id, force=True)
                else:
                    db.execute("PRAGMA defer_foreign_keys = ON")  # rows come back in any order
                    self._replay(db, step)
                self._log_undo(db, step)
                if step.last >= step.first:
                    self._forget(db, step.first)
                self._set_recording(db, on=True)
        except (sqlite3.Error, UserError) as exc:
            self._busy = False
            self.clear(f"“{step.label}”无法撤销,此前的操作也不能再撤销")
            raise UserError(
                f"无法撤销“{step.label}”:{exc}。数据未做任何改动;此前的操作也不能再撤销。"
            ) from None
        finally:
            self._busy = False
        self.steps.pop()
        self._accounted = self._last_note()  # the notes left all belong to earlier steps
        self._audit_seen = max(self._audit_seen, self._last_audit())
        return step

    def clear(self, reason: str = "") -> None:
        """Drop every step (after a restore, the demo, a change made elsewhere)."""
        self.steps.clear()
        self.ended = reason
        if self._installed:
            self._outside_transaction(self._forget_all)
        self._accounted = self._last_note()
        self._audit_seen = self._last_audit()

    # -- changes made elsewhere -------------------------------------------------------------
    def sync(self) -> None:
        """Take in what other connections wrote since: an import becomes a step; anything
        else (the demo, a restore) ends the stack. Exports change no data and are ignored."""
        if self._busy:
            return
        if self._installed and self._last_note() > self._accounted:
            self.clear("有未经本窗口记录的改动,此前的操作不能再撤销")
            return
        last = self._last_audit()
        if last == self._audit_seen:
            return
        if last < self._audit_seen:  # another file (a restore): its history is not ours
            self.clear("数据库已从备份恢复,此前的操作不能再撤销")
            return
        rows = self._audit_rows(self._audit_seen, last)
        self._audit_seen = last
        batches = [r for r in rows if self._is_batch(r)]
        batch_ids = {r["record_id"] for r in batches}
        other = [r for r in rows if r["action"] != "export" and r["batch_id"] not in batch_ids]
        if other:
            self.clear("数据在本窗口之外被改动(如载入示例数据),此前的操作不能再撤销")
            return
        for row in batches:
            self._push(self._import_step(row, rows))

    def _import_step(self, row: dict[str, Any], rows: list[dict[str, Any]]) -> Step:
        batch = int(row["record_id"])
        ids = tuple(r["id"] for r in rows if r["batch_id"] == batch)
        return Step(
            self._import_label(batch), "database", batch, ids or (row["id"],), batch_id=batch
        )

    def _is_batch(self, row: dict[str, Any]) -> bool:
        """An import's own audit row, naming its batch (the demo's names none)."""
        if row["action"] != "import" or row["record_type"] != "database":
            return False
        found = self.conn.execute(
            "SELECT 1 FROM import_batches WHERE id = ?", [row["record_id"]]
        ).fetchone()
        return found is not None

    def _import_label(self, batch: int) -> str:
        """ "导入第3批(问题清单.xlsx)"."""
        found = self.conn.execute(
            "SELECT source FROM import_batches WHERE id = ?", [batch]
        ).fetchone()
        source = PurePath(found[0]).name if found and found[0] else ""
        return f"导入第{batch}批" + (f"({_short(source)})" if source else "")

    def _named(self, rows: list[dict[str, Any]], *, first: int, last: int) -> Step:
        """The step of a transaction, named from its audit rows (the last one is the action's
        main record: a problem deleted after its measures); an import is undone as its batch."""
        from desktop_app.storage import audit

        if not rows:
            return Step("上一项修改", "database", None, (), first, last)
        ids = tuple(r["id"] for r in rows)
        main = next((r for r in rows if r["action"] == "import"), rows[-1])
        if self._is_batch(main):
            batch = int(main["record_id"])
            return Step(self._import_label(batch), "database", batch, ids, first, last, batch)
        action = audit.ACTIONS.get(main["action"], main["action"])
        summary = _short(main["summary"] or "")
        if main["record_type"] == "database":
            label = summary or action
        else:
            kind = audit.RECORD_TYPES.get(main["record_type"], main["record_type"])
            name = self._record_name(main["record_type"], main["record_id"], main["action"])
            label = f"{action}{kind}“{name or summary}”" if name or summary else f"{action}{kind}"
        return Step(label, main["record_type"], main["record_id"], ids, first, last)

    def _record_name(self, record_type: str, record_id: int | None, action: str) -> str:
        """What a sign-off names: the record itself (its audit summary is the remark)."""
        column = NAME_COLUMNS.get(record_type)
        if action not in NAMED_BY_RECORD or column is None or record_id is None:
            return ""
        table, name = column
        found = self.conn.execute(
            f"SELECT {name} FROM {table} WHERE id = ?", [record_id]
        ).fetchone()
        return _short(found[0]) if found and found[0] else ""

    # -- the change log -----------------------------------------------------------------------
    def _install(self) -> None:
        """Create the change log and the triggers on first use (temp schema, in memory)."""
        if self._installed:
            return
        conn = self.conn
        if not conn.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0]:
            conn.execute("PRAGMA temp_store = MEMORY")  # (changing it drops temp objects)
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS undo_log (seq INTEGER PRIMARY KEY,"
            " tbl TEXT NOT NULL, op TEXT NOT NULL, rid INTEGER NOT NULL)"
        )
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS undo_state (recording INTEGER NOT NULL)")
        self._outside_transaction(
            lambda: (
                conn.execute(f"DELETE FROM {STATE}"),
                conn.execute(f"INSERT INTO {STATE} VALUES (1)"),
            )
        )
        for table in _tracked_tables(conn):
            self._tables[table] = _track(conn, table)
        self._sealed = _sealed_tables(conn)
        self._installed = True
        self._accounted = self._last_note()

    def _replay(self, db: Database, step: Step) -> None:
        """Put back, newest first, every row the step changed; tell the pages."""
        from desktop_app.storage.changes import AUDIT_TABLE, Changes

        notes = db.execute(
            f"SELECT seq, tbl, op, rid FROM {LOG} WHERE seq BETWEEN ? AND ? ORDER BY seq DESC",
            [step.first, step.last],
        ).fetchall()
        tables: set[str] = {AUDIT_TABLE}
        records: set[tuple[str, int]] = set()
        for seq, table, op, rid in notes:
            sql = self._tables[table]
            if op == "insert":
                db.execute(sql.delete, [rid])
            elif op == "update":
                db.execute(sql.update, [seq, rid])
            else:
                db.execute(sql.insert, [seq])
            tables.add(table)
            records.add((table, rid))
        changes = Changes(frozenset(tables), frozenset(records))
        _note(db, Changes.all() if "settings" in tables else changes)

    def _log_undo(self, db: Database, step: Step) -> None:
        from desktop_app.storage import audit

        kind = step.record_type if step.record_type in audit.RECORD_TYPES else "database"
        audit.record(
            db,
            "undo",
            kind,
            step.record_id,
            after={"undone": step.label, "audit_ids": list(step.audit_ids)},
            summary=f"撤销 {step.label}",
        )

    def _push(self, step: Step) -> None:
        self.steps.append(step)
        self.ended = ""
        if len(self.steps) > MAX_STEPS:
            dropped = self.steps.pop(0)
            if dropped.batch_id is None:
                self._outside_transaction(lambda: self._forget_through(dropped.last))

    def _forget(self, db: Database, first: int) -> None:
        """Drop the notes from ``first`` on (the undone step's), inside the undo."""
        db.execute(f"DELETE FROM {LOG} WHERE seq >= ?", [first])
        for table in self._tables:
            db.execute(f"DELETE FROM temp.{_quote(_rows_table(table))} WHERE seq >= ?", [first])

    def _forget_through(self, last: int) -> None:
        self.conn.execute(f"DELETE FROM {LOG} WHERE seq <= ?", [last])
        for table in self._tables:
            self.conn.execute(
                f"DELETE FROM temp.{_quote(_rows_table(table))} WHERE seq <= ?", [last]
            )

    def _forget_all(self) -> None:
        self._forget_through(self._last_note())

    def _set_recording(self, db: Database, *, on: bool) -> None:
        if not self._installed:  # an import undone before this connection wrote anything
            return
        db.execute(f"UPDATE {STATE} SET recording = ?", [1 if on else 0])

    def _outside_transaction(self, work: Any) -> None:
        """Run temp-table writes; commit the implicit transaction sqlite3 opens for them."""
        opened = not self.conn.in_transaction
        work()
        if opened and self.conn.in_transaction:
            self.conn.commit()

    def _tables_between(self, first: int, last: int) -> set[str]:
        return {
            r[0]
            for r in self.conn.execute(
                f"SELECT DISTINCT tbl FROM {LOG} WHERE seq BETWEEN ? AND ?", [first, last]
            )
        }

    def _last_note(self) -> int:
        if not self._installed:
            return 0
        return int(self.conn.execute(f"SELECT COALESCE(MAX(seq), 0) FROM {LOG}").fetchone()[0])

    def _last_audit(self) -> int:
        return int(self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetchone()[0])

    def _audit_rows(self, after: int, through: int) -> list[dict[str, Any]]:
        cursor = self.conn.execute(
            "SELECT id, action, record_type, record_id, summary, batch_id FROM audit_log"
            " WHERE id > ? AND id <= ? ORDER BY id",
            [after, through],
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _note(db: Database, changes: Changes) -> None:
    note = getattr(db, "note_change", None)
    if note is not None:
        note(changes)


def _rows_table(table: str) -> str:
    return f"undo_rows_{table}"


def _tracked_tables(conn: sqlite3.Connection) -> list[str]:
    """The application's data tables: not the audit log, SQLite's own or FTS index tables."""
    rows = conn.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'table'").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    return [
        name
        for name, _sql in rows
        if not name.startswith("sqlite_")
        and name not in UNTRACKED
        and name not in virtual
        and not any(name.startswith(f"{v}_") for v in virtual)
    ]


def _sealed_tables(conn: sqlite3.Connection) -> frozenset[str]:
    """Tables whose own triggers refuse changes (draw records): their rows cannot go back."""
    rows = conn.execute("SELECT tbl_name, sql FROM main.sqlite_master WHERE type = 'trigger'")
    return frozenset(table for table, sql in rows if "RAISE(" in (sql or "").upper())


def _track(conn: sqlite3.Connection, table: str) -> _TableSql:
    """Create ``table``'s note table and triggers; the statements that put its rows back."""
    info = conn.execute(f"PRAGMA main.table_info({_quote(table)})").fetchall()
    columns = [row[1] for row in info]
    keys = [row for row in info if row[5]]
    alias = len(keys) == 1 and str(keys[0][2]).upper() == "INTEGER"  # id is the rowid
    stored = [f"c{i}" for i in range(len(columns))]
    rows, name, quoted = _quote(_rows_table(table)), _quote(table), [_quote(c) for c in columns]
    conn.execute(f"DROP TABLE IF EXISTS temp.{rows}")
    conn.execute(f"CREATE TEMP TABLE {rows} (seq INTEGER PRIMARY KEY, {', '.join(stored)})")
    olds = ", ".join(f"old.{c}" for c in quoted)
    row_filter = ROW_FILTERS.get(table, "")
    ops = {"update"} if table in UPDATES_ONLY else {"insert", "update", "delete"}
    for op in ("insert", "update", "delete"):
        trigger = _quote(f"undo_{table}_{op}")
        conn.execute(f"DROP TRIGGER IF EXISTS temp.{trigger}")
        if op not in ops:
            continue
        row = "new" if op == "insert" else "old"
        when = f"(SELECT recording FROM {STATE})"
        if row_filter:
            when += " AND " + row_filter.format(row=row)
        of = f" OF {', '.join(map(_quote, UPDATES_ONLY[table]))}" if table in UPDATES_ONLY else ""
        rid = "new.rowid" if op != "delete" else "old.rowid"
        # Inside a trigger the tables written are named bare (a temp trigger finds temp's).
        body = f"INSERT INTO undo_log (tbl, op, rid) VALUES ('{table}', '{op}', {rid});"
        if op != "insert":
            body += f" INSERT INTO {rows} VALUES (last_insert_rowid(), {olds});"
        conn.execute(
            f"CREATE TEMP TRIGGER {trigger} AFTER {op.upper()}{of if op == 'update' else ''}"
            f" ON main.{name} WHEN {when} BEGIN {body} END"
        )
    targets = ", ".join(quoted)
    values = ", ".join(stored)
    if alias:
        insert = (
            f"INSERT INTO main.{name} ({targets}) SELECT {values} FROM temp.{rows} WHERE seq = ?"
        )
    else:
        rowid = f"(SELECT rid FROM {LOG} WHERE seq = ?1)"
        insert = (
            f"INSERT INTO main.{name} (rowid, {targets}) SELECT {rowid}, {values}"
            f" FROM temp.{rows} WHERE seq = ?1"
        )
    return _TableSql(
        delete=f"DELETE FROM main.{name} WHERE rowid = ?",
        update=f"UPDATE main.{name} SET ({targets}) = (SELECT {values} FROM temp.{rows}"
        " WHERE seq = ?1) WHERE rowid = ?2",
        insert=insert,
    )
