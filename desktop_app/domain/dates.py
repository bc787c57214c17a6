"""Parsing and formatting of the date forms clerks type."""

from __future__ import annotations

import re
from datetime import date, datetime

from desktop_app.domain.errors import ValidationError

_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)

ACCEPTED_FORMS = "2023-05-22、2023/5/22、2023.5.22、2023年5月22日 或 20230522"


def parse_date(text: str | date | None, field: str, *, required: bool = False) -> date | None:
    """Parse a typed date in any accepted form; raise ValidationError naming the field."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    value = (text or "").strip()
    if not value:
        if required:
            raise ValidationError(field, "必须填写")
        return None
    for pattern in _PATTERNS:
        match = pattern.match(value)
        if match:
            year, month, day = (int(g) for g in match.groups())
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
    """The same day ``months`` later, clamped to the month's last day."""
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")
