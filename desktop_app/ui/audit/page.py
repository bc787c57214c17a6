"""The audit log page (操作日志): every change, filterable, with before and after."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
)

from desktop_app.context import AppContext
from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import UserError
from desktop_app.storage.audit import (
    ACTIONS,
    RECORD_TYPES,
    AuditFilter,
    audit_query,
    change_text,
)
from desktop_app.storage.changes import AUDIT_TABLE, Changes
from desktop_app.storage.query import PagedQuery
from desktop_app.ui import state
from desktop_app.ui.clerk_widget import ClerkWidget
from desktop_app.ui.style import summary_look
from desktop_app.ui.table_model import Column, SqlTableModel
from desktop_app.ui.widgets import (
    button_row,
    filter_combo,
    make_table,
    row_of,
    search_box,
    selected_row,
)

COLUMNS = [
    Column("at", "时间", 150),
    Column("os_user", "用户", 90),
    Column("action", "操作", 80, format=lambda v: ACTIONS.get(v, v)),
    Column("record_type", "对象", 80, format=lambda v: RECORD_TYPES.get(v, v)),
    Column("record_id", "编号", 60),
    Column("summary", "摘要", 420, tooltip=True),
]


class AuditPage(ClerkWidget):
    """操作日志 with filters by object, action, date range and text; new entries show when
    the page is shown again."""

    title = "操作日志"

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, {AUDIT_TABLE}, parent)
        self.record_type = filter_combo("全部对象")
        self.action = filter_combo("全部操作")
        self.record_type.clear()
        self.action.clear()
        self.record_type.addItem("全部对象", "")
        for key, label in RECORD_TYPES.items():
            self.record_type.addItem(label, key)
        self.action.addItem("全部操作", "")
        for key, label in ACTIONS.items():
            self.action.addItem(label, key)
        self.date_from = QLineEdit()
        self.date_from.setPlaceholderText("起始日期")
        self.date_to = QLineEdit()
        self.date_to.setPlaceholderText("截止日期")
        self.search = search_box("搜索摘要与内容…", self.apply_filter)
        for combo in (self.record_type, self.action):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        for edit in (self.date_from, self.date_to):
            edit.editingFinished.connect(self.apply_filter)
        self.model = SqlTableModel(COLUMNS, parent=self)
        self.view = make_table(self.model, "audit")
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self.detail = QTextBrowser()
        self.message = QLabel()
        self.message.setObjectName("summary")
        summary_look(self.message)
        filters = row_of(
            (self.search, 3),
            (self.record_type, 1),
            (self.action, 1),
            (self.date_from, 1),
            (self.date_to, 1),
            button_row([("刷新", self.apply_filter)]),
        )
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self.apply_filter()

    def _query(self) -> PagedQuery:
        flt = AuditFilter(
            record_type=self.record_type.currentData() or "",
            action=self.action.currentData() or "",
            start=parse_date(self.date_from.text(), "起始日期"),
            end=parse_date(self.date_to.text(), "截止日期"),
            text=self.search.text(),
        )
        return audit_query(self.ctx.conn, flt)

    def apply_filter(self) -> None:
        """Re-query the log."""
        try:
            query = self._query()
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.model.set_query(query)
        self.message.setText(f"共 {self.model.rowCount()} 条记录")

    def refresh_all(self) -> None:
        """Re-read after a restore or any change elsewhere."""
        self.apply_filter()

    def on_changes(self, _changes: Changes) -> None:
        """Something was logged."""
        self.apply_filter()

    def _show_detail(self) -> None:
        record_id = self.model.row_id(selected_row(self.view))
        if record_id is None:
            self.detail.clear()
            return
        heading, lines = change_text(self.ctx.conn, record_id)
        summary = (self.model.row(selected_row(self.view)) or {}).get("summary") or ""
        parts = [summary] if summary else []
        if heading:
            parts.append(f"{heading}:" if lines else f"{heading}:(无)")
        self.detail.setPlainText("\n".join([*parts, *(f"  {line}" for line in lines)]))

    def save_state(self) -> None:
        """Remember column widths."""
        state.save_columns("audit", self.view)
