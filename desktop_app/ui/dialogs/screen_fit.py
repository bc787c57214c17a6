"""Windows that fit the screen they open on: a 1366x768 laptop with a taskbar is common.

A default size is a wish, bounded by the screen's available area less the window frame
(title bar and borders, which Qt does not count in ``resize``).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME = QSize(16, 40)  # borders and title bar of a decorated window (Windows 10/11: 16 x 39)
SMALLEST = QSize(640, 480)  # never less than this, even on a tiny or unknown screen


def usable_size(widget: QWidget | None = None) -> QSize:
    """The largest client size a window may take on the screen of ``widget``."""
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1366 - FRAME.width(), 728 - FRAME.height())
    area = screen.availableGeometry().size()
    usable = QSize(area.width() - FRAME.width(), area.height() - FRAME.height())
    return usable.expandedTo(SMALLEST)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` x ``height``, or less where its screen is smaller."""
    widget.resize(QSize(width, height).boundedTo(usable_size(widget)))
