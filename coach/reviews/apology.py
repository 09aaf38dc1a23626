"""Reviewing an apology draft: six ingredients present or missing, and what works against it.

An apology is `ready` only when it has all six ingredients (remorse, the offense named,
its impact, responsibility, a plan, and no ask in return) and nothing is flagged. The
phrases live in `content/reviews/apology.toml`; this module only applies them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coach.reviews.matcher import Hit, load_book, overlaps
from coach.reviews.model import Flag, Span, in_pronouns
from coach.reviews.normalise import normalise

DATA_FILE = "reviews/apology.toml"

INGREDIENTS: tuple[str, ...] = ("remorse", "offense", "impact", "responsibility", "plan", "no_ask")
FLAG_KINDS: tuple[str, ...] = (
    "non_apology",
    "excuse",
    "minimizing",
    "blame_shift",
    "vague",
    "asks_forgiveness",
)

INGREDIENT_LABELS: dict[str, str] = {
    "remorse": "Remorse",
    "offense": "The offense, named",
    "impact": "Its impact on {them}",
    "responsibility": "Responsibility",
    "plan": "A plan for the future",
    "no_ask": "Nothing asked in return",
}

FLAG_LABELS: dict[str, str] = {
    "non_apology": "Non-apology",
    "excuse": "Excuse",
    "minimizing": "Minimizing",
    "blame_shift": "Blame shift",
    "vague": "Vague",
    "asks_forgiveness": "Asks for something back",
}


@dataclass(frozen=True)
class ApologyReview:
    """The review of one draft. `to_json()` is the stable, public shape."""

    verdict: str
    ingredients: dict[str, bool]
    flags: list[Flag]
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    advice: dict[str, str] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        """The ingredients not found, in the usual order."""
        return [name for name in INGREDIENTS if not self.ingredients[name]]

    @property
    def ready(self) -> bool:
        return self.verdict == "ready"

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "ingredients": {name: self.ingredients[name] for name in INGREDIENTS},
            "flags": [flag.to_json() for flag in self.flags],
        }


def review_apology(
    text: str, partner_name: str | None = None, pronouns: str | None = None
) -> ApologyReview:
    """Review an apology draft; never raises on any text.

    `partner_name` lets the phrases recognise the partner's name; `pronouns` (as Settings
    keep them, "she/her" ...) words the advice; without them the advice says "they".
    """
    norm = normalise(text if isinstance(text, str) else str(text))
    book = load_book(DATA_FILE, _partner_key(partner_name))

    flags: list[Flag] = []
    flag_hits: list[Hit] = []
    for kind in FLAG_KINDS:
        advice = in_pronouns(book.category("flags", kind).advice, pronouns)
        for hit in book.find(norm, "flags", kind):
            flag_hits.append(hit)
            flags.append(Flag(kind, hit.start, hit.end, hit.text, advice))
    flags.sort(key=lambda flag: (flag.start, flag.end, flag.kind))

    cancelling = [hit for hit in flag_hits if hit.kind != "vague"]
    evidence: dict[str, list[Span]] = {}
    ingredients: dict[str, bool] = {}
    for name in INGREDIENTS:
        # Words inside a flagged phrase are not evidence: "sorry if" is not remorse. A vague
        # "sorry for everything" is still sorry, so that flag does not cancel.
        found = book.find(norm, "ingredients", name)
        hits = [hit for hit in found if not overlaps(hit, cancelling)]
        evidence[name] = [Span(hit.start, hit.end, hit.text) for hit in hits]
        ingredients[name] = bool(hits)
    ingredients["no_ask"] = not any(flag.kind == "asks_forgiveness" for flag in flags)
    if ingredients["offense"]:
        # "Sorry for my behaviour at Christmas" is only vague until the act is named; once the
        # draft says "I called your brother a loser", asking for the exact thing is moot.
        flags = [flag for flag in flags if flag.kind != "vague"]

    advice = {
        name: in_pronouns(book.category("ingredients", name).advice, pronouns)
        for name in INGREDIENTS
        if not ingredients[name]
    }
    verdict = "ready" if all(ingredients.values()) and not flags else "needs_work"
    return ApologyReview(verdict, ingredients, flags, evidence, advice)


def _partner_key(partner_name: str | None) -> str | None:
    """One cache entry per name however it is typed; long names are not names."""
    if not isinstance(partner_name, str):
        return None
    key = " ".join(normalise(partner_name[:80]).text.split())
    return key or None
