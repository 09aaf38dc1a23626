"""Save the README's screenshots with the app's own `save_screenshot`, from a demo store.

    python docs/make_screenshots.py

The demo is three weeks of an invented program, kept in memory: nothing is read from or
written to your own data.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from pathlib import Path

from coach.checkins import set_schedule
from coach.clock import FixedClock
from coach.journal import add_appreciation, add_honesty
from coach.promises import add_promise, check
from coach.schedule import Schedule
from coach.settings import Settings, save_settings
from coach.store import Store

HERE = Path(__file__).resolve().parent
NOW = datetime(2026, 11, 24, 20, 15).astimezone()
START = date(2026, 11, 3)


def demo_store(clock: FixedClock) -> Store:
    store = Store.in_memory(clock)
    save_settings(store, Settings("Dana", "she/her", START, welcomed=True))
    promises = [
        add_promise(store, "Text when I leave work", Schedule.weekdays(), START, at="17:30"),
        add_promise(store, "Phone face up on the table at home", Schedule.daily(), START),
        add_promise(store, "Ask about her day and listen", Schedule.daily(), START, at="19:00"),
    ]
    today = NOW.date()
    day = START
    while day < today:
        for number, promise in enumerate(promises):
            if not promise.due_on(day):
                continue
            if day == date(2026, 11, 12) and number == 0:
                check(
                    store,
                    promise.id,
                    day,
                    "broken",
                    "Stayed late and forgot; I set a reminder for 17:25 now.",
                    now=NOW,
                )
            else:
                check(store, promise.id, day, "kept", now=NOW)
        day += timedelta(days=1)
    check(store, promises[1].id, today, "kept", now=NOW)
    set_schedule(store, "Sunday", "19:30", since=START)
    add_appreciation(store, "She took my mum's call when I couldn't", today, NOW)
    add_honesty(store, "Told her my old colleague messaged about a reunion", today, NOW)
    return store


async def save(name: str, keys: list[str]) -> Path:
    from coach.screens.app import make_app

    clock = FixedClock(NOW)
    app = make_app(demo_store(clock), clock)
    async with app.run_test(size=(110, 34)) as pilot:
        for key in keys:
            await pilot.press(key)
        await pilot.pause(0.5)
        path = app.save_screenshot(f"{name}.svg", str(HERE))
    return Path(path)


def main() -> None:
    for name, keys in (("today", []), ("guide", ["2"]), ("rehearse", ["5"])):
        print(asyncio.run(save(name, keys)))


if __name__ == "__main__":
    main()
