"""Editable drop-downs (执法类别, 单位, 原因 …): the one place their behaviour is set.

A value picked from the list (or from the suggestions typed text brings up) replaces the
field's text and stays selected, so that typing or picking again replaces it too and never
appends to it; the first click into a field holding a picked or listed value selects it for
the same reason (a second click places the cursor, to edit it). Typed text brings up the
listed values that contain it (an input method's commit does too). The field is wide enough
for what is typed, even with an empty list.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QSizePolicy

MIN_CHARACTERS = 24  # shown without scrolling: "鹤壁市人力资源和社会保障局劳动保障监察支队"


class _SelectPicked(QObject):
    """Selects a listed value on the first click after it was picked or the field was
    entered, so that what is typed next replaces it; later clicks place the cursor."""

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo)
        self.combo = combo
        self.fresh = False  # a picked or entered value not clicked into yet

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note focus-in; on the click's release, select a listed value not yet clicked."""
        kind = event.type()
        if kind == QEvent.Type.FocusIn:
            self.fresh = is_listed(self.combo)
        elif kind == QEvent.Type.MouseButtonRelease and self.fresh:
            self.fresh = False
            line = self.combo.lineEdit()
            if line is not None and is_listed(self.combo):
                QTimer.singleShot(0, line.selectAll)
        return False


def is_listed(combo: QComboBox) -> bool:
    """Whether the field holds (exactly) one of the non-empty values of its list."""
    text = combo.currentText()
    return bool(text) and combo.findText(text, Qt.MatchFlag.MatchExactly) >= 0


def pick(combo: QComboBox, text: str) -> None:
    """Put a picked value in the field in place of whatever was there, selected."""
    line = combo.lineEdit()
    if line is None:
        return
    line.setText(text)
    line.selectAll()
    selector = combo.findChild(_SelectPicked)
    if selector is not None:
        selector.fresh = True


def make_editable(combo: QComboBox, min_characters: int = MIN_CHARACTERS) -> QComboBox:
    """Make ``combo`` an editable drop-down with the behaviour above; returns it."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # Enter never adds to the list
    combo.setMinimumContentsLength(min_characters)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    completer = QCompleter(combo.model(), combo)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)
    combo.textActivated.connect(lambda text: pick(combo, text))
    completer.activated.connect(lambda text: pick(combo, text))
    line = combo.lineEdit()
    if isinstance(line, QLineEdit):
        line.installEventFilter(_SelectPicked(combo))
    return combo
