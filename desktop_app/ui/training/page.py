"""The training page (学法培训): sessions, their attendance, per-person hours, yearly figures."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.context import AppContext
from desktop_app.domain.errors import UserError
from desktop_app.domain.training import SESSION_KINDS, TrainingSession
from desktop_app.exports import training as training_exports
from desktop_app.storage.settings import read_training_rules
from desktop_app.storage.training import queries
from desktop_app.storage.training.repo import TrainingRepo
from desktop_app.ui import messages, state
from desktop_app.ui.exporting import run_export
from desktop_app.ui.table_model import SqlTableModel
from desktop_app.ui.training import dialogs
from desktop_app.ui.training.columns import SESSION_COLUMNS
from desktop_app.ui.training.detail import AttendancePanel, PersonYearPanel
from desktop_app.ui.widgets import (
    button_row,
    filter_combo,
    guarded,
    make_table,
    search_box,
    select_id,
    selected_id,
    set_choices,
    shortcut,
)

ALL_YEARS = "全部年度"
MONTHS = [f"{m}月" for m in range(1, 13)]


class TrainingPage(QWidget):
    """Everything the clerk records about law study and training, on one page."""

    title = "学法培训"

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = filter_combo(ALL_YEARS)
        self.year.setObjectName("year")
        self.month = filter_combo("全部月份")
        self.month.setObjectName("month")
        self.month.clear()
        self.month.addItem("全部月份", 0)
        for number, label in enumerate(MONTHS, 1):
            self.month.addItem(label, number)
        self.kind = filter_combo("全部类型", SESSION_KINDS)
        self.kind.setObjectName("kind")
        for combo in (self.year, self.month, self.kind):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.search = search_box("搜索主题、地点、主讲人、法律法规…(Ctrl+F)", self.apply_filter)
        self.search.setObjectName("search")
        self.sessions = SqlTableModel(SESSION_COLUMNS, parent=self)
        self.session_view = make_table(self.sessions, "trainingSessions")
        self.session_view.doubleClicked.connect(lambda _i: self.edit_session())
        self.session_view.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.sessions.modelReset.connect(self._selected)
        self.count = QLabel()
        self.count.setObjectName("sessionCount")
        self.attendance = AttendancePanel(ctx, self)
        self.attendance.changed.connect(self.refresh_keep_selection)
        self.persons = PersonYearPanel(ctx, self)
        self.persons.changed.connect(self.refresh_figures)
        self.figures = QLabel()
        self.figures.setObjectName("figures")
        self.figures.setWordWrap(True)
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._build_layout()
        shortcut(self, "Ctrl+F", self.search.setFocus)
        shortcut(self, "F5", self.refresh_all)
        self.refresh_all()

    # -- layout ---------------------------------------------------------------------------
    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(QLabel("年度:"))
        for widget, stretch in ((self.year, 1), (self.month, 1), (self.kind, 1), (self.search, 3)):
            filters.addWidget(widget, stretch)
        filters.addLayout(button_row([("清除筛选", self.clear_filters)]))
        actions = button_row(
            [
                ("新增活动", self.add_session),
                ("编辑活动", self.edit_session),
                ("删除活动", self.delete_session),
                ("导出培训台账", self.export_ledger),
                ("导出签到表", self.export_signin_sheet),
                ("导出培训通知", self.export_notice),
            ]
        )
        session_box = QWidget()
        box = QVBoxLayout(session_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(actions)
        box.addWidget(self.session_view, 1)
        box.addWidget(self.count)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("trainingSplitter")
        splitter.addWidget(session_box)
        splitter.addWidget(self.attendance)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("trainingTabs")
        self.tabs.addTab(splitter, "活动与出勤")
        self.tabs.addTab(self.persons, "个人年度学时")
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.figures)

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

    def _reload_years(self) -> None:
        years = queries.session_years(self.ctx.conn)
        if self.ctx.today().year not in years:
            years = sorted({*years, self.ctx.today().year}, reverse=True)
        first = self.year.count() == 1
        set_choices(self.year, ALL_YEARS, [str(y) for y in years])
        for index in range(1, self.year.count()):
            self.year.setItemData(index, int(self.year.itemText(index)))
        if first:
            with_sessions = queries.session_years(self.ctx.conn)
            pick = with_sessions[0] if with_sessions else self.ctx.today().year
            self.year.blockSignals(True)
            self.year.setCurrentIndex(max(self.year.findData(pick), 0))
            self.year.blockSignals(False)

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

    def refresh_all(self) -> None:
        """Re-read everything (after a restore, a settings change or a demo load)."""
        self._reload_years()
        self.apply_filter()

    def clear_filters(self) -> None:
        """Show every session of the chosen year."""
        for combo in (self.month, self.kind):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.clear()
        self.apply_filter()

    def refresh_keep_selection(self) -> None:
        """Re-query after a change and keep the selected session selected."""
        keep = self.selected_session()
        self._reload_years()
        self.apply_filter()
        if keep is not None:
            self.select_session(keep)

    def select_session(self, session_id: int) -> None:
        """Select a session if it is among the loaded rows."""
        select_id(self.session_view, session_id)

    def selected_session(self) -> int | None:
        """Id of the selected session."""
        return selected_id(self.session_view)

    def _selected(self) -> None:
        self.attendance.show_session(self.selected_session())

    # -- session actions --------------------------------------------------------------------
    def _guard(self, action) -> Any:
        return guarded(self, self.title, action)

    def add_session(self) -> None:
        """新增活动."""
        session = TrainingSession(kind=self.kind.currentData() or SESSION_KINDS[0])
        new_id = self._guard(lambda: dialogs.edit_session(self, TrainingRepo(self.ctx.db), session))
        if new_id:
            year = session.date.year
            self._reload_years()
            if self.year.currentData() and self.year.currentData() != year:
                self.year.setCurrentIndex(self.year.findData(year))
            self.refresh_keep_selection()
            self.select_session(new_id)

    def edit_session(self) -> None:
        """Edit the selected session."""
        session_id = self.selected_session()
        if session_id is None:
            return
        repo = TrainingRepo(self.ctx.db)
        if self._guard(lambda: dialogs.edit_session(self, repo, repo.get_session(session_id))):
            self.refresh_keep_selection()

    def delete_session(self) -> None:
        """Delete the selected session and its list after confirmation."""
        session_id = self.selected_session()
        if session_id is None:
            return
        repo = TrainingRepo(self.ctx.db)
        session, listed = repo.get_session(session_id), repo.attendance_count(session_id)
        text = f"确定删除“{session.title}”吗?"
        if listed:
            text += f"\n其参加人员名单({listed} 人)及学时、成绩将一并删除。"
        if messages.ask(self, "删除活动", text):
            self._guard(lambda: repo.delete_session(session_id))
            self.refresh_keep_selection()

    # -- exports ----------------------------------------------------------------------------
    def export_ledger(self) -> None:
        """导出培训台账 (xlsx) of the chosen year."""
        year = self.figures_year()
        self._export("training-ledger", {"year": year}, f"学法培训台账_{year}年")

    def export_signin_sheet(self) -> None:
        """导出签到表 (PDF) of the selected session."""
        session = self._session_for_export()
        if session is not None:
            name = f"签到表_{session.date.isoformat()}_{session.title[:24]}"
            self._export("signin-sheet", {"session": session.id}, name)

    def export_notice(self) -> None:
        """导出培训通知 (PDF): edit the texts, keep them with the session, then set them."""
        session = self._session_for_export()
        if session is None:
            return
        repo = TrainingRepo(self.ctx.db)
        texts = training_exports.notice_texts_for(self.ctx.db, session.id)
        edited = dialogs.edit_notice_texts(self, texts)
        if edited is None:
            return
        try:
            repo.save_notice_texts(session.id, edited)
        except UserError as exc:
            messages.warn(self, self.title, str(exc))
            return
        self._export("training-notice", {"session": session.id}, f"培训通知_{session.title[:24]}")

    def _session_for_export(self) -> TrainingSession | None:
        session_id = self.selected_session()
        if session_id is None:
            messages.inform(self, self.title, "请先在列表中选择一次活动。")
            return None
        return TrainingRepo(self.ctx.db).get_session(session_id)

    def _export(self, name: str, options: dict[str, Any], file_stem: str) -> None:
        """Ask where to save, run the export in the background, then offer the file."""
        run_export(self, self.ctx, name, options, file_stem)

    def save_state(self) -> None:
        """Remember column widths."""
        state.save_columns("trainingSessions", self.session_view)
        state.save_columns("trainingAttendance", self.attendance.view)
        self.persons.save_state()
