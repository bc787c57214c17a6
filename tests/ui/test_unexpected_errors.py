"""An unexpected error in the GUI is shown and logged, never lost; evidence copies go at close."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop_app.paths import evidence_cache_dir
from desktop_app.ui.dialogs.form import FormDialog
from desktop_app.ui.widgets import guarded
from tests.ui.helpers import on_next_modal, press_save


def test_a_dialog_whose_save_crashes_shows_a_failure_and_logs_it(qtbot, messages, caplog):
    form = FormDialog("新增问题")
    form.add_text("name", "名称", "整改")

    def save() -> None:
        raise RuntimeError("simulated bug in a save")

    closed: list[object] = []

    def press_then_cancel(dialog) -> None:
        press_save(dialog)  # the failure is shown; the form stays open with what was typed
        closed.append(dialog.isVisible())
        dialog.reject()

    on_next_modal(press_then_cancel)
    with caplog.at_level(logging.ERROR):
        assert form.run(save) is None
    assert closed == [True]
    [(kind, text)] = messages.shown
    assert kind == "critical" and "意外错误" in text and "日志" in text
    assert "simulated bug in a save" in caplog.text and "Traceback" in caplog.text


def test_a_guarded_action_that_crashes_shows_a_failure_and_logs_it(qtbot, messages, caplog):
    def action() -> None:
        raise KeyError("simulated")

    with caplog.at_level(logging.ERROR):
        assert guarded(None, "删除问题", action) is None
    [(kind, text)] = messages.shown
    assert kind == "critical" and "KeyError" in text
    assert "Traceback" in caplog.text and "simulated" in caplog.text


def test_the_evidence_cache_is_cleared_when_the_application_closes(
    qtbot, messages, monkeypatch, tmp_path: Path
) -> None:
    from desktop_app.ui import app as app_module
    from desktop_app.ui.main_window import MainWindow

    extracted = evidence_cache_dir() / "7" / "整改报告.pdf"
    extracted.parent.mkdir(parents=True, exist_ok=True)
    extracted.write_bytes(b"%PDF-1.7 secret")
    monkeypatch.setattr(MainWindow, "start_automatic_backup", lambda self: None)
    monkeypatch.setattr(app_module, "_welcome_if_new", lambda window: None)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)  # closes at once
    assert app_module.run_gui(tmp_path / "台账.db") == 0
    assert list(evidence_cache_dir().iterdir()) == []


def test_a_full_disk_in_a_background_export_is_told_in_chinese(qtbot, messages) -> None:
    import errno

    from desktop_app.ui.tasks import show_error

    show_error(None, "导出台账", OSError(errno.ENOSPC, "No space left on device", "/满/台账.xlsx"))
    [(kind, text)] = messages.shown
    assert kind == "warning" and "磁盘空间不足" in text and "No space" not in text
