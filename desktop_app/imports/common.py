"""What every register's import shares: mapped rows, the reading context, counts."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from desktop_app.domain.dates import iso
from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.imports.drafts import CellError, Origin
from desktop_app.domain.imports.fields import CHOICE_WORDS, FIELDS, Field
from desktop_app.domain.imports.values import (
    clean_text,
    key_of,
    match_choice,
    normalise,
    parse_import_date,
)
from desktop_app.formats.readers import column_letter

if TYPE_CHECKING:  # the types of every register's ``build`` and ``apply``
    from sqlite_utils import Database  # noqa: F401

    from desktop_app.storage.database import Reader  # noqa: F401
    from desktop_app.storage.imports import BatchWriter

CREATE, UPDATE, SKIP = "create", "update", "skip"
ACTION_LABELS = {
    CREATE: "新增",
    UPDATE: "更新",
    SKIP: "不变",
    "error": "有错误",
    "excluded": "已排除",
}


class ImportCancelled(UserError):
    """The clerk cancelled the import: nothing was written."""


@dataclass
class Row:
    """One data row of the table: its spreadsheet number and its values by field."""

    number: int  # as the spreadsheet shows it, from 1
    values: dict[str, Any]
    heading: str = ""  # the category heading above it ("一、…" rows), if any


@dataclass
class Unknown:
    """A word the import does not know for a closed-list field, and where it stands."""

    field: str
    label: str
    value: str
    rows: list[int] = dataclasses.field(default_factory=list)
    choices: tuple[str, ...] = ()


@dataclass
class Step:
    """One record of a plan: created, updated (``changes``: the fields written) or left as it is."""

    what: str  # "person", "certificate", "session" …
    action: str  # CREATE, UPDATE or SKIP
    record: Any  # the record as read from the file
    record_id: int | None = None  # the stored row, unless created
    changes: dict[str, Any] = dataclasses.field(default_factory=dict)

    def write_changes(
        self,
        batch: BatchWriter,
        table: str,
        get: Callable[[int], Any],
        put: Callable[[Any], object],
    ) -> None:
        """Update the stored record (read by ``get``, saved by ``put``) with the changes,
        its row kept in the batch first so that undo can put it back."""
        assert self.record_id is not None
        batch.changing(table, self.record_id)
        record = get(self.record_id)
        for key, value in self.changes.items():
            setattr(record, key, value)
        put(record)


@dataclass
class Tally:
    """Records to create, update and leave as they are, per kind of record."""

    counts: dict[str, Counter[str]] = dataclasses.field(default_factory=dict)

    def add(self, what: str, action: str) -> None:
        """Count one record."""
        self.counts.setdefault(what, Counter())[action] += 1

    def as_dict(self) -> dict[str, dict[str, int]]:
        """{"problems": {"create": 3, "update": 1, "skip": 0}, …}."""
        return {
            what: {a: counter.get(a, 0) for a in (CREATE, UPDATE, SKIP)}
            for what, counter in self.counts.items()
        }


class Context:
    """The reading of one table: its fields' columns, errors, unknown words, row actions."""

    def __init__(
        self,
        kind: str,
        sheet: str,
        columns: dict[str, int],
        headers: list[str],
        value_map: dict[str, dict[str, str]],
        today: date,
    ) -> None:
        self.kind = kind
        self.sheet = sheet
        self.columns = columns  # field → column index
        self.headers = headers
        self.value_map = value_map
        self.today = today
        self.errors: list[CellError] = []
        self.warnings: list[str] = []
        self.unknown: dict[tuple[str, str], Unknown] = {}
        self.actions: dict[int, str] = {}
        self.changes: list[str] = []
        self.fields: dict[str, Field] = {f.key: f for f in FIELDS.get(kind, ())}

    # -- places and messages -------------------------------------------------------------
    def column_name(self, key: str) -> str:
        """The header (or column letter) of a field, for messages."""
        column = self.columns.get(key)
        if column is None:
            return self.fields[key].label if key in self.fields else key
        header = self.headers[column] if column < len(self.headers) else ""
        return header or f"{column_letter(column)}列"

    def error(self, row: int, key: str, message: str) -> None:
        """Record an error of one row and column (``key`` a field or a column label)."""
        column = self.column_name(key) if key in self.fields else key
        self.errors.append(CellError(self.sheet, row, column, message))
        self.actions[row] = "error"

    def error_at(self, origin: Origin | None, key: str, message: str) -> None:
        """Record an error where a draft came from."""
        self.error(origin.row if origin else 0, key, message)

    def failed(self, row: int, exc: ValidationError | UserError) -> None:
        """Record a refused value: the field named by a ValidationError, else the whole row."""
        if isinstance(exc, ValidationError):
            key = next((k for k, f in self.fields.items() if f.label == exc.field), exc.field)
            self.error(row, key, exc.message)
        else:
            self.error(row, "", str(exc))

    def warn(self, row: int, text: str) -> None:
        """A notice that does not stop the import."""
        self.warnings.append(f"第 {row} 行:{text}" if row else text)

    def act(self, row: int, action: str) -> None:
        """The action a row leads to (an error stays an error)."""
        current = self.actions.get(row)
        if current != "error" and (action == CREATE or current not in (CREATE, UPDATE)):
            self.actions[row] = action

    # -- values --------------------------------------------------------------------------
    def has(self, key: str) -> bool:
        """Whether the file has a column for ``key``."""
        return key in self.columns

    def text(self, row: Row, key: str) -> str:
        """A text value (blank when absent); overlong cells are errors."""
        try:
            return clean_text(row.values.get(key), self.column_name(key))
        except ValidationError as exc:
            self.error(row.number, key, exc.message)
            return ""

    def texts(self, row: Row, *keys: str) -> dict[str, Any]:
        """The texts of several fields by key, for a record whose fields are named like them.

        (Typed ``Any`` so that mypy lets them fill keyword arguments of other types.)
        """
        return {key: self.text(row, key) for key in keys}

    def dates(self, row: Row, *keys: str) -> dict[str, Any]:
        """The dates (or None) of several fields by key, like ``texts``."""
        return {key: self.date(row, key) for key in keys}

    def date(self, row: Row, key: str) -> date | None:
        """A date value in any form; an error names the row and column."""
        try:
            return parse_import_date(
                row.values.get(key), self.column_name(key), year=self.today.year
            )
        except ValidationError as exc:
            self.error(row.number, key, exc.message)
            return None

    def guard(self, row: int, action: Callable[[], Any]) -> Any:
        """Run a check; its ValidationError becomes this row's error (None returned)."""
        try:
            return action()
        except (ValidationError, UserError) as exc:
            self.failed(row, exc)
            return None

    def choice(
        self,
        row: Row,
        key: str,
        parse: Callable[[Any], str | None] | None = None,
        default: str = "",
    ) -> str:
        """A closed-list value: the clerk's mapping first, then the words known; else asked."""
        raw = row.values.get(key)
        text = normalise(raw) if raw is not None else ""
        if not text:
            return default
        mapped = self.value_map.get(key, {}).get(key_of(text))
        if mapped:
            return mapped
        found = parse(raw) if parse else match_choice(raw, _choice_words(key, self.fields[key]))
        if found:
            return found
        entry = self.unknown.setdefault(
            (key, text), Unknown(key, self.column_name(key), text, [], self.fields[key].choices)
        )
        entry.rows.append(row.number)
        self.actions[row.number] = "error"
        return default


