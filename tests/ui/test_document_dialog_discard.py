"""A document dialog asks before its typed texts are lost, and not once they went out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QPlainTextEdit

from desktop_app.domain.rectification import Inspection, Measure, Problem
from desktop_app.ui import tasks
from desktop_app.ui.dialogs import document_dialog
from desktop_app.ui.dialogs.form import DISCARD_QUESTION
from desktop_app.ui.rectification.report_dialog import ReportDialog
from tests.ui.helpers import on_next_modal, type_text


def _report_dialog(qtbot, ctx) -> ReportDialog:
    repo = ctx.rectification
    insp = repo.add_inspection(
        Inspection(name="市委巡察五组专项巡察", feedback_date=date(2022, 4, 19))
    )
    pid = repo.add_problem(Problem(description="执法案卷不规范", inspection_id=insp))
    repo.add_measure(Measure(content="开展案卷评查", problem_id=pid))
    dialog = ReportDialog(ctx, insp)  # deletes itself when closed (each test closes it)
    dialog.show()
    return dialog


def test_typed_texts_are_asked_about_and_kept_on_no(qtbot, ctx) -> None:
    dialog = _report_dialog(qtbot, ctx)
    box = dialog.form.findChildren(QPlainTextEdit)[0]
    type_text(box, "本单位高度重视巡察反馈问题整改工作。")
    asked: list[str] = []

    def keep(question: QMessageBox) -> None:
        asked.append(question.text())
        question.button(QMessageBox.StandardButton.No).click()

    on_next_modal(keep)
    dialog.reject()
    assert asked == [DISCARD_QUESTION]
    assert dialog.isVisible()  # the clerk kept the texts
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    on_next_modal(lambda q: q.button(QMessageBox.StandardButton.Yes).click())
    dialog.reject()
    assert closed == [0]


def test_after_an_export_closing_does_not_ask(qtbot, ctx, monkeypatch, tmp_path: Path) -> None:
    out = tmp_path / "通报.docx"
    monkeypatch.setattr(document_dialog, "ask_save_path", lambda *a: out)
    monkeypatch.setattr(document_dialog, "offer_file", lambda *a: None)
    monkeypatch.setattr(document_dialog.DocumentDialog, "_signed_ok", lambda self: False)
    dialog = _report_dialog(qtbot, ctx)
    type_text(dialog.form.findChildren(QPlainTextEdit)[0], "本单位高度重视整改工作。")
    dialog.export("docx")
    qtbot.waitUntil(lambda: out.is_file() and tasks.running_tasks() == 0, timeout=30000)
    asked: list[str] = []
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    on_next_modal(lambda q: asked.append(q.text()) or q.reject(), timeout_ms=500)
    dialog.reject()
    qtbot.wait(600)
    assert asked == [] and closed == [0]


def test_enter_on_the_discard_question_keeps_the_texts(qtbot, ctx) -> None:
    dialog = _report_dialog(qtbot, ctx)
    type_text(dialog.form.findChildren(QPlainTextEdit)[0], "本单位高度重视整改工作。")
    on_next_modal(lambda question: question.defaultButton().click())  # what Enter presses
    dialog.reject()
    assert dialog.isVisible()
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    on_next_modal(lambda q: q.button(QMessageBox.StandardButton.Yes).click())
    dialog.reject()
    assert closed == [0]
