"""Properties of every review on any text: no crash, spans in bounds, verdict rules hold."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.reviews.apology import INGREDIENTS, review_apology
from coach.reviews.checks import check_dont_know, check_perspective
from coach.reviews.normalise import normalise
from coach.reviews.reply import review_reply

# Real phrases mixed with arbitrary Unicode, so the engines are exercised on near-misses too.
PHRASES = [
    "I'm sorry",
    "I\u2019m not sorry",
    "sorry if",
    "I lied to you about",
    "it made you feel",
    "that's on me",
    "from now on I will",
    "can we move on",
    "but I was stressed",
    "it was not a big deal",
    "you made me",
    "for everything",
    "you're right",
    "it was years ago",
    "I'm not going anywhere",
    "let it go",
    "happy now?",
    "if she felt",
    "I don't know",
    "[bold]",
    "\u200f",
    "\n\n",
    "\u00a0",
]
TEXT = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(PHRASES), st.text(max_size=8)), max_size=12).map(" ".join),
)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_spans(text: str, items) -> None:
    for item in items:
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start : item.end] == item.text


@SETTINGS
@given(TEXT, st.one_of(st.none(), st.text(max_size=20)))
def test_apology_review_on_any_text(text, partner):
    review = review_apology(text, partner)
    _assert_spans(text, review.flags)
    for spans in review.evidence.values():
        _assert_spans(text, spans)
    assert set(review.ingredients) == set(INGREDIENTS)
    ready = all(review.ingredients.values()) and not review.flags
    assert (review.verdict == "ready") is ready
    asks = any(flag.kind == "asks_forgiveness" for flag in review.flags)
    assert review.ingredients["no_ask"] is not asks
    payload = review.to_json()
    assert list(payload) == ["verdict", "ingredients", "flags"]


@SETTINGS
@given(TEXT)
def test_reply_review_on_any_text(text):
    review = review_reply(text)
    _assert_spans(text, review.flags)
    _assert_spans(text, review.strengths)
    assert 0 <= review.score <= 100
    validating = bool(review.strengths) and not review.flags
    defensive = bool(review.flags) and not review.strengths
    assert (review.verdict == "validating") is validating
    assert (review.verdict == "defensive") is defensive
    if not text.strip():
        assert (review.verdict, review.score) == ("mixed", 0)


@SETTINGS
@given(TEXT)
def test_live_checks_on_any_text(text):
    _assert_spans(text, check_perspective(text))
    result = check_dont_know(text)
    assert result is None or isinstance(result, str)


@SETTINGS
@given(st.text())
def test_normalised_text_maps_back_into_the_original(text):
    norm = normalise(text)
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    for start, end in zip(norm.starts, norm.ends, strict=True):
        assert 0 <= start < end <= len(text)
    assert norm.text == norm.text.lower() or not norm.text.isascii()
