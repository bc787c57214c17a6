"""Training tables: sessions, the laws they studied, attendance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.storage.ddl import script_step
from desktop_app.storage.id_sequence import never_reuse_ids
from desktop_app.storage.search_index import create_trigram_index

if TYPE_CHECKING:
    from sqlite_utils import Database


# Training and law-study sessions, the laws they studied, and attendance of persons.
TRAINING_TABLES = """
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
        """


def m0006_training_search(db: Database) -> None:
    """The search box's trigram index over the sessions' search text, filled for every session."""
    create_trigram_index(db, "training_sessions", ("search_text",))


def m0009_training_ids(db: Database) -> None:
    """Training sessions and attendance never give an id twice (see storage/id_sequence.py)."""
    never_reuse_ids(
        db, {"training_sessions": "training_session", "training_attendance": "attendance"}
    )


# Released steps of this register: append, never edit.
STEPS = {
    "0003_training": script_step(TRAINING_TABLES),
    "0006_training_search": m0006_training_search,
    "0009_training_ids": m0009_training_ids,
}
