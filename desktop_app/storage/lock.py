"""One writer per database file: an OS-level lock on a side file."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import BinaryIO

from desktop_app.domain.errors import UserError


class DatabaseInUseError(UserError):
    """Another LawLedger process holds the database."""


class DatabaseLock:
    """Exclusive, non-blocking lock on ``<db>.lock``; released on close or process exit."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = Path(f"{db_path}.lock")
        self._handle: BinaryIO | None = None

    def acquire(self) -> DatabaseLock:
        """Take the lock or raise DatabaseInUseError with a clear message."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+b")  # noqa: SIM115 - held open while locked
        try:
            _lock(handle)
        except OSError:
            handle.close()
            raise DatabaseInUseError(
                f"数据库“{self.path.with_suffix('').name}”已在另一个法治台账窗口中打开。"
                "为防止数据损坏,同一数据文件只能由一个窗口修改,请切换到已打开的窗口。"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()).encode())
        handle.flush()
        self._handle = handle
        return self

    def release(self) -> None:
        """Drop the lock."""
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> DatabaseLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    def _lock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
