"""Identifier checks: resident ID (GB 11643) and unified social credit code (GB 32100)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

from desktop_app.domain.errors import ValidationError

MALE, FEMALE = "男", "女"
EARLIEST_BIRTH = date(1900, 1, 1)


@dataclass(frozen=True)
class ResidentId:
    """A checked resident ID number and what it says about its holder."""

    number: str
    birth_date: date
    gender: str


def _compact(text: str) -> str:
    """Upper case without spaces or dashes (the way people paste it)."""
    return "".join((text or "").split()).replace("-", "").upper()


def check_resident_id(text: str, field: str = "身份证号", today: date | None = None) -> ResidentId:
    """Validate an 18-character resident ID; derive birth date and gender or raise."""
    number = _compact(text)
    if len(number) != 18:
        raise ValidationError(field, f"应为 18 位,“{text.strip()}”是 {len(number)} 位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(field, "前 17 位应为数字,末位为数字或 X")
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise ValidationError(field, f"校验位错误(按前 17 位计算末位应为 {expected}),请核对")
    try:
        born = ric.get_birth_date(number)
    except stdnum_errors.InvalidComponent:
        raise ValidationError(field, f"第 7–14 位出生日期“{number[6:14]}”不是存在的日期") from None
    if born < EARLIEST_BIRTH or born > (today or date.today()):
        raise ValidationError(field, f"出生日期 {born.isoformat()} 不可能,请核对")
    try:
        ric.get_birth_place(number)
    except stdnum_errors.ValidationError:
        raise ValidationError(field, f"前 6 位地区码“{number[:6]}”不存在") from None
    gender = MALE if int(number[16]) % 2 else FEMALE
    return ResidentId(number, born, gender)


def mask_id(number: str | None) -> str:
    """Show only the first 6 and last 4 characters: 110105********002X."""
    text = number or ""
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def check_credit_code(text: str, field: str = "统一社会信用代码", *, override: bool = False) -> str:
    """Validate a unified social credit code; ``override`` keeps a deliberately accepted one."""
    number = _compact(text)
    if override:
        if len(number) != 18:
            raise ValidationError(field, f"应为 18 位,“{text.strip()}”是 {len(number)} 位")
        return number
    try:
        return uscc.validate(number)
    except stdnum_errors.InvalidLength:
        raise ValidationError(field, f"应为 18 位,“{text.strip()}”是 {len(number)} 位") from None
    except stdnum_errors.InvalidChecksum:
        expected = uscc.calc_check_digit(number[:-1])
        raise ValidationError(
            field, f"校验位错误(按前 17 位计算末位应为 {expected});如确属早期代码,请勾选“仍然使用”"
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            field, "格式不对:前 8 位应为数字,其余为数字或大写字母(不含 I、O、Z、S、V)"
        ) from None
