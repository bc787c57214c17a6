"""Conversion between table rows and personnel records."""

from __future__ import annotations

from typing import Any

from desktop_app.domain.dates import from_iso, iso
from desktop_app.domain.personnel import (
    Certificate,
    CertificateEvent,
    Person,
    QualificationExam,
)

PERSON_TEXT = ("name", "gender", "unit", "department", "post", "employment_type", "phone")
PERSON_TEXT += ("status", "notes")
CERT_TEXT = ("kind", "number", "category", "authority", "status", "notes")
CERT_DATES = ("issue_date", "valid_until", "last_review", "review_due")


def person_from_row(row: dict[str, Any]) -> Person:
    """Row → Person."""
    values = {k: row[k] for k in PERSON_TEXT}
    return Person(
        id=row["id"],
        id_number=row["id_number"],
        birth_date=from_iso(row["birth_date"]),
        **values,
    )


def person_to_row(person: Person) -> dict[str, Any]:
    """Person → row values (without id, search text and timestamps)."""
    values = {k: getattr(person, k) for k in PERSON_TEXT}
    values.update(id_number=person.id_number or None, birth_date=iso(person.birth_date))
    return values


def certificate_from_row(row: dict[str, Any]) -> Certificate:
    """Row → Certificate."""
    values = {k: row[k] for k in CERT_TEXT}
    values.update({k: from_iso(row[k]) for k in CERT_DATES})
    return Certificate(id=row["id"], person_id=row["person_id"], **values)


def certificate_to_row(cert: Certificate) -> dict[str, Any]:
    """Certificate → row values (without id and timestamps)."""
    values = {k: getattr(cert, k) for k in CERT_TEXT}
    values.update({k: iso(getattr(cert, k)) for k in CERT_DATES})
    values["person_id"] = cert.person_id
    return values


def event_from_row(row: dict[str, Any]) -> CertificateEvent:
    """Row → CertificateEvent."""
    return CertificateEvent(
        event=row["event"],
        date=from_iso(row["date"]),
        person_id=row["person_id"],
        certificate_id=row["certificate_id"],
        reason=row["reason"],
        doc_ref=row["doc_ref"],
        id=row["id"],
    )


def event_to_row(event: CertificateEvent) -> dict[str, Any]:
    """CertificateEvent → row values (without id and timestamp)."""
    return {
        "certificate_id": event.certificate_id,
        "person_id": event.person_id,
        "event": event.event,
        "date": iso(event.date),
        "reason": event.reason,
        "doc_ref": event.doc_ref,
    }


def exam_from_row(row: dict[str, Any]) -> QualificationExam:
    """Row → QualificationExam."""
    return QualificationExam(
        person_id=row["person_id"],
        kind=row["kind"],
        date=from_iso(row["date"]),
        score=row["score"],
        passed=bool(row["passed"]),
        notes=row["notes"],
        id=row["id"],
    )


def exam_to_row(exam: QualificationExam) -> dict[str, Any]:
    """QualificationExam → row values (without id and timestamp)."""
    return {
        "person_id": exam.person_id,
        "kind": exam.kind,
        "date": iso(exam.date),
        "score": exam.score,
        "passed": int(exam.passed),
        "notes": exam.notes,
    }
