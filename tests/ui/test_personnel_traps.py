"""The clerk's everyday traps on the personnel page, driven through the real dialogs."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from desktop_app.storage.personnel.repo import PersonnelRepo
from desktop_app.ui.personnel.page import PersonnelPage
from tests.personnel_factory import add_person, issue
from tests.ui.helpers import (
    answer_modals,
    click,
    fill_and_save,
    fill_form,
    on_next_modal,
    press_save,
)

TODAY = date(2022, 10, 11)  # the ui ctx fixture's today


@pytest.fixture
def page(show, ctx):
    return show(PersonnelPage(ctx), (1366, 768))


@pytest.fixture
def repo(ctx) -> PersonnelRepo:
    return PersonnelRepo(ctx.db)


def answer_question(seen: list[tuple[str, str]], press: str) -> None:
    """Answer the next QMessageBox: note its text and default button; ``press`` is a button's
    text, or "Enter" for the key (which takes the default button)."""

    def answer(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        default = box.defaultButton()
        seen.append((box.text(), default.text() if default else ""))
        if press == "Enter":
            QTest.keyClick(box, Qt.Key.Key_Return)
        else:
            next(b for b in box.buttons() if b.text() == press).click()

    answer_modals([(QMessageBox, answer)])


def test_cancel_asks_naming_person_and_number_and_enter_keeps_it(
    qtbot, page, ctx, repo, messages
) -> None:
    cert_id = issue(repo, add_person(repo, "王建国", TODAY), "41060000001", date(2020, 3, 1))
    page.refresh_all()
    page.view.selectRow(0)
    page.detail.cert_view.selectRow(0)
    asked: list[tuple[str, str]] = []
    kept_open: list[bool] = []

    def fill_then_enter_then_close(dialog: QWidget) -> None:
        fill_form(dialog, {"reason": "调离执法岗位"})
        answer_question(asked, "Enter")
        press_save(dialog)
        kept_open.append(dialog.isVisible())
        dialog.done(0)

    on_next_modal(fill_then_enter_then_close)
    click(page.detail, "注销")
    [(text, default)] = asked
    assert default == "取消"
    assert "王建国 行政执法证 41060000001" in text and "不可撤回" in text
    assert kept_open == [True]
    assert messages.texts("warning") == ["未注销任何证件。可修改后再保存,或点“取消”关闭。"]
    assert repo.get_certificate(cert_id).status == "有效"
    assert ctx.db.execute("SELECT count(*) FROM certificate_events").fetchone()[0] == 1

    def fill_then_confirm(dialog: QWidget) -> None:
        fill_form(dialog, {"reason": "调离执法岗位"})
        answer_question(asked, "注销")
        press_save(dialog)

    page.detail.cert_view.selectRow(0)
    on_next_modal(fill_then_confirm)
    click(page.detail, "注销")
    assert len(asked) == 2 and repo.get_certificate(cert_id).status == "注销"


def test_cancel_without_reason_is_refused_before_the_question(
    qtbot, page, ctx, repo, messages
) -> None:
    issue(repo, add_person(repo, "李四", TODAY), "41060000002", date(2020, 3, 1))
    page.refresh_all()
    page.view.selectRow(0)
    page.detail.cert_view.selectRow(0)

    def save_empty_then_close(dialog: QWidget) -> None:
        press_save(dialog)
        dialog.done(0)

    on_next_modal(save_empty_then_close)
    click(page.detail, "注销")
    assert messages.texts("warning") == ["原因:注销必须说明原因"]


def test_batch_cancel_names_every_certificate(qtbot, page, ctx, repo, messages) -> None:
    for n, name in enumerate(("甲", "乙")):
        issue(repo, add_person(repo, name, TODAY), f"B{n}", date(2020, 3, 1))
    page.refresh_all()
    page.view.selectAll()
    page._selected()
    asked: list[tuple[str, str]] = []

    def choose(dialog: QWidget) -> None:
        fill_form(dialog, {"event": "注销", "kind": "行政执法证"})
        press_save(dialog)

        def fill_and_confirm(form: QWidget) -> None:
            fill_form(form, {"reason": "退休"})
            answer_question(asked, "注销")
            press_save(form)

        on_next_modal(fill_and_confirm)

    on_next_modal(choose)
    click(page, "批量办理")
    [(text, default)] = asked
    assert "甲 行政执法证 B0" in text and "乙 行政执法证 B1" in text and default == "取消"
    statuses = ctx.db.execute("SELECT DISTINCT status FROM certificates").fetchall()
    assert statuses == [("注销",)]


def test_unknown_area_code_is_warned_in_the_person_dialog_and_saved(
    qtbot, page, ctx, repo, messages
) -> None:
    number = "410699198005170015"  # valid checksum and birth date; 410699 is in no code table
    seen: list[tuple[bool, str]] = []

    def type_then_save(dialog: QWidget) -> None:
        fill_form(dialog, {"name": "周新", "id_number": number})
        note = dialog.findChild(QLabel, "formNote")
        seen.append((note.isVisible(), note.text()))
        press_save(dialog)

    on_next_modal(type_then_save)
    click(page, "新增人员")
    [(visible, text)] = seen
    assert visible and "身份证号有效:男,出生日期 1980-05-17" in text
    assert "⚠ 前 6 位地区码“410699”不在地区代码表中,请核对(不影响保存)" in text
    assert messages.shown == []  # non-blocking: no box, no refusal
    [person] = [repo.get_person(1)]
    assert (person.name, person.id_number, person.gender) == ("周新", number, "男")


def test_renewal_with_a_new_number_keeps_the_history(qtbot, page, ctx, repo, messages) -> None:
    issue(repo, add_person(repo, "王建国", TODAY), "41060000001", date(2017, 11, 20))
    page.refresh_all()
    page.view.selectRow(0)
    page.detail.cert_view.selectRow(0)
    on_next_modal(fill_and_save({"date": "2022-10-08", "number": "41060000099"}))
    click(page.detail, "换证")
    history = page.detail.history.toPlainText()
    assert "2017-11-20 新办 [行政执法证 41060000001]" in history
    assert "2022-10-08 换证 [行政执法证 41060000099](原证号 41060000001)" in history
