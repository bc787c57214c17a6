"""sqlite-utils that reports, after each commit, what the transaction changed.

Loaded with the first write (it imports sqlite-utils), never at start-up.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from sqlite_utils import Database

from desktop_app.storage.changes import Changes

if TYPE_CHECKING:
    from desktop_app.storage.undo import UndoStack


class TrackingDatabase(Database):
    """A Database whose outermost ``atomic()`` reports its notes once committed.

    With an ``undo`` stack, each outermost transaction that changed rows becomes one undo
    step (see ``storage/undo.py``).
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        on_commit: Callable[[Changes], None],
        undo: UndoStack | None = None,
    ) -> None:
        super().__init__(conn)
        self._on_commit = on_commit
        self._pending = Changes()
        self.undo = undo

    def note_change(self, changes: Changes) -> None:
        """Remember a change of the running transaction (the audit hook calls this)."""
        self._pending |= changes
        if not self.conn.in_transaction:  # written outside a transaction: committed already
            self._report()

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        """As sqlite-utils' ``atomic``; the outermost block reports after its commit."""
        outermost = not self.conn.in_transaction
        if outermost and self.undo is not None:
            self.undo.begin()
        try:
            with super().atomic() as db:
                yield db
        except BaseException:
            if outermost:
                self._pending = Changes()  # rolled back: nothing changed
            raise
        if outermost:
            if self.undo is not None:
                self.undo.committed()
            self._report()

    def _report(self) -> None:
        changes, self._pending = self._pending, Changes()
        if changes:
            self._on_commit(changes)
