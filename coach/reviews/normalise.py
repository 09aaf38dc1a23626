"""Normalising free text for phrase matching, keeping a map back to the original offsets.

Phrase patterns are matched against a canonical form of the user's text: lower case, plain
ASCII quotes, one space for any run of whitespace, contractions spelled out ("didn't" becomes
"did not", "I'm" becomes "i am", "cannot" becomes "can not"). Every character of that form
remembers which characters of the original text it came from, so a match can be reported
as a span of the text the user actually typed and the screen can highlight it.

The function never raises on any `str`: control characters, emoji, right-to-left text,
combining marks and lone surrogates all pass through as something harmless.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters that look like ASCII punctuation or letters and are typed (or pasted) in place
# of them. Curly apostrophes matter most: "I’m" must read the same as "I'm".
_LOOKALIKES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u02bc": "'",
    "\u02b9": "'",
    "\u0060": "'",
    "\u00b4": "'",
    "\uff07": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",
    # Cyrillic and Greek letters that render exactly like Latin ones.
    "\u0430": "a",
    "\u0435": "e",
    "\u043e": "o",
    "\u0440": "p",
    "\u0441": "c",
    "\u0443": "y",
    "\u0445": "x",
    "\u0456": "i",
    "\u0458": "j",
    "\u0455": "s",
    "\u0501": "d",
    "\u0261": "g",
    "\u03bf": "o",
    "\u03b1": "a",
    "\u03b9": "i",
    "\u03ba": "k",
    "\u03bd": "v",
    "\u03c1": "p",
    "\u0131": "i",
}

# Cache of what each non-ASCII character becomes; text rarely holds many distinct ones.
_CHAR_CACHE: dict[str, str] = {}


def _fold_char(char: str) -> str:
    """The canonical spelling of one character: "" to drop it, " " for any space."""
    cached = _CHAR_CACHE.get(char)
    if cached is not None:
        return cached
    if char in _LOOKALIKES:
        result = _LOOKALIKES[char]
    else:
        category = unicodedata.category(char)
        if category in ("Zs", "Zl", "Zp", "Cc"):
            result = " "
        elif category in ("Cf", "Mn", "Me", "Cs", "Co", "Cn"):
            # Zero-width joiners, direction marks, accents and unpaired surrogates carry no
            # words; dropping them lets "sorr\u200by" and "sorrý" read as "sorry".
            result = ""
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            kept = "".join(c for c in decomposed if not unicodedata.combining(c))
            result = "".join(_LOOKALIKES.get(c, c) for c in kept.lower()) or ""
            if not result.isprintable():
                result = " "
    if len(_CHAR_CACHE) < 20_000:
        _CHAR_CACHE[char] = result
    return result


# Whole words replaced as a unit. Apostrophe-less spellings are how many people type.
_WORDS = {
    "won't": "will not",
    "wont": "will not",
    "can't": "can not",
    "cant": "can not",
    "cannot": "can not",
    "shan't": "shall not",
    "ain't": "is not",
    "let's": "let us",
    "y'all": "you all",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "dont": "do not",
    "didnt": "did not",
    "doesnt": "does not",
    "isnt": "is not",
    "wasnt": "was not",
    "werent": "were not",
    "arent": "are not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "im": "i am",
    "ive": "i have",
    "youre": "you are",
    "youve": "you have",
    "theyre": "they are",
    "thats": "that is",
    "whats": "what is",
    "theres": "there is",
    "u": "you",
    "idk": "i do not know",
    "dunno": "do not know",
    "cuz": "because",
    "coz": "because",
    "'cause": "because",
    "tbh": "to be honest",
    "apologize": "apologise",
    "apologized": "apologised",
    "apologizing": "apologising",
}

# 's is "is" (or "has") only after words that take it as a verb; after a name it is possessive.
_S_VERB_HOSTS = frozenset(
    "it that he she there what who where here how this everything nothing something someone "
    "somebody nobody everyone everybody life which when why one".split()
)
_HAS_AFTER = frozenset("been got gotten had".split())
_HAD_AFTER = frozenset("been better already gone done seen had".split())
# Other past participles after 'd also mean "had": "you'd stopped", "I'd lied", "she'd told".
_PARTICIPLES = frozenset(
    "told said hidden hid kept left lost spent taken gone made met slept sent thought known "
    "broken forgotten stolen found felt heard seen got gotten given written drunk begun".split()
)
_SUFFIXES = (("n't", " not"), ("'re", " are"), ("'ve", " have"), ("'ll", " will"), ("'m", " am"))

_TOKEN = re.compile(r"[\w']+")
_NEXT_WORD = re.compile(r"\s*([\w']+)")


@dataclass(frozen=True, slots=True)
class Normalised:
    """Canonical text plus, for each of its characters, the original span it came from."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) that canonical text[start:end] came from."""
        if end <= start or not self.text:
            position = self.starts[start] if start < len(self.starts) else len(self.original)
            return position, position
        return self.starts[start], self.ends[end - 1]


