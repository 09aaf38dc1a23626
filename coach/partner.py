"""The partner's name and pronouns, and filling them into the guide's text.

Content files write `{partner}`, `{they}`, `{them}`, `{their}` ... and the user's choice from
Settings fills them. Verb agreement placeholders (`{is}`, `{s}` ...) keep sentences
grammatical for "they". An unknown placeholder raises, so a typo in content fails a test.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from coach.pronouns import DEFAULT_NAME, DEFAULT_PRONOUNS, PRONOUN_SETS

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
