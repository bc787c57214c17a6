"""Schema, created and upgraded through sqlite-utils Migrations.

Each released schema version is one migration function, never edited once released;
tests/fixtures holds a database of every released version to prove the upgrade path.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("lawledger")


def known_names() -> list[str]:
    """Names of the migrations this version knows, in order."""
    return [m.name for m in MIGRATIONS._migrations]


def unknown_applied(conn: sqlite3.Connection) -> list[str]:
    """Applied migrations that this version does not know (the file is newer)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
        [Migrations.migrations_table],
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        f"SELECT name FROM {Migrations.migrations_table} WHERE migration_set = ?",
        [MIGRATIONS.name],
    ).fetchall()
    known = set(known_names())
    return [name for (name,) in rows if name not in known]


def _run_script(db: Database, script: str) -> None:
    """Run DDL statements one by one inside the migration's transaction.

    ``executescript`` would COMMIT the transaction that ``Migrations.apply`` opened,
    leaving half a schema behind if a statement failed.
    """
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


_ITEM_COLUMNS = """
    seq INTEGER NOT NULL DEFAULT 0,
    leader TEXT NOT NULL DEFAULT '',
    lead_dept TEXT NOT NULL DEFAULT '',
    resp_depts TEXT NOT NULL DEFAULT '',
    deadline TEXT,
    status TEXT NOT NULL DEFAULT '未启动',
    completion_date TEXT,
    completion_way TEXT NOT NULL DEFAULT '',
    signoff_date TEXT,
    signoff_by TEXT,
    signoff_remark TEXT,
    last_progress TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
"""


@MIGRATIONS(name="0001_rectification")
def m0001_rectification(db: Database) -> None:
    """Settings, audit log, inspections, problems, measures, progress and evidence."""
    _run_script(
        db,
        f"""
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            os_user TEXT NOT NULL,
            action TEXT NOT NULL,
            record_type TEXT NOT NULL,
            record_id INTEGER,
            summary TEXT NOT NULL DEFAULT '',
            before TEXT,
            after TEXT
        );
        CREATE INDEX audit_log_at ON audit_log(at);
        CREATE INDEX audit_log_record ON audit_log(record_type, record_id);
        CREATE TABLE inspections (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT '巡察',
            body TEXT NOT NULL DEFAULT '',
            onsite_start TEXT,
            onsite_end TEXT,
            feedback_date TEXT,
            plan_doc_no TEXT NOT NULL DEFAULT '',
            report_due TEXT,
            notes TEXT NOT NULL DEFAULT '',
            report_texts TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE problems (
            id INTEGER PRIMARY KEY,
            inspection_id INTEGER NOT NULL REFERENCES inspections(id),
            category TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL,
            own_status TEXT NOT NULL DEFAULT '未启动',
            search_text TEXT NOT NULL DEFAULT '',
            {_ITEM_COLUMNS}
        );
        CREATE INDEX problems_inspection ON problems(inspection_id, seq);
        CREATE INDEX problems_status ON problems(status);
        CREATE INDEX problems_deadline ON problems(deadline);
        CREATE INDEX problems_lead_dept ON problems(lead_dept);
        CREATE INDEX problems_leader ON problems(leader);
        CREATE INDEX problems_category ON problems(category);
        CREATE TABLE measures (
            id INTEGER PRIMARY KEY,
            problem_id INTEGER NOT NULL REFERENCES problems(id),
            content TEXT NOT NULL,
            {_ITEM_COLUMNS}
        );
        CREATE INDEX measures_problem ON measures(problem_id, seq);
        CREATE TABLE progress (
            id INTEGER PRIMARY KEY,
            problem_id INTEGER NOT NULL REFERENCES problems(id),
            measure_id INTEGER REFERENCES measures(id),
            date TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX progress_problem ON progress(problem_id, date);
        CREATE INDEX progress_measure ON progress(measure_id, date);
        CREATE TABLE evidence (
            id INTEGER PRIMARY KEY,
            problem_id INTEGER NOT NULL REFERENCES problems(id),
            measure_id INTEGER REFERENCES measures(id),
            file_name TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            added_at TEXT NOT NULL
        );
        CREATE INDEX evidence_problem ON evidence(problem_id);
        CREATE TABLE evidence_blobs (
            evidence_id INTEGER PRIMARY KEY REFERENCES evidence(id) ON DELETE CASCADE,
            data BLOB NOT NULL
        );
        """,
    )
