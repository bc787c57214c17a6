"""The one background-task helper: run a job off the GUI thread with a progress dialog.

A job is a plain function ``job(progress) -> result``; it must open its own database
connection (``storage.database.connect``) because SQLite connections belong to a thread.
The progress dialog appears only if the job takes longer than a moment. ``progress.report``
is a ``jobs.Progress`` and ``progress.cancelled`` a ``jobs.CancelCheck``: hand them to any
export or format function. A job that raises ``jobs.Cancelled`` (the clerk pressed 取消)
ends quietly: no error message, no traceback in the log.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app import jobs
from desktop_app.domain.errors import UserError, os_error_reason
from desktop_app.ui import messages

log = logging.getLogger(__name__)
SHOW_AFTER_MS = 400


class TaskProgress:
    """Given to a job: report progress, ask whether the user cancelled."""

    def __init__(self, worker: _Worker) -> None:
        self._worker = worker
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        """Tell the dialog how far the job is (thread-safe)."""
        self._worker.progressed.emit(int(done), int(total), text)

    def cancelled(self) -> bool:
        """True once the user asked to stop."""
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``jobs.Cancelled`` if the user asked to stop."""
        jobs.check(self.cancelled, "已取消")

    def cancel(self) -> None:
        """Ask the job to stop at its next check."""
        self._cancel.set()


class _Worker(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Callable[[TaskProgress], Any]) -> None:
        super().__init__()
        self.job = job
        self.progress = TaskProgress(self)

    @Slot()
    def run(self) -> None:
        try:
            result = self.job(self.progress)
        except Exception as exc:  # every failure goes back to the GUI thread
            self.failed.emit(exc)
        else:
            self.finished.emit(result)


_running: set[_Task] = set()


class _Task(QObject):
    """Lives on the GUI thread: receives the worker's signals (queued) and ends the task."""

    def __init__(self, parent: QWidget, title: str, worker: _Worker, cancellable: bool) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.title = title
        self.worker = worker
        self.on_done: Callable[[Any], None] | None = None
        self.on_error: Callable[[BaseException], None] | None = None
        self.worker_thread = QThread(self)
        worker.moveToThread(self.worker_thread)
        self.dialog = QProgressDialog(title, "取消" if cancellable else "", 0, 0, parent)
        self.dialog.setWindowTitle("请稍候")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(worker.progress.cancel)
        worker.progressed.connect(self.progressed)
        worker.finished.connect(self.succeeded)
        worker.failed.connect(self.failed)
        self.worker_thread.started.connect(worker.run)

    @Slot(int, int, str)
    def progressed(self, done: int, total: int, text: str) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if text:
            self.dialog.setLabelText(text)

    def _finish(self) -> None:
        self.dialog.reset()
        self.dialog.close()
        self.dialog.deleteLater()
        self.worker_thread.quit()
        self.worker_thread.wait()
        _running.discard(self)
        if not _running:
            gc.enable()

    @Slot(object)
    def succeeded(self, result: Any) -> None:
        self._finish()
        if self.on_done:
            self.on_done(result)

    @Slot(object)
    def failed(self, exc: BaseException) -> None:
        self._finish()
        if self.on_error:
            self.on_error(exc)
        else:
            show_error(self.parent_widget, self.title, exc)


def wait_for_running() -> None:
    """Ask running tasks to stop and wait for their threads (the application is closing)."""
    for task in list(_running):
        task.worker.progress.cancel()
        task.worker_thread.quit()
        task.worker_thread.wait()


def run_task(
    parent: QWidget,
    title: str,
    job: Callable[[TaskProgress], Any],
    on_done: Callable[[Any], None] | None = None,
    *,
    cancellable: bool = True,
    on_error: Callable[[BaseException], None] | None = None,
) -> TaskProgress:
    """Start ``job`` on a worker thread; ``on_done(result)`` runs on the GUI thread.

    A failure goes to ``on_error(exc)`` when given (``jobs.Cancelled`` included), else to
    ``show_error``.
    """
    task = _Task(parent, title, _Worker(job), cancellable)
    task.on_done, task.on_error = on_done, on_error
    # Qt objects must be freed on the GUI thread. A garbage collection triggered on the
    # worker could free closed dialogs held in reference cycles there, so collect now and
    # keep automatic collection off until every task has finished.
    gc.collect()
    gc.disable()
    _running.add(task)
    task.worker_thread.start()
    return task.worker.progress


def running_tasks() -> int:
    """How many background tasks are under way (tests wait for zero)."""
    return len(_running)


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """Tell the user what went wrong: their message for UserError, a summary otherwise.

    A cancelled job is the clerk's own choice: nothing is shown and nothing is logged as
    an error (the progress dialog closing is the answer to 取消).
    """
    if isinstance(exc, jobs.Cancelled):
        log.info("%s: cancelled by the user", title)
    elif isinstance(exc, UserError):
        messages.warn(parent, title, str(exc))
    elif isinstance(exc, OSError):  # a full disk, a file held open by another program …
        log.warning("task failed on a file", exc_info=exc)
        where = f"“{exc.filename}”" if exc.filename else "文件"
        messages.warn(parent, title, f"无法写入或读取{where}:{os_error_reason(exc)}")
    else:
        log.error("task failed", exc_info=exc)
        messages.fail(parent, title, f"操作失败:{exc}\n详细信息已写入日志。")
