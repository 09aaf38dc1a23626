"""Promises as a user walks them: adding one, keeping it on Today and seeing the streak and
the calendar move, breaking one with an honest note, undoing, moving in the calendar,
marking a past day, being refused a future one, and finding it all again after a restart."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import DataTable, Input, Select, TextArea

from coach import promises as core
from coach.errors import CoachError
from coach.schedule import parse_every
from coach.screens.calendar_month import MonthCalendar
from coach.screens.promises_checklist import DayChecklist
from coach.store import Store
from coach.streaks import DayState, day_states, overall_stats
from tests.conftest import FIXED_NOW, PROGRAM_START
from tests.helpers.screen import screen_text

SIZE = (110, 34)
TODAY = FIXED_NOW.date()


def add(store: Store, text: str = "Call if I am late", start: date = PROGRAM_START) -> str:
    return core.add_promise(store, text, parse_every("day", start), start).id


def keep_days(store: Store, promise_id: str, first: date, last: date) -> None:
    for offset in range((last - first).days + 1):
        core.check(store, promise_id, first + timedelta(days=offset), "kept", now=FIXED_NOW)


def status_on(store: Store, promise_id: str, day: date) -> str | None:
    entries = core.day_entries(store, day)
    return next((e.status for e in entries if e.promise_id == promise_id), None)


def line_with(app: object, words: str) -> str:
    """The first line on screen that shows `words`."""
    return next((line for line in screen_text(app).splitlines() if words in line), "")


def rendered(screen: object, selector: str) -> str:
    """A widget's text with its line breaks folded, as a sentence."""
    return " ".join(str(screen.query_one(selector).render()).split())


