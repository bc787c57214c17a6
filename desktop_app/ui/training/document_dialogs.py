"""The training notice and the sign-in sheet in the document dialog: preview, PDF, Word, print."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QGroupBox, QVBoxLayout

from desktop_app.domain.notices import ATTACHMENTS
from desktop_app.exports import training as training_exports
from desktop_app.ui.dialogs.document_dialog import DocumentDialog, export_writer
from desktop_app.ui.dialogs.notice_texts import NoticeField, closing_fields, head_fields

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop_app.context import AppContext
    from desktop_app.domain.training import TrainingSession

NOTICE_FIELDS = (
    *head_fields("某某市科学技术局文件", "某科〔2024〕5号"),
    NoticeField("opening", "开头", lines=3),
    NoticeField("time_place", "一、时间和地点", lines=3),
    NoticeField("participants", "二、参加人员", lines=3),
    NoticeField("content", "三、学习内容", lines=3),
    NoticeField("requirements", "四、有关要求", lines=3),
    NoticeField("attachment", "附件", choices=ATTACHMENTS),
    *closing_fields(),
)
NOTICE_NOTE = (
    "各段文字可直接修改,随本次活动保存,下次导出时沿用;成文日期默认在活动之前。"
    "附件可选参加人员名单或签到表。"
)
MARKS, HALF_DAYS = "在备注栏标注请假、缺席", "按半天分列签名栏(上午、下午)"


def notice_dialog(
    parent: QWidget, ctx: AppContext, session_id: int, session: TrainingSession
) -> DocumentDialog:
    """The training notice of one session, from its kept (or default) texts."""
    today = ctx.today()
    texts = training_exports.notice_texts_for(ctx.db, session_id, today)
    return DocumentDialog(
        ctx,
        "培训通知",
        texts,
        NOTICE_FIELDS,
        export_writer("training-notice", {"session": session_id, "today": today}),
        file_stem=f"培训通知_{session.title[:24]}",
        save_texts=lambda edited: ctx.training.save_notice_texts(session_id, edited),
        note=NOTICE_NOTE,
        parent=parent,
    )


def signin_dialog(
    parent: QWidget, ctx: AppContext, session_id: int, session: TrainingSession
) -> DocumentDialog:
    """The sign-in sheet of one session: blank by default, marks and half-days on request."""
    box = QGroupBox("签到表")
    marks, half_days = QCheckBox(MARKS), QCheckBox(HALF_DAYS)
    marks.setObjectName("marks")
    half_days.setObjectName("half_days")
    column = QVBoxLayout(box)
    column.addWidget(marks)
    column.addWidget(half_days)

    def options() -> dict[str, bool]:
        return {"marks": marks.isChecked(), "half-days": half_days.isChecked()}

    return DocumentDialog.as_recorded(
        ctx,
        "签到表",
        ("signin-sheet", {"session": session_id}),
        file_stem=f"签到表_{session.date}_{session.title[:24]}",
        note="默认为空白签到表;多日活动每天(或每半天)一栏签名,签名栏较多时用横向页面。",
        extra=box,
        extra_options=options,
        signed=False,
        parent=parent,
    )
