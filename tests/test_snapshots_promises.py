"""SVG snapshots of promises: Today with a week of kept and broken days, the month view and
the year view, at 110x34 on the fixed evening of 24 November 2026."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coach import promises as core
from coach.schedule import parse_every
from coach.screens.app import make_app
from coach.store import Store
from tests.conftest import FIXED_NOW, PROGRAM_START, SNAPSHOT_SIZE

TODAY = FIXED_NOW.date()


@pytest.fixture
def week_store(welcomed_store: Store) -> Store:
    """Three promises; the last week mostly kept, one broken with its note, one day missed."""
    store = welcomed_store
    call = core.add_promise(
        store,
        "Call if I am going to be late",
        parse_every("day", PROGRAM_START),
        PROGRAM_START,
        at="17:30",
    ).id
    phone = core.add_promise(
        store, "Phone away at dinner", parse_every("day", PROGRAM_START), PROGRAM_START
    ).id
    walk = core.add_promise(
        store, "Walk together after dinner", parse_every("weekdays", PROGRAM_START), PROGRAM_START
    ).id
    for offset in range(7, 0, -1):
        day = TODAY - timedelta(days=offset)
        logged = FIXED_NOW - timedelta(days=offset)
        if offset == 4:
            continue  # a day not logged at all
        for promise_id in (call, phone, walk):
            if promise_id == walk and day.weekday() >= 5:
                continue
            if offset == 2 and promise_id == phone:
                core.check(
                    store,
                    promise_id,
                    day,
                    "broken",
                    note="What happened: I answered a work email at dinner.\n"
                    "What I will do: the phone stays in the hall until nine.",
                    now=logged,
                )
            else:
                core.check(store, promise_id, day, "kept", now=logged)
    core.check(store, call, TODAY, "kept", now=FIXED_NOW)
    return store


def test_today_with_a_week_of_promises(snap_compare, week_store, clock):
    assert snap_compare(make_app(week_store, clock), terminal_size=SNAPSHOT_SIZE)


def test_promises_month_view(snap_compare, week_store, clock):
    assert snap_compare(
        make_app(week_store, clock), terminal_size=SNAPSHOT_SIZE, press=["4", "left", "left"]
    )


def test_promises_year_view(snap_compare, week_store, clock):
    assert snap_compare(make_app(week_store, clock), terminal_size=SNAPSHOT_SIZE, press=["4", "y"])
