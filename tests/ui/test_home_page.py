"""The home page as a clerk meets it: what is due, each tile and reminder opening its list."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.demo import create_demo
from desktop_app.domain.rectification import Problem
from desktop_app.storage.personnel import queries as roster_queries
from desktop_app.storage.rectification import queries
from desktop_app.ui.main_window import MainWindow


@pytest.fixture
def demo_window(show, ctx, messages, monkeypatch):
    """The main window on the demo data of ``ctx``'s day, its home page read."""
    create_demo(ctx.db, scale=1, today=ctx.today())
    monkeypatch.setattr(MainWindow, "start_automatic_backup", lambda self: None)
    return show(MainWindow(ctx), (1366, 768))


def _loaded(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.home.loaded, timeout=30000)


@pytest.fixture
def window(qtbot, demo_window) -> MainWindow:
    """The demo's main window once its home page is read."""
    _loaded(qtbot, demo_window)
    return demo_window


def _value(window: MainWindow, key: str) -> int:
    return int(window.home.tiles[key].value.text())


def _clicked(window: MainWindow, key: str, page: object) -> int:
    """Click a tile, which shows ``page``: the figure the tile showed."""
    expected = _value(window, key)
    window.home.tiles[key].click()
    assert window.stack.currentWidget() is page
    return expected


def test_the_window_opens_on_the_home_page_with_the_days_work(qtbot, demo_window, messages):
    window = demo_window
    assert window.stack.currentWidget() is window.home
    _loaded(qtbot, window)
    home = window.home
    assert _value(window, "overdue") > 0 and _value(window, "stalled") > 0
    assert home.tiles["rate"].value.text().endswith("%")
    assert home.digest.count() == len(home.reminder_list) > 0
    ranks = [r.rank for r in home.reminder_list]
    assert ranks == sorted(ranks, reverse=True)  # the most urgent first
    assert home.charts is not None and len(home.charts.titles()) == 4
    assert messages.shown == []  # one digest on the page, never a pop-up


@pytest.mark.parametrize("key", ["open", "overdue", "near", "stalled"])
def test_a_rectification_tile_opens_the_list_it_counts(qtbot, window, key):
    page = window.rectification
    expected = _clicked(window, key, page)
    assert page.inspection.currentIndex() == 0  # all inspections
    assert page.problems.rowCount() == expected
    assert f"共 {expected} 个问题" in page.summary.text()


@pytest.mark.parametrize("key", ["expired", "expiring", "review", "cancel"])
def test_a_certificate_tile_opens_the_roster_it_counts(qtbot, window, key):
    page = window.personnel
    expected = _clicked(window, key, page)
    assert page.roster.rowCount() == expected
    warning = window.home.tiles[key].title.text()
    rows = [page.roster.row(i)["warning"] for i in range(min(expected, 20))]
    assert set(rows) <= {warning}


def test_the_training_tiles_open_the_year_and_its_short_officers(qtbot, window):
    year = window.home.data.staff.year
    window.home.tiles["sessions"].click()
    page = window.training
    assert page.year.currentData() == year
    assert page.sessions.rowCount() == int(window.home.tiles["sessions"].value.text().split()[0])
    window.home.open_target(window.home.tiles["short"].target)
    assert page.tabs.currentIndex() == 1 and page.persons.short_only.isChecked()
    assert page.persons.model.rowCount() == _value(window, "short")


def test_a_reminder_opens_its_problem_and_measure(qtbot, window):
    home = window.home
    row = next(i for i, r in enumerate(home.reminder_list) if r.target.measure is not None)
    target = home.reminder_list[row].target
    home.open_reminder(row)
    page = window.rectification
    assert window.stack.currentWidget() is page
    assert page.selected_problem() == target.record
    assert page.detail.selected_measure() == target.measure
    problem = queries.get_problem(window.ctx.conn, target.record)
    assert page.inspection_id() == problem.inspection_id


def test_a_certificate_reminder_opens_its_person(qtbot, window):
    home = window.home
    row = next(i for i, r in enumerate(home.reminder_list) if r.target.page == "personnel")
    home.open_reminder(row)
    assert window.personnel.selected_person() == home.reminder_list[row].target.record


