"""Live worksheet checks: hedges in a perspective, and answers that are mostly "I don't know"."""

from __future__ import annotations

import time

import pytest

from coach.reviews.checks import check_dont_know, check_perspective


def kinds(text: str) -> list[str]:
    return [flag.kind for flag in check_perspective(text)]


def test_every_but_is_marked_with_its_span():
    text = "She was scared, but she stayed. I wanted to tell her, but I didn’t."
    flags = check_perspective(text)
    buts = [flag for flag in flags if flag.kind == "but"]
    assert len(buts) == 2
    for flag in flags:
        assert text[flag.start : flag.end] == flag.text
        assert flag.advice and "\n" not in flag.advice


def test_but_in_nothing_but_and_but_also_is_left_alone():
    assert "but" not in kinds("She felt nothing but dread.")
    assert "but" not in kinds("It hurt her pride but also her sense of safety.")


@pytest.mark.parametrize(
    "text",
    [
        "I'm sorry if I hurt you.",
        "If she felt betrayed, I understand.",
        "If that upset her, it was not my aim.",
        "If anything, she was too patient with me.",
        "if you took it the wrong way",
    ],
)
def test_hedging_if_is_marked(text):
    assert "if" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "She asked me if I was coming home.",
        "I wonder if she knew before I told her.",
        "What if she had found out from someone else?",
        "If I was late, she would text me to check I was safe.",
        "She checks if the door is locked twice now.",
        "Even if she forgives me, it will take time.",
    ],
)
def test_if_in_a_plain_question_or_neutral_clause_is_not_marked(text):
    assert "if" not in kinds(text)


def test_excuses_and_intentions_are_marked_separately():
    text = "I was exhausted that month. I never meant to hurt her. I was only trying to help."
    found = kinds(text)
    assert found.count("excuse") == 1
    assert found.count("intent") == 2


def test_intent_is_not_double_counted_as_excuse():
    flags = check_perspective("I didn't mean to scare her.")
    assert [flag.kind for flag in flags] == ["intent"]


def test_a_clean_perspective_has_no_marks():
    text = (
        "She found the messages at two in the morning and sat on the bathroom floor until "
        "sunrise. She has told me she keeps replaying it, and that she no longer trusts her "
        "own judgement."
    )
    assert check_perspective(text) == []


def test_the_partner_name_can_be_hedged():
    assert "if" in [f.kind for f in check_perspective("If Maya felt alone", partner_name="Maya")]


def test_check_perspective_is_cheap():
    text = ("She was hurt, but I was tired. If she felt alone, I never meant it. " * 40)[:2000]
    check_perspective(text)
    # CPU time of this thread: on a busy machine the wall clock also counts waiting for a core.
    started = time.thread_time()
    for _ in range(20):
        check_perspective(text)
    assert (time.thread_time() - started) / 20 < 0.005


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "...",
        "idk",
        "I don't know.",
        "I dont know, I just did it. I don't know why.",
        "no idea",
        "Not sure why. Honestly I don't know.",
        "I don’t really know what I was thinking. Whatever.",
        "hmm",
    ],
)
def test_dont_know_answers_get_a_gentle_push(text):
    push = check_dont_know(text)
    assert push is not None
    assert "?" in push


@pytest.mark.parametrize(
    "text",
    [
        "I felt invisible at home and the attention made me feel wanted again.",
        "I don't know exactly, but I think I wanted to feel admired, and at work I was.",
        "She was hurt.",
        "Loneliness, mostly, and a kind of pride in getting away with it.",
    ],
)
def test_answers_with_substance_are_left_alone(text):
    assert check_dont_know(text) is None


def test_checks_never_crash_on_odd_text():
    for text in ("\x00", "[bold]but[/bold]", "🙂 but 🙂", "אבל but", "\ud800"):
        for flag in check_perspective(text):
            assert text[flag.start : flag.end] == flag.text
        check_dont_know(text)
