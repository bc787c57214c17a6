"""Errors that carry a user-facing Chinese message."""


class UserError(Exception):
    """A refusal caused by the user's input or action; ``str()`` is the Chinese message."""


class ValidationError(UserError):
    """Invalid input for one named field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}:{message}")
        self.field = field
        self.message = message


class LockedError(UserError):
    """The record is signed off (销号) and must be re-opened before it changes."""
