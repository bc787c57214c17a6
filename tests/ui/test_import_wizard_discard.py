"""Closing the import wizard after changing the choices for a read file asks before discarding
them; an untouched wizard, one only read, and one whose import is done just close."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton

from desktop_app.ui.dialogs.form import DISCARD_QUESTION
from desktop_app.ui.imports.wizard import DONE, MAPPING, PREVIEW, ImportWizard
from desktop_app.ui.tasks import running_tasks
from tests.imports import ledgers
from tests.ui.helpers import shown

NO, YES = QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes


def _next(qtbot, wizard: ImportWizard, pages: int = 1) -> None:
    """Press 下一步 ``pages`` times, each time until the page's reading is done."""
    for _ in range(pages):
        wizard.next.click()
        qtbot.waitUntil(lambda: running_tasks() == 0, timeout=30000)


def _read_ledger(qtbot, ctx, tmp_path: Path) -> ImportWizard:
    """A shown wizard that has read a ledger and shows its mapping."""
    wizard = shown(qtbot, ImportWizard(ctx))
    wizard.path.setText(str(ledgers.rectification_xlsx(tmp_path / "台账.xlsx")))
    _next(qtbot, wizard)
    assert wizard.stack.currentIndex() == MAPPING
    return wizard


def _escape(wizard: ImportWizard) -> None:
    QTest.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_Escape)


def _close_button(wizard: ImportWizard) -> QPushButton:
    return next(b for b in wizard.findChildren(QPushButton) if b.text() == "关闭")


def test_an_untouched_wizard_closes_without_asking(qtbot, ctx, messages) -> None:
    wizard = shown(qtbot, ImportWizard(ctx))
    _escape(wizard)
    assert not wizard.isVisible() and messages.shown == []


def test_a_file_only_read_and_previewed_closes_without_asking(
    qtbot, ctx, messages, tmp_path: Path
) -> None:
    wizard = _read_ledger(qtbot, ctx, tmp_path)
    _next(qtbot, wizard)
    assert wizard.stack.currentIndex() == PREVIEW
    _close_button(wizard).click()
    assert not wizard.isVisible() and messages.shown == []


def test_a_changed_mapping_asks_and_no_keeps_it(qtbot, ctx, messages, tmp_path: Path) -> None:
    wizard = _read_ledger(qtbot, ctx, tmp_path)
    combo = wizard.mapping.cellWidget(4, 2)
    assert combo.currentData() == "lead_dept"
    combo.setCurrentIndex(combo.findData(""))  # (不导入)
    messages.answer = NO
    _escape(wizard)
    assert wizard.isVisible() and wizard.mapping.cellWidget(4, 2).currentData() == ""
    assert messages.texts("question") == [DISCARD_QUESTION]
    messages.answer = YES
    wizard.close()  # the title bar's ×
    assert not wizard.isVisible()
    assert messages.texts("question") == [DISCARD_QUESTION, DISCARD_QUESTION]


def test_a_changed_header_row_or_excluded_row_asks(qtbot, ctx, messages, tmp_path: Path) -> None:
    wizard = _read_ledger(qtbot, ctx, tmp_path)
    wizard.mapping_page.header_row.setValue(wizard.mapping_page.header_row.value() + 1)
    messages.answer = NO
    _close_button(wizard).click()
    assert wizard.isVisible() and messages.texts("question") == [DISCARD_QUESTION]
    wizard.mapping_page.header_row.setValue(wizard.mapping_page.header_row.value() - 1)
    _next(qtbot, wizard)
    wizard.options.excluded.add(6)  # as 排除所选行 leaves spreadsheet row 6 out
    _escape(wizard)
    assert wizard.isVisible() and messages.texts("question") == [DISCARD_QUESTION] * 2


def test_after_the_import_the_wizard_closes_without_asking(
    qtbot, ctx, messages, tmp_path: Path
) -> None:
    wizard = _read_ledger(qtbot, ctx, tmp_path)
    combo = wizard.mapping_page.inspection
    combo.setCurrentText("2022年专项巡察")  # a choice the clerk made, then imported
    _next(qtbot, wizard)
    wizard.commit_button.click()
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=30000)
    assert wizard.stack.currentIndex() == DONE
    _escape(wizard)
    assert not wizard.isVisible() and messages.texts("question") == []
