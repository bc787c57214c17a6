"""Rules of persons, certificates, lifecycle events, warnings, exams and the notice."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.personnel import (
    Certificate,
    CertificateEvent,
    CertWarning,
    Person,
    PersonnelRules,
    QualificationExam,
    Renewal,
    YearCounts,
    apply_event,
    certificate_warning,
    check_event,
    default_valid_until,
    effective_status,
    employment_warning,
    review_due,
    validate_certificate,
    validate_exam,
    validate_person,
    worst_warning,
)
from desktop_app.domain.personnel_notice import (
    EXPIRED_ACTION,
    IMMEDIATE,
    LATE_REVIEW_ACTION,
    RENEW,
    RENEW_ACTION,
    REVIEW,
    REVIEW_ACTION,
    RenewalNoticeTexts,
    default_notice_texts,
    renewal_action,
    renewal_need,
)

TODAY = date(2025, 3, 10)
RULES = PersonnelRules()


def cert(**changes) -> Certificate:
    base = Certificate(
        person_id=1,
        number="41060000001",
        issue_date=date(2022, 6, 1),
        valid_until=date(2027, 5, 31),
        last_review=date(2024, 6, 1),
        review_due=date(2025, 6, 1),
    )
    return replace(base, **changes)


# -- persons ---------------------------------------------------------------------------
def test_person_gets_gender_and_birth_date_from_the_id() -> None:
    person = validate_person(Person(" 李明 ", id_number="360426199101010071"), TODAY)
    assert (person.name, person.gender, person.birth_date) == ("李明", "男", date(1991, 1, 1))


def test_gender_contradicting_the_id_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        validate_person(Person("李明", gender="女", id_number="360426199101010071"), TODAY)
    assert err.value.field == "性别" and "男" in err.value.message


def test_blank_id_is_stored_as_none_and_name_is_required() -> None:
    assert validate_person(Person("王芳", id_number="  "), TODAY).id_number is None
    with pytest.raises(ValidationError) as err:
        validate_person(Person("  "), TODAY)
    assert err.value.field == "姓名"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"employment_type": "临时工"}, "人员类别"),
        ({"status": "离职"}, "状态"),
        ({"phone": "打电话给我"}, "联系电话"),
        ({"gender": "M"}, "性别"),
        ({"id_number": "110105194912310021"}, "身份证号"),
    ],
)
def test_bad_person_fields_name_the_field(changes: dict, field: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_person(replace(Person("王芳"), **changes), TODAY)
    assert err.value.field == field


def test_employment_types_not_allowed_get_a_warning() -> None:
    assert employment_warning("在编", RULES) == ""
    assert "聘用" in employment_warning("聘用", RULES)
    assert employment_warning("聘用", replace(RULES, allowed_employment=("在编", "聘用"))) == ""


# -- certificates ----------------------------------------------------------------------
def test_valid_until_before_issue_date_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        validate_certificate(cert(valid_until=date(2022, 5, 1)))
    assert err.value.field == "有效期至"


def test_certificate_needs_number_and_dates() -> None:
    with pytest.raises(ValidationError, match="证号"):
        validate_certificate(cert(number=" "))
    with pytest.raises(ValidationError, match="发证日期"):
        validate_certificate(cert(issue_date=None))
    assert validate_certificate(cert(number=" 豫 A 123 ")).number == "豫A123"


def test_default_validity_and_review_due() -> None:
    assert default_valid_until(date(2020, 3, 1), RULES) == date(2025, 2, 28)
    assert review_due(cert(last_review=None), RULES) == date(2023, 6, 1)
    assert review_due(cert(), replace(RULES, review_interval_months=24)) == date(2026, 6, 1)
    assert review_due(cert(), replace(RULES, review_interval_months=0)) is None


@pytest.mark.parametrize(
    ("changes", "person_status", "expected"),
    [
        ({}, "在职", CertWarning.NONE),
        ({"valid_until": date(2025, 3, 9)}, "在职", CertWarning.EXPIRED),
        ({"valid_until": date(2025, 3, 10)}, "在职", CertWarning.EXPIRING),
        ({"valid_until": date(2025, 5, 9)}, "在职", CertWarning.EXPIRING),  # day 60
        ({"valid_until": date(2025, 5, 10)}, "在职", CertWarning.NONE),
        ({"review_due": date(2025, 5, 9)}, "在职", CertWarning.REVIEW_DUE),
        ({"review_due": date(2024, 5, 9)}, "在职", CertWarning.REVIEW_DUE),  # overdue
        ({}, "调离", CertWarning.SHOULD_CANCEL),
        ({"status": "暂扣"}, "退休", CertWarning.SHOULD_CANCEL),
        ({"status": "暂扣", "valid_until": date(2025, 1, 1)}, "在职", CertWarning.NONE),
        ({"status": "注销"}, "调离", CertWarning.NONE),
        ({"status": "转出"}, "调离", CertWarning.NONE),
    ],
)
def test_certificate_warnings(changes: dict, person_status: str, expected: CertWarning) -> None:
    assert certificate_warning(cert(**changes), person_status, TODAY, RULES) == expected


def test_worst_warning_and_effective_status() -> None:
    found = [CertWarning.REVIEW_DUE, CertWarning.EXPIRED, CertWarning.NONE]
    assert worst_warning(found) == CertWarning.EXPIRED
    assert worst_warning([]) == CertWarning.NONE
    assert effective_status("有效", date(2025, 3, 9), TODAY) == "已过期"
    assert effective_status("暂扣", date(2025, 3, 9), TODAY) == "暂扣"


# -- events ------------------------------------------------------------------------------
def event(kind: str, on: date = TODAY, reason: str = "") -> CertificateEvent:
    return CertificateEvent(kind, on, 1, 1, reason)


def test_event_before_the_issue_date_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        check_event(cert(), event("年审", date(2022, 5, 31)))
    assert err.value.field == "日期" and "2022-06-01" in err.value.message


@pytest.mark.parametrize("kind", ["注销", "暂扣"])
def test_cancel_and_suspend_need_a_reason(kind: str) -> None:
    with pytest.raises(ValidationError) as err:
        check_event(cert(), event(kind, reason="  "))
    assert err.value.field == "原因"


@pytest.mark.parametrize(
    ("status", "kind"),
    [("注销", "年审"), ("有效", "恢复"), ("暂扣", "年审"), ("转出", "注销"), ("有效", "新办")],
)
def test_events_the_status_does_not_allow(status: str, kind: str) -> None:
    with pytest.raises(ValidationError):
        check_event(cert(status=status), event(kind, reason="原因"))


def test_review_of_an_expired_certificate_is_refused() -> None:
    with pytest.raises(ValidationError, match="换证"):
        check_event(cert(valid_until=date(2025, 1, 1)), event("年审"))


def test_apply_review_renew_suspend_restore_cancel() -> None:
    reviewed = apply_event(cert(), event("年审"), RULES, None)
    assert reviewed.last_review == TODAY and reviewed.review_due == date(2026, 3, 10)
    renewed = apply_event(cert(), event("换证"), RULES, Renewal(date(2030, 3, 9), "41060009999"))
    assert (renewed.issue_date, renewed.valid_until, renewed.number) == (
        TODAY,
        date(2030, 3, 9),
        "41060009999",
    )
    assert renewed.last_review is None and renewed.review_due == date(2026, 3, 10)
    with pytest.raises(ValidationError, match="新有效期至"):
        apply_event(cert(), event("换证"), RULES, Renewal(TODAY))
    suspended = apply_event(cert(), event("暂扣", reason="接受调查"), RULES, None)
    assert suspended.status == "暂扣"
    assert apply_event(suspended, event("恢复"), RULES, None).status == "有效"
    cancelled = apply_event(cert(), event("注销", reason="退休"), RULES, None)
    assert cancelled.status == "注销" and cancelled.review_due is None
    assert cert().status == "有效"  # the input is unchanged


# -- exams and the notice ----------------------------------------------------------------
def test_exam_passes_at_the_pass_mark() -> None:
    exam = QualificationExam(1, "公共法律知识", TODAY, 60.0)
    assert validate_exam(exam, RULES).passed
    assert not validate_exam(replace(exam, score=59.5), RULES).passed
    assert not validate_exam(replace(exam, score=None), RULES).passed
    with pytest.raises(ValidationError, match="成绩"):
        validate_exam(replace(exam, score=101), RULES)
    with pytest.raises(ValidationError, match="考试类别"):
        validate_exam(replace(exam, kind="口试"), RULES)


@pytest.mark.parametrize(
    ("changes", "action", "deadline"),
    [
        ({"valid_until": date(2025, 3, 1)}, EXPIRED_ACTION, None),
        ({"valid_until": date(2025, 4, 1)}, RENEW_ACTION, date(2025, 4, 1)),
        ({"review_due": date(2025, 4, 2)}, REVIEW_ACTION, date(2025, 4, 2)),
        ({"review_due": date(2025, 1, 2)}, LATE_REVIEW_ACTION, None),
        ({}, "", None),
        ({"status": "暂扣", "valid_until": date(2025, 4, 1)}, "", None),
    ],
)
def test_renewal_actions(changes: dict, action: str, deadline: date | None) -> None:
    assert renewal_action(cert(**changes), TODAY, 60, lead_days=0) == (action, deadline)


@pytest.mark.parametrize(
    ("changes", "within", "need"),
    [
        ({"valid_until": date(2025, 3, 1)}, 60, (IMMEDIATE, EXPIRED_ACTION, None)),
        ({"review_due": date(2025, 1, 2)}, 60, (IMMEDIATE, LATE_REVIEW_ACTION, None)),
        # 年审 overdue and expiry far off: whatever the window, 立即办理 the 年审 (not 换证考试)
        ({"review_due": date(2025, 1, 2)}, 3650, (IMMEDIATE, LATE_REVIEW_ACTION, None)),
        # the renewal exam is due the renewal lead (30 days) before expiry
        ({"valid_until": date(2025, 5, 1)}, 60, (RENEW, RENEW_ACTION, date(2025, 4, 1))),
        ({"valid_until": date(2025, 3, 20)}, 60, (RENEW, RENEW_ACTION, None)),  # lead passed
        ({"review_due": date(2025, 4, 2)}, 60, (REVIEW, REVIEW_ACTION, date(2025, 4, 2))),
        # a 年审 due before the renewal exam is what is asked for, whatever the window
        ({"review_due": date(2025, 4, 2)}, 3650, (REVIEW, REVIEW_ACTION, date(2025, 4, 2))),
        (
            {"valid_until": date(2025, 5, 1), "review_due": date(2025, 6, 1)},
            3650,
            (RENEW, RENEW_ACTION, date(2025, 4, 1)),
        ),
        ({}, 30, None),
    ],
)
def test_renewal_needs_by_category(changes: dict, within: int, need) -> None:
    assert renewal_need(cert(**changes), TODAY, within, 30) == need


def test_notice_texts_round_trip_and_defaults() -> None:
    texts = default_notice_texts(TODAY)
    assert texts.title.endswith("通知") and texts.sign_date == TODAY
    saved = replace(texts, title="关于办理执法证换证的通知", sign_date=date(2024, 1, 1))
    again = RenewalNoticeTexts.from_json(saved.to_json())
    assert again == saved
    assert default_notice_texts(TODAY, again).title == "关于办理执法证换证的通知"
    assert default_notice_texts(TODAY, again).sign_date == TODAY


def test_year_counts_text() -> None:
    text = YearCounts(2019, new=1, cancelled=3, transferred_persons=11).text()
    assert text == "2019年:新办证件 1 个、换证 0 个、注销 3 个,转出执法关系 11 人"
