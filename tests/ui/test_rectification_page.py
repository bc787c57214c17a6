"""The rectification page driven as a clerk would: dialogs, filters, sign-off."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain.rectification import Inspection, Measure, Problem, Status
from desktop_app.storage.rectification.queries import list_inspections
from desktop_app.ui.rectification.page import RectificationPage
from tests.ui.helpers import click, fill_and_save, fill_form, on_next_modal, press_save, type_text


@pytest.fixture
def page(show, ctx):
    return show(RectificationPage(ctx), (1300, 800))


def _audit_count(ctx) -> int:
    return ctx.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def test_clerk_enters_inspection_problem_and_measures(qtbot, page, ctx, messages):
    on_next_modal(
        fill_and_save(
            {
                "name": "市委巡察五组依法行政专项巡察",
                "kind": "专项巡察",
                "body": "市委巡察五组",
                "onsite_start": "2022年2月16日",
                "onsite_end": "2022.3.16",
                "feedback_date": "20220419",
                "plan_doc_no": "通科党﹝2022﹞16号",
            }
        )
    )
    click(page, "新建巡察")
    inspections = list_inspections(ctx.conn)
    assert [i.name for i in inspections] == ["市委巡察五组依法行政专项巡察"]
    assert inspections[0].feedback_date == date(2022, 4, 19)
    assert inspections[0].report_due == date(2022, 6, 19)  # feedback + 2 months
    assert page.inspection_id() == inspections[0].id

    on_next_modal(
        fill_and_save(
            {
                "category": "贯彻习近平法治思想不到位",
                "description": "研究制定2022年度法治工作要点😀𠀀",
                "leader": "分管副局长",
                "lead_dept": "政策法规处",
                "deadline": "2022/6/30",
            }
        )
    )
    click(page, "新增问题")
    assert page.problems.rowCount() == 1
    page.problem_view.selectRow(0)
    problem_id = page.selected_problem()
    problem = ctx.rectification.get_problem(problem_id)
    assert problem.description == "研究制定2022年度法治工作要点😀𠀀"
    assert problem.deadline == date(2022, 6, 30)

    on_next_modal(fill_and_save({"content": "局党组会研究通过年度法治工作要点"}))
    click(page.detail, "新增措施")
    on_next_modal(
        fill_and_save({"content": "组织全员完成主题教育考试", "completion_way": "即知即改"})
    )
    click(page.detail, "新增措施")
    measures = ctx.rectification.measures_of(problem_id)
    assert [m.content for m in measures] == [
        "局党组会研究通过年度法治工作要点",
        "组织全员完成主题教育考试",
    ]
    assert measures[0].leader == "分管副局长"  # inherited from the problem
    assert measures[1].status == Status.COMPLETED  # 即知即改 completes on the spot
    assert ctx.rectification.get_problem(problem_id).status == Status.IN_PROGRESS
    assert page.detail.measures.rowCount() == 2
    assert "共 1 个问题、2 项措施" in page.summary.text()


def test_bad_date_is_refused_naming_the_field_and_saves_nothing(qtbot, page, ctx, messages):
    before = _audit_count(ctx)

    def fill_bad(dialog):
        fill_form(dialog, {"name": "审计", "feedback_date": "2022-13-45"})
        press_save(dialog)
        assert dialog.isVisible()  # kept open for correction
        dialog.reject()

    on_next_modal(fill_bad)
    click(page, "新建巡察")
    assert list_inspections(ctx.conn) == []
    assert _audit_count(ctx) == before
    assert any("反馈日期" in t for t in messages.texts("warning"))


def _seeded(ctx) -> tuple[int, list[int]]:
    repo = ctx.rectification
    insp = repo.add_inspection(Inspection(name="巡察", feedback_date=date(2022, 4, 19)))
    ids = []
    for n, (dept, deadline) in enumerate(
        [("政策法规处", date(2022, 6, 1)), ("办公室", date(2022, 10, 20)), ("人事处", None)]
    ):
        ids.append(
            repo.add_problem(
                Problem(
                    description=f"问题{n}:执法人员持证上岗",
                    inspection_id=insp,
                    lead_dept=dept,
                    deadline=deadline,
                    leader="局长" if n else "副局长",
                )
            )
        )
    return insp, ids


def test_filters_search_and_warning_colours(qtbot, page, ctx, messages):
    insp, ids = _seeded(ctx)
    page.reload_inspections(select=insp)
    assert page.problems.rowCount() == 3
    type_text(page.search, "问题1")
    qtbot.waitUntil(lambda: page.problems.rowCount() == 1)
    page.clear_filters()
    page.department.setCurrentIndex(page.department.findData("办公室"))
    assert page.problems.rowCount() == 1
    assert page.problems.row(0)["id"] == ids[1]
    page.clear_filters()
    page.warning.setCurrentIndex(page.warning.findData("逾期"))
    assert [page.problems.row(r)["id"] for r in range(page.problems.rowCount())] == [ids[0]]
    index = page.problems.index(0, 0)
    colour = page.problems.data(index, Qt.ItemDataRole.BackgroundRole).name()
    assert colour == "#f8c4c4"  # red: overdue
    page.warning.setCurrentIndex(page.warning.findData("临期"))
    assert page.problems.row(0)["id"] == ids[1]
    assert "逾期 1 个" not in page.summary.text()  # summary follows the filter
    page.clear_filters()
    assert "逾期 1 个" in page.summary.text()


def test_sign_off_locks_until_reopened_with_reason(qtbot, page, ctx, messages, tmp_path):
    insp, ids = _seeded(ctx)
    repo = ctx.rectification
    measure_id = repo.add_measure(
        Measure(
            content="措施",
            problem_id=ids[0],
            status=Status.COMPLETED,
            completion_date=date(2022, 5, 1),
        )
    )
    evidence = tmp_path / "会议纪要.pdf"
    evidence.write_bytes(b"%PDF-1.7")
    repo.evidence.add(ids[0], measure_id, evidence)  # 销号 needs evidence by default
    page.reload_inspections(select=insp)
    page.select_problem(ids[0])
    on_next_modal(fill_and_save({"date": "2022-10-09", "remark": "资料齐全"}))
    click(page, "问题销号")
    assert repo.get_problem(ids[0]).signoff.date == date(2022, 10, 9)

    click(page.detail, "新增措施")  # refused before any dialog opens
    assert any("已销号" in t for t in messages.texts("warning"))
    assert len(repo.measures_of(ids[0])) == 1

    def empty_reason(dialog):
        press_save(dialog)
        assert dialog.isVisible()
        fill_and_save({"reason": "回头看发现佐证材料不全"})(dialog)

    page.select_problem(ids[0])
    on_next_modal(empty_reason)
    click(page, "撤销销号")
    assert repo.get_problem(ids[0]).signoff is None
    row = ctx.db.execute(
        "SELECT summary FROM audit_log WHERE action = 'reopen' AND record_id = ?", [ids[0]]
    ).fetchone()
    assert row[0] == "回头看发现佐证材料不全"


def test_progress_entry_shows_in_history(qtbot, page, ctx, messages):
    insp, ids = _seeded(ctx)
    page.reload_inspections(select=insp)
    page.select_problem(ids[2])
    on_next_modal(fill_and_save({"date": "2022年10月8日", "text": "已起草联合执法制度"}))
    click(page, "记录进展")
    assert "已起草联合执法制度" in page.detail.history.toPlainText()
    assert ctx.rectification.get_problem(ids[2]).last_progress == date(2022, 10, 8)
    type_text(page.search, "联合执法制度")  # the search covers progress notes too
    qtbot.waitUntil(lambda: page.problems.rowCount() == 1)
    assert page.problems.row(0)["id"] == ids[2]


def test_delete_inspection_with_problems_needs_explicit_confirmation(qtbot, page, ctx, messages):
    from PySide6.QtWidgets import QMessageBox

    insp, _ids = _seeded(ctx)
    page.reload_inspections(select=insp)

    def cancel(box):
        assert "3 个问题" in box.text()
        next(b for b in box.buttons() if b.text() == "取消").click()

    on_next_modal(cancel)
    click(page, "删除巡察")
    assert len(list_inspections(ctx.conn)) == 1

    def confirm(box: QMessageBox):
        next(b for b in box.buttons() if b.text() == "删除").click()

    on_next_modal(confirm)
    click(page, "删除巡察")
    assert list_inspections(ctx.conn) == []
    assert ctx.db.execute("SELECT count(*) FROM problems").fetchone()[0] == 0
    deleted = ctx.db.execute("SELECT count(*) FROM audit_log WHERE action = 'delete'").fetchone()[0]
    assert deleted == 4  # the inspection and each of its problems


def test_large_list_is_counted_in_sql_and_fetched_lazily(qtbot, page, ctx):
    insp = ctx.rectification.add_inspection(Inspection(name="大批量"))
    stamp = "2022-01-01 00:00:00"
    rows = [
        {
            "inspection_id": insp,
            "seq": n,
            "description": f"问题{n}",
            "search_text": f"问题{n}",
            "status": "未启动",
            "own_status": "未启动",
            "created_at": stamp,
            "updated_at": stamp,
        }
        for n in range(1, 5001)
    ]
    ctx.db["problems"].insert_all(rows)
    page.reload_inspections(select=insp)
    assert page.problems.rowCount() == 5000
    assert len(page.problems._pages) <= 3  # only the visible pages were fetched
    page.problem_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert page.problems.row(0)["seq"] == 5000
    assert page.problems.row(4999)["seq"] == 1


def test_history_pane_invites_a_choice_until_a_problem_is_selected(qtbot, page, ctx):
    _insp, ids = _seeded(ctx)
    page.reload_inspections(select=_insp)
    assert page.detail.history.toPlainText() == ""
    assert page.detail.history.placeholderText() == "请在上方选择一个问题。"
    page.select_problem(ids[0])
    assert page.detail.history.toPlainText().strip() != ""
    page.problem_view.clearSelection()
    assert page.detail.history.toPlainText() == ""
