"""Driving the GUI as a user: typing Chinese, answering modal dialogs, recording messages."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)


def shown(qtbot, widget: QWidget, size: tuple[int, int] | None = None) -> QWidget:
    """Show a widget as the clerk sees it (closed and freed after the test)."""
    qtbot.addWidget(widget)
    if size:
        widget.resize(*size)
    widget.show()
    return widget


def type_text(widget: QWidget, text: str, *, clear: bool = True) -> None:
    """Type any text, Chinese included, one key event per character (as an IME commits)."""
    widget.setFocus()
    if clear and isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.clear()
    if isinstance(widget, QComboBox) and widget.isEditable():
        widget = widget.lineEdit()
        widget.clear()
    for ch in text:
        if ch == "\n":
            QTest.keyClick(widget, Qt.Key.Key_Return)
            continue
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def on_next_modal(action: Callable[[QWidget], None], timeout_ms: int = 5000) -> None:
    """Run ``action`` on the next modal dialog once it is shown."""
    waited = [0]

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or not widget.isVisible():
            waited[0] += 20
            if waited[0] < timeout_ms:
                QTimer.singleShot(20, poll)
            return
        action(widget)

    QTimer.singleShot(0, poll)


def answer_modals(
    steps: list[tuple[type, Callable[[QWidget], None]]], timeout_ms: int = 15000
) -> None:
    """Answer the next modal windows of the given types, in order."""
    waited = [0]

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if steps and isinstance(widget, steps[0][0]) and widget.isVisible():
            steps.pop(0)[1](widget)
        waited[0] += 20
        if steps and waited[0] < timeout_ms:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def fill_form(dialog: QWidget, values: dict[str, str]) -> None:
    """Type values into a FormDialog's fields by their keys (object names)."""
    for key, text in values.items():
        widget = dialog.findChild(QWidget, key)
        assert widget is not None, f"no field {key}"
        if isinstance(widget, QComboBox) and not widget.isEditable():
            index = widget.findText(text)
            assert index >= 0, f"{text} not offered in {key}"
            widget.setCurrentIndex(index)
        else:
            type_text(widget, text)


def press_save(dialog: QWidget) -> None:
    """Click the dialog's 保存 (OK) button."""
    box = dialog.findChild(QDialogButtonBox)
    box.button(QDialogButtonBox.StandardButton.Ok).click()


def fill_and_save(values: dict[str, str]) -> Callable[[QWidget], None]:
    """An action for ``on_next_modal``: fill the form and save."""

    def action(dialog: QWidget) -> None:
        fill_form(dialog, values)
        press_save(dialog)

    return action


def click(parent: QWidget, text: str) -> None:
    """Click the button with this text (its object name)."""
    button = parent.findChild(QPushButton, text)
    assert button is not None, f"no button {text}"
    button.click()


class Messages:
    """Records QMessageBox calls instead of showing them; answers questions with Yes."""

    def __init__(self, monkeypatch) -> None:
        self.shown: list[tuple[str, str]] = []
        self.answer = QMessageBox.StandardButton.Yes
        for kind in ("warning", "information", "critical"):
            monkeypatch.setattr(QMessageBox, kind, self._record(kind))
        monkeypatch.setattr(QMessageBox, "question", self._question)

    def _record(self, kind: str):
        def show(_parent, _title, text, *args, **kwargs):
            self.shown.append((kind, text))
            return QMessageBox.StandardButton.Ok

        return staticmethod(show)

    def _question(self, _parent, _title, text, *args, **kwargs):
        self.shown.append(("question", text))
        return self.answer

    def texts(self, kind: str | None = None) -> list[str]:
        """Texts shown, optionally of one kind."""
        return [t for k, t in self.shown if kind in (None, k)]
