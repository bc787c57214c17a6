"""Closes a modal dialog that has been waiting for an answer too long (see conftest)."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget


class ModalWatchdog:
    """Polls the active modal widget; one open longer than ``limit_s`` is closed and named."""

    def __init__(self, limit_s: float) -> None:
        self.limit_s = limit_s
        self.closed: list[str] = []
        self._widget: QWidget | None = None
        self._since = 0.0
        self._timer = QTimer()
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._check)
        self._timer.start()

    def _check(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is not self._widget:
            self._widget, self._since = widget, time.monotonic()
            return
        if widget is None or time.monotonic() - self._since < self.limit_s:
            return
        self.closed.append(widget.windowTitle() or type(widget).__name__)
        if isinstance(widget, QDialog):
            widget.done(QDialog.DialogCode.Rejected)
        else:
            widget.close()
        self._widget = None

    def stop(self) -> None:
        """Stop polling (at the end of the test)."""
        self._timer.stop()
