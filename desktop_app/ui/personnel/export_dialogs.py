"""Dialogs before a personnel export or batch action: options and the notice's texts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.personnel import CERTIFICATE_KINDS, Event
from desktop_app.domain.personnel_notice import RenewalNoticeTexts
from desktop_app.ui.dialogs.form import FormDialog
from desktop_app.ui.personnel.dialogs import run_form

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
    chosen: list[LedgerChoice] = []
    form.save = lambda: chosen.append(LedgerChoice(form.value("year"), form.value("full_id")))
    return chosen[0] if run_form(form) else None


def batch_choice(parent: QWidget, persons: int) -> tuple[Event, str] | None:
    """Which event and certificate kind to apply to the selected persons."""
    form = FormDialog(f"批量办理 — 已选 {persons} 人", parent)
    form.add_choice("event", "办理事项", [e.value for e in BATCH_EVENTS])
    form.add_choice("kind", "证件种类", [CERTIFICATE_KINDS[0], CERTIFICATE_KINDS[1], ALL_KINDS])
    form.show_note(
        "对所选人员名下符合条件的证件一并办理,在一个事务中保存:任一证件不能办理时全部不保存。"
    )
    chosen: list[tuple[Event, str]] = []
    form.save = lambda: chosen.append((Event(form.text("event")), form.text("kind")))
    return chosen[0] if run_form(form) else None


def notice_texts(
    parent: QWidget, texts: RenewalNoticeTexts, within_days: int
) -> tuple[RenewalNoticeTexts, int] | None:
    """Edit the renewal notice's texts and window before export; None when cancelled."""
    form = FormDialog("换证和年审通知", parent)
    form.setMinimumWidth(720)
    form.add_number("within", "列出多少天内到期或需年审", within_days, 0, 3650)
    form.add_text("title", "标题", texts.title, required=True)
    form.add_check("red_header", "使用红头", texts.red_header)
    form.add_text("issuer", "发文机关标志", texts.issuer).setPlaceholderText(
        "如 鹤壁市科学技术局文件(使用红头时)"
    )
    form.add_text("doc_no", "发文字号", texts.doc_no).setPlaceholderText("如 鹤科〔2025〕8号")
    form.add_text("addressee", "主送机关", texts.addressee)
    form.add_multiline("opening", "开头", texts.opening, lines=4)
    form.add_multiline("requirements", "有关要求(每行一条)", texts.requirements, lines=6)
    form.add_text("contact", "联系人及电话", texts.contact)
    form.add_text("signature", "落款", texts.signature).setPlaceholderText("发文机关署名")
    form.add_date("sign_date", "成文日期", texts.sign_date, required=True)
    form.show_note("名单(姓名、证件、需办理事项和办理时限)由系统按天数自动列出,作为通知的附件。")
    chosen: list[tuple[RenewalNoticeTexts, int]] = []

    def save() -> None:
        edited = RenewalNoticeTexts(
            title=form.text("title"),
            issuer=form.text("issuer"),
            doc_no=form.text("doc_no"),
            red_header=form.value("red_header"),
            addressee=form.text("addressee"),
            opening=form.text("opening"),
            requirements=form.text("requirements"),
            contact=form.text("contact"),
            signature=form.text("signature"),
            sign_date=form.date("sign_date", required=True),
        )
        if not edited.title:
            raise ValidationError("标题", "必须填写")
        chosen.append((edited, form.value("within")))

    form.save = save
    return chosen[0] if run_form(form) else None
