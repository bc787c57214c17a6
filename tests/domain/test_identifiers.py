"""Resident ID and unified social credit code checks, and ID masking."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import ric

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.identifiers import check_credit_code, check_resident_id, mask_id

TODAY = date(2025, 3, 10)


def with_check_digit(first17: str) -> str:
    """A number whose checksum is right, whatever the rest says."""
    return first17 + ric.calc_check_digit(first17 + "0")


@pytest.mark.parametrize(
    ("number", "born", "gender"),
    [
        ("11010519491231002X", date(1949, 12, 31), "女"),  # digit 17 = 2: even
        ("360426199101010071", date(1991, 1, 1), "男"),  # digit 17 = 7: odd
    ],
)
def test_valid_ids_give_birth_date_and_gender(number: str, born: date, gender: str) -> None:
    found = check_resident_id(number, today=TODAY)
    assert (found.number, found.birth_date, found.gender) == (number, born, gender)


def test_lower_case_x_and_spaces_are_normalised() -> None:
    assert check_resident_id(" 110105 19491231 002x ", today=TODAY).number == "11010519491231002X"


def test_wrong_check_digit_is_refused_naming_the_field_and_the_right_digit() -> None:
    with pytest.raises(ValidationError) as err:
        check_resident_id("110105194912310021", today=TODAY)
    assert err.value.field == "身份证号"
    assert "校验位" in err.value.message and "X" in err.value.message


def test_impossible_birth_date_with_a_correct_checksum_is_refused() -> None:
    number = with_check_digit("11010519490230002")  # 30 February
    with pytest.raises(ValidationError) as err:
        check_resident_id(number, today=TODAY)
    assert err.value.field == "身份证号"
    assert "19490230" in err.value.message and "不是存在的日期" in err.value.message


def test_birth_date_in_the_future_is_refused() -> None:
    number = with_check_digit("11010520300101002")
    with pytest.raises(ValidationError, match="不可能"):
        check_resident_id(number, today=TODAY)


def test_unknown_region_code_is_refused() -> None:
    number = with_check_digit("99999919800101001")
    with pytest.raises(ValidationError, match="地区码"):
        check_resident_id(number, today=TODAY)


@pytest.mark.parametrize("text", ["11010519491231002", "1101051949123100200", "11010519491A31002X"])
def test_wrong_length_or_characters_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        check_resident_id(text, today=TODAY)
    assert err.value.field == "身份证号"


def test_masking_shows_first_six_and_last_four() -> None:
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_id(None) == ""
    assert mask_id("12345") == "*****"  # too short to show anything safely


def test_credit_code_checked_with_override() -> None:
    assert check_credit_code("91110000600037341l") == "91110000600037341L"
    with pytest.raises(ValidationError) as err:
        check_credit_code("91110000600037341M")
    assert err.value.field == "统一社会信用代码" and "仍然使用" in err.value.message
    assert check_credit_code("91110000600037341M", override=True) == "91110000600037341M"
    with pytest.raises(ValidationError, match="18 位"):
        check_credit_code("9111000060003734", override=True)
    with pytest.raises(ValidationError, match="格式"):
        check_credit_code("9111000O600037341L")
