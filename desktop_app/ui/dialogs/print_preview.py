"""Print preview of a generated PDF (QtPdf) and printing it through QPrinter.

The preview shows the PDF file itself; printing renders the same pages at the printer's
resolution, so what is previewed is what prints.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app import jobs
from desktop_app.domain.errors import UserError
from desktop_app.ui import messages, state
from desktop_app.ui.dialogs.screen_fit import fit_to_screen
from desktop_app.ui.tasks import TaskProgress, run_task


def _load(path: Path, parent=None) -> QPdfDocument:
    document = QPdfDocument(parent)
    error = document.load(str(path))
    if error != QPdfDocument.Error.None_:
        raise UserError(f"无法打开 PDF 文件“{path}”({error.name})")
    return document


def print_pdf(
    path: Path,
    printer: QPrinter,
    progress: jobs.Progress | None = None,
    cancelled: jobs.CancelCheck | None = None,
) -> int:
    """Print every page of a PDF onto ``printer``; safe on a worker thread. Returns pages.

    A true ``cancelled()`` aborts the print job, removes a partly printed output file
    (printing to PDF) and raises ``jobs.Cancelled``.
    """
    document = _load(path)
    count = document.pageCount()
    first = document.pagePointSize(0) if count else QSizeF(595, 842)
    orientation = (
        QPageLayout.Orientation.Landscape
        if first.width() > first.height()
        else QPageLayout.Orientation.Portrait
    )
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(orientation)
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("无法开始打印:打印机不可用或输出文件无法写入")
    aborted = False
    try:
        for index in range(count):
            if cancelled is not None and cancelled():
                printer.abort()
                aborted = True
                break
            if index:
                printer.newPage()
            _paint_page(painter, document, index)
            if progress:
                progress(index + 1, count)
    finally:
        painter.end()
    if aborted:
        if printer.outputFileName():  # Qt leaves the partial file behind
            Path(printer.outputFileName()).unlink(missing_ok=True)
        raise jobs.Cancelled("打印已取消")
    return count


RENDER_DPI = 300  # sharp on paper, without sending 1200-dpi page images to the printer


def _paint_page(painter: QPainter, document: QPdfDocument, index: int) -> None:
    area = QRectF(painter.viewport())
    points = document.pagePointSize(index)
    scale = min(area.width() / points.width(), area.height() / points.height())
    target = QSizeF(points.width() * scale, points.height() * scale)
    dpi_scale = min(scale, RENDER_DPI / 72)
    size = QSizeF(points.width() * dpi_scale, points.height() * dpi_scale).toSize()
    rendered = document.render(index, size)
    page = QImage(size, QImage.Format.Format_RGB32)
    page.fill(Qt.GlobalColor.white)  # QPdfDocument renders onto transparency
    on_white = QPainter(page)
    on_white.drawImage(0, 0, rendered)
    on_white.end()
    origin = QPointF(area.x() + (area.width() - target.width()) / 2, area.y())
    painter.drawImage(QRectF(origin, target), page)


class PdfPreviewDialog(QDialog):
    """Shows a PDF page by page; 打印 sends it to a chosen printer in the background."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.setWindowTitle(f"打印预览 — {self.path.name}")
        self.document = _load(self.path, self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.pages = QLabel(f"共 {self.document.pageCount()} 页")
        bar = QHBoxLayout()
        for text, slot in (
            ("适合宽度", lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)),
            ("整页", lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView)),
            ("打开所在文件夹", self.open_folder),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addWidget(self.pages)
        bar.addStretch(1)
        self.print_button = QPushButton("打印…")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_document)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        if not state.restore_geometry("pdf-preview", self):
            fit_to_screen(self, 900, 1000)

    def open_folder(self) -> None:
        """Show the PDF's folder in the file manager."""
        messages.open_with_system(self.path.parent)

    def print_document(self, printer: QPrinter | None = None) -> None:
        """Ask for a printer, then print in the background."""
        printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.start_printing(printer)

    def start_printing(self, printer: QPrinter, on_done: Callable | None = None) -> None:
        """Print onto an already chosen printer, off the GUI thread."""

        def job(progress: TaskProgress) -> int:
            return print_pdf(self.path, printer, progress.report, progress.cancelled)

        run_task(self, "正在打印…", job, on_done)

    def done(self, result: int) -> None:
        """Remember the size of the preview window."""
        state.save_geometry("pdf-preview", self)
        super().done(result)
        self.deleteLater()


def preview_pdf(parent: QWidget | None, path: Path) -> None:
    """Open the print preview of a PDF file."""
    PdfPreviewDialog(path, parent).exec()
