"""Enforcement-personnel rosters: rows → persons and their certificates.

Stable keys: a person by ID number (else by name and unit), a certificate by kind and number.
A person with two certificates may take two rows (the person's cells merged or repeated).
Imported certificates carry the status the roster gives; no 新办 event is invented for them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.imports.values import parse_gender, parse_id_number
from desktop_app.domain.personnel import (
    HELD_STATUSES,
    Certificate,
    CertificateKind,
    Person,
    default_valid_until,
    review_due,
    validate_certificate,
    validate_person,
)
from desktop_app.imports import common
from desktop_app.imports.common import CREATE, SKIP, UPDATE, Context, Row, Tally, changed
from desktop_app.storage import imports as store

if TYPE_CHECKING:
    from desktop_app.imports.common import BatchWriter, Database, Reader

PERSON_KEYS: tuple[str, ...] = ("name", "gender", "id_number", "birth_date", "unit")
PERSON_KEYS += ("department", "post", "employment_type", "phone", "status", "notes")
CERT_KEYS: tuple[str, ...] = ("number", "kind", "category", "authority", "issue_date")
CERT_KEYS += ("valid_until", "status", "last_review")
LABELS = {"status": "状态", "number": "证号", "kind": "证件种类", "valid_until": "有效期至"}
_PERSON_FIELD = {"status": "person_status"}
_CERT_FIELD = {"number": "cert_number", "kind": "cert_kind", "status": "cert_status"}


@dataclass
class Step(common.Step):
    """A person, or a certificate of the person's step, to create or update."""

    person: Step | None = None


def build(conn: Reader, rows: list[Row], ctx: Context, prepared: Any, options: Any):
    """Plan of a roster: (steps, summary, counts)."""
    from desktop_app.storage.settings import read_certificate_rules

    rules = read_certificate_rules(conn)
    people = store.persons(conn)
    by_number = {p["id_number"]: p for p in people if p["id_number"]}
    by_name: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for p in people:
        by_name.setdefault((p["name"], p["unit"]), []).append(p)
    known_certs = store.certificates(conn)
    tally, steps = Tally(), []
    seen_people: dict[tuple[str, str], Step] = {}
    seen_certs: set[tuple[str, str]] = set()
    for row in rows:
        person = _person(row, ctx)
        if person is None:
            continue
        key = (
            ("id", person.id_number)
            if person.id_number
            else ("name", f"{person.name}|{person.unit}")
        )
        step = seen_people.get(key)
        if step is None:
            old = by_number.get(person.id_number) if person.id_number else None
            if old is None and not person.id_number:
                same_name = by_name.get((person.name, person.unit), [])
                old = same_name[0] if len(same_name) == 1 else None
            step = _person_step(person, old, ctx, row.number)
            seen_people[key] = step
            steps.append(step)
            tally.add("persons", step.action)
        cert = _certificate(row, ctx, rules)
        if cert is None:
            if ctx.actions.get(row.number) != "error":
                ctx.act(row.number, step.action)
            continue
        ckey = (cert.kind, cert.number)
        if ckey in seen_certs:
            ctx.error(row.number, "cert_number", f"{cert.kind}“{cert.number}”在文件中出现了两次")
            continue
        seen_certs.add(ckey)
        cstep = _cert_step(cert, known_certs.get(ckey), step, ctx, row.number, rules)
        if cstep is not None:
            steps.append(cstep)
            tally.add("certificates", cstep.action)
    summary = {
        "persons": len(seen_people),
        "certificates": len(seen_certs),
    }
    return steps, summary, tally.as_dict()


def _person(row: Row, ctx: Context) -> Person | None:
    name = ctx.text(row, "name")
    if not name:
        if any(ctx.text(row, k) for k in ("id_number", "cert_number")):
            ctx.error(row.number, "name", "必须填写")
        return None
    number = ctx.guard(row.number, lambda: parse_id_number(row.values.get("id_number"), "身份证号"))
    gender = parse_gender(row.values.get("gender"))
    if gender is None:
        gender = ctx.choice(row, "gender")
    person = Person(
        name=name,
        gender=gender,
        id_number=number or None,
        birth_date=ctx.date(row, "birth_date"),
        **ctx.texts(row, "unit", "department", "post", "phone"),
        employment_type=ctx.choice(row, "employment_type", default="在编"),
        status=ctx.choice(row, "person_status", default="在职"),
        notes=ctx.text(row, "notes") if not ctx.has("cert_number") else "",
    )
    if ctx.guard(row.number, lambda: validate_person(person, ctx.today)) is None:
        return None
    return person


