"""The renewal notice (换证、年审通知): who must act, what to do, by when, and its texts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.domain.notices import NoticeTexts
from desktop_app.domain.personnel import Certificate, CertificateStatus

# The renewal notice's texts are the one notice-texts type (the name kept for its callers).
RenewalNoticeTexts = NoticeTexts

# What a holder must do, in the order the notice lists them.
IMMEDIATE, RENEW, REVIEW = "立即办理", "需换证", "需年审"
CATEGORIES = (IMMEDIATE, RENEW, REVIEW)
EXPIRED_ACTION = "证件已过期，暂停执法，参加换证考试、办理换证"
LATE_REVIEW_ACTION = "年审已逾期，提交年审材料、办理年审"
RENEW_ACTION = "参加换证考试，办理换证"
REVIEW_ACTION = "提交年审材料，办理年审"
DEFAULT_RENEWAL_LEAD_DAYS = 30


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
    deadline: date | None  # None: at once
    category: str = RENEW


def renewal_need(
    cert: Certificate,
    today: date,
    within_days: int,
    lead_days: int = DEFAULT_RENEWAL_LEAD_DAYS,
) -> tuple[str, str, date | None] | None:
    """(category, what to do, by when) for a held certificate, or None when nothing is due.

    Whatever the window: an expired certificate or an overdue 年审 is 立即办理; one expiring in
    the window needs the renewal exam ``lead_days`` before it expires (at once when that day
    has passed); one whose 年审 falls due in the window needs it by its due date, and the 年审
    is what the notice asks for when it falls due before the renewal exam.
    """
    if cert.status != CertificateStatus.VALID or cert.valid_until is None:
        return None
    near = today + timedelta(days=within_days)
    if cert.valid_until < today:
        return IMMEDIATE, EXPIRED_ACTION, None
    if cert.review_due and cert.review_due < today:
        return IMMEDIATE, LATE_REVIEW_ACTION, None
    exam_by = cert.valid_until - timedelta(days=lead_days)
    review = cert.review_due if cert.review_due and cert.review_due <= near else None
    if review and review < max(exam_by, today):  # the 年审 comes first: it is what is due
        return REVIEW, REVIEW_ACTION, review
    if cert.valid_until <= near:
        return RENEW, RENEW_ACTION, exam_by if exam_by >= today else None
    return (REVIEW, REVIEW_ACTION, review) if review else None


def renewal_action(
    cert: Certificate, today: date, within_days: int, lead_days: int = DEFAULT_RENEWAL_LEAD_DAYS
) -> tuple[str, date | None]:
    """What the holder must do and by when; ("", None) if nothing (None: at once)."""
    need = renewal_need(cert, today, within_days, lead_days)
    return (need[1], need[2]) if need else ("", None)


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
            "证件已过期的人员，自过期之日起暂停从事行政执法活动，换证后方可执法。\n"
            "办理年审的人员，请将证件原件、本年度执法工作情况和学法培训记录等年审材料"
            "按时报送法规科。\n"
            "请各科室、各单位督促相关人员按时办理，确保持证上岗。"
        ),
        contact="",
        signature="",
        sign_date=today,
    )
