"""Typed dates: every accepted form, and refusals that name the field."""

from datetime import date, datetime

import pytest

from desktop_app.domain.dates import add_months, cn_date, from_iso, iso, parse_date
from desktop_app.domain.errors import UserError, ValidationError


@pytest.mark.parametrize(
    "text",
    ["2023-05-22", "2023/5/22", "2023.5.22", "2023年5月22日", "20230522", " 2023-5-22 "],
)
def test_every_accepted_form(text: str) -> None:
    assert parse_date(text, "整改时限") == date(2023, 5, 22)


@pytest.mark.parametrize("text", ["2023-13-01", "5/22/2023", "明天", "2023-02-30", "2023522"])
def test_refusal_names_the_field(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(text, "整改时限")
    assert caught.value.field == "整改时限"
    assert str(caught.value).startswith("整改时限:")
    assert text.strip() in str(caught.value)
    assert isinstance(caught.value, UserError)


def test_impossible_day_is_called_so() -> None:
    with pytest.raises(ValidationError, match="不是存在的日期"):
        parse_date("2023-02-30", "完成时间")


def test_empty_is_none_unless_required() -> None:
    assert parse_date("", "整改时限") is None
    assert parse_date(None, "整改时限") is None
    with pytest.raises(ValidationError, match="必须填写") as caught:
        parse_date("  ", "反馈日期", required=True)
    assert caught.value.field == "反馈日期"


def test_dates_and_datetimes_pass_through() -> None:
    assert parse_date(date(2022, 4, 19), "x") == date(2022, 4, 19)
    assert parse_date(datetime(2022, 4, 19, 15, 30), "x") == date(2022, 4, 19)


def test_iso_round_trip_and_official_form() -> None:
    assert iso(date(2022, 5, 31)) == "2022-05-31"
    assert from_iso("2022-05-31") == date(2022, 5, 31)
    assert iso(None) is None and from_iso("") is None
    assert cn_date(date(2022, 5, 3)) == "2022年5月3日"
    assert cn_date(None) == ""


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2022, 4, 19), 2, date(2022, 6, 19)),
        (date(2022, 12, 31), 2, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2022, 11, 30), 3, date(2023, 2, 28)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected
