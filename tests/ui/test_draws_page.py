"""The draw page driven as a clerk would: plan, draw, verify, enter results, redraw, directory."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QPlainTextEdit, QSpinBox

from desktop_app.storage.draws import queries
from desktop_app.ui.draws.page import DrawsPage
from desktop_app.ui.draws.plan_dialog import PlanDialog
from tests.draws_data import make_office
from tests.ui.helpers import click, fill_and_save, on_next_modal, type_text

TITLE = "2022全市外国人合法工作情况检查"


def fill_plan(dialog: PlanDialog, *, reason: str = "") -> None:
    """Seed 000's joint check: 9 companies, teams of 4, 科技 2 + 人社 2, witness and seed."""
    if reason:
        type_text(dialog.findChild(QPlainTextEdit, "reason"), reason)
    else:
        type_text(dialog.findChild(QLineEdit, "title"), TITLE)
        dialog.findChild(QLineEdit, "draw_date").setText("2022-06-15")
        dialog.findChild(QSpinBox, "count").setValue(9)
        dialog.findChild(QSpinBox, "team_size").setValue(4)
        for agency in ("科技", "人社"):
            dialog.add_quota(agency, 2)
    type_text(dialog.findChild(QLineEdit, "operator"), "李明")
    type_text(dialog.findChild(QLineEdit, "witness"), "王芳")
    type_text(dialog.findChild(QLineEdit, "seed"), "20220615-4417" if not reason else "8848")


def draw_through_the_dialog(page: DrawsPage, button: str, **kwargs) -> list[str]:
    seen: list[str] = []

    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, PlanDialog)
        fill_plan(dialog, **kwargs)
        seen.append(dialog.check_plan())
        seen.append(dialog.check_line.text())
        dialog.accept()

    on_next_modal(act)
    click(page, button)
    return seen


def test_plan_draw_verify_result_redraw(qtbot, show, ctx, messages) -> None:
    make_office(ctx.db)
    page = show(DrawsPage(ctx), (1366, 768))
    reason, line = draw_through_the_dialog(page, "新建抽取")
    assert reason == "" and "方案可行:将抽取 9 家,组成 9 个检查组" in line
    assert page.draws.rowCount() == 1
    page.view.selectRow(0)
    record = page.detail.record_view.toPlainText()
    assert "随机种子:20220615-4417" in record and "检查组要求:每组4人" in record
    assert page.detail.assignments.rowCount() == 9
    assert "抽取了9家企业、36名执法检查人员" in page.figures.text()

    click(page, "核验")
    assert any("核对一致" in t for t in messages.texts("information"))

    page.detail.assignment_view.selectRow(0)
    on_next_modal(fill_and_save({"check_date": "2022年6月20日", "findings": "无"}))
    page.detail.enter_result()
    assert "已完成1家" in page.figures.text()
    assert page.detail.assignments.row(0)["check_date"] == "2022-06-20"

    click(page, "重新抽取")  # results are in: refused, nothing opens
    assert any("已录入 1 条检查结果" in t for t in messages.texts("warning"))
    ctx.db.execute("DELETE FROM check_results")
    page.view.selectRow(0)
    draw_through_the_dialog(page, "重新抽取", reason="监督人对种子有异议")
    assert page.draws.rowCount() == 2
    first = queries.get_draw(ctx.conn, 1)
    assert first.replaced_by == 2 and queries.verify_draw(ctx.conn, 1) == []
    assert page.draws.row(1)["replaced_by"] == 2  # the first stays on the list, replaced


def test_a_team_size_range_is_drawn_from_the_dialog(qtbot, show, ctx, messages) -> None:
    """每组 3 至 5 人 with 科技 1: the 40 inspectors of the office spread over 9 teams."""
    make_office(ctx.db)
    page = show(DrawsPage(ctx), (1366, 768))

    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, PlanDialog)
        type_text(dialog.findChild(QLineEdit, "title"), "校外培训机构部门联合检查")
        dialog.findChild(QLineEdit, "draw_date").setText("2022-06-15")
        dialog.findChild(QSpinBox, "count").setValue(9)
        dialog.findChild(QSpinBox, "team_size").setValue(3)
        dialog.findChild(QSpinBox, "team_size_max").setValue(5)
        dialog.add_quota("科技", 1)
        type_text(dialog.findChild(QLineEdit, "operator"), "李明")
        type_text(dialog.findChild(QLineEdit, "witness"), "王芳")
        assert dialog.check_plan() == ""
        dialog.accept()

    on_next_modal(act)
    click(page, "新建抽取")
    record = queries.get_draw(ctx.conn, 1)
    assert (record.plan.team_size, record.plan.team_size_max) == (3, 5)
    assert sorted({len(t.member_ids) for t in record.result.teams}) == [4, 5]
    page.view.selectRow(0)
    assert "检查组要求:每组3-5人不等" in page.detail.record_view.toPlainText()
    assert "40名执法检查人员(共9组,每组4-5人不等,科技1人" in page.figures.text()


