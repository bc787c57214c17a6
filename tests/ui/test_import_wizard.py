"""The import wizard driven as a clerk would: file → mapping → preview → import → undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop_app.ui.imports.wizard import DONE, MAPPING, PREVIEW, ImportWizard
from desktop_app.ui.tasks import running_tasks
from tests.imports import ledgers
from tests.ui.helpers import shown


def _wait(qtbot) -> None:
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=30000)


def _count(ctx, table: str) -> int:
    return ctx.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_ledger_through_the_wizard_then_undo(qtbot, ctx, messages, tmp_path: Path) -> None:
    path = ledgers.rectification_xlsx(tmp_path / "台账.xlsx")
    wizard = shown(qtbot, ImportWizard(ctx))
    wizard.path.setText(str(path))
    wizard.next.click()
    _wait(qtbot)
    assert wizard.stack.currentIndex() == MAPPING
    assert wizard.mapping.item(4, 1).text() == "责任单位/牵头部门"
    assert wizard.mapping.cellWidget(4, 2).currentData() == "lead_dept"
    wizard.next.click()
    _wait(qtbot)
    assert wizard.stack.currentIndex() == PREVIEW
    assert "新增 3 个问题" in wizard.counts.text()
    assert wizard.commit_button.isEnabled()
    wizard.commit_button.click()
    _wait(qtbot)
    assert wizard.stack.currentIndex() == DONE
    assert (_count(ctx, "problems"), _count(ctx, "measures")) == (3, 4)
    assert list(ctx.backup_dir.glob("lawledger-pre-import-*.db"))
    wizard.undo_button.click()  # messages fixture answers Yes
    assert (_count(ctx, "problems"), _count(ctx, "measures")) == (0, 0)


def test_unknown_words_are_mapped_on_the_values_page(qtbot, ctx, messages, tmp_path: Path) -> None:
    path = tmp_path / "清单.csv"
    path.write_text("问题描述,完成情况\n问题一,待定\n问题二,已完成\n", encoding="utf-8")
    wizard = shown(qtbot, ImportWizard(ctx))
    wizard.path.setText(str(path))
    wizard.next.click()
    _wait(qtbot)
    wizard.next.click()
    _wait(qtbot)
    assert wizard.values.rowCount() == 1 and wizard.values.item(0, 1).text() == "待定"
    combo = wizard.values.cellWidget(0, 3)
    combo.setCurrentIndex(combo.findData("未启动"))
    wizard.next.click()
    _wait(qtbot)
    assert wizard.result.ok and wizard.commit_button.isEnabled()


def test_feedback_text_pasted(qtbot, ctx, messages) -> None:
    text = Path("/work/shared/seeds/000_36d21ba27252efd5.txt").read_text(encoding="utf-8")
    wizard = ImportWizard(ctx, kind="feedback-text", text=text)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next.click()
    _wait(qtbot)
    assert wizard.stack.currentIndex() == PREVIEW
    assert wizard.result.summary["measures"] == 18
    wizard.commit_button.click()
    _wait(qtbot)
    assert _count(ctx, "measures") == 18


def test_ctrl_v_on_a_list_page_opens_the_wizard_prefilled(qtbot, window, messages) -> None:
    QApplication.clipboard().setText("姓名\t身份证号\n王一\t11010519491231002X\n")
    window.personnel.paste_rows()
    wizards = window.findChildren(ImportWizard)
    assert len(wizards) == 1 and wizards[0].kind.currentData() == "personnel"
    assert "王一" in wizards[0].paste.toPlainText()
    for wizard in wizards:
        wizard.close()
