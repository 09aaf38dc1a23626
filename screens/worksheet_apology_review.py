"""The review beside the apology builder: the verdict, the six ingredients ticked or not
with a line of advice each, and the draft with its flagged phrases marked.

The draft is the user's text, so it is shown as a `Text` with the flagged spans styled
by position; nothing they type is ever read as markup.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from coach.screens.worksheet_checks import MARK_STYLE
from coach.textsafe import display_safe

INGREDIENTS = ("remorse", "offense", "impact", "responsibility", "plan", "no_ask")
LABELS = {
    "remorse": "Remorse",
    "offense": "The offense, named",
    "impact": "Its impact on {them}",
    "responsibility": "Responsibility, all of it",
    "plan": "A plan for the future",
    "no_ask": "Nothing asked in return",
}
FOUND = {
    "remorse": "You say you are sorry.",
    "offense": "You name what you did.",
    "impact": "You say what it did to {them}.",
    "responsibility": "You own it.",
    "plan": "You say what will change.",
    "no_ask": "You ask for nothing back.",
}


def _words(pronoun_them: str, template: str) -> str:
    return template.replace("{them}", pronoun_them)


def _blank_controls(text: str) -> str:
    # Spaces in place of control characters keep every flag's offsets valid.
    return "".join(
        " " if (ord(ch) < 32 and ch not in "\n\t") or 127 <= ord(ch) <= 159 else ch for ch in text
    )


def marked_copy(text: str, flags: list[Any]) -> Text:
    """The draft with every flagged span styled; positions index the original text."""
    copy = Text(_blank_controls(text))
    for flag in flags:
        if 0 <= flag.start < flag.end <= len(text):
            copy.stylize(MARK_STYLE, flag.start, flag.end)
    return copy


class ApologyReviewPanel(VerticalScroll):
    """Updated by `show(review, text, from_draft)` as the user types."""

    def __init__(self, them: str = "them") -> None:
        super().__init__(id="ap-review")
        self.them = them

    def compose(self) -> ComposeResult:
        yield Static("Review", classes="ap-heading", markup=False)
        yield Static("", id="ap-source", markup=False)
        yield Static("", id="ap-verdict", markup=False)
        yield Static("", id="ap-ingredients", markup=False)
        yield Static(
            "Your draft, marked", classes="ap-heading", id="ap-draft-heading", markup=False
        )
        yield Static("", id="ap-draft-copy", markup=False)
        yield Static("", id="ap-flags", markup=False)

    def show(self, review: Any | None, text: str, from_draft: bool) -> None:
        """Show the review of `text` (None when the review engine is missing)."""
        source = self.query_one("#ap-source", Static)
        verdict = self.query_one("#ap-verdict", Static)
        if review is None:
            verdict.update("The review is not available in this version.")
            return
        if not text.strip():
            source.update(
                "Write the parts on the left, or the whole draft; the review follows as you type."
            )
        elif from_draft:
            source.update("Reviewing your draft.")
        else:
            source.update("Reviewing the parts above joined together (the draft is empty).")
        self._verdict(review, verdict)
        self._ingredients(review)
        self._flags(review, text, from_draft)

    def _verdict(self, review: Any, verdict: Static) -> None:
        ready = review.verdict == "ready"
        missing = sum(1 for name in INGREDIENTS if not review.ingredients.get(name))
        if ready:
            line = "Ready. Read it aloud until it sounds like you."
        else:
            reasons = []
            if missing:
                reasons.append(f"{missing} of 6 parts missing")
            if review.flags:
                count = len(review.flags)
                reasons.append(f"{count} phrase{'s' if count != 1 else ''} to rethink")
            line = "Needs work: " + (", ".join(reasons) or "keep going") + "."
        verdict.update(line)
        verdict.set_class(ready, "-ready")
        verdict.set_class(not ready, "-needs-work")

    def _ingredients(self, review: Any) -> None:
        grid = _grid()
        advice = getattr(review, "advice", {}) or {}
        for name in INGREDIENTS:
            present = bool(review.ingredients.get(name))
            # Styles go on the appended pieces: a style given to Text() would cover the note.
            line = Text()
            line.append(_words(self.them, LABELS[name]), style="bold" if present else "")
            note = FOUND[name] if present else advice.get(name, "")
            if note:
                line.append("\n")
                line.append(display_safe(_words(self.them, note)), style="dim" if present else "")
            grid.add_row(Text("✓" if present else "✗", style="bold"), line)
        self.query_one("#ap-ingredients", Static).update(grid)

    def _flags(self, review: Any, text: str, from_draft: bool) -> None:
        heading = self.query_one("#ap-draft-heading", Static)
        copy = self.query_one("#ap-draft-copy", Static)
        notes = self.query_one("#ap-flags", Static)
        flags = list(review.flags)
        show_copy = bool(flags) and from_draft
        heading.display = copy.display = show_copy
        if show_copy:
            copy.update(marked_copy(text, flags))
        grouped: dict[str, list[str]] = {}
        for flag in flags:
            grouped.setdefault(flag.advice, []).append(display_safe(flag.text))
        grid = _grid()
        for advice, phrases in grouped.items():
            line = Text()
            line.append(", ".join(f"“{p}”" for p in dict.fromkeys(phrases)), style=MARK_STYLE)
            line.append("\n")
            line.append(display_safe(advice))
            grid.add_row(Text("!", style="bold"), line)
        notes.update(grid)
        notes.display = bool(flags)


def _grid() -> Table:
    """Two columns, a mark and its text, so wrapped lines hang under the text."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(ratio=1)
    return grid
