"""The renewal notice (关于办理行政执法证件换证和年审的通知) as one GB/T 9704 document.

The holders are listed under what they must do: 立即办理 (证件已过期、年审已逾期), 需换证 (the
renewal exam by the renewal lead before expiry) and 需年审 (by the due date); then the exam's
time, place and contact, the requirements, the contact line, the 附件说明 and the signature.
The annex lists everyone in one table, category by category, numbers kept whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from desktop_app.domain.agency import AgencyProfile
from desktop_app.domain.dates import cn_date
from desktop_app.domain.errors import UserError
from desktop_app.domain.notices import NoticeTexts
from desktop_app.domain.personnel import CertificateKind
from desktop_app.domain.personnel_notice import CATEGORIES, IMMEDIATE, RENEW, REVIEW, NoticeItem
from desktop_app.formats import composing
from desktop_app.formats.document import Block, OfficialDocument, Paragraph, Table, Title

DEFAULT_TITLE = "关于办理行政执法证件换证和年审的通知"
ATTACHMENT_TITLE = "需要办理换证和年审的行政执法人员名单"
HEADER = ("序号", "姓名", "单位（处室）", "证件及证号", "有效期至", "需办理事项", "办理时限")
TABLE_FONT_SIZE = 10.5  # 五号
NAMES_IN_BODY = 30  # more holders than this in a group: the body counts them, the annex lists
_GROUP_HEADINGS = {
    IMMEDIATE: "需要立即办理的人员",
    RENEW: "需要换证的人员",
    REVIEW: "需要年审的人员",
}


def short_date(d: date | None) -> str:
    """2025.4.19 (a table cell's date)."""
    return f"{d.year}.{d.month}.{d.day}" if d else ""


def deadline_text(item: NoticeItem) -> str:
    """2025.3.20前, or 立即办理."""
    return f"{short_date(item.deadline)}前" if item.deadline else "立即办理"


def _unit(item: NoticeItem) -> str:
    if item.unit and item.department:
        return f"{item.unit}（{item.department}）"
    return item.unit or item.department


def _short_kind(kind: str) -> str:
    return "执法证" if kind == CertificateKind.ENFORCEMENT else "监督证"


def by_category(items: Sequence[NoticeItem]) -> list[tuple[str, list[NoticeItem]]]:
    """The items under what they must do, most urgent first, soonest deadline first."""
    groups = []
    for category in CATEGORIES:
        group = [i for i in items if i.category == category]
        group.sort(key=lambda i: (i.deadline or date.min, i.unit, i.department, i.name))
        if group:
            groups.append((category, group))
    return groups


def _people(group: Sequence[NoticeItem]) -> int:
    return len({(i.name, i.unit, i.department) for i in group})


def _count(group: Sequence[NoticeItem]) -> str:
    """共N人, with the certificates when someone holds more than one: 共10人（11个证件）."""
    people = _people(group)
    return f"共{people}人" if people == len(group) else f"共{people}人（{len(group)}个证件）"


# What the holders of each category must do; how the group is named when it is listed in
# the body (以下人员…：names) and when it is only counted (…的人员共N人, 名单见附件).
_DUTIES = {
    IMMEDIATE: "请立即办理；证件过期的人员自过期之日起暂停从事行政执法活动，换证后方可执法",
    RENEW: "请在证件到期前{lead}日参加换证考试（各人办理时限见附件），考试合格后办理换证",
    REVIEW: "请在年审到期日前提交年审材料、办理年审（各人办理时限见附件）",
}
_LISTED = {
    IMMEDIATE: "以下人员的证件已过期或年审已逾期",
    RENEW: "以下人员的证件即将到期",
    REVIEW: "以下人员需要年审",
}
_COUNTED = {
    IMMEDIATE: "证件已过期或年审已逾期的人员",
    RENEW: "证件即将到期的人员",
    REVIEW: "需要年审的人员",
}


def group_paragraph(category: str, group: Sequence[NoticeItem], lead_days: int) -> str:
    """What the holders of one category must do, and who they are (or how many)."""
    duty = _DUTIES[category].format(lead=lead_days)
    if len(group) > NAMES_IN_BODY:
        return f"{_COUNTED[category]}{_count(group)}，名单见附件，{duty}。"
    names = "、".join(f"{i.name}（{_short_kind(i.kind)}）" for i in group)
    return f"{_LISTED[category]}，{duty}：{names}，{_count(group)}。"


def count_line(items: Sequence[NoticeItem], today: date, within_days: int) -> str:
    """截至…，N日内到期或需要年审的证件共M个（K人）：立即办理a个、需换证b个、需年审c个。"""
    counts = "、".join(f"{c}{len(g)}个" for c, g in by_category(items))
    return (
        f"截至{cn_date(today)}，{within_days}日内到期或需要年审的证件共{len(items)}个"
        f"（{_people(items)}人），其中{counts}，名单见附件。"
    )


def exam_paragraph(texts: NoticeTexts) -> str:
    """换证考试的时间、地点 ('' when neither is given)."""
    parts = [
        f"考试时间：{texts.exam_time.strip()}" if texts.exam_time.strip() else "",
        f"考试地点：{texts.exam_place.strip()}" if texts.exam_place.strip() else "",
    ]
    text = "；".join(p for p in parts if p)
    return f"{text}。" if text else ""


def column_widths(items: Sequence[NoticeItem]) -> tuple[float, ...]:
    """Widths (mm) that keep each certificate number, date and deadline on one line."""

    size = TABLE_FONT_SIZE
    number = composing.cell_width(["执法证", *(i.number for i in items)], size)
    until = composing.cell_width(["2028.10.25", *(short_date(i.valid_until) for i in items)], size)
    deadline = composing.cell_width(["立即办理", *(deadline_text(i) for i in items)], size)
    fixed = (10.5, 14.0, number, until, 24.0, deadline)  # 序号 姓名 证号 有效期 事项 时限
    unit = max(24.0, 156.0 - sum(fixed))
    return (fixed[0], fixed[1], unit, number, until, fixed[4], deadline)


def annex_rows(items: Sequence[NoticeItem]) -> list[list[object]]:
    """The annex table's rows, category by category."""
    rows: list[list[object]] = []
    for _category, group in by_category(items):
        for item in group:
            rows.append(
                [
                    len(rows) + 1,
                    item.name,
                    _unit(item),
                    f"{_short_kind(item.kind)}\n{item.number}",
                    short_date(item.valid_until),
                    item.action,
                    deadline_text(item),
                ]
            )
    return rows


def compose_renewal_notice(
    texts: NoticeTexts,
    items: Sequence[NoticeItem],
    profile: AgencyProfile,
    today: date,
    within_days: int,
    lead_days: int,
) -> OfficialDocument:
    """The notice: head, who must do what, exam, requirements, contact, 附件说明, signature,
    then the list as 附件 and the 版记."""
    if not items:
        raise UserError("所选期限内没有需要换证或年审的人员，无需发通知。")
    blocks = composing.head_blocks(texts, profile, DEFAULT_TITLE)
    sections: list[tuple[str, list[Block]]] = []
    groups = by_category(items)
    people: list[Block] = [Paragraph(count_line(items, today, within_days))]
    for category, group in groups:
        text = group_paragraph(category, group, lead_days)
        people.append(
            Paragraph(f"（{composing.cn_numeral(len(people))}）{_GROUP_HEADINGS[category]}。{text}")
        )
    sections.append(("需要办理的人员", people))
    exam = exam_paragraph(texts)
    if exam and any(c == RENEW for c, _ in groups):
        sections.append(("换证考试安排", [Paragraph(exam)]))
    sections.append(("有关要求", composing.numbered_lines(texts.requirements)))
    blocks += composing.section_blocks(sections)
    blocks += composing.contact_blocks(texts, profile, "联系人及电话：")
    table = Table(HEADER, annex_rows(items), column_widths(items), TABLE_FONT_SIZE)
    end = composing.end_blocks(texts, profile, today)
    blocks += composing.closing_blocks(end, ATTACHMENT_TITLE, [Title(ATTACHMENT_TITLE), table])
    return OfficialDocument(blocks, texts.title.strip() or DEFAULT_TITLE)
