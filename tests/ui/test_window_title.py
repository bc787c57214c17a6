"""The title bar names the database file once and the application once."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from desktop_app import APP_NAME


def shown_title(title: str) -> str:
    """The title as the window system shows it: Qt's QPlatformWindow::formatWindowTitle
    appends " — <application display name>" unless the title already ends with it."""
    name = QGuiApplication.applicationDisplayName()
    return title if title.endswith(name) else f"{title} — {name}"


def test_title_names_the_file_and_the_application_once(window, ctx, monkeypatch) -> None:
    from desktop_app.ui.app import application

    application()  # the display name the real start sets
    assert QGuiApplication.applicationDisplayName() == APP_NAME
    shown = shown_title(window.windowTitle())
    assert shown == f"{ctx.db_path.name} — {APP_NAME}"
    assert shown.count(APP_NAME) == 1 and shown.count(ctx.db_path.stem) == 1
