"""The clock jumps a day back or forward, or the time zone changes, while the app is open or
between runs: no day is counted twice or lost, and nothing crashes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from coach import promises
from coach.checkins import list_checkins
from coach.clock import FixedClock
from coach.screens.app import make_app
from coach.settings import Settings, save_settings
from coach.store import Store
from tests.conftest import FIXED_NOW, PROGRAM_START
from tests.helpers.screen import screen_text

DAY = timedelta(days=1)
TODAY = FIXED_NOW.date()


def welcomed(folder: Path, clock: FixedClock) -> Store:
    store = Store.open(folder, clock)
    save_settings(store, Settings(partner_name="Dana", program_start=PROGRAM_START, welcomed=True))
    return store


async def visit(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def test_checkins_across_clock_jumps_make_one_per_day(tmp_path: Path) -> None:
    clock = FixedClock(FIXED_NOW)
    app = make_app(welcomed(tmp_path, clock), clock)
    async with app.run_test(size=(110, 34)) as pilot:
        for shift in (0, -1, 0, +1, -1, +1):  # today, back, today again, forward, ...
            clock.set(FIXED_NOW + shift * DAY)
            await visit(pilot, "6", "n")
            assert "Time left" in screen_text(app)
            await visit(pilot, "escape")
            assert "Weekly check-in" in screen_text(app) or "Past check-ins" in screen_text(app)
    days = Counter(c.day for c in list_checkins(Store.open(tmp_path)))
    assert days == {TODAY - DAY: 1, TODAY: 1, TODAY + DAY: 1}


async def test_today_follows_the_clock_and_the_day_end(tmp_path: Path) -> None:
    clock = FixedClock(FIXED_NOW)
    app = make_app(welcomed(tmp_path, clock), clock)
    number = (TODAY - PROGRAM_START).days + 1
    async with app.run_test(size=(110, 34)) as pilot:
        assert f"Day {number} of the program" in screen_text(app)
        for shift, expected in ((-1, number - 1), (+1, number + 1), (0, number)):
            clock.set(FIXED_NOW + shift * DAY)
            await visit(pilot, "6")
            await visit(pilot, "1")
            assert f"Day {expected} of the program" in screen_text(app)
        # 2 a.m. belongs to the day before while days end at 4 a.m.
        clock.set(FIXED_NOW.replace(hour=2) + DAY)
        await visit(pilot, "6")
        await visit(pilot, "1")
        assert f"Day {number} of the program" in screen_text(app)


async def test_a_promise_checked_across_clock_jumps_counts_each_day_once(tmp_path: Path) -> None:
    clock = FixedClock(FIXED_NOW)
    store = welcomed(tmp_path, clock)
    promise = promises.add_promise(
        store, "Phone on the table at dinner", "FREQ=DAILY", PROGRAM_START
    )
    app = make_app(store, clock)
    async with app.run_test(size=(110, 34)) as pilot:
        for shift in (0, -1, 0, +1, 0, -1):
            clock.set(FIXED_NOW + shift * DAY)
            await visit(pilot, "6")
            await visit(pilot, "1")  # Today shows the day the clock now says
            day = TODAY + shift * DAY
            before = promises.day_entries(store, day)
            if not before:
                await visit(pilot, "space")  # keep it for that day
            assert "Phone on the table" in screen_text(app)
        # The 25th was logged, then the clock went back: a day "after today" exists.
        clock.set(FIXED_NOW - DAY)
        await visit(pilot, "4")
        await visit(pilot, "1")
        assert "Phone on the table" in screen_text(app)
    entries = [r for r in Store.open(tmp_path).all(promises.CHECKS)]
    per_day = Counter((r["promise_id"], r["date"]) for r in entries)
    assert set(per_day.values()) == {1}
    assert {r["date"] for r in entries} == {(TODAY + s * DAY).isoformat() for s in (-1, 0, 1)}
    assert promise.id in {r["promise_id"] for r in entries}


def run_coach(folder: Path, tz: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": tz, "COACH_DATA_DIR": str(folder)}
    env.pop("COACH_PASSPHRASE", None)
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="TZ is read only where tzset exists")
def test_changing_time_zone_between_runs_counts_each_day_once(tmp_path: Path) -> None:
    # Kiritimati is UTC+14 and Pago Pago UTC-11: at most moments their dates differ.
    zones = ("Pacific/Kiritimati", "Pacific/Pago_Pago", "Pacific/Kiritimati", "UTC")
    added = run_coach(tmp_path, "UTC", "promise", "add", "Call at lunch", "--from", "2024-01-01")
    assert added.returncode == 0, added.stderr
    for zone in zones:
        for command in (("check", "Call at lunch"), ("today",), ("streak",)):
            done = run_coach(tmp_path, zone, *command)
            assert done.returncode == 0, (zone, command, done.stderr)
            assert "Traceback" not in done.stderr
    checks = Store.open(tmp_path).all(promises.CHECKS)
    per_day = Counter(r["date"] for r in checks)
    assert set(per_day.values()) == {1}
    assert 1 <= len(per_day) <= 3  # one per calendar day the zones were on, never more
    for record in checks:
        assert date.fromisoformat(record["date"]) >= date(2024, 1, 1)
