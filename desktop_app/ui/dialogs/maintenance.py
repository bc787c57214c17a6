"""Backup, restore, settings and about dialogs."""

from __future__ import annotations

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

from desktop_app import APP_NAME, __version__
from desktop_app.context import AppContext
from desktop_app.storage import backup
from desktop_app.ui import messages
from desktop_app.ui.dialogs import rules as rules_dialog
from desktop_app.ui.tasks import TaskProgress, run_task


def backup_now(parent: QWidget, ctx: AppContext, on_done=None) -> None:
    """Make a manual backup in the background and say where it went."""

    def job(progress: TaskProgress) -> Path:
        db = ctx.worker_db()
        try:
            return backup.make_backup(db, ctx.backup_dir, "manual", progress.report)
        finally:
            db.conn.close()

    def done(path: Path) -> None:
        messages.inform(parent, "备份数据库", f"已备份到:\n{path}")
        if on_done:
            on_done(path)

    run_task(parent, "正在备份数据库…", job, done, cancellable=False)


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
    """Confirm, back up the current state, restore, and refresh the pages."""
    source = choose_backup(parent, ctx)
    if source is None:
        return
    if not messages.ask(
        parent,
        "从备份恢复",
        f"将用备份“{source.name}”替换当前全部数据。\n"
        "恢复前会自动把当前数据另存一份“恢复前”备份。确定恢复吗?",
    ):
        return

    def job(progress: TaskProgress) -> Path:
        db = ctx.worker_db()
        try:
            return backup.restore(db, source, ctx.backup_dir, progress.report)
        finally:
            db.conn.close()

    def done(safety: Path) -> None:
        on_done()
        messages.inform(parent, "从备份恢复", f"已恢复。恢复前的数据已另存为:\n{safety}")

    run_task(parent, "正在从备份恢复…", job, done, cancellable=False)


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
