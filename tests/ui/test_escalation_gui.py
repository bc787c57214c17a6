"""督办, 屡查屡犯, 回头看 and 年度法治工作数据 driven through their dialogs as a clerk would."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from desktop_app.demo import create_demo
from desktop_app.domain.rectification import Inspection, Problem, SignOff
from desktop_app.domain.repeats import RepeatState
from desktop_app.storage.rectification import escalations, rechecks, repeats
from desktop_app.storage.settings import write_settings
from desktop_app.ui import tasks
from desktop_app.ui.rectification import escalation_dialog
from desktop_app.ui.rectification.escalation_dialog import EscalationDialog
from desktop_app.ui.rectification.page import RectificationPage
from desktop_app.ui.rectification.recheck_dialog import RecheckDialog
from desktop_app.ui.rectification.repeats_dialog import RepeatsDialog
from tests.rectification_data import completed
from tests.ui.helpers import click, fill_and_save, fill_form, on_next_modal, press_save


def _wait(qtbot) -> None:
    qtbot.waitUntil(lambda: tasks.running_tasks() == 0, timeout=60000)


@pytest.fixture
def demo(ctx):
    """``ctx`` with the demo data of its day."""
    create_demo(ctx.db, scale=1, today=ctx.today())
    return ctx


def _pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return out.replace("\n", "").replace("\u2060", "")


def test_a_notice_for_an_overdue_department_is_exported_and_recorded(
    qtbot, show, demo, messages, monkeypatch, tmp_path
):
    ctx = demo
    department, count = escalations.late_departments(ctx.conn, ctx.today(), ctx.warning_rules())[0]
    out = tmp_path / "督办 通知.pdf"
    offered: list[str] = []
    monkeypatch.setattr(escalation_dialog, "ask_save_path", lambda *a: out)
    monkeypatch.setattr(
        escalation_dialog, "offer_file", lambda _p, _o, text="": offered.append(text)
    )
    dialog = show(EscalationDialog(ctx, None, department=department), (1300, 860))
    dialog.chooser.level.setCurrentText("督办通知")
    assert dialog.chooser.items.count() == count
    assert dialog.texts().addressee == f"{department}："
    assert dialog.status.text() == f"已选 {count} 项,点击“刷新预览”查看效果。"  # not a blank pane
    click(dialog, "导出PDF…")
    _wait(qtbot)
    text = _pdf_text(out)
    assert "关于加快推进整改工作的督办通知" in text and f"{department}：" in text
    items = escalations.late_items(
        ctx.conn, ctx.today(), ctx.warning_rules(), escalations.ItemFilter(department=department)
    )
    assert all(item.sent == ["督办通知"] for item in items)  # recorded on every item
    assert offered and f"已在 {count} 个事项上记录本次督办通知" in offered[0]
    word = tmp_path / "督办 通知.docx"
    monkeypatch.setattr(escalation_dialog, "ask_save_path", lambda *a: word)
    click(dialog, "导出Word…")  # the same document in Word: the same, recorded once
    _wait(qtbot)
    from tests.storage.test_annual import _docx_text

    assert _docx_text(word).count("督办通知") == 1  # the title: no item lists itself as sent
    after = escalations.ItemFilter(department=department)
    sent = escalations.late_items(ctx.conn, ctx.today(), ctx.warning_rules(), after)
    assert all(item.sent == ["督办通知"] for item in sent)
    dialog.reject()
    again = show(EscalationDialog(ctx, None, department=department), (1300, 860))
    assert again.level().value == "约谈通知"  # the next one goes a level up
    page = show(RectificationPage(ctx), (1300, 800))
    page.inspection.setCurrentIndex(0)
    from desktop_app.ui.home.navigate import select_row

    assert select_row(page.problem_view, items[0].problem_id)
    assert "督办记录" in page.detail.history.toPlainText()
    assert "督办通知" in page.detail.history.toPlainText()


def test_the_word_version_and_one_item_per_document(
    qtbot, show, demo, messages, monkeypatch, tmp_path
):
    ctx = demo
    out = tmp_path / "一事一单.docx"
    monkeypatch.setattr(escalation_dialog, "ask_save_path", lambda *a: out)
    monkeypatch.setattr(escalation_dialog, "offer_file", lambda *a, **k: None)
    dialog = show(EscalationDialog(ctx, None), (1300, 860))
    dialog.chooser.grouping.setCurrentIndex(1)  # 一事一单
    assert len(dialog.chosen_items()) == 1
    chosen = dialog.chosen_items()[0]
    click(dialog, "导出Word…")
    _wait(qtbot)
    assert out.stat().st_size > 0
    [sent] = escalations.escalations_of(ctx.conn, chosen.problem_id)[-1:]
    assert sent.measure_id == chosen.measure_id and sent.level.value == "提醒函"


def test_a_problem_entered_again_is_flagged_and_the_clerk_confirms_it(qtbot, show, ctx, messages):
    repo = ctx.rectification
    old = repo.add_inspection(Inspection(name="2021年专项巡察", feedback_date=date(2021, 5, 1)))
    earlier = repo.add_problem(Problem(description="行政执法公示信息更新不及时", inspection_id=old))
    new = repo.add_inspection(Inspection(name="2022年专项巡察", feedback_date=date(2022, 5, 1)))
    page = show(RectificationPage(ctx), (1300, 800))
    page.reload_inspections(select=new)

    def confirm_first(dialog):
        if not isinstance(dialog, RepeatsDialog):  # the problem's form is still closing
            on_next_modal(confirm_first)
            return
        assert dialog.table.rowCount() == 1
        dialog.table.selectRow(0)
        click(dialog, "确认屡查屡犯")
        dialog.reject()

    def enter_problem(dialog):
        fill_form(dialog, {"description": "行政执法公示不及时"})
        on_next_modal(confirm_first)  # then the question (answered 是) opens the flags
        press_save(dialog)

    on_next_modal(enter_problem)
    click(page, "新增问题")
    assert any("疑似屡查屡犯" in t for t in messages.texts("question"))
    [problem] = [
        r[0] for r in ctx.conn.execute("SELECT id FROM problems WHERE inspection_id = ?", [new])
    ]
    [flag] = repeats.flags_of(ctx.conn, problem)
    assert (flag.earlier_id, flag.state) == (earlier, RepeatState.CONFIRMED)
    page.repeat.setCurrentIndex(page.repeat.findData("屡查屡犯"))
    assert page.problems.rowCount() == 1
    page.select_problem(problem)
    assert "屡查屡犯" in page.detail.history.toPlainText()


def test_a_recheck_round_confirms_one_and_reopens_another(
    qtbot, show, ctx, messages, monkeypatch, tmp_path
):
    repo = ctx.rectification
    insp = repo.add_inspection(Inspection(name="专项巡察", feedback_date=date(2022, 3, 1)))
    done = [
        repo.add_problem(
            Problem(description=text, inspection_id=insp, **completed(date(2022, 6, 1)))
        )
        for text in ("学法制度不健全", "执法公示不及时")
    ]
    write_settings(ctx.db, {"rectification.signoff_evidence": False})  # no evidence here
    for problem_id in done:
        repo.sign_off("problem", problem_id, SignOff(date(2022, 6, 10), "法规科"))
    dialog = show(RecheckDialog(ctx), (1200, 620))
    on_next_modal(fill_and_save({"name": "2022年整改回头看"}))
    click(dialog, "新建回头看…")
    assert dialog.table.rowCount() == 2
    dialog.table.selectRow(0)
    click(dialog, "整改到位")
    dialog.table.selectRow(1)
    on_next_modal(fill_and_save({"reason": "公示仍不及时"}))
    click(dialog, "重新整改…")
    [round_] = rechecks.list_rounds(ctx.conn)
    outcomes = [i.outcome.value for i in rechecks.items_of(ctx.conn, round_.id)]
    assert outcomes == ["整改到位", "重新整改"]
    assert repo.get_problem(done[1]).signoff is None and repo.get_problem(done[0]).signoff
    assert "整改到位 1 个、重新整改 1 个" in dialog.counts.text()
    from desktop_app.ui import exporting

    out = tmp_path / "回头看台账.xlsx"
    monkeypatch.setattr(exporting, "ask_save_path", lambda *a: out)
    monkeypatch.setattr(exporting, "offer_file", lambda *a, **k: None)
    click(dialog, "导出台账…")
    _wait(qtbot)
    import openpyxl

    cells = [
        c for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True) for c in row
    ]
    assert "公示仍不及时" in cells and "2022年整改回头看台账" in cells


def test_the_years_figures_and_the_draft_report(qtbot, show, ctx, messages, monkeypatch, tmp_path):
    from tests.annual_data import EXPECTED, build_everything

    build_everything(ctx.db)
    ctx.today_override = date(2025, 2, 10)
    from desktop_app.ui.annual.dialog import AnnualDialog, report_dialog

    dialog = show(AnnualDialog(ctx), (1100, 760))
    assert dialog.year.value() == 2024  # the report looks back on last year
    assert {key: dialog.value(key) for key in EXPECTED} == EXPECTED
    assert "组织1批次32人参加庭审旁听。" in dialog.words.text()
    from desktop_app.ui.dialogs import document_dialog

    out = tmp_path / "年度报告.docx"
    monkeypatch.setattr(document_dialog, "ask_save_path", lambda *a: out)
    monkeypatch.setattr(document_dialog, "offer_file", lambda *a, **k: None)
    report = show(report_dialog(ctx, 2024), (1300, 860))
    from desktop_app.ui.dialogs.agency_profile import UNSIGNED

    monkeypatch.setattr("desktop_app.ui.messages.choose", lambda *a, **k: UNSIGNED)
    click(report, "导出Word…")
    _wait(qtbot)
    assert out.exists() and out.stat().st_size > 0
    kept = ctx.settings.get("annual.report_texts")
    assert kept["year"] == 2024 and kept["texts"]["title"].endswith(
        "2024年度法治政府建设情况的报告"
    )
    report.reject()
