"""The rituals of a new normal, without screens: logs, goals, the check-in's schedule,
missed weeks, the agenda built from the week, and search."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.agenda import agenda_lines, log_items, search_logs, week_agenda
from coach.checkins import (
    checkin_status,
    finish_checkin,
    get_schedule,
    list_checkins,
    save_checkin,
    schedule_from_worksheet,
    set_schedule,
    start_checkin,
)
from coach.errors import InputTooLarge, UsageError
from coach.goals import add_goal, import_worksheet_goals, list_goals, set_goal_done, update_goal
from coach.journal import APPRECIATION, HONESTY, add_appreciation, add_honesty, entries
from coach.store import Store

NOW = datetime(2026, 11, 24, 20, 0).astimezone()
TODAY = date(2026, 11, 24)  # a Tuesday


@pytest.fixture
def mem() -> Store:
    return Store.in_memory()


def test_appreciation_and_honesty_lines_are_kept_by_day(mem):
    add_appreciation(mem, "She made time to call my mother", TODAY, NOW, said=True)
    add_honesty(mem, "Told her I ran into my ex at the shop", TODAY - timedelta(days=1), NOW)
    (only,) = entries(mem, APPRECIATION)
    assert only.text == "She made time to call my mother" and only.said
    assert entries(mem, HONESTY, first=TODAY) == []
    assert len(entries(mem, HONESTY, first=TODAY - timedelta(days=1))) == 1


def test_empty_and_huge_lines_are_refused_with_a_message(mem):
    with pytest.raises(UsageError, match="Nothing was written"):
        add_honesty(mem, "   \n ", TODAY, NOW)
    with pytest.raises(InputTooLarge, match="limit"):
        add_appreciation(mem, "x" * 5000, TODAY, NOW)
    assert entries(mem, HONESTY) == [] and entries(mem, APPRECIATION) == []


def test_markup_and_escapes_are_stored_safely(mem):
    add_honesty(mem, "[bold red]x[/] \x1b]52;c;aGk=\x07done", TODAY, NOW)
    assert entries(mem, HONESTY)[0].text == "[bold red]x[/] done"


def test_goals_add_update_complete(mem):
    goal = add_goal(mem, "A weekend by the sea", "Look at dates in March", NOW)
    update_goal(mem, goal.id, "A weekend by the sea in spring", "Ask which weekend suits")
    set_goal_done(mem, goal.id, NOW)
    (saved,) = list_goals(mem)
    assert saved.text == "A weekend by the sea in spring" and saved.done and saved.completed_at
    assert list_goals(mem, include_done=False) == []


def test_worksheet_goals_are_brought_in_once(mem):
    rows = [{"goal": "Repaint the kitchen", "first_step": "Pick colours"}, {"goal": ""}]
    assert len(import_worksheet_goals(mem, rows, NOW)) == 1
    assert import_worksheet_goals(mem, rows, NOW) == []


def test_schedule_comes_from_the_new_normal_worksheet(mem):
    mem.put(
        "worksheets", "new-normal", {"answers": {"checkin_day": "Sunday", "checkin_time": "19:30"}}
    )
    schedule = schedule_from_worksheet(mem, TODAY)
    assert schedule is not None and schedule.describe() == "Sundays at 19:30"
    assert schedule.rule == "FREQ=WEEKLY;BYDAY=SU;BYHOUR=19;BYMINUTE=30"
    assert get_schedule(mem) == schedule


def test_bad_schedule_values_are_refused(mem):
    with pytest.raises(UsageError, match="day of the week"):
        set_schedule(mem, "Funday", "19:00", TODAY)
    with pytest.raises(UsageError, match="HH:MM"):
        set_schedule(mem, "Sunday", "7pm", TODAY)


def test_a_missed_week_shows_and_a_held_one_does_not(mem):
    set_schedule(mem, "Sunday", "19:00", since=date(2026, 11, 1))
    # Sundays: 1, 8, 15, 22 November. Held on the 9th (a day late) and the 22nd.
    for day in (date(2026, 11, 9), date(2026, 11, 22)):
        checkin = start_checkin(mem, day, NOW, [])
        finish_checkin(mem, checkin.id, {"how_are_we": "ok"}, 1800, NOW)
    status = checkin_status(mem, TODAY)
    assert status.missed == (date(2026, 11, 1), date(2026, 11, 15))
    assert status.done_this_week
    assert status.next_day == date(2026, 11, 29) and not status.due_today


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    held=st.lists(st.integers(min_value=0, max_value=120), max_size=25),
    today=st.integers(min_value=0, max_value=130),
)
def test_missed_weeks_match_a_day_by_day_count(held, today):
    """Any set of held days, any today: a week is missed exactly when no held day lies
    within three days of its Sunday and the Sunday is more than three days gone."""
    store = Store.in_memory()
    since = date(2026, 1, 4)  # a Sunday
    set_schedule(store, "Sunday", "19:00", since=since)
    for offset in sorted(set(held)):
        session = start_checkin(store, since + timedelta(days=offset), NOW, [])
        finish_checkin(store, session.id, {"how_are_we": "ok"}, 1800, NOW)
    day = since + timedelta(days=today)
    held_days = [since + timedelta(days=offset) for offset in set(held)]
    sundays = [since + timedelta(days=7 * week) for week in range(today // 7 + 2)]
    expected = tuple(
        sunday
        for sunday in sundays
        if (day - sunday).days > 3 and not any(abs((d - sunday).days) <= 3 for d in held_days)
    )
    assert checkin_status(store, day).missed == expected


def test_due_today_and_overdue(mem):
    set_schedule(mem, "Tuesday", "19:00", since=date(2026, 11, 20))
    assert checkin_status(mem, TODAY).due_today
    status = checkin_status(mem, TODAY + timedelta(days=2))
    assert status.due_today and status.next_day == TODAY and status.missed == ()
    assert checkin_status(mem, TODAY + timedelta(days=4)).missed == (TODAY,)


def test_a_session_autosaves_and_is_read_back(tmp_path):
    store = Store.open(tmp_path)
    checkin = start_checkin(store, TODAY, NOW, ["Promises:", "  Kept 5x: call at lunch"])
    assert start_checkin(store, TODAY, NOW, []).id == checkin.id  # not started twice
    save_checkin(store, checkin.id, {"how_are_we": "Better than last week"}, 600)
    reopened = Store.open(tmp_path)
    (saved,) = list_checkins(reopened)
    assert saved.answers["how_are_we"] == "Better than last week"
    assert saved.elapsed_seconds == 600 and not saved.finished
    assert saved.agenda[1] == "  Kept 5x: call at lunch"


def test_the_agenda_is_built_from_the_week(mem):
    mem.put("promises", "p1", {"text": "Text when I leave work"})
    mem.put("checks", "c1", {"promise_id": "p1", "date": "2026-11-23", "status": "kept"})
    mem.put(
        "checks",
        "c2",
        {
            "promise_id": "p1",
            "date": "2026-11-22",
            "status": "broken",
            "note": "stayed late, did not text; will set an alarm",
        },
    )
    mem.put("checks", "c3", {"promise_id": "p1", "date": "2026-11-01", "status": "broken"})
    add_honesty(mem, "Told her about the lunch with Sam", TODAY, NOW)
    add_appreciation(mem, "She laughed at my terrible joke", TODAY - timedelta(days=2), NOW)
    sections = {s.title: s for s in week_agenda(mem, TODAY)}
    assert sections["Promises"].lines == (
        "Kept 1x: Text when I leave work",
        "Broken on 2026-11-22: Text when I leave work "
        "(stayed late, did not text; will set an alarm)",
    )
    assert sections["Told before being asked"].lines == (
        "2026-11-24: Told her about the lunch with Sam",
    )
    assert len(sections["Appreciation"].lines) == 1
    assert "  No real moments were logged this week." in agenda_lines(list(sections.values()))


def test_logs_are_searched_across_kinds(mem):
    add_honesty(mem, "Told her about the lunch with Sam", TODAY, NOW)
    add_appreciation(mem, "Sam's birthday card idea was hers", TODAY, NOW)
    add_appreciation(mem, "She fixed the bike", TODAY, NOW)
    checkin = start_checkin(mem, TODAY, NOW, [])
    finish_checkin(mem, checkin.id, {"felt_off": "the lunch felt off to her"}, 1800, NOW)
    assert {i.kind for i in search_logs(mem, "lunch")} == {"Honesty", "Check-in"}
    assert [i.kind for i in search_logs(mem, "SAM card")] == ["Appreciation"]
    assert len(log_items(mem)) == 4


def test_a_session_whose_record_vanished_is_written_again(mem):
    checkin = start_checkin(mem, TODAY, NOW, [])
    mem.remove("checkins", checkin.id)  # as if an older backup were put back
    save_checkin(mem, checkin.id, {"how_are_we": "still here"}, 120, TODAY)
    (saved,) = list_checkins(mem)
    assert saved.id == checkin.id and saved.day == TODAY
    assert saved.answers["how_are_we"] == "still here"
