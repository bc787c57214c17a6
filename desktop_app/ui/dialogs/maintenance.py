"""Backup (also to a folder of the clerk's choice), restore, settings and about dialogs."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME, __version__, paths
from desktop_app.context import AppContext
from desktop_app.domain.errors import UserError
from desktop_app.storage import backup, restore
from desktop_app.storage.database import open_connection
from desktop_app.ui import messages, state
from desktop_app.ui.dialogs import rules as rules_dialog
from desktop_app.ui.tasks import TaskProgress, run_task


def backup_now(parent: QWidget, ctx: AppContext, on_done=None, folder: Path | None = None) -> None:
    """Make a manual backup in the background (into ``folder``, else the backup folder)."""
    target = folder or ctx.backup_dir

    def job(progress: TaskProgress) -> Path:
        db = ctx.worker_db()
        try:
            return backup.make_backup(db, target, "manual", progress.report)
        finally:
            db.conn.close()

    def done(path: Path) -> None:
        messages.inform(parent, "备份数据库", f"已备份到:\n{path}")
        if on_done:
            on_done(path)

    run_task(parent, "正在备份数据库…", job, done, cancellable=False)


BACKUP_TO_KEY = "backup-to"


def backup_to_folder(parent: QWidget, ctx: AppContext, on_done=None) -> None:
    """Back up into a folder the clerk picks (a USB stick, a network share)."""
    start = state.last_folder(BACKUP_TO_KEY, paths.documents_dir())
    chosen = QFileDialog.getExistingDirectory(parent, "选择备份到的文件夹(如U盘)", str(start))
    if not chosen:
        return
    folder = Path(chosen)
    if not os.access(folder, os.W_OK):
        messages.warn(parent, "备份到…", f"无法写入文件夹“{folder}”(没有权限或为只读),未备份。")
        return
    state.remember_folder(BACKUP_TO_KEY, folder / "lawledger.db")
    backup_now(parent, ctx, on_done, folder)


def choose_backup(parent: QWidget, ctx: AppContext) -> Path | None:
    """Pick a backup from the list (or any file) to restore from."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("从备份恢复")
    dialog.resize(520, 420)
    listing = QListWidget()
    listing.setObjectName("backups")
    for item in backup.list_backups(ctx.backup_dir):
        entry = QListWidgetItem(item.label)
        entry.setData(Qt.ItemDataRole.UserRole, str(item.path))
        listing.addItem(entry)
    if listing.count():
        listing.setCurrentRow(0)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("恢复所选备份")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    other = buttons.addButton("选择其他文件…", QDialogButtonBox.ButtonRole.ActionRole)
    chosen: list[str] = []

    def pick_file() -> None:
        path, _ = QFileDialog.getOpenFileName(
            dialog, "选择备份文件", str(ctx.backup_dir), "数据库文件 (*.db);;所有文件 (*)"
        )
        if path:
            chosen.append(path)
            dialog.accept()

    def take_selected() -> None:
        item = listing.currentItem()
        if item is not None:
            chosen.append(item.data(Qt.ItemDataRole.UserRole))
            dialog.accept()

    other.clicked.connect(pick_file)
    buttons.accepted.connect(take_selected)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel(f"备份文件夹:{ctx.backup_dir}"))
    layout.addWidget(listing)
    layout.addWidget(buttons)
    accepted = dialog.exec()
    dialog.deleteLater()
    return Path(chosen[0]) if accepted and chosen else None


def restore_from_backup(parent: QWidget, ctx: AppContext, on_done) -> None:
    """Confirm; check and stage the backup in the background; swap it in; refresh the pages.

    The staging (checks, upgrade, the safety copy, the audit row) runs on a worker while
    the window keeps its connection; the swap itself is a rename, done here on the GUI
    thread with the window's connection closed and opened again on the new file.
    """
    source = choose_backup(parent, ctx)
    if source is None:
        return
    if not messages.ask(
        parent,
        "从备份恢复",
        f"将用备份“{source.name}”替换当前全部数据。\n"
        "恢复前会先检查备份文件,并自动把当前数据另存一份“恢复前”备份。确定恢复吗?",
    ):
        return

    def job(progress: TaskProgress) -> restore.StagedRestore:
        return restore.stage_restore(ctx.db_path, source, ctx.backup_dir, progress.report)

    def done(staged: restore.StagedRestore) -> None:
        try:
            swap_in(ctx, staged)
        except UserError as exc:
            messages.warn(parent, "从备份恢复", str(exc))
            return
        on_done()
        kept = f"恢复前的数据已另存为:\n{staged.safety}" if staged.safety else ""
        messages.inform(parent, "从备份恢复", f"已从备份“{staged.source_name}”恢复。\n{kept}")

    run_task(parent, "正在检查并恢复备份…", job, done, cancellable=False)


def swap_in(ctx: AppContext, staged: restore.StagedRestore) -> None:
    """Close the window's connection, swap the staged copy in, and reconnect (even on failure)."""
    ctx.conn.close()
    try:
        staged.swap()
    except BaseException:
        staged.discard()
        raise
    finally:
        ctx.conn = open_connection(ctx.db_path)
        # The sqlite-utils wrapper cached on the context belongs to the closed connection.
        ctx.__dict__.pop("db", None)


def _usable_fonts(values: Mapping[str, Any]) -> None:
    """Refuse a font file that is not a usable TrueType font (before anything is stored)."""
    from desktop_app.formats.fonts import load_fonts

    load_fonts(overrides=values["fonts.overrides"])


def edit_settings(parent: QWidget, ctx: AppContext) -> bool:
    """Office rules (warning lead time, stall days, report months) and the PDF fonts."""
    return rules_dialog.edit_settings(
        parent, ctx.db, ("rectification", "fonts"), title="设置", check=_usable_fonts
    )


OPEN_DATA_FOLDER = "打开数据文件夹"


def about(parent: QWidget, ctx: AppContext) -> None:
    """Version, database path, backup folder, and a button to open the data folder."""
    text = (
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>巡察整改问题清单、行政执法人员与证件、学法培训记录的台账管理。</p>"
        f"<p>数据库:{ctx.db_path}<br>备份文件夹:{ctx.backup_dir}</p>"
    )
    if messages.choose(parent, f"关于{APP_NAME}", text, [OPEN_DATA_FOLDER]):
        messages.open_with_system(ctx.db_path.parent)
