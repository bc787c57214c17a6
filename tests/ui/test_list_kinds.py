"""Every kind of list, on the demo data, as the clerk uses it: filtered, then exported to xlsx
(read back), copied with Ctrl+C (the clipboard read back), printed with a preview (the PDF's
text read), and its columns hidden and moved, remembered when the window is opened again."""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QTableView, QWidget

from desktop_app.demo import create_demo
from desktop_app.ui import exporting, list_menus, state, tasks
from desktop_app.ui.list_actions import LIST_TITLES, ListActions
from desktop_app.ui.main_window import MainWindow
from tests.ui.helpers import answer_modals, type_text


@dataclass(frozen=True)
class Case:
    """One list: its page, how the clerk filters it, the words its title must then hold."""

    key: str
    page: str
    prepare: Callable[[QWidget, object], str]


def _wait(qtbot) -> None:
    qtbot.waitUntil(lambda: tasks.running_tasks() == 0, timeout=60000)


def _view(page: QWidget, key: str) -> QTableView:
    view = page.findChild(QTableView, key)
    assert view is not None, f"no list {key}"
    return view


def _pick(qtbot, combo: QComboBox, view: QTableView, text: str | None = None) -> str:
    """Choose an entry of a filter drop-down (``text``, else the first leaving rows in the
    list) as the clerk does; returns the filter as the title says it (状态:整改中)."""
    indexes = [combo.findText(text)] if text else range(1, combo.count())
    for index in indexes:
        combo.setCurrentIndex(index)
        _wait(qtbot)
        if view.model().rowCount() > 0:
            label = combo.itemText(0)
            label = label[2:] if label.startswith("全部") else ""
            return f"{label}:{combo.currentText()}" if label else combo.currentText()
    raise AssertionError(f"no entry of {combo.itemText(0)} leaves a row in {view.objectName()}")


def _select_first(qtbot, page: QWidget, parent_key: str, child_key: str) -> str:
    """Click the first row of a list whose pane shows rows in ``child_key``; its label."""
    parent = _view(page, parent_key)
    child = _view(page, child_key)
    for row in range(min(parent.model().rowCount(), 30)):
        parent.selectRow(row)
        _wait(qtbot)
        if child.model().rowCount() > 0:
            return getattr(page, "selected_label", lambda: "")()
    raise AssertionError(f"no row of {parent_key} has rows in {child_key}")


def _all_inspections(page) -> None:
    page.inspection.setCurrentIndex(page.inspection.findData(0))


def problems(qtbot, page) -> str:
    _all_inspections(page)
    return _pick(qtbot, page.filters["status"], _view(page, "problems"), "整改中")


def measures(qtbot, page) -> str:
    _all_inspections(page)
    return _select_first(qtbot, page, "problems", "measures")


def roster(qtbot, page) -> str:
    return _pick(qtbot, page.filters["condition"], _view(page, "roster"))


def certificates(qtbot, page) -> str:
    return _select_first(qtbot, page, "roster", "certificates")


def sessions(qtbot, page) -> str:
    return _pick(qtbot, page.filters["kind"], _view(page, "trainingSessions"))


def attendance(qtbot, page) -> str:
    label = _select_first(qtbot, page, "trainingSessions", "trainingAttendance")
    return label + ";" + _pick(qtbot, page.detail.status, _view(page, "trainingAttendance"))


def person_year(qtbot, page) -> str:
    page.tabs.setCurrentIndex(1)
    page.persons.short_only.setChecked(True)
    _wait(qtbot)
    return page.persons.short_only.text()


def audit(qtbot, page) -> str:
    type_text(page.search, "巡察")
    QTest.keyClick(page.search, Qt.Key.Key_Return)
    _wait(qtbot)
    return "搜索“巡察”"


def draws(qtbot, page) -> str:
    return ""


def assignments(qtbot, page) -> str:
    _select_first(qtbot, page, "draws", "drawAssignments")
    return ""


def targets(qtbot, page) -> str:
    page.tabs.setCurrentWidget(page.targets)
    return _pick(qtbot, page.targets.kind, _view(page, "drawTargets"))


def matters(qtbot, page) -> str:
    page.tabs.setCurrentWidget(page.matters)
    _wait(qtbot)
    return ""


def inspectors(qtbot, page) -> str:
    page.tabs.setCurrentWidget(page.inspectors)
    return _pick(qtbot, page.inspectors.certified, _view(page, "drawInspectors"), "持证")


# The lists of each page, each with how the clerk filters it.
PAGES = {
    "rectification": {"problems": problems, "measures": measures},
    "personnel": {"roster": roster, "certificates": certificates},
    "training": {
        "trainingSessions": sessions,
        "trainingAttendance": attendance,
        "trainingPersonYear": person_year,
    },
    "audit": {"audit": audit},
    "draws": {
        "draws": draws,
        "drawAssignments": assignments,
        "drawTargets": targets,
        "drawMatters": matters,
        "drawInspectors": inspectors,
    },
}
CASES = [
    Case(key, page, prepare) for page, lists in PAGES.items() for key, prepare in lists.items()
]


