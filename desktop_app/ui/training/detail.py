"""Parts of the training page: a session's attendance list and the per-person yearly hours."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.context import AppContext
from desktop_app.domain.dates import cn_date
from desktop_app.domain.training import ATTENDANCE_STATUSES, AttendanceStatus, hours_text
from desktop_app.storage.settings import read_training_rules
from desktop_app.storage.training import queries
from desktop_app.ui import state
from desktop_app.ui.changes import run_action
from desktop_app.ui.register_page import DetailPane
from desktop_app.ui.table_model import SqlTableModel
from desktop_app.ui.training import dialogs
from desktop_app.ui.training.attendees import add_attendees
from desktop_app.ui.training.columns import (
    ATTENDANCE_COLUMNS,
    PERSON_YEAR_COLUMNS,
    attendance_colour,
    shortfall_colour,
)
from desktop_app.ui.widgets import button_row, filter_combo, make_table, search_box, selected_row

if TYPE_CHECKING:
    from desktop_app.storage.training.repo import TrainingRepo

TITLE = "学法培训"


class AttendancePanel(DetailPane):
    """The selected session's list: add people, mark present/leave/absent, edit, remove."""

    title = TITLE
    shows = frozenset({"training_sessions", "training_attendance", "persons"})

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.heading = QLabel()
        self.heading.setObjectName("attendanceHeading")
        self.heading.setWordWrap(True)
        self.status = filter_combo("全部出勤", ATTENDANCE_STATUSES)
        self.status.setObjectName("attendanceStatus")
        self.status.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.search = search_box("搜索姓名、单位、处室…", self.apply_filter)
        self.search.setObjectName("attendanceSearch")
        self.model = SqlTableModel(ATTENDANCE_COLUMNS, attendance_colour, self)
        self.view = self.table(
            self.model, "trainingAttendance", multi=True, open_row=self.edit_attendance
        )
        actions = button_row(
            [
                ("添加人员", self.add_people),
                ("全部出席", self.mark_all_present),
                ("标记出席", lambda: self.mark_selected(AttendanceStatus.PRESENT)),
                ("标记请假", lambda: self.mark_selected(AttendanceStatus.LEAVE)),
                ("标记缺席", lambda: self.mark_selected(AttendanceStatus.ABSENT)),
                ("编辑出勤", self.edit_attendance),
                ("移出名单", self.remove_selected),
            ]
        )
        filters = QHBoxLayout()
        filters.addWidget(self.heading, 3)
        filters.addWidget(self.status, 1)
        filters.addWidget(self.search, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        self.show_record(None)

    @property
    def session_id(self) -> int | None:
        """The shown session."""
        return self.record_id

    @property
    def repo(self) -> TrainingRepo:
        """Training records on the GUI thread's connection."""
        return self.ctx.training

    def load(self) -> None:
        """The shown session's list."""
        self.apply_filter()

    def apply_filter(self) -> None:
        """Re-query the list and the heading."""
        if self.session_id is None:
            self.model.set_query(None)
            self.heading.setText("请在上方选择一次活动。")
            return
        flt = queries.AttendanceFilter(
            session_id=self.session_id,
            status=self.status.currentData() or "",
            text=self.search.text(),
        )
        self.model.set_query(queries.attendance_query(self.ctx.conn, flt))
        session = queries.get_session(self.ctx.conn, self.session_id)
        counts = queries.status_counts(self.ctx.conn, self.session_id)
        self.heading.setText(
            f"<b>{cn_date(session.date)} {session.title}</b>:名单 {sum(counts.values())} 人,"
            + "、".join(f"{k} {v} 人" for k, v in counts.items())
            + f"(每人 {hours_text(session.hours)} 学时)"
        )

    def selected_ids(self) -> list[int]:
        """Attendance ids of the selected rows."""
        return self.selected_in("trainingAttendance")

    def add_people(self) -> None:
        """添加人员: by unit/department or picked one by one."""
        session_id = self.session_id
        if session_id is not None:
            self.guard(lambda: add_attendees(self, self.ctx.db, session_id))

    def mark_all_present(self) -> None:
        """Everyone on the list attended (one transaction)."""
        session_id = self.session_id
        if session_id is not None:
            self.guard(lambda: self.repo.mark_all_present(session_id))

    def mark_selected(self, status: AttendanceStatus) -> None:
        """Mark the selected people with one status."""
        session_id, ids = self.session_id, self.selected_ids()
        if session_id is not None and ids:
            self.guard(lambda: self.repo.set_status(session_id, status, ids))

    def edit_attendance(self) -> None:
        """Edit the selected person's attendance."""
        attendance_id = self.model.row_id(selected_row(self.view))
        if attendance_id is None:
            return
        repo, conn = self.repo, self.ctx.conn
        self.guard(
            lambda: dialogs.edit_attendance(self, repo, queries.get_attendance(conn, attendance_id))
        )

    def remove_selected(self) -> None:
        """Take the selected people off the list after confirmation."""
        ids = self.selected_ids()
        if not ids:
            return
        question = f"确定将所选 {len(ids)} 人移出本次名单吗?"
        self.confirmed("移出名单", question, lambda: self.repo.delete_attendance(ids))


class PersonYearPanel(QWidget):
    """Per-person hours, sessions and exam score of one year; shortfalls in red (the page
    re-shows it after a change)."""

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = ctx.today().year
        self.search = search_box("搜索姓名、单位、处室…", self.apply_filter)
        self.search.setObjectName("personYearSearch")
        self.holders_only = QCheckBox("仅执法人员(持证)")
        self.holders_only.setObjectName("holdersOnly")
        self.short_only = QCheckBox("仅未达最低学时")
        self.short_only.setObjectName("shortOnly")
        for box in (self.holders_only, self.short_only):
            box.toggled.connect(lambda _c: self.apply_filter())
        self.caption = QLabel()
        self.caption.setObjectName("personYearCaption")
        self.model = SqlTableModel(PERSON_YEAR_COLUMNS, shortfall_colour, self)
        self.view = make_table(self.model, "trainingPersonYear")
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.holders_only)
        top.addWidget(self.short_only)
        top.addLayout(button_row([("学时与考试设置", self.edit_rules)]))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.caption)
        layout.addWidget(self.view, 1)

    def show_year(self, year: int) -> None:
        """Show the figures of one year."""
        self.year = year
        self.apply_filter()

    def apply_filter(self) -> None:
        """Re-query the list."""
        rules = read_training_rules(self.ctx.conn)
        self.model.set_query(
            queries.person_year_query(
                self.ctx.conn,
                self.year,
                rules,
                text=self.search.text(),
                holders_only=self.holders_only.isChecked(),
                short_only=self.short_only.isChecked(),
            )
        )
        self.caption.setText(
            f"{self.year}年个人学时(共 {self.model.rowCount()} 人);持证执法人员年度最低"
            f" {hours_text(rules.min_hours)} 学时,未达标者以红色标出。"
        )

    def edit_rules(self) -> None:
        """学时与考试设置."""
        run_action(self.ctx, self, "学时与考试设置", lambda: dialogs.edit_rules(self, self.ctx.db))

    def save_state(self) -> None:
        """Remember column widths."""
        state.save_columns("trainingPersonYear", self.view)
