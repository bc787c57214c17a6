"""The main window: module navigation on the left, one page per module, menus."""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop_app import APP_NAME, exports
from desktop_app.context import AppContext
from desktop_app.storage import backup
from desktop_app.ui import state
from desktop_app.ui.dialogs import maintenance
from desktop_app.ui.pages.audit_page import AuditPage
from desktop_app.ui.pages.personnel_page import PersonnelPage
from desktop_app.ui.pages.rectification_page import RectificationPage
from desktop_app.ui.pages.training_page import TrainingPage
from desktop_app.ui.tasks import TaskProgress, run_task


class MainWindow(QMainWindow):
    """Navigation, pages, menus and the status line."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        exports.load_all()
        self.setWindowTitle(f"{APP_NAME} — {ctx.db_path.name}")
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(132)
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        self.pages: list[QWidget] = []
        for page in self._make_pages():
            self.add_page(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.db_label = QLabel(f"数据库:{ctx.db_path}")
        self.statusBar().addWidget(self.db_label, 1)
        self._menus()
        if not state.restore_geometry("main", self):
            self.resize(1360, 860)

    def _make_pages(self) -> list[QWidget]:
        self.rectification = RectificationPage(self.ctx)
        self.personnel = PersonnelPage(self.ctx)
        self.training = TrainingPage(self.ctx)
        self.audit = AuditPage(self.ctx)
        return [self.rectification, self.personnel, self.training, self.audit]

    def add_page(self, page: QWidget) -> None:
        """Put a page into the navigation."""
        self.pages.append(page)
        self.stack.addWidget(page)
        self.nav.addItem(page.title)

    def _action(self, menu, text: str, slot, keys: str | QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("文件(&F)")
        self._action(file, "备份数据库(&B)", self.backup_now, "Ctrl+B")
        self._action(file, "从备份恢复(&R)…", self.restore)
        file.addSeparator()
        self._action(file, "打开数据文件夹", self.open_data_folder)
        self._action(file, "设置(&S)…", self.edit_settings)
        file.addSeparator()
        self._action(file, "退出(&X)", self.close, QKeySequence.StandardKey.Quit)
        self.export_menu = bar.addMenu("导出(&E)")
        for page in self.pages:
            for text, slot in getattr(page, "export_actions", list)():
                self._action(self.export_menu, f"{page.title}:{text}", slot)
        help_menu = bar.addMenu("帮助(&H)")
        self._action(help_menu, "关于(&A)", lambda: maintenance.about(self, self.ctx))

    # -- maintenance -------------------------------------------------------------
    def start_automatic_backup(self) -> None:
        """Daily/weekly/monthly backup once per period, in the background."""

        def job(_progress: TaskProgress) -> list:
            db = self.ctx.worker_db()
            try:
                return backup.automatic_backup(db, self.ctx.backup_dir, self.ctx.today())
            finally:
                db.conn.close()

        def done(made: list) -> None:
            if made:
                self.statusBar().showMessage(f"已自动备份:{made[0].name}", 8000)

        run_task(self, "正在自动备份…", job, done, cancellable=False)

    def backup_now(self) -> None:
        """Menu: 备份数据库."""
        maintenance.backup_now(self, self.ctx)

    def restore(self) -> None:
        """Menu: 从备份恢复."""
        maintenance.restore_from_backup(self, self.ctx, self.refresh_all)

    def edit_settings(self) -> None:
        """Menu: 设置."""
        if maintenance.edit_settings(self, self.ctx):
            self.refresh_all()

    def open_data_folder(self) -> None:
        """Menu: 打开数据文件夹."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.db_path.parent)))

    def refresh_all(self) -> None:
        """Re-read every page (after a restore or a settings change)."""
        self.rectification.reload_inspections()
        self.personnel.refresh_all()
        self.training.refresh_all()
        self.audit.refresh_all()

    def showEvent(self, event) -> None:
        """Start the automatic backup once the window is on screen."""
        super().showEvent(event)
        if not getattr(self, "_backup_started", False):
            self._backup_started = True
            QTimer.singleShot(300, self.start_automatic_backup)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember geometry and column widths."""
        state.save_geometry("main", self)
        for page in self.pages:
            page.save_state()
        super().closeEvent(event)
