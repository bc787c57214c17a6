"""Enforcement-personnel tables: persons, certificates, their events and exams."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.storage.ddl import script_step
from desktop_app.storage.id_sequence import never_reuse_ids
from desktop_app.storage.search_index import create_trigram_index

if TYPE_CHECKING:
    from sqlite_utils import Database


# Persons (shared roster), enforcement certificates, their events and exams.
PERSONNEL_TABLES = """
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
        """


def m0005_personnel_search(db: Database) -> None:
    """The search boxes' trigram index over persons, filled for everyone.

    The roster searches the search text; attendance and the person pickers search name,
    unit, department and post. The roster's order gets an index, so that its first page
    of a common word is found without sorting every match.
    """
    create_trigram_index(db, "persons", ("search_text", "name", "unit", "department", "post"))
    db.execute(
        "CREATE INDEX persons_roster_order ON persons(status != '在职', unit, department, name)"
    )


def m0009_personnel_ids(db: Database) -> None:
    """Persons, certificates, their events and exams never give an id twice; the full ID
    numbers that earlier versions wrote into the audit log are masked there."""
    from desktop_app.storage.audit import mask_logged_numbers

    tables = {"persons": "person", "certificates": "certificate"}
    tables |= {"certificate_events": "certificate_event"}
    never_reuse_ids(db, tables | {"qualification_exams": "qualification_exam"})
    mask_logged_numbers(db)


def m0011_certificate_event_numbers(db: Database) -> None:
    """Each certificate event keeps the number it was made with (a 换证 to a new number no
    longer shows the new one on the earlier events). Existing events get the number from the
    audit log where it holds it, else the certificate's present number."""
    db.execute("ALTER TABLE certificate_events ADD COLUMN number TEXT NOT NULL DEFAULT ''")
    for event_id, number in logged_event_numbers(db).items():
        db.execute("UPDATE certificate_events SET number = ? WHERE id = ?", [number, event_id])
    db.execute(
        "UPDATE certificate_events SET number = coalesce((SELECT c.number FROM certificates c"
        " WHERE c.id = certificate_events.certificate_id), '') WHERE number = ''"
    )


def logged_event_numbers(db: Database) -> dict[int, str]:
    """Event id → the certificate's number as the event left it, read from the audit log.

    Every event on a certificate was logged (its ``create`` row) just before the certificate's
    own row of the same write (新办: ``create``; 换证, 年审 … 注销, 转出: ``update``), whose
    ``after`` holds the number. A released migration calls it: what it does must never change.
    """
    import json

    rows = db.execute(
        "SELECT action, record_type, record_id, after FROM audit_log"
        " WHERE record_type IN ('certificate', 'certificate_event') ORDER BY id"
    ).fetchall()
    numbers: dict[int, str] = {}
    waiting: tuple[int, int] | None = None  # (event id, certificate id) just logged
    for action, record_type, record_id, after in rows:
        values = json.loads(after) if after else None
        if record_type == "certificate_event":
            certificate = values.get("certificate_id") if isinstance(values, dict) else None
            waiting = (record_id, certificate) if action == "create" and certificate else None
            continue
        number = values.get("number") if isinstance(values, dict) else None
        if waiting and waiting[1] == record_id and isinstance(number, str) and number:
            numbers[waiting[0]] = number
        waiting = None
    return numbers


# Released steps of this register: append, never edit.
STEPS = {
    "0002_personnel": script_step(PERSONNEL_TABLES),
    "0005_personnel_search": m0005_personnel_search,
    "0009_personnel_ids": m0009_personnel_ids,
    "0011_certificate_event_numbers": m0011_certificate_event_numbers,
}