@pytest.fixture
def demo(ctx, settings_in_tmp, monkeypatch):
    """The demo data of ``ctx``'s day; the window opened without its automatic backup."""
    create_demo(ctx.db, scale=1, today=ctx.today())
    monkeypatch.setattr(MainWindow, "start_automatic_backup", lambda self: None)
    return ctx


def _open(show, qtbot, ctx, case: Case) -> tuple[MainWindow, QWidget, ListActions]:
    window = show(MainWindow(ctx), (1400, 900))
    page = window.open_page(case.page)
    _wait(qtbot)
    view = _view(page, case.key)
    found = view.findChildren(ListActions)
    assert len(found) == 1
    return window, page, found[0]


def _shown_text(actions: ListActions, row: int) -> list[str]:
    data = actions.model.row(row)
    assert data is not None
    return [actions.model.text(spec, data) for _i, spec in actions.shown_columns()]


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _exported(qtbot, actions: ListActions, out: Path, monkeypatch) -> openpyxl.Workbook:
    offered: list[Path] = []
    monkeypatch.setattr(exporting, "offer_file", lambda _p, path, _s="": offered.append(path))
    list_menus.export_list(actions, out)
    _wait(qtbot)
    assert offered == [out]
    return openpyxl.load_workbook(out)


def _printed(qtbot, actions: ListActions) -> dict:
    seen: dict = {}

    def look(dialog) -> None:
        seen["pages"] = dialog.document.pageCount()
        seen["text"] = subprocess.run(
            ["pdftotext", "-layout", str(dialog.path), "-"], capture_output=True, text=True
        ).stdout
        dialog.reject()

    from desktop_app.ui.dialogs.print_preview import PdfPreviewDialog

    answer_modals([(PdfPreviewDialog, look)], timeout_ms=60000)  # after any progress dialog
    list_menus.print_list(actions)
    _wait(qtbot)
    qtbot.waitUntil(lambda: "text" in seen, timeout=60000)
    return seen


@pytest.mark.parametrize("case", CASES, ids=[c.key for c in CASES])
def test_a_filtered_list_exports_copies_and_prints_what_it_shows(
    qtbot, show, demo, case: Case, tmp_path, monkeypatch, messages
) -> None:
    _window, page, actions = _open(show, qtbot, demo, case)
    described = case.prepare(qtbot, page)
    rows = actions.model.rowCount()
    assert rows > 0
    titles = [spec.title for _i, spec in actions.shown_columns()]
    title = LIST_TITLES[case.key]
    for part in [p for p in described.split(";") if p]:
        assert part in list_menus._title(actions)  # the filter, in words, in the title

    sheet = _exported(qtbot, actions, tmp_path / f"{case.key}.xlsx", monkeypatch).active
    assert sheet["A1"].value.startswith(title)
    for part in [p for p in described.split(";") if p]:
        assert part in sheet["A1"].value
    assert f"共{rows}条" in sheet["A2"].value
    assert [c.value for c in sheet[3]] == titles
    data = [[c.value for c in r] for r in sheet.iter_rows(min_row=4)]
    data = [r for r in data if r[0] != "颜色说明:"]
    assert len(data) == rows
    assert [_as_text(v) for v in data[0]] == [t.lstrip("'") for t in _shown_text(actions, 0)]

    actions.view.selectRow(0)
    actions.view.setFocus()
    QTest.keyClick(actions.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = list(csv.reader(io.StringIO(QApplication.clipboard().text()), dialect="excel-tab"))
    assert copied[0] == titles and len(copied) == 2
    assert [t.lstrip("'") for t in copied[1]] == _shown_text(actions, 0)

    printed = _printed(qtbot, actions)
    assert printed["pages"] >= 1 and "第 1 页" in printed["text"]
    text = printed["text"].replace(" ", "")
    assert title in text and f"共{rows}条" in text
    cells = [t for t in _shown_text(actions, 0) if len(t) >= 2]
    found = [t for t in cells if t[:2] in text]  # a cell's first line starts with these
    assert len(found) >= len(cells) / 2, f"first row not printed: {cells}"


@pytest.mark.parametrize("case", CASES, ids=[c.key for c in CASES])
def test_hidden_and_moved_columns_are_remembered_when_the_window_opens_again(
    qtbot, show, demo, case: Case, messages
) -> None:
    window, page, actions = _open(show, qtbot, demo, case)
    case.prepare(qtbot, page)
    before = [spec.title for _i, spec in actions.shown_columns()]
    assert len(before) >= 3
    header = actions.view.horizontalHeader()
    last = actions.shown_columns()[-1][0]
    header.moveSection(header.visualIndex(last), 0)  # dragged to the front
    hidden = actions.shown_columns()[2]
    actions.set_shown(hidden[0], False)
    chosen = [spec.title for _i, spec in actions.shown_columns()]
    assert chosen != before and hidden[1].title not in chosen
    window.close()
    state.settings().sync()
    _again, page2, actions2 = _open(show, qtbot, demo, case)
    case.prepare(qtbot, page2)
    assert [spec.title for _i, spec in actions2.shown_columns()] == chosen
