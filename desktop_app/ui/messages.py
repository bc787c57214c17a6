"""Message boxes and the system's own viewer: what the application asks of the desktop.

The Qt classes are imported inside each function, on purpose: PySide6 builds a Qt class, with
all of its enums, the first time a module names it. These are needed only once the clerk acts,
and naming them in the modules of the first page would delay the window at every start.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

CLOSE = "关闭"


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """A notice with 确定."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A refusal or a problem the clerk can fix, with 确定."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, text)


def fail(parent: QWidget | None, title: str, text: str) -> None:
    """An error the clerk cannot fix from here, with 确定."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, title, text)


def ask(parent: QWidget | None, title: str, text: str, *, default_yes: bool = True) -> bool:
    """A 是/否 question; True when the clerk answers 是. ``default_yes=False`` makes 否 the
    button Enter presses (for a question whose 是 loses something)."""
    from PySide6.QtWidgets import QMessageBox

    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    return QMessageBox.question(parent, title, text, yes | no, yes if default_yes else no) == yes


def confirm_destructive(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """A warning whose buttons are ``action`` (e.g. 删除) and 取消 (the default, so that Enter
    or Esc never does it); True for ``action``."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    chosen = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is chosen


def choose(parent: QWidget | None, title: str, text: str, actions: Sequence[str]) -> str | None:
    """A notice offering ``actions`` and 关闭; the action clicked, None for 关闭."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setText(text)
    buttons: dict[object, str] = {}
    for index, action in enumerate(actions):  # the first is the default (Enter)
        role = QMessageBox.ButtonRole.ActionRole if index else QMessageBox.ButtonRole.AcceptRole
        buttons[box.addButton(action, role)] = action
    box.addButton(CLOSE, QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return buttons.get(box.clickedButton())


def open_with_system(path: Path) -> bool:
    """Open a file or folder with the system's viewer (Explorer, WPS, …); False if none."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
