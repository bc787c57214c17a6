"""The training page driven as a clerk would: sessions, attendees, scores, figures, exports."""

from __future__ import annotations

from collections.abc import Callable

import openpyxl
import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desktop_app.storage.training.repo import TrainingRepo
from desktop_app.ui.tasks import running_tasks
from desktop_app.ui.training.attendees import AddAttendeesDialog
from desktop_app.ui.training.page import TrainingPage
from tests.training_data import EXAM_SCORES, add_roster
from tests.ui import helpers
from tests.ui.helpers import click, fill_and_save, fill_form, on_next_modal, press_save, type_text

LINE_2019 = (
    "2019年共组织学法培训 1 次(在线学法考试 1 次);参加 68 人、68 人次,累计 136 学时;"
    "在线学法考试应参考 68 人、实际参考 68 人,参与率 100%,及格率 100%,"
    "优秀率(90分以上)85.3%;执法人员 20 人中 20 人未达 40 学时"
)
# In the ledger the sentence reads as Chinese: no spaces around numbers, full-width marks.
LEDGER_2019 = (
    "2019年共组织学法培训1次（在线学法考试1次）；参加68人、68人次，累计136学时；"
    "在线学法考试应参考68人、实际参考68人，参与率100%，及格率100%，"
    "优秀率（90分以上）85.3%；执法人员20人中20人未达40学时"
)


@pytest.fixture
def page(show, ctx):
    add_roster(ctx.db)
    return show(TrainingPage(ctx), (1300, 800))


def counts(ctx) -> tuple[int, int, int]:
    return tuple(
        ctx.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("training_sessions", "training_attendance", "audit_log")
    )


def button(text: str) -> Callable[[QWidget], None]:
    return lambda w: next(b for b in w.findChildren(QPushButton) if b.text() == text).click()


def add_session(page, values: dict[str, str]) -> int:
    on_next_modal(fill_and_save(values))
    click(page, "新增活动")
    return page.selected_session()


def add_people(page, departments: list[str], search: str = "", pick: int = 0) -> None:
    """Tick departments, pick the first ``pick`` persons found by ``search``, press 添加."""

    def action(dialog: AddAttendeesDialog) -> None:
        for department in departments:
            dialog.check_group("市科技局", department)
        if pick:
            dialog.tabs.setCurrentIndex(1)
            type_text(dialog.search, search)
            QTest.keyClick(dialog.search, Qt.Key.Key_Return)
            model = dialog.people
            selection = QItemSelection(model.index(0, 0), model.index(pick - 1, 3))
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            dialog.people_view.selectionModel().select(selection, flags)
            click(dialog, "加入已选 →")
            assert dialog.picked_label.text() == f"已选 {pick} 人"
        press_save(dialog)

    on_next_modal(action)
    click(page.attendance, "添加人员")


def test_seed_004_exam_entered_through_the_page(qtbot, page, ctx, messages, monkeypatch, tmp_path):
    session_id = add_session(
        page,
        {
            "title": "2019年度国家工作人员在线学法考试",
            "kind": "在线学法考试",
            "date": "2019年11月20日",
            "hours": "2",
            "expected": "68",
            "place": "网上学法用法考试平台",
        },
    )
    assert page.year.currentData() == 2019 and session_id is not None
    add_people(page, ["办公室", "法规科", "计划处"], search="高新", pick=18)
    assert TrainingRepo(ctx.db).attendance_count(session_id) == 68
    assert "名单 68 人,出席 68 人" in page.attendance.heading.text()
    view = page.attendance.view
    for row, score in enumerate(EXAM_SCORES):
        view.selectRow(row)
        on_next_modal(fill_and_save({"score": f"{score:g}"}))
        click(page.attendance, "编辑出勤")
    scores = sorted(a.score for a in TrainingRepo(ctx.db).attendance_of(session_id))
    assert scores == sorted(EXAM_SCORES)
    assert page.figures.text() == LINE_2019

    out = tmp_path / "导出" / "台账.xlsx"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    helpers.answer_modals([(QMessageBox, button("关闭"))])
    click(page, "导出培训台账")
    qtbot.waitUntil(lambda: running_tasks() == 0 and out.is_file(), timeout=15000)
    book = openpyxl.load_workbook(out)
    summary = [row for row in book["年度汇总"].iter_rows(values_only=True)]
    assert summary[-1][4] == LEDGER_2019


