"""The training page (学法培训): sessions, their attendance, per-person hours, yearly figures."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget

from desktop_app.context import AppContext
from desktop_app.domain.training import SESSION_KINDS, TrainingSession
from desktop_app.storage.settings import read_training_rules
from desktop_app.storage.training import queries
from desktop_app.ui.register_page import RegisterPage
from desktop_app.ui.table_model import SqlTableModel
from desktop_app.ui.training import dialogs
from desktop_app.ui.training.columns import SESSION_COLUMNS
from desktop_app.ui.training.detail import AttendancePanel, PersonYearPanel
from desktop_app.ui.widgets import (
    ALL_YEARS,
    fill_years,
    filter_combo,
    text_label,
)

MONTHS = [f"{m}月" for m in range(1, 13)]


class TrainingPage(RegisterPage):
    """Everything the clerk records about law study and training, on one page."""

    register_key = "training"
    also_shows = frozenset({"persons", "settings"})  # names on the lists, the yearly minimum
    list_key = "trainingSessions"
    detail: AttendancePanel
    exports = (
        ("导出培训台账", "export_ledger"),
        ("导出签到表", "export_signin_sheet"),
        ("导出培训通知", "export_notice"),
    )

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.year = self.add_filter("year", filter_combo(ALL_YEARS), cleared=False)
        self.month = filter_combo("全部月份")
        self.month.clear()
        self.month.addItem("全部月份", 0)
        for number, label in enumerate(MONTHS, 1):
            self.month.addItem(label, number)
        self.add_filter("month", self.month)
        self.kind = self.add_filter("kind", filter_combo("全部类型", SESSION_KINDS))
        self.make_search("搜索主题、地点、主讲人、法律法规…(Ctrl+F)")
        self.sessions = SqlTableModel(SESSION_COLUMNS, parent=self)
        self.session_view = self.make_list(self.sessions, open_row=self.edit_session)
        self.count = QLabel()
        self.count.setObjectName("sessionCount")
        self.attendance = self.detail = AttendancePanel(ctx, self)
        self.persons = PersonYearPanel(ctx, self)
        self.figures = text_label("figures", selectable=True)
        self._build_layout()
        self.refresh_all()

    def _build_layout(self) -> None:
        filters = self.filter_bar(
            (QLabel("年度:"), 0), (self.year, 1), (self.month, 1), (self.kind, 1), (self.search, 3)
        )
        actions = self.toolbar(
            [
                ("新增活动", self.add_session),
                ("编辑活动", self.edit_session),
                ("删除活动", self.delete_session),
            ]
        )
        sessions = self.box(actions, self.session_view, self.count, stretch_of=self.session_view)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("trainingTabs")
        self.tabs.addTab(self.split(sessions, self.attendance, "trainingSplitter"), "活动与出勤")
        self.tabs.addTab(self.persons, "个人年度学时")
        self.stack(filters, self.tabs, self.figures, stretch_of=self.tabs)

    # -- filters and refreshing -------------------------------------------------------------
    def figures_year(self) -> int:
        """The year of the figures line and the per-person list."""
        return self.year.currentData() or self.ctx.today().year

    def current_filter(self) -> queries.SessionFilter:
        """The filter the widgets describe."""
        return queries.SessionFilter(
            year=self.year.currentData() or None,
            month=(self.month.currentData() or None) if self.year.currentData() else None,
            kind=self.kind.currentData() or "",
            text=self.search.text(),
        )

    def reload_choices(self) -> None:
        """The years that have sessions (and this year); at first the latest with sessions."""
        fill_years(self.year, queries.session_years(self.ctx.conn), self.ctx.today().year)

    def apply_filter(self) -> None:
        """Re-query the session list, the per-person list and the figures line."""
        self.month.setEnabled(bool(self.year.currentData()))
        self.sessions.set_query(queries.session_query(self.ctx.conn, self.current_filter()))
        self.count.setText(f"共 {self.sessions.rowCount()} 次活动")
        self.persons.show_year(self.figures_year())
        self.refresh_figures()

    def refresh_figures(self) -> None:
        """The yearly figures line, computed in SQL."""
        rules = read_training_rules(self.ctx.conn)
        figures = queries.year_figures(self.ctx.conn, self.figures_year(), rules)
        self.figures.setText(figures.text(rules))

    selected_session = RegisterPage.selected_id
    select_session = RegisterPage.select_id

    # -- session actions --------------------------------------------------------------------
    def add_session(self) -> None:
        """新增活动; the list shows the new session's year if a year is chosen."""
        session = TrainingSession(kind=self.kind.currentData() or SESSION_KINDS[0])
        self.add(
            lambda: dialogs.edit_session(self, self.ctx.training, session),
            then=lambda _id: self.show_year(self.year, session.date.year if session.date else None),
        )

    def edit_session(self) -> None:
        """Edit the selected session."""
        session_id, repo = self.selected_id(), self.ctx.training
        if session_id is not None:
            conn = self.ctx.conn
            self.guard(
                lambda: dialogs.edit_session(self, repo, queries.get_session(conn, session_id))
            )

    def delete_session(self) -> None:
        """Delete the selected session and its list after confirmation."""
        session_id = self.selected_id()
        if session_id is None:
            return
        repo, conn = self.ctx.training, self.ctx.conn
        session = queries.get_session(conn, session_id)
        listed = queries.attendance_count(conn, session_id)
        text = f"确定删除“{session.title}”吗?"
        if listed:
            text += f"\n其参加人员名单({listed} 人)及学时、成绩将一并删除。"
        self.confirmed("删除活动", text, lambda: repo.delete_session(session_id))

    # -- exports ----------------------------------------------------------------------------
    def export_ledger(self) -> None:
        """导出培训台账 (xlsx) of the chosen year."""
        year = self.figures_year()
        self.export("training-ledger", {"year": year}, f"学法培训台账_{year}年")

    def export_signin_sheet(self) -> None:
        """签到表 of the selected session: options beside its preview; PDF, Word or print."""
        self._document_dialog("signin_dialog")

    def export_notice(self) -> None:
        """培训通知: texts beside its preview, kept with the session; PDF, Word or print."""
        self._document_dialog("notice_dialog")

    def _document_dialog(self, name: str) -> None:
        from desktop_app.ui.training import document_dialogs

        chosen = self._session_for_export()
        if chosen is not None:
            make = getattr(document_dialogs, name)
            dialog = self.guard(lambda: make(self, self.ctx, *chosen))
            if dialog:
                dialog.exec()

    def _session_for_export(self) -> tuple[int, TrainingSession] | None:
        session_id = self.selected_id()
        if session_id is None:
            self.inform("请先在列表中选择一次活动。")
            return None
        return session_id, queries.get_session(self.ctx.conn, session_id)

    def save_state(self) -> None:
        """Remember column widths."""
        super().save_state()
        self.persons.save_state()
