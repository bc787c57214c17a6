"""The lower half of the rectification page: measures, progress history and evidence."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.context import AppContext
from desktop_app.domain.errors import UserError
from desktop_app.domain.rectification import Measure
from desktop_app.lazy import lazy_import
from desktop_app.paths import documents_dir, evidence_cache_dir
from desktop_app.storage.rectification import queries
from desktop_app.ui import messages, state
from desktop_app.ui.rectification.columns import (
    MEASURE_COLUMNS,
    measure_query,
    warning_colour,
)
from desktop_app.ui.table_model import SqlTableModel
from desktop_app.ui.widgets import button_row, guarded, make_table, selected_id

# The edit dialogs load when the clerk first opens one, not with the window.
dialogs = lazy_import("desktop_app.ui.rectification.dialogs")


class ProblemDetail(QWidget):
    """Measures of the selected problem, its progress history and evidence files."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.problem_id: int | None = None
        self.measures = SqlTableModel(MEASURE_COLUMNS, warning_colour, self)
        self.measure_view = make_table(self.measures, "measures")
        self.measure_view.doubleClicked.connect(lambda _i: self.edit_measure())
        measures_box = QWidget()
        box = QVBoxLayout(measures_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(
            button_row(
                [
                    ("新增措施", self.add_measure),
                    ("编辑措施", self.edit_measure),
                    ("删除措施", self.delete_measure),
                    ("措施销号", self.sign_off_measure),
                    ("撤销措施销号", self.reopen_measure),
                ]
            )
        )
        box.addWidget(self.measure_view)
        self.history = QTextBrowser()
        self.history.setObjectName("history")
        self.history.setPlaceholderText("请在上方选择一个问题。")
        self.evidence = QListWidget()
        self.evidence.setObjectName("evidence")
        self.evidence.itemDoubleClicked.connect(lambda _i: self.open_evidence())
        evidence_box = QWidget()
        ev = QVBoxLayout(evidence_box)
        ev.addWidget(self.evidence)
        ev.addLayout(
            button_row(
                [
                    ("添加佐证材料", self.add_evidence),
                    ("打开", self.open_evidence),
                    ("另存为", self.save_evidence_as),
                    ("删除材料", self.delete_evidence),
                ]
            )
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.history, "详情与整改进展")
        self.tabs.addTab(evidence_box, "佐证材料")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(measures_box)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.show_problem(None)

    # -- showing -------------------------------------------------------------
    def show_problem(self, problem_id: int | None) -> None:
        """Show one problem's measures, history and evidence (None clears)."""
        self.problem_id = problem_id
        rules = self.ctx.warning_rules()
        query = (
            measure_query(self.ctx.conn, problem_id, self.ctx.today(), rules)
            if problem_id
            else None
        )
        self.measures.set_query(query)
        self.setEnabled(problem_id is not None)
        self._show_history()
        self._show_evidence()

    def _show_history(self) -> None:
        if self.problem_id is None:
            self.history.clear()  # shows the placeholder
            return
        import html  # here: with no problem chosen at start, the window need not load it

        problem = queries.get_problem(self.ctx.conn, self.problem_id)
        labels = {m.id: f"措施{m.seq}" for m in problem.measures}
        parts = [
            f"<h3>{html.escape(problem.description)}</h3>",
            f"<p>状态:<b>{problem.status.value}</b>",
        ]
        if problem.completion_date:
            parts.append(f" 完成时间:{problem.completion_date}")
        if problem.signoff:
            s = problem.signoff
            parts.append(f" 已于 {s.date} 由 {html.escape(s.by)} 销号 {html.escape(s.remark)}")
        parts.append("</p><h4>整改进展</h4>")
        entries = queries.progress_of(self.ctx.conn, self.problem_id)
        if not entries:
            parts.append("<p style='color:#777'>尚无进展记录。</p>")
        for e in entries:
            target = labels.get(e.measure_id, "问题")
            text = html.escape(e.text).replace("\n", "<br>")
            who = html.escape(e.author)
            parts.append(f"<p><b>{e.date}</b> [{target}] {who}<br>{text}</p>")
        self.history.setHtml("".join(parts))

    def _show_evidence(self) -> None:
        self.evidence.clear()
        if self.problem_id is None:
            return
        for row in queries.evidence_of(self.ctx.conn, self.problem_id):
            size = f"{row['size'] / 1024:.0f} KB"
            item = QListWidgetItem(f"{row['file_name']}  ({size},{row['added_at'][:10]})")
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            self.evidence.addItem(item)

    def refresh(self) -> None:
        """Re-read after a change."""
        self.show_problem(self.problem_id)

    def _after_change(self) -> None:
        self.refresh()
        self.changed.emit()

    # -- measures ------------------------------------------------------------
    def selected_measure(self) -> int | None:
        """Id of the selected measure."""
        return selected_id(self.measure_view)

    def measures_list(self) -> list[Measure]:
        """Measures of the shown problem."""
        return queries.measures_of(self.ctx.conn, self.problem_id) if self.problem_id else []

    def _guard(self, action) -> None:
        if guarded(self, "整改台账", action):
            self._after_change()

    def add_measure(self) -> None:
        """新增措施 under the shown problem."""
        if self.problem_id is None:
            return
        measure = Measure(content="", problem_id=self.problem_id)
        repo = self.ctx.rectification
        self._guard(
            lambda: (
                repo.check_editable(self.problem_id) or dialogs.edit_measure(self, repo, measure)
            )
        )

    def edit_measure(self) -> None:
        """Edit the selected measure."""
        measure_id = self.selected_measure()
        if measure_id is None:
            return
        repo = self.ctx.rectification
        self._guard(
            lambda: (
                repo.check_editable(self.problem_id, measure_id)
                or dialogs.edit_measure(self, repo, repo.get_measure(measure_id))
            )
        )

    def delete_measure(self) -> None:
        """Delete the selected measure after confirmation."""
        measure_id = self.selected_measure()
        if measure_id is None:
            return
        if messages.ask(self, "删除措施", "确定删除所选整改措施及其进展和佐证材料吗?"):
            self._guard(lambda: self.ctx.rectification.delete_measure(measure_id) or True)

    def sign_off_measure(self) -> None:
        """销号 the selected measure."""
        measure_id = self.selected_measure()
        if measure_id is not None:
            repo = self.ctx.rectification
            self._guard(lambda: dialogs.sign_off(self, repo, "measure", measure_id))

    def reopen_measure(self) -> None:
        """撤销销号 of the selected measure."""
        measure_id = self.selected_measure()
        if measure_id is not None:
            repo = self.ctx.rectification
            self._guard(lambda: dialogs.reopen(self, repo, "measure", measure_id))

    def add_progress(self) -> None:
        """Record progress on the shown problem or a measure."""
        if self.problem_id is None:
            return
        repo = self.ctx.rectification
        measures = self.measures_list()
        self._guard(
            lambda: (
                repo.check_editable(self.problem_id)
                or dialogs.add_progress(self, repo, self.problem_id, measures)
            )
        )

    # -- evidence --------------------------------------------------------------
    def _selected_evidence(self) -> int | None:
        item = self.evidence.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def add_evidence(self) -> None:
        """Attach files (copied into the database)."""
        from PySide6.QtWidgets import QFileDialog

        if self.problem_id is None:
            return
        try:
            self.ctx.rectification.check_editable(self.problem_id)
        except UserError as exc:
            messages.warn(self, "佐证材料", str(exc))
            return
        folder = state.last_folder("evidence", documents_dir())
        files, _ = QFileDialog.getOpenFileNames(self, "选择佐证材料", str(folder))
        if not files:
            return
        state.remember_folder("evidence", files[0])
        measure_id = self.selected_measure()
        repo = self.ctx.rectification
        self._guard(
            lambda: [repo.evidence.add(self.problem_id, measure_id, Path(f)) for f in files]
        )

    def _extract(self) -> Path | None:
        evidence_id = self._selected_evidence()
        if evidence_id is None:
            return None
        name, data = self.ctx.rectification.evidence.data(evidence_id)
        folder = evidence_cache_dir() / str(evidence_id)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(data)
        return path

    def open_evidence(self) -> None:
        """Open the selected evidence with the system viewer."""
        path = self._extract()
        if path and not messages.open_with_system(path):
            messages.inform(self, "佐证材料", f"没有可打开此文件的程序。文件位于:\n{path}")

    def save_evidence_as(self) -> None:
        """Save a copy of the selected evidence file."""
        from PySide6.QtWidgets import QFileDialog

        evidence_id = self._selected_evidence()
        if evidence_id is None:
            return
        name, data = self.ctx.rectification.evidence.data(evidence_id)
        start = state.last_folder("evidence-save", documents_dir()) / name
        target, _ = QFileDialog.getSaveFileName(self, "另存佐证材料", str(start))
        if target:
            state.remember_folder("evidence-save", target)
            Path(target).write_bytes(data)

    def delete_evidence(self) -> None:
        """Remove the selected evidence file after confirmation."""
        evidence_id = self._selected_evidence()
        if evidence_id is None:
            return
        if messages.ask(self, "删除佐证材料", "确定删除所选佐证材料吗?"):
            repo = self.ctx.rectification
            self._guard(lambda: repo.evidence.delete(evidence_id) or True)
