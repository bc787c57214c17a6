"""The dialogs' text tables: rows carry their ids, and acting on nothing selected says so."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.rectification import Inspection, Problem, SignOff
from desktop_app.storage.rectification import rechecks
from desktop_app.storage.settings import write_settings
from desktop_app.ui.rectification.recheck_dialog import RecheckDialog
from desktop_app.ui.text_table import ID_ROLE, chosen_ids, fill_texts, text_table
from tests.rectification_data import completed
from tests.ui.helpers import click, fill_and_save, on_next_modal


def test_rows_carry_their_ids_and_a_selection_gives_them_back(qtbot, messages):
    table = text_table("t", ("名称", "说明"), stretch=(1,))
    qtbot.addWidget(table)
    fill_texts(table, [(("甲", 1), 7), (("乙", "二"), 9)])
    assert [table.item(r, c).text() for r in range(2) for c in range(2)] == ["甲", "1", "乙", "二"]
    assert table.item(1, 1).data(ID_ROLE) == 9
    assert chosen_ids(table, "标题", "请先选择。") == []
    assert messages.texts("information") == ["请先选择。"]
    table.selectRow(1)
    assert chosen_ids(table, "标题", "请先选择。") == [9]


def test_a_recheck_with_nothing_selected_records_nothing(show, ctx, messages):
    repo = ctx.rectification
    insp = repo.add_inspection(Inspection(name="专项巡察", feedback_date=date(2022, 3, 1)))
    problem_id = repo.add_problem(
        Problem(description="学法制度不健全", inspection_id=insp, **completed(date(2022, 6, 1)))
    )
    write_settings(ctx.db, {"rectification.signoff_evidence": False})
    repo.sign_off("problem", problem_id, SignOff(date(2022, 6, 10), "法规科"))
    dialog = show(RecheckDialog(ctx), (1200, 620))
    on_next_modal(fill_and_save({"name": "2022年整改回头看"}))
    click(dialog, "新建回头看…")
    dialog.table.clearSelection()
    click(dialog, "整改到位")
    click(dialog, "重新整改…")  # no reason asked: nothing is chosen
    assert messages.texts("information") == ["请先选择要复查的问题。", "请先选择要重新整改的问题。"]
    [round_] = rechecks.list_rounds(ctx.conn)
    assert [i.outcome.value for i in rechecks.items_of(ctx.conn, round_.id)] == ["待复查"]
