"""The renewal notice (关于办理行政执法证件换证和年审的通知) on the shared GB/T 9704 layout.

The clerk's texts frame a table of the holders whose certificates expire or fall due for
review within the chosen window: who, which certificate, what each must do and by when.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from typing import IO

from desktop_app.domain.dates import cn_date
from desktop_app.domain.errors import UserError
from desktop_app.domain.personnel import CertificateKind
from desktop_app.domain.personnel_notice import (
    LATE_REVIEW_ACTION,
    REVIEW_ACTION,
    NoticeItem,
    RenewalNoticeTexts,
)
from desktop_app.formats.fonts import FontSet
from desktop_app.formats.pdf_layout import (
    Addressee,
    Block,
    DocNumber,
    Heading1,
    OfficialDocument,
    PageBreak,
    Paragraph,
    RedHeader,
    Signature,
    Table,
    Title,
    render_pdf,
)
from desktop_app.jobs import CancelCheck, Progress

HEADER = ("序号", "姓名", "单位（处室）", "证件及证号", "有效期至", "需办理事项", "办理时限")
WIDTHS = (12, 24, 28, 28, 26, 31, 27)  # weights across the 156 mm type area
TABLE_FONT_SIZE = 10.5  # 五号
ATTACHMENT_TITLE = "需要办理换证和年审的行政执法人员名单"


def _unit(item: NoticeItem) -> str:
    if item.unit and item.department:
        return f"{item.unit}（{item.department}）"
    return item.unit or item.department


def _certificate(item: NoticeItem) -> str:
    short = "执法证" if item.kind == CertificateKind.ENFORCEMENT else "监督证"
    return f"{short}\n{item.number}"


def _short_date(d: date | None) -> str:
    return f"{d.year}.{d.month}.{d.day}" if d else ""


def _deadline(item: NoticeItem) -> str:
    return f"{_short_date(item.deadline)}前" if item.deadline else "立即办理"


def count_line(items: Sequence[NoticeItem], today: date, within_days: int) -> str:
    """截至…，N日内到期或需要年审的证件共M个（K人），其中需换证a个、需年审b个。"""
    people = len({(i.name, i.unit, i.department) for i in items})
    review = sum(1 for i in items if i.action in (REVIEW_ACTION, LATE_REVIEW_ACTION))
    renew = len(items) - review
    return (
        f"截至{cn_date(today)}，{within_days}日内到期或需要年审的证件共{len(items)}个"
        f"（{people}人），其中需换证{renew}个、需年审{review}个（含已过期、已逾期的），"
        "名单见附件。"
    )


def compose_renewal_notice(
    texts: RenewalNoticeTexts, items: Sequence[NoticeItem], today: date, within_days: int
) -> list[Block]:
    """The notice: header, title, addressee, body, signature; then the list as 附件."""
    blocks: list[Block] = []
    if texts.red_header and texts.issuer.strip():
        blocks.append(RedHeader(texts.issuer.strip(), texts.doc_no.strip()))
    elif texts.doc_no.strip():
        blocks.append(DocNumber(texts.doc_no.strip()))
    blocks.append(Title(texts.title.strip() or "关于办理行政执法证件换证和年审的通知"))
    if texts.addressee.strip():
        blocks.append(Addressee(texts.addressee.strip()))
    if texts.opening.strip():
        blocks.append(Paragraph(texts.opening.strip()))
    blocks.append(Heading1("一、需要办理的人员"))
    blocks.append(Paragraph(count_line(items, today, within_days)))
    requirements = [p.strip() for p in texts.requirements.split("\n") if p.strip()]
    if requirements:
        blocks.append(Heading1("二、有关要求"))
        numbered = len(requirements) > 1
        for n, part in enumerate(requirements, 1):
            blocks.append(Paragraph(f"{n}.{part}" if numbered and not part[0].isdigit() else part))
    if texts.contact.strip():
        blocks.append(Paragraph(f"联系人及电话：{texts.contact.strip()}"))
    blocks.append(Paragraph(f"附件：{ATTACHMENT_TITLE}"))
    blocks.append(Signature(texts.signature.strip(), texts.sign_date))
    rows = [
        [
            seq,
            item.name,
            _unit(item),
            _certificate(item),
            _short_date(item.valid_until),
            item.action,
            _deadline(item),
        ]
        for seq, item in enumerate(items, 1)
    ]
    blocks += [
        PageBreak(),
        Paragraph("附件", indent=0),
        Title(ATTACHMENT_TITLE),
        Table(HEADER, rows, WIDTHS, TABLE_FONT_SIZE),
    ]
    return blocks


def write_renewal_notice(
    path: str | os.PathLike[str] | IO[bytes],
    texts: RenewalNoticeTexts,
    items: Sequence[NoticeItem],
    fonts: FontSet,
    today: date,
    within_days: int,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Compose and write the notice PDF; return its page count."""
    if not items:
        raise UserError("所选期限内没有需要换证或年审的人员,无需发通知。")
    blocks = compose_renewal_notice(texts, items, today, within_days)
    title = texts.title.strip() or "换证和年审通知"
    doc = OfficialDocument(blocks, title)
    return render_pdf(doc, fonts, path, progress, cancelled)
