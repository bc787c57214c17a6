"""Start-up stays lean: the real entry point shows the window without loading what it
does not show. Each module below cost start-up time once (see the benchmark's 启动 figure);
these tests fail when a top-level import brings one back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop_app.domain.rectification import Inspection, Problem
from desktop_app.registers import REGISTERS
from desktop_app.storage.rectification.repo import RectificationRepo
from desktop_app.ui.main_window import HOME

# Loaded on first use, never to show the window.
NOT_AT_START = (
    "sqlite_utils",  # writes and migrations: ~70 ms, plus a scan of every installed package
    "importlib.metadata",
    "openpyxl",
    "reportlab",
    "PySide6.QtPdf",  # the report preview
    "logging.handlers",  # socket, pickle, queue: the log is rotated at start instead
    "desktop_app.exports",  # the export command's registry
    "desktop_app.ui.tasks",  # background work: runs after the window is up
    "desktop_app.ui.dialogs.form",  # every edit dialog: built when the clerk first opens one
    "desktop_app.ui.rectification.dialogs",
    "desktop_app.ui.dialogs.welcome",  # only on an empty database
    "desktop_app.ui.dialogs.maintenance",
    "desktop_app.ui.rectification.report_dialog",
    "desktop_app.ui.audit.page",
    # every register's write repository (json, hashlib, the evidence store) and exports
    *(register.repo_module for register in REGISTERS),
    *(register.exports_module for register in REGISTERS),
    # the window opens on the home page: every register's page is built when first visited
    *(register.page.partition(":")[0] for register in REGISTERS),
    "desktop_app.ui.rectification.escalation_dialog",  # 督办, 屡查屡犯, 回头看: on first use
    "desktop_app.ui.rectification.repeats_dialog",
    "desktop_app.ui.rectification.recheck_dialog",
    "desktop_app.ui.annual.dialog",
    "rapidfuzz",  # compares problems when one is entered or imported
    # the home page paints its tiles before it reads: the reads and the digest come after
    "desktop_app.ui.home.loader",
    "desktop_app.ui.home.digest",
    "desktop_app.storage.home",
    # the home page needs only the page base (ui/clerk_widget.py), not the list machinery
    "desktop_app.ui.register_page",
    "desktop_app.ui.table_model",
    "desktop_app.storage.query",
    "desktop_app.storage.settings",  # with the audit log's writer: read with the figures
    "desktop_app.storage.audit",
)
FIRST_PAGE = HOME.ref.partition(":")[0]

# `python -m desktop_app --db FILE`, with the event loop replaced by one pass that paints the
# window and reports what is loaded and shown. A module from `lazy_import` that has not run
# yet is still of LazyLoader's placeholder class: it does not count as loaded.
START = """
import json, sys
import PySide6.QtCore
from desktop_app import cli
from PySide6.QtWidgets import QApplication

def shown(app):
    app.processEvents()
    qt_namespace = "Qt" in vars(PySide6.QtCore)  # built by the first key sequence or Qt.X
    window = next(w for w in app.topLevelWidgets() if w.isVisible())
    history = ""
    if "--select" in sys.argv:  # then click the first problem, as the clerk would
        window.rectification.problem_view.selectRow(0)
        app.processEvents()
        history = window.rectification.detail.history.toPlainText()
    ran = sorted(n for n, m in sys.modules.items() if type(m).__name__ != "_LazyModule")
    app.processEvents()  # the turn after the first paint
    from PySide6.QtGui import QAction, QShortcut
    keys = [a.shortcut().toString() for a in window.findChildren(QAction)]
    keys += [s.key().toString() for s in window.findChildren(QShortcut)]
    print(json.dumps({"title": window.windowTitle(), "modules": ran, "history": history,
                      "qt_namespace": qt_namespace, "keys": sorted(k for k in keys if k)}))
    return 0

QApplication.exec = shown
sys.exit(cli.main(["--db", sys.argv[1]]))
"""


def _start(db_path: Path, *options: str) -> dict:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run(
        [sys.executable, "-c", START, str(db_path), *options],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_window_opens_without_loading_what_it_does_not_show(db, db_path: Path) -> None:
    RectificationRepo(db).add_inspection(Inspection(name="依法行政专项巡察", body="市委巡察五组"))
    db.close()
    started = _start(db_path)
    assert started["title"].startswith(db_path.name)
    loaded = set(started["modules"])
    assert FIRST_PAGE in loaded  # the first page is shown
    assert [name for name in NOT_AT_START if name in loaded] == []
    # The Qt namespace (~10 ms to build) waits until the window is painted; right after it,
    # the menu commands have their keys and F5 reloads the home page.
    assert started["qt_namespace"] is False
    assert {"Ctrl+I", "Ctrl+B", "Ctrl+Z", "F5"} <= set(started["keys"])


def test_showing_a_problem_reads_without_the_write_repository(db, db_path: Path) -> None:
    repo = RectificationRepo(db)
    insp = repo.add_inspection(Inspection(name="依法行政专项巡察", body="市委巡察五组"))
    repo.add_problem(Problem(description="行政执法公示不及时", inspection_id=insp))
    db.close()
    started = _start(db_path, "--select")
    assert "行政执法公示不及时" in started["history"]  # the detail pane shows the problem
    loaded = set(started["modules"])
    assert "sqlite_utils" not in loaded  # the first click pays for no write machinery
    assert "desktop_app.storage.rectification.repo" not in loaded
