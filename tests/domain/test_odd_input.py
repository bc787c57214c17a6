"""Hostile and odd input is refused with a Chinese message naming the field, never a crash.

Superscript digits, years far in the future, lone surrogates, invisible-only required
fields, NaN and infinite numbers; full-width forms are the same value as the ASCII ones.
"""

from __future__ import annotations

import math
from datetime import date

import pytest
from stdnum.cn import ric

from desktop_app.domain.dates import add_months, parse_date
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.identifiers import check_credit_code, check_resident_id
from desktop_app.domain.personnel import (
    Certificate,
    CertificateEvent,
    Person,
    PersonnelRules,
    QualificationExam,
    Renewal,
    apply_event,
    default_valid_until,
    validate_certificate,
    validate_exam,
    validate_person,
)
from desktop_app.domain.rectification import (
    Inspection,
    Measure,
    Problem,
    ProgressEntry,
    SignOff,
    check_inspection,
    check_item,
    check_progress,
    check_signoff,
)
from desktop_app.domain.text import required_text
from desktop_app.domain.training import (
    Attendance,
    TrainingSession,
    check_attendance,
    check_session,
    parse_number,
)

TODAY = date(2025, 3, 10)
LONE = "\ud800"  # half of a surrogate pair: what an undecodable file name leaves behind
INVISIBLE = ["\u200b", "\ufeff", "\u200e", "\u200f", "\x00", " \u200b\u3000\ufeff "]


def refused(field: str, action) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        action()
    assert caught.value.field == field
    return caught.value


# -- resident ID numbers -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("number", "born"),
    [
        ("320602197803150013", date(1978, 3, 15)),  # 崇川区: its code is younger than its holder
        ("110112199001010014", date(1990, 1, 1)),  # 通州区 (110112) was created in 1997
    ],
)
def test_a_valid_number_with_a_younger_area_code_is_accepted(number: str, born: date) -> None:
    found = check_resident_id(number, today=TODAY)
    assert (found.number, found.birth_date, found.warning) == (number, born, "")


def test_an_area_code_missing_from_the_table_is_a_warning_not_a_refusal() -> None:
    body = "32069919900101001"
    found = check_resident_id(body + ric.calc_check_digit(body + "0"), today=TODAY)
    assert "320699" in found.warning and "不影响保存" in found.warning


@pytest.mark.parametrize("text", ["11010519491231002²", "110105194912²1002X"])
def test_superscript_digits_are_refused_not_a_crash(text: str) -> None:
    error = refused("身份证号", lambda: check_resident_id(text, today=TODAY))
    assert "数字" in error.message


def test_full_width_digits_and_letters_are_the_same_number() -> None:
    assert check_resident_id("１１０１０５１９４９１２３１００２ｘ", today=TODAY).number == (
        "11010519491231002X"
    )
    assert check_credit_code("９１１１００００６０００３７３４１Ｌ") == "91110000600037341L"


@pytest.mark.parametrize("text", [LONE * 18, "1101051949123100" + LONE + "X", "\x00" * 18])
def test_unstorable_characters_in_an_id_are_refused(text: str) -> None:
    refused("身份证号", lambda: check_resident_id(text, today=TODAY))


def test_a_credit_code_override_still_needs_its_characters() -> None:
    refused("统一社会信用代码", lambda: check_credit_code("91110000600037341I", override=True))


# -- dates -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["9999-12-31", "1899-12-31", "2101-01-01", "99991231"])
def test_dates_outside_1900_to_2100_are_refused_saying_so(text: str) -> None:
    error = refused("发证日期", lambda: parse_date(text, "发证日期"))
    assert "1900" in error.message and "2100" in error.message


def test_a_far_date_object_is_refused_before_month_arithmetic() -> None:
    refused("发证日期", lambda: parse_date(date(9999, 12, 1), "发证日期"))
    cert = Certificate(1, "A1", issue_date=date(9999, 1, 1), valid_until=date(9999, 12, 31))
    refused("发证日期", lambda: validate_certificate(cert))
    with pytest.raises(ValidationError):  # not an AssertionError
        default_valid_until(date(9999, 3, 1), PersonnelRules())
    with pytest.raises(ValidationError):
        add_months(date(9999, 12, 1), 1)


