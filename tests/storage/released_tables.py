"""The record tables of the first three registers, as files of the releases 0001–0003 hold them."""

from __future__ import annotations

EARLY_RECORD_TABLES = (
    "inspections",
    "problems",
    "measures",
    "progress",
    "evidence",
    "persons",
    "certificates",
    "certificate_events",
    "qualification_exams",
    "training_sessions",
    "training_attendance",
)
