"""SVG snapshot of a check-in session with a week of entries."""

from __future__ import annotations

from datetime import date

from coach.checkins import set_schedule
from coach.journal import add_appreciation, add_honesty
from coach.screens.app import make_app
from tests.conftest import FIXED_NOW, SNAPSHOT_SIZE


def test_checkin_session(snap_compare, welcomed_store, clock):
    set_schedule(welcomed_store, "Tuesday", "20:00", since=date(2026, 11, 3))
    add_honesty(
        welcomed_store, "Told Dana I ran into my ex at the station", date(2026, 11, 22), FIXED_NOW
    )
    add_appreciation(
        welcomed_store, "She stayed up to help me with the tax form", date(2026, 11, 23), FIXED_NOW
    )
    assert snap_compare(
        make_app(welcomed_store, clock),
        terminal_size=SNAPSHOT_SIZE,
        press=["6", "n", *"Quieter week, fewer hard moments"],
    )


def test_checkin_home(snap_compare, welcomed_store, clock):
    set_schedule(welcomed_store, "Sunday", "19:30", since=date(2026, 11, 8))
    assert snap_compare(make_app(welcomed_store, clock), terminal_size=SNAPSHOT_SIZE, press=["6"])
