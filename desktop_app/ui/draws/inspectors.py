"""The inspectors tab of the draw page (执法检查人员名录库): the persons of the personnel register.

Certified means holding a valid 行政执法证 today (read live from the personnel register);
the clerk adds what the draw needs beyond it: the department for joint checks, expertise,
whether the person takes part, and declared conflicts (回避).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from desktop_app.domain.draws import Conflict
from desktop_app.storage.draws import directory
from desktop_app.ui.draws import dialogs
from desktop_app.ui.draws.columns import INSPECTOR_COLUMNS, inspector_colour
from desktop_app.ui.draws.directory import ListSpec, ListTab, done
from desktop_app.ui.register_page import DetailPane, RegisterPage
from desktop_app.ui.widgets import (
    button_row,
    filter_combo,
    selected_id,
    selected_ids,
    set_choices,
)

if TYPE_CHECKING:
    from desktop_app.ui.draws.page import DrawsPage


INSPECTOR_LIST = ListSpec(
    "inspector",
    "搜索姓名、专业领域…",
    INSPECTOR_COLUMNS,
    inspector_colour,
    "drawInspectors",
    multi=True,
)


class InspectorsTab(ListTab):
    """Serving persons as inspectors, with their conflicts beside the list."""

    def __init__(self, page: DrawsPage) -> None:
        super().__init__(page, INSPECTOR_LIST, self.refresh, self.edit_profile, self.show_conflicts)
        self.agency = self.add_filter("agency", filter_combo("全部部门"))
        self.certified = self.add_filter("certified", filter_combo("持证与否", ("持证", "未持证")))
        self.available = self.add_filter(
            "available", filter_combo("是否参加", ("参加抽取", "暂不参加"))
        )
        self.conflicts = DetailPane.item_list("conflicts", self.edit_conflict)
        buttons = button_row(
            [
                ("编辑抽取信息", self.edit_profile),
                ("设置所属部门", self.set_agency),
            ]
        )
        right = DetailPane.with_buttons(
            self.conflicts,
            [("申报回避", self.add_conflict), ("编辑", self.edit_conflict), ("删除", self.delete)],
            above=False,
        )
        holder = RegisterPage.box(QLabel("回避申报(选中的人员)"), right, stretch_of=right)
        self.lay_out(buttons, holder)

    def refresh(self) -> None:
        """Re-read the list (certified as of today), keeping the selection."""
        keep = selected_id(self.view)
        conn = self.page.ctx.conn
        set_choices(self.agency, "全部部门", directory.agencies(conn))
        flt = directory.InspectorFilter(**self.chosen())
        self.model.set_query(directory.inspector_query(conn, flt, self.page.ctx.today()))
        self.count.setText(
            f"共 {self.model.rowCount()} 人(在职人员;是否持证按今日有效的行政执法证判断)"
        )
        self.reselect(keep)
        self.show_conflicts()

    def _person(self) -> tuple[int, str] | None:
        person_id = selected_id(self.view)
        if person_id is None:
            self.page.inform("请先在列表中选择一名人员。")
            return None
        row = self.model.row(self.model.find_row(person_id)) or {}
        return person_id, str(row.get("name", ""))

    def show_conflicts(self) -> None:
        """The selected person's declared conflicts."""
        person_id = selected_id(self.view)
        entries = []
        if person_id is not None:
            for conflict, target_name in directory.conflicts_of(self.page.ctx.conn, person_id):
                what = target_name or f"单位含“{conflict.unit}”"
                ended = f"(已于 {conflict.ended_on} 解除)" if conflict.ended_on else ""
                entries.append((f"{what}:{conflict.reason}{ended}", conflict.id or 0))
        DetailPane.fill_items(self.conflicts, entries)

    def edit_profile(self) -> None:
        """编辑抽取信息 of the selected person."""
        chosen = self._person()
        if chosen is not None:
            person_id, name = chosen
            self.page.guard(lambda: dialogs.edit_profile(self, self.page.repo, person_id, name))

    def set_agency(self) -> None:
        """Put the selected persons in one department."""
        ids = selected_ids(self.view)
        if not ids:
            self.page.inform("请先在列表中选择人员(可多选)。")
            return
        self.page.guard(lambda: dialogs.set_agency(self, self.page.repo, ids))

    def add_conflict(self) -> None:
        """申报回避 for the selected person."""
        chosen = self._person()
        if chosen is not None:
            conflict = Conflict(chosen[0], "", declared_on=self.page.ctx.today())
            self.page.guard(lambda: dialogs.edit_conflict(self, self.page.repo, conflict))

    def edit_conflict(self) -> None:
        """Edit the chosen conflict (e.g. the day it ended)."""
        conflict_id = DetailPane.current_item_id(self.conflicts)
        if conflict_id is not None:
            conflict = directory.get_conflict(self.page.ctx.conn, conflict_id)
            self.page.guard(lambda: dialogs.edit_conflict(self, self.page.repo, conflict))

    def delete(self) -> None:
        """Delete the chosen conflict (entered by mistake)."""
        conflict_id = DetailPane.current_item_id(self.conflicts)
        if conflict_id is not None:
            self.page.confirmed(
                "删除回避申报",
                "确定删除这条回避申报吗?(已完成的抽取仍保留当时的回避记录)",
                lambda: done(self.page.repo.delete_conflict, conflict_id),
            )
