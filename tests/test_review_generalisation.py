"""How well the reviews generalise: the second development sets and the final held-out sets.

The development sets (`*_dev2.toml`) and the final sets (`*_final.toml`) were written in fresh
words before the phrase data was broadened. The development sets were then used to tune it;
the final sets were set aside and measured once, when the phrase data was finished. The
floors below sit a few points under what was measured, so they catch regressions without
pretending to figures nobody measured.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from coach.resources import read_toml
from coach.reviews.apology import FLAG_KINDS as APOLOGY_FLAGS
from coach.reviews.apology import INGREDIENTS
from coach.reviews.normalise import canonical_words
from coach.reviews.reply import FLAG_KINDS as REPLY_FLAGS
from coach.reviews.reply import STRENGTH_KINDS
from tests.test_review_apology import measure as measure_apologies
from tests.test_review_reply import measure as measure_replies

DATA = Path(__file__).parent / "data"

SITUATIONS = {
    "a film scene brings it back",
    "a friend's comment",
    "the anniversary of the discovery",
    "a random memory",
    "where were you",
    "silence",
    "recounting details",
    "I can't believe a word you say",
    "let me see your phone",
    "why did you do it",
    "I'm not sure I can stay",
    "closeness turning cold",
    "a family event",
    "an unknown number texting",
    "a small lapse",
}

APOLOGY_SETS = {"apology_dev2.toml": 40, "apology_final.toml": 30}
REPLY_SETS = {"reply_dev2.toml": 60, "reply_final.toml": 40}

# The development sets were tuned on, so they sit near the top: apology_dev2 measured
# 100/100/100 (untouched engine: 85/77.5/60), reply_dev2 100/98.3/98.3 (untouched: 65/63.3/
# 66.7). The final sets were measured once, after tuning ended: apology_final verdict 83.3%,
# flag kinds 90.0%, missing ingredients 80.0% (untouched: 80/80/73.3); reply_final verdict
# 70.0%, flag kinds 67.5%, strength kinds 65.0% (untouched: 62.5/62.5/57.5). Each floor is
# about one item under what was measured.
APOLOGY_DEV_FLOOR = {"verdict": 0.95, "flags": 0.95, "missing": 0.95}
REPLY_DEV_FLOOR = {"verdict": 0.95, "flags": 0.93, "strengths": 0.93}
APOLOGY_FINAL_FLOOR = {"verdict": 0.80, "flags": 0.85, "missing": 0.75}
REPLY_FINAL_FLOOR = {"verdict": 0.65, "flags": 0.62, "strengths": 0.60}


def _load(name: str, table: str) -> list[dict]:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))[table]


@pytest.mark.parametrize(("name", "size"), APOLOGY_SETS.items())
def test_apology_sets_are_well_formed(name, size):
    drafts = _load(name, "draft")
    assert len(drafts) == size
    for draft in drafts:
        assert set(draft["missing"]) <= set(INGREDIENTS)
        assert set(draft["flags"]) <= set(APOLOGY_FLAGS)
        assert (draft["verdict"] == "ready") == (not draft["missing"] and not draft["flags"])
        assert ("no_ask" in draft["missing"]) == ("asks_forgiveness" in draft["flags"])
    assert {kind for draft in drafts for kind in draft["flags"]} == set(APOLOGY_FLAGS)
    assert sum(draft["verdict"] == "ready" for draft in drafts) >= size // 5


@pytest.mark.parametrize(("name", "size"), REPLY_SETS.items())
def test_reply_sets_are_well_formed(name, size):
    replies = _load(name, "reply")
    assert len(replies) == size
    for reply in replies:
        assert set(reply["flags"]) <= set(REPLY_FLAGS)
        assert set(reply["strengths"]) <= set(STRENGTH_KINDS)
        flags, strengths = bool(reply["flags"]), bool(reply["strengths"])
        if strengths and not flags:
            expected = "validating"
        elif flags and not strengths:
            expected = "defensive"
        else:
            expected = "mixed"
        assert reply["verdict"] == expected, reply["text"]
    assert {reply["situation"] for reply in replies} == SITUATIONS
    assert {kind for reply in replies for kind in reply["flags"]} == set(REPLY_FLAGS)
    assert {kind for reply in replies for kind in reply["strengths"]} == set(STRENGTH_KINDS)


def test_the_sets_do_not_share_texts():
    texts: list[str] = []
    for name in APOLOGY_SETS:
        texts += [draft["text"] for draft in _load(name, "draft")]
    for name in REPLY_SETS:
        texts += [reply["text"] for reply in _load(name, "reply")]
    for name, table in (
        ("apology_drafts.toml", "draft"),
        ("apology_holdout.toml", "draft"),
        ("reply_samples.toml", "reply"),
        ("reply_holdout.toml", "reply"),
    ):
        texts += [item["text"] for item in _load(name, table)]
    assert len(texts) == len(set(texts))


def test_accuracy_on_the_apology_development_set():
    shares = measure_apologies(DATA / "apology_dev2.toml")
    for name, floor in APOLOGY_DEV_FLOOR.items():
        assert shares[name] >= floor, name


def test_accuracy_on_the_reply_development_set():
    shares = measure_replies(DATA / "reply_dev2.toml")
    for name, floor in REPLY_DEV_FLOOR.items():
        assert shares[name] >= floor, name


def test_accuracy_on_the_final_apology_set_does_not_regress():
    shares = measure_apologies(DATA / "apology_final.toml")
    for name, floor in APOLOGY_FINAL_FLOOR.items():
        assert shares[name] >= floor, name


def test_accuracy_on_the_final_reply_set_does_not_regress():
    shares = measure_replies(DATA / "reply_final.toml")
    for name, floor in REPLY_FINAL_FLOOR.items():
        assert shares[name] >= floor, name


def _sentences() -> set[str]:
    """Every sentence of five or more words in every labelled set, in canonical form."""
    found: set[str] = set()
    for path in DATA.glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for items in data.values():
            for item in items if isinstance(items, list) else []:
                for sentence in re.split(r"[.!?\n]+", item.get("text", "")):
                    words = canonical_words(sentence).strip(" ,;:-\"'")
                    if len(words.split()) >= 5:
                        found.add(words)
    return found


def _pattern_sources(node: object) -> list[str]:
    if isinstance(node, dict):
        return [source for value in node.values() for source in _pattern_sources(value)]
    if isinstance(node, list):
        return [item for item in node if isinstance(item, str)]
    return []


# Stock phrases that are whole sentences in their own right; a reply that says only this is
# saying the phrase itself.
STOCK_PHRASES = {"i am not going anywhere"}


@pytest.mark.parametrize(
    "resource", ["reviews/apology.toml", "reviews/reply.toml", "reviews/reply_strengths.toml"]
)
def test_no_labelled_sentence_is_a_phrase_verbatim(resource):
    sentences = _sentences() - STOCK_PHRASES
    for source in _pattern_sources(read_toml(resource)):
        # A pattern with no syntax in it is plain words; it must not be a labelled sentence.
        if not re.search(r"[()\[\]<>*_~!]|\.\.\.", source):
            assert canonical_words(source) not in sentences, source
