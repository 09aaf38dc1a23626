"""How fast the calendar moves and a check-off saves, with ten years of history.

    python benchmarks/bench_calendar.py [--years 10] [--moves 100] [--data-dir DIR]

Builds (or reuses) a file store with `--years` of daily promises, opens the real app on it
headless at 110x34, and times, inside the app:

* moving one day in the month calendar: from the key's action (where the calendar records
  `time.perf_counter()`) until the screen has shown the new day and refreshed
  (`call_after_refresh`); `pilot.press` is not timed, it costs 60-125 ms by itself;
* a check-off on Today: from the space key's action until the entry is on disk (fsync'd)
  and the screen has refreshed with the new streak.

Targets: a day move under 16 ms at the 95th percentile, a check-off under 50 ms.

Textual paints at most `TEXTUAL_FPS` frames a second (60 by default), so at the default a
refresh waits for the next 16.7 ms frame whatever the work costs. The benchmark lifts that
cap (`--fps 1000`) to measure the work itself; `--fps 60` shows what a user's frame adds.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib.util
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from coach.clock import FixedClock
from coach.store import Store

NOW = datetime(2026, 11, 24, 20, 15).astimezone()
TODAY = NOW.date()
MAKE_HISTORY = Path(__file__).with_name("make_history.py")


def ensure_history(folder: Path, years: int) -> None:
    """Fill an empty folder with `years` of history ending on the fixed `TODAY`.

    The history is the one `make_history.py` writes (five promises on different
    schedules, a few broken with notes, some logged late), with this script's fixed today
    so every run times the same calendar.
    """
    if (folder / "store.json").exists():
        return
    spec = importlib.util.spec_from_file_location("make_history", MAKE_HISTORY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.make_history(Store.open(folder, FixedClock(NOW)), years, 7, TODAY)


def summary(name: str, samples: list[float], target_ms: float) -> str:
    ms = sorted(sample * 1000 for sample in samples)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    verdict = "ok" if p95 < target_ms else "OVER TARGET"
    return (
        f"{name}: n={len(ms)} median {statistics.median(ms):.2f} ms, p95 {p95:.2f} ms, "
        f"max {ms[-1]:.2f} ms (target p95 < {target_ms:.0f} ms: {verdict})"
    )


class Timer:
    """Times an action from its start until a given method has run and the screen has
    refreshed after it; wall-clock time, and this thread's CPU time (which other
    processes on a busy machine cannot inflate)."""

    def __init__(self, screen: Any, owner: Any, method: str) -> None:
        self.screen = screen
        self.pending: list[tuple[asyncio.Future[tuple[float, float]], float, float]] = []
        self.wall: list[float] = []
        self.cpu: list[float] = []
        original = getattr(owner, method)

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            if self.pending:
                future, wall, cpu = self.pending.pop()
                self.screen.call_after_refresh(
                    lambda: future.set_result(
                        (time.perf_counter() - wall, time.thread_time() - cpu)
                    )
                )
            return result

        setattr(owner, method, wrapped)

    async def time(self, action: Callable[[], None]) -> None:
        future: asyncio.Future[tuple[float, float]] = asyncio.get_running_loop().create_future()
        self.pending.append((future, time.perf_counter(), time.thread_time()))
        action()
        wall, cpu = await future
        self.wall.append(wall)
        self.cpu.append(cpu)

    def report(self, name: str, target_ms: float) -> list[str]:
        return [
            summary(f"{name}, wall clock", self.wall, target_ms),
            summary(f"{name}, CPU", self.cpu, target_ms),
        ]


async def run(folder: Path, moves: int, checks: int, freeze_gc: bool = False) -> list[str]:
    from coach.screens.app import make_app
    from coach.screens.calendar_month import MonthCalendar

    clock = FixedClock(NOW)
    store = Store.open(folder, clock)
    app = make_app(store, clock)
    lines = []
    if freeze_gc:
        # What the app could do after opening a large store: objects alive now are left
        # out of later full collections, which otherwise take 30-90 ms with ten years.
        gc.collect()
        gc.freeze()
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        # Check-offs on Today: keep the first promise, then take the mark back, in turn.
        # Timed until the streak beside the list is redrawn and on screen.
        today = app.screen.query_one("#today-promises")
        checklist = today.query_one("#today-checklist")
        saving = Timer(app.screen, today, "refresh_stats")
        saves: list[float] = []

        def check_off() -> None:
            started = time.perf_counter()
            checklist.action_toggle_kept()
            saves.append(time.perf_counter() - started)

        for _ in range(checks):
            await saving.time(check_off)
        lines.append(summary("check-off saved durably (the action alone)", saves, 50))
        lines.extend(saving.report("check-off saved and on screen", 50))

        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        calendar = screen.query_one("#month", MonthCalendar)
        calendar.focus()
        await pilot.pause()
        # Timed until the screen has shown the selected day's promises and notes.
        moving = Timer(screen, screen, "show_day")
        for index in range(moves):
            # Mostly back a day, a week forward now and then, crossing months as a user
            # reading back through the history would.
            step = 7 if index % 10 == 9 else -1
            await moving.time(lambda step=step: calendar.action_move(step))
        lines.extend(moving.report("calendar day move", 16))
        paging = Timer(screen, screen, "show_day")
        for _ in range(24):
            await paging.time(lambda: calendar.action_month(-1))
        lines.extend(paging.report("calendar month move ([)", 16))
        started = time.perf_counter()
        await pilot.press("y")
        await pilot.pause()
        took = (time.perf_counter() - started) * 1000
        lines.append(f"year view shown (pilot.press included): {took:.0f} ms")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--moves", type=int, default=100)
    parser.add_argument("--checks", type=int, default=20)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--fps", type=int, default=1000, help="Textual's frame cap")
    parser.add_argument(
        "--freeze-gc", action="store_true", help="gc.freeze() once the store is open"
    )
    args = parser.parse_args()
    # Read by Textual when it is first imported, which happens in `run`.
    os.environ["TEXTUAL_FPS"] = str(args.fps)
    print(f"TEXTUAL_FPS={args.fps}")
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.data_dir or Path(scratch) / "history"
        started = time.perf_counter()
        ensure_history(folder, args.years)
        size = (folder / "store.json").stat().st_size
        took = time.perf_counter() - started
        print(f"store: {args.years} years, {size / 1e6:.1f} MB ({took:.1f} s to build or find)")
        for line in asyncio.run(run(folder, args.moves, args.checks, args.freeze_gc)):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
