"""Fixtures for GUI tests: an application context on a real database file."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.ui.app import open_context
from tests.ui.helpers import Messages, shown


@pytest.fixture
def ctx(tmp_path):
    """An open context (lock, migrated database, backup folder) on a file in tmp_path."""
    context = open_context(tmp_path / "法治 台账" / "测试 数据.db")
    context.today_override = date(2022, 10, 11)
    yield context
    context.close()


@pytest.fixture
def messages(monkeypatch):
    """Message boxes recorded instead of shown; questions answered with Yes."""
    return Messages(monkeypatch)


@pytest.fixture
def show(qtbot):
    """Show a widget as the clerk sees it: ``show(widget, (width, height))``."""
    return lambda widget, size=None: shown(qtbot, widget, size)


@pytest.fixture
def window(show, ctx, messages, monkeypatch):
    """The main window on ``ctx``, shown, without the automatic backup at start."""
    from desktop_app.ui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "start_automatic_backup", lambda self: None)
    return show(MainWindow(ctx), (1400, 900))
