"""Closing a form with typed text asks before discarding it; an untouched form just closes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from desktop_app.domain.rectification import Inspection, Measure, Problem, Status
from desktop_app.ui.dialogs.form import DISCARD_QUESTION, FormDialog
from desktop_app.ui.rectification import dialogs
from tests.ui.helpers import fill_form, on_next_modal, type_text

NO, YES = QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes


def _form() -> FormDialog:
    form = FormDialog("新增问题")
    form.add_text("leader", "责任领导", "分管副局长")  # prefilled: not typed by the clerk
    form.add_multiline("description", "问题描述", required=True)
    form.add_date("deadline", "整改时限", date(2022, 6, 30))
    return form


def _press_escape(dialog) -> None:
    QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)


def test_escape_with_typed_text_asks_and_no_keeps_the_text(qtbot, messages) -> None:
    form = _form()
    seen: list[tuple[bool, str]] = []

    def type_then_escape_twice(dialog) -> None:
        type_text(dialog.widget("description"), "执法案卷评查不规范")
        messages.answer = NO
        _press_escape(dialog)  # 否: the form stays open with the text
        seen.append((dialog.isVisible(), dialog.text("description")))
        messages.answer = YES
        _press_escape(dialog)

    on_next_modal(type_then_escape_twice)
    assert form.run(lambda: None) is None
    assert seen == [(True, "执法案卷评查不规范")]
    assert messages.texts("question") == [DISCARD_QUESTION, DISCARD_QUESTION]


def test_an_untouched_form_closes_without_asking(qtbot, messages) -> None:
    on_next_modal(_press_escape)
    assert _form().run(lambda: None) is None
    assert messages.shown == []


def test_the_cancel_and_close_buttons_ask_too(qtbot, messages) -> None:
    for close in (
        lambda d: (
            d.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()
        ),
        lambda d: d.close(),  # the title bar's ×
    ):
        messages.shown.clear()

        def edit_then_close(dialog, close=close) -> None:
            type_text(dialog.widget("leader"), "局长")
            close(dialog)

        on_next_modal(edit_then_close)
        assert _form().run(lambda: None) is None
        assert messages.texts("question") == [DISCARD_QUESTION]


def test_a_value_changed_back_is_not_asked_about(qtbot, messages) -> None:
    def change_and_restore(dialog) -> None:
        type_text(dialog.widget("leader"), "局长")
        type_text(dialog.widget("leader"), "分管副局长")
        _press_escape(dialog)

    on_next_modal(change_and_restore)
    assert _form().run(lambda: None) is None
    assert messages.shown == []


def test_the_progress_dialog_asks_before_discarding(qtbot, ctx, messages) -> None:
    repo = ctx.rectification
    insp = repo.add_inspection(Inspection(name="市委巡察"))
    problem_id = repo.add_problem(Problem(description="学法制度不健全", inspection_id=insp))
    measures = [
        repo.get_measure(
            repo.add_measure(
                Measure("制定学法计划", problem_id=problem_id, status=Status.IN_PROGRESS)
            )
        )
    ]
    closed: list[bool] = []

    def type_progress_then_escape(dialog) -> None:
        fill_form(dialog, {"text": "已印发年度学法计划"})
        messages.answer = NO
        _press_escape(dialog)
        closed.append(not dialog.isVisible())
        messages.answer = YES
        _press_escape(dialog)

    on_next_modal(type_progress_then_escape)
    assert dialogs.add_progress(None, repo, problem_id, measures) is None
    assert closed == [False]
    assert repo.progress_of(problem_id) == []
    assert messages.texts("question") == [DISCARD_QUESTION, DISCARD_QUESTION]

    messages.shown.clear()
    on_next_modal(_press_escape)  # 记录整改进展 opened and closed untouched (date prefilled)
    assert dialogs.add_progress(None, repo, problem_id, measures) is None
    assert messages.shown == []


def test_the_draw_plan_dialog_asks_before_discarding_a_changed_plan(qtbot, ctx, messages) -> None:
    from desktop_app.storage.draws.repo import DrawsRepo
    from desktop_app.ui.draws.plan_dialog import run_plan_dialog

    seen: list[bool] = []

    def type_title_then_escape(dialog) -> None:
        type_text(dialog.title_edit, "2022年外国人来华工作许可双随机抽查")
        messages.answer = NO
        _press_escape(dialog)
        seen.append(dialog.isVisible())
        messages.answer = YES
        _press_escape(dialog)

    on_next_modal(type_title_then_escape)
    assert run_plan_dialog(ctx, DrawsRepo(ctx.db), None) is None
    assert seen == [True]
    assert messages.texts("question") == [DISCARD_QUESTION, DISCARD_QUESTION]
    messages.shown.clear()
    on_next_modal(_press_escape)
    assert run_plan_dialog(ctx, DrawsRepo(ctx.db), None) is None
    assert messages.texts("question") == []
