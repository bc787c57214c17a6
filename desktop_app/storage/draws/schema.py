"""Draw tables: the target directory, matters, inspector profiles and conflicts, the draws.

A draw is append-only: triggers refuse every UPDATE and DELETE of a draw and of the rows
that record its result and exclusions, whoever runs the SQL. A redraw is a new draw that
names the one it replaces (``redraw_of``, at most one redraw per draw). Results per target
(``check_results``) are entered later and may be corrected; the audit log keeps every change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.storage.ddl import run_script
from desktop_app.storage.search_index import create_trigram_index

if TYPE_CHECKING:
    from sqlite_utils import Database

# The record of a draw, never to be changed or deleted.
SEALED_TABLES = ("draws", "draw_assignments", "draw_members", "draw_exclusions")
SEALED_MESSAGE = "抽取记录不可修改或删除;如需重新抽取,请“重新抽取”并说明原因"


def m0008_draws(db: Database) -> None:
    """The directory, matters, inspectors' profiles and conflicts, draws and results."""
    run_script(
        db,
        """
        CREATE TABLE check_targets (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            credit_code TEXT,
            code_override INTEGER NOT NULL DEFAULT 0,
            override_note TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT '企业',
            industry TEXT NOT NULL DEFAULT '',
            area TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            contact TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT '在营',
            notes TEXT NOT NULL DEFAULT '',
            search_text TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX check_targets_code ON check_targets(credit_code)
            WHERE credit_code IS NOT NULL;
        CREATE INDEX check_targets_filter ON check_targets(status, kind, industry, area);
        CREATE INDEX check_targets_name ON check_targets(name);
        CREATE TABLE check_matters (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            legal_basis TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL DEFAULT '',
            yearly_ratio REAL,
            yearly_count INTEGER,
            active INTEGER NOT NULL DEFAULT 1,
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE inspector_profiles (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL UNIQUE REFERENCES persons(id) ON DELETE CASCADE,
            agency TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            available INTEGER NOT NULL DEFAULT 1,
            unavailable_reason TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE inspector_conflicts (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
            target_id INTEGER REFERENCES check_targets(id) ON DELETE CASCADE,
            unit TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL,
            declared_on TEXT,
            ended_on TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (target_id IS NOT NULL OR unit != '')
        );
        CREATE INDEX inspector_conflicts_person ON inspector_conflicts(person_id);
        CREATE INDEX inspector_conflicts_target ON inspector_conflicts(target_id);
        CREATE TABLE draws (
            id INTEGER PRIMARY KEY,
            matter_id INTEGER REFERENCES check_matters(id),
            title TEXT NOT NULL,
            year INTEGER NOT NULL,
            draw_date TEXT NOT NULL,
            plan TEXT NOT NULL,
            plan_hash TEXT NOT NULL,
            seed TEXT NOT NULL,
            seed_source TEXT NOT NULL,
            operator TEXT NOT NULL,
            witness TEXT NOT NULL,
            os_user TEXT NOT NULL,
            drawn_at TEXT NOT NULL,
            targets_snapshot TEXT NOT NULL,
            targets_hash TEXT NOT NULL,
            inspectors_snapshot TEXT NOT NULL,
            inspectors_hash TEXT NOT NULL,
            result TEXT NOT NULL,
            algorithm TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            record_hash TEXT NOT NULL UNIQUE,
            redraw_of INTEGER REFERENCES draws(id),
            redraw_reason TEXT NOT NULL DEFAULT '',
            pool_targets INTEGER NOT NULL,
            pool_inspectors INTEGER NOT NULL,
            drawn_targets INTEGER NOT NULL,
            teams INTEGER NOT NULL,
            members INTEGER NOT NULL,
            search_text TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX draws_redraw_of ON draws(redraw_of) WHERE redraw_of IS NOT NULL;
        CREATE INDEX draws_year ON draws(year, draw_date);
        CREATE TABLE draw_assignments (
            id INTEGER PRIMARY KEY,
            draw_id INTEGER NOT NULL REFERENCES draws(id),
            seq INTEGER NOT NULL,
            team_no INTEGER NOT NULL,
            target_id INTEGER NOT NULL REFERENCES check_targets(id),
            name TEXT NOT NULL,
            credit_code TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT '',
            industry TEXT NOT NULL DEFAULT '',
            area TEXT NOT NULL DEFAULT '',
            UNIQUE (draw_id, target_id)
        );
        CREATE INDEX draw_assignments_target ON draw_assignments(target_id, draw_id);
        CREATE TABLE draw_members (
            id INTEGER PRIMARY KEY,
            draw_id INTEGER NOT NULL REFERENCES draws(id),
            team_no INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            person_id INTEGER NOT NULL REFERENCES persons(id),
            name TEXT NOT NULL,
            agency TEXT NOT NULL DEFAULT '',
            certified INTEGER NOT NULL,
            certificate TEXT NOT NULL DEFAULT '',
            UNIQUE (draw_id, person_id)
        );
        CREATE INDEX draw_members_person ON draw_members(person_id, draw_id);
        CREATE TABLE draw_exclusions (
            id INTEGER PRIMARY KEY,
            draw_id INTEGER NOT NULL REFERENCES draws(id),
            scope TEXT NOT NULL CHECK (scope IN ('target', 'inspector', 'pair')),
            target_id INTEGER,
            person_id INTEGER,
            name TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL
        );
        CREATE INDEX draw_exclusions_draw ON draw_exclusions(draw_id, scope);
        CREATE TABLE check_results (
            id INTEGER PRIMARY KEY,
            draw_id INTEGER NOT NULL REFERENCES draws(id),
            target_id INTEGER NOT NULL REFERENCES check_targets(id),
            check_date TEXT,
            outcome TEXT NOT NULL,
            findings TEXT NOT NULL DEFAULT '',
            handling TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (draw_id, target_id)
        );
        CREATE INDEX check_results_target ON check_results(target_id)
        """,
    )
    create_trigram_index(db, "check_targets", ("search_text",))
    for table in SEALED_TABLES:  # a trigger body holds ";": one statement each
        for event in ("UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table}"
                f" BEGIN SELECT RAISE(ABORT, '{SEALED_MESSAGE}'); END"
            )


# Released steps of this register: append, never edit.
STEPS = {"0008_draws": m0008_draws}
