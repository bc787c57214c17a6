"""Fixtures for GUI tests: an application context on a real database file."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.ui.app import open_context
from tests.ui.helpers import Messages


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
