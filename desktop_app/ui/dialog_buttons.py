"""The row of actions under the app's own windows (年度法治工作数据, 回头看): then 关闭."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from desktop_app.ui.messages import CLOSE
from desktop_app.ui.widgets import button_row

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QHBoxLayout


def closing_row(dialog: QDialog, actions: Sequence[tuple[str, Callable[[], None]]]) -> QHBoxLayout:
    """The dialog's action buttons, left-aligned, and last 关闭 (it rejects, as Esc does)."""
    return button_row([*actions, (CLOSE, dialog.reject)])
