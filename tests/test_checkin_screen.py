"""The weekly check-in as a user walks it: set the day, run a session with notes and a
goal, finish, read it back after a restart; missed weeks show; logs are searchable."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Input, TextArea

from coach.checkins import list_checkins, set_schedule
from coach.goals import list_goals
from coach.journal import add_honesty
from coach.screens.app import make_app
from coach.settings import Settings, save_settings
from coach.store import Store
from tests.conftest import FIXED_NOW, PROGRAM_START
from tests.helpers.screen import screen_text


def file_store(tmp_path, clock) -> Store:
    store = Store.open(tmp_path, clock)
    if not store.records("settings"):
        save_settings(
            store, Settings(partner_name="Dana", program_start=PROGRAM_START, welcomed=True)
        )
    return store


async def test_run_a_checkin_and_read_it_back_after_a_restart(tmp_path, clock):
    store = file_store(tmp_path, clock)
    add_honesty(store, "Told Dana I had lunch with Sam", FIXED_NOW.date(), FIXED_NOW)
    app = make_app(store, clock)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("6")
        await pilot.press("n")
        await pilot.pause()
        assert "Time left 30:00" in screen_text(app) or "Time left 29:" in screen_text(app)
        assert "Told Dana I had lunch with Sam" in screen_text(app)  # the agenda
        await pilot.press(*"Calmer than last week")
        app.screen.query_one("#felt_off", TextArea).text = "The late text on Friday"
        app.screen.query_one("#my_step", Input).value = "Text before I leave work"
        app.screen.query_one("#their_step", Input).value = "Say when something feels off"
        # The partner's step is asked of the partner by name, not "they".
        assert any(str(s.visual) == "This week Dana will" for s in app.screen.query(".question"))
        await pilot.press("ctrl+g")
        await pilot.press(*"A weekend by the sea")
        await pilot.press("enter")
        await pilot.pause()
        assert "A weekend by the sea" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.sub_title == "Check-in"
        assert "Calmer than last week" in screen_text(app)

    reopened = Store.open(tmp_path, clock)
    (saved,) = list_checkins(reopened)
    assert saved.finished
    assert saved.answers["how_are_we"] == "Calmer than last week"
    assert saved.answers["felt_off"] == "The late text on Friday"
    assert saved.answers["my_step"] == "Text before I leave work"
    assert [g.text for g in list_goals(reopened)] == ["A weekend by the sea"]

    app = make_app(reopened, clock)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("6")
        await pilot.pause()
        app.screen.query_one("#past-checkins").focus()
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "Check-in of Tuesday 24 November 2026" in shown
        assert "The late text on Friday" in shown
        assert "This week Dana will: Say when something feels off" in shown


async def test_leaving_a_session_keeps_it_for_later(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("6", "n")
        await pilot.press(*"half a thought")
        await pilot.press("escape")
        await pilot.pause()
        assert "not finished" in screen_text(app)
    (saved,) = list_checkins(welcomed_store)
    assert saved.answers["how_are_we"] == "half a thought" and not saved.finished


async def test_the_timer_pauses_and_says_so(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("6", "n", "ctrl+t")
        await pilot.pause()
        assert "(paused: ctrl+t resumes)" in screen_text(app)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "paused" not in screen_text(app)


async def test_a_missed_checkin_shows(welcomed_store, make_test_app):
    set_schedule(welcomed_store, "Sunday", "19:30", since=date(2026, 11, 8))
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("6")
        await pilot.pause()
        shown = screen_text(app)
        assert "Weekly check-in: Sundays at 19:30" in shown
        assert "Missed: 08 Nov, 15 Nov" in shown


async def test_setting_the_day_refuses_a_bad_time(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("6", "w")
        await pilot.pause()
        time_input = app.screen.query_one("#time", Input)
        time_input.value = "7pm"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "HH:MM" in screen_text(app)
        time_input.value = "20:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Sundays at 20:00" in screen_text(app)


async def test_logs_are_searchable(welcomed_store, make_test_app):
    add_honesty(
        welcomed_store, "Told her the gym runs late on Thursdays", date(2026, 11, 20), FIXED_NOW
    )
    add_honesty(
        welcomed_store, "Showed her the message from my brother", date(2026, 11, 21), FIXED_NOW
    )
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("6", "l")
        await pilot.pause()
        assert "gym runs late" in screen_text(app) and "my brother" in screen_text(app)
        await pilot.press("slash", *"brother")
        await pilot.pause()
        assert "gym runs late" not in screen_text(app)
        assert "my brother" in screen_text(app)


def test_a_past_checkin_is_listed_by_its_first_line_cut_with_a_mark():
    from coach.checkins import Checkin
    from coach.screens.checkin import checkin_label

    long = "Tense. The trip came up again and I listened instead of arguing, for once."
    done = Checkin("c1", date(2026, 11, 17), "", "2026-11-17T20:30:00", 1800, {"how_are_we": long})
    shown = checkin_label(done).plain
    assert shown.startswith("Tue 17 Nov 2026  Tense. The trip came up again")
    assert shown.endswith("\u2026") and long not in shown
    assert len(shown) <= len("Tue 17 Nov 2026  ") + 60
    short = Checkin("c2", date(2026, 11, 10), "", "x", 1800, {"how_are_we": "Better.\nMore."})
    assert checkin_label(short).plain == "Tue 10 Nov 2026  Better."


async def test_coming_back_from_the_logs_keeps_the_place_in_past_checkins(
    welcomed_store, make_test_app
):
    from textual.widgets import OptionList

    from coach.checkins import finish_checkin, start_checkin

    for week in range(5):
        day = date(2026, 11, 17) - timedelta(days=7 * week)
        session = start_checkin(welcomed_store, day, FIXED_NOW, [])
        finish_checkin(welcomed_store, session.id, {"how_are_we": f"Week {week}"}, 1800, FIXED_NOW)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("6")
        await pilot.pause()
        past = app.screen.query_one("#past-checkins", OptionList)
        past.focus()
        await pilot.press("down", "down")
        await pilot.pause()
        chosen = past.highlighted_option.id
        await pilot.press("l")
        await pilot.pause()
        assert app.screen.sub_title == "Logs"
        await pilot.press("escape")
        await pilot.pause()
        assert past.highlighted == 2 and past.highlighted_option.id == chosen
        assert "Week 2" in screen_text(app)

        # A new check-in is still shown at once when the section comes back.
        session = start_checkin(welcomed_store, date(2026, 11, 24), FIXED_NOW, [])
        finish_checkin(welcomed_store, session.id, {"how_are_we": "Today's"}, 1800, FIXED_NOW)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "Today's" in screen_text(app)
        assert past.highlighted_option.id == chosen
