"""Every parser fed generated input (hypothesis): a value or a Chinese refusal, never a crash.

Dates, resident ID numbers, unified social credit codes, hours and scores, times of day, the
export options and the command line's argument handling.
"""

from __future__ import annotations

import contextlib
import io
import string
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app import cli
from desktop_app.domain.dates import FIRST_YEAR, LAST_YEAR, cn_date, parse_date
from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.identifiers import (
    CREDIT_ALPHABET,
    PROVINCES,
    check_credit_code,
    check_resident_id,
    credit_check_char,
    resident_check_char,
)
from desktop_app.domain.training import parse_number, parse_time
from desktop_app.exports import EXPORTS, load_all, parse_options
from desktop_app.storage.database import open_database

FUZZ = settings(max_examples=200, deadline=None, database=None)
TODAY = date(2025, 3, 10)
FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in string.digits + string.ascii_uppercase}

# Text a clerk, a pasted cell or a damaged file can bring: any code point, lone surrogates too.
any_text = st.text(st.characters(codec=None), max_size=40)
marks = "0123456789-/.年月日 xX²①０１ＸＡ\u200b\ufeff"
digits_and_marks = st.text(st.sampled_from(marks), max_size=24)
texts = st.one_of(any_text, digits_and_marks)


REFUSED = object()  # what ``read_or_refused`` gives for a refusal


def read_or_refused(read: Callable[[], Any], field: str) -> Any:
    """What ``read`` returns, or REFUSED when it refuses with a ValidationError naming ``field``."""
    try:
        return read()
    except ValidationError as exc:
        assert exc.field == field
        return REFUSED


def to_full_width(text: str) -> str:
    return "".join(FULL_WIDTH.get(c, c) for c in text)


# -- dates -------------------------------------------------------------------------------------
@FUZZ
@given(texts)
def test_any_text_is_a_date_in_range_or_a_refusal_naming_the_field(text: str) -> None:
    found = read_or_refused(lambda: parse_date(text, "整改时限"), "整改时限")
    if found is not REFUSED:
        assert found is None or FIRST_YEAR <= found.year <= LAST_YEAR


@FUZZ
@given(
    st.dates(date(1000, 1, 1)),  # four-digit years: the forms clerks type
    st.sampled_from(["{y}-{m}-{d}", "{y}/{m}/{d}", "{y}.{m}.{d}", "cn", "compact"]),
)
def test_every_accepted_form_reads_back_the_same_day(day: date, form: str) -> None:
    if form == "cn":
        text = cn_date(day)
    elif form == "compact":
        text = f"{day.year:04d}{day:%m%d}"
    else:
        text = form.format(y=f"{day.year:04d}", m=day.month, d=day.day)
    try:
        assert parse_date(text, "日期") == day
        assert parse_date(to_full_width(text), "日期") == day
    except ValidationError as exc:
        assert not FIRST_YEAR <= day.year <= LAST_YEAR and "1900" in exc.message


# -- resident ID numbers --------------------------------------------------------------------
@FUZZ
@given(texts)
def test_any_text_is_a_checked_id_or_a_refusal(text: str) -> None:
    found = read_or_refused(lambda: check_resident_id(text, today=TODAY), "身份证号")
    if found is REFUSED:
        return
    assert len(found.number) == 18 and found.number[:17].isascii()
    assert found.number[17] == resident_check_char(found.number[:17])


valid_ids = st.builds(
    lambda province, area, born, serial: f"{province}{area:04d}{born:%Y%m%d}{serial:03d}",
    st.sampled_from(sorted(PROVINCES)),
    st.integers(0, 9999),
    st.dates(date(1900, 1, 1), TODAY),
    st.integers(0, 999),
).map(lambda first17: first17 + resident_check_char(first17))


@FUZZ
@given(valid_ids)
def test_every_number_with_a_right_checksum_and_birth_date_is_accepted(number: str) -> None:
    found = check_resident_id(number, today=TODAY)  # whatever the area code
    assert found.number == number
    assert found.birth_date == date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    assert found.gender == ("男" if int(number[16]) % 2 else "女")
    spaced = f" {to_full_width(number[:6])} {number[6:14]}-{number[14:].lower()} "
    assert check_resident_id(spaced, today=TODAY).number == number


@FUZZ
@given(valid_ids, st.integers(0, 16), st.sampled_from("0123456789X"))
def test_one_changed_character_is_caught_by_the_checksum(number: str, at: int, char: str):
    changed = number[:at] + char + number[at + 1 :]
    if changed == number:
        return
    with pytest.raises(ValidationError):
        check_resident_id(changed, today=TODAY)


