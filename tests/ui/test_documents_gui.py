"""Documents as a clerk gets them: 本单位信息 on the first run, a signer asked for before an
unsigned document goes out, the report's scope, Word output and print preview of notices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from desktop_app.domain.personnel import CertificateEvent
from desktop_app.domain.rectification import Inspection, Measure, Problem
from desktop_app.storage.settings import read_agency_profile
from desktop_app.ui import tasks
from desktop_app.ui.dialogs import document_dialog
from desktop_app.ui.dialogs.document_dialog import DocumentDialog
from desktop_app.ui.dialogs.print_preview import PdfPreviewDialog
from desktop_app.ui.personnel.notice_dialog import renewal_notice_dialog
from desktop_app.ui.rectification.report_dialog import ReportDialog
from tests.personnel_factory import add_person, issue
from tests.ui.helpers import answer_modals as answer
from tests.ui.helpers import click, fill_and_save

PROFILE = {"signature": "中共南通市科学技术局党组", "printer": "南通市科学技术局办公室"}


def press(text: str) -> Callable[[QWidget], None]:
    return lambda w: next(b for b in w.findChildren(QPushButton) if b.text() == text).click()


def wait(qtbot) -> None:
    qtbot.waitUntil(lambda: tasks.running_tasks() == 0, timeout=30000)


@pytest.fixture
def inspections(ctx) -> list[int]:
    repo = ctx.rectification
    ids = []
    for name in ("市委巡察五组依法行政专项巡察", "2022年度预算执行审计"):
        insp = repo.add_inspection(Inspection(name=name, feedback_date=date(2022, 4, 19)))
        pid = repo.add_problem(Problem(description=f"{name}反馈的问题", inspection_id=insp))
        repo.add_measure(Measure(content="研究制定整改方案", problem_id=pid))
        ids.append(insp)
    return ids


@pytest.fixture
def saving_to(monkeypatch, tmp_path):
    """The save dialog answers with the path set in the returned list."""
    target: list[Path] = []
    monkeypatch.setattr(document_dialog, "ask_save_path", lambda *a: target[0])
    monkeypatch.setattr(document_dialog, "offer_file", lambda *a: None)
    return target


def test_first_run_asks_for_the_agency_profile(qtbot, window, ctx, settings_in_tmp):
    from desktop_app.ui.dialogs.welcome import START, offer_welcome

    answer(
        [
            (QWidget, lambda w: w.findChild(QPushButton, START).click()),
            (QWidget, fill_and_save({**PROFILE, "phone": "0513-55018889"})),
        ]
    )
    assert offer_welcome(window)
    profile = read_agency_profile(ctx.conn)
    assert profile.signer == "中共南通市科学技术局党组" and profile.phone == "0513-55018889"
    actions = [
        a.text()
        for m in window.menuBar().findChildren(type(window.export_menu))
        for a in m.actions()
    ]
    assert "本单位信息(&O)…" in actions


def test_an_unsigned_report_offers_the_profile_then_goes_out_signed_in_word(
    qtbot, ctx, inspections, saving_to, tmp_path
):
    dialog = ReportDialog(ctx, inspections[0])
    qtbot.addWidget(dialog)
    out = tmp_path / "通报.docx"
    saving_to.append(out)
    answer([(QMessageBox, press("填写本单位信息")), (QWidget, fill_and_save(PROFILE))])
    click(dialog, "导出Word…")
    qtbot.waitUntil(lambda: out.is_file(), timeout=30000)
    wait(qtbot)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs).replace("\u2060", "")
    assert "中共南通市科学技术局党组\n2022年10月11日" in text
    assert "南通市科学技术局办公室\t2022年10月11日印发" in text  # the 版记
    assert "截至2022年10月11日，共反馈问题1个、细化整改措施1项；" in text
    dialog.reject()


def test_the_report_covers_the_inspection_on_screen_unless_more_are_ticked(
    qtbot, ctx, inspections, saving_to, tmp_path
):
    ctx.settings.set_many({f"agency.{k}": v for k, v in PROFILE.items()})
    dialog = ReportDialog(ctx, inspections[1])
    qtbot.addWidget(dialog)
    assert dialog.ids == [inspections[1]]
    assert dialog.form.text("title") == "关于2022年度预算执行审计整改进展情况的通报"
    first = next(
        dialog.scope.item(i)
        for i in range(dialog.scope.count())
        if dialog.scope.item(i).data(Qt.ItemDataRole.UserRole) == inspections[0]
    )
    first.setCheckState(Qt.CheckState.Checked)
    assert sorted(dialog.ids) == sorted(inspections)
    assert dialog.form.text("title") == "关于巡察整改进展情况的通报"
    out = tmp_path / "合并.pdf"
    saving_to.append(out)
    click(dialog, "导出PDF…")
    qtbot.waitUntil(lambda: out.is_file(), timeout=30000)
    wait(qtbot)
    from tests.formats.gbt9704 import page_text

    text = "".join(page_text(out))
    assert "本次通报涉及2项检查" in text
    assert "2022年度预算执行审计" in text and "市委巡察五组依法行政专项巡察" in text
    dialog.reject()


def test_renewal_notice_previews_prints_and_exports(qtbot, ctx, saving_to, tmp_path):
    ctx.settings.set_many({f"agency.{k}": v for k, v in PROFILE.items()})
    repo = ctx.personnel
    person = add_person(repo, "赵即将", ctx.today())
    cert = issue(repo, person, "41060000001", date(2017, 12, 1), date(2022, 11, 20))
    repo.record_event(cert, CertificateEvent("年审", date(2022, 1, 5), person))
    dialog = renewal_notice_dialog(None, ctx, 60)
    qtbot.addWidget(dialog)
    click(dialog, "刷新预览")
    wait(qtbot)
    assert dialog.document.pageCount() == 2  # the notice and its 附件
    seen: list[str] = []
    answer([(PdfPreviewDialog, lambda w: (seen.append(w.windowTitle()), w.reject()))])
    click(dialog, "打印…")
    qtbot.waitUntil(lambda: bool(seen), timeout=30000)
    wait(qtbot)
    out = tmp_path / "换证通知.docx"
    saving_to.append(out)
    click(dialog, "导出Word…")
    qtbot.waitUntil(lambda: out.is_file(), timeout=30000)
    wait(qtbot)
    document = docx.Document(str(out))
    cells = "".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "赵即将" in cells and "41060000001" in cells.replace("\u2060", "")
    assert ctx.personnel.notice_texts()  # the texts are kept for next time
    dialog.reject()


def test_every_document_dialog_offers_pdf_word_and_print(qtbot, ctx, inspections):
    dialog = ReportDialog(ctx, inspections[0])
    qtbot.addWidget(dialog)
    names = {b.objectName() for b in dialog.findChildren(QPushButton)}
    assert {"刷新预览", "导出PDF…", "导出Word…", "打印…"} <= names
    assert isinstance(dialog, DocumentDialog)
    dialog.reject()
