"""The renewal notice (换证、年审通知): who must act, what to do, by when, and its texts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.domain.notices import NoticeTexts
from desktop_app.domain.personnel import Certificate, CertificateStatus

# The renewal notice's texts are the one notice-texts type (the name kept for its callers).
RenewalNoticeTexts = NoticeTexts

RENEW_ACTION = "参加换证考试，办理换证"
EXPIRED_ACTION = "已过期，暂停执法；参加换证考试，办理换证"
REVIEW_ACTION = "提交年审材料，办理年审"
LATE_REVIEW_ACTION = "年审已逾期，尽快提交年审材料"


@dataclass(frozen=True)
class NoticeItem:
    """One line of the renewal notice: who, which certificate, what to do, by when."""

    name: str
    unit: str
    department: str
    kind: str
    number: str
    valid_until: date
    action: str
    deadline: date | None


def renewal_action(cert: Certificate, today: date, within_days: int) -> tuple[str, date | None]:
    """What the holder must do (换证考试 / 年审材料) and by when; ("", None) if nothing.

    A deadline of None means "at once" (already expired or overdue).
    """
    if cert.status != CertificateStatus.VALID or cert.valid_until is None:
        return "", None
    near = today + timedelta(days=within_days)
    if cert.valid_until < today:
        return EXPIRED_ACTION, None
    if cert.valid_until <= near:
        return RENEW_ACTION, cert.valid_until
    if cert.review_due and cert.review_due <= near:
        if cert.review_due < today:
            return LATE_REVIEW_ACTION, None
        return REVIEW_ACTION, cert.review_due
    return "", None


def default_notice_texts(today: date, saved: NoticeTexts | None = None) -> NoticeTexts:
    """Starting texts: the clerk's saved wording, or a standard 通知, dated today."""
    if saved and saved.title:
        return saved.dated(today)
    return NoticeTexts(
        title="关于办理行政执法证件换证和年审的通知",
        addressee="局机关各科室，局属各单位",
        opening=(
            "根据行政执法证件管理有关规定，行政执法人员应当持有效证件从事执法活动。"
            "经核查，部分人员的行政执法证件即将到期或需要年审。现将有关事项通知如下。"
        ),
        requirements=(
            "证件即将到期的人员，请按时参加换证考试，考试合格后办理换证；"
            "证件已过期的人员，自过期之日起暂停从事行政执法活动，换证后方可执法。\n"
            "需要年审的人员，请在办理时限前将证件原件、本年度执法工作情况和学法培训记录"
            "等年审材料报送法规科。\n"
            "请各科室、各单位督促相关人员按时办理，确保持证上岗。"
        ),
        contact="",
        signature="",
        sign_date=today,
    )
