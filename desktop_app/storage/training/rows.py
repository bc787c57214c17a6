"""Conversion between table rows and training records."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from desktop_app.domain.dates import from_iso, iso
from desktop_app.domain.training import Attendance, AttendanceStatus, NoticeTexts, TrainingSession

SESSION_FIELDS = (
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
)
ATTENDANCE_COLUMNS = (
    "a.id, a.session_id, a.person_id, a.status, a.hours, a.score, a.remark,"
    " p.name, p.unit, p.department, p.post"
)


def session_from_row(row: dict[str, Any], laws: list[str]) -> TrainingSession:
    """Row → TrainingSession."""
    values = {k: row[k] for k in SESSION_FIELDS}
    return TrainingSession(
        date=from_iso(row["date"]),
        end_date=from_iso(row["end_date"]),
        laws=laws,
        id=row["id"],
        **values,
    )


def session_values(session: TrainingSession) -> dict[str, Any]:
    """TrainingSession → row values with its search text (without id and timestamps)."""
    values = {k: getattr(session, k) for k in SESSION_FIELDS}
    parts = [session.title, session.kind, session.organiser, session.place, session.speaker]
    values.update(
        date=iso(session.date),
        end_date=iso(session.end_date),
        search_text="\n".join(p for p in [*parts, *session.laws, session.notes] if p),
    )
    return values


def attendance_from_row(row: dict[str, Any]) -> Attendance:
    """Row (attendance joined with its person) → Attendance."""
    return Attendance(
        session_id=row["session_id"],
        person_id=row["person_id"],
        status=AttendanceStatus(row["status"]),
        hours=row["hours"],
        score=row["score"],
        remark=row["remark"],
        id=row["id"],
        name=row["name"],
        unit=row["unit"],
        department=row["department"],
        post=row["post"],
    )


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
