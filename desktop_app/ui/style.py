"""The look: the platform's own widget style with a calm office palette; the navigation bar
has its own small style sheet.

No application-wide style sheet: with one, Qt restyles every widget it creates, which made
each page about 35 ms slower to build and every dialog slower to open. The style itself is
left to the platform (native on Windows, Fusion elsewhere): forcing one costs start-up time
and makes the buttons and fields look foreign on the clerk's machine.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QWidget

from desktop_app.paths import resources_dir

WINDOW = "#f6f7f9"
ALTERNATE_ROW = "#f7f9fc"
SELECTION = "#2f6db5"
HEADING = "#27425f"
NOTE_TEXT, NOTE_BACKGROUND = "#6b5b1e", "#fff8dc"
FONT_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "WenQuanYi Micro Hei", "SimSun"]


def apply_look(app: QApplication) -> None:
    """The office palette and a CJK UI font."""
    palette = app.palette()
    for role, colour in (
        (QPalette.ColorRole.Window, WINDOW),
        (QPalette.ColorRole.Base, "#ffffff"),
        (QPalette.ColorRole.AlternateBase, ALTERNATE_ROW),
        (QPalette.ColorRole.Button, "#fbfcfd"),
        (QPalette.ColorRole.Highlight, SELECTION),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
    ):
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(10)
    app.setFont(font)


def style_navigation(nav: QListWidget) -> None:
    """The dark navigation bar, from resources/style.qss (scoped to this widget)."""
    sheet = resources_dir() / "style.qss"
    if sheet.is_file():
        nav.setStyleSheet(sheet.read_text(encoding="utf-8"))


def _colour(widget: QWidget, text: str, background: str | None = None) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    if background:
        palette.setColor(QPalette.ColorRole.Window, QColor(background))
        widget.setAutoFillBackground(True)
    widget.setPalette(palette)


def summary_look(label: QLabel) -> None:
    """A page's summary line: bold, in the heading colour."""
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(2, 4, 2, 4)
    _colour(label, HEADING)


def note_look(label: QLabel) -> None:
    """A form's explanatory note: dark amber on pale yellow."""
    label.setContentsMargins(6, 6, 6, 6)
    _colour(label, NOTE_TEXT, NOTE_BACKGROUND)
