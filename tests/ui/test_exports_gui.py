"""Exports from the rectification page: ledger, report dialog with preview, printing."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from desktop_app.domain.rectification import Inspection, Measure, Problem, ProgressEntry, Status
from desktop_app.ui import exporting, tasks
from desktop_app.ui.dialogs import print_preview
from desktop_app.ui.rectification.page import RectificationPage
from desktop_app.ui.rectification.report_dialog import ReportDialog
from tests.ui.helpers import click, fill_and_save, on_next_modal, type_text


@pytest.fixture
def seeded(ctx):
    repo = ctx.rectification
    insp = repo.add_inspection(
        Inspection(
            name="市委巡察五组依法行政专项巡察",
            kind="专项巡察",
            body="市委巡察五组",
            onsite_start=date(2022, 2, 16),
            onsite_end=date(2022, 3, 16),
            feedback_date=date(2022, 4, 19),
            plan_doc_no="通科党﹝2022﹞16号",
        )
    )
    pid = repo.add_problem(
        Problem(
            description='=HYPERLINK("http://x") 贯彻习近平法治思想不到位',
            category="贯彻习近平法治思想不到位",
            inspection_id=insp,
            deadline=date(2022, 6, 30),
        )
    )
    repo.add_measure(
        Measure(
            content="研究制定2022年度法治工作要点",
            problem_id=pid,
            status=Status.COMPLETED,
            completion_date=date(2022, 5, 31),
        )
    )
    repo.add_measure(Measure(content="召开局党组会议听取法治建设情况汇报", problem_id=pid))
    repo.add_progress(ProgressEntry(date(2022, 10, 8), "张三", "局党组会研究通过", pid))
    return insp


def _wait_tasks(qtbot):
    qtbot.waitUntil(lambda: tasks.running_tasks() == 0, timeout=30000)


def test_ledger_export_from_the_page(qtbot, ctx, seeded, tmp_path, monkeypatch, messages):
    out = tmp_path / "导出 文件" / "台账.xlsx"
    out.parent.mkdir()
    monkeypatch.setattr(exporting, "ask_save_path", lambda *a, **k: out)
    offered: list[Path] = []
    monkeypatch.setattr(exporting, "offer_file", lambda _p, path, _s="": offered.append(path))
    page = RectificationPage(ctx)
    qtbot.addWidget(page)
    page.reload_inspections(select=seeded)
    on_next_modal(fill_and_save({"scope": "当前巡察", "since": "2022-10-01"}))
    click(page, "导出台账")
    _wait_tasks(qtbot)
    assert offered == [out]
    book = load_workbook(out)
    sheet = book.worksheets[1]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "市委巡察五组依法行政专项巡察整改工作台账" in values[0]
    assert "研究制定2022年度法治工作要点" in values
    assert "本期新进展" in values
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_report_dialog_keeps_texts_previews_and_exports(
    qtbot, ctx, seeded, tmp_path, monkeypatch, messages
):
    ctx.settings.set_many({"agency.signature": "中共南通市科学技术局党组"})
    dialog = ReportDialog(ctx, seeded)
    qtbot.addWidget(dialog)
    assert dialog.form.text("title") == "关于市委巡察五组依法行政专项巡察整改进展情况的通报"
    type_text(dialog.form.widget("addressee"), "各处室、局属各单位")
    type_text(dialog.form.widget("sign_date"), "2022年10月11日")
    dialog.form.widget("red_header").setChecked(True)
    type_text(dialog.form.widget("issuer"), "中共南通市科学技术局党组文件")
    click(dialog, "刷新预览")
    _wait_tasks(qtbot)
    assert dialog.document.pageCount() >= 1
    kept = ctx.rectification.report_texts(seeded)
    assert kept.issuer == "中共南通市科学技术局党组文件" and kept.red_header

    out = tmp_path / "通报.pdf"
    monkeypatch.setattr("desktop_app.ui.dialogs.document_dialog.ask_save_path", lambda *a: out)
    monkeypatch.setattr("desktop_app.ui.dialogs.document_dialog.offer_file", lambda *a: None)
    click(dialog, "导出PDF…")
    _wait_tasks(qtbot)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "各处室、局属各单位" in text
    assert "2022年10月11日" in text and "中共南通市科学技术局党组" in text
    assert "二、问题整改情况" in text
    dialog.reject()

    again = ReportDialog(ctx, seeded)  # next week's report starts from these texts
    qtbot.addWidget(again)
    assert again.form.text("addressee") == "各处室、局属各单位"
    again.reject()


def test_print_through_qprinter_to_a_pdf_file(qtbot, ctx, seeded, tmp_path):
    from desktop_app.exports import rectification as export_specs

    source = tmp_path / "报告.pdf"
    pages = export_specs.write_report(ctx.db, source, seeded, options={"unsigned": True})
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "打印输出.pdf"
    printer.setOutputFileName(str(printed))
    dialog = print_preview.PdfPreviewDialog(source)
    qtbot.addWidget(dialog)
    assert dialog.document.pageCount() == pages
    finished: list = []
    dialog.start_printing(printer, finished.append)
    _wait_tasks(qtbot)
    assert finished == [pages]
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True).stdout
    assert re.search(rf"^Pages:\s+{pages}$", info, re.M)
    assert "(A4)" in info and "595 x 842" in info  # A4 portrait
    QApplication.processEvents()
