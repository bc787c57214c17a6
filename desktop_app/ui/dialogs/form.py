"""A generic form dialog: labelled fields, typed dates, and refusals that name the field."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar, cast

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import ACCEPTED_FORMS, parse_date
from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.ui import messages
from desktop_app.ui.combos import make_editable
from desktop_app.ui.dialogs.screen_fit import usable_size
from desktop_app.ui.style import note_look

W = TypeVar("W", bound=QWidget)

DISCARD_QUESTION = "放弃已输入的内容?"


def field_state(widget: QWidget) -> object:
    """What the clerk can change in one input widget (compared to tell a touched form)."""
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QSpinBox):
        return widget.value()
    return None


def inputs_state(root: QWidget) -> tuple[object, ...]:
    """The state of every text, choice, number and check input under ``root``."""
    kinds = (QLineEdit, QPlainTextEdit, QComboBox, QCheckBox, QSpinBox)
    found = [w for w in root.findChildren(QWidget) if isinstance(w, kinds)]
    return tuple((w.objectName(), field_state(w)) for w in found)


def may_discard(dialog: QWidget, touched: bool) -> bool:
    """True when the dialog may close: nothing typed, or the clerk agrees to discard it."""
    return not touched or messages.ask(
        dialog, dialog.windowTitle(), DISCARD_QUESTION, default_yes=False
    )  # Enter keeps what was typed


def ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """A dialog's OK (named ``ok_text``) and 取消 buttons, wired to accept and reject."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class FittingScroll(QScrollArea):
    """A form's fields, whole when the screen has room for them, scrolled when it has not."""

    RESERVE = 150  # the note, the buttons and the margins under the fields

    def sizeHint(self) -> QSize:
        """The fields' own size, no taller than the screen leaves for them."""
        fields = self.widget()
        inner = fields.sizeHint() if fields is not None else QSize(0, 0)
        frame = 2 * self.frameWidth()
        usable = usable_size(self)
        height = min(inner.height() + frame, max(200, usable.height() - self.RESERVE))
        bar = self.verticalScrollBar().sizeHint().width() if height < inner.height() else 0
        return QSize(min(inner.width() + frame + bar, usable.width()), height)


