"""The draw's documents in the document dialog: preview, PDF, Word, print.

The record (抽取记录) has no texts to edit (it is the draw itself, signed by hand); the task
notice (检查任务通知) has its texts, kept for the next notice; the publication (结果公示)
is the year's list, signed by the office.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.exports import draws as draw_exports
from desktop_app.ui.dialogs.document_dialog import DocumentDialog, export_writer
from desktop_app.ui.dialogs.notice_texts import NoticeField, closing_fields, head_fields

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop_app.context import AppContext

NOTICE_FIELDS = (
    *head_fields("某某市科学技术局文件", "某科执〔2022〕3号"),
    NoticeField("opening", "开头", lines=4),
    NoticeField("content", "一、检查事项和时间", lines=3),
    NoticeField("requirements", "三、工作要求(每行一条)", lines=4),
    *closing_fields(cc=False),
)
NOTICE_NOTE = (
    "“二、检查对象和检查组”和附件名单由抽取结果生成,不能修改;"
    "发文机关、工作要求、联系人和落款下次沿用。"
)


def record_dialog(parent: QWidget, ctx: AppContext, draw_id: int) -> DocumentDialog:
    """抽取记录 of one draw: preview, PDF, Word, print."""
    return DocumentDialog.as_recorded(
        ctx,
        "抽取记录",
        ("draw-record", {"draw": draw_id}),
        file_stem=f"抽取记录第{draw_id}号",
        note="抽取记录按记录原样生成,打印后由经办人和监督人签字。",
        signed=False,
        parent=parent,
    )


def notice_dialog(parent: QWidget, ctx: AppContext, draw_id: int) -> DocumentDialog:
    """检查任务通知 of a draw in force, from the kept and generated texts."""
    from desktop_app.storage.draws.repo import save_notice_texts

    texts = draw_exports.notice_texts_for(ctx.conn, draw_id, {"today": ctx.today()})
    return DocumentDialog(
        ctx,
        "检查任务通知",
        texts,
        NOTICE_FIELDS,
        export_writer("draw-notice", {"draw": draw_id}),
        file_stem=f"检查任务通知第{draw_id}号",
        save_texts=lambda edited: save_notice_texts(ctx.db, edited),
        note=NOTICE_NOTE,
        parent=parent,
    )


def publicity_dialog(parent: QWidget, ctx: AppContext, year: int) -> DocumentDialog:
    """结果公示 of a year as a document: preview, PDF, Word, print."""
    return DocumentDialog.as_recorded(
        ctx,
        "结果公示",
        ("draw-publicity-pdf", {"year": year, "today": ctx.today()}),
        file_stem=f"双随机抽查结果公示_{year}年",
        note="列出本年度抽中的检查对象、检查组和已录入的检查结果,不含身份证号。",
        parent=parent,
    )
