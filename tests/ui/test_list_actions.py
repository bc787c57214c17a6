"""Every list as in a spreadsheet: copy rows (Ctrl+C), print the filtered list with a preview,
export it to xlsx, choose its columns; driven as the clerk does and read back."""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.domain.rectification import Inspection, Problem, Status
from desktop_app.ui import exporting, list_menus, tasks
from desktop_app.ui.audit.page import AuditPage
from desktop_app.ui.list_actions import ListActions, tab_separated
from desktop_app.ui.personnel.page import PersonnelPage
from desktop_app.ui.rectification.page import RectificationPage
from tests.personnel_factory import add_person
from tests.ui.helpers import on_next_modal, type_text

TRICKY = '第一行\t带制表符\n第二行"带引号"'
FORMULA = "=SUM(1,2)"


def _wait(qtbot) -> None:
    qtbot.waitUntil(lambda: tasks.running_tasks() == 0, timeout=60000)


@pytest.fixture
def page(show, ctx, settings_in_tmp):
    """The rectification page over two inspections, the list showing all of them."""
    repo = ctx.rectification
    first = repo.add_inspection(Inspection("市委巡察五组专项巡察"))
    second = repo.add_inspection(Inspection("2022年度经费审计", kind="审计"))
    for seq, (text, status, deadline) in enumerate(
        [
            ("学法制度落实不到位", Status.NOT_STARTED, date(2022, 6, 30)),
            (TRICKY, Status.NOT_STARTED, date(2022, 12, 31)),
            (FORMULA, Status.IN_PROGRESS, None),
        ],
        1,
    ):
        problem = Problem(text, seq=seq, inspection_id=first, status=status, deadline=deadline)
        repo.add_problem(problem)
    repo.add_problem(
        Problem("经费管理不规范", seq=1, inspection_id=second, status=Status.IN_PROGRESS)
    )
    shown = show(RectificationPage(ctx), (1300, 800))
    shown.inspection.setCurrentIndex(shown.inspection.findData(0))  # 全部巡察
    return shown


def _actions(view) -> ListActions:
    found = view.findChildren(ListActions)
    assert len(found) == 1, "every list has its actions installed once"
    return found[0]


def _clipboard_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(QApplication.clipboard().text()), dialect="excel-tab"))


def _filter_not_started(page) -> None:
    page.status.setCurrentIndex(page.status.findData(Status.NOT_STARTED.value))
    page.problem_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # 序号, descending


def test_all_inspections_show_which_inspection_each_problem_belongs_to(page) -> None:
    actions = _actions(page.problem_view)
    titles = [spec.title for _i, spec in actions.shown_columns()]
    assert "所属巡察" in titles
    names = {page.problems.row(r)["inspection"] for r in range(page.problems.rowCount())}
    assert names == {"市委巡察五组专项巡察", "2022年度经费审计"}
    page.inspection.setCurrentIndex(1)  # one inspection: the column says nothing new
    assert "所属巡察" not in [spec.title for _i, spec in actions.shown_columns()]


def test_the_inspection_column_the_clerk_hid_stays_hidden_across_inspections(
    page, show, ctx
) -> None:
    actions = _actions(page.problem_view)
    column = page.problems.columns.index(_column(page, "inspection"))
    actions.set_shown(column, False)  # the clerk does not want it, even for all inspections
    page.inspection.setCurrentIndex(1)
    page.inspection.setCurrentIndex(page.inspection.findData(0))
    assert "所属巡察" not in [spec.title for _i, spec in actions.shown_columns()]
    page.save_state()
    again = show(RectificationPage(ctx), (1300, 800))
    again.inspection.setCurrentIndex(again.inspection.findData(0))
    shown = [spec.title for _i, spec in _actions(again.problem_view).shown_columns()]
    assert "所属巡察" not in shown
    _actions(again.problem_view).set_shown(column, True)
    again.inspection.setCurrentIndex(1)
    assert "所属巡察" not in [s.title for _i, s in _actions(again.problem_view).shown_columns()]
    again.inspection.setCurrentIndex(again.inspection.findData(0))
    assert "所属巡察" in [s.title for _i, s in _actions(again.problem_view).shown_columns()]


def test_a_lists_title_names_its_boxes_by_their_words_not_as_searches(
    qtbot, show, ctx, settings_in_tmp
) -> None:
    add_person(ctx.personnel, "张三", ctx.today())
    people = show(PersonnelPage(ctx), (1300, 800))
    people.year.setValue(2021)
    title = list_menus._title(_actions(people.view))
    assert "统计年度 2021" in title and "搜索" not in title
    assert "60 天内到期" in title  # what 即将到期 means on this list


