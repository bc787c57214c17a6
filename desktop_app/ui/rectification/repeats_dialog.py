"""屡查屡犯: the flags of an inspection's problems, confirmed or dismissed by the clerk.

A new problem (entered or imported) that resembles a problem of an earlier inspection is
flagged 待确认 with a link to the earlier one; here the clerk confirms it (已确认: the list
filters by it, the report and the ledger mark it) or dismisses it (已排除: never flagged
again). 查找相似问题 compares the inspection's problems again (after the threshold changed).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.repeats import RepeatState
from desktop_app.storage.rectification import queries, repeats
from desktop_app.ui import messages
from desktop_app.ui.changes import run_action
from desktop_app.ui.dialog_buttons import closing_row
from desktop_app.ui.text_table import chosen_ids, fill_texts, text_table

if TYPE_CHECKING:
    from desktop_app.context import AppContext

COLUMNS = ("本次问题", "相似的以往问题", "以往检查", "相似度", "以往问题状态", "标记")
TITLE = "屡查屡犯"


class RepeatsDialog(QDialog):
    """The flags of one inspection (or of all), with 确认 and 排除."""

    def __init__(
        self,
        ctx: AppContext,
        inspection_id: int | None,
        parent: QWidget | None = None,
        problem_ids: list[int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.inspection_id = ctx, inspection_id
        self.problem_ids = problem_ids or []
        self.setWindowTitle(TITLE)
        self.pending_only = QCheckBox("只看待确认")
        self.pending_only.setObjectName("pendingOnly")
        self.pending_only.setChecked(True)
        self.pending_only.toggled.connect(lambda _on: self.refresh())
        self.table = text_table("flags", COLUMNS, stretch=(0, 1))
        self.count = QLabel()
        self.count.setObjectName("count")
        layout = QVBoxLayout(self)
        note = QLabel(
            "新录入或导入的问题与以往检查的问题文字相似时标为“待确认”。"
            "确认后该问题标记为屡查屡犯(问题清单可按此筛选,整改台账和通报中注明);排除后不再提示。"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.pending_only)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addLayout(
            closing_row(
                self,
                [
                    ("确认屡查屡犯", lambda: self.decide(RepeatState.CONFIRMED)),
                    ("排除", lambda: self.decide(RepeatState.DISMISSED)),
                    ("恢复待确认", lambda: self.decide(RepeatState.PENDING)),
                    ("查找相似问题", self.find_again),
                ],
            )
        )
        self.resize(1100, 560)
        self.refresh()

    def flags(self) -> list[repeats.Flag]:
        """The flags shown."""
        db = self.ctx.conn
        if self.inspection_id is None:
            found = repeats.all_flags(db)
        else:
            found = repeats.flags_of_inspection(db, self.inspection_id)
        if self.pending_only.isChecked():
            found = [f for f in found if f.state == RepeatState.PENDING]
        if self.problem_ids:
            found = [f for f in found if f.problem_id in self.problem_ids]
        return found

    def refresh(self) -> None:
        """Read the flags again."""
        shown = self.flags()
        rows = [
            (
                (
                    flag.description,
                    flag.earlier_description,
                    flag.earlier_inspection,
                    f"{flag.score:g}%",
                    flag.earlier_status,
                    flag.state.value,
                ),
                flag.id,
            )
            for flag in shown
        ]
        fill_texts(self.table, rows)
        self.count.setText(f"共 {len(shown)} 条标记" if shown else "没有需要确认的屡查屡犯标记。")

    def decide(self, state: RepeatState) -> None:
        """Confirm, dismiss or reopen the selected flags (one action, one refresh)."""
        chosen = chosen_ids(self.table, TITLE, "请先在列表中选择一条或多条标记。")
        if not chosen:
            return
        repo = repeats.RepeatRepo(self.ctx.db)

        def decide_all() -> None:
            for flag_id in chosen:
                repo.decide(flag_id, state)

        run_action(self.ctx, self, TITLE, decide_all)
        self.refresh()

    def find_again(self) -> None:
        """Compare the problems of the inspection (or the named ones) with earlier ones again."""
        repo = repeats.RepeatRepo(self.ctx.db)
        if self.problem_ids:
            action = partial(repo.find, self.problem_ids)
        elif self.inspection_id is not None:
            action = partial(repo.find_in_inspection, self.inspection_id)
        else:
            messages.inform(self, TITLE, "请在整改台账中选择一个巡察后再查找。")
            return
        added = run_action(self.ctx, self, TITLE, action)
        if added is not None:
            messages.inform(self, TITLE, f"新发现 {added} 条相似问题标记。")
        self.refresh()


def open_repeats(
    parent: QWidget,
    ctx: AppContext,
    inspection_id: int | None,
    problem_ids: list[int] | None = None,
) -> None:
    """Open the flags of an inspection (or of the named problems)."""
    RepeatsDialog(ctx, inspection_id, parent, problem_ids).exec()


def flag_new(parent: QWidget, ctx: AppContext, problem_ids: list[int]) -> int:
    """Compare newly entered problems with earlier inspections; when some resemble, say so
    once and offer the flags. Returns the flags added."""
    repo = repeats.RepeatRepo(ctx.db)
    added = run_action(ctx, parent, TITLE, lambda: repo.find(problem_ids)) or 0
    if added:
        question = (
            f"新问题与以往检查中的问题相似(疑似屡查屡犯,{added} 处)。\n现在查看并确认或排除吗?"
        )
        if messages.ask(parent, TITLE, question):
            first = queries.get_problem(ctx.conn, problem_ids[0], with_measures=False)
            open_repeats(parent, ctx, first.inspection_id, problem_ids)
    return int(added)
