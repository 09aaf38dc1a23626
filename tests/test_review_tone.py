"""Tone in replies: sarcasm empties validation, and a bare "but" takes it back."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.reviews.reply import review_reply
from coach.reviews.tone import sentences


def _kinds(text: str) -> tuple[set[str], set[str]]:
    review = review_reply(text)
    return {flag.kind for flag in review.flags}, {item.kind for item in review.strengths}


@pytest.mark.parametrize(
    "text",
    [
        "Oh sure, you're right as always.",
        "Yeah yeah, you're right.",
        "You're right, like always.",
        "Fine, you're right. Happy now?",
    ],
)
def test_sarcastic_validation_is_a_defensive_flag_not_a_strength(text):
    flags, strengths = _kinds(text)
    assert "validation" not in strengths
    assert "defensive" in flags
    assert review_reply(text).verdict == "defensive"


def test_the_sarcasm_flag_spans_the_agreement_and_its_marker():
    text = "Oh sure, you\u2019re right as always."
    (flag,) = [flag for flag in review_reply(text).flags if flag.kind == "defensive"]
    assert text[flag.start : flag.end] == flag.text
    assert "you\u2019re right" in flag.text and "as always" in flag.text


def test_sarcasm_in_another_sentence_leaves_validation_alone():
    flags, strengths = _kinds("You're right. I was at work, like always, and I should have texted.")
    assert "validation" in strengths
    assert "defensive" not in flags


def test_self_pity_in_the_sentence_empties_validation():
    flags, strengths = _kinds("I'm just a liar, I get it.")
    assert flags == {"self_pity"}
    assert strengths == set()
    # An apology beside self-pity still counts: the self-pity is flagged on its own.
    flags, strengths = _kinds("I'm sorry, I know it's hard, but I'm only human too.")
    assert "apology" in strengths and "self_pity" in flags


def test_a_bare_but_after_validation_is_defensive():
    text = "You're right, but I need you to hear my side too."
    review = review_reply(text)
    (flag,) = review.flags
    assert flag.kind == "defensive"
    assert flag.text == "but I need you to hear my side too"
    assert text[flag.start : flag.end] == flag.text
    assert review.verdict == "mixed"


@pytest.mark.parametrize(
    "text",
    [
        # What follows "but" is itself a strength or already flagged: nothing is added.
        "I know it hurts, but I'm here and I'm not leaving.",
        "No pressure, but I'm here if you want to talk.",
        "I'm sorry, but it was years ago.",
        # No acknowledgement before the "but".
        "I was at the gym, but I left early.",
        # Too short to be a counter-argument.
        "You're right, but still.",
    ],
)
def test_but_adds_nothing_when_the_clause_speaks_for_itself(text):
    assert not any(flag.text.lower().startswith("but") for flag in review_reply(text).flags)


def test_warm_reply_ending_in_impatience_is_mixed():
    flags, strengths = _kinds("You're absolutely right, I should have rung. Can we drop it now?")
    assert flags == {"impatience"}
    assert {"validation", "ownership"} <= strengths


def test_sentences_cover_the_text():
    text = "One. Two?! Three\nfour"
    spans = sentences(text)
    assert spans[0] == (0, 4)
    assert "".join(text[a:b] for a, b in spans) == text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                ["you're right", "but", "as always", "oh sure", "I'm sorry", "happy now?", "."]
            ),
            st.text(max_size=6),
        ),
        max_size=12,
    ).map(" ".join)
)
def test_tone_rules_keep_spans_true_to_the_text(text):
    review = review_reply(text)
    for item in [*review.flags, *review.strengths]:
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start : item.end] == item.text
