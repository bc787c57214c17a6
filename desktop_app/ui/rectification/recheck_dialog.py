"""回头看: re-check rounds over signed-off problems, each confirmed or re-opened with a reason.

The rounds on the left (新建 takes the problems signed off so far, of one inspection or of
all); the chosen round's problems on the right with 整改到位 and 重新整改 (which asks why,
re-opens the sign-off and logs the reason); 导出台账 writes the round's own ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.repeats import Outcome, RecheckRound
from desktop_app.formats.rectification.recheck import counts_line
from desktop_app.storage.audit import os_user
from desktop_app.storage.rectification import queries, rechecks
from desktop_app.ui import messages
from desktop_app.ui.changes import run_action
from desktop_app.ui.dialog_buttons import closing_row
from desktop_app.ui.text_table import ID_ROLE, chosen_ids, fill_texts, text_table
from desktop_app.ui.widgets import button_row

if TYPE_CHECKING:
    from desktop_app.context import AppContext

TITLE = "回头看"
COLUMNS = ("检查名称", "问题描述", "牵头部门", "销号日期", "复查结论", "意见或理由", "复查日期")
ALL = "全部巡察"


class RecheckDialog(QDialog):
    """Rounds, their problems, and the two outcomes."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, round_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("整改“回头看”")
        self.rounds = QListWidget()
        self.rounds.setObjectName("rounds")
        self.rounds.currentItemChanged.connect(lambda *_: self.show_items())
        self.table = text_table("items", COLUMNS, stretch=(1,))
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        left = QVBoxLayout()
        left.addWidget(QLabel("回头看"))
        left.addWidget(self.rounds, 1)
        left.addLayout(button_row([("新建回头看…", self.add_round), ("删除", self.delete_round)]))
        right = QVBoxLayout()
        right.addWidget(self.table, 1)
        right.addWidget(self.counts)
        actions = [
            ("整改到位", self.confirm),
            ("重新整改…", self.reopen),
            ("导出台账…", self.export_ledger),
        ]
        right.addLayout(closing_row(self, actions))
        body = QHBoxLayout(self)
        body.addLayout(left, 1)
        body.addLayout(right, 4)
        self.resize(1200, 620)
        self.refresh(round_id)

    # -- showing -----------------------------------------------------------------------
    def round_id(self) -> int | None:
        """The chosen round."""
        item = self.rounds.currentItem()
        return item.data(ID_ROLE) if item else None

    def refresh(self, select: int | None = None) -> None:
        """Read the rounds again, keeping (or making) the choice."""
        keep = select if select is not None else self.round_id()
        self.rounds.blockSignals(True)
        self.rounds.clear()
        for round_ in rechecks.list_rounds(self.ctx.conn):
            when = round_.planned_date.isoformat() if round_.planned_date else "未定日期"
            item = QListWidgetItem(f"{round_.name}\n{when}")
            item.setData(ID_ROLE, round_.id)
            self.rounds.addItem(item)
            if round_.id == keep:
                self.rounds.setCurrentItem(item)
        if self.rounds.currentItem() is None and self.rounds.count():
            self.rounds.setCurrentRow(0)
        self.rounds.blockSignals(False)
        self.show_items()

    def show_items(self) -> None:
        """The chosen round's problems and outcomes."""
        round_id = self.round_id()
        items = rechecks.items_of(self.ctx.conn, round_id) if round_id else []
        rows = [
            (
                (
                    item.inspection,
                    item.description,
                    item.lead_dept,
                    item.signoff_date.isoformat() if item.signoff_date else "(已撤销销号)",
                    Outcome(item.outcome).value,
                    item.reason,
                    item.checked_on.isoformat() if item.checked_on else "",
                ),
                item.id,
            )
            for item in items
        ]
        fill_texts(self.table, rows)
        self.counts.setText(counts_line(items) if round_id else "请先新建一次回头看。")

    # -- acting ------------------------------------------------------------------------
    def add_round(self) -> None:
        """新建回头看: name, scope and date; takes the problems signed off so far."""
        from desktop_app.ui.dialogs.form import FormDialog

        scopes: dict[str, int | None] = {ALL: None}
        for insp in queries.list_inspections(self.ctx.conn):
            scopes[insp.name] = insp.id
        form = FormDialog("新建回头看", self)
        form.add_text("name", "名称", f"{self.ctx.today().year}年整改“回头看”", required=True)
        form.add_choice("scope", "复查范围", list(scopes))
        form.add_date("planned_date", "计划日期", self.ctx.today())
        form.add_multiline("notes", "备注", lines=3)
        form.show_note("将复查所选范围内已销号的全部问题;复查结论记入操作日志。")
        repo = rechecks.RecheckRepo(self.ctx.db)

        def save() -> int:
            round_ = RecheckRound(
                name=form.text("name"),
                inspection_id=scopes[form.text("scope")],
                planned_date=form.date("planned_date"),
                notes=form.text("notes"),
            )
            return repo.add_round(round_)

        made = run_action(self.ctx, self, TITLE, lambda: form.run(save))
        if made:
            self.refresh(made)

    def delete_round(self) -> None:
        """Delete the chosen round (re-opened sign-offs stay re-opened)."""
        round_id = self.round_id()
        if round_id and messages.ask(self, TITLE, "确定删除所选回头看及其复查记录吗?"):
            repo = rechecks.RecheckRepo(self.ctx.db)
            run_action(self.ctx, self, TITLE, lambda: repo.delete_round(round_id))
            self.refresh()

    def confirm(self) -> None:
        """整改到位 for the selected problems."""
        chosen = chosen_ids(self.table, TITLE, "请先选择要复查的问题。")
        if chosen:
            run_action(self.ctx, self, TITLE, self.recorder(chosen, Outcome.CONFIRMED, str))
            self.show_items()

    def reopen(self) -> None:
        """重新整改: asks why; re-opens the selected problems' sign-off with that reason."""
        from desktop_app.ui.dialogs.form import FormDialog

        chosen = chosen_ids(self.table, TITLE, "请先选择要重新整改的问题。")
        if not chosen:
            return
        form = FormDialog("重新整改", self)
        form.add_multiline("reason", "重新整改理由", required=True, lines=4)
        form.show_note("将撤销所选问题的销号,理由记入操作日志。")
        save = self.recorder(chosen, Outcome.REOPENED, lambda: form.text("reason"))
        run_action(self.ctx, self, TITLE, lambda: form.run(save))
        self.show_items()

    def recorder(
        self, chosen: list[int], outcome: Outcome, reason: Callable[[], str]
    ) -> Callable[[], None]:
        """The write of one outcome (and its reason, read when it runs) for each chosen row."""
        repo, today, who = rechecks.RecheckRepo(self.ctx.db), self.ctx.today(), os_user()

        def record() -> None:
            text = reason()
            for item_id in chosen:
                repo.record(item_id, outcome, text, today, who)

        return record

    def export_ledger(self) -> None:
        """导出台账: the round's ledger (xlsx)."""
        from desktop_app.ui.exporting import run_export

        round_id = self.round_id()
        if not round_id:
            return
        name = rechecks.get_round(self.ctx.conn, round_id).name
        options = {"round": round_id, "today": self.ctx.today()}
        run_export(self, self.ctx, "recheck-ledger", options, f"{name}台账")


def open_rechecks(parent: QWidget, ctx: AppContext, round_id: int | None = None) -> None:
    """Open 回头看 (on a round, when named)."""
    RecheckDialog(ctx, parent, round_id).exec()