def _choice_words(key: str, spec: Field) -> dict[str, tuple[str, ...]]:
    words = CHOICE_WORDS.get(key)
    if words:
        return words
    return {choice: () for choice in spec.choices}


def same(a: Any, b: Any) -> bool:
    """Whether a stored value and a read value are the same (blank equals None)."""
    return (a if a not in ("", None) else None) == (b if b not in ("", None) else None)


def describe_change(what: str, label: str, before: Any, after: Any) -> str:
    """One line of what an update changes."""
    return f"{what}:{label}“{before or '(空)'}”→“{after or '(空)'}”"


def changed(
    ctx: Context,
    what: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    labels: Mapping[str, str] | None = None,
    *,
    blank_clears: bool = True,
) -> dict[str, Any]:
    """The values read (``new``, by column) that differ from the stored row ``old``.

    Each change is described in the context's list of changes, under ``what`` and the
    column's label. Dates and choices are compared in their stored form (ISO text, the
    choice's text); ``blank_clears=False`` keeps a stored value that the file leaves blank.
    """
    changes = {}
    for key, value in new.items():
        shown = iso(value) if isinstance(value, date) else value
        shown = shown.value if isinstance(shown, Enum) else shown
        if same(old[key], shown) or (not blank_clears and shown in ("", None)):
            continue
        changes[key] = value
        ctx.changes.append(describe_change(what, (labels or {}).get(key, key), old[key], shown))
    return changes
