"""A home tile opens the problem list of every inspection with its 所属巡察 column shown."""

from __future__ import annotations

from desktop_app.demo import create_demo
from desktop_app.ui.list_actions import ListActions
from desktop_app.ui.main_window import MainWindow


def _shown_titles(view) -> list[str]:
    return [spec.title for _i, spec in view.findChild(ListActions).shown_columns()]


def test_the_overdue_tile_shows_which_inspection_each_problem_is_in(
    qtbot, show, ctx, messages, monkeypatch
) -> None:
    create_demo(ctx.db, scale=1, today=ctx.today())
    monkeypatch.setattr(MainWindow, "start_automatic_backup", lambda self: None)
    window = show(MainWindow(ctx), (1366, 768))
    qtbot.waitUntil(lambda: window.home.loaded, timeout=30000)
    page = window.rectification  # built on one inspection: the column is hidden there
    assert page.inspection_id() is not None and "所属巡察" not in _shown_titles(page.problem_view)
    window.open_page("home")
    window.home.tiles["overdue"].click()
    assert page.inspection.currentIndex() == 0  # 全部巡察
    assert "所属巡察" in _shown_titles(page.problem_view)
    names = {page.problems.row(r)["inspection"] for r in range(page.problems.rowCount())}
    assert len(names) > 1  # the overdue problems of several inspections, each one named
