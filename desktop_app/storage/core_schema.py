"""Shared tables that belong to no register: import batches (undo an import as one action)."""

from __future__ import annotations

from desktop_app.storage.ddl import script_step

# Import batches, the rows each one created or changed, and the batch of an audit row.
IMPORT_BATCH_TABLES = """
        CREATE TABLE import_batches (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            os_user TEXT NOT NULL,
            kind TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            counts TEXT,
            undone_at TEXT
        );
        CREATE TABLE import_batch_rows (
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES import_batches(id),
            table_name TEXT NOT NULL,
            record_id INTEGER NOT NULL,
            before TEXT
        );
        CREATE INDEX import_batch_rows_batch ON import_batch_rows(batch_id, id);
        ALTER TABLE audit_log ADD COLUMN batch_id INTEGER;
        CREATE INDEX audit_log_batch ON audit_log(batch_id)
        """


# Released steps of the shared tables: append, never edit.
STEPS = {"0007_import_batches": script_step(IMPORT_BATCH_TABLES)}
