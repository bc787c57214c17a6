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
from tests.formats import gbt9704 as G
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

    text = "".join(G.page_text(out))
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


# -- every document dialog previews and prints, as the report does --------------------------
def _latest_session(ctx) -> int:
    return ctx.conn.execute(
        "SELECT s.id FROM training_sessions s WHERE EXISTS"
        " (SELECT 1 FROM training_attendance a WHERE a.session_id = s.id)"
        " ORDER BY s.date DESC LIMIT 1"
    ).fetchone()[0]


def _draw(ctx) -> tuple[int, int]:
    from desktop_app.storage.draws import queries

    draw_id = max(r[0] for r in ctx.conn.execute("SELECT id FROM draws"))
    return draw_id, queries.get_draw(ctx.conn, draw_id).plan.year


def _training(factory: str) -> Callable:
    def open_dialog(ctx) -> DocumentDialog:
        from desktop_app.storage.training.queries import get_session
        from desktop_app.ui.training import document_dialogs

        session = _latest_session(ctx)
        found = get_session(ctx.conn, session)
        return getattr(document_dialogs, factory)(None, ctx, session, found)

    return open_dialog


def _draws(factory: str) -> Callable:
    def open_dialog(ctx) -> DocumentDialog:
        from desktop_app.ui.draws import document_dialogs

        draw_id, year = _draw(ctx)
        return getattr(document_dialogs, factory)(
            None, ctx, year if factory == "publicity_dialog" else draw_id
        )

    return open_dialog


def _escalation(ctx) -> DocumentDialog:
    from desktop_app.ui.rectification.escalation_dialog import EscalationDialog

    return EscalationDialog(ctx)


def _annual(ctx) -> DocumentDialog:
    from desktop_app.ui.annual.dialog import report_dialog

    return report_dialog(ctx, ctx.today().year - 1)


# (dialog, how it is opened, words its first page shows)
DIALOGS = [
    ("整改进展情况通报", lambda ctx: ReportDialog(ctx, 1), "整改进展情况"),
    ("换证和年审通知", lambda ctx: renewal_notice_dialog(None, ctx, 120), "换证"),
    ("培训通知", _training("notice_dialog"), "通知"),
    ("签到表", _training("signin_dialog"), "签到表"),
    ("督办文书", _escalation, "督办"),
    ("抽取记录", _draws("record_dialog"), "抽取记录"),
    ("检查任务通知", _draws("notice_dialog"), "通知"),
    ("结果公示", _draws("publicity_dialog"), "公示"),
    ("法治政府建设情况报告", _annual, "法治政府建设"),
]


@pytest.fixture
def demo_ctx(ctx):
    """The context on the demo data of every register (本单位信息 filled in), dated today."""
    from desktop_app.demo import create_demo

    create_demo(ctx.db, scale=1)
    ctx.today_override = date.today()
    return ctx


@pytest.mark.parametrize(("title", "open_dialog", "words"), DIALOGS, ids=[d[0] for d in DIALOGS])
def test_every_document_dialog_previews_and_prints(
    qtbot, demo_ctx, monkeypatch, tmp_path, title, open_dialog, words
):
    from desktop_app.ui.dialogs.document_dialog import PREVIEW, PRINT

    dialog = open_dialog(demo_ctx)
    qtbot.addWidget(dialog)
    assert {PREVIEW, PRINT} <= {b.objectName() for b in dialog.findChildren(QPushButton)}
    click(dialog, PREVIEW)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("预览已更新"), timeout=60000)
    wait(qtbot)
    pages = G.page_count(dialog.preview_path)
    assert dialog.status.text() == f"预览已更新,共 {pages} 页。"
    qtbot.waitUntil(lambda: dialog.document.pageCount() == pages, timeout=30000)
    first = G.page_text(dialog.preview_path)[0]
    assert words in first, first[:200]
    seen: list[tuple[int, str]] = []

    def look(preview: QWidget) -> None:
        seen.append((preview.document.pageCount(), preview.pages.text()))
        preview.reject()

    answer([(PdfPreviewDialog, look)])
    click(dialog, PRINT)
    qtbot.waitUntil(lambda: bool(seen), timeout=60000)
    wait(qtbot)
    assert seen == [(pages, f"共 {pages} 页")], title  # the print preview shows what was set
    if type(dialog).export is DocumentDialog.export:  # (督办 records what it exports)
        offered: list[str] = []
        out = tmp_path / f"{title}.pdf"
        monkeypatch.setattr(document_dialog, "ask_save_path", lambda *a: out)
        monkeypatch.setattr(document_dialog, "offer_file", lambda _w, _p, t: offered.append(t))
        click(dialog, document_dialog.EXPORT_PDF)
        qtbot.waitUntil(lambda: bool(offered), timeout=60000)
        wait(qtbot)
        assert offered == [f"共 {pages} 页"]  # pages, never the export's count of rows
    dialog.reject()