def test_an_infeasible_plan_is_explained_and_refused(qtbot, show, ctx, messages) -> None:
    make_office(ctx.db)
    page = show(DrawsPage(ctx), (1366, 768))
    seen = []

    def act(dialog: PlanDialog) -> None:
        fill_plan(dialog)
        dialog.findChild(QSpinBox, "certified_min").setValue(4)
        seen.append(dialog.check_plan())
        dialog.accept()  # refused: a warning, the dialog stays open
        seen.append(dialog.isVisible())
        dialog.reject()

    on_next_modal(act)
    click(page, "新建抽取")
    assert seen[0] == "合格的持证人员只有 26 人,无法组成 9 个每组 4 名持证人员的检查组"
    assert seen[1] is True
    assert page.draws.rowCount() == 0
    assert any("合格的持证人员只有 26 人" in t for t in messages.texts("warning"))


def test_directory_matters_and_inspectors_tabs(qtbot, show, ctx, messages) -> None:
    make_office(ctx.db)
    page = show(DrawsPage(ctx), (1366, 768))
    assert page.targets.model.rowCount() == 40
    still_open: list[bool] = []

    def add(dialog: QDialog) -> None:
        type_text(dialog.widget("name"), "早期代码企业")
        type_text(dialog.widget("credit_code"), "91110000600037341A")
        dialog.accept()  # refused: the code fails its check, the dialog stays open
        still_open.append(dialog.isVisible())
        dialog.widget("code_override").setChecked(True)
        type_text(dialog.widget("override_note"), "早期代码,已核对营业执照")
        dialog.accept()

    on_next_modal(add)
    page.tabs.setCurrentIndex(1)
    click(page.targets, "新增对象")
    assert still_open == [True]
    assert any("校验位错误" in t for t in messages.texts("warning"))
    assert page.targets.model.rowCount() == 41
    page.targets.search.setText("早期代码")  # the list re-queries once typing stops
    qtbot.waitUntil(lambda: page.targets.model.rowCount() == 1)

    on_next_modal(fill_and_save({"name": "科技计划项目实施情况抽查", "ratio": "3"}))
    page.tabs.setCurrentIndex(2)
    click(page.matters, "新增事项")
    assert page.matters.model.rowCount() == 1

    page.tabs.setCurrentIndex(3)
    inspectors = page.inspectors
    assert inspectors.model.rowCount() == 40
    combo = inspectors.findChild(QComboBox, "inspectorCertified")
    combo.setCurrentIndex(combo.findData("持证"))
    assert inspectors.model.rowCount() == 26
    inspectors.view.selectRow(0)
    on_next_modal(fill_and_save({"unit": "某集团", "reason": "曾在该集团任职"}))
    click(inspectors, "申报回避")
    assert inspectors.conflicts.count() == 1
    assert "某集团" in inspectors.conflicts.item(0).text()
    assert inspectors.model.row(0)["conflicts"] == 1


def test_matters_and_targets_are_edited_and_deleted_from_their_tabs(
    qtbot, show, ctx, messages
) -> None:
    """Edit a matter, delete it (confirmed), and a drawn target's deletion is refused."""
    make_office(ctx.db)
    page = show(DrawsPage(ctx), (1366, 768))
    draw_through_the_dialog(page, "新建抽取")
    page.tabs.setCurrentIndex(2)
    on_next_modal(fill_and_save({"name": "科技计划项目实施情况抽查"}))
    click(page.matters, "新增事项")
    page.matters.view.selectRow(0)
    on_next_modal(fill_and_save({"name": "科技计划项目绩效抽查"}))
    click(page.matters, "编辑事项")
    assert page.matters.model.row(0)["name"] == "科技计划项目绩效抽查"
    page.matters.view.selectRow(0)
    click(page.matters, "删除事项")
    assert any("确定删除抽查事项“科技计划项目绩效抽查”吗" in t for t in messages.texts("question"))
    assert page.matters.model.rowCount() == 0

    page.tabs.setCurrentIndex(1)
    drawn = queries.get_draw(ctx.conn, 1).result.target_ids[0]
    page.targets.view.selectRow(next(
        r for r in range(page.targets.model.rowCount()) if page.targets.model.row(r)["id"] == drawn
    ))  # fmt: skip
    click(page.targets, "删除对象")
    assert any("已被抽中 1 次" in t for t in messages.texts("warning"))
    assert page.targets.model.rowCount() == 40
