"""The explicit application context passed down to every page: no global main window."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast, overload

from desktop_app import registers
from desktop_app.storage.changes import Changes
from desktop_app.storage.database import connect
from desktop_app.storage.lock import DatabaseLock

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.domain.rectification import WarningRules
    from desktop_app.storage.draws.repo import DrawsRepo
    from desktop_app.storage.personnel.repo import PersonnelRepo
    from desktop_app.storage.rectification.repo import RectificationRepo
    from desktop_app.storage.settings import SettingsRepo
    from desktop_app.storage.training.repo import TrainingRepo
    from desktop_app.storage.undo import UndoStack

Listener = Callable[[Changes], None]
R = TypeVar("R")


class ChangeHub:
    """Tells every listener what the writes on the context's connection changed.

    A write reports its changes once its transaction has committed. Inside ``batch()`` (one
    clerk's action: a dialog and the writes it makes) they are gathered and told once, when
    the action ends. Other writes are told at once, or through ``defer`` when the GUI has
    set it (the next turn of the event loop), so that a burst of writes is told once.
    """

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._held = Changes()
        self._depth = 0
        self._scheduled = False
        self.defer: Callable[[Callable[[], None]], None] | None = None
        self.told = 0  # how many times changes were told (a pane re-read in this round skips)
        self.actors: list[object] = []  # whose actions the running batches are
        self.closed = False

    def close(self) -> None:
        """The connection is closing: tell nothing more (a deferred round may still come)."""
        self.closed = True
        self._listeners.clear()
        self._held = Changes()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Hear every change from now on; returns the function that stops it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def committed(self, changes: Changes) -> None:
        """A transaction committed with these changes (the tracking database calls this)."""
        self._held |= changes
        if self._depth:
            return
        if self.defer is None:
            self.flush()
        elif not self._scheduled:
            self._scheduled = True
            self.defer(self.flush)

    def broadcast(self, changes: Changes) -> None:
        """Tell these changes now (or at the end of the running batch)."""
        self._held |= changes
        self.flush()

    @contextlib.contextmanager
    def batch(self, actor: object = None) -> Iterator[None]:
        """Gather the changes of one action and tell them once, when it ends; while they
        are told, ``actor`` (whose action it is) is among ``actors``."""
        self._depth += 1
        self.actors.append(actor)
        try:
            yield
        finally:
            self._depth -= 1
            try:
                self.flush()
            finally:
                self.actors.pop()

    def flush(self) -> None:
        """Tell the held changes to every listener (not while a batch is open)."""
        self._scheduled = False
        if self._depth or not self._held or self.closed:
            return
        changes, self._held = self._held, Changes()
        self.told += 1
        for listener in list(self._listeners):
            listener(changes)


class RegisterRepo(Generic[R]):
    """A register's write repository on the context's ``db``, as ``ctx.<register key>``.

    Its module is the one the manifest names, loaded on first use (not when the window opens).
    """

    key = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = name

    @overload
    def __get__(self, ctx: None, owner: type) -> RegisterRepo[R]: ...
    @overload
    def __get__(self, ctx: AppContext, owner: type) -> R: ...
    def __get__(self, ctx: AppContext | None, owner: type) -> R | RegisterRepo[R]:
        """The repository over ``ctx.db`` (this descriptor itself on the class)."""
        if ctx is None:
            return self
        return cast(R, registers.resolve(registers.get(self.key).repository)(ctx.db))


@dataclass
class AppContext:
    """The open database, its folders and the services over it.

    ``conn`` is the GUI thread's connection. Lists and counts read through it; ``db`` wraps
    the same connection in sqlite-utils for the repositories that write. Both it and the
    repositories are loaded on first use, so that opening the window does not pay for them.
    """

    db_path: Path
    conn: sqlite3.Connection
    backup_dir: Path
    lock: DatabaseLock | None = None
    today_override: date | None = field(default=None, repr=False)
    changes: ChangeHub = field(default_factory=ChangeHub, repr=False)
    _undo: UndoStack | None = field(default=None, init=False, repr=False)
    # Each register's write repository on ``db``, named by the register's key
    rectification: ClassVar[RegisterRepo[RectificationRepo]] = RegisterRepo()
    personnel: ClassVar[RegisterRepo[PersonnelRepo]] = RegisterRepo()
    training: ClassVar[RegisterRepo[TrainingRepo]] = RegisterRepo()
    draws: ClassVar[RegisterRepo[DrawsRepo]] = RegisterRepo()

    @cached_property
    def db(self) -> Database:
        """sqlite-utils over ``conn`` (same connection, same transactions); each committed
        write is told to ``changes``."""
        from desktop_app.storage.tracking import TrackingDatabase

        return TrackingDatabase(self.conn, self.changes.committed, self.undo)

    @property
    def undo(self) -> UndoStack:
        """This session's undo steps on ``conn`` (a new, empty stack once ``conn`` is another
        connection, as after a restore)."""
        if self._undo is None or self._undo.conn is not self.conn:
            from desktop_app.storage.undo import UndoStack

            self._undo = UndoStack(self.conn)
        return self._undo

    @property
    def settings(self) -> SettingsRepo:
        """Office rules stored in the database."""
        from desktop_app.storage.settings import SettingsRepo  # not to open the window

        return SettingsRepo(self.db)

    def warning_rules(self) -> WarningRules:
        """Lead and stall days for the three warning colours (a read: no sqlite-utils)."""
        from desktop_app.storage.settings import read_warning_rules

        return read_warning_rules(self.conn)

    def today(self) -> date:
        """Today (tests may fix it)."""
        return self.today_override or date.today()

    def worker_db(self) -> Database:
        """A new connection for a background job (SQLite connections belong to a thread)."""
        return connect(self.db_path)

    def close(self) -> None:
        """Close the connection and release the single-writer lock."""
        self.changes.close()
        self.conn.close()
        if self.lock:
            self.lock.release()