def normalise(text: str) -> Normalised:
    """Canonicalise `text` for matching; see the module docstring for what changes."""
    if not isinstance(text, str):
        text = str(text)
    chars, starts, ends = _fold(text)
    canonical, starts, ends = _expand_contractions("".join(chars), starts, ends)
    return Normalised(text, canonical, tuple(starts), tuple(ends))


def _fold(text: str) -> tuple[list[str], list[int], list[int]]:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    previous_space = True  # also drops leading whitespace
    for index, char in enumerate(text):
        if char < "\x80":
            if char.isspace() or char < " " or char == "\x7f":
                folded = " "
            else:
                folded = char.lower()
        else:
            folded = _fold_char(char)
        for piece in folded:
            if piece == " ":
                if previous_space:
                    continue
                previous_space = True
            else:
                previous_space = False
            chars.append(piece)
            starts.append(index)
            ends.append(index + 1)
    if chars and chars[-1] == " ":
        chars.pop()
        starts.pop()
        ends.pop()
    return chars, starts, ends


def _expand_contractions(
    text: str, starts: list[int], ends: list[int]
) -> tuple[str, list[int], list[int]]:
    pieces: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    cursor = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        replacement = _replace_token(token, text, match.end())
        if replacement is None:
            continue
        a, b = match.span()
        pieces.append(text[cursor:a])
        new_starts.extend(starts[cursor:a])
        new_ends.extend(ends[cursor:a])
        keep, added = replacement
        # The kept stem maps letter for letter; the spelled-out part maps to what it replaced.
        pieces.append(text[a : a + keep])
        new_starts.extend(starts[a : a + keep])
        new_ends.extend(ends[a : a + keep])
        source_start = starts[a + keep] if a + keep < b else starts[b - 1]
        source_end = ends[b - 1]
        pieces.append(added)
        new_starts.extend([source_start] * len(added))
        new_ends.extend([source_end] * len(added))
        cursor = b
    if cursor == 0:
        return text, starts, ends
    pieces.append(text[cursor:])
    new_starts.extend(starts[cursor:])
    new_ends.extend(ends[cursor:])
    return "".join(pieces), new_starts, new_ends


def _replace_token(token: str, text: str, end: int) -> tuple[int, str] | None:
    """How to rewrite one word: (letters kept from the start, text that replaces the rest)."""
    whole = _WORDS.get(token)
    if whole is not None:
        return 0, whole
    if "'" not in token:
        return None
    for suffix, spelled in _SUFFIXES:
        if token.endswith(suffix) and len(token) > len(suffix):
            return len(token) - len(suffix), spelled
    if token.endswith("'s") and token[:-2] in _S_VERB_HOSTS:
        following = _NEXT_WORD.match(text, end)
        verb = " has" if following and following.group(1) in _HAS_AFTER else " is"
        return len(token) - 2, verb
    if token.endswith("'d") and len(token) > 2:
        following = _NEXT_WORD.match(text, end)
        verb = " had" if following and _takes_had(following.group(1)) else " would"
        return len(token) - 2, verb
    return None


def _takes_had(word: str) -> bool:
    """Whether 'd before `word` is "had": a past participle follows ("I'd lied")."""
    if word in _HAD_AFTER or word in _PARTICIPLES:
        return True
    # Regular participles end in -ed; "need", "feed" and "speed" do not count.
    return len(word) > 3 and word.endswith("ed") and not word.endswith("eed")


def canonical_words(text: str) -> str:
    """The canonical form of a phrase, as patterns are written against it."""
    return normalise(text).text
