"""Result types shared by the reviews: spans of the original text, flags and strengths."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
