"""文件 → 导入…: source → sheet/table → header and mapping → values → preview → import.

Reading, previewing and writing run on the background-task helper (progress, cancel); the
steps call ``desktop_app.imports``, the same code as ``python -m desktop_app import``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app import imports
from desktop_app.domain.imports.feedback import READINGS
from desktop_app.domain.imports.fields import FIELDS
from desktop_app.ui import messages
from desktop_app.ui.tasks import run_task

if TYPE_CHECKING:
    from desktop_app.context import AppContext

SOURCE, TABLE, MAPPING, VALUES, PREVIEW, DONE = range(6)
STEP_TITLES = ("1 选择来源", "2 工作表/表格", "3 表头与列", "4 取值", "5 预览", "6 导入")
FILTER = "台账文件 (*.xlsx *.xls *.ods *.csv *.docx *.txt);;所有文件 (*)"
ROW_COLOURS = {"有错误": "#f8d7da", "已排除": "#e2e3e5", "新增": "#d4edda", "更新": "#fff3cd"}


def _cell(text: Any) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class ImportWizard(QDialog):
    """The import wizard; ``kind`` and ``text`` prefill it (a paste on a list page)."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, kind: str = "", text: str = ""
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("导入台账")
        self.resize(1100, 720)
        self.source: Any = None
        self.prepared: Any = None
        self.result: Any = None
        self.batch_id: int | None = None
        self.options = imports.Options("rectification", today=ctx.today())
        self.steps = QLabel()
        self.steps.setObjectName("steps")
        self.stack = QStackedWidget()
        for build in (
            self._source_page,
            self._table_page,
            self._mapping_page,
            self._values_page,
            self._preview_page,
            self._done_page,
        ):
            self.stack.addWidget(build())
        self.back = QPushButton("上一步")
        self.next = QPushButton("下一步")
        self.next.setObjectName("next")
        self.commit_button = QPushButton("导入")
        self.commit_button.setObjectName("commit")
        close = QPushButton("关闭")
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)
        self.commit_button.clicked.connect(self.start_commit)
        close.clicked.connect(self.reject)
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

    # -- pages -------------------------------------------------------------------------
    def _source_page(self) -> QWidget:
        page = QWidget()
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for key, label in imports.KINDS.items():
            self.kind.addItem(label, key)
        self.path = QLineEdit()
        self.path.setObjectName("path")
        self.path.setPlaceholderText("Excel、WPS、CSV、Word 或文本文件")
        choose = QPushButton("选择文件…")
        choose.clicked.connect(self.choose_file)
        self.paste = QPlainTextEdit()
        self.paste.setObjectName("paste")
        self.paste.setPlaceholderText(
            "或者把从 Excel/WPS 复制的行、反馈意见或整改报告的文字粘贴在这里"
        )
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("导入什么:"))
        layout.addWidget(self.kind)
        layout.addWidget(QLabel("从哪个文件:"))
        layout.addLayout(row)
        layout.addWidget(self.paste, 1)
        return page

    def _table_page(self) -> QWidget:
        page = QWidget()
        self.tables = QListWidget()
        self.tables.setObjectName("tables")
        self.reading = QComboBox()
        self.reading.setObjectName("reading")
        for key, label in READINGS.items():
            self.reading.addItem(label, key)
        self.table_note = QLabel()
        self.table_note.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("选择要导入的工作表或表格(反馈意见文字请选择标题的读法):"))
        layout.addWidget(self.tables, 1)
        layout.addWidget(self.reading)
        layout.addWidget(self.table_note)
        return page

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        self.header_row = QSpinBox()
        self.header_row.setObjectName("header_row")
        self.header_row.setRange(1, 30)
        self.depth = QSpinBox()
        self.depth.setRange(1, 2)
        redo = QPushButton("按此表头重新识别")
        redo.clicked.connect(self.redetect)
        self.mapping = QTableWidget(0, 4)
        self.mapping.setObjectName("mapping")
        self.mapping.setHorizontalHeaderLabels(["列", "表头", "导入为", "把握"])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.mapping.verticalHeader().setVisible(False)
        self.mapping_note = QLabel()
        row = QHBoxLayout()
        row.addWidget(QLabel("表头在第"))
        row.addWidget(self.header_row)
        row.addWidget(QLabel("行,共"))
        row.addWidget(self.depth)
        row.addWidget(QLabel("行"))
        row.addWidget(redo)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.mapping, 1)
        layout.addWidget(self.mapping_note)
        return page

    def _values_page(self) -> QWidget:
        page = QWidget()
        self.values = QTableWidget(0, 4)
        self.values.setObjectName("values")
        self.values.setHorizontalHeaderLabels(["列", "文件中的写法", "所在行", "对应为"])
        self.values.horizontalHeader().setStretchLastSection(True)
        self.values_note = QLabel()
        layout = QVBoxLayout(page)
        layout.addWidget(self.values_note)
        layout.addWidget(self.values, 1)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget()
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.counts.setWordWrap(True)
        self.errors = QTableWidget(0, 4)
        self.errors.setObjectName("errors")
        self.errors.setHorizontalHeaderLabels(["工作表", "行", "列", "说明"])
        self.errors.horizontalHeader().setStretchLastSection(True)
        self.rows = QTableWidget(0, 0)
        self.rows.setObjectName("rows")
        for table in (self.rows, self.errors):
            table.verticalHeader().setVisible(False)  # the 行 column names the row
        exclude = QPushButton("排除所选行")
        exclude.clicked.connect(self.exclude_selected)
        export = QPushButton("导出有错误的行…")
        export.clicked.connect(self.export_errors)
        row = QHBoxLayout()
        row.addWidget(exclude)
        row.addWidget(export)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.counts)
        layout.addWidget(self.errors, 1)
        layout.addLayout(row)
        layout.addWidget(self.rows, 2)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget()
        self.done_text = QLabel()
        self.done_text.setObjectName("done")
        self.done_text.setWordWrap(True)
        self.undo_button = QPushButton("撤销这次导入")
        self.undo_button.setObjectName("undo")
        self.undo_button.clicked.connect(self.undo)
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_text)
        layout.addWidget(self.undo_button)
        layout.addStretch(1)
        return page

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
        """上一步 (the values page is skipped when there is nothing to map)."""
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
        self.tables.clear()
        for table in source.tables:
            self.tables.addItem(f"{table.name}({len(table.rows)} 行)")
        if source.tables:
            first = next((i for i, t in enumerate(source.tables) if not t.is_empty()), 0)
            self.tables.setCurrentRow(first)
        self.tables.setVisible(not self.text_kind)
        self.reading.setVisible(self.text_kind)
        self.table_note.setText("\n".join(source.notices))
        if self.text_kind or len(source.tables) == 1:
            self.choose_table()
        else:
            self.show_step(TABLE)

    def choose_table(self) -> None:
        """The chosen sheet or table: find its header; a text goes straight to preview."""
        if self.text_kind:
            self.options.reading = self.reading.currentData()
            self.run_preview(then=PREVIEW)
            return
        row = self.tables.currentRow()
        self.options.sheet = self.source.tables[max(row, 0)].name
        self.options.header_row = self.options.depth = self.options.mapping = None
        self._prepare()

    def redetect(self) -> None:
        """按此表头重新识别: the clerk's header row and depth."""
        self.options.header_row = self.header_row.value() - 1
        self.options.depth = self.depth.value()
        self.options.mapping = None
        self._prepare()

    def _prepare(self) -> None:
        try:
            self.prepared = imports.prepare(self.source, self.options, self.ctx.conn)
        except Exception as exc:  # a UserError says why; the clerk may pick the header row
            messages.warn(self, "导入", str(exc))
            self.show_step(MAPPING)
            return
        self._show_mapping()
        self.show_step(MAPPING)

    def _show_mapping(self) -> None:
        layout, fields = self.prepared.layout, FIELDS[self.options.kind]
        self.header_row.setValue(layout.header_row + 1)
        self.depth.setValue(layout.depth)
        self.mapping.setRowCount(len(layout.headers))
        confidence = {p.column: p for p in self.prepared.proposals}
        for c, header in enumerate(layout.headers):
            from desktop_app.formats.readers import column_letter

            self.mapping.setItem(c, 0, _cell(column_letter(c)))
            self.mapping.setItem(c, 1, _cell(header))
            combo = QComboBox()
            combo.addItem("(不导入)", "")
            for item in fields:
                combo.addItem(item.label, item.key)
            combo.setCurrentIndex(max(0, combo.findData(self.prepared.mapping.get(c, ""))))
            self.mapping.setCellWidget(c, 2, combo)
            proposal = confidence.get(c)
            sure = (
                f"{proposal.confidence:.0%}({proposal.reason})"
                if proposal and proposal.field
                else ""
            )
            self.mapping.setItem(c, 3, _cell(sure))
        self.mapping.resizeColumnsToContents()
        memo = "已按上次同样表头的文件对应。" if self.prepared.remembered else ""
        self.mapping_note.setText(f"{memo}可修改每一列导入为什么;“把握”是自动对应的把握程度。")

    def mapping_choice(self) -> dict[int, str]:
        """The mapping as the clerk left it on the page."""
        return {
            c: self.mapping.cellWidget(c, 2).currentData() for c in range(self.mapping.rowCount())
        }

    def run_preview(self, then: int) -> None:
        """Read every row and compare with the database (in the background)."""
        if not self.text_kind and self.prepared is not None:
            self.options.mapping = self.mapping_choice()
            self.prepared.mapping = dict(self.options.mapping)
        self.options.value_map = self._value_choices()
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
        self._show_values()
        self._show_preview()
        self.show_step(then)

    def _show_values(self) -> None:
        unknown = self.result.unknown if self.result else []
        self.values_note.setText(
            "以下写法无法识别,请为每一种指定对应的取值(只需指定一次,下次自动沿用):"
            if unknown
            else "所有取值都已识别。"
        )
        self.values.setRowCount(len(unknown))
        for r, entry in enumerate(unknown):
            self.values.setItem(r, 0, _cell(entry.label))
            self.values.setItem(r, 1, _cell(entry.value))
            self.values.setItem(r, 2, _cell("、".join(map(str, entry.rows[:20]))))
            combo = QComboBox()
            combo.addItem("(请选择)", "")
            for choice in entry.choices:
                combo.addItem(choice, choice)
            combo.setProperty("field", entry.field)
            self.values.setCellWidget(r, 3, combo)

    def _value_choices(self) -> dict[str, dict[str, str]]:
        chosen = {k: dict(v) for k, v in self.options.value_map.items()}
        for r in range(self.values.rowCount()):
            combo = self.values.cellWidget(r, 3)
            if combo is not None and combo.currentData():
                chosen.setdefault(combo.property("field"), {})[self.values.item(r, 1).text()] = (
                    combo.currentData()
                )
        return chosen

    def _show_preview(self) -> None:
        result = self.result
        lines = [imports.describe(result)] if result.ok else []
        for what, counts in result.counts.items():
            from desktop_app.imports.command import COUNT_WORDS, WHAT

            parts = "、".join(f"{COUNT_WORDS[a]} {n}" for a, n in counts.items())
            lines.append(f"{WHAT.get(what, what)}:{parts}")
        if "by_status" in result.summary:
            lines.append(
                "问题状态:" + "、".join(f"{k} {v}" for k, v in result.summary["by_status"].items())
            )
        errors = result.all_errors()
        lines.append(f"错误 {len(errors)} 处" + (",改正或排除后才能导入" if errors else ""))
        lines += [f"提示:{w}" for w in result.warnings[:5]]
        lines += [f"变化:{c}" for c in result.changes[:10]]
        self.counts.setText("\n".join(lines))
        self.errors.setRowCount(len(errors))
        for r, error in enumerate(errors):
            for c, value in enumerate((error.sheet, error.row or "", error.column, error.message)):
                self.errors.setItem(r, c, _cell(value))
        self.errors.resizeColumnsToContents()
        self.rows.clear()
        self.rows.setColumnCount(len(result.headers) + 2)
        self.rows.setHorizontalHeaderLabels(["行", "处理", *result.headers])
        self.rows.setRowCount(len(result.rows))
        for r, row in enumerate(result.rows):
            colour = ROW_COLOURS.get(row.action)
            for c, value in enumerate((row.number, row.action, *row.cells)):
                item = _cell(str(value)[:200])
                if colour:
                    item.setBackground(QColor(colour))
                self.rows.setItem(r, c, item)
        self.commit_button.setEnabled(result.ok)

    def exclude_selected(self) -> None:
        """排除所选行, then preview again."""
        picked = {self.result.rows[i.row()].number for i in self.rows.selectedIndexes()}
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
        self.done_text.setText(
            f"{imports.describe(done.preview)}。\n导入前的数据已备份为 {backup}。"
            "\n如发现导入有误,可以整批撤销。"
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
        from desktop_app.domain.errors import UserError

        try:
            text = imports.undo(self.ctx.db, self.batch_id)
        except UserError as exc:
            messages.warn(self, "撤销导入", str(exc))
            return
        self.done_text.setText(text)
        self.undo_button.setEnabled(False)
        self._tell_pages()

    def _tell_pages(self) -> None:
        hub = getattr(self.ctx, "changes", None)
        if hub is not None and hasattr(hub, "broadcast"):
            from desktop_app.storage.changes import Changes

            hub.broadcast(Changes.all())
        elif self.parent() is not None and hasattr(self.parent(), "refresh_all"):
            self.parent().refresh_all()


def open_wizard(
    ctx: AppContext, parent: QWidget | None = None, *, kind: str = "", text: str = ""
) -> ImportWizard:
    """Show the wizard (not modal to the pages: they refresh when it writes)."""
    wizard = ImportWizard(ctx, parent, kind=kind, text=text)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.show()
    return wizard
