"""Pressing 取消 on an export or a print: no error box, no file, no ERROR in the log.

Each job is held at its first cancel check until the test has clicked the 取消 button of the
task's real progress dialog, exactly as if the clerk pressed it while the job was running.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from desktop_app import logs
from desktop_app.demo import create_demo
from desktop_app.exports import get_export, load_all
from desktop_app.ui import exporting, tasks
from desktop_app.ui.dialogs import document_dialog, print_preview
from desktop_app.ui.rectification.page import RectificationPage
from desktop_app.ui.rectification.report_dialog import ReportDialog
from tests.ui.helpers import click, fill_and_save, on_next_modal

WAIT_MS = 20000


class ClerkCancels:
    """Holds a task at its first cancel check until 取消 is clicked on its progress dialog."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.asked = threading.Event()
        real = tasks.TaskProgress.cancelled

        def cancelled(progress: tasks.TaskProgress) -> bool:
            if not self.asked.is_set():
                self.asked.set()
                deadline = time.monotonic() + WAIT_MS / 1000
                while not real(progress) and time.monotonic() < deadline:
                    time.sleep(0.005)  # the job is "running" while the clerk reaches for 取消
            return real(progress)

        monkeypatch.setattr(tasks.TaskProgress, "cancelled", cancelled)

    def press_cancel(self, qtbot, parent: QWidget) -> None:
        """Once the job asks, click 取消 on the progress dialog of ``parent``'s task."""
        qtbot.waitUntil(self.asked.is_set, timeout=WAIT_MS)
        dialogs = parent.findChildren(QProgressDialog)
        assert len(dialogs) == 1, "one task, one progress dialog"
        button = next(b for b in dialogs[0].findChildren(QPushButton) if b.text() == "取消")
        button.click()
        qtbot.waitUntil(lambda: tasks.running_tasks() == 0, timeout=WAIT_MS)


@pytest.fixture
def clerk(monkeypatch) -> ClerkCancels:
    return ClerkCancels(monkeypatch)


@pytest.fixture
def new_log() -> Iterator[Callable[[], str]]:
    """What this test adds to the application's log file (set up as the CLI sets it up)."""
    path = logs.setup_logging()
    start = path.stat().st_size if path.exists() else 0

    def read() -> str:
        return path.read_bytes()[start:].decode("utf-8") if path.exists() else ""

    yield read


@pytest.fixture
def demo_ctx(ctx):
    """The context on a database holding the demo data of every register."""
    create_demo(ctx.db, scale=1)
    return ctx


def assert_quietly_cancelled(messages, new_log: Callable[[], str], folder: Path) -> None:
    """No error or warning box, nothing left in the folder, an INFO line and no ERROR."""
    assert [kind for kind, _ in messages.shown if kind in ("critical", "warning")] == []
    assert not any("操作失败" in text for text in messages.texts())
    assert sorted(p.name for p in folder.iterdir()) == []
    log_text = new_log()
    assert "cancelled by the user" in log_text  # the log is written, and says what happened
    assert [line for line in log_text.splitlines() if " ERROR " in line] == []
    assert "Traceback" not in log_text


def _save_to(monkeypatch, tmp_path: Path, name: str, module) -> tuple[Path, Path, list]:
    """Exports from ``module`` go to a new folder's ``name``; what is offered is listed."""
    folder = tmp_path / "导出 文件"
    folder.mkdir()
    out, offered = folder / name, []
    monkeypatch.setattr(module, "ask_save_path", lambda *a, **k: out)
    monkeypatch.setattr(module, "offer_file", lambda _p, path, *a: offered.append(path))
    return folder, out, offered


def _latest_session(ctx) -> tuple[int, int]:
    """The id and year of the latest training session that has attendees."""
    session, year = ctx.db.execute(
        "SELECT s.id, substr(s.date, 1, 4) FROM training_sessions s"
        " WHERE EXISTS (SELECT 1 FROM training_attendance a WHERE a.session_id = s.id)"
        " ORDER BY s.date DESC LIMIT 1"
    ).fetchone()
    return session, int(year)