# -- unified social credit codes ----------------------------------------------------------
valid_codes = st.builds(
    lambda head, rest: head + rest,
    st.text(st.sampled_from(string.digits), min_size=8, max_size=8),
    st.text(st.sampled_from(CREDIT_ALPHABET), min_size=9, max_size=9),
).map(lambda first17: first17 + credit_check_char(first17))


@FUZZ
@given(texts, st.booleans())
def test_any_text_is_a_credit_code_or_a_refusal(text: str, override: bool) -> None:
    code = read_or_refused(lambda: check_credit_code(text, override=override), "统一社会信用代码")
    if code is REFUSED:
        return
    assert len(code) == 18 and all(c in CREDIT_ALPHABET for c in code)
    assert override or code[17] == credit_check_char(code[:17])


@FUZZ
@given(valid_codes)
def test_every_well_formed_code_is_accepted_also_in_full_width(code: str) -> None:
    assert check_credit_code(code) == code
    assert check_credit_code(to_full_width(code).lower()) == code


# -- numbers and times ------------------------------------------------------------------------
numbers = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**400), 10**400),
    texts,
    st.from_regex(r"\A[0-9]{1,12}(\.[0-9]{1,3})?\Z"),
)


@FUZZ
@given(numbers)
def test_hours_and_scores_are_a_tenth_precise_number_or_a_refusal(value) -> None:
    found = read_or_refused(lambda: parse_number(value, "学时"), "学时")
    if found is not REFUSED:
        assert found is None or (0 <= found <= 1e9 and round(found, 1) == found)


@FUZZ
@given(texts)
def test_times_are_hh_mm_or_a_refusal(text: str) -> None:
    found = read_or_refused(lambda: parse_time(text, "开始时间"), "开始时间")
    if found and found is not REFUSED:
        hour, minute = found.split(":")
        assert 0 <= int(hour) <= 23 and 0 <= int(minute) <= 59


# -- export options and the command line ---------------------------------------------------
load_all()
SPECS = sorted(EXPORTS)
option_values = st.one_of(
    texts,
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(["1", "0", "-1", "2024", "２０２４", "9" * 40, "1,3", "docx", "pdf"]),
)


@FUZZ
@given(st.sampled_from(SPECS), st.dictionaries(st.sampled_from(["x"]), option_values), st.data())
def test_export_options_are_values_or_a_refusal_naming_the_option(name, _unused, data) -> None:
    spec = EXPORTS[name]
    raw = {o.name: data.draw(option_values) for o in spec.options}
    try:
        values = parse_options(spec, raw)
    except UserError as exc:
        assert any(f"--{o.name}" in str(exc) for o in spec.options)
        return
    for option in spec.options:
        value = values[option.name]
        if option.kind == "int" and value is not None:
            assert isinstance(value, int) and abs(value) < 10**18


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> Path:
    """A database with one record of each kind the exports' options name."""
    from desktop_app.domain.personnel import Person
    from desktop_app.domain.rectification import Inspection, Problem
    from desktop_app.domain.training import TrainingSession
    from desktop_app.storage.personnel.repo import PersonnelRepo
    from desktop_app.storage.rectification.repo import RectificationRepo
    from desktop_app.storage.training.repo import TrainingRepo

    path = tmp_path_factory.mktemp("模糊") / "小 数据.db"
    db = open_database(path)
    try:
        repo = RectificationRepo(db)
        inspection = repo.add_inspection(Inspection("市委第一巡察组反馈"))
        repo.add_problem(Problem("制度不健全", inspection_id=inspection))
        PersonnelRepo(db).add_person(Person("张伟", id_number="320602197803150013"), TODAY)
        TrainingRepo(db).add_session(TrainingSession("民法典学习", date(2024, 3, 1), hours=2))
    finally:
        db.close()
    return path


argv_text = st.text(st.characters(codec=None, exclude_characters="\x00"), max_size=30)


@settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.sampled_from(SPECS), st.data())
def test_the_command_line_exits_0_or_2_with_one_chinese_line(small_db, tmp_path, name, data):
    spec = EXPORTS[name]
    options: list[str] = []
    for option in data.draw(st.lists(st.sampled_from(spec.options), max_size=3, unique=True)):
        options.append(f"--{option.name}")
        if option.kind != "flag":
            options.append(data.draw(st.one_of(option_values, argv_text)))
    suffix = ".docx" if "docx" in options else spec.suffix
    out = data.draw(st.one_of(st.just(str(tmp_path / f"导出{suffix}")), argv_text))
    args = ["export", name, "--db", str(small_db), "--out", out, *options]
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = cli.main(args)
    err = stderr.getvalue()
    assert code in (0, 2), (args, err)
    assert "Traceback" not in err and "Logging error" not in err, (args, err)
    if code == 2:
        assert len(err.strip().splitlines()) == 1, (args, err)
        assert any("\u4e00" <= c <= "\u9fff" for c in err), (args, err)  # said in Chinese
