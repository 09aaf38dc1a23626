"""Making typed or pasted text safe to keep and to show.

Control characters and terminal escape sequences (a pasted OSC 52 clipboard write, a
window-title change) are stripped on input and again on display, so nothing a user
pastes can reach the terminal as a command. Tab and newline stay.
"""

from __future__ import annotations

import re

from coach.errors import InputTooLarge

MAX_TEXT_CHARS = 50_000
"""The longest answer one field takes (about 8,000 words)."""
MAX_LINE_CHARS = 500
"""The longest one-line entry (a promise, a name, an appreciation line)."""

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/PM/APC/SOS (ESC ] ... BEL or ST),
# and two-character escapes. Their 8-bit C1 forms are covered by the control-class below.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x9c|\x1b\\)?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """Remove escape sequences and C0/C1 control characters except tab and newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or any("\x80" <= ch <= "\x9f" for ch in text):
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def clean_text(text: str, *, limit: int = MAX_TEXT_CHARS, what: str = "This text") -> str:
    """Text fit to store: controls stripped, refused with a clear message over `limit`."""
    cleaned = strip_controls(text)
    if len(cleaned) > limit:
        raise InputTooLarge(
            f"{what} is {len(cleaned):,} characters; the limit is {limit:,}. "
            "Nothing was saved: shorten it or split it into parts.",
        )
    return cleaned


def clean_line(text: str, *, limit: int = MAX_LINE_CHARS, what: str = "This line") -> str:
    """A one-line entry: controls stripped, whitespace and newlines folded, limited."""
    cleaned = " ".join(strip_controls(text).split())
    if len(cleaned) > limit:
        raise InputTooLarge(
            f"{what} is {len(cleaned):,} characters; the limit is {limit:,}. "
            "Nothing was saved: shorten it and try again.",
        )
    return cleaned


def display_safe(text: str) -> str:
    """Text about to be drawn: stripped again, in case it came from an old or foreign file."""
    return strip_controls(text)
