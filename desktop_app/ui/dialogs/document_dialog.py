"""One dialog for every notice, report and sign-in sheet: its texts beside a live preview.

刷新预览 sets the document as PDF into a scratch file and shows it; 导出PDF… and 导出Word…
write it where the clerk chooses; 打印… opens the print preview. A document that would go
out without a signer says so first and offers 本单位信息 (``agency_profile.ensure_signer``).
The document is written on a worker thread through ``write(db, out, texts, options, …)``,
the same export code the CLI runs (``export_writer`` makes one from an export's name).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import UserError
from desktop_app.domain.notices import NoticeTexts
from desktop_app.exports import get_export
from desktop_app.jobs import CancelCheck, Progress
from desktop_app.ui import state
from desktop_app.ui.dialogs.form import may_discard
from desktop_app.ui.dialogs.notice_texts import NoticeField, NoticeTextsForm, NumberOption
from desktop_app.ui.dialogs.screen_fit import fit_to_screen
from desktop_app.ui.exporting import ask_save_path, offer_file
from desktop_app.ui.tasks import TaskProgress, run_task, show_error

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.context import AppContext

# write(db, out, texts, options, progress, cancelled): options carry format and unsigned
Writer = Callable[
    ["Database", Path, NoticeTexts, dict[str, Any], Progress | None, CancelCheck | None], int
]
PREVIEW, EXPORT_PDF, EXPORT_WORD, PRINT, CLOSE = (
    "刷新预览",
    "导出PDF…",
    "导出Word…",
    "打印…",
    "关闭",
)
PREVIEW_HINT = f"点击“{PREVIEW}”查看效果。"  # the status until a preview is drawn


def export_writer(name: str, fixed: dict[str, Any]) -> Writer:
    """The writer through the export ``name``: the dialog's options and the ``fixed`` ones
    (the record, the year…), and the edited texts unless blank (a document without texts)."""
    spec = get_export(name)

    def write(
        db: Database,
        out: Path,
        texts: NoticeTexts,
        options: dict[str, Any],
        progress: Progress | None,
        cancelled: CancelCheck | None,
    ) -> int:
        values = {**options, **fixed}
        if texts is not None and texts != NoticeTexts():
            values["texts"] = texts
        return spec.run(db, out, values, progress, cancelled)

    return write


def pdf_pages(path: Path) -> int:
    """Pages of a written PDF (an export's own count may be of rows, not pages)."""
    document = QPdfDocument()
    try:
        document.load(str(path))
        return document.pageCount()
    finally:
        document.close()


class DocumentDialog(QDialog):
    """Edit a document's texts (and options), preview it, export it as PDF or Word, print it."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        texts: NoticeTexts,
        layout: Sequence[NoticeField],
        write: Writer,
        *,
        file_stem: str,
        save_texts: Callable[[NoticeTexts], None] | None = None,
        options: Sequence[NumberOption] = (),
        note: str = "",
        extra: QWidget | None = None,
        extra_options: Callable[[], dict[str, Any]] | None = None,
        signed: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.title, self.write, self.file_stem = ctx, title, write, file_stem
        self.save_texts, self.extra_options, self.signed = save_texts, extra_options, signed
        self.setWindowTitle(title)
        self._tmp = tempfile.TemporaryDirectory(prefix="lawledger-document-")
        self.preview_path = Path(self._tmp.name) / "预览.pdf"
        self.form = NoticeTextsForm(
            f"{title}文字", texts, layout, embedded=True, options=options, note=note
        )
        self.form.setObjectName("texts")
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("preview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(PREVIEW_HINT)
        self.status.setObjectName("status")
        self._form_args = (f"{title}文字", layout, options, note)
        left = QWidget()
        self.column = column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        if extra is not None:
            column.addWidget(extra)
        column.addWidget(self.form)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for text, slot in (
            (PREVIEW, self.refresh_preview),
            (EXPORT_PDF, lambda: self.export("pdf")),
            (EXPORT_WORD, lambda: self.export("docx")),
            (PRINT, self.print_document),
            (CLOSE, self.reject),
        ):
            button = QPushButton(text)
            button.setObjectName(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        outer = QVBoxLayout(self)
        outer.addWidget(splitter, 1)
        outer.addLayout(buttons)
        if not state.restore_geometry("document-dialog", self):
            fit_to_screen(self, 1300, 860)

    @classmethod
    def as_recorded(
        cls,
        ctx: AppContext,
        title: str,
        export: tuple[str, dict[str, Any]],
        *,
        file_stem: str,
        note: str,
        signed: bool = True,
        extra: QWidget | None = None,
        extra_options: Callable[[], dict[str, Any]] | None = None,
        parent: QWidget | None = None,
    ) -> DocumentDialog:
        """A document set from the records alone, with no texts to edit: ``export`` is the
        export's name and its fixed values (see ``export_writer``)."""
        return cls(
            ctx,
            title,
            NoticeTexts(),
            (),
            export_writer(*export),
            file_stem=file_stem,
            note=note,
            extra=extra,
            extra_options=extra_options,
            signed=signed,
            parent=parent,
        )

    def replace_texts(self, texts: NoticeTexts) -> None:
        """Show other texts (e.g. those kept for another scope) in a fresh form."""
        title, layout, options, note = self._form_args
        form = NoticeTextsForm(title, texts, layout, embedded=True, options=options, note=note)
        form.setObjectName("texts")
        self.column.replaceWidget(self.form, form)
        self.form.deleteLater()
        self.form = form

    # -- what is written ---------------------------------------------------------------
    def texts(self) -> NoticeTexts:
        """The texts as edited; ValidationError names a bad field."""
        return self.form.texts()

    def options(self) -> dict[str, Any]:
        """The number options and the caller's extra options."""
        values: dict[str, Any] = dict(self.form.option_values())
        if self.extra_options is not None:
            values.update(self.extra_options())
        return values

    def _generate(
        self, out: Path, fmt: str, after: Callable[[int], None], *, unsigned: bool, used: bool
    ) -> None:
        """Write the document to ``out`` on a worker, then ``after``; ``used``: the clerk's
        texts go out (exported or printed), so closing afterwards loses nothing."""
        try:
            texts = self.texts()
            options = {**self.options(), "format": fmt, "unsigned": unsigned}
            if self.save_texts is not None:
                self.save_texts(texts)
        except UserError as exc:
            show_error(self, self.title, exc)
            return
        if used or self.save_texts is not None:
            self.form.mark_unchanged()  # written out, or kept for next time: nothing to lose
        ctx, write = self.ctx, self.write

        def job(progress: TaskProgress) -> int:
            db = ctx.worker_db()
            try:
                return write(db, out, texts, options, progress.report, progress.cancelled)
            finally:
                db.conn.close()

        run_task(self, f"正在生成{self.title}…", job, after)

    def _signed_ok(self) -> bool | None:
        """True to write signed, False unsigned on purpose, None to stop (asked if needed)."""
        if not self.signed:
            return False  # a sign-in sheet has no signature
        from desktop_app.ui.dialogs.agency_profile import ensure_signer

        try:
            signer = self.texts().signature
        except UserError as exc:
            show_error(self, self.title, exc)
            return None
        return ensure_signer(self, self.ctx, signer, self.title)

    # -- actions ---------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        """Set the document anew and show it (an unsigned preview is allowed)."""

        def show(_count: int) -> None:
            self.document.close()
            self.document.load(str(self.preview_path))
            self.status.setText(f"预览已更新,共 {self.document.pageCount()} 页。")

        self.document.close()
        self._generate(self.preview_path, "pdf", show, unsigned=True, used=False)

    def export(self, fmt: str) -> None:
        """Save the document as PDF or Word where the clerk chooses, then offer it."""
        signed = self._signed_ok()
        if signed is None:
            return
        suffix = f".{fmt}"
        out = ask_save_path(self, f"导出{self.title}", suffix, self.file_stem)
        if out is None:
            return

        def offer(_count: int) -> None:
            summary = "可用 Word 或 WPS 打开、修改" if fmt == "docx" else f"共 {pdf_pages(out)} 页"
            offer_file(self, out, summary)

        self._generate(out, fmt, offer, unsigned=not signed, used=True)

    def print_document(self) -> None:
        """Set the document, then open the print preview."""
        from desktop_app.ui.dialogs.print_preview import preview_pdf

        signed = self._signed_ok()
        if signed is None:
            return
        self.document.close()

        def show(_pages: int) -> None:
            preview_pdf(self, self.preview_path)
            self.document.load(str(self.preview_path))

        self._generate(self.preview_path, "pdf", show, unsigned=not signed, used=True)

    def reject(self) -> None:
        """关闭, Esc or ×: ask before discarding texts typed since they were last used."""
        if may_discard(self, self.form.is_touched()):
            super().reject()

    def done(self, result: int) -> None:
        """Remember the window size and drop the preview file."""
        state.save_geometry("document-dialog", self)
        self.document.close()
        super().done(result)
        self._tmp.cleanup()
        self.deleteLater()
