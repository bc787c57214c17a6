"""Starting the GUI: the single-writer lock, the database, the style, the main window."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.context import AppContext
from desktop_app.domain.errors import UserError
from desktop_app.paths import backup_dir, evidence_cache_dir, resources_dir
from desktop_app.storage.database import inspect_file, is_empty, open_migrated
from desktop_app.storage.lock import DatabaseInUseError, DatabaseLock
from desktop_app.ui import messages
from desktop_app.ui.style import apply_look

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


def application() -> QApplication:
    """The QApplication, created once, with the product's name, font and style."""
    app = cast(QApplication, QApplication.instance()) or QApplication(sys.argv[:1])
    app.setApplicationName(APP_ID)
    app.setOrganizationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    icon = resources_dir() / "icons" / "app.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    apply_look(app)
    _install_chinese_translation(app)
    return app


def _install_chinese_translation(app: QApplication) -> None:
    """Qt's own texts (Yes/No, Cancel, the file and print dialogs) in Simplified Chinese."""
    if getattr(app, "_lawledger_translator", None) is not None:
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(
        QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder
    ):
        app.installTranslator(translator)
        setattr(app, "_lawledger_translator", translator)  # noqa: B010  (installed once)


def open_context(db_path: Path) -> AppContext:
    """Lock and open the database (migrating it); raises UserError with a clear message."""
    inspect_file(db_path)  # another program's file is refused before a .lock file is put beside it
    lock = DatabaseLock(db_path).acquire()
    try:
        folder = backup_dir(db_path)
        conn = open_migrated(db_path, backup_dir=folder)
    except BaseException:
        lock.release()
        raise
    return AppContext(db_path=db_path, conn=conn, backup_dir=folder, lock=lock)


def _welcome_if_new(window: MainWindow) -> None:
    """The first-run welcome on an empty database (its dialog is loaded only then)."""
    if is_empty(window.ctx.conn):
        from desktop_app.ui.dialogs.welcome import offer_welcome

        offer_welcome(window)


def run_gui(db_path: Path) -> int:
    """Show the main window on ``db_path``; the exit code of the event loop."""
    app = application()
    try:
        ctx = open_context(Path(db_path))
    except DatabaseInUseError as exc:
        messages.warn(None, APP_NAME, str(exc))
        return 3
    except UserError as exc:
        messages.fail(None, APP_NAME, str(exc))
        return 2
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.show()
    QTimer.singleShot(0, lambda: _welcome_if_new(window))
    QTimer.singleShot(300, window.start_automatic_backup)
    try:
        return app.exec()
    finally:
        _finish_background_work()
        ctx.close()
        clear_evidence_cache()


def _finish_background_work() -> None:
    """At exit, wait for running background work (a QThread destroyed while running aborts)."""
    tasks = sys.modules.get("desktop_app.ui.tasks")  # never loaded: nothing ran
    if tasks is not None:
        tasks.wait_for_running()


def clear_evidence_cache() -> None:
    """Delete the copies of evidence this window extracted for viewing (they hold the
    evidence outside the database) and those of ended windows; another running window's stay.
    A file a viewer still holds open (Windows) is left for the next close."""
    from desktop_app.storage.rectification.viewing_cache import close_session

    close_session(evidence_cache_dir())
