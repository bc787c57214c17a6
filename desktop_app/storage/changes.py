"""What a write changed: which tables and records, in the spirit of Anki's OpChanges.

Every write records an audit row (``audit.record``) in its own transaction; the audit row
names the kind of record and its id, so the change is known from it. A database opened with
``TrackingDatabase`` collects these notes during a transaction and reports them once the
transaction has committed (nothing is reported for a rolled-back one). The application
context passes them on to the pages that show those tables.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from desktop_app.registers import record_tables

AUDIT_TABLE = "audit_log"

# The table each audited kind of record lives in ("database": a restore, everything changed).
RECORD_TABLES = {
    "inspection": "inspections",
    "problem": "problems",
    "measure": "measures",
    "progress": "progress",
    "evidence": "evidence",
    "person": "persons",
    "certificate": "certificates",
    "certificate_event": "certificate_events",
    "qualification_exam": "qualification_exams",
    "training_session": "training_sessions",
    "attendance": "training_attendance",
    "settings": "settings",
}
RECORD_TABLES.update(record_tables())  # the kinds a register names in its manifest entry
EVERYTHING_TYPES = frozenset({"database"})


@dataclass(frozen=True)
class Changes:
    """Tables and records touched by one or more committed writes."""

    tables: frozenset[str] = frozenset()
    records: frozenset[tuple[str, int]] = frozenset()  # (table, id)
    everything: bool = False  # a restore or another change the tables cannot describe

    @classmethod
    def all(cls) -> Changes:
        """Everything may have changed (after a restore or a settings change)."""
        return cls(everything=True)

    @classmethod
    def of_record(cls, record_type: str, record_id: int | None) -> Changes:
        """What an audit row of ``record_type`` says was changed."""
        if record_type in EVERYTHING_TYPES:
            return cls.all()
        table = RECORD_TABLES.get(record_type)
        if table is None:
            return cls(frozenset({AUDIT_TABLE}))
        records = frozenset({(table, record_id)}) if record_id is not None else frozenset()
        return cls(frozenset({table, AUDIT_TABLE}), records)

    def touches(self, tables: Collection[str]) -> bool:
        """True when any of ``tables`` may have changed."""
        return self.everything or not self.tables.isdisjoint(tables)

    def __or__(self, other: Changes) -> Changes:
        """Both sets of changes."""
        return Changes(
            self.tables | other.tables,
            self.records | other.records,
            self.everything or other.everything,
        )

    def __bool__(self) -> bool:
        """False when nothing changed."""
        return self.everything or bool(self.tables)
