"""The personnel page driven as a clerk would: dialogs, batch actions, filters, exports, and
the everyday traps (a cancel that asks first, a refusal before the question, a warned ID)."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import cast

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QSpinBox, QWidget

from desktop_app.domain.personnel import CertificateEvent
from desktop_app.storage.personnel.repo import PersonnelRepo
from desktop_app.ui.personnel.columns import ROW_COLOURS, TEXT_COLOURS
from desktop_app.ui.personnel.page import PersonnelPage
from desktop_app.ui.tasks import running_tasks
from tests.personnel_factory import add_person, build_seed_001_year, issue, resident_id
from tests.ui.helpers import (
    answer_modals,
    click,
    fill_and_save,
    fill_form,
    on_next_modal,
    press_save,
)

TODAY = date(2022, 10, 11)  # the ui ctx fixture's today


@pytest.fixture
def page(show, ctx):
    return show(PersonnelPage(ctx), (1366, 768))  # a 1366x768 laptop screen


@pytest.fixture
def repo(ctx) -> PersonnelRepo:
    return PersonnelRepo(ctx.db)


def counts(ctx) -> tuple[int, ...]:
    tables = ("persons", "certificates", "certificate_events", "audit_log")
    return tuple(ctx.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


def select_names(page: PersonnelPage, *names: str) -> None:
    """Select the roster rows of these people (Ctrl-click as a clerk would)."""
    view = page.view
    view.clearSelection()
    mode = view.selectionModel()
    for row in range(page.roster.rowCount()):
        if page.roster.row(row)["name"] in names:
            index = page.roster.index(row, 0)
            flags = mode.SelectionFlag.Select | mode.SelectionFlag.Rows
            mode.select(index, flags)
            mode.setCurrentIndex(index, mode.SelectionFlag.NoUpdate)
    page._selected()


def close_message_box(clicked: list[str]) -> None:
    """Close the next QMessageBox shown with exec() by its 关闭 button."""

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            clicked.append(box.text())
            next(b for b in box.buttons() if b.text() == "关闭").click()
            return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def test_clerk_adds_a_person_typing_chinese(qtbot, page, ctx, repo, messages) -> None:
    number = resident_id(date(1986, 7, 9), male=False)
    on_next_modal(
        fill_and_save(
            {
                "name": "张晓梅",
                "id_number": number,
                "unit": "鹤壁市科学技术局",
                "department": "政策法规科",
                "post": "四级主任科员",
                "phone": "0392-3311234",
            }
        )
    )
    click(page, "新增人员")
    assert page.roster.rowCount() == 1
    person = repo.get_person(page.roster.row_id(0))
    born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))  # the factory's
    assert (person.name, person.gender, person.birth_date) == ("张晓梅", "女", born)
    assert person.department == "政策法规科"
    shown = page.roster.data(page.roster.index(0, 2))
    assert shown == number[:6] + "********" + number[-4:]
    assert "共 1 人" in page.summary.text()
    assert page.unit.findData("鹤壁市科学技术局") > 0  # offered in the filter now


@pytest.mark.parametrize(
    ("number", "shown"),
    [("410600198607090021", "校验位"), ("410600198602300020", "不是存在的日期")],
)
def test_bad_id_is_refused_in_the_dialog_and_nothing_saved(
    qtbot, page, ctx, messages, number: str, shown: str
) -> None:
    if shown == "不是存在的日期":  # a correct check digit on an impossible date
        from stdnum.cn import ric

        number = number[:17] + ric.calc_check_digit(number)
    before = counts(ctx)
    stayed_open: list[bool] = []

    def action(dialog: QWidget) -> None:
        fill_form(dialog, {"name": "李强", "id_number": number})
        press_save(dialog)
        stayed_open.append(dialog.isVisible())
        dialog.reject()

    on_next_modal(action)
    click(page, "新增人员")
    assert stayed_open == [True]
    refusal = messages.texts("warning")[-1]
    assert refusal.startswith("身份证号:") and shown in refusal
    assert counts(ctx) == before


def test_issue_review_and_cancel_through_the_detail(qtbot, page, ctx, repo, messages) -> None:
    add_person(repo, "王建国", TODAY)
    page.refresh_all()
    page.view.selectRow(0)
    on_next_modal(
        fill_and_save(
            {"number": "41060000001", "category": "科技行政执法", "issue_date": "2017年11月20日"}
        )
    )
    click(page.detail, "新办证件")
    assert page.detail.certificates.rowCount() == 1
    cert = repo.certificates_of(page.selected_person())[0]
    assert cert.valid_until == date(2022, 11, 19)  # five years by the settings
    assert page.roster.row(0)["warning"] == "即将到期"
    colour = page.roster.data(page.roster.index(0, 0), role=8)  # BackgroundRole
    assert colour == QColor(ROW_COLOURS["即将到期"])
    text = page.roster.data(page.roster.index(0, 10), role=9)  # ForegroundRole
    assert text == QColor(TEXT_COLOURS["即将到期"])

    page.detail.cert_view.selectRow(0)
    on_next_modal(fill_and_save({"date": "2022.10.8"}))
    click(page.detail, "年审")
    assert repo.get_certificate(cert.id).last_review == date(2022, 10, 8)

    before = counts(ctx)

    def cancel(dialog: QWidget) -> None:
        press_save(dialog)  # no reason yet: refused, dialog stays
        messages.shown.append(("open", str(dialog.isVisible())))
        fill_form(dialog, {"reason": "调离执法岗位"})
        answer_modals([(QMessageBox, confirm_cancel)])  # 注销 is irreversible: asked first
        press_save(dialog)

    def confirm_cancel(box: QWidget) -> None:
        next(b for b in cast(QMessageBox, box).buttons() if b.text() == "注销").click()

    page.detail.cert_view.selectRow(0)
    on_next_modal(cancel)
    click(page.detail, "注销")
    assert messages.texts("warning")[-1].startswith("原因:")
    assert ("open", "True") in messages.shown
    assert repo.get_certificate(cert.id).status == "注销"
    assert counts(ctx)[2] == before[2] + 1  # exactly one event saved
    assert page.roster.row(0)["warning"] == ""


def test_contract_worker_needs_confirmation(qtbot, page, ctx, repo, messages) -> None:
    add_person(repo, "赵聘用", TODAY, employment_type="聘用")
    page.refresh_all()
    page.view.selectRow(0)
    messages.answer = QMessageBox.StandardButton.No
    before = counts(ctx)

    def refuse_then_close(dialog: QWidget) -> None:
        fill_form(dialog, {"number": "P1"})
        press_save(dialog)
        messages.answer = QMessageBox.StandardButton.Yes  # 放弃已输入的内容? 是
        dialog.reject()

    on_next_modal(refuse_then_close)
    click(page.detail, "新办证件")
    assert "聘用" in messages.texts("question")[-2]
    assert messages.texts("question")[-1] == "放弃已输入的内容?"
    assert counts(ctx) == before
    messages.answer = QMessageBox.StandardButton.Yes
    on_next_modal(fill_and_save({"number": "P1"}))
    click(page.detail, "新办证件")
    assert [c.number for c in repo.certificates_of(page.selected_person())] == ["P1"]


def test_batch_review_of_selected_holders_in_one_go(qtbot, page, ctx, repo, messages) -> None:
    for n, name in enumerate(("甲", "乙", "丙")):
        issue(repo, add_person(repo, name, TODAY), f"B{n}", date(2020, 3, 1))
    add_person(repo, "无证人员", TODAY)
    page.refresh_all()
    select_names(page, "甲", "丙", "无证人员")

    def choose(dialog: QWidget) -> None:
        fill_form(dialog, {"event": "年审", "kind": "行政执法证"})
        press_save(dialog)
        on_next_modal(fill_and_save({"date": "2022-09-30", "doc_ref": "鹤科〔2022〕30号"}))

    on_next_modal(choose)
    click(page, "批量办理")
    reviewed = {
        repo.get_person(c.person_id).name: c.last_review
        for n in range(1, 4)
        for c in repo.certificates_of(n)
    }
    assert reviewed == {"甲": date(2022, 9, 30), "乙": None, "丙": date(2022, 9, 30)}
    summary = ctx.db.execute(
        "SELECT count(*) FROM certificate_events WHERE event = '年审' AND doc_ref != ''"
    ).fetchone()[0]
    assert summary == 2


def test_seed_001_year_counts_on_the_page_and_in_the_ledger(
    qtbot, page, ctx, repo, messages, monkeypatch, tmp_path: Path
) -> None:
    build_seed_001_year(repo, 2022)
    page.refresh_all()
    text = page.summary.text()
    assert "新办证件 1 个" in text and "注销 3 个" in text and "转出执法关系 11 人" in text

    select_names(page, "留任1")
    on_next_modal(fill_and_save({"reason": "调往市行政审批和政务信息管理局"}))
    click(page, "转出")
    assert "转出执法关系 12 人" in page.summary.text()
    page.year.setValue(2021)
    assert "转出执法关系 0 人" in page.summary.text()

    out = tmp_path / "执法人员台账.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))

    def options(dialog: QWidget) -> None:
        dialog.findChild(QSpinBox, "year").setValue(2022)
        press_save(dialog)
        close_message_box(closed)

    closed: list[str] = []
    on_next_modal(options)
    click(page, "导出台账")
    qtbot.waitUntil(lambda: bool(closed) and running_tasks() == 0, timeout=15000)
    assert str(out) in closed[0]
    sheet = openpyxl.load_workbook(out)["汇总"]
    rows = {r[1]: r[2] for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert (rows["2022年新办证件"], rows["2022年注销证件"]) == (1, 3)
    assert rows["2022年转出执法关系"] == 12


def test_filters_settings_and_the_renewal_notice(
    qtbot, page, ctx, repo, messages, monkeypatch, tmp_path: Path
) -> None:
    soon = add_person(repo, "即将到期者", TODAY)
    issue(repo, soon, "S1", date(2017, 11, 20))  # valid until 2022-11-19
    late = add_person(repo, "已过期者", TODAY)
    issue(repo, late, "S2", date(2017, 1, 1), date(2022, 1, 1))
    fine = add_person(repo, "正常者", TODAY)
    cert = issue(repo, fine, "S3", date(2021, 12, 1))
    repo.record_event(cert, CertificateEvent("年审", date(2022, 9, 1), fine))
    page.refresh_all()
    page.condition.setCurrentIndex(page.condition.findData("已过期"))
    assert [page.roster.row(r)["name"] for r in range(page.roster.rowCount())] == ["已过期者"]
    page.within.setValue(30)  # switches to 即将到期 within 30 days
    assert page.condition.currentData() == "即将到期"
    assert page.roster.rowCount() == 0
    page.within.setValue(45)
    assert page.roster.rowCount() == 1
    click(page, "清除筛选")
    assert page.roster.rowCount() == 3

    def settings(dialog: QWidget) -> None:
        dialog.findChild(QSpinBox, "lead_days").setValue(30)
        press_save(dialog)

    on_next_modal(settings)
    click(page, "证件设置")
    assert repo.rules().lead_days == 30 and page.within.value() == 30
    warnings = {page.roster.row(r)["name"]: page.roster.row(r)["warning"] for r in range(3)}
    # 39 days to expiry is beyond the new 30-day lead; its review (never done) is overdue
    assert warnings == {"即将到期者": "年审到期", "已过期者": "已过期", "正常者": ""}

    out = tmp_path / "换证通知.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    closed: list[str] = []

    def texts(dialog: QWidget) -> None:  # the notice's texts beside its preview
        dialog.findChild(QSpinBox, "within").setValue(60)
        fill_form(dialog.form, {"signature": "鹤壁市科学技术局", "contact": "法规科 张明"})
        close_message_box(closed)
        click(dialog, "导出PDF…")

        def close_when_done() -> None:
            if closed and running_tasks() == 0:
                dialog.reject()
            else:
                QTimer.singleShot(20, close_when_done)

        QTimer.singleShot(0, close_when_done)

    on_next_modal(texts)
    click(page, "换证通知")
    qtbot.waitUntil(lambda: bool(closed) and running_tasks() == 0, timeout=15000)
    done = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True)
    text = "".join(done.stdout.decode("utf-8").split())
    assert "即将到期者" in text and "已过期者" in text and "正常者" not in text
    assert "鹤壁市科学技术局" in text
    assert repo.notice_texts()["signature"] == "鹤壁市科学技术局"  # kept for next time


def test_holders_short_of_training_hours_are_flagged(qtbot, ctx, messages):
    """Issue 5: certificate holders below the yearly minimum show on this page."""
    from desktop_app.domain.training import TrainingSession
    from desktop_app.storage.personnel.queries import SHORT_HOURS
    from desktop_app.storage.personnel.repo import PersonnelRepo
    from desktop_app.storage.training.repo import TrainingRepo
    from desktop_app.ui.personnel.page import PersonnelPage
    from tests.personnel_factory import add_person, issue

    today = ctx.today()
    repo = PersonnelRepo(ctx.db)
    short, enough, no_cert = (add_person(repo, n, today) for n in ("学时少", "学时够", "无证者"))
    issue(repo, short, "H0001", date(today.year - 1, 3, 1))
    issue(repo, enough, "H0002", date(today.year - 1, 3, 1))
    training = TrainingRepo(ctx.db)
    course = training.add_session(
        TrainingSession(
            title="执法业务培训", date=date(today.year, 6, 1), kind="执法业务培训", hours=24
        )
    )
    training.add_attendees(course, [enough, no_cert])
    second = training.add_session(
        TrainingSession(title="专题讲座", date=date(today.year, 7, 1), kind="专题讲座", hours=16)
    )
    training.add_attendees(second, [enough, short])
    page = PersonnelPage(ctx)
    qtbot.addWidget(page)
    page.condition.setCurrentIndex(page.condition.findData(SHORT_HOURS))
    assert [page.roster.row(r)["name"] for r in range(page.roster.rowCount())] == ["学时少"]
    assert page.roster.row(0)["year_hours"] == "16 / 40 不足"
    page.condition.setCurrentIndex(0)
    hours = {page.roster.row(r)["name"]: page.roster.row(r)["year_hours"] for r in range(3)}
    assert hours == {"学时少": "16 / 40 不足", "学时够": "40", "无证者": "24"}


def answer_question(seen: list[tuple[str, str]], press: str) -> None:
    """Answer the next QMessageBox: note its text and default button; ``press`` is a button's
    text, or "Enter" for the key (which takes the default button)."""

    def answer(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        default = box.defaultButton()
        seen.append((box.text(), default.text() if default else ""))
        if press == "Enter":
            QTest.keyClick(box, Qt.Key.Key_Return)
        else:
            next(b for b in box.buttons() if b.text() == press).click()

    answer_modals([(QMessageBox, answer)])


def test_cancel_asks_naming_person_and_number_and_enter_keeps_it(
    qtbot, page, ctx, repo, messages
) -> None:
    cert_id = issue(repo, add_person(repo, "王建国", TODAY), "41060000001", date(2020, 3, 1))
    page.refresh_all()
    page.view.selectRow(0)
    page.detail.cert_view.selectRow(0)
    asked: list[tuple[str, str]] = []
    kept_open: list[bool] = []

    def fill_then_enter_then_close(dialog: QWidget) -> None:
        fill_form(dialog, {"reason": "调离执法岗位"})
        answer_question(asked, "Enter")
        press_save(dialog)
        kept_open.append(dialog.isVisible())
        dialog.done(0)

    on_next_modal(fill_then_enter_then_close)
    click(page.detail, "注销")
    [(text, default)] = asked
    assert default == "取消"
    assert "王建国 行政执法证 41060000001" in text and "不可撤回" in text
    assert kept_open == [True]
    assert messages.texts("warning") == ["未注销任何证件。可修改后再保存,或点“取消”关闭。"]
    assert repo.get_certificate(cert_id).status == "有效"
    assert ctx.db.execute("SELECT count(*) FROM certificate_events").fetchone()[0] == 1

    def fill_then_confirm(dialog: QWidget) -> None:
        fill_form(dialog, {"reason": "调离执法岗位"})
        answer_question(asked, "注销")
        press_save(dialog)

    page.detail.cert_view.selectRow(0)
    on_next_modal(fill_then_confirm)
    click(page.detail, "注销")
    assert len(asked) == 2 and repo.get_certificate(cert_id).status == "注销"


def test_cancel_without_reason_is_refused_before_the_question(
    qtbot, page, ctx, repo, messages
) -> None:
    issue(repo, add_person(repo, "李四", TODAY), "41060000002", date(2020, 3, 1))
    page.refresh_all()
    page.view.selectRow(0)
    page.detail.cert_view.selectRow(0)

    def save_empty_then_close(dialog: QWidget) -> None:
        press_save(dialog)
        dialog.done(0)

    on_next_modal(save_empty_then_close)
    click(page.detail, "注销")
    assert messages.texts("warning") == ["原因:注销必须说明原因"]


def test_batch_cancel_names_every_certificate(qtbot, page, ctx, repo, messages) -> None:
    for n, name in enumerate(("甲", "乙")):
        issue(repo, add_person(repo, name, TODAY), f"B{n}", date(2020, 3, 1))
    page.refresh_all()
    page.view.selectAll()
    page._selected()
    asked: list[tuple[str, str]] = []

    def choose(dialog: QWidget) -> None:
        fill_form(dialog, {"event": "注销", "kind": "行政执法证"})
        press_save(dialog)

        def fill_and_confirm(form: QWidget) -> None:
            fill_form(form, {"reason": "退休"})
            answer_question(asked, "注销")
            press_save(form)

        on_next_modal(fill_and_confirm)

    on_next_modal(choose)
    click(page, "批量办理")
    [(text, default)] = asked
    assert "甲 行政执法证 B0" in text and "乙 行政执法证 B1" in text and default == "取消"
    statuses = ctx.db.execute("SELECT DISTINCT status FROM certificates").fetchall()
    assert statuses == [("注销",)]


def test_unknown_area_code_is_warned_in_the_person_dialog_and_saved(
    qtbot, page, ctx, repo, messages
) -> None:
    number = "410699198005170015"  # valid checksum and birth date; 410699 is in no code table
    seen: list[tuple[bool, str]] = []

    def type_then_save(dialog: QWidget) -> None:
        fill_form(dialog, {"name": "周新", "id_number": number})
        note = dialog.findChild(QLabel, "formNote")
        seen.append((note.isVisible(), note.text()))
        press_save(dialog)

    on_next_modal(type_then_save)
    click(page, "新增人员")
    [(visible, text)] = seen
    assert visible and "身份证号有效:男,出生日期 1980-05-17" in text
    assert "⚠ 前 6 位地区码“410699”不在地区代码表中,请核对(不影响保存)" in text
    assert messages.shown == []  # non-blocking: no box, no refusal
    [person] = [repo.get_person(1)]
    assert (person.name, person.id_number, person.gender) == ("周新", number, "男")


def test_renewal_with_a_new_number_keeps_the_history(qtbot, page, ctx, repo, messages) -> None:
    issue(repo, add_person(repo, "王建国", TODAY), "41060000001", date(2017, 11, 20))
    page.refresh_all()
    page.view.selectRow(0)
    page.detail.cert_view.selectRow(0)
    on_next_modal(fill_and_save({"date": "2022-10-08", "number": "41060000099"}))
    click(page.detail, "换证")
    history = page.detail.history.toPlainText()
    assert "2017-11-20 新办 [行政执法证 41060000001]" in history
    assert "2022-10-08 换证 [行政执法证 41060000099](原证号 41060000001)" in history
