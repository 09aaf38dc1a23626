"""What a reviewed reply looks like: the score, the reply with its phrases marked, what hurts
and why, what works, and the reply that helps.

Everything is built as `rich.text.Text` from the user's text, with styles laid over spans;
nothing the user typed is ever read as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.color import Color, ColorParseError
from rich.style import Style
from rich.table import Table
from rich.text import Text

from coach.scenarios import Scenario

VERDICT_LABELS = {"validating": "Validating", "mixed": "Mixed", "defensive": "Defensive"}

TIMED_OUT_NOTE = (
    "Time ran out, so this is your reply as it stood. Real moments move quickly too; "
    "a short, true answer is enough."
)


@dataclass(frozen=True)
class Palette:
    """The theme's colours for marks in text, read from the app so every theme works."""

    flag: str | None = None
    strength: str | None = None

    @classmethod
    def from_variables(cls, variables: Mapping[str, str]) -> Palette:
        return cls(flag=_colour(variables.get("error")), strength=_colour(variables.get("success")))


# Secondary text is dimmed rather than coloured: the theme's muted colour is relative to
# the background ("auto 60%"), which a style inside text cannot express.
MUTED = Style(dim=True)


def _colour(value: str | None) -> str | None:
    """A colour a rich Style accepts, or None (then marks rely on bold and underline)."""
    if not value:
        return None
    try:
        Color.parse(value)
    except ColorParseError:
        return None
    return value


def verdict_line(
    score: int, verdict: str, partner: str, palette: Palette, *, flagged: bool = True
) -> Text:
    """The headline: the score out of 100, the verdict, and one calm sentence on it."""
    colour = {"validating": palette.strength, "defensive": palette.flag}.get(verdict)
    line = Text()
    line.append(f"{score}", style=Style(bold=True, color=colour))
    line.append(" / 100   ")
    line.append(VERDICT_LABELS.get(verdict, verdict.title()), style=Style(bold=True, color=colour))
    line.append("\n")
    line.append(_verdict_sentence(verdict, partner, flagged), style=MUTED)
    return line


def _verdict_sentence(verdict: str, partner: str, flagged: bool) -> str:
    if verdict == "validating":
        return (
            f"This stays with what {partner} feels. Say it out loud a few times so it comes first."
        )
    if verdict == "defensive":
        return (
            f"This protects you more than it hears {partner}. That is the old reflex; "
            "seeing it written down is how it starts to loosen."
        )
    if not flagged:
        return (
            f"Nothing here works against you, and nothing yet reaches what {partner} feels. "
            "Compare it with the reply below."
        )
    return f"Parts of this reach {partner}; the marked phrases pull it back towards you."


def marked_reply(text: str, flags: Sequence[Any], strengths: Sequence[Any], p: Palette) -> Text:
    """The user's reply with flagged phrases and strengths marked by style, not by markup.

    Flags are bold and underlined as well as coloured, so they stand out without colour.
    """
    marked = Text(text)
    for strength in strengths:
        start, end = _span(strength, len(text))
        marked.stylize(Style(color=p.strength, italic=True), start, end)
    for flag in flags:
        start, end = _span(flag, len(text))
        marked.stylize(Style(color=p.flag, bold=True, underline=True), start, end)
    return marked


def flag_list(flags: Sequence[Any], labels: Mapping[str, str], p: Palette) -> Table:
    """Each flagged phrase in quotes, what kind it is, and why it hurts.

    A two-column grid gives the advice a hanging indent under its number when it wraps.
    """
    listing = _hanging_grid()
    for number, flag in enumerate(_in_order(flags), start=1):
        entry = Text()
        entry.append(f"\u201c{flag.text}\u201d", style=Style(color=p.flag, bold=True))
        label = labels.get(flag.kind) or _humanise(flag.kind)
        entry.append(f"  {label}", style=MUTED)
        advice = str(getattr(flag, "advice", "") or "")
        if advice:
            entry.append(f"\n{advice}")
        if number > 1:
            listing.add_row("", "")
        listing.add_row(Text(f"{number}."), entry)
    return listing


def strength_list(strengths: Sequence[Any], labels: Mapping[str, str], p: Palette) -> Table:
    """Each phrase that helps, in quotes, with what it does."""
    listing = _hanging_grid()
    for strength in _in_order(strengths):
        entry = Text(f"\u201c{strength.text}\u201d", style=Style(color=p.strength))
        label = labels.get(strength.kind) or _humanise(strength.kind)
        entry.append(f"  {label}", style=MUTED)
        listing.add_row(Text("+", style=Style(color=p.strength, bold=True)), entry)
    return listing


def _hanging_grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    return grid


def helping_reply(scenario: Scenario, p: Palette) -> Text:
    """The reply that helps, in quotes, and why it helps."""
    shown = Text()
    shown.append(f"\u201c{scenario.helps}\u201d", style=Style(italic=True))
    shown.append("\n\n")
    shown.append(scenario.helps_why, style=MUTED)
    return shown


def partner_line(scenario: Scenario) -> Text:
    """The partner's words, in quotes; the screen styles the block they sit in."""
    return Text(f"\u201c{scenario.says}\u201d")


def _in_order(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda item: (getattr(item, "start", 0), getattr(item, "end", 0)))


def _span(item: Any, length: int) -> tuple[int, int]:
    start = max(0, min(length, int(getattr(item, "start", 0))))
    end = max(start, min(length, int(getattr(item, "end", start))))
    return start, end


def _humanise(kind: str) -> str:
    words = kind.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]
