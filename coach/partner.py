"""The partner's name and pronouns, and filling them into the guide's text.

Content files write `{partner}`, `{they}`, `{them}`, `{their}` ... and the user's choice from
Settings fills them. Verb agreement placeholders (`{is}`, `{s}` ...) keep sentences
grammatical for "they". An unknown placeholder raises, so a typo in content fails a test.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_SINGULAR_VERBS = {
    "is": "is", "are": "is", "was": "was", "were": "was", "has": "has", "have": "has",
    "does": "does", "do": "does", "s": "s", "es": "es",
    "isn't": "isn't", "aren't": "isn't", "doesn't": "doesn't", "don't": "doesn't",
    "hasn't": "hasn't", "haven't": "hasn't", "wasn't": "wasn't", "weren't": "wasn't",
}  # fmt: skip

PRONOUN_SETS: dict[str, dict[str, str]] = {
    "she/her": {
        "they": "she", "them": "her", "their": "her", "theirs": "hers", "themself": "herself",
        **_SINGULAR_VERBS,
        "they're": "she's", "they've": "she's", "they'll": "she'll", "they'd": "she'd",
    },
    "he/him": {
        "they": "he", "them": "him", "their": "his", "theirs": "his", "themself": "himself",
        **_SINGULAR_VERBS,
        "they're": "he's", "they've": "he's", "they'll": "he'll", "they'd": "he'd",
    },
    "they/them": {
        "they": "they", "them": "them", "their": "their", "theirs": "theirs",
        "themself": "themself",
        "is": "are", "are": "are", "was": "were", "were": "were", "has": "have", "have": "have",
        "does": "do", "do": "do", "s": "", "es": "",
        "isn't": "aren't", "aren't": "aren't", "doesn't": "don't", "don't": "don't",
        "hasn't": "haven't", "haven't": "haven't", "wasn't": "weren't", "weren't": "weren't",
        "they're": "they're", "they've": "they've", "they'll": "they'll", "they'd": "they'd",
    },
}  # fmt: skip

DEFAULT_NAME = "your partner"
DEFAULT_PRONOUNS = "she/her"

_PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z']*)\}")


class UnknownPlaceholder(KeyError):
    """Content used a placeholder the loader does not know."""


class Partner(NamedTuple):
    """Who the user is rebuilding trust with, as they chose in Settings."""

    name: str = DEFAULT_NAME
    pronouns: str = DEFAULT_PRONOUNS

    def words(self) -> dict[str, str]:
        """Every placeholder's value, lower-case and Capitalised forms."""
        name = self.name.strip() or DEFAULT_NAME
        table = dict(PRONOUN_SETS.get(self.pronouns, PRONOUN_SETS[DEFAULT_PRONOUNS]))
        table["partner"] = name
        # "{partner's}" reads better than "{partner}'s" around a default of "your partner".
        table["partner's"] = name + "'s"
        capitalised = {key[0].upper() + key[1:]: _capitalise(value) for key, value in table.items()}
        table.update(capitalised)
        return table


def _capitalise(value: str) -> str:
    return value[:1].upper() + value[1:] if value else value


def known_placeholders() -> frozenset[str]:
    """Every placeholder name content may use."""
    return frozenset(Partner().words())


def fill(text: str, partner: Partner) -> str:
    """Replace every `{placeholder}` in content text; raise UnknownPlaceholder on a typo.

    `{{` and `}}` stand for literal braces.
    """
    words = partner.words()

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        try:
            return words[key]
        except KeyError:
            raise UnknownPlaceholder(key) from None

    escaped = text.replace("{{", "\x00").replace("}}", "\x01")
    return _PLACEHOLDER.sub(replace, escaped).replace("\x00", "{").replace("\x01", "}")


def placeholders_in(text: str) -> set[str]:
    """The placeholder names a piece of content text uses."""
    escaped = text.replace("{{", "").replace("}}", "")
    return set(_PLACEHOLDER.findall(escaped))
