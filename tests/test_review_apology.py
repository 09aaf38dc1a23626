"""The apology review: accuracy on the labelled drafts, and the behaviour the screen relies on."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from coach.reviews.apology import FLAG_KINDS, INGREDIENTS, review_apology

DATA = Path(__file__).parent / "data"
LABELLED = DATA / "apology_drafts.toml"
HOLDOUT = DATA / "apology_holdout.toml"

READY = (
    "I'm sorry. I lied to you about the money and hid the statements. It made you feel "
    "foolish for trusting me. That was my choice, and there is no excuse. From now on I "
    "will show you every statement."
)


def _drafts(path: Path) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["draft"]


def measure(path: Path) -> dict[str, float]:
    """Share of drafts with the right verdict, flag kinds and missing ingredients."""
    drafts = _drafts(path)
    right = {"verdict": 0, "flags": 0, "missing": 0}
    for number, draft in enumerate(drafts, start=1):
        review = review_apology(draft["text"], draft.get("partner"))
        flags = sorted({flag.kind for flag in review.flags})
        checks = {
            "verdict": review.verdict == draft["verdict"],
            "flags": flags == sorted(set(draft["flags"])),
            "missing": sorted(review.missing) == sorted(draft["missing"]),
        }
        for name, ok in checks.items():
            right[name] += ok
        if not all(checks.values()):
            print(f"miss #{number}: {draft['text'][:80]!r}")
            print(f"    verdict {review.verdict} (want {draft['verdict']})")
            print(f"    flags {flags} (want {sorted(draft['flags'])})")
            print(f"    missing {review.missing} (want {sorted(draft['missing'])})")
    shares = {name: count / len(drafts) for name, count in right.items()}
    print(
        f"{path.name}: {len(drafts)} drafts, "
        + ", ".join(f"{k} {v:.1%}" for k, v in shares.items())
    )
    return shares


def test_labelled_set_is_well_formed():
    drafts = _drafts(LABELLED)
    assert len(drafts) >= 60
    for draft in drafts:
        assert draft["verdict"] in ("ready", "needs_work")
        assert set(draft["missing"]) <= set(INGREDIENTS)
        assert set(draft["flags"]) <= set(FLAG_KINDS)
        # The verdict rule holds in the labels too.
        assert (draft["verdict"] == "ready") == (not draft["missing"] and not draft["flags"])
        assert ("no_ask" in draft["missing"]) == ("asks_forgiveness" in draft["flags"])
    kinds = {kind for draft in drafts for kind in draft["flags"]}
    assert kinds == set(FLAG_KINDS)
    assert sum(draft["verdict"] == "ready" for draft in drafts) >= 15


def test_accuracy_on_the_labelled_drafts():
    shares = measure(LABELLED)
    assert shares["verdict"] >= 0.95
    assert shares["flags"] >= 0.95
    assert shares["missing"] >= 0.95


# The held-out drafts were written after the phrase data was finished. Measured untouched,
# the third held-out set gave verdict 80%, flag kinds 70% and missing ingredients 70%. When
# the phrase data was broadened for generalisation it was tuned on this set together with
# apology_dev2.toml, and now scores 100/100/100; since it is no longer held out, the floor
# below only guards that work. The figures on drafts never tuned on are those of
# apology_final.toml (see test_review_generalisation.py).
HOLDOUT_FLOOR = {"verdict": 0.95, "flags": 0.95, "missing": 0.95}


def test_accuracy_on_the_held_out_drafts_does_not_regress():
    assert len(_drafts(HOLDOUT)) >= 20
    shares = measure(HOLDOUT)
    for name, floor in HOLDOUT_FLOOR.items():
        assert shares[name] >= floor, name


def test_a_complete_apology_is_ready():
    review = review_apology(READY)
    assert review.verdict == "ready"
    assert all(review.ingredients.values())
    assert review.flags == []
    assert review.advice == {}
    for name in INGREDIENTS[:-1]:
        assert review.evidence[name], name


def test_to_json_has_exactly_the_public_shape():
    payload = review_apology(READY + " Can we move on?").to_json()
    assert list(payload) == ["verdict", "ingredients", "flags"]
    assert list(payload["ingredients"]) == list(INGREDIENTS)
    assert all(isinstance(value, bool) for value in payload["ingredients"].values())
    assert payload["verdict"] == "needs_work"
    (flag,) = payload["flags"]
    assert list(flag) == ["kind", "start", "end", "text", "advice"]
    assert flag["kind"] == "asks_forgiveness"


def test_missing_ingredients_each_get_one_line_of_advice():
    review = review_apology("I'm sorry for what happened.")
    assert set(review.advice) == set(review.missing)
    assert all(line and "\n" not in line for line in review.advice.values())
    assert "offense" in review.missing


def test_flag_spans_slice_the_original_text():
    text = "I’m sorry you feel that way, but I was so stressed. It wasn’t that bad. Can we move on?"
    review = review_apology(text)
    assert {flag.kind for flag in review.flags} == {
        "non_apology",
        "excuse",
        "minimizing",
        "asks_forgiveness",
    }
    for flag in review.flags:
        assert text[flag.start : flag.end] == flag.text
        assert flag.advice
    minimizing = next(flag for flag in review.flags if flag.kind == "minimizing")
    assert minimizing.text == "It wasn’t that bad"


def test_evidence_spans_index_the_original_text_with_curly_quotes_and_contractions():
    text = "Love,   I\u2019m  SO sorry.\nI didn\u2019t tell you about the loan. That\u2019s on me."
    review = review_apology(text)
    for spans in review.evidence.values():
        for span in spans:
            assert text[span.start : span.end] == span.text
    assert review.evidence["remorse"][0].text == "I\u2019m  SO sorry"
    assert review.evidence["offense"][0].text == "I didn\u2019t tell you"
    assert review.evidence["responsibility"][0].text == "That\u2019s on me"


def test_contractions_read_both_ways():
    spelled = review_apology("I did not tell you about the loan. It is on me.")
    short = review_apology("I didn't tell you about the loan. It's on me.")
    assert spelled.ingredients == short.ingredients
    assert spelled.ingredients["offense"] and spelled.ingredients["responsibility"]


def test_case_does_not_matter():
    assert review_apology(READY.upper()).verdict == "ready"
    assert review_apology(READY.lower()).verdict == "ready"


@pytest.mark.parametrize(
    ("text", "ingredient", "present"),
    [
        ("I'm not sorry.", "remorse", False),
        ("I am NOT sorry for any of it.", "remorse", False),
        ("I'm sorry.", "remorse", True),
        ("I\u2019m not asking you to forgive me.", "no_ask", True),
        ("Please forgive me.", "no_ask", False),
        ("I can't imagine how humiliated you felt.", "impact", True),
    ],
)
def test_negation_of_ingredients(text, ingredient, present):
    assert review_apology(text).ingredients[ingredient] is present


@pytest.mark.parametrize(
    ("text", "kind", "flagged"),
    [
        ("I won't make excuses.", "excuse", False),
        ("I'm not making excuses, but I was exhausted.", "excuse", True),
        ("It was not a big deal.", "minimizing", True),
        ("It was not a small thing.", "minimizing", False),
        ("It was a small thing.", "minimizing", True),
        ("I'm not asking you to forgive me.", "asks_forgiveness", False),
        ("Can you forgive me?", "asks_forgiveness", True),
        ("Nobody pushed me into it.", "blame_shift", False),
        ("You pushed me into it.", "blame_shift", True),
        ("I told myself it was only once.", "minimizing", False),
        ("It was only once.", "minimizing", True),
        ("It was my fault, not the drink.", "excuse", False),
    ],
)
def test_negation_and_reporting_of_flags(text, kind, flagged):
    kinds = {flag.kind for flag in review_apology(text).flags}
    assert (kind in kinds) is flagged


def test_sorry_inside_a_non_apology_is_not_remorse():
    review = review_apology("I'm sorry if that upset you.")
    assert not review.ingredients["remorse"]
    assert [flag.kind for flag in review.flags] == ["non_apology"]


def test_a_vague_apology_still_counts_as_remorse():
    review = review_apology("I'm sorry for everything.")
    assert review.ingredients["remorse"]
    assert [flag.kind for flag in review.flags] == ["vague"]


def test_a_vague_flag_is_dropped_once_the_act_is_named():
    vague = "I want to apologise for my behaviour at Christmas."
    assert [flag.kind for flag in review_apology(vague).flags] == ["vague"]
    named = vague + " I called your brother a loser at the table."
    review = review_apology(named)
    assert review.ingredients["offense"]
    assert review.flags == []


@pytest.mark.parametrize(
    ("text", "ingredient"),
    [
        ("I've hidden the statements since March.", "offense"),
        ("I shouldn't have gone through your phone.", "offense"),
        ("I did lie to you about Friday.", "offense"),
        ("You sat up till two ringing my phone.", "impact"),
        ("You found out from a stranger on the phone and had to tell your parents.", "impact"),
        ("I know it wrecked you.", "impact"),
        ("None of that was your fault.", "responsibility"),
        ("I was out of order.", "responsibility"),
        ("I'm meeting a debt adviser on Friday.", "plan"),
        ("From tomorrow my phone stays on the table.", "plan"),
    ],
)
def test_everyday_wordings_of_each_ingredient(text, ingredient):
    assert review_apology(text).ingredients[ingredient], text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I'm sorry, but I was under a lot of pressure at work.", "excuse"),
        ("It was meant as a joke.", "excuse"),
        ("If you'd reminded me it wouldn't have happened.", "blame_shift"),
        ("You were being so secretive, what was I supposed to think?", "blame_shift"),
        ("It only happened a couple of times.", "minimizing"),
        ("Please, I'm begging you, forgive me.", "asks_forgiveness"),
        ("Can't we just move past it?", "asks_forgiveness"),
        ("Sorry for how I've been lately.", "vague"),
    ],
)
def test_everyday_wordings_of_each_flag(text, kind):
    assert kind in {flag.kind for flag in review_apology(text).flags}, text


def test_a_but_that_carries_the_story_on_is_not_an_excuse():
    text = "I said I was at Dave's but I was at the casino."
    assert not review_apology(text).flags


def test_the_partner_name_counts_for_impact():
    text = "I lied about the trip. Maya felt humiliated in front of her sister."
    assert not review_apology(text).ingredients["impact"]
    assert review_apology(text, partner_name="Maya").ingredients["impact"]
    assert review_apology(text, partner_name="  maya ").ingredients["impact"]
    # A name is always taken literally, never as pattern syntax.
    assert not review_apology(text, partner_name="M.*").ingredients["impact"]
    assert not review_apology(text, partner_name="(Sam|_)").ingredients["impact"]


@pytest.mark.parametrize("text", ["", "   \n\t", "[bold]", "\x00\x01", "🙂" * 10, "שלום"])
def test_odd_text_is_reviewed_not_crashed(text):
    review = review_apology(text)
    assert review.verdict == "needs_work"
    assert review.ingredients["no_ask"] is True


def test_markup_is_just_text():
    review = review_apology("[bold]I'm sorry[/bold] if [red]you feel that way[/red]")
    for flag in review.flags:
        assert "[bold]" not in flag.advice
