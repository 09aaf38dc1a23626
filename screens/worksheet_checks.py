"""Live checks under a worksheet answer: the perspective check marks "but", "if", excuses
and intentions, each with its advice; the "I don't know" check gives a gentle push.

The check engines live in `coach.reviews.checks`; if that module is missing the fields
simply show no check. The user's words are styled by span on a `Text`, never through
markup, so brackets they type are shown as typed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, Protocol

from rich.text import Text

from coach.textsafe import display_safe

MAX_SHOWN = 4
"""Different phrases shown per piece of advice; the rest are counted."""
MARK_STYLE = "bold reverse"


class FlagLike(Protocol):
    start: int
    end: int
    text: str
    advice: str


@cache
def _checks_module() -> Any:
    try:
        return importlib.import_module("coach.reviews.checks")
    except ImportError:
        return None


def _engine(name: str) -> Callable[[str], Any] | None:
    module = _checks_module()
    return getattr(module, name, None) if module is not None else None


def checks_available() -> bool:
    """Whether the live check engines are installed."""
    return _checks_module() is not None


def warm_up(partner_name: str | None = None) -> None:
    """Load the phrase books now (about half a second), so the first check run while
    typing does not stall the keys behind it. The books are kept per partner name, so
    pass the one the screens will use. Safe to call from a worker thread."""
    for kind, sample in (("perspective", "I am sorry, but"), ("dont_know", "I don't know")):
        run_check(kind, sample, partner_name)
    try:
        from coach.reviews.apology import review_apology
    except ImportError:
        return
    review_apology("I am sorry.", partner_name)


def flags_in_context(text: str, flags: Sequence[FlagLike]) -> Text | None:
    """Each marked phrase, quoted and styled, with its advice; one line per piece of advice.

    The phrase is quoted as well as styled so it shows in any terminal, colours or none.
    """
    if not flags:
        return None
    groups: dict[str, list[str]] = {}
    for flag in flags:
        phrase = " ".join(display_safe(text[flag.start : flag.end]).split())
        phrases = groups.setdefault(flag.advice, [])
        if phrase.casefold() not in (p.casefold() for p in phrases):
            phrases.append(phrase)
    out = Text()
    for advice, phrases in groups.items():
        if out.plain:
            out.append("\n")
        shown = phrases[:MAX_SHOWN]
        for number, phrase in enumerate(shown):
            out.append(", " if number else "")
            out.append(f"“{phrase}”", style=MARK_STYLE)
        if len(phrases) > MAX_SHOWN:
            out.append(f" and {len(phrases) - MAX_SHOWN} more")
        out.append(" → ")
        out.append(display_safe(advice), style="italic")
    return out


def run_check(
    kind: str, text: str, partner_name: str | None = None, pronouns: str | None = None
) -> Text | None:
    """What the live check of `kind` finds in `text`, ready to show; None for nothing.
    The advice names the partner by `pronouns` ("they" when not given).

    A check that fails shows nothing: it must never take the worksheet down with it.
    """
    if not text.strip():
        return None
    try:
        return _run_check(kind, text, partner_name, pronouns)
    except Exception:  # noqa: BLE001 - the user's words matter more than the check
        return None


def _run_check(kind: str, text: str, partner_name: str | None, pronouns: str | None) -> Text | None:
    if kind == "perspective":
        check = _engine("check_perspective")
        if check is None:
            return None
        flags = [
            flag
            for flag in check(text, partner_name, pronouns)
            if 0 <= flag.start < flag.end <= len(text)
        ]
        return flags_in_context(text, flags)
    if kind == "dont_know":
        check = _engine("check_dont_know")
        message = check(text) if check is not None else None
        return Text("→ " + display_safe(message), style="italic") if message else None
    return None
