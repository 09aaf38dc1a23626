"""Rehearse as a user walks it: answer a moment, read the review, try again, be surprised,
log a real moment and practise it, run out of time, and never lose a word."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from datetime import timedelta

from textual.widgets import DataTable, Input, Static, TextArea

from coach.real_moments import list_real_moments, load_custom_scenarios
from coach.rehearsal import attempts_for, load_draft, record_attempt
from coach.scenarios import load_scenarios
from coach.screens.rehearse import RehearseScreen
from coach.screens.rehearse_feedback import VERDICT_LABELS
from coach.screens.rehearse_practice import PracticeView
from tests.helpers.screen import screen_text

SIZE = (110, 34)
DEFENSIVE = "Why are we talking about this again? I said I was sorry."
VALIDATING = (
    "You're right, that scene is close to what I did, and I understand why it hurts. "
    "I'm so sorry. I'm here. Do you want to talk about it now?"
)


@dataclass
class FakeReview:
    score: int
    verdict: str = "mixed"
    flags: list = field(default_factory=list)


async def _open_rehearse(pilot) -> RehearseScreen:
    await pilot.press("5")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RehearseScreen)
    return screen


def _picker_row(screen: RehearseScreen, scenario_id: str) -> list[str]:
    table = screen.query_one("#scenario-table", DataTable)
    return [cell.plain for cell in table.get_row(scenario_id)]


async def _type(pilot, text: str) -> None:
    await pilot.press(*text)
    await pilot.pause()


async def _paste(pilot, text: str) -> None:
    """Put a longer text in the focused box at once, as a paste would."""
    pilot.app.focused.insert(text)
    await pilot.pause()


async def _submit(pilot) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_a_defensive_reply_is_marked_and_trying_again_raises_the_best(
    welcomed_store, make_test_app
):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_rehearse(pilot)
        assert "A scene in a film" in screen_text(app)
        await pilot.press("enter")  # the first row: the scene in a film
        await pilot.pause()
        shown = screen_text(app)
        assert "Dana reaches for the remote" in shown
        assert "\u201cI can't watch this." in shown

        await _type(pilot, DEFENSIVE)
        await _submit(pilot)
        shown = screen_text(app)
        first = attempts_for(welcomed_store, "film-scene")
        assert [attempt.text for attempt in first] == [DEFENSIVE]
        assert first[0].verdict in ("defensive", "mixed") and first[0].score < 50
        assert f"{first[0].score} / 100" in shown
        assert VERDICT_LABELS[first[0].verdict] in shown
        assert "What works against it" in shown
        assert "A reply that helps, to compare" in shown
        assert "That scene is close to what I did" in shown
        assert "What Dana needs in that moment" in shown

        # The flagged phrase is marked by a style span on the user's own text.
        marked = screen.query_one("#fb-reply", Static).visual
        assert marked.plain == DEFENSIVE
        why = DEFENSIVE.index("Why are we talking")
        assert any(
            span.start <= why < span.end and getattr(span.style, "underline", False)
            for span in marked.spans
        )

        await pilot.press("escape")
        await pilot.pause()
        best, trend, tries = _picker_row(screen, "film-scene")[2:]
        assert (best, tries) == (str(first[0].score), "1")
        assert len(trend) == 1

        await pilot.press("enter")
        await pilot.pause()
        await _type(pilot, "not this one")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("t")  # try again: the reply box is empty and ready
        await pilot.pause()
        reply = screen.query_one("#reply", TextArea)
        assert reply.text == "" and reply.has_focus
        await _paste(pilot, VALIDATING)
        await _submit(pilot)
        assert "Validating" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()

        scores = [attempt.score for attempt in attempts_for(welcomed_store, "film-scene")]
        assert len(scores) == 3 and scores[-1] > scores[0]
        best, trend, tries = _picker_row(screen, "film-scene")[2:]
        assert best == str(max(scores)) and int(best) > first[0].score
        assert (len(trend), tries) == (3, "3")


async def test_surprise_me_picks_the_worst_scored(welcomed_store, make_test_app, clock):
    for minute, scenario in enumerate(load_scenarios()):
        score = 10 if scenario.id == "why-did-you" else 95
        at = clock.now() - timedelta(minutes=minute)
        record_attempt(welcomed_store, scenario.id, "a reply", FakeReview(score), at)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_rehearse(pilot)
        screen.rng = random.Random(2026)
        await pilot.press("s")
        await pilot.pause()
        practice = screen.query_one(PracticeView)
        assert practice.scenario is not None and practice.scenario.id == "why-did-you"
        assert "She asks why you did it" in screen_text(app)


async def test_a_real_moment_becomes_a_scenario_in_the_picker(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_rehearse(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert "+ Write down a new moment" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "What Dana said" in screen_text(app)
        assert screen.query_one("#moment-when", Input).value == "2026-11-24"
        await _type(pilot, "Who was that text from {again}?")
        await pilot.press("tab")
        await _type(pilot, "It was work.")
        await pilot.press("tab", "tab")
        await _paste(pilot, "I see why that scared you. Let's look at it together.")
        await _submit(pilot)
        moments = list_real_moments(welcomed_store)
        assert [m.they_said for m in moments] == ["Who was that text from {again}?"]
        assert "Who was that text from {again}?" in screen_text(app)

        await pilot.press("c")  # the moment just saved is the highlighted one
        await pilot.pause()
        custom = load_custom_scenarios(welcomed_store)
        assert [s.title for s in custom] == ["Who was that text from {again}?"]
        shown = screen_text(app)
        assert "Who was that text from {again}?  yours" in shown
        await pilot.press("enter")  # the new row is highlighted
        await pilot.pause()
        assert screen.query_one(PracticeView).scenario == custom[0]
        assert "\u201cWho was that text from {again}?\u201d" in screen_text(app)


async def test_a_moment_in_the_future_is_refused_and_the_words_are_kept(
    welcomed_store, make_test_app
):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_rehearse(pilot)
        await pilot.press("r", "n")
        await pilot.pause()
        await _type(pilot, "Why were you late")
        screen.query_one("#moment-when", Input).value = "2026-12-01"
        await _submit(pilot)
        assert "is in the future" in screen_text(app)
        assert list_real_moments(welcomed_store) == []
        await pilot.press("escape")  # cannot be saved yet: kept as a draft
        await pilot.pause()
        assert "+ Continue the moment you started" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one("#moment-they_said", TextArea).text == "Why were you late"
        assert screen.query_one("#moment-when", Input).value == "2026-12-01"


async def test_markup_in_a_reply_shows_literally(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_rehearse(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await _type(pilot, "I [b]hear[/b] you [red]and[/] I'm here")
        await pilot.press("ctrl+enter")  # where the terminal can send it, it submits too
        await pilot.pause()
        assert "I [b]hear[/b] you [red]and[/] I'm here" in screen_text(app)


async def test_the_countdown_submits_the_reply_as_it_is(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_rehearse(pilot)
        await pilot.press("enter")
        await pilot.pause()
        practice = screen.query_one(PracticeView)
        practice.COUNTDOWN_SECONDS = 2
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "0:02 left" in screen_text(app)
        await _type(pilot, "I'm here")
        await asyncio.sleep(2.3)
        await pilot.pause()
        assert practice.reviewed
        assert "Time ran out" in screen_text(app)
        assert [a.text for a in attempts_for(welcomed_store, "film-scene")] == ["I'm here"]


async def test_the_countdown_waits_while_another_section_is_open(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_rehearse(pilot)
        await pilot.press("enter")
        await pilot.pause()
        practice = screen.query_one(PracticeView)
        practice.COUNTDOWN_SECONDS = 2
        await pilot.press("ctrl+t")
        await app.switch_mode("today")
        await asyncio.sleep(2.3)
        await pilot.pause()
        assert not practice.reviewed
        await app.switch_mode("rehearse")
        await pilot.pause()
        assert "0:02 left" in screen_text(app)


async def test_an_unfinished_reply_is_kept_on_quit_and_restored(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_rehearse(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await _type(pilot, "I can see it")
        app.flush_all_drafts()
    assert load_draft(welcomed_store, "reply:film-scene") == {"text": "I can see it"}
    again = make_test_app(welcomed_store)
    async with again.run_test(size=SIZE) as pilot:
        screen = await _open_rehearse(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one("#reply", TextArea).text == "I can see it"


async def test_the_guide_can_open_a_scenario_by_id(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # As the Guide's "Do this now" does it: open the section, then call on its screen.
        app.action_section("rehearse")
        screen = app.screen_stack[0]
        screen.call_later(screen.open_scenario, "surprise")
        await pilot.pause()
        assert screen.view == "practice"
        app.screen.open_scenario("anniversary")
        await pilot.pause()
        assert "Do you know what today is?" in screen_text(app)
        app.screen.open_scenario("no-such-scenario")
        await pilot.pause()
        assert app.screen.view == "picker"


async def test_rehearse_works_at_80_by_24(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_rehearse(pilot)
        assert "Surprise me" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "\u201cI can't watch this." in shown and "Check my reply" in shown
        await _type(pilot, DEFENSIVE)
        await _submit(pilot)
        shown = screen_text(app)
        assert "/ 100" in shown and "Try again" in shown


async def test_words_typed_together_with_enter_go_into_the_reply(welcomed_store, make_test_app):
    """Enter and the first words in one burst: the words must reach the reply box, not be
    dropped by the list or taken as its keys (`s` would pick a surprise, `r` the log)."""
    from textual import events

    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_rehearse(pilot)
        await pilot.press("down")  # the second moment
        await pilot.pause()
        chosen = screen.query_one("#scenario-table", DataTable).cursor_row
        for key in ["enter", *"Yes, it was real"]:
            app.post_message(
                events.Key("space" if key == " " else key, key if key != "enter" else None)
            )
        await pilot.pause(0.5)
        practice = screen.query_one(PracticeView)
        assert screen.view == "practice"
        assert practice.scenario is not None
        assert practice.scenario.id == load_scenarios()[chosen].id
        assert screen.query_one("#reply", TextArea).text == "Yes, it was real"
        assert "Yes, it was real" in screen_text(app)
