"""编辑 → 撤销 and Ctrl+Z in the main window, as the clerk uses them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QMessageBox

from desktop_app.domain.rectification import Inspection, Problem
from desktop_app.ui.main_window import MainWindow
from tests.ui.helpers import click, fill_and_save, on_next_modal


def _texts(page) -> list[str]:
    """Every cell text of the problem list, row by row."""
    model = page.problems
    return [
        str(model.index(row, col).data() or "")
        for row in range(model.rowCount())
        for col in range(model.columnCount())
    ]


def _press_undo(qtbot, widget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(lambda: widget.window().isActiveWindow(), timeout=5000)
    QTest.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def _problem_page(qtbot, window, ctx):
    insp = ctx.rectification.add_inspection(Inspection(name="依法行政专项巡察"))
    ctx.rectification.add_problem(Problem(description="执法案卷评查不规范", inspection_id=insp))
    page = window.open_page("rectification")
    qtbot.waitUntil(lambda: page.problems.rowCount() == 1, timeout=5000)
    return page


def test_ctrl_z_undoes_an_edit_made_in_the_dialog(qtbot, window, ctx, messages) -> None:
    page = _problem_page(qtbot, window, ctx)
    page.problem_view.selectRow(0)
    on_next_modal(fill_and_save({"description": "行政处罚裁量基准未细化"}))
    click(page, "编辑问题")
    qtbot.waitUntil(lambda: "行政处罚裁量基准未细化" in _texts(page), timeout=5000)
    action = window.edit_menu.action
    qtbot.waitUntil(lambda: action.text() == "撤销 修改问题“行政处罚裁量基准未细化”", timeout=5000)
    assert action.isEnabled() and action.shortcut().toString() == "Ctrl+Z"

    _press_undo(qtbot, window)

    qtbot.waitUntil(lambda: "执法案卷评查不规范" in _texts(page), timeout=5000)
    assert "行政处罚裁量基准未细化" not in _texts(page)
    assert ctx.rectification.get_problem(1).description == "执法案卷评查不规范"
    assert window.statusBar().currentMessage() == "已撤销:修改问题“行政处罚裁量基准未细化”"
    assert action.text() == "撤销 新增问题“执法案卷评查不规范”"
    logged = ctx.conn.execute("SELECT summary FROM audit_log WHERE action = 'undo'").fetchall()
    assert logged == [("撤销 修改问题“行政处罚裁量基准未细化”",)]


def test_the_menu_sits_between_file_and_export_and_is_disabled_when_empty(window) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[:3] == ["文件(&F)", "编辑(&E)", "导出(&X)"]
    mnemonics = [t.split("(&")[1][0] for t in titles if "(&" in t]
    assert len(mnemonics) == len(set(mnemonics))  # no two menus share a letter
    action = window.edit_menu.action
    assert (action.text(), action.isEnabled()) == ("撤销", False)
    assert "本次打开" in action.toolTip()


def test_ctrl_z_in_a_text_field_undoes_the_typing_only(qtbot, window, ctx, messages) -> None:
    page = _problem_page(qtbot, window, ctx)
    qtbot.waitUntil(lambda: window.edit_menu.action.isEnabled(), timeout=5000)
    search = page.findChild(QLineEdit, "search")
    search.setFocus()
    QTest.keyClicks(search, "abc")
    assert search.text() == "abc"

    _press_undo(qtbot, search)

    assert search.text() == ""  # the field's own undo
    assert ctx.conn.execute("SELECT count(*) FROM problems").fetchone() == (1,)
    assert window.edit_menu.action.text() == "撤销 新增问题“执法案卷评查不规范”"


def test_an_import_is_undone_only_when_the_clerk_agrees(
    qtbot, window, ctx, messages, tmp_path
) -> None:
    from tests.storage.test_undo import _import, _ledger

    worker = ctx.worker_db()
    try:
        done = _import(worker, _ledger(tmp_path / "问题清单.xlsx"))
    finally:
        worker.conn.close()
    window.refresh_all()  # the wizard tells every page
    action = window.edit_menu.action
    assert action.text().startswith(f"撤销 导入第{done.batch_id}批")
    messages.answer = QMessageBox.StandardButton.No
    action.trigger()
    assert ctx.conn.execute("SELECT count(*) FROM problems").fetchone() == (2,)
    messages.answer = QMessageBox.StandardButton.Yes
    action.trigger()
    assert ctx.conn.execute("SELECT count(*) FROM problems").fetchone() == (0,)
    assert any("导入第" in text for text in messages.texts("question"))
    assert window.statusBar().currentMessage().startswith("已撤销:导入第")


def test_a_restore_starts_a_new_stack(qtbot, ctx, show, messages, monkeypatch) -> None:
    monkeypatch.setattr(MainWindow, "start_automatic_backup", lambda self: None)
    ctx.rectification.add_inspection(Inspection(name="审计整改"))
    old = ctx.undo
    assert old.top() is not None
    ctx.conn.close()  # as the restore's swap does: the window's connection is opened again
    from desktop_app.storage.database import open_connection

    ctx.conn = open_connection(ctx.db_path)
    ctx.__dict__.pop("db", None)
    window = show(MainWindow(ctx), (1200, 800))
    assert ctx.undo is not old and window.edit_menu.action.text() == "撤销"
