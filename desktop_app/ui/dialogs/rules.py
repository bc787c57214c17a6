"""The one rules dialog: a form built from groups of the declared settings.

Each setting becomes a field by its kind (a spin box within its range, a check box, a line
edit, a check box per option, a file per option); its help is the tooltip, the groups' notes
sit under the form. A field's object name is the setting's name (``lead_days``), or
``name:option`` for one option of it (``overrides:fangsong``). Saving checks every value
against the list, runs the caller's extra ``check``, then ``save`` (by default
``write_settings``: one transaction with its audit row); a refusal keeps the dialog open
on the field it names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from desktop_app.storage.settings import (
    GROUPS,
    Setting,
    group_settings,
    read_settings,
    validate_settings,
    write_settings,
)
from desktop_app.ui.dialogs.form import FormDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from sqlite_utils import Database

Values = Mapping[str, Any]
_SPIN_LIMIT = 2**31 - 1


def shown_settings(groups: Sequence[str]) -> list[Setting]:
    """The settings of ``groups`` that a form shows (kept texts are not shown)."""
    return [s for group in groups for s in group_settings(group) if s.kind != "json"]


def field_names(item: Setting) -> list[str]:
    """The object names of the setting's field(s)."""
    if item.kind in ("choices", "paths"):
        return [f"{item.name}:{option}" for option, _label in item.choices()]
    return [item.name]


def _number_text(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def add_field(form: FormDialog, item: Setting, value: Any) -> None:
    """The field(s) of one setting, showing ``value``."""
    name, label = item.name, item.label
    if item.kind == "int":
        low = int(item.minimum) if item.minimum is not None else -_SPIN_LIMIT
        high = int(item.maximum) if item.maximum is not None else _SPIN_LIMIT
        widgets: list[QWidget] = [form.add_number(name, label, value, low, high)]
    elif item.kind == "float":
        widgets = [form.add_text(name, label, _number_text(value, item.decimals))]
    elif item.kind == "bool":
        widgets = [form.add_check(name, label, value)]
    elif item.kind == "date":
        widgets = [form.add_date(name, label, value)]
    elif item.kind == "choices":
        widgets = [
            form.add_check(f"{name}:{option}", text, option in value)
            for option, text in item.choices()
        ]
    elif item.kind == "paths":
        widgets = [
            form.add_file(f"{name}:{option}", text, value.get(option, ""), item.file_filter)
            for option, text in item.choices()
        ]
    else:
        widgets = [form.add_text(name, label, value)]
    for widget in widgets:
        widget.setToolTip(item.help)


def field_value(form: FormDialog, item: Setting) -> Any:
    """What the clerk entered for one setting (typed numbers as text, checked by storage)."""
    name = item.name
    if item.kind in ("int", "bool"):
        return form.value(name)
    if item.kind == "choices":
        return tuple(option for option, _ in item.choices() if form.value(f"{name}:{option}"))
    if item.kind == "paths":
        typed = {option: form.text(f"{name}:{option}") for option, _ in item.choices()}
        return {option: path for option, path in typed.items() if path}
    if item.kind == "date":
        return form.date(name)
    return form.text(name)


def edit_settings(
    parent: QWidget | None,
    db: Database,
    groups: Sequence[str],
    *,
    title: str = "",
    check: Callable[[Values], None] | None = None,
    save: Callable[[Values], Any] | None = None,
) -> bool:
    """Show the settings of ``groups`` in one form; True when they were saved."""
    shown = shown_settings(groups)
    names = [n for item in shown for n in field_names(item)]
    if len(set(names)) != len(names):
        raise ValueError(f"settings of {groups} share a field name: {names}")
    current = read_settings(db, [item.key for item in shown])
    form = FormDialog(title or GROUPS[groups[0]].title, parent)
    for item in shown:
        add_field(form, item, current[item.key])
    form.show_note("\n".join(GROUPS[g].note for g in groups if GROUPS[g].note))

    def accept() -> None:
        values = validate_settings({item.key: field_value(form, item) for item in shown})
        if check is not None:
            check(values)
        if save is not None:
            save(values)
        else:
            write_settings(db, values)

    form.save = accept
    return bool(form.exec())
