"""Rectification tables; the first release also created the shared settings and audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.storage.ddl import run_script
from desktop_app.storage.id_sequence import never_reuse_ids

if TYPE_CHECKING:
    from sqlite_utils import Database


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
    run_script(
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


def m0009_rectification_ids(db: Database) -> None:
    """Inspections, problems, measures, progress and evidence never give an id twice."""
    tables = {"inspections": "inspection", "problems": "problem", "measures": "measure"}
    never_reuse_ids(db, tables | {"progress": "progress", "evidence": "evidence"})


# Released steps of this register: append, never edit.
STEPS = {
    "0001_rectification": m0001_rectification,
    "0009_rectification_ids": m0009_rectification_ids,
}
