"""Remembered window state: geometry, column widths, last-used folders (QSettings)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from desktop_app import APP_ID

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView, QWidget


def settings() -> QSettings:
    """The per-user settings store."""
    return QSettings(APP_ID, APP_ID)


def restore_geometry(key: str, widget: QWidget) -> bool:
    """Restore a window's geometry; False when none was saved."""
    value = settings().value(f"geometry/{key}")
    return bool(value) and widget.restoreGeometry(value)


def save_geometry(key: str, widget: QWidget) -> None:
    """Remember a window's geometry."""
    settings().setValue(f"geometry/{key}", widget.saveGeometry())


def restore_columns(key: str, view: QTableView, widths: list[int]) -> None:
    """Column widths as the user left them, else the spec's widths."""
    header = view.horizontalHeader()
    value = settings().value(f"columns/{key}")
    if value and header.restoreState(value):
        return
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)


def save_columns(key: str, view: QTableView) -> None:
    """Remember column widths and order."""
    settings().setValue(f"columns/{key}", view.horizontalHeader().saveState())


def last_folder(key: str, default: Path) -> Path:
    """The folder last used for this kind of file."""
    value = settings().value(f"folders/{key}")
    path = Path(value) if value else default
    return path if path.is_dir() else default


def remember_folder(key: str, file_path: str | Path) -> None:
    """Remember the folder of a chosen file."""
    settings().setValue(f"folders/{key}", str(Path(file_path).parent))
