"""Value and date parsers of the import, with generated inputs (hypothesis)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.imports.values import (
    EXCEL_EPOCH,
    parse_deadline,
    parse_gender,
    parse_id_number,
    parse_import_date,
    parse_status,
    parse_yes_no,
)
from desktop_app.domain.rectification import Status

days = st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31))


@given(days)
def test_every_written_form_of_a_day_is_that_day(day: date) -> None:
    y, m, d = day.year, day.month, day.day
    forms = [
        f"{y}-{m}-{d}",
        f"{y}-{m:02d}-{d:02d}",
        f"{y}.{m}.{d}",
        f"{y}/{m}/{d}",
        f"{y}年{m}月{d}日",
        f"{y}{m:02d}{d:02d}",
        f"{y}/{m}/{d} 0:00:00",
        f" {y}年{m}月{d}日前 ",
        f"{y}年{m}月{d}日".translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}),
    ]
    for form in forms:
        assert parse_import_date(form, "日期") == day, form
    serial = (day - EXCEL_EPOCH).days
    assert parse_import_date(float(serial), "日期") == day


@given(st.integers(1950, 2099), st.integers(1, 12))
def test_a_month_means_its_last_day(year: int, month: int) -> None:
    last = date(year, month, calendar.monthrange(year, month)[1])
    for form in (
        f"{year}年{month}月",
        f"{year}年{month}月底",
        f"{year}-{month}",
        f"{year}年{month}月底前",
    ):
        assert parse_import_date(form, "整改时限") == last, form


@given(st.integers(1950, 2099))
def test_year_end_forms(year: int) -> None:
    for form in (f"{year}年底", f"{year}年底前", f"{year}年年底", f"{year}年末"):
        assert parse_import_date(form, "整改时限") == date(year, 12, 31)
    assert parse_import_date("年底前", "整改时限", year=year) == date(year, 12, 31)


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_one_clear_error(text: str) -> None:
    try:
        parse_import_date(text, "整改时限")
    except ValidationError as exc:
        assert exc.field == "整改时限" and exc.message


def test_impossible_day_is_refused() -> None:
    with pytest.raises(ValidationError, match="不是存在的日期"):
        parse_import_date("2023-02-30", "日期")


def test_long_term_and_on_the_spot_deadlines() -> None:
    assert parse_deadline("长期坚持", "时限").long_term
    assert parse_deadline("长期", "时限").date is None
    assert parse_deadline("即知即改", "时限").on_the_spot == "即知即改"


# The words a clerk writes in the status column, by the status each means.
STATUS_WORDS = {
    Status.COMPLETED: ("已完成", "完成", "已整改", "已办结", "√", "即知即改"),
    Status.IN_PROGRESS: ("正在推进", "推进中", "整改中"),
    Status.LONG_TERM: ("长期坚持", "持续推进", "常态化"),
}


@pytest.mark.parametrize(
    ("word", "status"), [(word, status) for status, words in STATUS_WORDS.items() for word in words]
)
def test_status_words(word: str, status: Status) -> None:
    assert parse_status(word)[0] == status
    assert parse_status(f" {word} ")[0] == status


def test_yes_no_and_gender() -> None:
    assert (parse_yes_no("是"), parse_yes_no("否"), parse_yes_no("也许")) == (True, False, None)
    assert (parse_gender("男"), parse_gender("女性"), parse_gender(""), parse_gender("x")) == (
        "男",
        "女",
        "",
        None,
    )


@given(st.floats(min_value=1e15, max_value=1e18))
def test_id_number_as_a_number_is_always_an_error(value: float) -> None:
    with pytest.raises(ValidationError, match="无法还原"):
        parse_id_number(value, "身份证号")


def test_id_number_text_forms() -> None:
    assert parse_id_number(" 11010519491231002x ", "身份证号") == "11010519491231002X"
    with pytest.raises(ValidationError, match=r"3\.20602E\+17"):
        parse_id_number("3.20602E+17", "身份证号")
    assert parse_import_date(timedelta(days=0) + date(2023, 5, 22), "日期") == date(2023, 5, 22)


def test_the_preview_shows_each_mapped_cell_as_the_import_reads_it() -> None:
    from desktop_app.domain.imports.fields import FIELDS
    from desktop_app.domain.imports.shown import shown_value

    spec = {kind: {f.key: f for f in fields} for kind, fields in FIELDS.items()}
    rect, people, training = spec["rectification"], spec["personnel"], spec["training"]
    assert shown_value(rect["deadline"], 44712, year=2022) == "2022-05-31"
    assert shown_value(rect["deadline"], "2023年底", year=2022) == "2023-12-31"
    assert shown_value(rect["deadline"], "长期坚持", year=2022) == "长期(无时限)"
    assert shown_value(rect["completion_date"], 44712.0, year=2022) == "2022-05-31"
    assert shown_value(rect["status"], "√", year=2022) == "已完成"
    assert shown_value(rect["status"], "即知即改", year=2022) == "已完成(即知即改)"
    assert shown_value(rect["status"], "待定", year=2022) == "待定"  # unknown: as written
    mapped = {"待定": "未启动"}
    assert shown_value(rect["status"], "待定", year=2022, words=mapped) == "未启动"
    assert shown_value(rect["deadline"], "2023-02-30", year=2022) == "2023-02-30"  # refused
    assert shown_value(people["gender"], "女性", year=2022) == "女"
    assert shown_value(people["id_number"], "110105 19491231 002x", year=2022) == (
        "11010519491231002X"
    )
    assert shown_value(people["birth_date"], "1991.1.1", year=2022) == "1991-01-01"
    assert shown_value(training["hours"], "2学时", year=2022) == "2"
    assert shown_value(training["attendance"], "√", year=2022) == "出席"
    assert shown_value(rect["problem"], "  学习 不深入 ", year=2022) == "学习 不深入"
    assert shown_value(rect["problem"], None, year=2022) == ""
