"""The renewal notice (换证和年审通知) in the document dialog: texts, window, preview, export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.domain.notices import NoticeTexts
from desktop_app.domain.personnel_notice import default_notice_texts
from desktop_app.exports import get_export
from desktop_app.ui.dialogs.document_dialog import DocumentDialog
from desktop_app.ui.dialogs.notice_texts import (
    NoticeField,
    NumberOption,
    closing_fields,
    head_fields,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop_app.context import AppContext

RENEWAL_FIELDS = (
    *head_fields("鹤壁市科学技术局文件", "鹤科〔2025〕8号"),
    NoticeField("opening", "开头", lines=4),
    NoticeField("exam_time", "换证考试时间", placeholder="如 2025年4月15日上午9:00"),
    NoticeField("exam_place", "换证考试地点", placeholder="如 市行政服务中心三楼考场"),
    NoticeField("requirements", "有关要求(每行一条)", lines=5),
    *closing_fields(),
)
NOTE = (
    "人员按需办理的事项分列:证件已过期或年审逾期的立即办理;需换证的在到期前参加换证考试"
    "(提前天数见“执法证件设置”);需年审的在年审到期日前办理。名单作为附件自动列出。"
)


def renewal_notice_dialog(parent: QWidget, ctx: AppContext, lead_days: int) -> DocumentDialog:
    """The dialog of the renewal notice, from the texts kept last time."""
    repo = ctx.personnel
    today = ctx.today()
    texts = default_notice_texts(today, NoticeTexts.from_json(repo.notice_texts()))
    within = NumberOption("within", "列出多少天内到期或需年审", lead_days, 0, 3650)
    spec = get_export("renewal-notice")

    def write(db, out, edited, options, progress, cancelled) -> int:
        values = {**options, "texts": edited, "today": today}
        return spec.run(db, out, values, progress, cancelled)

    return DocumentDialog(
        ctx,
        "换证和年审通知",
        texts,
        RENEWAL_FIELDS,
        write,
        file_stem=f"换证和年审通知_{today:%Y%m%d}",
        save_texts=lambda edited: repo.save_notice_texts(edited.to_json()),
        options=[within],
        note=NOTE,
        parent=parent,
    )
