"""A 督办通知 for an overdue department, made from the home page as a clerk does, comes out ready
to sign (numbered, addressed, signed and dated, listing every late item), in PDF and Word; it
is recorded on the items and shows in their history and in the rectification ledger; a
problem found again in a later inspection is marked 屡查屡犯 in the ledger and the report."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import openpyxl

from desktop_app.demo import create_demo
from desktop_app.domain.rectification import Inspection, Problem
from desktop_app.domain.repeats import RepeatState
from desktop_app.exports import get_export, parse_options
from desktop_app.storage.rectification import escalations, repeats
from desktop_app.storage.settings import read_agency_profile, write_settings
from desktop_app.ui import tasks
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.rectification import escalation_dialog
from desktop_app.ui.rectification.escalation_dialog import EscalationDialog
from tests.ui.helpers import answer_modals, click

PREFIX = "通科督"


def _wait(qtbot) -> None:
    qtbot.waitUntil(lambda: tasks.running_tasks() == 0, timeout=60000)


def _pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return out.replace("\n", "").replace("\u2060", "")


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "".join([p.text for p in document.paragraphs] + cells).replace("\u2060", "")


def _ledger_cells(ctx, out: Path) -> list[str]:
    spec = get_export("rectification-ledger")
    spec.run(ctx.db, out, parse_options(spec, {}), None, None)
    book = openpyxl.load_workbook(out)
    return [str(c) for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r if c]


def test_a_notice_from_the_home_page_is_ready_to_sign_and_recorded_everywhere(
    qtbot, show, ctx, messages, monkeypatch, tmp_path
) -> None:
    create_demo(ctx.db, scale=1, today=ctx.today())
    write_settings(ctx.db, {"rectification.escalation_prefix": PREFIX})  # 文件 → 设置
    monkeypatch.setattr(MainWindow, "start_automatic_backup", lambda self: None)
    window = show(MainWindow(ctx), (1366, 768))
    qtbot.waitUntil(lambda: window.home.loaded, timeout=30000)
    rules = ctx.warning_rules()
    department, count = escalations.late_departments(ctx.conn, ctx.today(), rules)[0]
    by_department = escalations.ItemFilter(department=department)
    late = escalations.late_items(ctx.conn, ctx.today(), rules, by_department)
    pdf, word = tmp_path / "督办 通知.pdf", tmp_path / "督办 通知.docx"
    targets = [pdf, word]
    monkeypatch.setattr(escalation_dialog, "ask_save_path", lambda *a: targets.pop(0))
    monkeypatch.setattr(escalation_dialog, "offer_file", lambda *a, **k: None)
    seen: dict = {}

    def make_notice(dialog: EscalationDialog) -> None:
        choices = dialog.chooser.department
        choices.setCurrentIndex(choices.findData(department))
        dialog.chooser.level.setCurrentText("督办通知")
        seen["items"] = dialog.chooser.items.count()
        click(dialog, "导出PDF…")
        _wait(qtbot)
        click(dialog, "导出Word…")
        _wait(qtbot)
        dialog.reject()

    answer_modals([(EscalationDialog, make_notice)], timeout_ms=30000)
    click(window.home, "督办…")
    qtbot.waitUntil(lambda: "items" in seen, timeout=60000)
    assert seen["items"] == count == len(late)
    number = f"{PREFIX}〔{ctx.today().year}〕1号"
    profile = read_agency_profile(ctx.conn)
    for text in (_pdf_text(pdf), _docx_text(word)):
        assert "关于加快推进整改工作的督办通知" in text
        assert number in text and f"{department}：" in text
        assert profile.signer in text and "2022年10月11日" in text  # signed and dated
        assert f"共{count}项" in text
        flat = text.replace(" ", "")
        for item in late:
            assert item.subject[:4] in flat  # every late item listed (in the annex table)
    sent = escalations.late_items(ctx.conn, ctx.today(), rules, by_department)
    assert all(item.sent == ["督办通知"] for item in sent)  # once, though in PDF and Word
    record = escalations.escalations_of(ctx.conn, late[0].problem_id)[-1]
    assert (record.level.value, record.doc_no, record.date) == ("督办通知", number, ctx.today())
    page = window.open_page("rectification")
    page.inspection.setCurrentIndex(0)
    from desktop_app.ui.home.navigate import select_row

    assert select_row(page.problem_view, late[0].problem_id)
    assert f"督办通知({number})" in page.detail.history.toPlainText()
    cells = _ledger_cells(ctx, tmp_path / "台账.xlsx")
    assert any(f"【督办】2022-10-11 督办通知({number})" in c for c in cells)


def test_a_problem_found_again_is_marked_in_the_ledger_and_the_report(ctx, tmp_path) -> None:
    repo = ctx.rectification
    old = repo.add_inspection(Inspection(name="2021年专项巡察", feedback_date=date(2021, 5, 1)))
    repo.add_problem(Problem(description="行政执法公示信息更新不及时", inspection_id=old))
    new = repo.add_inspection(Inspection(name="2022年专项巡察", feedback_date=date(2022, 5, 1)))
    again = repo.add_problem(Problem(description="行政执法公示信息不及时", inspection_id=new))
    flags = repeats.RepeatRepo(ctx.db)
    assert flags.find([again]) == 1
    [flag] = repeats.flags_of(ctx.conn, again)
    flags.decide(flag.id, RepeatState.CONFIRMED)
    cells = _ledger_cells(ctx, tmp_path / "台账.xlsx")
    assert any("屡查屡犯" in c and "行政执法公示信息不及时" in c for c in cells)
    spec = get_export("rectification-report")
    out = tmp_path / "通报.pdf"
    spec.run(
        ctx.db, out, parse_options(spec, {"inspection": str(new), "unsigned": "1"}), None, None
    )
    assert "屡查屡犯" in _pdf_text(out)


def test_a_flag_the_clerk_dismisses_leaves_the_problem_out_of_the_repeats(
    qtbot, show, ctx, messages
) -> None:
    from desktop_app.ui.rectification.page import RectificationPage
    from desktop_app.ui.rectification.repeats_dialog import RepeatsDialog

    repo = ctx.rectification
    old = repo.add_inspection(Inspection(name="2021年专项巡察", feedback_date=date(2021, 5, 1)))
    repo.add_problem(Problem(description="行政执法公示信息更新不及时", inspection_id=old))
    new = repo.add_inspection(Inspection(name="2022年专项巡察", feedback_date=date(2022, 5, 1)))
    again = repo.add_problem(Problem(description="行政执法公示信息不及时", inspection_id=new))
    dialog = show(RepeatsDialog(ctx, new), (1100, 600))
    click(dialog, "查找相似问题")
    assert "新发现 1 条相似问题标记" in messages.texts()[-1]
    assert dialog.table.rowCount() == 1
    dialog.table.selectRow(0)
    click(dialog, "排除")
    assert dialog.table.rowCount() == 0  # 只看待确认: nothing left to decide
    [flag] = repeats.flags_of(ctx.conn, again)
    assert flag.state == RepeatState.DISMISSED
    dialog.reject()
    page = show(RectificationPage(ctx), (1300, 800))
    page.reload_inspections(select=new)
    for state in ("屡查屡犯", "疑似屡查屡犯"):
        assert page.repeat.findData(state) > 0
        page.repeat.setCurrentIndex(page.repeat.findData(state))
        assert page.problems.rowCount() == 0, state
    page.repeat.setCurrentIndex(0)
    assert page.problems.rowCount() == 1
