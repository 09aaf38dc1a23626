"""Today as the place the daily rituals happen: appreciation and honesty lines land in
the check-in's agenda, Continue opens what is next, a setback offers a rehearsal, and a
missed check-in shows."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Input

from coach.checkins import set_schedule
from coach.journal import APPRECIATION, HONESTY, entries
from coach.promises import add_promise, check
from coach.schedule import Schedule
from tests.conftest import FIXED_NOW, PROGRAM_START
from tests.helpers.screen import screen_text


async def test_appreciation_and_honesty_lines_reach_the_checkin_agenda(
    welcomed_store, make_test_app
):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("a", *"She made soup when I was ill", "enter")
        await pilot.press("escape", "h", *"Told her Sam called about the reunion", "enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "1 today: She made soup when I was ill" in shown
        assert "1 today: Told her Sam called about the reunion" in shown
        assert app.screen.query_one("#appreciations", Input).value == ""
        await pilot.press("escape", "6", "n")
        await pilot.pause()
        agenda = screen_text(app)
        assert "2026-11-24: She made soup when I was ill" in agenda
        assert "2026-11-24: Told her Sam called about the reunion" in agenda
    assert [e.text for e in entries(welcomed_store, APPRECIATION)] == [
        "She made soup when I was ill"
    ]
    assert len(entries(welcomed_store, HONESTY)) == 1


async def test_an_empty_line_is_refused_and_a_long_one_keeps_its_words(
    welcomed_store, make_test_app
):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("a", "space", "enter")
        await pilot.pause()
        assert "Nothing was written" in screen_text(app)
        field = app.screen.query_one("#appreciations", Input)
        field.value = "[bold red]x[/] " + "y" * 1200
        await pilot.press("enter")
        await pilot.pause()
        assert "limit" in screen_text(app)
        assert field.value.startswith("[bold red]x[/]")  # nothing lost
    assert entries(welcomed_store, APPRECIATION) == []


async def test_continue_opens_the_next_unread_lesson(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        assert "Continue: the lesson 'How this program works'" in screen_text(app)
        await pilot.press("c")
        await pilot.pause(0.3)
        assert app.current_mode == "guide"
        assert "How this program works" in screen_text(app)


async def test_a_broken_promise_offers_a_rehearsal(welcomed_store, make_test_app):
    promise = add_promise(welcomed_store, "Text when I leave work", Schedule.daily(), PROGRAM_START)
    yesterday = FIXED_NOW.date() - timedelta(days=1)
    check(welcomed_store, promise.id, yesterday, "broken", "Forgot; alarm set now", now=FIXED_NOW)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        assert "a promise was broken lately" in screen_text(app)
        await pilot.press("r")
        await pilot.pause(0.3)
        assert app.current_mode == "rehearse"
        assert "furious" in screen_text(app)  # the small-lapse scenario's title


async def test_no_setback_means_no_offer(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#setback").display
        await pilot.press("r")
        assert app.current_mode == "today"


async def test_a_missed_checkin_shows_on_today(welcomed_store, make_test_app):
    set_schedule(welcomed_store, "Monday", "20:00", since=date(2026, 11, 9))
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "Weekly check-in: overdue since Monday 23 November" in shown
        assert "Missed: 16 Nov." in shown


async def test_a_clock_set_before_the_start_never_counts_below_day_one(
    welcomed_store, make_test_app, clock
):
    from datetime import datetime

    clock.set(datetime(2026, 10, 21, 12, 0))
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "the program starts on Tuesday 03 November 2026" in shown
        assert "Day -" not in shown
