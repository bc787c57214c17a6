"""Checks every typed or imported text goes through: what can be stored, what counts as filled.

Two things break storage and the files made from it, whatever the field: a lone surrogate
(half of a UTF-16 pair, which arrives from undecodable file names or damaged files and makes
SQLite, JSON and openpyxl fail) and NUL. Both are refused naming the field. A required field
counts as filled only when something visible is left once spaces and invisible characters
(zero-width space, BOM, direction marks, control characters) are taken away.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from desktop_app.domain.errors import ValidationError

# Format characters (zero-width space U+200B, joiners, BOM U+FEFF, direction marks U+200E/F,
# …), controls (NUL, …) and the Hangul/Braille fillers that render as nothing.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp"})
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _invisible(char: str) -> bool:
    return char in _BLANK_LOOKING or unicodedata.category(char) in _INVISIBLE_CATEGORIES


def has_surrogate(text: str) -> bool:
    """True when ``text`` holds half of a UTF-16 surrogate pair (it cannot be stored)."""
    return any("\ud800" <= char <= "\udfff" for char in text)


def check_storable(value: str | None, field: str) -> str:
    """The text as given ('' for None); refuse lone surrogates and NUL naming the field."""
    text = value or ""
    if not isinstance(text, str):
        raise ValidationError(field, "应为文字")
    if has_surrogate(text):
        raise ValidationError(field, "含有无法识别的字符(可能来自损坏的文件或文件名),请重新输入")
    if "\x00" in text:
        raise ValidationError(field, "含有不可见的控制字符(NUL),请重新输入")
    return text


def strip_invisible(text: str) -> str:
    """``text`` without spaces and invisible characters at either end."""
    start, end = 0, len(text)
    while start < end and _invisible(text[start]):
        start += 1
    while end > start and _invisible(text[end - 1]):
        end -= 1
    return text[start:end]


def optional_text(value: str | None, field: str) -> str:
    """A storable text field, trimmed of spaces and invisible characters at the ends."""
    return strip_invisible(check_storable(value, field))


def required_text(value: str | None, field: str) -> str:
    """Like ``optional_text``, but refused when nothing visible is left: "必须填写"."""
    text = optional_text(value, field)
    if not text:
        raise ValidationError(field, "必须填写")
    return text


def check_texts(record: Any, labels: dict[str, str]) -> None:
    """Trim and check the named text attributes of ``record`` (``labels``: attribute → field)."""
    for attr, label in labels.items():
        setattr(record, attr, optional_text(getattr(record, attr), label))


def fold_width(text: str) -> str:
    """Full-width letters, digits and signs (１２３ＡＢ, U+FF01–FF5E) and the ideographic space
    as their ASCII forms; every other character is kept as it is."""
    return "".join(
        unicodedata.normalize("NFKC", c) if "\uff01" <= c <= "\uff5e" or c == "\u3000" else c
        for c in text
    )


def compact_code(text: str | None) -> str:
    """An identifier as typed or pasted (ID number, credit code) in its one stored form:
    full-width folded, without spaces, invisible characters or dashes, upper case.

    Only the full-width forms are folded: other look-alikes that NFKC would also turn into
    digits (superscript ², circled ①) are kept, so that the identifier check refuses them.
    """
    folded = fold_width(text or "")
    return "".join(c for c in folded if not _invisible(c) and c not in "-‐‑–—").upper()


def normalise_number(value: str | None, field: str) -> str:
    """A free-form number (证号): NFKC (full-width ＡＢ１２ → AB12), without any spaces or
    invisible characters; refused when it cannot be stored."""
    text = unicodedata.normalize("NFKC", check_storable(value, field))
    return "".join(c for c in text if not _invisible(c))
