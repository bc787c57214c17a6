"""The main window: module navigation on the left, one page per module, menus."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.context import AppContext
from desktop_app.registers import REGISTERS, resolve
from desktop_app.storage.changes import Changes
from desktop_app.ui import messages, state
from desktop_app.ui.dialogs.screen_fit import fit_to_screen
from desktop_app.ui.style import style_navigation
from desktop_app.ui.undo import UndoMenu

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QPaintEvent

    from desktop_app.ui.clerk_widget import ClerkWidget

Keys = str | QKeySequence | QKeySequence.StandardKey

# Dialogs, exports and background work are imported when first used: every Qt class a
# module touches costs start-up time, and the window should open on what it shows.


@dataclass(frozen=True)
class PageEntry:
    """A page: built the first time it is shown, so the window opens at once."""

    key: str  # the register's key, or "audit"
    title: str
    ref: str  # "module:Class"
    exports: tuple[tuple[str, str], ...] = ()  # (导出 menu text, page method)


# The home page first (what is due today), every register's page in the manifest's order,
# then the audit log.
HOME = PageEntry(
    "home", "首页", "desktop_app.ui.home.page:HomePage", (("年度法治工作数据", "open_annual"),)
)
PAGES = (
    HOME,
    *(PageEntry(r.key, r.title, r.page, r.menu) for r in REGISTERS),
    PageEntry("audit", "操作日志", "desktop_app.ui.audit.page:AuditPage"),
)


def page_index(key: str) -> int:
    """The navigation row of a register's page (or of "audit")."""
    return next(index for index, entry in enumerate(PAGES) if entry.key == key)


def _page_of(key: str, doc: str) -> property:
    return property(lambda window: window.page(page_index(key)), doc=doc)


