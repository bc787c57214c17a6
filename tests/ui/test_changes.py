"""Pages hear about changes: an edit on one page shows on every page that shows its records,
at once when visible, when next shown otherwise (issue 11)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.rectification import Inspection, Problem
from desktop_app.domain.training import TrainingSession
from desktop_app.storage.personnel.repo import PersonnelRepo
from desktop_app.storage.training.repo import TrainingRepo
from desktop_app.ui.main_window import MainWindow, page_index
from tests.personnel_factory import add_person, issue
from tests.ui.helpers import click, fill_and_save, on_next_modal

RECTIFICATION, PERSONNEL, TRAINING, AUDIT = (
    page_index(key) for key in ("rectification", "personnel", "training", "audit")
)


@pytest.fixture
def course(ctx) -> dict[str, int]:
    """Two certificate holders on the list of one 24-hour course of this year."""
    today, persons, training = ctx.today(), PersonnelRepo(ctx.db), TrainingRepo(ctx.db)
    people = {name: add_person(persons, name, today) for name in ("王建国", "李明")}
    for n, person in enumerate(people.values()):
        issue(persons, person, f"T{n}", date(today.year - 1, 3, 1))
    session = training.add_session(
        TrainingSession(
            title="执法业务培训", date=date(today.year, 6, 1), kind="执法业务培训", hours=24
        )
    )
    training.add_attendees(session, list(people.values()))
    return {"session": session, **people}


def _column(model, key: str) -> list:
    return [model.row(r)[key] for r in range(model.rowCount())]


def _hours(page) -> dict[str, str]:
    return {
        row["name"]: row["year_hours"]
        for row in map(page.roster.row, range(page.roster.rowCount()))
    }


def _show(window: MainWindow, index: int):
    window.nav.setCurrentRow(index)
    return window.page(index)


def test_renamed_person_shows_on_the_training_page(qtbot, window, ctx, course) -> None:
    training = _show(window, TRAINING)
    training.select_session(course["session"])
    assert sorted(_column(training.attendance.model, "name")) == ["李明", "王建国"]

    personnel = _show(window, PERSONNEL)
    personnel.view.selectRow(_column(personnel.roster, "name").index("王建国"))
    on_next_modal(fill_and_save({"name": "王建设"}))
    click(personnel, "编辑人员")
    assert "王建设" in _column(personnel.roster, "name")  # the page that edited, at once

    _show(window, TRAINING)
    assert sorted(_column(training.attendance.model, "name")) == ["李明", "王建设"]
    assert training.selected_session() == course["session"]  # the selection is kept


def test_roster_hours_follow_a_change_of_attendance(qtbot, window, ctx, course) -> None:
    personnel = _show(window, PERSONNEL)
    assert _hours(personnel) == {"王建国": "24 / 40 不足", "李明": "24 / 40 不足"}

    training = _show(window, TRAINING)
    training.select_session(course["session"])
    panel = training.attendance
    panel.view.selectRow(_column(panel.model, "name").index("李明"))
    click(panel, "标记缺席")
    assert "缺席 1 人" in panel.heading.text()

    _show(window, PERSONNEL)
    assert _hours(personnel) == {"王建国": "24 / 40 不足", "李明": "0 / 40 不足"}


def test_a_write_elsewhere_reaches_the_shown_page_once(qtbot, window, ctx) -> None:
    """A write outside a page's action (an import, a script) is told on the next turn of the
    event loop, once for a burst of writes."""
    page = _show(window, RECTIFICATION)
    calls: list[int] = []
    real = page.apply_filter
    page.apply_filter = lambda: (calls.append(1), real())[1]
    repo = ctx.rectification
    insp = repo.add_inspection(Inspection(name="审计反馈", kind="审计"))
    for n in range(3):
        repo.add_problem(Problem(description=f"问题{n}", inspection_id=insp))
    assert calls == []  # not in the middle of the burst
    qtbot.waitUntil(lambda: calls == [1])
    page.reload_inspections(select=insp)
    assert page.problems.rowCount() == 3


def test_the_audit_log_page_shows_new_entries_when_shown_again(qtbot, window, ctx) -> None:
    audit = _show(window, AUDIT)
    assert audit.model.rowCount() == 0
    _show(window, RECTIFICATION)
    on_next_modal(fill_and_save({"name": "市委巡察五组专项巡察"}))
    click(window.rectification, "新建巡察")
    _show(window, AUDIT)
    assert audit.model.rowCount() == 1


def test_an_edit_re_reads_the_page_and_its_pane_once(qtbot, window, ctx, monkeypatch) -> None:
    repo = ctx.rectification
    insp = repo.add_inspection(Inspection(name="巡察"))
    problem = repo.add_problem(Problem(description="问题", inspection_id=insp))
    page = _show(window, RECTIFICATION)
    page.reload_inspections(select=insp)
    page.select_problem(problem)
    reads: list[str] = []
    for widget, method in ((page, "apply_filter"), (page.detail, "load")):
        real = getattr(widget, method)
        monkeypatch.setattr(widget, method, lambda real=real, m=method: (reads.append(m), real()))
    on_next_modal(fill_and_save({"leader": "分管副局长"}))
    click(page, "编辑问题")
    assert reads == ["apply_filter", "load"]
    assert page.problems.row(0)["leader"] == "分管副局长"
    assert page.selected_problem() == problem
