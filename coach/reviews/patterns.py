"""The small phrase-pattern language of the review data files, compiled to regular expressions.

A pattern is a phrase written the way a person would say it, matched against normalised
text (see `normalise`), so it is case-free and contractions may be written either way:

    word            a word; "didn't" in a pattern means the same as "did not"
    (a|b c|d)       one of the alternatives; an alternative may be several words
    [a|b c]         optional: one of the alternatives, or nothing
    <name>          a macro from the file's [macros] table (macros may use this syntax)
    ~verb           any form of a verb: "~hide" is hide, hides, hid, hidden or hiding
    stem*           any word starting with "stem"
    *ing            any word ending with "ing" ("humiliat*" covers "humiliated")
    _               exactly one word, whatever it is
    ...             up to six more words in the same clause (no comma or full stop)
    ....            up to twelve more words in the same sentence (commas allowed)
    ?               punctuation on its own is matched right after the word before it
    !word  !(a|b)   not followed by that word (or any of those): "just !that"

Between words a match allows one space, or a comma, colon, dash, quote or ellipsis with
spaces around it, so "sorry, but I" matches the pattern "sorry but i".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from coach.reviews.inflect import forms

# What may stand between two words of a phrase.
SEP = r'(?: ?(?:[,:"()\-]|\.\.\.?)+ ?| )'
# One word for `_` and `...`: letters, digits, apostrophes and inner hyphens.
WORD = r"[\w']+(?:-[\w']+)*"
GAP_WORDS = 6
LONG_GAP_WORDS = 12

_TOKENS = re.compile(r"\s*(\.\.\.\.?|<[a-z_]+>|[()\[\]|!]|[^\s()\[\]|<!]+)")


class RawRegex(str):
    """A macro value that is already a regular expression (such as the partner's name)."""


class PatternError(ValueError):
    """A pattern in a data file could not be understood."""


@dataclass(frozen=True, slots=True)
class _Piece:
    regex: str
    optional: bool = False
    gap: bool = False
    attached: bool = False
    long: bool = False
    # For a plain word, or a group of plain words: each word's regex, so that patterns can
    # be grouped by their first word (see `compile_phrases`).
    heads: tuple[str, ...] = ()


class _Parser:
    def __init__(
        self,
        source: str,
        macros: Mapping[str, str],
        canonical: Callable[[str], str],
        depth: int = 0,
    ) -> None:
        self.source = source
        self.macros = macros
        self.canonical = canonical
        self.depth = depth
        self.tokens = self._tokenise(source)
        self.position = 0

    def _tokenise(self, source: str) -> list[str]:
        tokens: list[str] = []
        index = 0
        while index < len(source):
            match = _TOKENS.match(source, index)
            if match is None:
                if source[index:].strip():
                    raise PatternError(f"cannot read {source[index:]!r} in {source!r}")
                break
            tokens.append(match.group(1))
            index = match.end()
        return tokens

    def parse(self) -> str:
        regex = self._alternatives(closing=None)
        if self.position != len(self.tokens):
            raise PatternError(f"unbalanced brackets in {self.source!r}")
        return regex

    def split(self) -> tuple[tuple[str, ...], str] | None:
        """(first words, rest) when the phrase starts with a required plain word or group."""
        pieces = self._pieces()
        if self.position != len(self.tokens) or not pieces or not pieces[0].heads:
            return None
        _join(pieces, self.source)  # validates the whole phrase
        return pieces[0].heads, _join_tail(pieces[1:])

    def _alternatives(self, closing: str | None) -> str:
        return self._group(closing)[0]

    def _group(self, closing: str | None) -> tuple[str, tuple[str, ...]]:
        """The alternatives as one regex, and their words when each is one plain word."""
        sequences = [self._pieces()]
        while self.position < len(self.tokens) and self.tokens[self.position] == "|":
            self.position += 1
            sequences.append(self._pieces())
        if closing is not None:
            if self.position >= len(self.tokens) or self.tokens[self.position] != closing:
                raise PatternError(f"missing {closing!r} in {self.source!r}")
            self.position += 1
        options = [_join(pieces, self.source) for pieces in sequences]
        plain = all(len(pieces) == 1 and pieces[0].heads for pieces in sequences)
        heads = tuple(head for pieces in sequences for head in pieces[0].heads) if plain else ()
        if len(options) == 1:
            return options[0], heads
        return "(?:" + "|".join(options) + ")", heads

    def _pieces(self) -> list[_Piece]:
        pieces: list[_Piece] = []
        while self.position < len(self.tokens) and self.tokens[self.position] not in "|)]":
            pieces.append(self._piece())
        return pieces

    def _piece(self) -> _Piece:
        token = self.tokens[self.position]
        self.position += 1
        if token == "(":
            regex, heads = self._group(closing=")")
            return _Piece(regex, heads=heads)
        if token == "[":
            return _Piece(self._alternatives(closing="]"), optional=True)
        if token == "!":
            if self.position >= len(self.tokens):
                raise PatternError(f"'!' needs a word after it in {self.source!r}")
            inner = self._piece()
            return _Piece(rf"(?!{SEP}(?:{inner.regex})(?!\w))", attached=True)
        if token == "...":
            return _Piece("", gap=True)
        if token == "....":
            return _Piece("", gap=True, long=True)
        if token == "_":
            return _Piece(WORD)
        if token.startswith("<"):
            name = token[1:-1]
            if name not in self.macros:
                raise PatternError(f"unknown macro <{name}> in {self.source!r}")
            value = self.macros[name]
            if isinstance(value, RawRegex):
                return _Piece(f"(?:{value})")
            if self.depth > 8:
                raise PatternError(f"macros nest too deeply in {self.source!r}")
            inner = _Parser(value, self.macros, self.canonical, self.depth + 1)
            return _Piece("(?:" + inner.parse() + ")")
        if not re.search(r"\w", token):
            if self.position >= 2 and self.tokens[self.position - 2] in ")]":
                # "(going to )?" reads like regex but would demand a literal "?"; use [].
                raise PatternError(f"punctuation after a bracket in {self.source!r}; use [...]")
            # Punctuation such as "?" hangs on the word before it, as people type it.
            return _Piece(" ?" + re.escape(token), attached=True)
        if token.startswith("~") and len(token) > 1:
            # A word family: every tense of the verb, so one pattern covers "lied" and "lying".
            words = [self.canonical(word) for word in forms(token[1:]).all()]
            return _Piece("(?:" + "|".join(_word_regex(word) for word in words) + ")")
        if token.startswith("*") and len(token) > 1:
            return _Piece(r"[\w']*" + re.escape(self.canonical(token[1:])))
        if token.endswith("*") and len(token) > 1:
            return _Piece(re.escape(self.canonical(token[:-1])) + r"[\w']*")
        word = self.canonical(token)
        if not word:
            raise PatternError(f"empty word in {self.source!r}")
        regex = _word_regex(word)
        return _Piece(regex, heads=(regex,))


def _word_regex(word: str) -> str:
    """One canonical word (or a contraction spelled out, "did not") as a regular expression."""
    return SEP.join(re.escape(part) for part in word.split(" "))


def _join(pieces: list[_Piece], source: str) -> str:
    required = [
        index
        for index, piece in enumerate(pieces)
        if not (piece.optional or piece.gap or piece.attached)
    ]
    if not required:
        raise PatternError(f"a phrase needs at least one required word: {source!r}")
    first = required[0]
    parts: list[str] = []
    for piece in pieces[:first]:
        if piece.gap or piece.attached:
            raise PatternError(f"a phrase cannot start with '...': {source!r}")
        parts.append(f"(?:{piece.regex}{SEP})?")
    parts.append(pieces[first].regex)
    parts.append(_join_tail(pieces[first + 1 :]))
    return "".join(parts)


def _join_tail(pieces: list[_Piece]) -> str:
    """The regex for the pieces that follow a phrase's first required word."""
    parts: list[str] = []
    for piece in pieces:
        if piece.gap and piece.long:
            # A long gap stays inside one sentence: commas yes, full stops no.
            parts.append(f"(?:{SEP}{WORD}){{0,{LONG_GAP_WORDS}}}")
        elif piece.gap:
            # A gap stays inside one clause: it never crosses a comma or a full stop.
            parts.append(f"(?: {WORD}){{0,{GAP_WORDS}}}")
        elif piece.attached:
            parts.append(piece.regex)
        elif piece.optional:
            parts.append(f"(?:{SEP}{piece.regex})?")
        else:
            parts.append(SEP + piece.regex)
    return "".join(parts)


def compile_phrase(source: str, macros: Mapping[str, str], canonical: Callable[[str], str]) -> str:
    """The regular expression (without word boundaries) for one pattern."""
    if not isinstance(source, str) or not source.strip():
        raise PatternError("a pattern must be non-empty text")
    return _Parser(source, macros, canonical).parse()


def compile_phrases(
    sources: list[str], macros: Mapping[str, str], canonical: Callable[[str], str]
) -> re.Pattern[str]:
    """One regular expression matching any of the patterns, on whole words only.

    Phrases that start with the same plain word share it ("i (lied|hid)" and "i am sorry"
    become "i(?: (lied|hid)| am sorry)"), so at each word of the text the matcher tries a
    few first words instead of every phrase; that keeps a review of a long draft fast.
    """
    grouped: dict[str, list[str]] = {}
    others: list[str] = []
    for source in sources:
        if not isinstance(source, str) or not source.strip():
            raise PatternError("a pattern must be non-empty text")
        split = _Parser(source, macros, canonical).split()
        if split is None:
            others.append(f"(?:{compile_phrase(source, macros, canonical)})")
            continue
        heads, tail = split
        for head in heads:
            grouped.setdefault(head, []).append(tail)
    branches: list[str] = []
    for head, tails in grouped.items():
        # A phrase that ends at its first word goes last, so longer phrases are tried first.
        ordered = [tail for tail in tails if tail] + ([""] if "" in tails else [])
        unique = list(dict.fromkeys(ordered))
        branches.append(head if unique == [""] else f"{head}(?:{'|'.join(unique)})")
    body = "|".join(branches + others)
    return re.compile(rf"(?<!\w)(?:{body})(?![\w])")
