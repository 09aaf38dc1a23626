"""The streak rules, in the words of `coach.streaks`, in a dialog that scrolls."""

from __future__ import annotations

import inspect
import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from coach import streaks

_NUMBERED = re.compile(r"^\d+\. ")


def streak_rules() -> str:
    """The rules part of the core's docstring, each rule rejoined into one paragraph.

    The docstring is wrapped for source code; rejoined, the dialog can wrap it to its own
    width. What follows the rules ("How it is fast") is for programmers and is left out.
    """
    doc = inspect.cleandoc(streaks.__doc__ or "")
    rules = doc.split("How it is fast", 1)[0].strip()
    paragraphs: list[str] = []
    for line in rules.splitlines():
        stripped = line.strip()
        if not stripped:
            paragraphs.append("")
        elif paragraphs and paragraphs[-1] and not _NUMBERED.match(stripped):
            paragraphs[-1] += " " + stripped
        else:
            paragraphs.append(stripped)
    text = "\n".join(paragraphs)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class StreakRulesDialog(ModalScreen[None]):
    """How streaks, kept rates and consistency are counted."""

    BINDINGS = [
        Binding("escape,enter,h", "close", "Close", id="rules.close", tooltip="Close the rules"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("How streaks are counted", classes="dialog-title", markup=False)
            yield Static(streak_rules(), classes="dialog-body", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", variant="primary", id="ok")

    @on(Button.Pressed, "#ok")
    def action_close(self) -> None:
        self.dismiss(None)
