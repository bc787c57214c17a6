"""Dialogs for persons, certificates, lifecycle events, exams and the personnel settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import cast

from PySide6.QtWidgets import QLineEdit, QWidget

from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.identifiers import check_resident_id
from desktop_app.domain.personnel import (
    CANCEL_REASONS,
    CERTIFICATE_KINDS,
    EMPLOYMENT_TYPES,
    EXAM_KINDS,
    GENDERS,
    LEFT_STATUSES,
    PERSON_STATUSES,
    Certificate,
    CertificateEvent,
    Event,
    Person,
    QualificationExam,
    Renewal,
    check_event,
    default_valid_until,
    employment_warning,
)
from desktop_app.domain.text import compact_code
from desktop_app.storage.personnel.repo import PersonnelRepo
from desktop_app.ui import messages
from desktop_app.ui.dialogs import rules as rules_dialog
from desktop_app.ui.dialogs.form import FormDialog

EVENT_NOTES = {
    Event.RENEW: "换证后证件自换证日期起重新计算有效期;如发了新证号请填写新证号。",
    Event.REVIEW: "年审通过后,下次年审日期按设置的年审间隔重新计算。",
    Event.SUSPEND: "暂扣期间不得从事执法活动;恢复时请办理“恢复”。",
    Event.RESTORE: "恢复后证件重新有效。",
    Event.CANCEL: "注销不可撤回,必须说明原因。",
}


def edit_person(
    parent: QWidget,
    repo: PersonnelRepo,
    person: Person | None,
    units: list[str],
    departments: list[str],
    today: date,
) -> int | None:
    """Add or edit a person; returns the id when saved."""
    person = person or Person(name="")
    form = FormDialog("编辑人员" if person.id else "新增人员", parent)
    form.add_text("name", "姓名", person.name, required=True)
    id_number = form.add_text("id_number", "身份证号", person.id_number or "")
    id_number.setPlaceholderText("18 位,可不填;填写后自动核对并带出性别和出生日期")
    gender = form.add_choice("gender", "性别", ["", *GENDERS], person.gender)
    birth = form.add_date("birth_date", "出生日期", person.birth_date)
    form.add_choice("unit", "单位", ["", *units], person.unit, editable=True)
    form.add_choice("department", "处室/科室", ["", *departments], person.department, editable=True)
    form.add_text("post", "职务", person.post)
    form.add_choice("employment_type", "人员类别", EMPLOYMENT_TYPES, person.employment_type)
    form.add_text("phone", "联系电话", person.phone)
    form.add_choice("status", "状态", PERSON_STATUSES, person.status)
    form.add_multiline("notes", "备注", person.notes, lines=2)

    def derive() -> None:
        text = form.text("id_number")
        try:
            found = check_resident_id(text, "身份证号", today) if text else None
        except ValidationError as exc:
            form.show_note(f"⚠ {exc}")
            return
        birth.setEnabled(found is None)
        if found is None:
            form.show_note("")
            return
        birth.setText(found.birth_date.isoformat())
        note = f"身份证号有效:{found.gender},出生日期 {found.birth_date.isoformat()}。"
        form.show_note(f"{note}\n⚠ {found.warning}。" if found.warning else note)
        if not form.text("gender"):
            gender.setCurrentText(found.gender)

    def typed(text: str) -> None:  # checked as soon as 18 characters are there
        if len(compact_code(text)) == 18:
            derive()

    id_number.editingFinished.connect(derive)
    id_number.textChanged.connect(typed)
    if person.id_number:
        derive()

    def save() -> None:
        edited = replace(person, **form.values())
        edited.id_number = edited.id_number or None
        if edited.id:
            repo.update_person(edited, today)
        else:
            repo.add_person(edited, today)
        person.id = edited.id

    if not form.run(save) or person.id is None:
        return None
    if form.text("status") in LEFT_STATUSES and any(
        c.status in ("有效", "暂扣") for c in repo.certificates_of(person.id)
    ):
        messages.inform(
            parent,
            "应注销",
            f"“{form.text('name')}”已{form.text('status')},但仍持有有效证件,"
            "请在下方证件列表中办理“注销”或“转出”。",
        )
    return person.id


def issue_certificate(
    parent: QWidget,
    repo: PersonnelRepo,
    person: Person,
    categories: list[str],
    authorities: list[str],
    today: date,
) -> int | None:
    """新办证件 for a person; returns the certificate id when saved."""
    rules = repo.rules()
    form = FormDialog(f"新办证件 — {person.name}", parent)
    form.add_choice("kind", "证件种类", CERTIFICATE_KINDS)
    form.add_text("number", "证号", required=True)
    usual = categories[0] if categories else ""
    form.add_choice("category", "执法类别/区域", ["", *categories], usual, editable=True)
    form.add_choice("authority", "发证机关", authorities or [""], editable=True)
    form.add_date("issue_date", "发证日期", today, required=True)
    form.add_date("valid_until", "有效期至")
    form.add_text("doc_ref", "发证文号")
    form.add_multiline("notes", "备注", lines=2)
    form.show_note(
        f"有效期至不填时,按设置的有效期 {rules.validity_years} 年自动计算。"
        + (
            f"\n⚠ {employment_warning(person.employment_type, rules)}。"
            if employment_warning(person.employment_type, rules)
            else ""
        )
    )

    person_id = cast(int, person.id)  # a person shown on the roster is stored

    def save() -> int:
        values = form.values()
        doc_ref = values.pop("doc_ref")
        cert = Certificate(person_id=person_id, **values)
        cert.valid_until = cert.valid_until or default_valid_until(values["issue_date"], rules)
        allow = False
        warning = employment_warning(person.employment_type, rules)
        if warning:
            if not messages.ask(form, "人员类别", f"{warning}。确认仍要办理吗?"):
                raise ValidationError("人员类别", "已取消办理")
            allow = True
        return repo.issue_certificate(cert, doc_ref=doc_ref, allow_employment=allow)

    return form.run(save)


def record_event(
    parent: QWidget,
    repo: PersonnelRepo,
    event: Event,
    certificate_ids: list[int],
    today: date,
    who: str,
) -> bool:
    """换证 / 年审 / 暂扣 / 恢复 / 注销 for one or several certificates (one transaction)."""
    rules = repo.rules()
    several = len(certificate_ids) > 1
    form = FormDialog(f"{'批量' if several else ''}{event.value} — {who}", parent)
    form.add_date("date", "办理日期", today, required=True)
    if event == Event.RENEW:
        form.add_date("valid_until", "新有效期至")
        if not several:
            form.add_text("number", "新证号").setPlaceholderText("不换号可不填")
    if event == Event.CANCEL:
        reason = form.add_choice("reason", "原因", ["", *CANCEL_REASONS], editable=True)
        cast(QLineEdit, reason.lineEdit()).setPlaceholderText("必须填写:从列表选择或直接输入")
    else:
        form.add_text("reason", "原因", required=event == Event.SUSPEND)
    form.add_text("doc_ref", "文号/依据")
    note = EVENT_NOTES.get(event, "")
    if event == Event.RENEW:
        note += f"新有效期至不填时按 {rules.validity_years} 年计算。"
    if several:
        note += f"\n将对 {len(certificate_ids)} 个证件一并办理;任一证件不能办理时全部不保存。"
    form.show_note(note)

    def save() -> None:
        template = CertificateEvent(
            event.value, person_id=0, **form.values("date", "reason", "doc_ref")
        )
        if event == Event.CANCEL and not confirm_cancel(form, repo, certificate_ids, template):
            raise UserError("未注销任何证件。可修改后再保存,或点“取消”关闭。")
        renewal = None
        if event == Event.RENEW:
            until = form.date("valid_until") or default_valid_until(template.date, rules)
            renewal = Renewal(until, "" if several else form.text("number"))
        repo.record_events(certificate_ids, template, renewal)

    return bool(form.run(save))


CANCEL_LISTED = 10  # certificates named one by one in the 注销 question


def cancel_question(lines: list[str]) -> str:
    """The 注销 question naming each certificate ("姓名 证件种类 证号"), the first ten."""
    shown = lines[:CANCEL_LISTED]
    if len(lines) > CANCEL_LISTED:
        shown.append(f"…等共 {len(lines)} 个证件")
    listed = "\n".join(shown)
    return f"确定注销以下证件吗?\n\n{listed}\n\n注销不可撤回:证件注销后不能恢复,也不能再用于执法。"


def confirm_cancel(
    parent: QWidget, repo: PersonnelRepo, certificate_ids: list[int], event: CertificateEvent
) -> bool:
    """Ask before 注销 (irreversible), naming the persons and numbers; 取消 is the default.
    A 注销 the certificates do not allow (no reason, a date before issue) is refused first."""
    lines = []
    for certificate_id in certificate_ids:
        cert = repo.get_certificate(certificate_id)
        check_event(cert, replace(event, certificate_id=certificate_id))
        lines.append(f"{repo.get_person(cert.person_id).name} {cert.kind} {cert.number}")
    return messages.confirm_destructive(parent, "注销证件", cancel_question(lines), "注销")


def transfer_out(
    parent: QWidget, repo: PersonnelRepo, person_ids: list[int], names: str, today: date
) -> bool:
    """转出: move the persons' enforcement relationship out (one transaction)."""
    form = FormDialog(f"转出执法关系 — {names}", parent)
    form.add_date("date", "转出日期", today, required=True)
    form.add_text("reason", "原因/转至单位").setPlaceholderText("如 机构改革,划转至市行政审批局")
    form.add_text("doc_ref", "文号/依据")
    form.show_note(
        f"共 {len(person_ids)} 人。其持有的有效、暂扣证件状态改为“转出”,人员状态改为“调离”。"
    )

    def save() -> None:
        values = form.values()
        repo.transfer_out(person_ids, values["date"], values["reason"], values["doc_ref"])

    return bool(form.run(save))


