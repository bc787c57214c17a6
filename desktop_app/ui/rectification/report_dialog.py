"""The progress report's editable texts beside a live preview of the PDF."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)

from desktop_app.context import AppContext
from desktop_app.domain.errors import UserError
from desktop_app.domain.notices import NoticeTexts
from desktop_app.exports import rectification as export_specs
from desktop_app.ui import state
from desktop_app.ui.dialogs.notice_texts import (
    SIGN_DATE,
    SIGNATURE,
    NoticeField,
    NoticeTextsForm,
    head_fields,
)
from desktop_app.ui.exporting import ask_save_path, offer_file
from desktop_app.ui.tasks import TaskProgress, run_task, show_error

REPORT_FIELDS = (
    *head_fields("中共南通市科学技术局党组", "通科党〔2022〕16号"),
    NoticeField("opening", "开头段落", lines=6),
    NoticeField("next_steps", "下一步工作打算", lines=8),
    SIGNATURE,
    SIGN_DATE,
)


class ReportDialog(QDialog):
    """Edit title, addressee, opening, next steps, signature, number and red header."""

    def __init__(self, ctx: AppContext, inspection: int | None, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.inspection = inspection
        self.setWindowTitle("整改进展情况通报")
        self._tmp = tempfile.TemporaryDirectory(prefix="lawledger-report-")
        self.preview_path = Path(self._tmp.name) / "预览.pdf"
        self.ids = export_specs.report_ids(ctx.db, inspection)
        sections = export_specs.report_sections(ctx.db, self.ids)
        texts = export_specs.report_texts(ctx.db, self.ids, sections)
        self.form = NoticeTextsForm("通报文字", texts, REPORT_FIELDS, embedded=True)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel("点击“刷新预览”查看效果。")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.form)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for text, slot in (
            ("刷新预览", self.refresh_preview),
            ("导出PDF…", self.export_pdf),
            ("打印…", self.print_report),
            ("关闭", self.reject),
        ):
            button = QPushButton(text)
            button.setObjectName(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        if not state.restore_geometry("report-dialog", self):
            self.resize(1300, 860)

    def texts(self) -> NoticeTexts:
        """The texts as edited (dated today when no date is given); ValidationError names a
        bad field."""
        texts = self.form.texts()
        return texts if texts.sign_date else texts.dated(date.today())

    def save_texts(self, texts: NoticeTexts) -> None:
        """Keep the texts so that next week's report starts from them."""
        if len(self.ids) == 1:
            self.ctx.rectification.save_report_texts(self.ids[0], texts)
        else:
            self.ctx.settings.set_many({export_specs.ALL_OPEN_TEXTS_KEY: texts.to_json()})

    def _generate(self, out: Path, after) -> None:
        try:
            texts = self.texts()
            self.save_texts(texts)
        except UserError as exc:
            show_error(self, "整改进展情况通报", exc)
            return
        ctx, inspection = self.ctx, self.ids

        def job(progress: TaskProgress) -> int:
            db = ctx.worker_db()
            try:
                return export_specs.write_report(
                    db,
                    out,
                    inspection,
                    texts,
                    progress.report,
                    progress.cancelled,
                    {"unsigned": True},
                )
            finally:
                db.conn.close()

        run_task(self, "正在生成通报…", job, after)

    def refresh_preview(self) -> None:
        """Regenerate the preview PDF from the current texts."""

        def show(pages: int) -> None:
            self.document.close()
            self.document.load(str(self.preview_path))
            self.status.setText(f"预览已更新,共 {pages} 页。")

        self.document.close()
        self._generate(self.preview_path, show)

    def export_pdf(self) -> None:
        """Save the report as a PDF file and offer it."""
        out = ask_save_path(self, "导出整改进展情况通报", ".pdf", self.form.text("title") or "通报")
        if out:
            self._generate(out, lambda pages: offer_file(self, out, f"共 {pages} 页"))

    def print_report(self) -> None:
        """Generate, then open the print preview."""
        from desktop_app.ui.dialogs.print_preview import preview_pdf

        self.document.close()
        self._generate(self.preview_path, lambda _p: preview_pdf(self, self.preview_path))

    def done(self, result: int) -> None:
        """Remember the window size and drop the preview file."""
        state.save_geometry("report-dialog", self)
        self.document.close()
        super().done(result)
        self._tmp.cleanup()
        self.deleteLater()
