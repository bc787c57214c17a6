"""文件 → 导入…: source → sheet/table → header and mapping → values → preview → import.

Reading, previewing and writing run on the background-task helper (progress, cancel); the
steps call ``desktop_app.imports``, the same code as ``python -m desktop_app import``. The
pages themselves are in ``pages.py``; this module moves between them and does the work.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import imports
from desktop_app.domain.errors import UserError
from desktop_app.ui import messages
from desktop_app.ui.dialogs.form import inputs_state, may_discard
from desktop_app.ui.imports.pages import DonePage, MappingPage, SourcePage, TablePage, ValuesPage
from desktop_app.ui.imports.preview import PreviewPage
from desktop_app.ui.tasks import run_task

if TYPE_CHECKING:
    from desktop_app.context import AppContext

SOURCE, TABLE, MAPPING, VALUES, PREVIEW, DONE = range(6)
STEP_TITLES = ("1 选择来源", "2 工作表/表格", "3 表头与列", "4 取值", "5 预览", "6 导入")
FILTER = "台账文件 (*.xlsx *.xls *.ods *.csv *.docx *.txt);;所有文件 (*)"
SIZE = (1100, 720)  # the wizard's size where the screen has room; less on a small screen


class ImportWizard(QDialog):
    """The import wizard; ``kind`` and ``text`` prefill it (a paste on a list page)."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, kind: str = "", text: str = ""
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("导入台账")
        self._fit_screen()
        self.source: Any = None
        self.prepared: Any = None
        self.result: Any = None
        self.batch_id: int | None = None
        self.options = imports.Options("rectification", today=ctx.today())
        # each page's inputs as the wizard first filled them after the file was read
        self._as_filled: dict[int, tuple[object, ...]] = {}
        self.steps = QLabel()
        self.steps.setObjectName("steps")
        self.pages = (
            SourcePage(),
            TablePage(),
            MappingPage(),
            ValuesPage(),
            PreviewPage(),
            DonePage(),
        )
        self.stack = QStackedWidget()
        for page in self.pages:
            self.stack.addWidget(page)
        self._name_widgets()
        self.back = QPushButton("上一步")
        self.next = QPushButton("下一步")
        self.next.setObjectName("next")
        self.next.setDefault(True)
        self.commit_button = QPushButton("导入")
        self.commit_button.setObjectName("commit")
        close = QPushButton("关闭")
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)
        self.commit_button.clicked.connect(self.start_commit)
        close.clicked.connect(self.reject)  # as Esc and ×: asks before discarding choices
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back, self.next, self.commit_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        if kind:
            self.kind.setCurrentIndex(list(imports.KINDS).index(kind))
        if text:
            self.paste.setPlainText(text)
        self.show_step(SOURCE)

    def _fit_screen(self) -> None:
        """SIZE, or nine tenths of a smaller screen (a 1366×768 laptop with its taskbar)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        width, height = SIZE
        if screen is not None:
            room = screen.availableGeometry()
            width = min(width, int(room.width() * 0.9))
            height = min(height, int(room.height() * 0.9))
        self.resize(width, height)

    # -- closing ---------------------------------------------------------------------
    def _filled(self, step: int) -> None:
        """Take a page's inputs as the wizard filled them (once per file read)."""
        self._as_filled.setdefault(step, inputs_state(self.pages[step]))

    def is_touched(self) -> bool:
        """True when a file was read, not yet imported, and the clerk changed a choice since."""
        if self.source is None or self.batch_id is not None:
            return False
        if self.options.excluded:
            return True
        return any(inputs_state(self.pages[s]) != state for s, state in self._as_filled.items())

    def reject(self) -> None:
        """关闭, Esc or ×: ask before discarding the mapping and options chosen."""
        if may_discard(self, self.is_touched()):
            super().reject()

    def _name_widgets(self) -> None:
        """The widgets the steps read and the tests drive, under short names."""
        source, table, mapping, values, preview, done = self.pages
        self.source_page, self.table_page, self.preview_page = source, table, preview
        self.kind, self.path, self.paste = source.kind, source.path, source.paste
        self.tables, self.reading = table.tables, table.reading
        self.mapping_page, self.mapping = mapping, mapping.mapping
        self.values_page, self.values = values, values.values
        self.counts, self.errors, self.rows = preview.counts, preview.errors, preview.rows
        self.done_text, self.undo_button = done.text, done.undo
        source.choose.clicked.connect(self.choose_file)
        mapping.redo.clicked.connect(self.redetect)
        preview.exclude.clicked.connect(self.exclude_selected)
        preview.export.clicked.connect(self.export_errors)
        done.undo.clicked.connect(self.undo)

    # -- navigation --------------------------------------------------------------------
    def show_step(self, step: int) -> None:
        """Show one page, with the step line and the buttons that fit it."""
        self.stack.setCurrentIndex(step)
        self.steps.setText(
            "  →  ".join(f"<b>{t}</b>" if i == step else t for i, t in enumerate(STEP_TITLES))
        )
        self.back.setEnabled(SOURCE < step < DONE)
        self.next.setVisible(step < PREVIEW)
        self.commit_button.setVisible(step == PREVIEW)
        self.commit_button.setEnabled(step == PREVIEW and bool(self.result and self.result.ok))

    @property
    def text_kind(self) -> bool:
        """True when importing a feedback or report text."""
        return self.options.kind == "feedback-text"

    def go_back(self) -> None:
        """上一步 (the mapping and values pages are skipped for a text)."""
        step = self.stack.currentIndex() - 1
        if self.text_kind and step in (MAPPING, VALUES):
            step = TABLE
        self.show_step(max(SOURCE, step))

    def go_next(self) -> None:
        """下一步: each step does its work and moves on."""
        step = self.stack.currentIndex()
        if step == SOURCE:
            self.read_source()
        elif step == TABLE:
            self.choose_table()
        elif step == MAPPING:
            self.run_preview(then=VALUES)
        elif step == VALUES:
            self.run_preview(then=PREVIEW)

    def choose_file(self) -> None:
        """选择文件…"""
        path, _ = QFileDialog.getOpenFileName(self, "选择要导入的文件", "", FILTER)
        if path:
            self.path.setText(path)

    # -- step work ---------------------------------------------------------------------
    def read_source(self) -> None:
        """Read the file (or pasted text) in the background."""
        self.options = imports.Options(self.kind.currentData(), today=self.ctx.today())
        path, text = self.path.text().strip(), self.paste.toPlainText()
        if not path and not text.strip():
            messages.warn(self, "导入", "请选择文件,或粘贴要导入的内容")
            return

        def job(progress: Any) -> Any:
            if path:
                return imports.open_source(
                    path, progress=progress.report, cancelled=progress.cancelled
                )
            return imports.open_source(text=text)

        run_task(self, "正在读取文件…", job, self._source_read)

    def _source_read(self, source: Any) -> None:
        self.source = source
        self._as_filled = {SOURCE: inputs_state(self.source_page)}
        from desktop_app.storage.rectification.queries import list_inspections

        names = [insp.name for insp in list_inspections(self.ctx.conn)] if self.text_kind else []
        self.table_page.show_source(source, self.text_kind, names)
        self._filled(TABLE)
        if self.text_kind or len(source.tables) == 1:
            self.choose_table()
        else:
            self.show_step(TABLE)

    def choose_table(self) -> None:
        """The chosen sheet or table: find its header; a text goes straight to preview."""
        if self.text_kind:
            self.options.reading = self.reading.currentData()
            self.options.inspection_name = self.table_page.inspection.currentText().strip()
            self.run_preview(then=PREVIEW)
            return
        row = self.tables.currentRow()
        self.options.sheet = self.source.tables[max(row, 0)].name
        self.options.header_row = self.options.depth = self.options.mapping = None
        self._prepare()

    def redetect(self) -> None:
        """按此表头重新识别: the clerk's header row and depth."""
        self.options.header_row = self.mapping_page.header_row.value() - 1
        self.options.depth = self.mapping_page.header_depth.value()
        self.options.mapping = None
        self._prepare()

    def _prepare(self) -> None:
        try:
            self.prepared = imports.prepare(self.source, self.options, self.ctx.conn)
        except UserError as exc:  # it says why; the clerk may pick the header row
            messages.warn(self, "导入", str(exc))
            self._filled(MAPPING)
            self.show_step(MAPPING)
            return
        self.mapping_page.show_prepared(self.prepared, self.options.kind, self.options.today.year)
        self._propose_inspection()
        self._filled(MAPPING)
        self.show_step(MAPPING)

    def _propose_inspection(self) -> None:
        """A rectification ledger goes into the inspection its title names (or one chosen)."""
        from desktop_app.imports.rectification import proposed_inspection
        from desktop_app.storage.rectification.queries import list_inspections

        ledger = self.options.kind == "rectification"
        self.mapping_page.inspection_row.setVisible(ledger)
        if not ledger:
            return
        proposed = self.options.inspection_name or proposed_inspection(self.prepared)
        existing = [insp.name for insp in list_inspections(self.ctx.conn)]
        self.mapping_page.show_inspection(proposed, existing)

    def mapping_choice(self) -> dict[int, str]:
        """The mapping as the clerk left it on the page."""
        return self.mapping_page.choice()

    def run_preview(self, then: int) -> None:
        """Read every row and compare with the database (in the background)."""
        if not self.text_kind and self.prepared is not None:
            self.options.mapping = self.mapping_choice()
            self.prepared.mapping = dict(self.options.mapping)
            self.options.inspection_name = self.mapping_page.inspection_name()
        self.options.value_map = self.values_page.choices(self.options.value_map)
        source, options, prepared = self.source, self.options, self.prepared

        def job(_progress: Any) -> Any:
            db = self.ctx.worker_db()
            try:
                return imports.preview(
                    db.conn, source, options, None if options.kind == "feedback-text" else prepared
                )
            finally:
                db.conn.close()

        run_task(self, "正在检查每一行…", job, lambda result: self._previewed(result, then))

    def _previewed(self, result: Any, then: int) -> None:
        self.result = result
        if then == VALUES and not result.unknown:
            then = PREVIEW
        self.values_page.show_unknown(result.unknown)
        self._filled(VALUES)
        self.preview_page.show_result(result)
        self.show_step(then)

    def exclude_selected(self) -> None:
        """排除所选行, then preview again."""
        picked = self.preview_page.selected_numbers()
        if picked:
            self.options.excluded |= picked
            self.run_preview(then=PREVIEW)

    def export_errors(self) -> None:
        """导出有错误的行…: a CSV to correct and import again."""
        if not self.result or not self.result.all_errors():
            messages.inform(self, "导入", "没有错误行")
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "导出有错误的行", "有错误的行.csv", "CSV (*.csv)"
        )
        if path:
            count = imports.error_rows_csv(self.result, Path(path))
            messages.inform(self, "导入", f"已导出 {count} 行到“{path}”")

    def start_commit(self) -> None:
        """导入: back up, then write everything in one transaction (cancel changes nothing)."""
        result = self.result

        def job(progress: Any) -> Any:
            db = self.ctx.worker_db()
            try:
                return imports.commit(
                    db,
                    result,
                    self.ctx.backup_dir,
                    progress=progress.report,
                    cancelled=progress.cancelled,
                )
            finally:
                db.conn.close()

        run_task(self, "正在导入…", job, self._committed)

    def _committed(self, done: Any) -> None:
        self.batch_id = done.batch_id
        backup = done.backup.name if done.backup else "(无)"
        where = done.preview.summary.get("inspection")
        into = f"\n已归入巡察“{where}”,可在“整改台账”页查看。" if where else ""
        self.done_text.setText(
            f"{imports.describe(done.preview)}。{into}\n导入前的数据已备份为 {backup}。"
            f"\n如发现导入有误,可以整批撤销(这是第 {done.batch_id} 批导入)。"
        )
        self.undo_button.setEnabled(True)
        self._tell_pages()
        self.show_step(DONE)

    def undo(self) -> None:
        """撤销这次导入 (one transaction)."""
        if self.batch_id is None:
            return
        if not messages.ask(self, "撤销导入", "撤销这次导入新增和修改的全部记录?"):
            return
        try:
            text = imports.undo(self.ctx.db, self.batch_id)
        except UserError as exc:
            messages.warn(self, "撤销导入", str(exc))
            return
        self.done_text.setText(f"{text}。\n数据库已回到这次导入之前的样子。")
        self.undo_button.setEnabled(False)
        self._tell_pages()

    def _tell_pages(self) -> None:
        hub = getattr(self.ctx, "changes", None)
        parent = self.parent()
        if hub is not None and hasattr(hub, "broadcast"):
            from desktop_app.storage.changes import Changes

            hub.broadcast(Changes.all())
        elif parent is not None and hasattr(parent, "refresh_all"):
            parent.refresh_all()


def open_wizard(
    ctx: AppContext, parent: QWidget | None = None, *, kind: str = "", text: str = ""
) -> ImportWizard:
    """Show the wizard (not modal to the pages: they refresh when it writes)."""
    wizard = ImportWizard(ctx, parent, kind=kind, text=text)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.show()
    return wizard