def test_the_page_follows_changes_and_says_when_a_report_is_due(qtbot, window, ctx):
    before = _value(window, "open")
    inspection = queries.list_inspections(ctx.conn)[0].id
    with ctx.changes.batch():
        ctx.rectification.add_problem(Problem(description="新发现的问题", inspection_id=inspection))
    qtbot.waitUntil(lambda: window.home.loaded and _value(window, "open") == before + 1)


def test_the_home_page_fits_a_1366x768_laptop_without_a_scroll(qtbot, window) -> None:
    from PySide6.QtWidgets import QScrollArea

    window.resize(1350, 688)  # 1366x768 less the window frame and the taskbar
    qtbot.waitUntil(lambda: window.height() == 688)
    scroll = window.home.findChild(QScrollArea)
    qtbot.wait(50)  # the layout settles
    assert not scroll.verticalScrollBar().isVisible()
    charts = window.home.charts
    assert charts.visibleRegion().boundingRect().height() == charts.height()  # none cut


def test_the_annual_report_deadline_and_an_old_backup_are_in_the_digest(ctx):
    from datetime import date, datetime

    from desktop_app.domain import home

    [due] = home.annual_report_reminders(date(2025, 2, 20))
    assert "2024年度法治政府建设年度报告应于3月1日前报送(还有 9 天)" in due.text
    [published] = home.annual_report_reminders(date(2025, 3, 10))
    assert "4月1日前公开" in published.text
    assert home.annual_report_reminders(date(2025, 4, 2)) == []
    assert home.backup_reminder(datetime(2025, 3, 1, 9), date(2025, 3, 5)) is None
    old = home.backup_reminder(datetime(2025, 3, 1, 9), date(2025, 3, 20))
    assert old is not None and "19 天前" in old.text


# The charts module is not loaded before the figures are read (after the window is up).
CHARTS_LATER = """
import json, sys
from pathlib import Path
from desktop_app.ui.app import application, open_context
from desktop_app.ui.main_window import MainWindow
app = application()
ctx = open_context(Path(sys.argv[1]))
MainWindow.start_automatic_backup = lambda self: None
window = MainWindow(ctx)
window.show()
before = "PySide6.QtCharts" in sys.modules
import time
start = time.time()
while not window.home.loaded and time.time() - start < 60:
    app.processEvents()
    time.sleep(0.01)
print(json.dumps({"before": before, "after": "PySide6.QtCharts" in sys.modules}))
"""


def test_qtcharts_is_loaded_with_the_charts_not_with_the_window(ctx) -> None:
    path = ctx.db_path
    create_demo(ctx.db, scale=1, today=ctx.today())
    ctx.close()
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CHARTS_LATER, str(path)],
        capture_output=True, text=True, env=env, timeout=120, check=True,
    )  # fmt: skip
    assert json.loads(result.stdout.splitlines()[-1]) == {"before": False, "after": True}


def test_roster_counts_are_the_tiles(ctx) -> None:
    from desktop_app.storage import home

    create_demo(ctx.db, scale=1, today=ctx.today())
    rules = ctx.personnel.rules()
    training = home.training_home(ctx.conn, ctx.today(), ctx.training.rules())
    staff = home.with_training(home.staff_home(ctx.conn, ctx.today(), rules), training)
    summary = roster_queries.summary(
        ctx.conn, roster_queries.RosterFilter(), ctx.today(), rules, ctx.today().year
    )
    assert staff.warnings == {k: v for k, v in summary.warnings.items()}
    valid, _expiries = home.certificates_in_force(ctx.conn, ctx.today())
    assert valid == {k: v["有效"] for k, v in summary.by_kind.items()}
    from desktop_app.storage.settings import read_training_rules
    from desktop_app.storage.training.queries import year_figures

    figures = year_figures(ctx.conn, ctx.today().year, read_training_rules(ctx.conn))
    assert (staff.short, staff.required, staff.sessions) == (
        figures.short,
        figures.holders,
        figures.sessions,
    )
    assert staff.person_hours == figures.person_hours
