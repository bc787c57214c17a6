"""``widgets.row_of``: the one way a page lays out a row of filters, labels and buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from desktop_app.ui.widgets import button_row, row_of


def test_a_row_keeps_the_order_the_stretch_and_the_buttons(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    label, search = QLabel("巡察:"), QLineEdit()
    line = row_of(label, (search, 3), button_row([("清除筛选", lambda: None)]))
    host.setLayout(line)
    assert [line.itemAt(i).widget() for i in range(2)] == [label, search]
    assert [line.stretch(i) for i in range(3)] == [0, 3, 0]
    buttons = line.itemAt(2).layout()
    assert buttons.itemAt(0).widget().text() == "清除筛选"
