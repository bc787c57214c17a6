"""A window's row of actions: its buttons in order, then 关闭, which rejects the dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QPushButton

from desktop_app.ui.dialog_buttons import closing_row


def test_the_row_ends_with_close_and_close_rejects(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    pressed: list[str] = []
    row = closing_row(dialog, [("甲", lambda: pressed.append("甲")), ("乙", lambda: None)])
    dialog.setLayout(row)
    buttons = [row.itemAt(i).widget() for i in range(row.count()) if row.itemAt(i).widget()]
    assert [b.text() for b in buttons] == ["甲", "乙", "关闭"]
    buttons[0].click()
    assert pressed == ["甲"]
    dialog.show()
    dialog.findChild(QPushButton, "关闭").click()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()
