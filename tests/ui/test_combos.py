"""Editable drop-downs driven as a clerk would: picking replaces the text, never appends."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from desktop_app.storage.personnel.repo import PersonnelRepo
from desktop_app.ui.personnel.page import PersonnelPage
from tests.personnel_factory import add_person, issue
from tests.ui.helpers import click, on_next_modal

TODAY = date(2022, 10, 11)  # the ui ctx fixture's today
UNIT = "鹤壁市人力资源和社会保障局劳动保障监察支队"


@pytest.fixture
def page(show, ctx):
    return show(PersonnelPage(ctx), (1366, 768))


def pick_from_list(combo: QComboBox, text: str) -> None:
    """Open the drop-down and choose ``text`` with the keyboard, as a clerk would."""
    combo.showPopup()
    view = combo.view()
    view.setCurrentIndex(view.model().index(combo.findText(text), 0))
    QTest.keyClick(view.viewport(), Qt.Key.Key_Return)


def click_into(line: QLineEdit) -> None:
    """Click at the end of the field's text (focus and cursor follow the click)."""
    QTest.qWait(QApplication.doubleClickInterval() + 50)  # never half of a double click
    QTest.mouseClick(line, Qt.MouseButton.LeftButton, pos=QPoint(line.width() - 4, 8))
    for _ in range(50):  # the click's follow-up (selecting a picked value) runs after it
        if line.hasSelectedText():
            break
        QTest.qWait(10)


def commit(line: QLineEdit, text: str) -> None:
    """Text as a Chinese input method commits it."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(line, event)


def test_picking_twice_replaces_the_category(qtbot, page, ctx, messages) -> None:
    repo = PersonnelRepo(ctx.db)
    for n, category in enumerate(("科技行政执法", "工信行政执法")):
        issue(repo, add_person(repo, f"持证{n}", TODAY), f"C{n}", date(2020, 1, 1))
        ctx.db.execute("UPDATE certificates SET category = ? WHERE number = ?", [category, f"C{n}"])
    person = add_person(repo, "新人", TODAY)
    page.refresh_all()
    page.view.selectRow(next(r for r in range(3) if page.roster.row(r)["id"] == person))
    seen: list[str] = []

    def pick_twice(dialog: QWidget) -> None:
        combo = dialog.findChild(QComboBox, "category")
        line = combo.lineEdit()
        pick_from_list(combo, "科技行政执法")
        seen.append(combo.currentText())
        click_into(line)  # the clerk picks again by typing the value in the field
        commit(line, "科技行政执法")
        seen.append(combo.currentText())
        pick_from_list(combo, "工信行政执法")
        seen.append(combo.currentText())
        click_into(line)
        commit(line, "科技")
        seen.append(combo.currentText())
        dialog.done(0)

    on_next_modal(pick_twice)
    click(page.detail, "新办证件")
    assert seen == ["科技行政执法", "科技行政执法", "工信行政执法", "科技"]


def test_typed_text_offers_the_values_that_contain_it(qtbot, page, ctx, messages) -> None:
    repo = PersonnelRepo(ctx.db)
    for n, unit in enumerate(("鹤壁市科学技术局", UNIT)):
        add_person(repo, f"人员{n}", TODAY, unit=unit)
    page.refresh_all()
    seen: list[object] = []

    def type_and_choose(dialog: QWidget) -> None:
        combo = dialog.findChild(QComboBox, "unit")
        combo.lineEdit().setFocus()
        commit(combo.lineEdit(), "社会保障")
        completer = combo.completer()
        seen.append(
            [
                completer.completionModel().index(r, 0).data()
                for r in range(completer.completionCount())
            ]
        )
        popup = completer.popup()
        popup.setCurrentIndex(completer.completionModel().index(0, 0))
        QTest.keyClick(popup, Qt.Key.Key_Return)
        seen.append(combo.currentText())
        dialog.done(0)

    on_next_modal(type_and_choose)
    click(page, "新增人员")
    assert seen == [[UNIT], UNIT]


def test_on_an_empty_database_the_field_shows_what_is_typed(qtbot, page, ctx, messages) -> None:
    seen: list[tuple[int, int]] = []

    def measure(dialog: QWidget) -> None:
        combo = dialog.findChild(QComboBox, "unit")
        commit(combo.lineEdit(), UNIT)
        needed = combo.lineEdit().fontMetrics().horizontalAdvance(UNIT)
        seen.append((combo.lineEdit().width(), needed))
        dialog.done(0)

    on_next_modal(measure)
    click(page, "新增人员")
    [(width, needed)] = seen
    assert width >= needed
