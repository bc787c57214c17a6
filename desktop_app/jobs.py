"""Progress and cancellation of long jobs: one vocabulary for formats, exports, CLI and GUI.

A long job (an Excel ledger, a PDF notice, printing) is a plain function that takes a
``progress`` callback and a ``cancelled`` check. When the check turns true the job raises
``Cancelled`` and leaves nothing behind; the GUI's task helper treats that as the user's
choice (no error, no traceback), the CLI never cancels. Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
"""``progress(done, total)``: how far a job is, in the job's own units (rows, blocks, pages)."""

RowProgress = Callable[[int], None]
"""``progress(done)``: rows written so far, for a streaming writer that cannot know the total."""

CancelCheck = Callable[[], bool]
"""``cancelled()``: true once the user asked to stop; asked between units of work."""


class Cancelled(Exception):
    """The user cancelled the job; nothing was written at the destination."""

    def __init__(self, message: str = "导出已取消") -> None:
        super().__init__(message)


def check(cancelled: CancelCheck | None, message: str = "导出已取消") -> None:
    """Raise ``Cancelled`` when the cancel check is given and says so."""
    if cancelled is not None and cancelled():
        raise Cancelled(message)