def edit_certificate(parent: QWidget, repo: PersonnelRepo, cert: Certificate) -> bool:
    """更正 a certificate's recorded fields (mistakes, not lifecycle events)."""
    form = FormDialog(f"更正证件信息 — {cert.number}", parent)
    form.add_choice("kind", "证件种类", CERTIFICATE_KINDS, cert.kind)
    form.add_text("number", "证号", cert.number, required=True)
    form.add_text("category", "执法类别/区域", cert.category)
    form.add_text("authority", "发证机关", cert.authority)
    form.add_date("issue_date", "发证日期", cert.issue_date, required=True)
    form.add_date("valid_until", "有效期至", cert.valid_until, required=True)
    form.add_date("last_review", "最近年审", cert.last_review)
    form.add_choice("status", "状态", ("有效", "暂扣", "注销", "转出"), cert.status)
    form.add_multiline("notes", "备注", cert.notes, lines=2)
    form.show_note("仅用于更正录入错误;换证、年审、注销等请用相应按钮办理,以便留下记录。")

    return bool(form.run(lambda: repo.update_certificate(replace(cert, **form.values()))))


def add_exam(parent: QWidget, repo: PersonnelRepo, person: Person, today: date) -> int | None:
    """Record a qualification exam result."""
    rules = repo.rules()
    form = FormDialog(f"录入执法资格考试 — {person.name}", parent)
    form.add_choice("kind", "考试类别", EXAM_KINDS)
    form.add_date("date", "考试日期", today, required=True)
    form.add_text("score", "成绩").setPlaceholderText("0–100,缺考可不填")
    form.add_text("notes", "备注")
    form.show_note(f"合格分数线为 {rules.pass_mark} 分(可在“证件设置”中修改)。")

    def save() -> int:
        text = form.text("score")
        try:
            score = float(text) if text else None
        except ValueError:
            raise ValidationError("成绩", f"“{text}”不是数字") from None
        values = form.values("kind", "date", "notes")
        exam = QualificationExam(cast(int, person.id), **values, score=score)
        return repo.add_exam(exam)

    return form.run(save)


def edit_rules(parent: QWidget, repo: PersonnelRepo) -> bool:
    """The personnel settings: validity, review interval, warning lead, pass mark, who may hold."""
    return rules_dialog.edit_settings(parent, repo.db, ("personnel",), save=repo.save_settings)
