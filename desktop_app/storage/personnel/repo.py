"""Persons, certificates, lifecycle events and exams: every write one transaction with audit."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from desktop_app.domain.dates import iso
from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.personnel import (
    HELD_STATUSES,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    Event,
    Person,
    PersonnelRules,
    PersonStatus,
    QualificationExam,
    Renewal,
    apply_event,
    employment_warning,
    review_due,
    validate_certificate,
    validate_exam,
    validate_person,
)
from desktop_app.storage.personnel import queries
from desktop_app.storage.personnel.rows import (
    certificate_from_row,
    certificate_to_row,
    event_from_row,
    event_to_row,
    exam_from_row,
    exam_to_row,
    person_to_row,
)
from desktop_app.storage.repository import Repository, saved
from desktop_app.storage.settings import (
    SettingsRepo,
    read_certificate_rules,
    rule_values,
    write_settings,
)


class PersonnelRepo(Repository):
    """Reads and writes the roster and certificates of one database connection."""

    def _row(self, table: str, record_id: int, what: str) -> dict[str, Any]:
        return self.row(table, record_id, f"{what}不存在或已被删除(#{record_id})")

    def rules(self) -> PersonnelRules:
        """The current personnel rules."""
        return read_certificate_rules(self.db)

    def save_rules(self, rules: PersonnelRules) -> None:
        """Store the rules and re-date every held certificate's next review, atomically."""
        self.save_settings(rule_values("personnel", rules))

    def save_settings(self, values: Mapping[str, Any]) -> None:
        """Store personnel settings (checked against the settings list) and re-date every
        held certificate's next review by the new rules, in one transaction."""
        with self.db.atomic():
            write_settings(self.db, values)
            rules = self.rules()
            held = self.rows(
                "SELECT * FROM certificates WHERE status IN (?, ?)", list(HELD_STATUSES)
            )
            updates = [(iso(review_due(certificate_from_row(r), rules)), r["id"]) for r in held]
            self.db.conn.executemany("UPDATE certificates SET review_due = ? WHERE id = ?", updates)

    # -- persons -------------------------------------------------------------------
    def get_person(self, person_id: int) -> Person:
        """One person."""
        return queries.get_person(self.db, person_id)

    def _check_unique_id(self, person: Person) -> None:
        if not person.id_number:
            return
        row = self.db.execute(
            "SELECT name, unit FROM persons WHERE id_number = ? AND id IS NOT ?",
            [person.id_number, person.id],
        ).fetchone()
        if row:
            unit = f"({row[1]})" if row[1] else ""
            raise ValidationError("身份证号", f"与已登记的“{row[0]}”{unit}重复")

    def add_person(self, person: Person, today: date | None = None) -> int:
        """Create a person; returns the id."""
        validate_person(person, today or date.today())
        self._check_unique_id(person)
        with self.db.atomic():
            person.id = self.insert("persons", person_to_row(person))
            self._refresh_search(person.id)
            self.log("create", "person", person.id, None, person, person.name)
        return person.id

    def update_person(self, person: Person, today: date | None = None) -> None:
        """Save an edited person."""
        person_id = saved(person.id, "人员")
        before = self.get_person(person_id)
        validate_person(person, today or date.today())
        self._check_unique_id(person)
        with self.db.atomic():
            self.update("persons", person_id, person_to_row(person))
            self._refresh_search(person_id)
            self.log("update", "person", person_id, before, person, person.name)

    def delete_person(self, person_id: int) -> None:
        """Delete a person who has no certificate, event or exam (others are kept)."""
        before = self.get_person(person_id)
        for table, what in (
            ("certificates", "执法证件"),
            ("certificate_events", "证件变动记录"),
            ("qualification_exams", "考试记录"),
        ):
            if self.db.execute(
                f"SELECT 1 FROM {table} WHERE person_id = ? LIMIT 1", [person_id]
            ).fetchone():
                raise UserError(
                    f"“{before.name}”已有{what},不能删除;如已调离或退休,请把状态改为“调离”或“退休”"
                )
        try:
            with self.db.atomic():
                self.db.execute("DELETE FROM persons WHERE id = ?", [person_id])
                self.log("delete", "person", person_id, before, None, before.name)
        except sqlite3.IntegrityError:
            raise UserError(f"“{before.name}”在其他台账(如学法培训)中有记录,不能删除") from None

    def _refresh_search(self, person_id: int) -> None:
        """Search text: name, ID number, unit, department, post, phone and certificate numbers."""
        row = self._row("persons", person_id, "人员")
        sql = "SELECT number FROM certificates WHERE person_id = ? ORDER BY id"
        numbers = [r["number"] for r in self.rows(sql, [person_id])]
        parts = [row["name"], row["id_number"] or "", row["unit"], row["department"]]
        parts += [row["post"], row["phone"], *numbers]
        self.db.execute(
            "UPDATE persons SET search_text = ? WHERE id = ?",
            ["\n".join(p for p in parts if p), person_id],
        )

    # -- certificates ----------------------------------------------------------------
    def get_certificate(self, certificate_id: int) -> Certificate:
        """One certificate."""
        return queries.get_certificate(self.db, certificate_id)

    def certificates_of(self, person_id: int) -> list[Certificate]:
        """A person's certificates, held ones first."""
        return queries.certificates_of(self.db, person_id)

    def _check_unique_number(self, cert: Certificate) -> None:
        row = self.db.execute(
            "SELECT p.name FROM certificates c JOIN persons p ON p.id = c.person_id"
            " WHERE c.kind = ? AND c.number = ? AND c.id IS NOT ?",
            [cert.kind, cert.number, cert.id],
        ).fetchone()
        if row:
            raise ValidationError("证号", f"{cert.kind}“{cert.number}”已登记在“{row[0]}”名下")

    def issue_certificate(
        self,
        cert: Certificate,
        *,
        doc_ref: str = "",
        allow_employment: bool = False,
    ) -> int:
        """新办: create a certificate and its 新办 event; returns the certificate id."""
        person = self.get_person(cert.person_id)
        validate_certificate(cert)
        person_id, issued = saved(person.id, "人员"), cert.issue_date
        if issued is None:
            raise ValidationError("发证日期", "不能为空")
        rules = self.rules()
        warning = employment_warning(person.employment_type, rules)
        if warning and not allow_employment:
            raise ValidationError("人员类别", warning)
        if person.status != PersonStatus.ACTIVE:
            raise ValidationError("状态", f"“{person.name}”状态为“{person.status}”,不能新办证件")
        cert.status = CertificateStatus.VALID.value
        cert.review_due = review_due(cert, rules)
        self._check_unique_number(cert)
        with self.db.atomic():
            cert_id = cert.id = self.insert("certificates", certificate_to_row(cert))
            event = CertificateEvent(
                Event.NEW.value, issued, person_id, cert_id, "", doc_ref.strip(), cert.number
            )
            self._insert_event(event)
            self._refresh_search(person_id)
            summary = f"{person.name} 新办{cert.kind} {cert.number}"
            self.log("create", "certificate", cert_id, None, cert, summary)
        return cert_id

    def update_certificate(self, cert: Certificate) -> None:
        """Correct a certificate's recorded fields (not a lifecycle event)."""
        cert_id = saved(cert.id, "执法证件")
        before = self.get_certificate(cert_id)
        validate_certificate(cert)
        person_id = cert.person_id = saved(before.person_id, "人员")
        cert.review_due = review_due(cert, self.rules()) if cert.status in HELD_STATUSES else None
        self._check_unique_number(cert)
        with self.db.atomic():
            self.update("certificates", cert_id, certificate_to_row(cert))
            self._refresh_search(person_id)
            self.log("update", "certificate", cert_id, before, cert, f"更正证件 {cert.number}")

    def _insert_event(self, event: CertificateEvent) -> int:
        event_id = event.id = self.insert("certificate_events", event_to_row(event), updated=False)
        summary = f"{event.event} {event.reason}".strip()
        self.log("create", "certificate_event", event_id, None, event, summary)
        return event_id

    def _apply(
        self, cert: Certificate, event: CertificateEvent, rules: PersonnelRules, renewal
    ) -> None:
        """Apply one event to one certificate inside the caller's transaction."""
        after = apply_event(cert, event, rules, renewal)
        if after.number != cert.number:
            self._check_unique_number(after)
        event.number = after.number  # the number this event left the certificate with
        self.update("certificates", saved(cert.id, "执法证件"), certificate_to_row(after))
        self._insert_event(event)
        self.log("update", "certificate", cert.id, cert, after, f"{event.event} {after.number}")

    def record_event(
        self, certificate_id: int, event: CertificateEvent, renewal: Renewal | None = None
    ) -> int:
        """换证 / 年审 / 暂扣 / 恢复 / 注销 one certificate; returns the event id."""
        return self.record_events([certificate_id], event, renewal)[0]

    def record_events(
        self,
        certificate_ids: list[int],
        template: CertificateEvent,
        renewal: Renewal | None = None,
    ) -> list[int]:
        """The same event on several certificates in one transaction: all or nothing."""
        if not certificate_ids:
            raise UserError("请先选择证件")
        rules = self.rules()
        ids: list[int] = []
        with self.db.atomic():
            for certificate_id in certificate_ids:
                cert = self.get_certificate(certificate_id)
                event = CertificateEvent(
                    template.event,
                    template.date,
                    cert.person_id,
                    cert.id,
                    template.reason,
                    template.doc_ref,
                )
                try:
                    self._apply(cert, event, rules, renewal)
                except ValidationError as exc:
                    if len(certificate_ids) == 1:
                        raise
                    name = self.get_person(cert.person_id).name
                    raise ValidationError(
                        exc.field, f"{name}:{exc.message}(未保存任何一条)"
                    ) from None
                self._refresh_search(cert.person_id)
                ids.append(saved(event.id, "证件变动"))
        return ids

    def transfer_out(
        self, person_ids: list[int], on: date, reason: str = "", doc_ref: str = ""
    ) -> int:
        """转出: move persons' enforcement relationship out; returns the number of events."""
        if not person_ids:
            raise UserError("请先选择人员")
        rules = self.rules()
        count = 0
        with self.db.atomic():
            for person_id in person_ids:
                person = self.get_person(person_id)
                held = [c for c in self.certificates_of(person_id) if c.status in HELD_STATUSES]
                template = CertificateEvent(Event.TRANSFER.value, on, person_id, None, reason)
                template.doc_ref = doc_ref
                try:
                    for cert in held:
                        event = replace(template, certificate_id=cert.id)
                        self._apply(cert, event, rules, None)
                        count += 1
                except ValidationError as exc:
                    raise ValidationError(exc.field, f"{person.name}:{exc.message}") from None
                if not held:
                    if self._transferred(person_id):
                        raise UserError(f"“{person.name}”的执法关系已经转出")
                    self._insert_event(template)
                    count += 1
                if person.status == PersonStatus.ACTIVE:
                    self._leave(person)
        return count

    def _leave(self, person: Person) -> None:
        """A person whose enforcement relationship went out no longer serves here."""
        left = {"status": PersonStatus.LEFT.value}
        self.update("persons", saved(person.id, "人员"), left)
        before, summary = {"status": person.status}, f"{person.name} 执法关系转出"
        self.log("update", "person", person.id, before, left, summary)

    def _transferred(self, person_id: int) -> bool:
        return bool(
            self.db.execute(
                "SELECT 1 FROM certificate_events WHERE person_id = ? AND event = ? LIMIT 1",
                [person_id, Event.TRANSFER.value],
            ).fetchone()
        )

    def events_of_person(self, person_id: int) -> list[CertificateEvent]:
        """All lifecycle events of a person's certificates, newest first."""
        return queries.events_of_person(self.db, person_id)

    def events_of(self, certificate_id: int) -> list[CertificateEvent]:
        """The history timeline of one certificate, oldest first."""
        sql = "SELECT * FROM certificate_events WHERE certificate_id = ? ORDER BY date, id"
        return [event_from_row(r) for r in self.rows(sql, [certificate_id])]

    # -- exams -------------------------------------------------------------------------
    def add_exam(self, exam: QualificationExam) -> int:
        """Record an exam result; passed follows the pass mark."""
        person = self.get_person(exam.person_id)
        validate_exam(exam, self.rules())
        score = exam.score if exam.score is not None else ""
        summary = f"{person.name} {exam.kind} {score} {'合格' if exam.passed else '不合格'}"
        with self.db.atomic():
            exam.id = self.insert("qualification_exams", exam_to_row(exam), updated=False)
            self.log("create", "qualification_exam", exam.id, None, exam, summary)
        return exam.id

    def exams_of(self, person_id: int) -> list[QualificationExam]:
        """A person's exams, newest first."""
        return queries.exams_of(self.db, person_id)

    def delete_exam(self, exam_id: int) -> None:
        """Remove a mistaken exam record."""
        before = exam_from_row(self._row("qualification_exams", exam_id, "考试记录"))
        with self.db.atomic():
            self.db.execute("DELETE FROM qualification_exams WHERE id = ?", [exam_id])
            self.log("delete", "qualification_exam", exam_id, before)

    # -- notice texts ------------------------------------------------------------------
    def notice_texts(self) -> dict[str, Any]:
        """The renewal notice texts last used."""
        return dict(SettingsRepo(self.db).get("personnel.notice_texts") or {})

    def save_notice_texts(self, texts: dict[str, Any]) -> None:
        """Keep the renewal notice texts for next time."""
        SettingsRepo(self.db).set_many({"personnel.notice_texts": texts})
