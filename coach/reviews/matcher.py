"""The shared phrase matcher: data files of phrase patterns, compiled once, found in text.

A review data file (TOML under `content/reviews/`) has a `[macros]` table and sections of
categories, e.g. `[flags.excuse]` or `[ingredients.remorse]`, each with `patterns` (see
`coach.reviews.patterns` for the syntax) and usually an `advice` line. `common.toml` holds
macros every file may use and the words that negate a phrase. A category may also list
`not_after` words: a match right after one of them is dropped ("if" in "I wonder if"), and
`not_before` patterns: a match is dropped when one of them follows it in the same sentence,
as when a writer names a reason only to disown it ("I could say I was tired, but that is no
excuse").

A long data file may move some of its tables to other files and name them in `[settings]
include = [...]`; their tables are merged in as if written there.

A `[verbs]` table (in common.toml or a data file) names lists of verbs in the plain form;
each list `name` becomes the macros `<name>` (every form), `<name_base>`, `<name_past>`,
`<name_pp>` (past participle) and `<name_ing>`, spelled out by `coach.reviews.inflect`.

A match is dropped when the words just before it, in the same clause, negate it ("I'm not
sorry"; "I won't make excuses"; "it was not a small thing"). Patterns that contain their own
negation ("not a big deal") are unaffected, since only the words before a match count. For
flags, reporting words ("I told myself it was only once", "I won't pretend it was a joke")
also cancel a match: the writer is owning the old story, not telling it again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from coach.resources import read_toml
from coach.reviews.inflect import FORM_SUFFIXES, form_words
from coach.reviews.normalise import Normalised, canonical_words, normalise
from coach.reviews.patterns import SEP, PatternError, RawRegex, compile_phrases

COMMON_FILE = "reviews/common.toml"

_CLAUSE_BREAK = re.compile(
    r"[.!?;,:()\"]| - |\b(?:but|and|because|so|although|though|yet|while|when|which|or)\b"
)
_WORDS = re.compile(r"[\w']+")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n")
# A macro that can never match, for `<partner>` when no name is known.
_NEVER = RawRegex("(?!)")


@dataclass(frozen=True, slots=True)
class Hit:
    """One phrase found: its kind and its span in the original text."""

    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Category:
    """One kind of phrase in a data file, compiled."""

    kind: str
    advice: str
    regex: re.Pattern[str]
    negatable: bool
    distancing: bool
    not_after: frozenset[str] = frozenset()
    not_before: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class Negation:
    """Words that cancel a phrase found just after them in the same clause."""

    negators: frozenset[str]
    exempt_after: frozenset[str]
    distancing_stems: tuple[str, ...]
    window: int

    def cancels(self, text: str, start: int, *, distancing: bool) -> bool:
        """Whether the clause before text[start] negates (or reports) what starts there."""
        before = text[max(0, start - 160) : start]
        clause = _CLAUSE_BREAK.split(before)[-1]
        words = _WORDS.findall(clause)
        recent = words[-self.window :]
        offset = len(words) - len(recent)
        for index, word in enumerate(recent):
            if word in self.negators:
                following = words[offset + index + 1] if offset + index + 1 < len(words) else ""
                if following not in self.exempt_after:
                    return True
            if distancing and word.startswith(self.distancing_stems):
                return True
        return False


class PhraseBook:
    """Every category of one data file, compiled, with its negation rules."""

    def __init__(self, sections: dict[str, dict[str, Category]], negation: Negation) -> None:
        self.sections = sections
        self.negation = negation

    def category(self, section: str, kind: str) -> Category:
        return self.sections[section][kind]

    def kinds(self, section: str) -> tuple[str, ...]:
        return tuple(self.sections.get(section, {}))

    def find(self, norm: Normalised, section: str, kind: str) -> list[Hit]:
        """Non-negated matches of one category, overlapping ones merged, in text order."""
        spans = [norm.span(a, b) for a, b in self.find_canonical(norm, section, kind)]
        return [Hit(kind, a, b, norm.original[a:b]) for a, b in merge_spans(spans)]

    def find_canonical(self, norm: Normalised, section: str, kind: str) -> list[tuple[int, int]]:
        """The same matches as `find`, as spans of the canonical text, unmerged."""
        category = self.sections[section][kind]
        spans: list[tuple[int, int]] = []
        text = norm.text
        for match in category.regex.finditer(text):
            start, end = match.span()
            if end <= start:
                continue
            if category.not_after and _previous_word(text, start) in category.not_after:
                continue
            if category.not_before is not None and _disowned(category.not_before, text, end):
                continue
            if category.negatable and self.negation.cancels(
                text, start, distancing=category.distancing
            ):
                continue
            spans.append((start, end))
        return spans

    def find_section(self, norm: Normalised, section: str) -> dict[str, list[Hit]]:
        """Matches of every category in a section, keyed by kind, in file order."""
        return {kind: self.find(norm, section, kind) for kind in self.kinds(section)}


def _disowned(pattern: re.Pattern[str], text: str, end: int) -> bool:
    """Whether a `not_before` phrase follows `end` later in the same sentence."""
    stop = _SENTENCE_END.search(text, end)
    limit = stop.start() if stop else len(text)
    return pattern.search(text, end, min(limit, end + 200)) is not None


def _previous_word(text: str, start: int) -> str:
    words = _WORDS.findall(text[max(0, start - 40) : start])
    return words[-1] if words else ""


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def overlaps(hit: Hit, others: Iterable[Hit]) -> bool:
    """Whether `hit` shares any character with one of `others`."""
    return any(hit.start < other.end and other.start < hit.end for other in others)


@lru_cache(maxsize=64)
def load_book(resource: str, partner_name: str | None = None) -> PhraseBook:
    """The compiled phrase book of a data file; cached per file and partner name."""
    common = read_toml(COMMON_FILE)
    data = _with_includes(resource)
    macros: dict[str, str] = dict(common.get("macros", {}))
    macros.update(data.get("macros", {}))
    verbs: dict[str, list[str]] = dict(common.get("verbs", {}))
    verbs.update(data.get("verbs", {}))
    macros.update(_verb_macros(verbs))
    macros["partner"] = _partner_macro(partner_name)
    negation = _negation(common.get("negation", {}))
    flag_distancing = bool(data.get("settings", {}).get("flag_distancing", True))
    sections: dict[str, dict[str, Category]] = {}
    for section, table in data.items():
        if section in ("macros", "settings", "verbs") or not isinstance(table, dict):
            continue
        distancing = flag_distancing and section == "flags"
        sections[section] = {
            kind: _category(resource, section, kind, raw, macros, distancing)
            for kind, raw in table.items()
            if isinstance(raw, dict)
        }
    return PhraseBook(sections, negation)


def _category(
    resource: str,
    section: str,
    kind: str,
    raw: Mapping[str, Any],
    macros: Mapping[str, str],
    distancing: bool,
) -> Category:
    patterns = raw.get("patterns")
    if not isinstance(patterns, list) or not patterns:
        raise PatternError(f"{resource}: [{section}.{kind}] has no patterns")
    try:
        regex = compile_phrases(patterns, macros, canonical_words)
    except (PatternError, re.error) as error:
        raise PatternError(f"{resource}: [{section}.{kind}]: {error}") from error
    not_before = None
    if raw.get("not_before"):
        try:
            not_before = compile_phrases(list(raw["not_before"]), macros, canonical_words)
        except (PatternError, re.error) as error:
            raise PatternError(f"{resource}: [{section}.{kind}] not_before: {error}") from error
    return Category(
        kind=kind,
        advice=str(raw.get("advice", "")),
        regex=regex,
        negatable=bool(raw.get("negatable", True)),
        distancing=bool(raw.get("distancing", distancing)),
        not_after=frozenset(canonical_words(word) for word in raw.get("not_after", [])),
        not_before=not_before,
    )


def _with_includes(resource: str) -> dict[str, Any]:
    """A data file with the tables of the files its `[settings] include` names merged in."""
    data: dict[str, Any] = {
        key: dict(value) if isinstance(value, dict) else value
        for key, value in read_toml(resource).items()
    }
    for extra in data.get("settings", {}).get("include", []):
        for key, value in read_toml(str(extra)).items():
            if isinstance(value, dict):
                data.setdefault(key, {}).update(value)
    return data


def _verb_macros(verbs: Mapping[str, Any]) -> dict[str, str]:
    """`<name>`, `<name_past>` ... for each list of verbs, as pattern alternatives."""
    macros: dict[str, str] = {}
    for name, lemmas in verbs.items():
        if not isinstance(lemmas, list) or not all(isinstance(v, str) for v in lemmas):
            raise PatternError(f"[verbs] {name} must be a list of verbs")
        for suffix, form in FORM_SUFFIXES.items():
            macros[name + suffix] = "(" + "|".join(form_words(lemmas, form)) + ")"
    return macros


def _partner_macro(partner_name: str | None) -> RawRegex:
    if not partner_name:
        return _NEVER
    words = [word for word in _WORDS.findall(normalise(partner_name).text) if word.strip("_'")]
    if not words:
        return _NEVER
    # Escaped, so a name is always taken literally and never read as pattern syntax.
    return RawRegex(SEP.join(re.escape(word) for word in words))


def _negation(raw: Mapping[str, Any]) -> Negation:
    return Negation(
        negators=frozenset(canonical_words(w) for w in raw.get("negators", ["not", "never"])),
        exempt_after=frozenset(raw.get("exempt_after", [])),
        distancing_stems=tuple(raw.get("distancing_stems", [])),
        window=int(raw.get("window", 4)),
    )
