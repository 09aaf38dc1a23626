"""Errors the user can act on. Each carries a message that says what happened and what to do."""

from __future__ import annotations


class CoachError(Exception):
    """An error with a message fit to show the user, and the CLI exit code it maps to."""

    exit_code = 1

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(CoachError):
    """The command or a value typed was not understood (exit code 2)."""

    exit_code = 2


class InputTooLarge(UsageError):
    """A piece of text is over the stated limit."""
