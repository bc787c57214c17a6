"""Conversion between table rows and training records."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from desktop_app.domain.dates import from_iso, iso
from desktop_app.domain.training import Attendance, AttendanceStatus, NoticeTexts, TrainingSession
from desktop_app.storage.rows import RowMap

SESSION = RowMap(
    (
        "title",
        "kind",
        "hours",
        "start_time",
        "end_time",
        "organiser",
        "place",
        "speaker",
        "notes",
        "expected",
    ),
    ("date", "end_date"),
)
# Attendance joined with its person's name, unit, department and post.
ATTENDANCE = RowMap(
    (
        "session_id",
        "person_id",
        "hours",
        "score",
        "remark",
        "id",
        "name",
        "unit",
        "department",
        "post",
    )
)
ATTENDANCE_COLUMNS = (
    "a.id, a.session_id, a.person_id, a.status, a.hours, a.score, a.remark,"
    " p.name, p.unit, p.department, p.post"
)


def session_from_row(row: dict[str, Any], laws: list[str]) -> TrainingSession:
    """Row → TrainingSession."""
    return TrainingSession(laws=laws, id=row["id"], **SESSION.read(row))


def session_values(session: TrainingSession) -> dict[str, Any]:
    """TrainingSession → row values with its search text (without id and timestamps)."""
    parts = [session.title, session.kind, session.organiser, session.place, session.speaker]
    parts += [*session.laws, session.notes]
    return {**SESSION.write(session), "search_text": "\n".join(p for p in parts if p)}


def attendance_from_row(row: dict[str, Any]) -> Attendance:
    """Row (attendance joined with its person) → Attendance."""
    return Attendance(status=AttendanceStatus(row["status"]), **ATTENDANCE.read(row))


def texts_to_json(texts: NoticeTexts) -> str:
    """NoticeTexts → stored JSON."""
    values = asdict(texts)
    values["sign_date"] = iso(texts.sign_date)
    return json.dumps(values, ensure_ascii=False)


def texts_from_json(raw: str) -> NoticeTexts:
    """Stored JSON → NoticeTexts (unknown keys from other versions ignored)."""
    values = json.loads(raw)
    values["sign_date"] = from_iso(values.get("sign_date"))
    known = NoticeTexts.__dataclass_fields__
    return NoticeTexts(**{k: v for k, v in values.items() if k in known})
