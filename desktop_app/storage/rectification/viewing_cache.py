"""Where evidence is extracted to be opened with the system viewer: one folder per process.

Two LawLedger windows (two processes, on two databases) share the cache root; each extracts
into its own ``session-<pid>-<random>`` folder and holds an OS lock on ``<folder>.lock`` while
it runs. Closing one removes its own folder and the folders whose owner is gone (a crash
leaves its lock free), never one another running window still shows in a viewer.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path

from desktop_app.storage.lock import DatabaseInUseError, DatabaseLock

PREFIX = "session-"


class ViewingCache:
    """This process's folder of extracted evidence copies, locked while the process runs."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.folder = self.root / f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        self.folder.mkdir(parents=True)
        self._lock: DatabaseLock | None = DatabaseLock(self.folder).acquire()

    def folder_for(self, evidence_id: int) -> Path:
        """An empty-or-reused folder for one evidence file (created)."""
        folder = self.folder / str(evidence_id)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def clear(self) -> None:
        """Delete this process's copies and give up its lock."""
        _remove(self.folder)
        if self._lock is not None:
            self._lock.release()
            self._lock = None
            with contextlib.suppress(OSError):
                Path(f"{self.folder}.lock").unlink(missing_ok=True)


def _remove(entry: Path) -> None:
    """Delete a file or folder; a file a viewer still holds open (Windows) stays for later."""
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            entry.unlink(missing_ok=True)


def _owner_gone(folder: Path) -> bool:
    """True when no running process holds the folder's lock (it is taken and let go)."""
    try:
        DatabaseLock(folder).acquire().release()
    except DatabaseInUseError:
        return False
    return True


def clear_abandoned(root: Path) -> None:
    """Delete what no running window uses: folders of ended sessions, their locks, and
    copies left by versions that extracted straight into the root."""
    root = Path(root)
    if not root.is_dir():
        return
    for entry in root.iterdir():
        name = entry.name
        if name.startswith(PREFIX) and name.endswith(".lock"):
            session = entry.with_name(name.removesuffix(".lock"))
            if not session.exists() and _owner_gone(session):
                _remove(entry)
        elif name.startswith(PREFIX):
            if _owner_gone(entry):
                _remove(entry)
                _remove(entry.with_name(f"{name}.lock"))
        else:
            _remove(entry)


_session: ViewingCache | None = None


def session_cache(root: Path) -> ViewingCache:
    """This process's cache under ``root`` (made on first use)."""
    global _session
    if _session is not None and _session.root != Path(root):  # another data folder (tests)
        _session.clear()
        _session = None
    if _session is None:
        _session = ViewingCache(root)
    return _session


def close_session(root: Path) -> None:
    """At exit: this process's copies and the abandoned ones go; other windows' stay."""
    global _session
    if _session is not None:
        _session.clear()
        _session = None
    clear_abandoned(root)
