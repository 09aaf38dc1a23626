"""Word families for the phrase data: every form of a verb from its plain form.

People name the same act in every tense ("I lied", "I've been lying", "I'd lie", "the lies I
told"), and a phrase list written in one tense misses the others. So the data files name
verbs once, in the plain form, and this module spells out the rest: `forms("hide")` gives
hide, hides, hid, hidden, hiding. Regular verbs follow the spelling rules of English (stop ->
stopped, lie -> lying, worry -> worried); the irregular ones that matter for apologies and
replies are listed below. A phrasal verb inflects its first word: "go through" -> "went
through". Nothing here guesses at meaning; it only spells.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# base: (past, past participle). Both spellings are listed where people use both.
_IRREGULAR: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "be": (("was", "were"), ("been",)),
    "become": (("became",), ("become",)),
    "begin": (("began",), ("begun",)),
    "bet": (("bet", "betted"), ("bet",)),
    "blow": (("blew",), ("blown",)),
    "break": (("broke",), ("broken", "broke")),
    "bring": (("brought",), ("brought",)),
    "buy": (("bought",), ("bought",)),
    "catch": (("caught",), ("caught",)),
    "choose": (("chose",), ("chosen",)),
    "come": (("came",), ("come",)),
    "cut": (("cut",), ("cut",)),
    "do": (("did",), ("done",)),
    "drink": (("drank",), ("drunk", "drank")),
    "drive": (("drove",), ("driven",)),
    "eat": (("ate",), ("eaten",)),
    "fall": (("fell",), ("fallen",)),
    "feel": (("felt",), ("felt",)),
    "fight": (("fought",), ("fought",)),
    "find": (("found",), ("found",)),
    "forget": (("forgot",), ("forgotten", "forgot")),
    "forgive": (("forgave",), ("forgiven",)),
    "freeze": (("froze",), ("frozen",)),
    "get": (("got",), ("got", "gotten")),
    "give": (("gave",), ("given",)),
    "go": (("went",), ("gone",)),
    "grow": (("grew",), ("grown",)),
    "have": (("had",), ("had",)),
    "hear": (("heard",), ("heard",)),
    "hide": (("hid",), ("hidden", "hid")),
    "hit": (("hit",), ("hit",)),
    "hold": (("held",), ("held",)),
    "hurt": (("hurt",), ("hurt",)),
    "keep": (("kept",), ("kept",)),
    "know": (("knew",), ("known",)),
    "lead": (("led",), ("led",)),
    "leave": (("left",), ("left",)),
    "lend": (("lent",), ("lent",)),
    "let": (("let",), ("let",)),
    # "lie" here is the lie that deceives; lay/lain belong to lying down.
    "lie": (("lied",), ("lied",)),
    "lose": (("lost",), ("lost",)),
    "make": (("made",), ("made",)),
    "mean": (("meant",), ("meant",)),
    "meet": (("met",), ("met",)),
    "mislead": (("misled",), ("misled",)),
    "pay": (("paid",), ("paid",)),
    "put": (("put",), ("put",)),
    "read": (("read",), ("read",)),
    "ring": (("rang",), ("rung",)),
    "run": (("ran",), ("run",)),
    "say": (("said",), ("said",)),
    "see": (("saw",), ("seen",)),
    "sell": (("sold",), ("sold",)),
    "send": (("sent",), ("sent",)),
    "set": (("set",), ("set",)),
    "shake": (("shook",), ("shaken",)),
    "shoot": (("shot",), ("shot",)),
    "show": (("showed",), ("shown", "showed")),
    "shut": (("shut",), ("shut",)),
    "sit": (("sat",), ("sat",)),
    "sleep": (("slept",), ("slept",)),
    "sneak": (("sneaked", "snuck"), ("sneaked", "snuck")),
    "speak": (("spoke",), ("spoken",)),
    "spend": (("spent",), ("spent",)),
    "stand": (("stood",), ("stood",)),
    "steal": (("stole",), ("stolen",)),
    "sting": (("stung",), ("stung",)),
    "swear": (("swore",), ("sworn",)),
    "take": (("took",), ("taken",)),
    "teach": (("taught",), ("taught",)),
    "tear": (("tore",), ("torn",)),
    "tell": (("told",), ("told",)),
    "think": (("thought",), ("thought",)),
    "throw": (("threw",), ("thrown",)),
    "understand": (("understood",), ("understood",)),
    "upset": (("upset",), ("upset",)),
    "wake": (("woke",), ("woken",)),
    "wear": (("wore",), ("worn",)),
    "win": (("won",), ("won",)),
    "withdraw": (("withdrew",), ("withdrawn",)),
    "write": (("wrote",), ("written",)),
}

_VOWELS = frozenset("aeiou")
# Longer verbs stressed on the last syllable double like short ones: admitted, regretting.
_DOUBLES_ANYWAY = frozenset(
    "admit commit omit permit submit regret control patrol refer prefer occur forget begin "
    "forbid upset".split()
)


@dataclass(frozen=True, slots=True)
class Forms:
    """Every spelling of one verb, by form."""

    base: tuple[str, ...]
    past: tuple[str, ...]
    participle: tuple[str, ...]
    ing: tuple[str, ...]

    def all(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for group in (self.base, self.past, self.participle, self.ing):
            for word in group:
                seen.setdefault(word, None)
        return tuple(seen)


def _doubles(word: str) -> bool:
    """Whether the last consonant doubles before -ed/-ing (stop, snap, chat; not visit)."""
    if word in _DOUBLES_ANYWAY:
        return True
    if len(word) < 3 or word[-1] in _VOWELS or word[-1] in "wxy":
        return False
    if word[-2] not in _VOWELS or word[-3] in _VOWELS:
        return False
    # One vowel group only: "snap" doubles, "open" and "visit" do not.
    groups = sum(
        1 for i, c in enumerate(word) if c in _VOWELS and (i == 0 or word[i - 1] not in _VOWELS)
    )
    return groups == 1


def _third_person(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")) or word in ("go", "do"):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _past(word: str) -> str:
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ied"
    if _doubles(word):
        return word + word[-1] + "ed"
    return word + "ed"


def _ing(word: str) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")) and word != "be":
        return word[:-1] + "ing"
    if _doubles(word):
        return word + word[-1] + "ing"
    return word + "ing"


@lru_cache(maxsize=2048)
def forms(verb: str) -> Forms:
    """All forms of a verb (or phrasal verb: the first word inflects, the rest stays)."""
    head, _, tail = verb.strip().lower().partition(" ")
    rest = f" {tail}" if tail else ""
    if head == "be":
        base: tuple[str, ...] = ("be", "am", "is", "are")
    else:
        base = (head, _third_person(head))
    if head in _IRREGULAR:
        past, participle = _IRREGULAR[head]
    else:
        past = participle = (_past(head),)
    return Forms(
        base=tuple(word + rest for word in base),
        past=tuple(word + rest for word in past),
        participle=tuple(word + rest for word in participle),
        ing=(_ing(head) + rest,),
    )


# The macro suffix for each form a data file can ask for: `<acts_past>` and so on.
FORM_SUFFIXES: dict[str, str] = {
    "": "all",
    "_base": "base",
    "_past": "past",
    "_pp": "participle",
    "_ing": "ing",
}


def form_words(verbs: list[str], form: str) -> list[str]:
    """The spellings of every verb in `verbs` in one form ("all", "base", "past" ...)."""
    words: dict[str, None] = {}
    for verb in verbs:
        family = forms(verb)
        group = family.all() if form == "all" else getattr(family, form)
        for word in group:
            words.setdefault(word, None)
    return list(words)