def test_seed_002_year_and_shortfall_colours(qtbot, page, ctx, messages):
    for n in range(1, 6):
        add_session(
            page,
            {
                "title": f"党组理论学习中心组第{n}次集体学法",
                "date": f"2024-{2 * n}-10",
                "hours": "3",
                "laws": "《中华人民共和国安全生产法》\n公平竞争审查条例",
            },
        )
        add_people(page, ["办公室"])
    add_session(page, {"title": "旁听庭审", "kind": "旁听庭审", "date": "2024.5.23", "hours": "4"})
    add_people(page, ["法规科", "计划处"], search="高新", pick=2)
    page.attendance.view.selectRow(0)
    click(page.attendance, "标记缺席")
    assert "出席 41 人、请假 0 人、缺席 1 人" in page.attendance.heading.text()
    click(page.attendance, "全部出席")
    assert "名单 42 人,出席 42 人" in page.attendance.heading.text()
    assert page.figures.text().startswith(
        "2024年共组织学法培训 6 次(中心组学法 5 次、旁听庭审 1 次);参加 52 人、92 人次,"
        "累计 318 学时;执法人员 20 人中 20 人未达 40 学时"
    )
    page.kind.setCurrentIndex(page.kind.findData("中心组学法"))
    assert page.sessions.rowCount() == 5
    type_text(page.search, "安全生产法")
    QTest.keyClick(page.search, Qt.Key.Key_Return)
    assert page.sessions.rowCount() == 5
    click(page, "清除筛选")
    assert page.sessions.rowCount() == 6

    page.tabs.setCurrentIndex(1)
    persons = page.persons
    persons.holders_only.setChecked(True)
    assert persons.model.rowCount() == 20
    rows = [persons.model.row(r) for r in range(20)]
    office = next(r for r in range(20) if rows[r]["name"] == "干部01")
    assert rows[office]["hours"] == 15 and rows[office]["shortfall"] == 25
    index = persons.model.index(office, 0)
    assert persons.model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    on_next_modal(fill_and_save({"min_hours": "15"}))
    click(persons, "学时与考试设置")
    assert "执法人员 20 人中 10 人未达 15 学时" in page.figures.text()
    assert persons.model.data(index, Qt.ItemDataRole.BackgroundRole) is None


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": "", "date": "2024-3-1", "hours": "2"}, "主题:必须填写"),
        ({"title": "讲座", "date": "", "hours": "2"}, "日期:必须填写"),
        ({"title": "讲座", "date": "2024-3-1", "hours": "0"}, "学时:必须大于 0"),
        ({"title": "讲座", "date": "2024-3-1", "hours": "25"}, "学时:不能超过 24 小时"),
        ({"title": "讲座", "date": "2024-2-30", "hours": "2"}, "日期:“2024-2-30”不是存在的日期"),
    ],
)
def test_bad_session_is_refused_and_nothing_saved(qtbot, page, ctx, messages, values, field):
    before = counts(ctx)

    def action(dialog: QDialog) -> None:
        fill_form(dialog, values)
        press_save(dialog)
        assert dialog.isVisible()  # kept open for correction
        dialog.reject()

    on_next_modal(action)
    click(page, "新增活动")
    assert any(text.startswith(field) for text in messages.texts("warning"))
    assert counts(ctx) == before


def test_duplicate_attendee_and_bad_score_are_refused(qtbot, page, ctx, messages):
    add_session(page, {"title": "专题讲座", "kind": "专题讲座", "date": "2022-9-1", "hours": "2.5"})
    add_people(page, ["办公室"])
    before = counts(ctx)

    def pick_again(dialog: AddAttendeesDialog) -> None:
        dialog.tabs.setCurrentIndex(1)
        type_text(dialog.search, "干部01")
        QTest.keyClick(dialog.search, Qt.Key.Key_Return)
        dialog.people_view.selectRow(0)
        click(dialog, "加入已选 →")
        press_save(dialog)
        assert dialog.isVisible()
        dialog.reject()

    on_next_modal(pick_again)
    click(page.attendance, "添加人员")
    assert "干部01已在“专题讲座”的名单中,同一人不能重复登记" in messages.texts("warning")
    assert counts(ctx) == before

    page.attendance.view.selectRow(0)

    def bad_score(dialog: QDialog) -> None:
        fill_form(dialog, {"score": "101"})
        press_save(dialog)
        fill_form(dialog, {"score": "", "hours": "3"})
        press_save(dialog)
        assert dialog.isVisible()
        dialog.reject()

    on_next_modal(bad_score)
    click(page.attendance, "编辑出勤")
    assert messages.texts("warning")[-2:] == [
        "成绩:应在 0 到 100 之间",
        "计入学时:不能超过本次活动的学时 2.5",
    ]
    assert counts(ctx) == before


def test_signin_sheet_exported_and_previewed(qtbot, page, ctx, messages, monkeypatch, tmp_path):
    from desktop_app.ui.dialogs.document_dialog import DocumentDialog
    from desktop_app.ui.dialogs.print_preview import PdfPreviewDialog

    add_session(
        page, {"title": "行政处罚法专题讲座", "kind": "专题讲座", "date": "2022-9-1", "hours": "2"}
    )
    add_people(page, ["办公室", "法规科"])
    opened: list[DocumentDialog] = []

    def open_beside(dialog: DocumentDialog) -> int:  # shown, not modal: the test drives it
        opened.append(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        return 0

    monkeypatch.setattr(DocumentDialog, "exec", open_beside)
    seen: list[str] = []

    def close_preview(dialog: QWidget) -> None:
        seen.append(dialog.windowTitle())
        dialog.reject()

    click(page, "导出签到表")
    sheet = opened[0]
    assert sheet.windowTitle() == "签到表"
    helpers.answer_modals([(PdfPreviewDialog, close_preview)])
    click(sheet, "打印…")  # the sign-in sheet needs no signature: straight to the preview
    qtbot.waitUntil(lambda: bool(seen), timeout=15000)
    assert seen == ["打印预览 — 预览.pdf"]
    out = tmp_path / "签到表.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out)[:-4], ""))
    helpers.answer_modals([(QMessageBox, button("关闭"))])
    click(sheet, "导出PDF…")
    qtbot.waitUntil(lambda: out.is_file() and running_tasks() == 0, timeout=15000)

    notice = tmp_path / "通知.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(notice), ""))
    click(page, "导出培训通知")
    texts = opened[1]
    type_text(texts.form.widget("contact"), "联系人:王明,电话:3310001")
    # no 本单位信息 yet: the dialog says so; the clerk exports unsigned on purpose
    unsigned, closed = (QMessageBox, button("仍然导出(无落款)")), (QMessageBox, button("关闭"))
    helpers.answer_modals([unsigned, closed])
    click(texts, "导出Word…")
    qtbot.waitUntil(lambda: notice.is_file() and running_tasks() == 0, timeout=15000)
    session = page.selected_session()
    assert TrainingRepo(ctx.db).notice_texts(session).contact == "联系人:王明,电话:3310001"
