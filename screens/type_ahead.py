"""Words typed together with enter, kept for what enter opens.

A fast typist, a paste, or a terminal that sends a burst of keys in one read can deliver
enter and the first words of an answer together. Those words reach the list that enter
was pressed on before the worksheet or the reply box it opens exists, and a list has no
use for characters: they would be dropped (or, worse, taken as the list's own keys). A
list keeps them here, for a moment after enter, and hands them to what it opened.
"""

from __future__ import annotations

import time

from textual import events

WINDOW_SECONDS = 0.5
"""How long after enter a character still counts as typed with it."""


class TypeAhead:
    """Characters that came right after enter, until `take` hands them on."""

    def __init__(self) -> None:
        self._since: float | None = None
        self._characters: list[str] = []

    def start(self) -> None:
        """Enter was pressed (where a binding took it before `keep` could see it)."""
        self._since, self._characters = time.monotonic(), []

    def keep(self, event: events.Key) -> bool:
        """Note `event`; whether it was a character kept here (the caller stops it)."""
        if event.key == "enter":
            self.start()
            return False
        if self._since is None or not event.is_printable or not event.character:
            return False
        if time.monotonic() - self._since > WINDOW_SECONDS:
            self._since, self._characters = None, []
            return False
        self._characters.append(event.character)
        return True

    def take(self) -> str:
        """What was kept since enter, once; later characters are the list's again."""
        typed = "".join(self._characters)
        self._since, self._characters = None, []
        return typed
