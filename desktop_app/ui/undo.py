"""The 编辑 menu's 撤销 (Ctrl+Z): undo the clerk's last change of this session.

The steps are kept by ``storage/undo.py`` on the window's connection; this module only shows
the top one ("撤销 修改问题“…”", or a disabled "撤销") and runs it. A text field with the
focus keeps Ctrl+Z for its own typing (Qt gives the key to the field first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from desktop_app.domain.errors import UserError
from desktop_app.ui import messages

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMenuBar

    from desktop_app.context import AppContext

TITLE = "撤销"
SESSION_NOTE = (
    "撤销本次打开以来的修改,一次一项,从最近的一项开始;"
    "每次撤销都记入操作日志。关闭程序、恢复备份或载入示例数据后,之前的修改不能再撤销。"
)


class UndoMenu:
    """The 编辑 menu and its 撤销 action, kept naming what Ctrl+Z would undo (the window
    sets the action's ``KEYS`` with its other menu shortcuts)."""

    KEYS = QKeySequence.StandardKey.Undo

    def __init__(self, window: QMainWindow, ctx: AppContext, bar: QMenuBar) -> None:
        self.window = window
        self.ctx = ctx
        self.menu = bar.addMenu("编辑(&E)")
        self.menu.setToolTipsVisible(True)
        self.action = QAction(TITLE, window)
        self.action.triggered.connect(self.undo)
        self.menu.addAction(self.action)
        self.menu.aboutToShow.connect(self.refresh)
        ctx.changes.subscribe(lambda _changes: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        """Name the step Ctrl+Z would undo, or show a disabled 撤销."""
        stack = self.ctx.undo
        step = stack.top()
        self.action.setText(stack.menu_text())
        self.action.setEnabled(step is not None)
        reason = f"\n{stack.ended}" if stack.ended and step is None else ""
        self.action.setToolTip(SESSION_NOTE + reason)
        self.action.setStatusTip(SESSION_NOTE)

    def undo(self) -> None:
        """Ctrl+Z: undo the top step (an import asks first); the status bar says what."""
        step = self.ctx.undo.top()
        if step is None:
            self.window.statusBar().showMessage("没有可以撤销的操作", 5000)
            return
        if step.batch_id is not None and not messages.ask(
            self.window,
            TITLE,
            f"撤销“{step.label}”会删除这次导入新增的全部记录,并恢复被它修改的记录。确定撤销吗?",
        ):
            return
        try:
            with self.ctx.changes.batch():
                done = self.ctx.undo.undo(self.ctx.db)
        except UserError as exc:
            messages.warn(self.window, TITLE, str(exc))
            return
        finally:
            self.refresh()
        self.window.statusBar().showMessage(f"已撤销:{done.label}", 8000)