async def test_add_a_promise_through_the_dialog(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert "No promises yet" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Text her when I leave work")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.query_one("#promise-list", DataTable).row_count == 1
        assert "every day" in line_with(app, "Text her when I leave work")
    (promise,) = core.list_promises(welcomed_store)
    assert (promise.text, promise.start) == ("Text her when I leave work", TODAY)


async def test_add_dialog_explains_bad_values_and_keeps_the_text(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "a")
        await pilot.pause()
        dialog = app.screen
        await pilot.press(*"Walk together after dinner")
        dialog.query_one("#schedule", Select).value = "every_n"
        dialog.query_one("#interval", Input).value = "0"
        dialog.query_one("#at", Input).value = "7.30pm"
        dialog.query_one("#start", Input).value = "2026-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "number from 2 to 365" in rendered(dialog, "#schedule-error")
        assert "not a time I can read" in rendered(dialog, "#when-error")
        assert "February 2026 has 28 days" in rendered(dialog, "#when-error")
        assert dialog.query_one("#promise-text", Input).value == "Walk together after dinner"
        for field, value in (("#at", "19:30"), ("#start", "2026-11-20"), ("#weekdays", "sat fun")):
            dialog.query_one(field, Input).value = value
        dialog.query_one("#schedule", Select).value = "chosen"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "'fun' is not a weekday" in rendered(dialog, "#schedule-error")
        dialog.query_one("#weekdays", Input).value = "Sat, sun"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not dialog
    (promise,) = core.list_promises(welcomed_store)
    assert promise.at == "19:30" and promise.start == date(2026, 11, 20)
    assert promise.schedule.describe() == "weekends"


async def test_keeping_a_promise_on_today_moves_the_streak_and_the_calendar(
    welcomed_store, make_test_app
):
    promise_id = add(welcomed_store)
    keep_days(welcomed_store, promise_id, TODAY - timedelta(days=3), TODAY - timedelta(days=1))
    before = overall_stats(welcomed_store, TODAY).current_streak
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        stats = str(app.screen.query_one("#today-stats").render())
        assert f"{before} days" in stats
        assert "not yet" in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
        after = overall_stats(welcomed_store, TODAY).current_streak
        assert after == before + 1
        assert f"{after} days" in str(app.screen.query_one("#today-stats").render())
        assert "[✓] kept" in line_with(app, "Call if I am late")
        await pilot.press("4")
        await pilot.pause()
        calendar = app.screen.query_one("#month", MonthCalendar)
        assert calendar.state_of(TODAY) == DayState.ALL_KEPT
        assert f"[{TODAY.day}✓]" in screen_text(app)
    assert status_on(welcomed_store, promise_id, TODAY) == "kept"


async def test_breaking_a_promise_needs_an_honest_note(welcomed_store, make_test_app):
    promise_id = add(welcomed_store)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        dialog = app.screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        asked = rendered(dialog, ".note-error")
        assert "Write what happened and what you will do about it" in asked
        await pilot.press(*"I stayed late and did not call")
        await pilot.press("tab")
        await pilot.press(*"Set a reminder for 17:30")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not dialog
        shown = screen_text(app)
        assert "[✗] broken" in line_with(app, "Call if I am late")
        assert "I stayed late and did not call" in shown
    (entry,) = core.day_entries(welcomed_store, TODAY)
    assert (entry.promise_id, entry.status) == (promise_id, "broken")
    assert "I stayed late" in entry.note and "reminder for 17:30" in entry.note


async def test_undo_says_what_was_undone(welcomed_store, make_test_app):
    promise_id = add(welcomed_store)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert status_on(welcomed_store, promise_id, TODAY) == "kept"
        await pilot.press("u")
        await pilot.pause()
        assert status_on(welcomed_store, promise_id, TODAY) is None
        assert "Undid: marked 'Call if I am late' kept" in screen_text(app)
        assert "[ ] not yet" in line_with(app, "Call if I am late")
        await pilot.press("u")
        await pilot.pause()
        assert "Nothing to undo" in screen_text(app)


async def test_moving_in_the_calendar(welcomed_store, make_test_app):
    add(welcomed_store)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        calendar = app.screen.query_one("#month", MonthCalendar)
        assert calendar.has_focus and calendar.selected == TODAY
        await pilot.press("left", "left", "up")
        assert calendar.selected == date(2026, 11, 15)
        await pilot.press("right", "down")
        assert calendar.selected == date(2026, 11, 23)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert calendar.selected == date(2026, 10, 23)
        assert "October 2026" in screen_text(app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert calendar.selected == date(2026, 12, 23)
        assert "December 2026" in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert calendar.selected == TODAY
        # Arrows cross month boundaries.
        for _ in range(24):
            await pilot.press("left")
        await pilot.pause()
        assert calendar.selected == date(2026, 10, 31)
        assert "Saturday 31 October 2026" in screen_text(app)


async def test_a_past_day_is_marked_from_the_calendar_and_shows_logged_late(
    welcomed_store, make_test_app
):
    promise_id = add(welcomed_store)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("left", "left", "enter")
        await pilot.pause()
        assert app.screen.query_one("#day-checklist", DayChecklist).has_focus
        await pilot.press("space")
        await pilot.pause()
        assert "logged late" in screen_text(app)
        calendar = app.screen.query_one("#month", MonthCalendar)
        assert calendar.state_of(date(2026, 11, 22)) == DayState.ALL_KEPT
        assert "22✓" in screen_text(app)
    assert status_on(welcomed_store, promise_id, date(2026, 11, 22)) == "kept"


async def test_a_future_day_is_refused_with_the_core_message(welcomed_store, make_test_app):
    promise_id = add(welcomed_store)
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(CoachError) as refused:
        core.check(welcomed_store, promise_id, tomorrow, "kept", now=FIXED_NOW)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("right", "enter", "space")
        await pilot.pause()
        assert refused.value.message in rendered(app.screen, "#day-checklist")
        await pilot.press("b")  # no note dialog for a day that has not come
        await pilot.pause()
        assert type(app.screen).__name__ == "PromisesScreen"
    assert status_on(welcomed_store, promise_id, tomorrow) is None


async def test_everything_survives_a_restart(tmp_path, clock, make_test_app):
    from coach.settings import Settings, save_settings

    store = Store.open(tmp_path, clock)
    save_settings(store, Settings(program_start=PROGRAM_START, welcomed=True))
    app = make_test_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "a")
        await pilot.pause()
        await pilot.press(*"Put the phone away at dinner")
        app.screen.query_one("#start", Input).value = PROGRAM_START.isoformat()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter", "space")
        await pilot.pause()
        await pilot.press("escape", "left", "enter", "b")
        await pilot.pause()
        await pilot.press(*"Scrolled at dinner", "tab", *"Phone in the drawer", "ctrl+s")
        await pilot.pause()

    reopened = Store.open(tmp_path, clock)
    app = make_test_app(reopened)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "[✓] kept" in line_with(app, "Put the phone away at dinner")
        await pilot.press("4")
        await pilot.pause()
        assert "Put the phone away at dinner" in screen_text(app)
        await pilot.press("left")
        await pilot.pause()
        shown = screen_text(app)
        assert "Scrolled at dinner" in shown and "broken" in shown
    states = day_states(reopened, TODAY - timedelta(days=1), TODAY, TODAY)
    assert states[TODAY] == DayState.ALL_KEPT
    assert states[TODAY - timedelta(days=1)] == DayState.BROKEN


@pytest.mark.parametrize("text", ["[bold red]x[/]", "[@click=app.quit]q"])
async def test_promise_text_is_shown_literally(text, welcomed_store, make_test_app):
    add(welcomed_store, text)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text in screen_text(app)
        await pilot.press("4")
        await pilot.pause()
        assert text in screen_text(app)
        assert app.is_running


async def test_year_view_and_the_streak_rules(welcomed_store, make_test_app):
    promise_id = add(welcomed_store)
    keep_days(welcomed_store, promise_id, PROGRAM_START, TODAY)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "y")
        await pilot.pause()
        assert "Weekly kept rate, last 26 weeks" in screen_text(app)
        await pilot.press("y", "h")
        await pilot.pause()
        assert type(app.screen).__name__ == "StreakRulesDialog"
        assert "1. A day is kept when every promise due that day was kept." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "November 2026" in screen_text(app)