# Options for every registered export that give it something to write on the demo data.
OPTIONS: dict[str, Callable[..., dict]] = {
    "rectification-ledger": lambda ctx: {"inspection": None, "since": None},
    "rectification-report": lambda ctx: {"inspection": None},
    "personnel-ledger": lambda ctx: {"year": None, "full-id": False},
    "renewal-notice": lambda ctx: {"within": 3650},
    "training-ledger": lambda ctx: {"year": _latest_session(ctx)[1]},
    "signin-sheet": lambda ctx: {"session": _latest_session(ctx)[0]},
    "training-notice": lambda ctx: {"session": _latest_session(ctx)[0]},
    "annual-figures": lambda ctx: {"year": ctx.today().year},
    "annual-report": lambda ctx: {"year": ctx.today().year},
    "escalation-notice": lambda ctx: {"department": _late_department(ctx), "record": True},
    "recheck-ledger": lambda ctx: {"round": _recheck_round(ctx)},
    "draw-record": lambda ctx: {"draw": _current_draw(ctx)[0]},
    "draw-notice": lambda ctx: {"draw": _current_draw(ctx)[0]},
    "draw-publicity": lambda ctx: {"year": _current_draw(ctx)[1]},
    "draw-publicity-pdf": lambda ctx: {"year": _current_draw(ctx)[1]},
}


def _current_draw(ctx) -> tuple[int, int]:
    """The id and year of the demo's latest draw in force (not replaced by a redraw)."""
    from desktop_app.storage.draws import queries

    draw_id = max(r[0] for r in ctx.conn.execute("SELECT id FROM draws"))
    return draw_id, queries.get_draw(ctx.conn, draw_id).plan.year


def _late_department(ctx) -> str:
    """A department with late items in the demo data, on the day the export runs."""
    from datetime import date

    from desktop_app.storage.rectification.escalations import late_departments

    return late_departments(ctx.conn, date.today(), ctx.warning_rules())[0][0]


def _recheck_round(ctx) -> int:
    """A 回头看 round over the demo's signed-off problems."""
    from desktop_app.domain.repeats import RecheckRound
    from desktop_app.storage.rectification.rechecks import RecheckRepo

    return RecheckRepo(ctx.db).add_round(RecheckRound(name="整改回头看"))


def test_every_registered_export_is_cancelled_below() -> None:
    assert set(OPTIONS) == set(load_all()), "give every registered export its options in OPTIONS"


@pytest.mark.parametrize("name", list(OPTIONS))
def test_cancel_any_export(qtbot, demo_ctx, clerk, messages, new_log, monkeypatch, tmp_path, name):
    spec = get_export(name)
    folder, out, offered = _save_to(monkeypatch, tmp_path, f"{spec.title}{spec.suffix}", exporting)
    parent = QWidget()
    qtbot.addWidget(parent)
    exporting.run_export(parent, demo_ctx, name, OPTIONS[name](demo_ctx), spec.title, out=out)
    clerk.press_cancel(qtbot, parent)
    assert offered == []
    assert not out.exists()
    assert_quietly_cancelled(messages, new_log, folder)


def test_cancel_the_ledger_export_from_the_page(
    qtbot, demo_ctx, clerk, messages, new_log, monkeypatch, tmp_path
):
    folder, out, offered = _save_to(monkeypatch, tmp_path, "台账.xlsx", exporting)
    page = RectificationPage(demo_ctx)
    qtbot.addWidget(page)
    on_next_modal(fill_and_save({"scope": "全部巡察"}))
    click(page, "导出台账")
    clerk.press_cancel(qtbot, page)
    assert offered == [] and not out.exists()
    assert_quietly_cancelled(messages, new_log, folder)


def test_cancel_the_report_pdf_from_its_dialog(
    qtbot, demo_ctx, clerk, messages, new_log, monkeypatch, tmp_path
):
    folder, out, offered = _save_to(monkeypatch, tmp_path, "通报.pdf", document_dialog)
    dialog = ReportDialog(demo_ctx, None)
    qtbot.addWidget(dialog)
    click(dialog, "导出PDF…")
    clerk.press_cancel(qtbot, dialog)
    assert offered == [] and not out.exists()
    assert_quietly_cancelled(messages, new_log, folder)
    dialog.reject()


def test_cancel_printing(qtbot, demo_ctx, clerk, messages, new_log, tmp_path):
    from desktop_app.exports import rectification as export_specs

    source = tmp_path / "报告.pdf"
    export_specs.write_report(demo_ctx.db, source, None)
    folder = tmp_path / "打印 输出"
    folder.mkdir()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(folder / "打印.pdf"))
    dialog = print_preview.PdfPreviewDialog(source)
    qtbot.addWidget(dialog)
    finished: list = []
    dialog.start_printing(printer, finished.append)
    clerk.press_cancel(qtbot, dialog)
    assert finished == []  # not reported as printed
    assert_quietly_cancelled(messages, new_log, folder)
