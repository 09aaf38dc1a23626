"""Readable terminal reports of a review, drawn with Rich for `coach review`.

The user's words only ever enter as `rich.text.Text` (never markup strings), so a draft
that contains "[bold]" or "[/]" prints exactly as typed and cannot break the layout.
"""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console
from rich.text import Text

from coach.reviews.apology import (
    FLAG_LABELS as APOLOGY_FLAG_LABELS,
)
from coach.reviews.apology import (
    INGREDIENT_LABELS,
    INGREDIENTS,
    ApologyReview,
)
from coach.reviews.model import Flag, in_pronouns
from coach.reviews.reply import FLAG_LABELS as REPLY_FLAG_LABELS
from coach.reviews.reply import STRENGTH_LABELS, ReplyReview

FLAG_STYLE = "bold red"
GOOD_STYLE = "green"
QUIET_STYLE = "dim"


def _console() -> Console:
    # Looked up at call time so tests that capture sys.stdout see the report.
    return Console(file=sys.stdout, highlight=False, emoji=False, markup=False)


def _marks() -> tuple[str, str, str]:
    """Tick, cross and bullet, falling back to ASCII on consoles that cannot show them."""
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "\u2713\u2717\u2022".encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return "+", "x", "*"
    return "\u2713", "\u2717", "\u2022"


def _quoted(text: str, style: str = "") -> Text:
    return Text.assemble(("\u201c", QUIET_STYLE), (_one_line(text), style), ("\u201d", QUIET_STYLE))


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 160 else flat[:157] + "..."


def _marked_text(text: str, flags: list[Flag], good: list[tuple[int, int]]) -> Text:
    body = Text(text)
    for start, end in good:
        body.stylize(GOOD_STYLE, start, end)
    for flag in flags:
        body.stylize("red underline", flag.start, flag.end)
    return body


def print_apology_report(text: str, review: ApologyReview, pronouns: str | None = None) -> None:
    """The six ingredients ticked, each flag quoted with its advice, and the draft itself;
    the labels name the partner by `pronouns` ("them" when not given)."""
    console = _console()
    tick, cross, bullet = _marks()
    ready = review.verdict == "ready"
    console.print(
        Text.assemble(
            ("Apology review: ", "bold"),
            ("ready" if ready else "needs work", GOOD_STYLE if ready else FLAG_STYLE),
        )
    )
    console.print()
    console.print(Text("Ingredients", style="bold"))
    for name in INGREDIENTS:
        present = review.ingredients[name]
        line = Text.assemble(
            ("  ", ""),
            (tick if present else cross, GOOD_STYLE if present else FLAG_STYLE),
            (" " + in_pronouns(INGREDIENT_LABELS[name], pronouns), ""),
        )
        evidence = review.evidence.get(name, [])
        if present and evidence:
            line.append("  ")
            line.append_text(_quoted(evidence[0].text, QUIET_STYLE))
        console.print(line)
        if not present and name in review.advice:
            console.print(Text("      " + review.advice[name], style=QUIET_STYLE))
    if review.flags:
        console.print()
        console.print(Text("What works against it", style="bold"))
        for flag in review.flags:
            console.print(
                Text.assemble(
                    (f"  {bullet} ", FLAG_STYLE),
                    (APOLOGY_FLAG_LABELS.get(flag.kind, flag.kind) + ": ", FLAG_STYLE),
                    _quoted(flag.text),
                )
            )
            console.print(Text("      " + flag.advice, style=QUIET_STYLE))
    if text.strip():
        good = [(span.start, span.end) for spans in review.evidence.values() for span in spans]
        console.print()
        console.print(Text("Your draft", style="bold"))
        console.print(_marked_text(text, review.flags, good))


def print_reply_report(text: str, review: ReplyReview, scenario: Any | None = None) -> None:
    """Verdict and score with its reasons, strengths, flags with why they hurt, and a model."""
    console = _console()
    _, _, bullet = _marks()
    style = {"validating": GOOD_STYLE, "defensive": FLAG_STYLE}.get(review.verdict, "yellow")
    if scenario is not None:
        console.print(Text(str(scenario.title), style="bold"))
        console.print(Text.assemble(("They say: ", QUIET_STYLE), _quoted(str(scenario.says))))
        console.print()
    console.print(
        Text.assemble(
            ("Reply review: ", "bold"),
            (review.verdict, style),
            (f"  (score {review.score}/100)", QUIET_STYLE),
        )
    )
    if review.strengths:
        console.print()
        console.print(Text("What helps", style="bold"))
        for strength in review.strengths:
            console.print(
                Text.assemble(
                    (f"  {bullet} ", GOOD_STYLE),
                    (STRENGTH_LABELS.get(strength.kind, strength.kind) + ": ", GOOD_STYLE),
                    _quoted(strength.text),
                )
            )
    if review.flags:
        console.print()
        console.print(Text("What hurts", style="bold"))
        for flag in review.flags:
            console.print(
                Text.assemble(
                    (f"  {bullet} ", FLAG_STYLE),
                    (REPLY_FLAG_LABELS.get(flag.kind, flag.kind) + ": ", FLAG_STYLE),
                    _quoted(flag.text),
                )
            )
            console.print(Text("      " + flag.advice, style=QUIET_STYLE))
    console.print()
    console.print(Text("How the score was reached", style="bold"))
    for step in review.steps:
        sign = f"{step.delta:+d}" if step.delta else " 0"
        console.print(Text.assemble((f"  {sign:>4}  ", QUIET_STYLE), (step.reason, "")))
    if text.strip():
        good = [(item.start, item.end) for item in review.strengths]
        console.print()
        console.print(Text("Your reply", style="bold"))
        console.print(_marked_text(text, review.flags, good))
    if scenario is not None:
        console.print()
        console.print(Text("A reply that helps, for comparison", style="bold"))
        console.print(Text(str(scenario.helps)))
