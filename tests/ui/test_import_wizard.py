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


def _next(qtbot, wizard: ImportWizard, pages: int = 1) -> None:
    """Press 下一步 ``pages`` times, each time until the page's reading is done."""
    for _ in range(pages):
        wizard.next.click()
        _wait(qtbot)


def _count(ctx, table: str) -> int:
    return ctx.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_ledger_through_the_wizard_then_undo(qtbot, ctx, messages, tmp_path: Path) -> None:
    path = ledgers.rectification_xlsx(tmp_path / "台账.xlsx")
    wizard = shown(qtbot, ImportWizard(ctx))
    wizard.path.setText(str(path))
    _next(qtbot, wizard)
    assert wizard.stack.currentIndex() == MAPPING
    assert wizard.mapping.item(4, 1).text() == "责任单位/牵头部门"
    assert wizard.mapping.cellWidget(4, 2).currentData() == "lead_dept"
    _next(qtbot, wizard)
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
    _next(qtbot, wizard, 2)
    assert wizard.values.rowCount() == 1 and wizard.values.item(0, 1).text() == "待定"
    combo = wizard.values.cellWidget(0, 3)
    combo.setCurrentIndex(combo.findData("未启动"))
    _next(qtbot, wizard)
    assert wizard.result.ok and wizard.commit_button.isEnabled()


def test_feedback_text_pasted(qtbot, ctx, messages) -> None:
    text = Path("/work/shared/seeds/000_36d21ba27252efd5.txt").read_text(encoding="utf-8")
    wizard = ImportWizard(ctx, kind="feedback-text", text=text)
    qtbot.addWidget(wizard)
    wizard.show()
    _next(qtbot, wizard)
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


def test_preview_shows_values_as_read_and_excluded_rows_leave(
    qtbot, ctx, messages, tmp_path: Path
) -> None:
    from PySide6.QtCore import QItemSelectionModel, Qt

    path = ledgers.rectification_xlsx(tmp_path / "台账.xlsx")
    wizard = shown(qtbot, ImportWizard(ctx))
    wizard.path.setText(str(path))
    _next(qtbot, wizard, 2)
    model = wizard.rows.model()
    assert model.headerData(8, Qt.Orientation.Horizontal) == "完成时限\n→ 整改时限"
    first = model.index(0, 8)  # spreadsheet row 6, its 完成时限 cell holds 44712
    assert model.index(0, 0).data() == 6
    assert first.data() == "2022-05-31" and "44712" in first.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, 9).data() == "已完成"
    assert model.index(0, 1).data() == "新增"
    picked = model.index(3, 0)  # row 10, the last problem
    wizard.rows.selectionModel().select(
        picked, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    )
    wizard.preview_page.exclude.click()
    _wait(qtbot)
    assert wizard.result.summary["problems"] == 2
    assert model.index(3, 1).data() == "已排除"
    wizard.commit_button.click()
    _wait(qtbot)
    assert _count(ctx, "problems") == 2


def test_the_wizard_fits_a_small_screen(qtbot, ctx) -> None:
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    room = wizard.screen().availableGeometry()
    assert wizard.width() <= room.width() and wizard.height() <= room.height()
    assert (wizard.width(), wizard.height()) <= (1100, 720)


def test_the_clerk_chooses_the_inspection_a_ledger_goes_into(
    qtbot, ctx, messages, tmp_path: Path
) -> None:
    from desktop_app.domain.rectification import Inspection
    from desktop_app.storage.rectification.repo import RectificationRepo

    RectificationRepo(ctx.db).add_inspection(Inspection(name="2022年专项巡察"))
    path = ledgers.rectification_xlsx(tmp_path / "台账.xlsx")
    wizard = shown(qtbot, ImportWizard(ctx))
    wizard.path.setText(str(path))
    _next(qtbot, wizard)
    choice = wizard.mapping_page.inspection
    assert choice.currentText() == "市委巡察五组依法行政专项巡察"  # from the ledger's title
    assert choice.findText("2022年专项巡察") >= 0
    choice.setCurrentIndex(choice.findText("2022年专项巡察"))
    _next(qtbot, wizard)
    assert "归入巡察:“2022年专项巡察”(已有的巡察" in wizard.counts.text()
    wizard.commit_button.click()
    _wait(qtbot)
    assert _count(ctx, "inspections") == 1 and _count(ctx, "problems") == 3
    assert "已归入巡察“2022年专项巡察”" in wizard.done_text.text()
