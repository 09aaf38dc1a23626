"""How long the Guide takes to open each lesson, measured inside the app.

Every lesson is opened through Pilot, by key: with `n` from the first lesson (each lesson
laid out for the first time), with `p` back again (laid out before), and from the contents
with enter after a settings change (a new name and pronouns, so nothing is cached). The
time counted runs from the screen's action to the next refresh of the screen
(`GuideScreen.open_times`), not `pilot.press`, which costs 60-125 ms whatever the app does.

Full garbage collections (generation 2) pause the whole process at moments of their
choosing; the time of any that fell inside an open is shown beside it, so a slow open can
be told apart from a slow renderer.

Run: python benchmarks/bench_guide.py [--size 110x34] [--rounds 3] [--budget-ms 100]
Exits 1 if any lesson took longer than the budget.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
from dataclasses import dataclass
from datetime import date, datetime

from coach.clock import FixedClock
from coach.guide import load_guide
from coach.settings import Settings, save_settings
from coach.store import Store

NOW = datetime(2026, 11, 24, 20, 15).astimezone()


@dataclass
class Timing:
    lesson_id: str
    ms: float
    gc_ms: float = 0.0


class _Clocks:
    """When each open ended (patched into the screen) and when each full collection ran."""

    def __init__(self) -> None:
        self.ends: list[tuple[str, float, float]] = []  # lesson, started, ended
        self.collections: list[tuple[float, float]] = []
        self._gc_started = 0.0

    def on_gc(self, phase: str, info: dict) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.collections.append((self._gc_started, time.perf_counter()))

    def gc_within(self, started: float, ended: float) -> float:
        return sum(
            max(0.0, min(ended, stop) - max(started, start)) for start, stop in self.collections
        )

    def timing(self, index: int) -> Timing:
        lesson_id, started, ended = self.ends[index]
        return Timing(lesson_id, (ended - started) * 1000, self.gc_within(started, ended) * 1000)


def _patch(screen_class: type, clocks: _Clocks) -> None:
    original = screen_class._opened

    def opened(self, lesson_id: str, started: float) -> None:
        clocks.ends.append((lesson_id, started, time.perf_counter()))
        original(self, lesson_id, started)

    screen_class._opened = opened


async def _wait_for(clocks: _Clocks, count: int) -> None:
    # The timing lands after the refresh that follows the action; wait for it to appear.
    for _ in range(400):
        if len(clocks.ends) >= count:
            return
        await asyncio.sleep(0.005)
    raise RuntimeError("a lesson did not open within two seconds")


async def measure(
    size: tuple[int, int], rounds: int = 1, freeze: bool = False, reading: float = 0.0
) -> dict[str, list[Timing]]:
    from coach.screens.app import make_app
    from coach.screens.guide import GuideScreen

    clocks = _Clocks()
    _patch(GuideScreen, clocks)
    gc.callbacks.append(clocks.on_gc)
    clock = FixedClock(NOW)
    store = Store.in_memory(clock)
    settings = Settings(
        partner_name="Dana", pronouns="she/her", program_start=date(2026, 11, 3), welcomed=True
    )
    save_settings(store, settings)
    app = make_app(store, clock)
    lessons = load_guide().lessons()
    runs: dict[str, list[Timing]] = {
        "first visit (builds the screen)": [],
        "first layout (n)": [],
        "laid out before (p)": [],
        "new settings (contents, enter)": [],
    }
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            # The first visit composes the screen; timed from the section action to the
            # refresh that shows the first lesson.
            started = time.perf_counter()
            app.action_section("guide")
            screen = app.screen
            assert isinstance(screen, GuideScreen)
            await _wait_for(clocks, 1)
            first = clocks.timing(0)
            first.ms = (clocks.ends[0][2] - started) * 1000
            runs["first visit (builds the screen)"].append(first)
            if freeze:
                # What an app-wide gc.freeze() after start-up would do: full collections
                # then skip everything alive so far.
                gc.collect()
                gc.freeze()
            for round_number in range(rounds):
                names = ("Dana", "she/her") if round_number % 2 else ("Sam", "they/them")
                # Count opens before each key: the press may return after the refresh.
                expected = len(clocks.ends) + 1
                screen.open_lesson(lessons[0].id)
                await _wait_for(clocks, expected)
                for key, run in (("n", "first layout (n)"), ("p", "laid out before (p)")):
                    for _ in lessons[1:]:
                        expected = len(clocks.ends) + 1
                        await pilot.press(key)
                        await _wait_for(clocks, expected)
                        runs[run].append(clocks.timing(-1))
                        if reading:
                            await asyncio.sleep(reading)
                # New words for the partner: every lesson is filled and laid out again.
                app.update_settings(settings.with_changes(partner_name=names[0], pronouns=names[1]))
                contents = screen.contents
                for lesson in lessons:
                    contents.focus()
                    contents.move_to_lesson(lesson.id)
                    await pilot.pause()
                    expected = len(clocks.ends) + 1
                    await pilot.press("enter")
                    await _wait_for(clocks, expected)
                    runs["new settings (contents, enter)"].append(clocks.timing(-1))
                    if reading:
                        await asyncio.sleep(reading)
    finally:
        gc.callbacks.remove(clocks.on_gc)
    return runs


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(runs: dict[str, list[Timing]], budget_ms: float) -> bool:
    ok = True
    for name, timings in runs.items():
        values = [timing.ms for timing in timings]
        worst = max(timings, key=lambda timing: timing.ms)
        with_gc = sum(1 for timing in timings if timing.gc_ms > 0)
        print(
            f"{name:32} n={len(values):3}  median {statistics.median(values):6.1f} ms  "
            f"p95 {_p95(values):6.1f} ms  worst {worst.ms:6.1f} ms ({worst.lesson_id}"
            f"{f', {worst.gc_ms:.0f} ms of it a full GC' if worst.gc_ms else ''})"
            f"{f'  [{with_gc} opens hit a full GC]' if with_gc else ''}"
        )
        if not name.startswith("first visit"):
            ok = ok and worst.ms <= budget_ms
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="110x34", help="terminal size, COLSxROWS")
    parser.add_argument("--rounds", type=int, default=1, help="times to go through the guide")
    parser.add_argument("--budget-ms", type=float, default=100.0)
    parser.add_argument(
        "--freeze", action="store_true", help="gc.freeze() once the Guide is built, to compare"
    )
    parser.add_argument(
        "--reading",
        type=float,
        default=0.0,
        help="seconds of reading between opens (the app is idle meanwhile)",
    )
    args = parser.parse_args()
    columns, rows = (int(part) for part in args.size.lower().split("x"))
    runs = asyncio.run(measure((columns, rows), args.rounds, args.freeze, args.reading))
    print(f"Guide lesson open, {columns}x{rows}, from the action to the next refresh:")
    ok = report(runs, args.budget_ms)
    print("all within budget" if ok else f"SOME LESSONS TOOK LONGER THAN {args.budget_ms} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
