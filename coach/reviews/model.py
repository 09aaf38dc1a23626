"""Result types shared by the reviews: spans of the original text, flags and strengths."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

NEUTRAL_PRONOUNS = "they/them"


@lru_cache(maxsize=512)
def in_pronouns(text: str, pronouns: str | None = None) -> str:
    """Advice written with `{they}`, `{them}`, `{their}` ... filled for the partner's pronouns.

    Reviews run without knowing who the partner is (the command line, tests): then the
    advice says "they". Unknown pronouns read the same way.
    """
    from coach.partner import PRONOUN_SETS, Partner, fill

    chosen = pronouns if pronouns in PRONOUN_SETS else NEUTRAL_PRONOUNS
    return fill(text, Partner(pronouns=chosen))


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the user's original text; `text == original[start:end]`."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Flag:
    """Something in a draft that works against it, with one calm line of advice."""

    kind: str
    start: int
    end: int
    text: str
    advice: str

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "advice": self.advice,
        }


@dataclass(frozen=True, slots=True)
class Strength:
    """Something in a reply that helps."""

    kind: str
    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text}
