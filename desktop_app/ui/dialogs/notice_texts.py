"""The one editor of a notice's or report's texts (NoticeTexts), for every register.

Each document names the fields it has, in order (``NoticeField``); the editor builds the
form from them, as a dialog of its own or embedded beside a preview.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.notices import NoticeTexts
from desktop_app.ui.dialogs.form import FormDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

CHECKS = frozenset({"red_header"})  # fields shown as a check box
DATES = frozenset({"sign_date", "stat_date"})  # fields typed as a date


@dataclass(frozen=True)
class NoticeField:
    """One field of the editor: which text, its label, and how it is typed."""

    key: str  # a NoticeTexts attribute
    label: str
    lines: int = 0  # 0: one line; otherwise a multi-line box this many lines high
    placeholder: str = ""
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, label): a drop-down


SIGN_DATE = NoticeField("sign_date", "成文日期")
_CONTACT = NoticeField("contact", "联系人及电话", placeholder="不填则用本单位信息中的联系人和电话")
_CC = NoticeField("cc", "抄送", placeholder="版记中的抄送机关,可不填")
_SIGNER = NoticeField("signature", "落款", placeholder="不填则用本单位信息中的落款")


def head_fields(issuer_example: str, doc_no_example: str) -> tuple[NoticeField, ...]:
    """The head of a 通知 or 通报: title, red header, issuer, number and addressee."""
    return (
        NoticeField("title", "标题", required=True),
        NoticeField("red_header", "使用红头"),
        NoticeField("issuer", "发文机关标志", placeholder=f"如 {issuer_example}"),
        NoticeField("doc_no", "发文字号", placeholder=f"如 {doc_no_example}"),
        NoticeField("addressee", "主送机关"),
    )


def closing_fields(*, contact: bool = True, cc: bool = True) -> tuple[NoticeField, ...]:
    """The close of a 通知 or 通报: contact line, 抄送 (of the 版记), signature, 成文日期."""
    return (*((_CONTACT,) if contact else ()), *((_CC,) if cc else ()), _SIGNER, SIGN_DATE)


@dataclass(frozen=True)
class NumberOption:
    """A whole-number choice asked together with the texts (e.g. the notice's window)."""

    key: str
    label: str
    value: int
    low: int
    high: int


class NoticeTextsForm(FormDialog):
    """The texts of one document as a form; ``texts()`` reads them back."""

    def __init__(
        self,
        title: str,
        texts: NoticeTexts,
        layout: Sequence[NoticeField],
        parent: QWidget | None = None,
        *,
        embedded: bool = False,
        options: Sequence[NumberOption] = (),
        note: str = "",
    ) -> None:
        super().__init__(title, parent, embedded=embedded)
        if not embedded:
            self.setMinimumWidth(720)
        self.original = texts
        self.layout_fields = tuple(layout)
        self.options = tuple(options)
        for option in self.options:
            self.add_number(option.key, option.label, option.value, option.low, option.high)
        for field in self.layout_fields:
            self._add_field(field, getattr(texts, field.key))
        self.show_note(note)

    def _add_field(self, field: NoticeField, value: Any) -> None:
        if field.key in CHECKS:
            self.add_check(field.key, field.label, bool(value))
            return
        if field.choices:
            labels = dict(field.choices)
            chosen = labels.get(value, field.choices[0][1])
            self.add_choice(field.key, field.label, list(labels.values()), chosen)
            return
        widget: QLineEdit | QPlainTextEdit
        if field.key in DATES:
            widget = self.add_date(field.key, field.label, value, required=field.required)
        elif field.lines:
            widget = self.add_multiline(
                field.key, field.label, value, required=field.required, lines=field.lines
            )
        else:
            widget = self.add_text(field.key, field.label, value, required=field.required)
        if field.placeholder:
            widget.setPlaceholderText(field.placeholder)

    def texts(self) -> NoticeTexts:
        """The texts as edited; ValidationError names a bad field (a title is a must)."""
        values: dict[str, Any] = {}
        for field in self.layout_fields:
            if field.key in CHECKS:
                values[field.key] = bool(self.value(field.key))
            elif field.key in DATES:
                values[field.key] = self.date(field.key, required=field.required)
            elif field.choices:
                keys = {label: key for key, label in field.choices}
                values[field.key] = keys.get(self.text(field.key), field.choices[0][0])
            else:
                values[field.key] = self.text(field.key)
        if "title" in values and not values["title"]:
            raise ValidationError(self._label("title"), "必须填写")
        return replace(self.original, **values)

    def option_values(self) -> dict[str, int]:
        """The values of the number options."""
        return {option.key: self.value(option.key) for option in self.options}

    def _label(self, key: str) -> str:
        return next(f.label for f in self.layout_fields if f.key == key)
