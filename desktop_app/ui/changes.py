"""Pages hear about changes from the context, not from each other.

A page names the tables it shows (its own and others': the training page shows persons'
names, the roster shows training hours). When a write commits changes to one of them, the
page refreshes at once if it is visible, or marks itself stale and refreshes when next shown.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from desktop_app.storage.changes import Changes
from desktop_app.ui.widgets import guarded

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop_app.context import AppContext


def _next_turn(function: Callable[[], None]) -> None:
    QTimer.singleShot(0, function)


class ChangeFollower:
    """Keeps one widget in step with the changes its context reports."""

    def __init__(
        self,
        widget: QWidget,
        ctx: AppContext,
        tables: Collection[str],
        refresh: Callable[[Changes], None],
    ) -> None:
        self.widget = widget
        self.tables = frozenset(tables)
        self.refresh = refresh
        self.pending: Changes | None = None
        self.hub = ctx.changes
        if self.hub.defer is None:  # writes outside an action are told on the next turn
            self.hub.defer = _next_turn
        unsubscribe = self.hub.subscribe(self.heard)
        widget.destroyed.connect(lambda *_: unsubscribe())

    @property
    def stale(self) -> bool:
        """True when a change arrived while the widget was hidden."""
        return self.pending is not None

    def heard(self, changes: Changes) -> None:
        """A change committed: refresh now if it matters and the widget is visible."""
        if not changes.touches(self.tables):
            return
        if self.widget.isVisible() or self in self.hub.actors:  # shown, or its own action
            self.pending = None
            self.refresh(changes)
        else:
            self.pending = changes if self.pending is None else self.pending | changes

    def shown(self) -> None:
        """The widget is shown again: catch up with what changed meanwhile."""
        if self.pending is not None:
            changes, self.pending = self.pending, None
            self.refresh(changes)


def run_action(
    ctx: AppContext,
    parent: QWidget,
    title: str,
    action: Callable[[], Any],
    follower: ChangeFollower | None = None,
) -> Any:
    """Run a clerk's action: a refusal is a warning (None); its changes are told once, when
    it ends (and refresh ``follower``'s widget even while hidden)."""
    with ctx.changes.batch(actor=follower):
        return guarded(parent, title, action)
