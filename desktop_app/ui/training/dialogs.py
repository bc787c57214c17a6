"""Dialogs for training sessions, attendance, notice texts and training rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from desktop_app.domain.dates import cn_date
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.training import (
    ATTENDANCE_STATUSES,
    F_CREDITED,
    F_DATE,
    F_END,
    F_END_DATE,
    F_EXPECTED,
    F_HOURS,
    F_KIND,
    F_SCORE,
    F_START,
    F_STATUS,
    F_TITLE,
    ONLINE_EXAM,
    SESSION_KINDS,
    Attendance,
    AttendanceStatus,
    TrainingSession,
    default_hours,
    hours_text,
    parse_laws,
    parse_number,
)
from desktop_app.storage.training.repo import TrainingRepo
from desktop_app.ui.dialogs import rules as rules_dialog
from desktop_app.ui.dialogs.form import FormDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
    from sqlite_utils import Database

F_ORGANISER, F_PLACE, F_SPEAKER, F_LAWS, F_NOTES = (
    "组织单位",
    "地点",
    "主讲人",
    "学习法律法规",
    "备注",
)


def _number_text(value: float | None) -> str:
    return hours_text(value) if value is not None else ""


def edit_session(parent: QWidget, repo: TrainingRepo, session: TrainingSession) -> int | None:
    """Add or edit a session; returns its id when saved."""
    form = FormDialog("编辑学法培训活动" if session.id else "新增学法培训活动", parent)
    form.add_text("title", F_TITLE, session.title, required=True).setPlaceholderText(
        "如 党组理论学习中心组学习《公平竞争审查条例》"
    )
    kind = form.add_choice("kind", F_KIND, SESSION_KINDS, session.kind)
    form.add_date("date", F_DATE, session.date, required=True)
    form.add_date("end_date", F_END_DATE, session.end_date).setPlaceholderText("跨天活动才填")
    form.add_text("start_time", F_START, session.start_time).setPlaceholderText("如 9:00")
    form.add_text("end_time", F_END, session.end_time).setPlaceholderText("如 11:30")
    hours = form.add_text("hours", F_HOURS, _number_text(session.hours or None), required=True)
    hours.setPlaceholderText("每天最多 24 学时,可保留一位小数,如 2.5")
    form.add_text("organiser", F_ORGANISER, session.organiser)
    form.add_text("place", F_PLACE, session.place)
    form.add_text("speaker", F_SPEAKER, session.speaker)
    laws = form.add_multiline("laws", F_LAWS, "\n".join(session.laws), lines=3)
    laws.setPlaceholderText("每行一部,或写作《…》《…》")
    expected = form.add_text(
        "expected", F_EXPECTED, str(session.expected) if session.expected else ""
    )
    expected.setPlaceholderText("不填则按参考名单人数计算参与率")
    form.add_multiline("notes", F_NOTES, session.notes, lines=2)

    def kind_changed(text: str) -> None:
        expected.setEnabled(text == ONLINE_EXAM)

    kind.currentTextChanged.connect(kind_changed)
    kind_changed(kind.currentText())
    form.show_note(
        "出席人员默认计入本次活动的学时;在线学法考试的参与率 = 实际参考人数 ÷ 应参考人数。"
    )

    def save() -> None:
        form.read_into(session, "title", "kind", "date", "end_date", "start_time", "end_time")
        form.read_into(session, "organiser", "place", "speaker", "notes")
        # an empty field is refused with the other checks of the session (学时:必须填写)
        session.hours = cast(float, parse_number(form.text("hours"), F_HOURS))
        session.laws = parse_laws(form.text("laws"))
        session.expected = None
        if session.kind == ONLINE_EXAM and form.text("expected"):
            count = form.text("expected")
            if not count.isdigit():
                raise ValidationError(F_EXPECTED, f"“{count}”不是整数")
            session.expected = int(count)
        if session.id:
            repo.update_session(session)
        else:
            repo.add_session(session)

    return session.id if form.run(save) else None


def edit_attendance(parent: QWidget, repo: TrainingRepo, att: Attendance) -> bool:
    """Edit one person's status, credited hours, score and remark."""
    session = repo.get_session(att.session_id)
    form = FormDialog(f"出勤情况 — {att.name}", parent)
    form.show_note(f"{session.title}({cn_date(session.date)},{hours_text(session.hours)} 学时)")
    who = "  ".join(p for p in (att.name, att.unit, att.department, att.post) if p)
    form.add_text("person", "人员", who).setReadOnly(True)
    status: QComboBox = form.add_choice("status", F_STATUS, ATTENDANCE_STATUSES, att.status.value)
    hours: QLineEdit = form.add_text("hours", F_CREDITED, _number_text(att.hours))
    score: QLineEdit = form.add_text("score", F_SCORE, _number_text(att.score))
    score.setPlaceholderText("0–100,考试类活动填写")
    form.add_text("remark", "备注", att.remark)

    def status_changed(text: str) -> None:
        present = text == AttendanceStatus.PRESENT
        hours.setText(hours_text(default_hours(AttendanceStatus(text), session.hours)))
        score.setEnabled(present)
        if not present:
            score.clear()

    status.currentTextChanged.connect(status_changed)
    score.setEnabled(att.status == AttendanceStatus.PRESENT)

    def save() -> None:
        att.status = AttendanceStatus(form.text("status"))
        att.hours = parse_number(form.text("hours"), F_CREDITED)
        att.score = parse_number(form.text("score"), F_SCORE)
        att.remark = form.text("remark")
        repo.update_attendance(att)

    return bool(form.run(save))


def edit_rules(parent: QWidget, db: Database) -> bool:
    """学时与考试设置: yearly minimum hours, pass and excellent marks."""
    return rules_dialog.edit_settings(parent, db, ("training",))
