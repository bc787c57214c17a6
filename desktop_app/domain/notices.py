"""The editable texts of an official document: a notice (通知) or a report (通报).

One type for every document the office issues: the renewal notice, the training notice and
the progress report each use the paragraphs they have and leave the others empty. The clerk
edits them before the document is set; they are kept (with the session, the inspection or in
the settings) so that the next document starts from them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any

from desktop_app.domain.dates import from_iso, iso

DATE_FIELDS = ("sign_date", "stat_date")
# How the progress report lists the findings: seed 000's (numbered items are the measures of
# each problem) or by status (已整改完成的问题 / 正在推进整改的问题, items are problems).
BY_MEASURE, BY_STATUS = "measures", "status"
READINGS = ((BY_MEASURE, "按问题逐项列出整改措施"), (BY_STATUS, "按整改状态分组列出问题"))
# What the training notice attaches: nothing, the list of names, or the sign-in sheet.
NO_ATTACHMENT, NAME_LIST, SIGNIN_SHEET = "", "names", "signin"
ATTACHMENTS = ((NO_ATTACHMENT, "不附"), (NAME_LIST, "参加人员名单"), (SIGNIN_SHEET, "签到表"))


@dataclass
class NoticeTexts:
    """Head, body paragraphs and signature of one notice or report."""

    title: str = ""
    issuer: str = ""  # 发文机关标志 (on the red header)
    doc_no: str = ""  # 发文字号
    red_header: bool = False
    addressee: str = ""  # 主送机关
    opening: str = ""
    time_place: str = ""  # training notice: 一、时间地点
    participants: str = ""  # training notice: 二、参加人员
    content: str = ""  # training notice: 三、学习内容
    requirements: str = ""  # training and renewal notices: 有关要求
    next_steps: str = ""  # progress report: 下一步工作打算
    practices: str = ""  # progress report: 工作做法 (整改工作组织情况)
    closing: str = ""  # progress report: the closing paragraph with the contact details
    reading: str = ""  # progress report: READINGS key (by problem and measure / by status)
    stat_date: date | None = None  # progress report: 统计截止日期 (the 成文日期 when empty)
    exam_time: str = ""  # renewal notice: when the renewal exam is held
    exam_place: str = ""  # renewal notice: where
    attachment: str = ""  # training notice: ATTACHMENTS key (name list or sign-in sheet)
    contact: str = ""  # 联系人及电话
    cc: str = ""  # 抄送 (in the 版记)
    signature: str = ""  # 落款
    sign_date: date | None = None  # 成文日期

    def to_json(self) -> dict[str, Any]:
        """Plain values to store (dates as ISO text)."""
        values = asdict(self)
        for key in DATE_FIELDS:
            values[key] = iso(getattr(self, key))
        return values

    @classmethod
    def from_json(cls, values: dict[str, Any] | None) -> NoticeTexts:
        """Texts stored earlier; keys this version does not know are ignored."""
        known = {f.name for f in fields(cls)}
        kept = {k: v for k, v in (values or {}).items() if k in known}
        for key in DATE_FIELDS:
            if key in kept:
                kept[key] = from_iso(kept[key])
        return cls(**kept)

    def dated(self, sign_date: date | None) -> NoticeTexts:
        """The same texts with another 成文日期."""
        return replace(self, sign_date=sign_date)
