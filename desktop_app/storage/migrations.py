"""Schema, created and upgraded through sqlite-utils Migrations.

Each released schema version is one migration function, never edited once released, and
one entry in ``STEPS``; tests/fixtures holds a database of every released version to prove
the upgrade path. Whether anything is pending is read with plain sqlite3, so opening an
up-to-date file does not load sqlite-utils (its import is the largest part of start-up).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from desktop_app.storage.database import Reader

SET_NAME = "lawledger"
TABLE = "_sqlite_migrations"  # sqlite-utils' Migrations.migrations_table


def known_names() -> list[str]:
    """Names of the migrations this version knows, in order."""
    return list(STEPS)


def applied_names(conn: Reader) -> list[str]:
    """Names of this application's migrations recorded in the file."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [TABLE]
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        f"SELECT name FROM {TABLE} WHERE migration_set = ? ORDER BY id", [SET_NAME]
    ).fetchall()
    return [name for (name,) in rows]


def pending_names(conn: Reader) -> list[str]:
    """Known migrations the file does not have yet."""
    applied = set(applied_names(conn))
    return [name for name in STEPS if name not in applied]


def unknown_applied(conn: Reader) -> list[str]:
    """Applied migrations that this version does not know (the file is newer)."""
    return [name for name in applied_names(conn) if name not in STEPS]


@cache
def migration_set() -> Migrations:
    """The sqlite-utils migration set, built on first use."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(SET_NAME)
    for name, step in STEPS.items():
        migrations(name=name)(step)
    return migrations


def apply(db: Database) -> None:
    """Apply every pending migration, each in its own transaction."""
    migration_set().apply(db)


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
            measure_count INTEGER NOT NULL DEFAULT 0,
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


def m0002_personnel(db: Database) -> None:
    """Persons (shared roster), enforcement certificates, their events and exams."""
    _run_script(
        db,
        """
        CREATE TABLE persons (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            gender TEXT NOT NULL DEFAULT '',
            id_number TEXT UNIQUE,
            birth_date TEXT,
            unit TEXT NOT NULL DEFAULT '',
            department TEXT NOT NULL DEFAULT '',
            post TEXT NOT NULL DEFAULT '',
            employment_type TEXT NOT NULL DEFAULT '在编',
            phone TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT '在职',
            notes TEXT NOT NULL DEFAULT '',
            search_text TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX persons_unit_department ON persons(unit, department);
        CREATE INDEX persons_status ON persons(status);
        CREATE INDEX persons_name ON persons(name);
        CREATE TABLE certificates (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES persons(id),
            kind TEXT NOT NULL DEFAULT '行政执法证',
            number TEXT NOT NULL,
            category TEXT NOT NULL DEFAULT '',
            authority TEXT NOT NULL DEFAULT '',
            issue_date TEXT NOT NULL,
            valid_until TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT '有效',
            last_review TEXT,
            review_due TEXT,
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (kind, number)
        );
        CREATE INDEX certificates_person ON certificates(person_id);
        CREATE INDEX certificates_valid_until ON certificates(valid_until);
        CREATE INDEX certificates_status ON certificates(status, kind);
        CREATE INDEX certificates_review_due ON certificates(review_due);
        CREATE TABLE certificate_events (
            id INTEGER PRIMARY KEY,
            certificate_id INTEGER REFERENCES certificates(id),
            person_id INTEGER NOT NULL REFERENCES persons(id),
            event TEXT NOT NULL,
            date TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            doc_ref TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX certificate_events_certificate ON certificate_events(certificate_id, date);
        CREATE INDEX certificate_events_date ON certificate_events(date, event);
        CREATE INDEX certificate_events_person ON certificate_events(person_id, date);
        CREATE TABLE qualification_exams (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES persons(id),
            kind TEXT NOT NULL,
            date TEXT NOT NULL,
            score REAL,
            passed INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX qualification_exams_person ON qualification_exams(person_id, date);
        """,
    )


def m0003_training(db: Database) -> None:
    """Training and law-study sessions, the laws they studied, and attendance of persons."""
    _run_script(
        db,
        """
        CREATE TABLE training_sessions (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL,
            end_date TEXT,
            start_time TEXT NOT NULL DEFAULT '',
            end_time TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL,
            kind TEXT NOT NULL,
            hours REAL NOT NULL CHECK (hours > 0),
            organiser TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            speaker TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            expected INTEGER,
            notice_texts TEXT,
            search_text TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX training_sessions_date ON training_sessions(date);
        CREATE INDEX training_sessions_kind ON training_sessions(kind, date);
        CREATE TABLE training_laws (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            law TEXT NOT NULL
        );
        CREATE INDEX training_laws_session ON training_laws(session_id, seq);
        CREATE INDEX training_laws_law ON training_laws(law);
        CREATE TABLE training_attendance (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES training_sessions(id),
            person_id INTEGER NOT NULL REFERENCES persons(id),
            status TEXT NOT NULL DEFAULT '出席',
            hours REAL NOT NULL DEFAULT 0,
            score REAL CHECK (score IS NULL OR score BETWEEN 0 AND 100),
            remark TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (session_id, person_id)
        );
        CREATE INDEX training_attendance_person ON training_attendance(person_id, session_id);
        """,
    )


# Released migrations, in order: append, never edit or reorder.
STEPS = {
    "0001_rectification": m0001_rectification,
    "0002_personnel": m0002_personnel,
    "0003_training": m0003_training,
}
