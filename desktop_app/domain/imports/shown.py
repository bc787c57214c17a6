"""A cell as the import will read it, for the preview: 44712 → 2022-05-31, √ → 已完成.

The preview shows what lands in the database, not what the file holds, so that a clerk sees
an Excel serial or a status word read right (or wrong) before anything is written. Each
field is read by the same parser the import uses; a value that parser refuses is shown as
the file has it (its error is listed beside the rows).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.imports.fields import CHOICE_WORDS, Field
from desktop_app.domain.imports.values import (
    key_of,
    match_choice,
    normalise,
    parse_amount,
    parse_deadline,
    parse_gender,
    parse_id_number,
    parse_import_date,
    parse_status,
)

DATE_FIELDS = frozenset(
    ("completion_date", "birth_date", "issue_date", "valid_until", "last_review", "date")
)
AMOUNT_FIELDS = frozenset(("hours", "credited", "score"))


def shown_value(
    spec: Field,
    value: Any,
    *,
    year: int,
    words: dict[str, str] | None = None,
) -> str:
    """The value a cell of field ``spec`` gives, as text; the cell's own text when refused.

    ``words`` are the clerk's choices for this field (folded word → choice).
    """
    return value_reader(spec, year=year, words=words)(value)


def value_reader(
    spec: Field, *, year: int, words: dict[str, str] | None = None
) -> Callable[[Any], str]:
    """``shown_value`` of one field, made once for a whole column."""
    parse = _reader(spec, year, words or {})

    def shown(value: Any) -> str:
        raw = normalise(value) if value is not None else ""
        if not raw:
            return ""
        try:
            found = parse(value)
        except ValidationError:
            return raw
        return raw if found is None else found

    return shown


def _reader(spec: Field, year: int, words: dict[str, str]) -> Callable[[Any], str | None]:
    """The parse of one field, giving text (None: not understood)."""
    key = spec.key
    if key in DATE_FIELDS:
        return lambda v: _iso(parse_import_date(v, spec.label, year=year))
    if key == "deadline":
        return lambda v: _deadline(v, spec.label, year)
    if key in AMOUNT_FIELDS:
        return lambda v: _amount(parse_amount(v, spec.label))
    if key == "id_number":
        return lambda v: parse_id_number(v, spec.label)
    if key == "gender":
        return lambda v: words.get(key_of(v)) or parse_gender(v)
    if key == "status":
        return lambda v: words.get(key_of(v)) or _status(v)
    if spec.choices:
        choices = CHOICE_WORDS.get(key) or {choice: () for choice in spec.choices}
        return lambda v: words.get(key_of(v)) or match_choice(v, choices)
    return normalise


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _deadline(value: Any, label: str, year: int) -> str | None:
    deadline = parse_deadline(value, label, year=year)
    if deadline.long_term:
        return "长期(无时限)"
    if deadline.on_the_spot:
        return deadline.on_the_spot
    return _iso(deadline.date)


def _amount(number: float | None) -> str | None:
    return None if number is None else f"{number:g}"


def _status(value: Any) -> str | None:
    status, way = parse_status(value)
    if status is None:
        return None
    return f"{status.value}({way})" if way else status.value
