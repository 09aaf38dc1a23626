"""Live checks under a worksheet answer: the perspective check marks "but", "if", excuses
and intentions in context, with advice; the "I don't know" check gives a gentle push.

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

CONTEXT_CHARS = 28
"""Characters of the answer shown either side of a marked phrase."""
MAX_SHOWN = 3
"""Marked phrases shown per piece of advice; the rest are counted."""
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


def warm_up() -> None:
    """Load the phrase books now (about a tenth of a second), so the first check run while
    typing does not stall the keys behind it. Safe to call from a worker thread."""
    for kind, sample in (("perspective", "I am sorry, but"), ("dont_know", "I don't know")):
        run_check(kind, sample)
    try:
        from coach.reviews.apology import review_apology
    except ImportError:
        return
    review_apology("I am sorry.")


def in_context(text: str, start: int, end: int, style: str = MARK_STYLE) -> Text:
    """The marked span with a little of the text around it, on one line."""
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    line = Text("…" if start > CONTEXT_CHARS else "")
    for piece, piece_style in ((before, ""), (text[start:end], style), (after, "")):
        line.append(display_safe(piece).replace("\n", " ").replace("\t", " "), style=piece_style)
    if end + CONTEXT_CHARS < len(text):
        line.append("…")
    return line


def flags_in_context(text: str, flags: Sequence[FlagLike]) -> Text | None:
    """Each marked phrase in context, grouped under its advice."""
    if not flags:
        return None
    groups: dict[str, list[FlagLike]] = {}
    for flag in flags:
        groups.setdefault(flag.advice, []).append(flag)
    out = Text()
    for advice, group in groups.items():
        if out.plain:
            out.append("\n")
        for flag in group[:MAX_SHOWN]:
            out.append("  ")
            out.append_text(in_context(text, flag.start, flag.end))
            out.append("\n")
        if len(group) > MAX_SHOWN:
            out.append(f"  and {len(group) - MAX_SHOWN} more like these\n", style="dim")
        out.append("  → ")
        out.append(display_safe(advice), style="italic")
    return out


def run_check(kind: str, text: str, partner_name: str | None = None) -> Text | None:
    """What the live check of `kind` finds in `text`, ready to show; None for nothing.

    A check that fails shows nothing: it must never take the worksheet down with it.
    """
    if not text.strip():
        return None
    try:
        return _run_check(kind, text, partner_name)
    except Exception:  # noqa: BLE001 - the user's words matter more than the check
        return None


def _run_check(kind: str, text: str, partner_name: str | None) -> Text | None:
    if kind == "perspective":
        check = _engine("check_perspective")
        if check is None:
            return None
        flags = [
            flag for flag in check(text, partner_name) if 0 <= flag.start < flag.end <= len(text)
        ]
        return flags_in_context(text, flags)
    if kind == "dont_know":
        check = _engine("check_dont_know")
        message = check(text) if check is not None else None
        return Text("→ " + display_safe(message), style="italic") if message else None
    return None
