"""The tests' own safety net: a forgotten modal dialog is closed and named, not waited on."""

from PySide6.QtWidgets import QMessageBox

from tests.modal_watchdog import ModalWatchdog


def test_a_modal_dialog_nobody_answers_is_closed_and_named(qtbot) -> None:
    watchdog = ModalWatchdog(0.5)
    box = QMessageBox(QMessageBox.Icon.Question, "无人应答的对话框", "继续吗?")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.exec()  # would block forever without the watchdog
    watchdog.stop()
    assert watchdog.closed == ["无人应答的对话框"]