async def test_rename_and_archive(welcomed_store, make_test_app):
    promise_id = add(welcomed_store)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "r")
        await pilot.pause()
        # Backspace takes the last letter, not the whole promise.
        await pilot.press(*["backspace"] * 4, *"running late", "enter")
        await pilot.pause()
        assert "Call if I am running late" in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "No promises yet" in screen_text(app)
    assert core.list_promises(welcomed_store) == []
    assert core.get_promise(welcomed_store, promise_id).archived


async def test_suggest_promise_opens_the_dialog_prefilled(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # As the Guide's "Do this now" does it: switch, then call on the new screen.
        app.action_section("promises")
        screen = app.screen_stack[0]
        screen.call_later(screen.suggest_promise, "Say goodnight before bed")
        await pilot.pause()
        assert app.screen.query_one("#promise-text", Input).value == "Say goodnight before bed"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Say goodnight before bed" in screen_text(app)
    assert [p.text for p in core.list_promises(welcomed_store)] == ["Say goodnight before bed"]


async def test_a_note_on_a_promise_not_yet_marked(welcomed_store, make_test_app):
    promise_id = add(welcomed_store)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Meeting may run over", "ctrl+s")
        await pilot.pause()
        assert "Meeting may run over" in screen_text(app)
        assert "[ ] not yet" in line_with(app, "Call if I am late")
        await pilot.press("space")
        await pilot.pause()
        assert "[✓] kept" in line_with(app, "Call if I am late")
        assert "Meeting may run over" in screen_text(app)
    (entry,) = core.day_entries(welcomed_store, TODAY)
    assert entry.promise_id == promise_id
    assert (entry.status, entry.note) == ("kept", "Meeting may run over")


async def test_an_unfinished_note_is_kept_when_closed_or_on_quitting(welcomed_store, make_test_app):
    promise_id = add(welcomed_store)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b", *"I was scrolling", "escape")
        await pilot.pause()
        assert status_on(welcomed_store, promise_id, TODAY) is None
        await pilot.press("b")
        await pilot.pause()
        assert "unfinished words" in screen_text(app)
        await pilot.press("tab", *"Phone in the drawer", "ctrl+q")
        await pilot.pause()
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert app.screen.query_one("#happened", TextArea).text == "I was scrolling"
        assert app.screen.query_one("#will-do", TextArea).text == "Phone in the drawer"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "[✗] broken" in line_with(app, "Call if I am late")
    (entry,) = core.day_entries(welcomed_store, TODAY)
    assert entry.status == "broken" and "Phone in the drawer" in entry.note


async def test_today_moves_on_when_the_day_ends_with_the_app_open(
    welcomed_store, make_test_app, clock
):
    add(welcomed_store)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert "[✓] kept" in line_with(app, "Call if I am late")
        # Past the day's end (4 a.m. by default) the open screen turns to the new day.
        clock.set(FIXED_NOW.replace(hour=4, minute=5) + timedelta(days=1))
        app.screen.query_one("#today-promises")._check_day_end()
        await pilot.pause()
        assert "Wednesday 25 November 2026" in screen_text(app)
        assert "[ ] not yet" in line_with(app, "Call if I am late")
