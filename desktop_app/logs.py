"""The log file: where it lives, how it is rotated, how records look.

Records go to ``lawledger.log`` in the data folder's ``logs`` (``paths.logs_dir``), or to a
``LawLedger-logs`` folder in the system temp folder when the data folder cannot be made.
The file is rotated when a session starts rather than while it runs (as
``logging.handlers`` would, whose import costs every start a few milliseconds): one
clerk's session never writes anything near ``LOG_BYTES``.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from desktop_app import paths

LOG_NAME = "lawledger.log"
LOG_BYTES, LOG_KEEP = 1_000_000, 3
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_log_file: Path | None = None


def rotate(log_file: Path) -> None:
    """Once the log passes LOG_BYTES: lawledger.log → .1 → .2 … keeping LOG_KEEP old files."""
    try:
        if log_file.stat().st_size < LOG_BYTES:
            return
        for number in range(LOG_KEEP - 1, 0, -1):
            older = log_file.with_name(f"{log_file.name}.{number}")
            if older.exists():
                os.replace(older, log_file.with_name(f"{log_file.name}.{number + 1}"))
        os.replace(log_file, log_file.with_name(f"{log_file.name}.1"))
    except OSError:  # no log yet, or another running copy holds it open (Windows): append
        return


def log_folder() -> Path:
    """The folder of the log files (created): the data folder's, else one in the temp folder."""
    try:
        return paths.logs_dir()
    except OSError:
        folder = Path(tempfile.gettempdir()) / "LawLedger-logs"
        folder.mkdir(parents=True, exist_ok=True)
        return folder


def setup_logging() -> Path:
    """Send log records (INFO and up) to the log file, rotated first; returns its path.

    Safe to call more than once: later calls return the same file and add no handler.
    """
    global _log_file
    if _log_file is not None:
        return _log_file
    log_file = log_folder() / LOG_NAME
    rotate(log_file)
    # A file name that is not valid UTF-8 (undecodable bytes from the command line) is
    # written escaped rather than making the record fail.
    handler = logging.FileHandler(log_file, encoding="utf-8", delay=True, errors="backslashreplace")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _log_file = log_file
    return log_file


def current_log_file() -> Path | None:
    """The file records go to, once ``setup_logging`` has run; None before."""
    return _log_file
