"""The lower half of the personnel page: a person's certificates, history and exams."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, cast

from desktop_app.context import AppContext
from desktop_app.domain.identifiers import mask_id
from desktop_app.domain.personnel import CertificateEvent, Event, Person, QualificationExam
from desktop_app.storage.personnel import queries
from desktop_app.storage.personnel.queries import certificate_query, distinct_certificate_values
from desktop_app.storage.settings import read_certificate_rules
from desktop_app.ui import messages
from desktop_app.ui.personnel import dialogs
from desktop_app.ui.personnel.columns import (
    CERTIFICATE_COLUMNS,
    WarningTableModel,
    warning_colour,
)
from desktop_app.ui.register_page import DetailPane

if TYPE_CHECKING:
    from desktop_app.storage.personnel.repo import PersonnelRepo

TITLE = "执法人员"
CERT_ACTIONS = (
    ("换证", Event.RENEW),
    ("年审", Event.REVIEW),
    ("暂扣", Event.SUSPEND),
    ("恢复", Event.RESTORE),
    ("注销", Event.CANCEL),
)


class PersonDetail(DetailPane):
    """Certificates of the selected person with their actions, the history and the exams."""

    title = TITLE
    shows = frozenset(
        {"persons", "certificates", "certificate_events", "qualification_exams", "settings"}
    )

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.person: Person | None = None
        self.certificates = WarningTableModel(CERTIFICATE_COLUMNS, warning_colour, self)
        self.cert_view = self.table(
            self.certificates, "certificates", multi=True, open_row=self.correct_certificate
        )
        buttons = [("新办证件", self.issue)]
        buttons += [(text, self._event_slot(event)) for text, event in CERT_ACTIONS]
        buttons.append(("更正证件信息", self.correct_certificate))
        self.history = self.history_view("personHistory")
        self.exams = self.item_list("exams")
        exam_actions = [("录入考试成绩", self.add_exam), ("删除考试记录", self.delete_exam)]
        self.arrange(
            (self.cert_view, buttons),
            (self.history, "人员信息与证件记录"),
            (self.exams, exam_actions, "执法资格考试"),
        )

    @property
    def repo(self) -> PersonnelRepo:
        """The personnel repository on the GUI thread's connection."""
        return self.ctx.personnel

    # -- showing -----------------------------------------------------------------
    def load(self) -> None:
        """The shown person's certificates, history and exams."""
        person_id = self.record_id
        self.person = queries.get_person(self.ctx.conn, person_id) if person_id else None
        query = None
        if person_id and self.person is not None:
            rules = read_certificate_rules(self.ctx.conn)
            query = certificate_query(
                self.ctx.conn, person_id, self.person.status, self.ctx.today(), rules
            )
        self.certificates.set_query(query)
        self._show_history()
        exams = queries.exams_of(self.ctx.conn, person_id) if person_id else []
        self.fill_items(self.exams, ((_exam_text(exam), cast(int, exam.id)) for exam in exams))

    def _show_history(self) -> None:
        person, person_id = self.person, self.record_id
        if person is None or person_id is None:
            self.history.setHtml("<p style='color:#777'>请在上方名单中选择一名人员。</p>")
            return
        e = html.escape
        facts = [
            f"{e(person.gender)}" if person.gender else "",
            f"出生日期 {person.birth_date}" if person.birth_date else "",
            f"身份证号 {mask_id(person.id_number)}" if person.id_number else "未登记身份证号",
            f"{e(person.employment_type)}",
            f"电话 {e(person.phone)}" if person.phone else "",
        ]
        where = " ".join(e(p) for p in (person.unit, person.department, person.post) if p)
        parts = [
            f"<h3>{e(person.name)} <small>({e(person.status)})</small></h3>",
            f"<p>{'、'.join(f for f in facts if f)}<br>{where}</p>",
        ]
        if person.notes:
            parts.append(f"<p>备注:{e(person.notes)}</p>")
        events = queries.events_of_person(self.ctx.conn, person_id)
        parts.append("<h4>证件记录</h4>")
        if not events:
            parts.append("<p style='color:#777'>尚无证件记录。</p>")
        parts += [f"<p>{line}</p>" for line in self._event_lines(person_id, events)]
        self.history.setHtml("".join(parts))

    def _event_lines(self, person_id: int, events: list[CertificateEvent]) -> list[str]:
        """One HTML line per event, newest first, each with the number it was made with (a
        换证 to a new number also names the earlier one)."""
        e = html.escape
        certs = {c.id: c for c in queries.certificates_of(self.ctx.conn, person_id)}
        earlier: dict[int | None, str] = {}  # certificate → number before the event
        previous: dict[int, str] = {}  # event id → number of the certificate's earlier event
        for ev in reversed(events):  # oldest first
            number = ev.number or (
                certs[ev.certificate_id].number if ev.certificate_id in certs else ""
            )
            if ev.id is not None and ev.certificate_id in earlier:
                previous[ev.id] = earlier[ev.certificate_id]
            earlier[ev.certificate_id] = number
        lines = []
        for ev in events:
            cert = certs.get(ev.certificate_id) if ev.certificate_id is not None else None
            number = ev.number or (cert.number if cert else "")
            target = f"{cert.kind} {number}" if cert else "执法关系"
            was = previous.get(ev.id) if ev.id is not None else None
            renamed = f"(原证号 {was})" if ev.event == Event.RENEW and was and was != number else ""
            extra = "".join(
                f" {e(x)}" for x in (ev.reason, f"({ev.doc_ref})" if ev.doc_ref else "") if x
            )
            lines.append(f"<b>{ev.date}</b> {e(ev.event)} [{e(target)}]{e(renamed)}{extra}")
        return lines

    # -- actions -------------------------------------------------------------------
    def selected_certificates(self) -> list[int]:
        """Ids of the selected certificates, in view order."""
        return self.selected_in("certificates")

    def issue(self) -> None:
        """新办证件 for the shown person."""
        if self.person is None:
            return
        person, db = self.person, self.ctx.conn
        self.guard(
            lambda: dialogs.issue_certificate(
                self,
                self.repo,
                person,
                distinct_certificate_values(db, "category"),
                distinct_certificate_values(db, "authority"),
                self.ctx.today(),
            )
        )

    def _event_slot(self, event: Event):
        return lambda: self.record(event)

    def record(self, event: Event) -> None:
        """换证 / 年审 / 暂扣 / 恢复 / 注销 the selected certificates."""
        ids = self.selected_certificates()
        if self.person is None:
            return
        if not ids:
            messages.inform(self, TITLE, f"请先在证件列表中选择要{event.value}的证件。")
            return
        who = self.person.name
        self.guard(lambda: dialogs.record_event(self, self.repo, event, ids, self.ctx.today(), who))

    def correct_certificate(self) -> None:
        """更正 the selected certificate's recorded fields."""
        ids = self.selected_certificates()
        if not ids:
            return
        cert = queries.get_certificate(self.ctx.conn, ids[0])
        self.guard(lambda: dialogs.edit_certificate(self, self.repo, cert))

    def add_exam(self) -> None:
        """Record an exam result for the shown person."""
        if self.person is not None:
            person = self.person
            self.guard(lambda: dialogs.add_exam(self, self.repo, person, self.ctx.today()))

    def delete_exam(self) -> None:
        """Delete the selected exam record after confirmation."""
        exam_id = self.current_item_id(self.exams)
        if exam_id is not None:
            delete = lambda: self.repo.delete_exam(exam_id)  # noqa: E731
            self.confirmed("删除考试记录", "确定删除所选考试记录吗?", delete)


def _exam_text(exam: QualificationExam) -> str:
    score = "缺考" if exam.score is None else f"{exam.score:g} 分"
    outcome = "合格" if exam.passed else "不合格"
    notes = f"  {exam.notes}" if exam.notes else ""
    return f"{exam.date}  {exam.kind}  {score}  {outcome}{notes}"
