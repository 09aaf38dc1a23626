"""Reviewing a rehearsed reply to the moment the past comes up.

The verdict follows only from what was found: `validating` when the reply has strengths and
nothing flagged, `defensive` when it has flags and no strengths, `mixed` when it has both or
neither. The score (0 to 100) grades it more finely and lists every step that moved it, so
the screen can explain the number. Phrases live in `content/reviews/reply.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coach.reviews.matcher import Hit, load_book, overlaps
from coach.reviews.model import Flag, Strength, in_pronouns
from coach.reviews.normalise import normalise
from coach.reviews.tone import apply_contrast, apply_sarcasm

DATA_FILE = "reviews/reply.toml"

FLAG_KINDS: tuple[str, ...] = (
    "defensive",
    "minimizing",
    "intent",
    "whataboutism",
    "impatience",
    "blame_shift",
    "asks_forgiveness",
    "self_pity",
)
STRENGTH_KINDS: tuple[str, ...] = (
    "ownership",
    "validation",
    "apology",
    "invitation",
    "patience",
    "empathy",
)

FLAG_LABELS: dict[str, str] = {
    "defensive": "Defensive",
    "minimizing": "Minimizing",
    "intent": "Intentions over impact",
    "whataboutism": "Whataboutism",
    "impatience": "Impatience",
    "blame_shift": "Blame shift",
    "asks_forgiveness": "Asks for forgiveness",
    "self_pity": "Self-pity",
}
STRENGTH_LABELS: dict[str, str] = {
    "ownership": "Ownership",
    "validation": "Validation",
    "apology": "Apology",
    "invitation": "Invitation to talk",
    "patience": "Patience",
    "empathy": "Empathy",
}

# A reply with nothing notable sits in the middle; one flag costs more than one strength
# earns, because a single "it was years ago" can undo several kind sentences.
BASE_SCORE = 50
FIRST_STRENGTH = 15
MORE_STRENGTH = 5
FIRST_FLAG = -30
MORE_FLAG = -10


@dataclass(frozen=True, slots=True)
class ScoreStep:
    """One reason the score moved: what was found, and by how much."""

    reason: str
    delta: int


@dataclass(frozen=True)
class ReplyReview:
    """The review of one reply. `to_json()` is the stable, public shape."""

    verdict: str
    score: int
    flags: list[Flag]
    strengths: list[Strength]
    steps: list[ScoreStep] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "score": self.score,
            "flags": [flag.to_json() for flag in self.flags],
            "strengths": [strength.to_json() for strength in self.strengths],
        }


def review_reply(text: str, pronouns: str | None = None) -> ReplyReview:
    """Review a reply; never raises on any text. `pronouns` (as Settings keep them) words
    the advice; without them it says "they"."""
    norm = normalise(text if isinstance(text, str) else str(text))
    if not norm.text.strip():
        return ReplyReview("mixed", 0, [], [], [ScoreStep("Nothing written yet", 0)])
    book = load_book(DATA_FILE)

    flag_hits: list[Hit] = []
    flags: list[Flag] = []
    for kind in FLAG_KINDS:
        advice = in_pronouns(book.category("flags", kind).advice, pronouns)
        for hit in book.find(norm, "flags", kind):
            flag_hits.append(hit)
            flags.append(Flag(kind, hit.start, hit.end, hit.text, advice))

    strengths: list[Strength] = []
    for kind in STRENGTH_KINDS:
        for hit in book.find(norm, "strengths", kind):
            # "I've said sorry a hundred times" is not an apology: a flag swallows it.
            if not overlaps(hit, flag_hits):
                strengths.append(Strength(kind, hit.start, hit.end, hit.text))

    # Tone: sarcasm empties validation, and a bare "but" takes an acknowledgement back.
    defensive_advice = in_pronouns(book.category("flags", "defensive").advice, pronouns)
    sarcasm = book.find(norm, "tone", "sarcasm")
    flags, strengths = apply_sarcasm(norm.original, sarcasm, flags, strengths, defensive_advice)
    flags = apply_contrast(norm.original, flags, strengths, defensive_advice)

    flags.sort(key=lambda item: (item.start, item.end, item.kind))
    strengths.sort(key=lambda item: (item.start, item.end, item.kind))
    score, steps = _score(flags, strengths)
    if strengths and not flags:
        verdict = "validating"
    elif flags and not strengths:
        verdict = "defensive"
    else:
        verdict = "mixed"
    return ReplyReview(verdict, score, flags, strengths, steps)


def _score(flags: list[Flag], strengths: list[Strength]) -> tuple[int, list[ScoreStep]]:
    steps = [ScoreStep("Starting point for any reply", BASE_SCORE)]
    seen: set[str] = set()
    for strength in strengths:
        first = strength.kind not in seen
        seen.add(strength.kind)
        label = STRENGTH_LABELS[strength.kind]
        delta = FIRST_STRENGTH if first else MORE_STRENGTH
        steps.append(ScoreStep(f"{label}: \u201c{strength.text}\u201d", delta))
    seen.clear()
    for flag in flags:
        first = flag.kind not in seen
        seen.add(flag.kind)
        label = FLAG_LABELS[flag.kind]
        delta = FIRST_FLAG if first else MORE_FLAG
        steps.append(ScoreStep(f"{label}: \u201c{flag.text}\u201d", delta))
    total = sum(step.delta for step in steps)
    return max(0, min(100, total)), steps
