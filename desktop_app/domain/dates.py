"""Parsing and formatting of the date forms clerks type."""

from __future__ import annotations

import re
from datetime import date, datetime

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.text import check_storable, fold_width, strip_invisible

_PATTERNS = tuple(
    re.compile(pattern, re.ASCII)  # ASCII digits only (full-width ones are folded first)
    for pattern in (
        r"^(\d{4})-(\d{1,2})-(\d{1,2})$",
        r"^(\d{4})/(\d{1,2})/(\d{1,2})$",
        r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$",
        r"^(\d{4})年(\d{1,2})月(\d{1,2})日$",
        r"^(\d{4})(\d{2})(\d{2})$",
    )
)

ACCEPTED_FORMS = "2023-05-22、2023/5/22、2023.5.22、2023年5月22日 或 20230522"
# Dates the registers hold: births, issues and deadlines all fall in this range, and month
# arithmetic on them (validity, reviews) stays far from the calendar's end (year 9999).
FIRST_YEAR, LAST_YEAR = 1900, 2100
RANGE_TEXT = f"年份应在 {FIRST_YEAR} 到 {LAST_YEAR} 之间"


def check_range(value: date, field: str) -> date:
    """Refuse a date outside FIRST_YEAR–LAST_YEAR naming the field."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(field, f"{value.isoformat()} 超出可用范围:{RANGE_TEXT}")
    return value


def parse_date(text: str | date | None, field: str, *, required: bool = False) -> date | None:
    """Parse a typed date in any accepted form; raise ValidationError naming the field."""
    if isinstance(text, datetime):
        return check_range(text.date(), field)
    if isinstance(text, date):
        return check_range(text, field)
    value = strip_invisible(check_storable(text, field))
    if not value:
        if required:
            raise ValidationError(field, "必须填写")
        return None
    folded = fold_width(value).replace(" ", "")
    for pattern in _PATTERNS:
        match = pattern.match(folded)
        if match:
            year, month, day = (int(g) for g in match.groups())
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise ValidationError(field, f"“{value}”超出可用范围:{RANGE_TEXT}")
            try:
                return date(year, month, day)
            except ValueError:
                raise ValidationError(field, f"“{value}”不是存在的日期") from None
    raise ValidationError(field, f"无法识别日期“{value}”,请按 {ACCEPTED_FORMS} 填写")


def iso(d: date | None) -> str | None:
    """ISO text for storage, or None."""
    return d.isoformat() if d else None


def from_iso(text: str | None) -> date | None:
    """Read a stored ISO date."""
    return date.fromisoformat(text) if text else None


def cn_date(d: date | None) -> str:
    """Official-document date: 2022年5月31日 (Arabic numerals, no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def add_months(d: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day.

    A result beyond the calendar (after 9999) raises ValidationError, never a crash; dates
    typed by clerks are kept to FIRST_YEAR–LAST_YEAR, far from it.
    """
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    if not 1 <= year <= 9999:
        raise ValidationError("日期", f"{d.isoformat()} 加 {months} 个月超出日历范围:{RANGE_TEXT}")
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # every month has a 28th
