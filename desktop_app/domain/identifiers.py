"""Identifier checks: resident ID (GB 11643) and unified social credit code (GB 32100)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.text import check_storable, compact_code, strip_invisible

MALE, FEMALE = "男", "女"
EARLIEST_BIRTH = date(1900, 1, 1)


# Province-level codes of GB/T 2260 (the first two digits of every resident ID).
_PROVINCE_RANGES = ((11, 15), (21, 23), (31, 37), (41, 46), (50, 54), (61, 65), (71, 71), (81, 83))
PROVINCES = frozenset(str(code) for low, high in _PROVINCE_RANGES for code in range(low, high + 1))
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"


@dataclass(frozen=True)
class ResidentId:
    """A checked resident ID number and what it says about its holder."""

    number: str
    birth_date: date
    gender: str
    warning: str = ""  # e.g. an area code not in the code table: shown, never refused


def resident_check_char(first17: str) -> str:
    """The 18th character of a resident ID (GB 11643, ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def _area_warning(number: str) -> str:
    """A note when the 6-digit area code is not in the code table of any year."""
    from stdnum import numdb  # the code table is read only when an ID is checked

    parts = numdb.get("cn/loc").info(number[:6])
    if len(parts) > 1 and parts[-1][1]:
        return ""
    return f"前 6 位地区码“{number[:6]}”不在地区代码表中,请核对(不影响保存)"


def check_resident_id(text: str, field: str = "身份证号", today: date | None = None) -> ResidentId:
    """Validate an 18-character resident ID; derive birth date and gender or raise.

    The checksum and the birth date decide. Area codes were created and renamed over the
    years, so a valid number may carry a code that did not exist in its holder's birth year
    (320602197803150013): an area code unknown to the code table is only a ``warning``;
    only a province that never existed (the first two digits) is refused.
    """
    number = compact_code(check_storable(text, field))
    shown = strip_invisible(text or "")
    if len(number) != 18:
        raise ValidationError(field, f"应为 18 位,“{shown}”是 {len(number)} 位")
    first17, last = number[:17], number[17]
    if not (first17.isascii() and first17.isdigit()) or last not in "0123456789X":
        raise ValidationError(field, "前 17 位应为数字,末位为数字或 X")
    expected = resident_check_char(first17)
    if last != expected:
        raise ValidationError(field, f"校验位错误(按前 17 位计算末位应为 {expected}),请核对")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(field, f"第 7–14 位出生日期“{number[6:14]}”不是存在的日期") from None
    if born < EARLIEST_BIRTH or born > (today or date.today()):
        raise ValidationError(field, f"出生日期 {born.isoformat()} 不可能,请核对")
    if number[:2] not in PROVINCES:
        raise ValidationError(field, f"前 6 位地区码“{number[:6]}”不存在(前两位不是省级代码)")
    gender = MALE if int(number[16]) % 2 else FEMALE
    return ResidentId(number, born, gender, _area_warning(number))


def mask_id(number: str | None) -> str:
    """Show only the first 6 and last 4 characters: 110105********002X."""
    text = number or ""
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def check_credit_code(text: str, field: str = "统一社会信用代码", *, override: bool = False) -> str:
    """Validate a unified social credit code; ``override`` keeps a deliberately accepted one.

    The override accepts a wrong check character only (some early codes fail it): the length
    and the characters are checked always.
    """
    number = compact_code(check_storable(text, field))
    if len(number) != 18:
        shown = strip_invisible(text or "")
        raise ValidationError(field, f"应为 18 位,“{shown}”是 {len(number)} 位")
    if not (number[:8].isascii() and number[:8].isdigit()) or any(
        c not in CREDIT_ALPHABET for c in number[8:]
    ):
        raise ValidationError(
            field, "格式不对:前 8 位应为数字,其余为数字或大写字母(不含 I、O、Z、S、V)"
        )
    expected = credit_check_char(number[:17])
    if number[17] != expected and not override:
        raise ValidationError(
            field, f"校验位错误(按前 17 位计算末位应为 {expected});如确属早期代码,请勾选“仍然使用”"
        )
    return number


CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # values 0–30 (no I O Z S V)


def credit_check_char(first17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100)."""
    total = sum(CREDIT_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]
