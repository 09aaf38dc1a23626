"""Tone rules for the reply review: what a phrase means depends on the sentence around it.

Two things turn a kind word into a jab, and a phrase list alone cannot see either:

* Sarcasm. "Oh sure, you're right as always" contains "you're right", but said with "oh
  sure" or "as always" it is a defensive jab, not validation. A validation or apology in a
  sentence with a sarcasm marker (`[tone.sarcasm]` in reply.toml) becomes a defensive flag
  whose span covers both, so the screen can show exactly what read as sarcasm. Self-pity in
  the same sentence ("I'm just a liar, I get it") also empties the agreement, so there the
  validation is simply not counted; the self-pity flag already says why.
* A contrastive "but". "You're right, but I was only at the gym" takes the acknowledgement
  back. When a sentence acknowledges them (validation, apology or empathy) and then says
  "but ..." with nothing else recognised after it, the "but" clause is flagged defensive.
  When the clause after "but" already carries a flag or a strength, that finding speaks for
  itself and nothing is added.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.reviews.matcher import Hit
from coach.reviews.model import Flag, Strength

_SENTENCE_END = re.compile(r"[.!?]+|\n")
_BUT = re.compile(r"\bbut\b", re.IGNORECASE)
_WORD = re.compile(r"[\w']+")

# What sarcasm can empty, and what a "but" can take back.
SARCASM_CANCELS = frozenset({"validation", "apology"})
PITY_CANCELS = frozenset({"validation"})
BUT_TAKES_BACK = frozenset({"validation", "apology", "empathy"})
# "but" followed by a word or two ("but still", "but yes") is not a counter-argument.
MIN_BUT_WORDS = 3


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of the original text, end exclusive."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _sentence_of(spans: Sequence[tuple[int, int]], position: int) -> tuple[int, int]:
    for start, end in spans:
        if start <= position < end:
            return start, end
    return spans[-1] if spans else (0, 0)


def apply_sarcasm(
    text: str,
    markers: Sequence[Hit],
    flags: list[Flag],
    strengths: list[Strength],
    advice: str,
) -> tuple[list[Flag], list[Strength]]:
    """Turn validation said with sarcasm into a defensive flag; see the module docstring."""
    spans = sentences(text)
    sarcastic = {_sentence_of(spans, hit.start): hit for hit in markers}
    pitying = {_sentence_of(spans, flag.start) for flag in flags if flag.kind == "self_pity"}
    if not sarcastic and not pitying:
        return flags, strengths
    kept: list[Strength] = []
    added: list[Flag] = []
    for strength in strengths:
        sentence = _sentence_of(spans, strength.start)
        marker = sarcastic.get(sentence) if strength.kind in SARCASM_CANCELS else None
        if marker is None:
            if not (strength.kind in PITY_CANCELS and sentence in pitying):
                kept.append(strength)
            # else: self-pity alone empties the agreement, and that flag says why
            continue
        start, end = min(strength.start, marker.start), max(strength.end, marker.end)
        added.append(Flag("defensive", start, end, text[start:end], advice))
    return flags + added, kept


def apply_contrast(
    text: str, flags: list[Flag], strengths: list[Strength], advice: str
) -> list[Flag]:
    """Flag a bare "but ..." that follows an acknowledgement; see the module docstring."""
    if not strengths:
        return flags
    spans = sentences(text)
    added: list[Flag] = []
    for match in _BUT.finditer(text):
        sentence_start, sentence_end = _sentence_of(spans, match.start())
        before = match.start()
        acknowledged = any(
            item.kind in BUT_TAKES_BACK and sentence_start <= item.start <= item.end <= before
            for item in strengths
        )
        if not acknowledged:
            continue
        tail_end = _trim_end(text, match.start(), sentence_end)
        findings = [*flags, *strengths, *added]
        if any(match.start() <= item.start < tail_end for item in findings):
            continue
        if len(_WORD.findall(text[match.end() : tail_end])) < MIN_BUT_WORDS:
            continue
        start = match.start()
        added.append(Flag("defensive", start, tail_end, text[start:tail_end], advice))
    return flags + added


def _trim_end(text: str, start: int, end: int) -> int:
    """The end of text[start:end] without trailing spaces and sentence punctuation."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".!?"):
        end -= 1
    return end
