"""Live checks under worksheet fields: hedges in a perspective, and "I don't know" answers.

Both are cheap enough to run on every keystroke. `check_perspective` marks each "but", a
hedging "if", an excuse or an appeal to intentions, with a span and one calm line; the
screen underlines them without scolding. `check_dont_know` notices an answer that is empty
or mostly "I don't know" and offers a question that helps the writer go one step deeper.
"""

from __future__ import annotations

import re
from functools import cache

from coach.resources import read_toml
from coach.reviews.apology import DATA_FILE as APOLOGY_FILE
from coach.reviews.matcher import load_book, overlaps
from coach.reviews.model import Flag, in_pronouns
from coach.reviews.normalise import normalise

DATA_FILE = "reviews/checks.toml"
PERSPECTIVE_KINDS: tuple[str, ...] = ("but", "if", "excuse", "intent")
EXCUSE_ADVICE = "This explains your side; for now, stay with what it was like for {them}."

# An answer is "mostly I don't know" when those phrases make up at least this share of its
# words, or when fewer than this many other words of substance remain.
DONT_KNOW_SHARE = 0.4
MIN_OTHER_WORDS = 5

_WORDS = re.compile(r"[\w']+")


def check_perspective(
    text: str, partner_name: str | None = None, pronouns: str | None = None
) -> list[Flag]:
    """Every "but", hedging "if", excuse and appeal to intentions in `text`, in text order,
    with advice worded for `pronouns` ("they" when not given)."""
    norm = normalise(text if isinstance(text, str) else str(text))
    if not norm.text:
        return []
    name = partner_name.strip()[:80] if isinstance(partner_name, str) else None
    book = load_book(DATA_FILE, name or None)
    found = {kind: book.find(norm, "flags", kind) for kind in ("but", "if", "intent")}
    # The apology review's excuse list includes "I didn't mean to"; here that is intent.
    found["excuse"] = [
        hit
        for hit in load_book(APOLOGY_FILE).find(norm, "flags", "excuse")
        if not overlaps(hit, found["intent"])
    ]
    flags: list[Flag] = []
    for kind in PERSPECTIVE_KINDS:
        advice = EXCUSE_ADVICE if kind == "excuse" else book.category("flags", kind).advice
        advice = in_pronouns(advice, pronouns)
        flags.extend(Flag(kind, hit.start, hit.end, hit.text, advice) for hit in found[kind])
    flags.sort(key=lambda flag: (flag.start, flag.end, flag.kind))
    return flags


def check_dont_know(text: str) -> str | None:
    """A gentle question when `text` is empty of substance or mostly "I don't know"."""
    prompt, filler = _prompt_and_filler()
    norm = normalise(text if isinstance(text, str) else str(text))
    words = list(_WORDS.finditer(norm.text))
    if not words:
        return prompt
    spans = load_book(DATA_FILE).find_canonical(norm, "dont_know", "phrases")
    covered = 0
    other = 0
    for word in words:
        if any(start <= word.start() < end for start, end in spans):
            covered += 1
        elif word.group() not in filler:
            other += 1
    if spans and (covered / len(words) >= DONT_KNOW_SHARE or other < MIN_OTHER_WORDS):
        return prompt
    if not spans and other == 0:
        return prompt
    return None


@cache
def _prompt_and_filler() -> tuple[str, frozenset[str]]:
    data = read_toml(DATA_FILE)["dont_know_prompt"]
    return str(data["push"]), frozenset(str(data["filler"]).split())