def test_full_width_dates_are_read() -> None:
    assert parse_date("２０２３年５月２２日", "日期") == date(2023, 5, 22)


# -- text fields -------------------------------------------------------------------------
@pytest.mark.parametrize("blank", INVISIBLE)
def test_required_text_of_only_invisible_characters_is_refused(blank: str) -> None:
    refused("姓名", lambda: validate_person(Person(blank), TODAY))
    refused("问题描述", lambda: check_item(Problem(blank)))
    refused("整改措施", lambda: check_item(Measure(blank)))
    refused("巡察名称", lambda: check_inspection(Inspection(blank)))
    refused("主题", lambda: check_session(TrainingSession(blank, TODAY, hours=2)))
    refused("进展情况", lambda: check_progress(ProgressEntry(TODAY, "", blank, 1)))
    refused("销号人", lambda: check_signoff(SignOff(TODAY, blank)))
    cert = Certificate(1, blank, issue_date=TODAY, valid_until=date(2030, 3, 9))
    refused("证号", lambda: validate_certificate(cert))


def test_invisible_characters_around_a_value_are_trimmed() -> None:
    assert required_text("\ufeff\u200b 张三\u200e ", "姓名") == "张三"


def test_lone_surrogates_are_refused_naming_the_field() -> None:
    refused("单位", lambda: validate_person(Person("张三", unit="市" + LONE), TODAY))
    refused("姓名", lambda: validate_person(Person("张" + LONE), TODAY))
    refused("备注", lambda: check_inspection(Inspection("巡察", notes=LONE)))
    refused("责任领导", lambda: check_item(Problem("问题", leader=LONE)))
    refused("问题类别", lambda: check_item(Problem("问题", category=LONE)))
    refused("地点", lambda: check_session(TrainingSession("学法", TODAY, hours=2, place=LONE)))
    studied = TrainingSession("学法", TODAY, hours=2, laws=[LONE])
    refused("学习法律法规", lambda: check_session(studied))
    cert = Certificate(1, "A" + LONE, issue_date=TODAY, valid_until=date(2030, 3, 9))
    refused("证号", lambda: validate_certificate(cert))
    event = CertificateEvent("暂扣", TODAY, 1, 1, reason=LONE)
    valid = Certificate(1, "A1", issue_date=date(2021, 1, 1), valid_until=date(2030, 1, 1))
    refused("原因", lambda: apply_event(valid, event, PersonnelRules(), None))
    exam = QualificationExam(1, "公共法律知识", TODAY, 80, notes=LONE)
    refused("备注", lambda: validate_exam(exam, PersonnelRules()))


def test_certificate_numbers_are_stored_in_one_form() -> None:
    cert = Certificate(1, " 鹤执 ０１２３ＡＢ ", issue_date=TODAY, valid_until=date(2030, 3, 9))
    assert validate_certificate(cert).number == "鹤执0123AB"
    renewed = apply_event(
        Certificate(1, "A1", issue_date=date(2021, 1, 1), valid_until=date(2026, 1, 1)),
        CertificateEvent("换证", TODAY, 1, 1),
        PersonnelRules(),
        Renewal(date(2030, 3, 9), "Ｂ２"),
    )
    assert renewed.number == "B2"


# -- numbers ---------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 10**400, "9" * 400])
def test_nan_infinite_and_huge_numbers_are_refused(value) -> None:
    refused("学时", lambda: parse_number(value, "学时"))


def test_nan_hours_and_scores_never_reach_storage() -> None:
    session = TrainingSession("学法", TODAY, hours=math.nan)
    refused("学时", lambda: check_session(session))
    good = TrainingSession("学法", TODAY, hours=2)
    check_session(good)
    refused("成绩", lambda: check_attendance(Attendance(1, 1, score=math.nan), good))
    refused("计入学时", lambda: check_attendance(Attendance(1, 1, hours=math.inf), good))
    exam = QualificationExam(1, "公共法律知识", TODAY, math.nan)
    refused("成绩", lambda: validate_exam(exam, PersonnelRules()))


def test_full_width_numbers_are_read() -> None:
    assert parse_number("２．５", "学时") == 2.5


def test_a_huge_expected_count_is_refused() -> None:
    session = TrainingSession("考试", TODAY, kind="在线学法考试", hours=1, expected=10**30)
    refused("应参考人数", lambda: check_session(session))
