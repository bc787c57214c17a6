"""First run: a short welcome on an empty database, offering demo data or a clean start."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app import APP_NAME
from desktop_app.storage.database import is_empty
from desktop_app.ui import state

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.tasks import TaskProgress

LOAD_DEMO = "载入示例数据"
START = "开始使用"


def _settings_key(db_path: Path) -> str:
    digest = hashlib.sha1(str(Path(db_path).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"welcome/{digest}"


def was_shown(db_path: Path) -> bool:
    """Whether the welcome was already shown for this database file."""
    return bool(state.settings().value(_settings_key(db_path), False, type=bool))


def remember_shown(db_path: Path) -> None:
    """Never show the welcome for this database file again."""
    state.settings().setValue(_settings_key(db_path), True)


class WelcomeDialog(QDialog):
    """载入示例数据 or 开始使用; ``wants_demo`` tells which was chosen."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wants_demo = False
        self.setWindowTitle(f"欢迎使用{APP_NAME}")
        self.setMinimumWidth(520)
        text = QLabel(
            f"<h3>欢迎使用{APP_NAME}</h3>"
            f"<p>这是一个新的空数据库:<br>{db_path}</p>"
            f"<p>可以先<b>{LOAD_DEMO}</b>熟悉各项功能:一次依法行政专项巡察的整改问题与措施、"
            "执法人员与证件、学法培训记录(人员均为虚构)。载入前会先备份这个空数据库,"
            "正式使用前可在“文件 → 从备份恢复”中恢复为空库。</p>"
            f"<p>也可以直接<b>{START}</b>:先填写本单位信息(通知和报告的落款、红头、联系方式),"
            "再录入本单位的台账。</p>"
        )
        text.setWordWrap(True)
        demo = QPushButton(LOAD_DEMO)
        demo.setObjectName(LOAD_DEMO)
        demo.clicked.connect(self._choose_demo)
        start = QPushButton(START)
        start.setObjectName(START)
        start.setDefault(True)
        start.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(demo)
        buttons.addWidget(start)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(buttons)

    def _choose_demo(self) -> None:
        self.wants_demo = True
        self.accept()


def load_demo(window: MainWindow) -> None:
    """Back up the empty database, fill it with demo data in the background, refresh pages."""
    from desktop_app.demo import create_demo, describe_counts
    from desktop_app.storage import backup
    from desktop_app.ui.tasks import run_task

    ctx = window.ctx

    def job(progress: TaskProgress) -> dict[str, int]:
        db = ctx.worker_db()
        try:
            backup.make_backup(db, ctx.backup_dir, "manual")
            return create_demo(db, 1, ctx.today(), progress.report)
        finally:
            db.conn.close()

    def done(counts: dict[str, int]) -> None:
        window.refresh_all()
        window.statusBar().showMessage(f"已载入示例数据:{describe_counts(counts)}", 10000)

    run_task(window, "正在载入示例数据…", job, done, cancellable=False)


def offer_welcome(window: MainWindow) -> bool:
    """Show the welcome once per empty database; True when it was shown."""
    ctx = window.ctx
    if was_shown(ctx.db_path) or not is_empty(ctx.conn):
        return False
    remember_shown(ctx.db_path)
    dialog = WelcomeDialog(ctx.db_path, window)
    dialog.exec()
    dialog.deleteLater()
    if dialog.wants_demo:
        load_demo(window)  # the demo brings its own 本单位信息 (seed 000's office)
    else:
        from desktop_app.ui.dialogs.agency_profile import edit_agency_profile

        edit_agency_profile(window, ctx)  # who signs the office's notices and reports
    return True