def _person_step(person: Person, old: dict[str, Any] | None, ctx: Context, row: int) -> Step:
    if old is None:
        return Step("person", CREATE, person)
    read = {
        key: getattr(person, key)
        for key in PERSON_KEYS
        if key in ("name", "gender", "birth_date") or ctx.has(_PERSON_FIELD.get(key, key))
    }
    changes = changed(ctx, f"人员“{old['name']}”", old, read, LABELS, blank_clears=False)
    return Step("person", UPDATE if changes else SKIP, person, old["id"], changes=changes)


def _certificate(row: Row, ctx: Context, rules) -> Certificate | None:
    number = ctx.text(row, "cert_number")
    if not number:
        return None
    cert = Certificate(
        person_id=0,
        number="".join(number.split()),
        kind=ctx.choice(row, "cert_kind", default=CertificateKind.ENFORCEMENT.value),
        **ctx.texts(row, "category", "authority"),
        **ctx.dates(row, "issue_date", "valid_until", "last_review"),
        status=ctx.choice(row, "cert_status", default="有效"),
        notes=ctx.text(row, "notes"),
    )
    if cert.issue_date and cert.valid_until is None:
        cert.valid_until = default_valid_until(cert.issue_date, rules)
        ctx.warn(
            row.number,
            f"证件 {cert.number} 未填有效期,按 {rules.validity_years} 年计为 {cert.valid_until}",
        )
    if ctx.guard(row.number, lambda: validate_certificate(cert)) is None:
        return None
    cert.review_due = review_due(cert, rules) if cert.status in HELD_STATUSES else None
    return cert


def _cert_step(cert: Certificate, old, person: Step, ctx: Context, row: int, rules) -> Step | None:
    if old is None:
        ctx.act(row, CREATE)
        return Step("certificate", CREATE, cert, person=person)
    if (
        person.record_id is not None and old["person_id"] != person.record_id
    ) or person.action == CREATE:
        ctx.error(row, "cert_number", f"{cert.kind}“{cert.number}”已登记在另一人名下")
        return None
    read = {
        key: getattr(cert, key)
        for key in CERT_KEYS
        if key in ("number", "kind") or ctx.has(_CERT_FIELD.get(key, key))
    }
    changes = changed(ctx, f"证件“{cert.number}”", old, read, LABELS)
    action = UPDATE if changes else SKIP
    ctx.act(row, action)
    return Step("certificate", action, cert, old["id"], changes, person)


def apply(db: Database, preview: Any, batch: BatchWriter, tick) -> None:
    """Write persons and certificates inside the caller's transaction."""
    from desktop_app.storage.personnel.repo import PersonnelRepo

    repo = PersonnelRepo(db)
    ids: dict[int, int] = {}
    today = preview.options.today
    for number, step in enumerate(preview.plan):
        tick(number, len(preview.plan))
        if step.what == "person":
            if step.action == CREATE:
                ids[id(step)] = repo.add_person(replace(step.record), today)
                batch.created("persons", ids[id(step)])
            else:
                ids[id(step)] = step.record_id
                if step.action == UPDATE:
                    put = partial(repo.update_person, today=today)
                    step.write_changes(batch, "persons", repo.get_person, put)
            continue
        person_id = ids[id(step.person)]
        batch.changing("persons", person_id)
        cert = replace(step.record, person_id=person_id)
        if step.action == CREATE:
            batch.created("certificates", store.insert_certificate(db, cert, _summary(repo, cert)))
        elif step.action == UPDATE:
            batch.changing("certificates", step.record_id)
            before = repo.get_certificate(step.record_id)
            after = replace(before, **step.changes)
            try:
                repo.update_certificate(after)
            except ValidationError as exc:
                raise ValidationError(exc.field, f"证件 {cert.number}:{exc.message}") from None


def _summary(repo, cert: Certificate) -> str:
    return f"{repo.get_person(cert.person_id).name} 导入{cert.kind} {cert.number}"
