"""Every window and dialog fits a 1366x768 laptop screen with a taskbar, buttons in sight.

The windows are opened in a child process whose offscreen screen is the usable area of such a
laptop (1366x728: 768 less a 40-pixel taskbar); the test process keeps its own screen. Every
QDialog class of the application must be in the probe's list (found by walking ``ui``), so a
new dialog cannot escape the check.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

SCREEN = (1366, 728)  # 1366x768 less the taskbar
FRAME = (16, 40)  # the window frame Qt does not count in a widget's size
LIMIT = (SCREEN[0] - FRAME[0], SCREEN[1] - FRAME[1])
ROOT = Path(__file__).resolve().parents[2]


def dialog_classes() -> set[str]:
    """Names of the QDialog subclasses defined in ``desktop_app.ui`` (every module imported)."""
    from PySide6.QtWidgets import QDialog

    import desktop_app.ui as ui

    found: set[str] = set()
    for module_info in pkgutil.walk_packages(ui.__path__, "desktop_app.ui."):
        module = importlib.import_module(module_info.name)
        for name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, QDialog) and value.__module__ == module.__name__:
                found.add(name)
    return found


# -- the probe (runs in the child process) ----------------------------------------------
def _measure(widget: Any) -> dict[str, Any]:
    """Size of a shown window and the buttons that lie outside it or the screen."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QAbstractButton, QApplication

    QApplication.processEvents()
    screen = QRect(0, 0, *SCREEN)
    inside = QRect(QPoint(0, 0), widget.size())
    hidden = []
    for button in widget.findChildren(QAbstractButton):
        if not button.isVisibleTo(widget) or not button.text():
            continue
        rect = QRect(button.mapTo(widget, QPoint(0, 0)), button.size())
        on_screen = QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
        if not inside.contains(rect) or not screen.contains(on_screen):
            hidden.append(button.text())
    return {
        "size": [widget.width(), widget.height()],
        "hidden": hidden,
        "classes": _classes(widget),
    }


def _classes(widget: Any) -> list[str]:
    """The dialog classes a window is made of: its own and its bases, and embedded forms."""
    from PySide6.QtWidgets import QDialog

    parts = [widget, *widget.findChildren(QDialog)]
    return sorted({c.__name__ for w in parts for c in type(w).__mro__ if issubclass(c, QDialog)})


