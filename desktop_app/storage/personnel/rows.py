"""Conversion between table rows and personnel records (on ``storage.rows.RowMap``)."""

from __future__ import annotations

from typing import Any

from desktop_app.domain.personnel import (
    Certificate,
    CertificateEvent,
    Person,
    QualificationExam,
)
from desktop_app.storage.rows import RowMap

PERSON = RowMap(
    (
        "name",
        "gender",
        "id_number",
        "unit",
        "department",
        "post",
        "employment_type",
        "phone",
        "status",
        "notes",
    ),
    ("birth_date",),
)
CERTIFICATE = RowMap(
    ("person_id", "kind", "number", "category", "authority", "status", "notes"),
    ("issue_date", "valid_until", "last_review", "review_due"),
)
EVENT = RowMap(("certificate_id", "person_id", "event", "reason", "doc_ref", "number"), ("date",))
EXAM = RowMap(("person_id", "kind", "score", "notes"), ("date",))


def person_from_row(row: dict[str, Any]) -> Person:
    """Row → Person."""
    return Person(id=row["id"], **PERSON.read(row))


def person_to_row(person: Person) -> dict[str, Any]:
    """Person → row values (without id, search text and timestamps)."""
    return {**PERSON.write(person), "id_number": person.id_number or None}


def certificate_from_row(row: dict[str, Any]) -> Certificate:
    """Row → Certificate."""
    return Certificate(id=row["id"], **CERTIFICATE.read(row))


def certificate_to_row(cert: Certificate) -> dict[str, Any]:
    """Certificate → row values (without id and timestamps)."""
    return CERTIFICATE.write(cert)


def event_from_row(row: dict[str, Any]) -> CertificateEvent:
    """Row → CertificateEvent."""
    return CertificateEvent(id=row["id"], **EVENT.read(row))


def event_to_row(event: CertificateEvent) -> dict[str, Any]:
    """CertificateEvent → row values (without id and timestamp)."""
    return EVENT.write(event)


def exam_from_row(row: dict[str, Any]) -> QualificationExam:
    """Row → QualificationExam."""
    return QualificationExam(id=row["id"], passed=bool(row["passed"]), **EXAM.read(row))


def exam_to_row(exam: QualificationExam) -> dict[str, Any]:
    """QualificationExam → row values (without id and timestamp)."""
    return {**EXAM.write(exam), "passed": int(exam.passed)}