class MainWindow(QMainWindow):
    """Navigation, pages, menus and the status line."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(f"{ctx.db_path.name} — {APP_NAME}")  # Qt appends no second name
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        style_navigation(self.nav)
        self.nav.setFixedWidth(132)
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        self._built: dict[int, ClerkWidget] = {}
        # Menu shortcuts, set once the window is painted: the first key sequence set builds
        # PySide's whole Qt namespace (~10 ms), which the clerk need not wait for.
        self._shortcuts: list[tuple[QAction, Keys]] = []
        for entry in PAGES:
            self.nav.addItem(entry.title)
            self.stack.addWidget(QWidget())  # replaced by the page when first shown
        self.nav.currentRowChanged.connect(self.show_page)
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
            fit_to_screen(self, 1360, 860)  # a 1366x768 laptop: 1350x688 inside the frame

    def page(self, index: int) -> ClerkWidget:
        """The page at ``index``, built on first use."""
        if index not in self._built:
            entry = PAGES[index]
            page = resolve(entry.ref)(self.ctx)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self._built[index] = page
        return self._built[index]

    def show_page(self, index: int) -> None:
        """Navigation: show a page (building it the first time)."""
        if 0 <= index < len(PAGES):
            self.stack.setCurrentWidget(self.page(index))

    def open_page(self, key: str) -> ClerkWidget:
        """Show the page of a register (or "home", "audit") and return it."""
        index = page_index(key)
        self.nav.setCurrentRow(index)
        return self.page(index)

    home = _page_of("home", "The home page.")
    rectification = _page_of("rectification", "The rectification page.")
    personnel = _page_of("personnel", "The certificate-holders page.")
    training = _page_of("training", "The training page.")
    audit = _page_of("audit", "The audit-log page.")

    def _action(self, menu, text: str, slot, keys: Keys | None = None) -> QAction:
        action = QAction(text, self)
        if keys:
            self._shortcuts.append((action, keys))
        title = text.split("(&")[0].rstrip("…")
        action.triggered.connect(lambda _checked=False: self._run(title, slot))
        menu.addAction(action)
        return action

    def paintEvent(self, event: QPaintEvent) -> None:
        """After the first paint, give the menu commands their shortcuts."""
        super().paintEvent(event)
        if self._shortcuts:
            QTimer.singleShot(0, self, self.set_shortcuts)

    def set_shortcuts(self) -> None:
        """The menu commands' keys (Ctrl+I, Ctrl+B, Ctrl+Z …); once."""
        shortcuts, self._shortcuts = self._shortcuts, []
        for action, keys in shortcuts:
            action.setShortcut(QKeySequence(keys))

    def _run(self, title: str, slot) -> None:
        """A menu command: a refusal or an unexpected error is shown (and logged), not lost."""
        from desktop_app.ui.widgets import guarded

        guarded(self, title, slot)

    def _menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("文件(&F)")
        self._action(file, "导入(&I)…", self.import_records, "Ctrl+I")
        file.addSeparator()
        self._action(file, "备份数据库(&B)", self.backup_now, "Ctrl+B")
        self._action(file, "备份到…(&U)", self.backup_to)
        self._action(file, "从备份恢复(&R)…", self.restore)
        file.addSeparator()
        self._action(file, "打开数据文件夹", self.open_data_folder)
        self._action(file, "本单位信息(&O)…", self.edit_agency_profile)
        self._action(file, "设置(&S)…", self.edit_settings)
        file.addSeparator()
        self._action(file, "退出(&X)", self.close, QKeySequence.StandardKey.Quit)
        self.edit_menu = UndoMenu(self, self.ctx, bar)  # 编辑(&E): 撤销 (Ctrl+Z)
        self._shortcuts.append((self.edit_menu.action, UndoMenu.KEYS))
        self.export_menu = bar.addMenu("导出(&X)")
        for index, entry in enumerate(PAGES):
            for text, method in entry.exports:
                self._action(
                    self.export_menu, f"{entry.title}:{text}", self._export_slot(index, method)
                )
        help_menu = bar.addMenu("帮助(&H)")
        self._action(help_menu, "关于(&A)", self.about)

    def _export_slot(self, index: int, method: str):
        def run() -> None:
            self.nav.setCurrentRow(index)
            getattr(self.page(index), method)()

        return run

    # -- maintenance -------------------------------------------------------------
    def start_automatic_backup(self) -> None:
        """Daily/weekly/monthly backup once per period, in the background."""
        from desktop_app.storage import backup
        from desktop_app.ui.tasks import TaskProgress, run_task

        def job(_progress: TaskProgress) -> list:
            db = self.ctx.worker_db()
            try:
                return backup.automatic_backup(db, self.ctx.backup_dir, self.ctx.today())
            finally:
                db.conn.close()

        def done(made: list) -> None:
            if made:
                self.statusBar().showMessage(f"已自动备份:{made[0].name}", 8000)
                self._backed_up()

        run_task(self, "正在自动备份…", job, done, cancellable=False)

    def import_records(self) -> None:
        """Menu: 导入… (the import wizard)."""
        from desktop_app.ui.imports.wizard import open_wizard

        open_wizard(self.ctx, self)

    def backup_now(self) -> None:
        """Menu: 备份数据库."""
        from desktop_app.ui.dialogs import maintenance

        maintenance.backup_now(self, self.ctx, lambda _path: self._backed_up())

    def _backed_up(self) -> None:
        """A backup was made: the home page's reminders no longer ask for one."""
        home = self._built.get(page_index("home"))
        if home is not None and hasattr(home, "show_reminders"):
            home.show_reminders()

    def backup_to(self) -> None:
        """Menu: 备份到… (a folder of the clerk's choice, such as a USB stick)."""
        from desktop_app.ui.dialogs import maintenance

        maintenance.backup_to_folder(self, self.ctx)

    def restore(self) -> None:
        """Menu: 从备份恢复."""
        from desktop_app.ui.dialogs import maintenance

        maintenance.restore_from_backup(self, self.ctx, self.refresh_all)

    def edit_agency_profile(self) -> None:
        """Menu: 本单位信息 (who signs the notices and reports)."""
        from desktop_app.ui.dialogs.agency_profile import edit_agency_profile

        edit_agency_profile(self, self.ctx)

    def edit_settings(self) -> None:
        """Menu: 设置."""
        from desktop_app.ui.dialogs import maintenance

        if maintenance.edit_settings(self, self.ctx):
            self.refresh_all()

    def about(self) -> None:
        """Menu: 关于."""
        from desktop_app.ui.dialogs import maintenance

        maintenance.about(self, self.ctx)

    def open_data_folder(self) -> None:
        """Menu: 打开数据文件夹."""
        messages.open_with_system(self.ctx.db_path.parent)

    def refresh_all(self) -> None:
        """Everything may have changed (a restore, new settings, demo data): every page
        re-reads, the shown one now, the others when next shown."""
        self.ctx.changes.broadcast(Changes.all())

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember geometry and column widths."""
        state.save_geometry("main", self)
        for page in self._built.values():
            page.save_state()
        super().closeEvent(event)
