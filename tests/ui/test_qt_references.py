"""The Qt bindings keep Python's reference counts: PySide6 6.12.0 dropped one reference to None
on every call that returns nothing, which on Python 3.11 crashes a long session
("Fatal Python error: none_dealloc"). pyproject.toml keeps that release out."""

import sys

from PySide6.QtWidgets import QApplication, QLabel

CALLS = 2000


def test_calls_returning_nothing_keep_the_references_to_none(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for n in range(CALLS):
        label.setText(str(n))
        QApplication.processEvents()
    assert before - sys.getrefcount(None) < CALLS // 10