def test_ctrl_c_copies_the_selected_rows_with_a_header_as_columns(qtbot, page) -> None:
    _filter_not_started(page)
    assert page.problems.rowCount() == 2
    page.problem_view.selectRow(0)  # 序号 2: the text with a tab, a line break and quotes
    page.problem_view.setFocus()
    QTest.keyClick(page.problem_view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    rows = _clipboard_rows()
    titles = [spec.title for _i, spec in _actions(page.problem_view).shown_columns()]
    assert rows[0] == titles and len(rows) == 2
    copied = dict(zip(titles, rows[1], strict=True))
    assert copied["问题描述"] == TRICKY and copied["序号"] == "2"
    assert copied["所属巡察"] == "市委巡察五组专项巡察" and copied["整改时限"] == "2022-12-31"


def test_copied_formulas_stay_text_and_multiple_rows_copy(qtbot, show, ctx, settings_in_tmp):
    for name in ("张三", "李四", FORMULA):
        add_person(ctx.personnel, name, ctx.today())
    people = show(PersonnelPage(ctx), (1300, 800))
    people.view.selectAll()
    assert _actions(people.view).copy_selected() == 3
    rows = _clipboard_rows()
    names = [row[rows[0].index("姓名")] for row in rows[1:]]
    assert sorted(names) == sorted(["张三", "李四", "'" + FORMULA])  # pasted as text
    ids = [row[rows[0].index("身份证号")] for row in rows[1:]]
    assert all("*" in number for number in ids)  # masked, as the list shows them
    assert tab_separated([["a\tb", "-3", "-x"]]) == '"a\tb"\t-3\t\'-x\r\n'


def test_export_writes_every_row_of_the_filtered_sorted_list(
    qtbot, page, tmp_path, monkeypatch, messages
) -> None:
    _filter_not_started(page)
    actions = _actions(page.problem_view)
    actions.set_shown(page.problems.columns.index(_column(page, "leader")), False)
    offered: list[Path] = []
    monkeypatch.setattr(exporting, "offer_file", lambda _p, path, _s="": offered.append(path))
    out = tmp_path / "问题 清单.xlsx"
    list_menus.export_list(actions, out)
    _wait(qtbot)
    assert offered == [out]
    sheet = openpyxl.load_workbook(out).active
    assert "整改问题清单" in sheet["A1"].value and "状态:未启动" in sheet["A1"].value
    assert "共2条" in sheet["A2"].value and "按“序号”降序排列" in sheet["A2"].value
    header = [c.value for c in sheet[3]]
    assert header == [spec.title for _i, spec in actions.shown_columns()]
    assert "责任领导" not in header  # hidden on the list, left out of the file
    *data, legend = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert [row[header.index("序号")] for row in data] == [2, 1]
    assert legend[:2] == ["颜色说明:", "逾期"]  # 序号 1 is past its deadline: red
    assert sheet.auto_filter.ref.endswith("5")  # the legend is not a row of the list
    assert data[0][header.index("问题描述")] == TRICKY
    assert data[0][header.index("整改时限")] == datetime(2022, 12, 31)  # a real date
    assert sheet.print_title_rows == "$1:$3"


def test_print_preview_shows_the_filtered_list(qtbot, page, messages) -> None:
    _filter_not_started(page)
    seen: dict = {}

    def look(dialog) -> None:
        seen["pages"] = dialog.document.pageCount()
        seen["path"] = dialog.path
        seen["text"] = subprocess.run(
            ["pdftotext", "-layout", str(dialog.path), "-"], capture_output=True, text=True
        ).stdout
        dialog.reject()

    on_next_modal(look, timeout_ms=60000)
    list_menus.print_list(_actions(page.problem_view))
    _wait(qtbot)
    qtbot.waitUntil(lambda: "text" in seen, timeout=60000)
    assert seen["pages"] == 1
    assert "整改问题清单(状态:未启动)" in seen["text"]
    assert "学法制度落实不到位" in seen["text"] and "第 1 页" in seen["text"]
    assert "经费管理不规范" not in seen["text"]  # filtered out: 整改中
    assert not seen["path"].exists()  # the preview's file is removed when it closes


def test_column_chooser_hides_and_reorders_and_is_remembered(qtbot, show, page, ctx) -> None:
    actions = _actions(page.problem_view)

    def choose(dialog) -> None:
        items = dialog.items
        for row in range(items.count()):
            if items.item(row).text() == "问题类别":
                items.item(row).setCheckState(Qt.CheckState.Unchecked)
            if items.item(row).text() == "问题描述":
                items.setCurrentRow(row)
        for _ in range(3):
            dialog.shift(-1)  # 问题描述 to the front
        dialog.accept()

    on_next_modal(choose)
    list_menus.choose_columns(actions)
    titles = [spec.title for _i, spec in actions.shown_columns()]
    assert titles[0] == "问题描述" and "问题类别" not in titles
    page.save_state()
    again = show(RectificationPage(ctx), (1300, 800))
    again.inspection.setCurrentIndex(again.inspection.findData(0))
    remembered = [spec.title for _i, spec in _actions(again.problem_view).shown_columns()]
    assert remembered == titles
    _actions(again.problem_view).reset_columns()
    assert "问题类别" in [spec.title for _i, spec in _actions(again.problem_view).shown_columns()]


def test_menus_offer_the_list_actions(page) -> None:
    actions = _actions(page.problem_view)
    menu = list_menus.row_menu(actions)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[:4] == ["复制所选行", "复制整个列表", "打印列表…", "导出列表为 Excel…"]
    assert "列设置…" in texts
    columns = list_menus.column_menu(actions)
    ticks = {a.text(): a.isChecked() for a in columns.actions() if a.isCheckable()}
    assert ticks["问题描述"] and ticks["所属巡察"]
    menu.deleteLater()
    columns.deleteLater()


def test_audit_list_exports_with_its_filter_in_the_title(
    qtbot, show, ctx, tmp_path, monkeypatch, settings_in_tmp, messages
) -> None:
    ctx.rectification.add_inspection(Inspection("操作日志里的巡察"))
    audit = show(AuditPage(ctx), (1200, 700))
    type_text(audit.search, "操作日志里")
    QTest.keyClick(audit.search, Qt.Key.Key_Return)  # search now (no timer left running)
    monkeypatch.setattr(exporting, "offer_file", lambda *a: None)
    out = tmp_path / "日志.xlsx"
    list_menus.export_list(_actions(audit.view), out)
    _wait(qtbot)
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == "操作日志(搜索“操作日志里”)"
    assert sheet.max_row == 4  # title, subtitle, header, the one entry


def _column(page, key: str):
    return next(c for c in page.problems.columns if c.key == key)
