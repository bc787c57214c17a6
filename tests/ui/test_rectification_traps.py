"""The clerk's traps on the rectification page: 销号 refused up front with the reason, and
deletes that would remove signed-off items refused before any question."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop_app.domain.rectification import Inspection, Measure, Problem, SignOff, Status
from desktop_app.ui.rectification.page import RectificationPage
from tests.ui.helpers import click, fill_and_save, on_next_modal

DONE = {"status": Status.COMPLETED, "completion_date": date(2022, 5, 1)}


@pytest.fixture
def page(show, ctx):
    return show(RectificationPage(ctx), (1300, 760))


@pytest.fixture
def seeded(ctx) -> dict[str, int]:
    repo = ctx.rectification
    ids = {"insp": repo.add_inspection(Inspection(name="市委第五巡察组巡察"))}
    ids["p"] = repo.add_problem(Problem(description="合法性审查不到位", inspection_id=ids["insp"]))
    ids["m1"] = repo.add_measure(Measure("修订合法性审查办法", problem_id=ids["p"], **DONE))
    ids["m2"] = repo.add_measure(
        Measure("开展合同清理", problem_id=ids["p"], status=Status.IN_PROGRESS)
    )
    return ids


def _dialogs_opened(parent) -> list[str]:
    """Titles of modal dialogs that open from now on (each closed at once)."""
    opened: list[str] = []
    timer = QTimer(parent)

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is not None and widget.isVisible():
            opened.append(widget.windowTitle())
            widget.reject()

    timer.timeout.connect(poll)
    timer.start(20)
    return opened


def _attach_through_the_pane(page, monkeypatch, tmp_path: Path, measure_row: int | None) -> None:
    source = tmp_path / "整改会议纪要.pdf"
    source.write_bytes(b"%PDF-1.7 minutes")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(source)], ""))
    )
    if measure_row is None:
        page.detail.measure_view.clearSelection()
    click(page.detail, "添加佐证材料")


def test_sign_off_is_refused_before_the_form_naming_what_blocks_it(
    qtbot, page, ctx, messages, seeded, monkeypatch, tmp_path
):
    page.reload_inspections(select=seeded["insp"])
    page.select_problem(seeded["p"])
    opened = _dialogs_opened(page)
    click(page, "问题销号")
    assert opened == []  # the clerk fills in nothing that cannot be saved
    [warning] = messages.texts("warning")
    assert "该问题暂不能销号" in warning
    assert "措施2:开展合同清理(整改中)" in warning and "修订合法性审查办法" not in warning
    assert "尚未添加佐证材料" in warning
    assert ctx.rectification.get_problem(seeded["p"]).signoff is None

    repo = ctx.rectification
    repo.update_measure(Measure("开展合同清理", problem_id=seeded["p"], id=seeded["m2"], **DONE))
    _attach_through_the_pane(page, monkeypatch, tmp_path, None)
    page.select_problem(seeded["p"])
    on_next_modal(fill_and_save({"date": "2022-10-09", "remark": "资料齐全"}))
    click(page, "问题销号")
    signoff = repo.get_problem(seeded["p"]).signoff
    assert (signoff.date, signoff.remark) == (date(2022, 10, 9), "资料齐全")


def test_deleting_a_problem_with_a_signed_off_measure_is_refused_naming_it(
    qtbot, page, ctx, messages, seeded, tmp_path
):
    repo = ctx.rectification
    source = tmp_path / "纪要.pdf"
    source.write_bytes(b"%PDF-1.7")
    repo.evidence.add(seeded["p"], seeded["m1"], source)
    repo.sign_off("measure", seeded["m1"], SignOff(date(2022, 5, 6), "局整改工作组"))
    page.reload_inspections(select=seeded["insp"])
    page.select_problem(seeded["p"])
    opened = _dialogs_opened(page)
    click(page, "删除问题")
    assert opened == []
    assert messages.texts("question") == []  # refused, not asked
    [warning] = messages.texts("warning")
    assert "措施1:修订合法性审查办法(已于 2022-05-06 销号)" in warning
    assert "撤销销号" in warning
    assert len(repo.measures_of(seeded["p"])) == 2

    click(page, "删除巡察")
    assert opened == []
    assert "巡察“市委第五巡察组巡察”下有 1 个已销号的问题或措施" in messages.texts("warning")[-1]
    assert repo.get_inspection(seeded["insp"]).name == "市委第五巡察组巡察"


def test_a_problem_without_signed_off_items_is_deleted_after_the_question(
    qtbot, page, ctx, messages, seeded
):
    page.reload_inspections(select=seeded["insp"])
    page.select_problem(seeded["p"])
    click(page, "删除问题")
    assert messages.texts("warning") == []
    assert any("确定删除所选问题" in t for t in messages.texts("question"))
    assert ctx.conn.execute("SELECT count(*) FROM problems").fetchone() == (0,)


def test_a_measure_s_sign_off_is_refused_before_its_form_too(qtbot, page, ctx, messages, seeded):
    page.reload_inspections(select=seeded["insp"])
    page.select_problem(seeded["p"])
    page.detail.measure_view.selectRow(1)  # 措施2 开展合同清理: 整改中
    assert page.detail.selected_measure() == seeded["m2"]
    opened = _dialogs_opened(page)
    click(page.detail, "措施销号")
    assert opened == []
    [warning] = messages.texts("warning")
    assert warning.startswith("该措施暂不能销号")
    assert "措施状态为“整改中”" in warning and "该措施尚未添加佐证材料" in warning
