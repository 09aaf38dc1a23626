"""Words typed as something opens, kept for the field that opens to take them.

A fast typist, a busy moment of the app, or a terminal that sends a burst of keys in one
read can deliver a key that opens something and the first words typed into it together.

* `TypeAhead`: the words reach the list that enter was pressed on before the worksheet or
  the reply box it opens exists; a list has no use for characters (they would be dropped,
  or taken as its own keys), so it keeps them for a moment and hands them on.
* `TypingReachesTheField`: the words reach a newly opened screen or dialog before its
  field has focus; the screen passes them to the field.
"""

from __future__ import annotations

import sys
import time
from typing import Any

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

    @property
    def active(self) -> bool:
        """Whether enter was pressed a moment ago: a letter now is typing, not a key."""
        return self._since is not None and time.monotonic() - self._since <= WINDOW_SECONDS

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


def _loaded(module: str, name: str) -> type | None:
    """The widget class `name`, if anything has imported its module yet; if nothing has, no
    widget is one. Importing Input or TextArea here would put them in Today's first
    frame, which is drawn without them."""
    return getattr(sys.modules.get(module), name, None)


def is_text_field(widget: object) -> bool:
    """Whether `widget` is a field that takes typed characters (a line or a text area)."""
    line = _loaded("textual.widgets._input", "Input")
    area = _loaded("textual.widgets._text_area", "TextArea")
    return any(kind is not None and isinstance(widget, kind) for kind in (line, area))


def type_into(widget: object, character: str) -> bool:
    """Type `character` into `widget` as a key would, if it is a text field that takes it."""
    if not is_text_field(widget) or getattr(widget, "disabled", True):
        return False
    if getattr(widget, "read_only", False):  # a TextArea shown, not edited
        return False
    if hasattr(widget, "insert_text_at_cursor"):  # Input
        widget.insert_text_at_cursor(character)
    else:  # TextArea
        widget.insert(character)  # type: ignore[attr-defined]
    return True


class TypingReachesTheField:
    """For a screen or dialog opened to be typed into: no character typed as it opens is lost.

    Keys pressed just after the key that opened it reach the new screen before anything in
    it has focus, and Textual hands them to the screen itself, which drops them. A text
    field always takes the characters typed into it, so a character that reaches the
    screen is one of those: it goes into the focused field, or into `TYPE_INTO` (focused at
    once) when nothing has focus yet.
    """

    TYPE_INTO: str | None = None
    """Selector of the field that typing goes to before anything has focus."""

    def on_key(self, event: events.Key) -> None:
        if not event.is_printable or not event.character:
            return
        screen: Any = self
        field = screen.focused
        if field is None and self.TYPE_INTO is not None:
            field = screen.query_one(self.TYPE_INTO)
            screen.set_focus(field, scroll_visible=False)
        if type_into(field, event.character):
            event.stop()
            event.prevent_default()
