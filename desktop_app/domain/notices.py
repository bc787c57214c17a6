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
    contact: str = ""  # 联系人及电话
    signature: str = ""  # 落款
    sign_date: date | None = None  # 成文日期

    def to_json(self) -> dict[str, Any]:
        """Plain values to store (the date as ISO text)."""
        values = asdict(self)
        values["sign_date"] = iso(self.sign_date)
        return values

    @classmethod
    def from_json(cls, values: dict[str, Any] | None) -> NoticeTexts:
        """Texts stored earlier; keys this version does not know are ignored."""
        known = {f.name for f in fields(cls)}
        kept = {k: v for k, v in (values or {}).items() if k in known}
        if "sign_date" in kept:
            kept["sign_date"] = from_iso(kept["sign_date"])
        return cls(**kept)

    def dated(self, sign_date: date | None) -> NoticeTexts:
        """The same texts with another 成文日期."""
        return replace(self, sign_date=sign_date)
