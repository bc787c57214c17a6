"""Rectification tables; the first release also created the shared settings and audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.storage.ddl import script_step
from desktop_app.storage.id_sequence import never_reuse_ids
from desktop_app.storage.search_index import create_trigram_index

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


# The first columns of a row on a problem or on one of its measures (progress, evidence).
_ON_ITEM = """id INTEGER PRIMARY KEY,
            problem_id INTEGER NOT NULL REFERENCES problems(id),
            measure_id INTEGER REFERENCES measures(id),"""

# Settings, audit log, inspections, problems, measures, progress and evidence.
RECTIFICATION_TABLES = f"""
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
            {_ON_ITEM}
            date TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX progress_problem ON progress(problem_id, date);
        CREATE INDEX progress_measure ON progress(measure_id, date);
        CREATE TABLE evidence (
            {_ON_ITEM}
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
        """


def m0004_rectification_search(db: Database) -> None:
    """The search box's trigram index over the problems' search text, filled for every problem."""
    create_trigram_index(db, "problems", ("search_text",))


def m0009_rectification_ids(db: Database) -> None:
    """Inspections, problems, measures, progress and evidence never give an id twice."""
    tables = {"inspections": "inspection", "problems": "problem", "measures": "measure"}
    never_reuse_ids(db, tables | {"progress": "progress", "evidence": "evidence"})


# 督办 documents and the items each escalated, 屡查屡犯 flags, 回头看 rounds and items;
# indexes that let warnings be counted from the open items alone (the home page, 预警).
#
# Every row of an item goes with it: deleting a problem or measure deletes its escalations,
# repeat flags and re-check results (ON DELETE CASCADE), so the existing deletes stand.
ESCALATION_TABLES = """
        CREATE TABLE escalation_notices (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            level TEXT NOT NULL,
            date TEXT NOT NULL,
            doc_no TEXT NOT NULL DEFAULT '',
            addressee TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            texts TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX escalation_notices_date ON escalation_notices(date);
        CREATE TABLE escalations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            notice_id INTEGER NOT NULL REFERENCES escalation_notices(id) ON DELETE CASCADE,
            problem_id INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
            measure_id INTEGER REFERENCES measures(id) ON DELETE CASCADE,
            level TEXT NOT NULL,
            date TEXT NOT NULL,
            doc_no TEXT NOT NULL DEFAULT '',
            department TEXT NOT NULL DEFAULT '',
            warning TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX escalations_problem ON escalations(problem_id, date);
        CREATE INDEX escalations_measure ON escalations(measure_id);
        CREATE INDEX escalations_notice ON escalations(notice_id);
        CREATE TABLE problem_repeats (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            problem_id INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
            earlier_id INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
            score REAL NOT NULL,
            state TEXT NOT NULL DEFAULT '待确认',
            decided_at TEXT,
            decided_by TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (problem_id, earlier_id)
        );
        CREATE INDEX problem_repeats_earlier ON problem_repeats(earlier_id);
        CREATE INDEX problem_repeats_state ON problem_repeats(state, problem_id);
        CREATE TABLE recheck_rounds (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            inspection_id INTEGER REFERENCES inspections(id) ON DELETE SET NULL,
            planned_date TEXT,
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE recheck_items (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            round_id INTEGER NOT NULL REFERENCES recheck_rounds(id) ON DELETE CASCADE,
            problem_id INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
            outcome TEXT NOT NULL DEFAULT '待复查',
            reason TEXT NOT NULL DEFAULT '',
            checked_on TEXT,
            checked_by TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (round_id, problem_id)
        );
        CREATE INDEX recheck_items_problem ON recheck_items(problem_id);
        CREATE INDEX measures_open ON measures(
            status, problem_id, deadline, last_progress, created_at, lead_dept);
        CREATE INDEX problems_open ON problems(
            status, deadline, last_progress, created_at, lead_dept);
        CREATE INDEX problems_inspection_status ON problems(inspection_id, status)
        """


# Released steps of this register: append, never edit.
STEPS = {
    "0001_rectification": script_step(RECTIFICATION_TABLES),
    "0004_rectification_search": m0004_rectification_search,
    "0009_rectification_ids": m0009_rectification_ids,
    "0010_escalations": script_step(ESCALATION_TABLES),
}