def _modal(opener: Callable[[], Any]) -> dict[str, Any]:
    """Open a modal dialog the way the application does; measure and close it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen: dict[str, Any] = {}

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or not widget.isVisible():
            QTimer.singleShot(20, poll)
            return
        seen.update(_measure(widget), title=widget.windowTitle())
        widget.reject()

    QTimer.singleShot(0, poll)
    opener()
    return seen


def _shown(widget: Any) -> dict[str, Any]:
    widget.show()
    result = {**_measure(widget), "title": widget.windowTitle()}
    widget.close()
    return result


def _long_form() -> Any:
    from desktop_app.ui.dialogs.form import FormDialog

    form = FormDialog("很长的表单")
    for n in range(40):
        form.add_text(f"f{n}", f"栏目{n}")
    return form.exec()


def _pdf(folder: Path) -> Path:
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    path = folder / "预览.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.drawText(100, 100, "整改进展情况通报")
    painter.end()
    return path


def _probes(ctx: Any, folder: Path) -> dict[str, Callable[[], dict[str, Any]]]:
    """Each window of the application, opened as the clerk opens it."""
    from desktop_app.domain.rectification import Inspection, Measure, Problem
    from desktop_app.storage.draws.repo import DrawsRepo
    from desktop_app.ui.annual.dialog import AnnualDialog
    from desktop_app.ui.dialogs import maintenance, rules
    from desktop_app.ui.dialogs.print_preview import PdfPreviewDialog
    from desktop_app.ui.dialogs.welcome import WelcomeDialog
    from desktop_app.ui.draws.plan_dialog import PlanDialog
    from desktop_app.ui.imports.wizard import ImportWizard
    from desktop_app.ui.list_actions import ListActions
    from desktop_app.ui.list_menus import ColumnDialog
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.rectification import dialogs
    from desktop_app.ui.rectification.escalation_dialog import EscalationDialog
    from desktop_app.ui.rectification.recheck_dialog import RecheckDialog
    from desktop_app.ui.rectification.repeats_dialog import RepeatsDialog
    from desktop_app.ui.rectification.report_dialog import ReportDialog
    from desktop_app.ui.training.attendees import AddAttendeesDialog

    repo = ctx.rectification
    insp = ctx.conn.execute("SELECT id FROM inspections ORDER BY id LIMIT 1").fetchone()[0]
    problem = ctx.conn.execute("SELECT id FROM problems ORDER BY id LIMIT 1").fetchone()[0]
    session = ctx.conn.execute("SELECT id FROM training_sessions LIMIT 1").fetchone()[0]
    window = MainWindow(ctx)
    window.page(1)  # a register page: its lists have column settings
    list_actions = window.findChildren(ListActions)
    groups = ("rectification", "personnel", "training", "agency", "fonts", "draws")
    return {
        "MainWindow": lambda: _shown(window),
        "新建巡察": lambda: _modal(lambda: dialogs.edit_inspection(window, repo, Inspection(""))),
        "新增问题": lambda: _modal(
            lambda: dialogs.edit_problem(window, repo, Problem("", inspection_id=insp), [])
        ),
        "新增措施": lambda: _modal(
            lambda: dialogs.edit_measure(window, repo, Measure("", problem_id=problem))
        ),
        "记录整改进展": lambda: _modal(
            lambda: dialogs.add_progress(window, repo, problem, repo.measures_of(problem))
        ),
        **{
            f"规则:{group}": (
                lambda g=group: _modal(lambda: rules.edit_settings(window, ctx.db, [g]))
            )
            for group in groups
        },
        "很长的表单": lambda: _modal(_long_form),
        "ReportDialog": lambda: _shown(ReportDialog(ctx, insp, window)),
        "EscalationDialog": lambda: _shown(EscalationDialog(ctx, window, inspection_id=insp)),
        "PdfPreviewDialog": lambda: _shown(PdfPreviewDialog(_pdf(folder), window)),
        "AnnualDialog": lambda: _shown(AnnualDialog(ctx, window)),
        "PlanDialog": lambda: _shown(PlanDialog(ctx, DrawsRepo(ctx.db), window)),
        "ColumnDialog": lambda: _shown(ColumnDialog(list_actions[0])),
        "AddAttendeesDialog": lambda: _shown(AddAttendeesDialog(window, ctx.db, session)),
        "RepeatsDialog": lambda: _shown(RepeatsDialog(ctx, insp, window)),
        "RecheckDialog": lambda: _shown(RecheckDialog(ctx, window)),
        "ImportWizard": lambda: _shown(ImportWizard(ctx, window)),
        "WelcomeDialog": lambda: _shown(WelcomeDialog(folder / "新.db", window)),
        "从备份恢复": lambda: _modal(lambda: maintenance.choose_backup(window, ctx)),
    }


def probe(folder: Path) -> dict[str, Any]:
    """Open every window on a demo database; their sizes and hidden buttons by name."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.demo import create_demo
    from desktop_app.storage.database import open_database
    from desktop_app.ui.app import open_context

    app = QApplication.instance() or QApplication([])
    db = open_database(folder / "演示.db")
    create_demo(db, 1, date(2024, 10, 11))
    db.close()
    ctx = open_context(folder / "演示.db")
    results: dict[str, Any] = {}
    for name, open_window in _probes(ctx, folder).items():
        try:
            results[name] = open_window()
        except Exception as exc:  # reported by the test, which names the window
            results[name] = {"error": f"{type(exc).__name__}: {exc}"}
    results["_classes"] = sorted(dialog_classes())
    del app
    return results


# -- the test -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def measured(tmp_path_factory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("screen")  # ASCII: the Qt platform string is Latin-1
    config = folder / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1]}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "LAWLEDGER_DATA_DIR": str(folder / "数据"),
        "XDG_CONFIG_HOME": str(folder / "设置"),
    }
    out = folder / "sizes.json"
    code = (
        "import json, pathlib, sys; from tests.ui.test_dialog_sizes import probe; "
        "pathlib.Path(sys.argv[2]).write_text(json.dumps(probe(pathlib.Path(sys.argv[1]))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(out.read_text())
    for name, result in results.items():  # shown with -s: what each window measured
        if isinstance(result, dict):
            print(name, result.get("size"), result.get("hidden"), result.get("error", ""))
    return results


def _windows() -> list[str]:
    from desktop_app.storage.settings import GROUPS

    groups = [g for g in ("rectification", "personnel", "training", "agency", "fonts", "draws")]
    assert set(groups) <= set(GROUPS)
    names = ["MainWindow", "新建巡察", "新增问题", "新增措施", "记录整改进展", "很长的表单"]
    names += [f"规则:{g}" for g in groups]
    names += ["ReportDialog", "EscalationDialog", "PdfPreviewDialog", "AnnualDialog", "PlanDialog"]
    names += ["ColumnDialog", "AddAttendeesDialog", "RepeatsDialog", "RecheckDialog"]
    names += ["ImportWizard", "WelcomeDialog", "从备份恢复"]
    return names


def test_every_dialog_class_is_probed(measured) -> None:
    probed = {c for m in measured.values() if isinstance(m, dict) for c in m.get("classes", [])}
    assert set(measured["_classes"]) - probed == set()


@pytest.mark.parametrize("name", _windows())
def test_the_window_fits_the_screen_with_its_buttons_in_sight(measured, name: str) -> None:
    result = measured[name]
    assert "error" not in result, result.get("error")
    width, height = result["size"]
    assert width <= LIMIT[0] and height <= LIMIT[1], f"{name}: {width}x{height} > {LIMIT}"
    assert result["hidden"] == [], f"{name}: buttons out of sight: {result['hidden']}"


def test_the_main_window_takes_the_laptop_screen_but_no_more(measured) -> None:
    assert measured["MainWindow"]["size"] == list(LIMIT)
