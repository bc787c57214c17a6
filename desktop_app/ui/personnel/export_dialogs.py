"""Dialogs before a personnel export or batch action: options and the notice's texts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from desktop_app.domain.notices import NoticeTexts
from desktop_app.domain.personnel import CERTIFICATE_KINDS, Event
from desktop_app.ui.dialogs.form import FormDialog
from desktop_app.ui.dialogs.notice_texts import (
    NoticeField,
    NumberOption,
    edit_notice_texts,
    head_fields,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

ALL_KINDS = "全部证件"
BATCH_EVENTS = (Event.REVIEW, Event.RENEW, Event.SUSPEND, Event.RESTORE, Event.CANCEL)


@dataclass
class LedgerChoice:
    """What the clerk chose for the personnel ledger."""

    year: int
    full_id: bool


def ledger_options(parent: QWidget, today: date) -> LedgerChoice | None:
    """Year and ID display of the personnel ledger; None when cancelled."""
    form = FormDialog("导出执法人员台账", parent)
    form.add_number("year", "统计年度", today.year, 1990, 2100)
    form.add_check("full_id", "显示完整身份证号", False)
    form.show_note(
        "默认只显示身份证号前 6 位和后 4 位。选择显示完整号码时,本次导出将记入操作日志,"
        "请妥善保管导出的文件。"
    )
    return form.run(lambda: LedgerChoice(**form.values()))


def batch_choice(parent: QWidget, persons: int) -> tuple[Event, str] | None:
    """Which event and certificate kind to apply to the selected persons."""
    form = FormDialog(f"批量办理 — 已选 {persons} 人", parent)
    form.add_choice("event", "办理事项", [e.value for e in BATCH_EVENTS])
    form.add_choice("kind", "证件种类", [CERTIFICATE_KINDS[0], CERTIFICATE_KINDS[1], ALL_KINDS])
    form.show_note(
        "对所选人员名下符合条件的证件一并办理,在一个事务中保存:任一证件不能办理时全部不保存。"
    )
    return form.run(lambda: (Event(form.text("event")), form.text("kind")))


RENEWAL_NOTICE_FIELDS = (
    *head_fields("鹤壁市科学技术局文件(使用红头时)", "鹤科〔2025〕8号"),
    NoticeField("opening", "开头", lines=4),
    NoticeField("requirements", "有关要求(每行一条)", lines=6),
    NoticeField("contact", "联系人及电话"),
    NoticeField("signature", "落款", placeholder="发文机关署名"),
    NoticeField("sign_date", "成文日期", required=True),
)


def notice_texts(
    parent: QWidget, texts: NoticeTexts, within_days: int
) -> tuple[NoticeTexts, int] | None:
    """Edit the renewal notice's texts and window before export; None when cancelled."""
    within = NumberOption("within", "列出多少天内到期或需年审", within_days, 0, 3650)
    edited = edit_notice_texts(
        parent,
        "换证和年审通知",
        texts,
        RENEWAL_NOTICE_FIELDS,
        options=[within],
        note="名单(姓名、证件、需办理事项和办理时限)由系统按天数自动列出,作为通知的附件。",
    )
    return None if edited is None else (edited[0], edited[1]["within"])
