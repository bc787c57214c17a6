"""Running a registered export from the GUI: choose a file, work in the background, offer it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.context import AppContext
from desktop_app.exports import get_export
from desktop_app.paths import documents_dir
from desktop_app.ui import messages, state
from desktop_app.ui.tasks import TaskProgress, run_task

_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def ask_save_path(parent: QWidget, title: str, suffix: str, suggested: str) -> Path | None:
    """A save-file dialog starting in the last export folder; None when cancelled."""
    folder = state.last_folder("exports", documents_dir())
    suggested = _UNSAFE.sub("_", suggested).strip("_") or "导出"
    kind = {".xlsx": "Excel 工作簿", ".docx": "Word 文档"}.get(suffix, "PDF 文件")
    path, _ = QFileDialog.getSaveFileName(
        parent, title, str(folder / f"{suggested}{suffix}"), f"{kind} (*{suffix})"
    )
    if not path:
        return None
    if not path.lower().endswith(suffix):
        path += suffix
    state.remember_folder("exports", path)
    return Path(path)


OPEN_FILE, OPEN_FOLDER, PREVIEW = "打开文件", "打开所在文件夹", "打印预览"


def offer_file(parent: QWidget, path: Path, summary: str = "") -> None:
    """Tell the clerk where the file is; offer to open it, its folder, or preview a PDF."""
    text = f"已导出:{path}" + (f"\n{summary}" if summary else "")
    actions = [OPEN_FILE, OPEN_FOLDER] + ([PREVIEW] if path.suffix.lower() == ".pdf" else [])
    clicked = messages.choose(parent, "导出完成", text, actions)
    if clicked == OPEN_FILE:
        messages.open_with_system(path)
    elif clicked == OPEN_FOLDER:
        messages.open_with_system(path.parent)
    elif clicked == PREVIEW:
        from desktop_app.ui.dialogs.print_preview import preview_pdf

        preview_pdf(parent, path)


def run_export(
    parent: QWidget,
    ctx: AppContext,
    name: str,
    options: dict[str, Any],
    suggested: str,
    *,
    out: Path | None = None,
    on_done: Callable[[Path], None] | None = None,
) -> None:
    """Ask for the file (unless ``out`` is given), export in the background, then offer it."""
    spec = get_export(name)
    out = out or ask_save_path(parent, f"导出{spec.title}", spec.suffix, suggested)
    if out is None:
        return

    def job(progress: TaskProgress) -> int:
        db = ctx.worker_db()
        try:
            return spec.run(db, out, options, progress.report, progress.cancelled)
        finally:
            db.conn.close()

    def done(count: int) -> None:
        unit = "行" if spec.suffix == ".xlsx" else "页"
        if on_done:
            on_done(out)
        else:
            offer_file(parent, out, f"共 {count} {unit}")

    run_task(parent, f"正在导出{spec.title}…", job, done)
