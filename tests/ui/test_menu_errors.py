"""A menu command that fails unexpectedly tells the clerk (and the log), not only stderr."""

from __future__ import annotations

from PySide6.QtGui import QAction

import desktop_app.ui.imports.wizard as wizard_module


def _menu_action(window, text: str) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.text() == text)


def test_an_unexpected_error_in_a_menu_command_is_shown(qtbot, window, messages, monkeypatch):
    def broken(*_args, **_kwargs):
        raise ImportError("cannot import name 'text_label'")

    monkeypatch.setattr(wizard_module, "open_wizard", broken)
    _menu_action(window, "导入(&I)…").trigger()
    shown = messages.texts("critical")
    assert len(shown) == 1 and "意外错误(ImportError)" in shown[0]
