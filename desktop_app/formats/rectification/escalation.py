"""督办 documents (提醒函, 督办通知, 约谈通知) composed as GB/T 9704 documents.

One document goes to one department (its items listed) or is about one item (一事一单).
Head and end are every notice's (``formats.composing``); the body says as of when and why
the items are escalated, lists them — in the body when few, as 附件 with a table when many —
then what the department must do by when, and the contact line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from desktop_app.domain.agency import AgencyProfile
from desktop_app.domain.dates import cn_date
from desktop_app.domain.errors import UserError
from desktop_app.domain.escalation import TITLES, EscalationItem, Level, reason_phrase
from desktop_app.domain.notices import NoticeTexts
from desktop_app.formats import composing
from desktop_app.formats.document import Block, OfficialDocument, Paragraph, Table, Title

IN_BODY = 6  # more items than this: listed in an annex table
ANNEX_TITLE = "督办事项清单"
HEADER = ("序号", "所属问题", "整改事项", "整改时限", "督办原因", "前次督办")
TABLE_FONT_SIZE = 10.5  # 五号
_NEXT = {
    Level.REMINDER: "将发出督办通知",
    Level.NOTICE: "将约谈责任部门主要负责同志",
    Level.SUMMONS: "将按有关规定追究责任",
}


def _clause(text: str) -> str:
    return "".join(text.split()).rstrip("。；;，,.：:")


def _reason(item: EscalationItem, as_of: date) -> str:
    """已逾期 12 天 / 30 天以上无新进展 / 临近整改时限."""
    if item.warning == "逾期":
        return f"已逾期{item.days_late(as_of)}天"
    if item.warning == "滞后":
        last = f"（最近进展{cn_date(item.last_progress)}）" if item.last_progress else ""
        return f"长期无新进展{last}"
    if item.warning == "临期" and item.deadline:
        return f"临近整改时限（还有{(item.deadline - as_of).days}天）"
    return "进展缓慢"


def _deadline(item: EscalationItem) -> str:
    return cn_date(item.deadline) if item.deadline else "未定"


def item_sentence(n: int, item: EscalationItem, as_of: date) -> str:
    """1.关于“问题”的整改措施“…”，整改时限…，已逾期…天。"""
    if item.measure_id:
        what = f"关于“{_clause(item.problem)}”问题的整改措施“{_clause(item.subject)}”"
    else:
        what = f"“{_clause(item.subject)}”问题"
    sent = f"，已于此前发出{item.sent[-1]}" if item.sent else ""
    return f"{n}.{what}，整改时限为{_deadline(item)}，{_reason(item, as_of)}{sent}。"


def annex_rows(items: Sequence[EscalationItem], as_of: date) -> list[list[object]]:
    """The annex table's rows."""
    return [
        [
            n,
            _clause(item.problem if item.measure_id else item.subject),
            _clause(item.subject) if item.measure_id else "（问题本身）",
            _deadline(item),
            _reason(item, as_of),
            "、".join(item.sent) or "—",
        ]
        for n, item in enumerate(items, 1)
    ]


def annex_widths(rows: Sequence[Sequence[object]]) -> tuple[float, ...]:
    """Widths (mm): 序号, deadline, reason and earlier letters on one line; the texts share
    the rest (the problem two parts, the measure three)."""
    size = TABLE_FONT_SIZE
    seq, deadline, reason, sent = (
        min(limit, composing.cell_width([HEADER[col], *(r[col] for r in rows)], size))
        for col, limit in ((0, 12.0), (3, 30.0), (4, 30.0), (5, 28.0))
    )
    rest = 156.0 - seq - deadline - reason - sent
    return (seq, rest * 0.4, rest * 0.6, deadline, reason, sent)


def default_texts(
    level: Level,
    items: Sequence[EscalationItem],
    addressee: str,
    today: date,
    profile: AgencyProfile,
    reply_days: int,
    doc_no: str = "",
) -> NoticeTexts:
    """Texts to start from for one document to ``addressee`` about ``items``."""
    reply_by = today + timedelta(days=reply_days)
    whom = profile.name.strip() or "我单位"
    count = f"以下{len(items)}项整改任务" if len(items) > 1 else "以下整改任务"
    opening = (
        f"经梳理，截至{cn_date(today)}，你部门牵头负责的{count}{reason_phrase(items)}，"
        f"现予{'提醒' if level == Level.REMINDER else '督办'}。"
    )
    if level == Level.SUMMONS:
        opening = (
            f"经梳理，截至{cn_date(today)}，你部门牵头负责的{count}{reason_phrase(items)}，"
            "经提醒、督办后仍未按期整改到位，决定对你部门主要负责同志进行约谈。"
        )
    requirements = (
        "请你部门高度重视，对照整改方案逐项分析原因，明确整改措施和完成时限，"
        "压实整改责任，加快推进整改。\n"
        f"请于{cn_date(reply_by)}前将整改进展情况及佐证材料书面报送{whom}。"
        f"逾期仍未完成整改的，{_NEXT[level]}。"
    )
    return NoticeTexts(
        title=TITLES[level],
        doc_no=doc_no,
        addressee=f"{addressee}：" if addressee else "",
        opening=opening,
        requirements=requirements,
        contact=profile.contact_line(),
        sign_date=today,
    )


def compose_escalation(
    level: Level,
    texts: NoticeTexts,
    items: Sequence[EscalationItem],
    profile: AgencyProfile,
    today: date,
) -> OfficialDocument:
    """The document: head, the items (in the body or as 附件), requirements, contact, end."""
    if not items:
        raise UserError("没有需要督办的事项。")
    as_of = texts.sign_date or today
    blocks = composing.head_blocks(texts, profile, TITLES[Level(level)])
    annexed = len(items) > IN_BODY
    listed: list[Block] = []
    if annexed:
        listed.append(Paragraph(f"具体事项见附件（共{len(items)}项）。"))
    else:
        listed += [Paragraph(item_sentence(n, item, as_of)) for n, item in enumerate(items, 1)]
    sections = [("督办事项", listed), ("有关要求", composing.numbered_lines(texts.requirements))]
    blocks += composing.section_blocks(sections)
    blocks += composing.contact_blocks(texts, profile, "联系人：")
    end = composing.end_blocks(texts, profile, today)
    rows = annex_rows(items, as_of)
    table = Table(HEADER, rows, annex_widths(rows), TABLE_FONT_SIZE)
    annex: list[Block] = [Title(ANNEX_TITLE), table] if annexed else []
    blocks += composing.closing_blocks(end, ANNEX_TITLE if annexed else "", annex)
    return OfficialDocument(blocks, texts.title.strip() or TITLES[Level(level)])