class FormDialog(QDialog):
    """Build a form with ``add_*``; ``accept`` runs ``save`` and shows its refusal."""

    def __init__(
        self, title: str, parent: QWidget | None = None, *, embedded: bool = False
    ) -> None:
        """``embedded``: used as a plain widget inside another dialog (no buttons)."""
        super().__init__(parent)
        if embedded:
            self.setWindowFlags(Qt.WindowType.Widget)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self._fields: dict[str, tuple[str, QWidget]] = {}
        self._dates: dict[str, bool] = {}  # date fields: required or not
        self._layout = QFormLayout()
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.note = QLabel()
        self.note.setObjectName("formNote")
        note_look(self.note)
        self.note.setWordWrap(True)
        self.note.hide()
        buttons = ok_cancel(self, "保存")
        outer = QVBoxLayout(self)
        if embedded:  # the dialog it sits in scrolls it
            outer.addLayout(self._layout)
        else:
            outer.addWidget(self._scrolled_fields(), 1)
        outer.addWidget(self.note)
        if embedded:
            buttons.hide()
        outer.addWidget(buttons)
        self.save: Callable[[], None] | None = None
        self._initial: tuple[object, ...] | None = None  # the fields as first shown

    def _scrolled_fields(self) -> QScrollArea:
        fields = QWidget()
        fields.setLayout(self._layout)
        self._layout.setContentsMargins(0, 0, 0, 0)
        scroll = FittingScroll()
        scroll.setObjectName("formFields")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(fields)
        return scroll

    # -- building ----------------------------------------------------------
    def _add(
        self, key: str, label: str, widget: W, required: bool, row: QWidget | None = None
    ) -> W:
        shown = f"{label} *" if required else label
        self._layout.addRow(shown, row or widget)
        widget.setObjectName(key)
        self._fields[key] = (label, widget)
        return widget

    def add_text(self, key: str, label: str, value: str = "", *, required=False) -> QLineEdit:
        """A one-line text field."""
        edit = QLineEdit(value or "")
        return self._add(key, label, edit, required)

    def add_multiline(
        self, key: str, label: str, value: str = "", *, required=False, lines: int = 4
    ) -> QPlainTextEdit:
        """A multi-line text field."""
        edit = QPlainTextEdit(value or "")
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(22 * lines)
        return self._add(key, label, edit, required)

    def add_date(
        self, key: str, label: str, value: date | None = None, *, required: bool = False
    ) -> QLineEdit:
        """A date typed in any of the accepted forms (2023-05-22, 2023年5月22日, …)."""
        edit = QLineEdit(value.isoformat() if value else "")
        edit.setPlaceholderText("如 2023-05-22 或 2023年5月22日")
        edit.setToolTip(f"可输入 {ACCEPTED_FORMS}")
        self._dates[key] = required
        return self._add(key, label, edit, required)

    def add_choice(
        self, key: str, label: str, items: Sequence[str], value: str = "", *, editable=False
    ) -> QComboBox:
        """A drop-down; ``editable`` lets the clerk type a value not in the list."""
        combo = QComboBox()
        if editable:
            make_editable(combo)
        combo.addItems(list(items))
        if value:
            if combo.findText(value) < 0:
                combo.addItem(value)
            combo.setCurrentText(value)
        return self._add(key, label, combo, False)

    def add_file(self, key: str, label: str, value: str = "", file_filter: str = "") -> QLineEdit:
        """A file path typed or chosen with 浏览…."""
        edit = QLineEdit(value or "")
        edit.setClearButtonEnabled(True)
        browse = QPushButton("浏览…")
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(edit, 1)
        box.addWidget(browse)

        def choose() -> None:
            path, _ = QFileDialog.getOpenFileName(self, label, edit.text(), file_filter)
            if path:
                edit.setText(path)

        browse.clicked.connect(choose)
        return self._add(key, label, edit, False, row)

    def add_number(self, key: str, label: str, value: int, low: int, high: int) -> QSpinBox:
        """A whole-number field."""
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setValue(value)
        return self._add(key, label, spin, False)

    def add_check(self, key: str, label: str, value: bool = False) -> QCheckBox:
        """A yes/no box."""
        box = QCheckBox()
        box.setChecked(value)
        return self._add(key, label, box, False)

    def widget(self, key: str) -> QWidget:
        """The widget of a field."""
        return self._fields[key][1]

    def show_note(self, text: str) -> None:
        """An explanatory line under the form."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    # -- reading -------------------------------------------------------------
    def text(self, key: str) -> str:
        """The stripped text of a text, multi-line or choice field."""
        widget = self.widget(key)
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        if isinstance(widget, QComboBox):
            return widget.currentText().strip()
        return cast(QLineEdit, widget).text().strip()

    def date(self, key: str, *, required: bool = False) -> date | None:
        """The parsed date of a field; ValidationError names the field."""
        label = self._fields[key][0]
        return parse_date(self.text(key), label, required=required)

    def value(self, key: str) -> Any:
        """The value of a number or check field."""
        widget = self.widget(key)
        return (
            widget.isChecked() if isinstance(widget, QCheckBox) else cast(QSpinBox, widget).value()
        )

    def read(self, key: str) -> Any:
        """A field's value by its kind: a date, a number, a yes/no or stripped text."""
        if key in self._dates:
            return self.date(key, required=self._dates[key])
        if isinstance(self.widget(key), QCheckBox | QSpinBox):
            return self.value(key)
        return self.text(key)

    def values(self, *keys: str) -> dict[str, Any]:
        """The values of these fields (all, when none is named), by key."""
        return {key: self.read(key) for key in keys or self._fields}

    def read_into(self, record: Any, *keys: str) -> Any:
        """Set the record's attributes of the same names from these fields (all by default)."""
        for key, value in self.values(*keys).items():
            setattr(record, key, value)
        return record

    # -- closing -----------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        """Remember the fields as the clerk first sees them (prefilled values are not typed)."""
        if self._initial is None:
            self._initial = inputs_state(self)
            if self.isWindow():
                # Qt opens a window at most 2/3 of the screen tall: let the fields have it all
                self.resize(self.sizeHint().expandedTo(self.size()).boundedTo(usable_size(self)))
        super().showEvent(event)

    def is_touched(self) -> bool:
        """True when a field differs from what the form showed when it opened."""
        return self._initial is not None and inputs_state(self) != self._initial

    def mark_unchanged(self) -> None:
        """Take the fields as they are now as the untouched state (they were used or kept)."""
        self._initial = inputs_state(self)

    def reject(self) -> None:
        """取消, Esc or the close button: ask before discarding what was typed."""
        if may_discard(self, self.is_touched()):
            super().reject()

    # -- saving ----------------------------------------------------------------
    def run(self, save: Callable[[], Any]) -> Any:
        """Show the form; on 保存 run ``save`` (a refusal keeps the form open). Returns what
        ``save`` returned (True if nothing), or None when cancelled."""
        saved: list[Any] = []
        self.save = lambda: saved.append(save())
        if not self.exec():
            return None
        return True if saved[0] is None else saved[0]

    def accept(self) -> None:
        """Save; on a refusal show the message, focus the field and keep the dialog open."""
        try:
            if self.save is not None:
                self.save()
        except UserError as exc:
            self._refuse(exc)
            return
        except Exception as exc:  # not the clerk's doing: logged, shown, the form kept open
            from desktop_app.ui.widgets import report_unexpected

            report_unexpected(self, self.windowTitle(), exc)
            return
        super().accept()

    def done(self, result: int) -> None:
        """Close; drop the save closure (a reference cycle) and free the dialog on the GUI
        thread rather than leaving it to the garbage collector or interpreter exit."""
        super().done(result)
        self.save = None
        self.deleteLater()

    def _refuse(self, exc: UserError) -> None:
        messages.warn(self, self.windowTitle(), str(exc))
        if isinstance(exc, ValidationError):
            for label, widget in self._fields.values():
                if label == exc.field:
                    widget.setFocus()
                    break
