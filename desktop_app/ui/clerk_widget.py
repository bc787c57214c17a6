"""What every page and pane is: a ``ClerkWidget`` (kept light: the home page, the first page
shown, needs it before anything else of the list pages' machinery)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from desktop_app.storage.changes import Changes
from desktop_app.ui import messages
from desktop_app.ui.changes import ChangeFollower, run_action

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from desktop_app.context import AppContext


class ClerkWidget(QWidget):
    """What pages and panes share: the context, a title for messages, the follower of the
    context's changes, and how the clerk's actions run."""

    title = ""  # the title of its messages

    def __init__(self, ctx: AppContext, tables: Collection[str], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.follower = ChangeFollower(self, ctx, tables, self.on_changes)

    def on_changes(self, changes: Changes) -> None:
        """A write touched a table the widget shows (subclasses re-read)."""
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: catch up with the changes made while hidden."""
        super().showEvent(event)
        self.follower.shown()

    def save_state(self) -> None:
        """Remember what the clerk arranged (column widths); nothing by default."""

    def guard(self, action: Callable[[], Any], then: Callable[[Any], Any] | None = None) -> Any:
        """Run a clerk's action; a refusal is a warning (None). Its changes are told once it
        and ``then`` (given the result, e.g. to choose a new record's filter) are done."""

        def act() -> Any:
            result = action()
            if result and then is not None:
                then(result)
            return result

        return run_action(self.ctx, self, self.title, act, self.follower)

    def succeeded(self, action: Callable[[], object]) -> bool:
        """Run an action that returns nothing as ``guard`` does; True unless it was refused."""
        return bool(self.guard(lambda: action() or True))

    def confirmed(self, title: str, question: str, action: Callable[[], Any]) -> Any:
        """Ask first (是/否); on 是 run the action as ``guard`` does."""
        if messages.ask(self, title, question):
            return self.guard(action)
        return None

    def inform(self, text: str) -> None:
        """A short information message titled with the page."""
        messages.inform(self, self.title, text)

    def list_context(self, key: str) -> tuple[str, str]:
        """A list's title and its filter in words, for printing and exporting it."""
        from desktop_app.ui.list_actions import LIST_TITLES, describe_filters

        return LIST_TITLES.get(key, self.title), describe_filters(self)
