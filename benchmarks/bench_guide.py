"""How long the Guide takes to open each lesson, measured inside the app.

Every lesson is opened through Pilot, by key: with `n` from the first lesson (each lesson
laid out for the first time), with `p` back again (laid out before), and from the contents
with enter after a settings change (a new name and pronouns, so nothing is cached). The
time counted runs from the screen's action to the end of the next compositor refresh of
the screen (or `GuideScreen.open_times`, from `call_after_refresh`, if later), not
`pilot.press`, which costs 60-125 ms whatever the app does.

Full garbage collections (generation 2) pause the whole process at moments of their
choosing; the time of any that fell inside an open is shown beside it, so a slow open can
be told apart from a slow renderer.

Run: python benchmarks/bench_guide.py [--size 110x34] [--rounds 3] [--budget-ms 100]
         [--reading 1.5] [--freeze] [--gc-threshold 20000,20,10]
Exits 1 if any lesson took longer than the budget. `--reading` pauses between opens as a
reader would; `--freeze` and `--gc-threshold` show what app-wide garbage-collector
settings would change (the app itself sets neither).
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
    ms: float  # wall clock, from the action to the end of the next screen refresh
    cpu_ms: float  # this thread's CPU time over the same span (other processes excluded)
    gc_ms: float = 0.0  # full collections within the span
    work_ms: float = 0.0  # inside GuideScreen.open_lesson; the rest is the screen's refresh


class _Clocks:
    """Each open (patched into the screen), each screen refresh, each full collection."""

    def __init__(self) -> None:
        self.ends: list[tuple[str, float]] = []  # lesson, when `call_after_refresh` ran
        self.starts: list[tuple[float, float, float]] = []  # wall, cpu, seconds of work
        self.paints: list[tuple[float, float]] = []  # wall and cpu at each refresh's end
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
        lesson_id, called_back = self.ends[index]
        started, started_cpu, work = self.starts[index]
        # The lesson is on screen once the first compositor refresh after the action has
        # drawn (`call_after_refresh` may run before it when nothing else was pending).
        ended, ended_cpu = next(
            ((wall, cpu) for wall, cpu in self.paints if wall > started + work),
            (called_back, time.thread_time()),
        )
        return Timing(
            lesson_id,
            (ended - started) * 1000,
            (ended_cpu - started_cpu) * 1000,
            self.gc_within(started, ended) * 1000,
            work * 1000,
        )


def _patch(screen_class: type, clocks: _Clocks) -> None:
    original = screen_class._opened

    def opened(self, lesson_id: str, started: float) -> None:
        clocks.ends.append((lesson_id, time.perf_counter()))
        original(self, lesson_id, started)

    screen_class._opened = opened
    open_lesson = screen_class.open_lesson

    def timed_open(self, *args: object, **kwargs: object) -> None:
        began, began_cpu = time.perf_counter(), time.thread_time()
        open_lesson(self, *args, **kwargs)
        clocks.starts.append((began, began_cpu, time.perf_counter() - began))

    screen_class.open_lesson = timed_open
    compositor_refresh = screen_class._compositor_refresh

    def timed_refresh(self) -> None:
        compositor_refresh(self)
        clocks.paints.append((time.perf_counter(), time.thread_time()))

    screen_class._compositor_refresh = timed_refresh


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
            first.ms += (clocks.starts[0][0] - started) * 1000
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
        cpu = [timing.cpu_ms for timing in timings]
        work = [timing.work_ms for timing in timings]
        worst = max(timings, key=lambda timing: timing.ms)
        with_gc = sum(1 for timing in timings if timing.gc_ms > 0)
        print(
            f"{name:32} n={len(values):3}  median {statistics.median(values):6.1f} ms  "
            f"p95 {_p95(values):6.1f} ms  worst {worst.ms:6.1f} ms ({worst.lesson_id}"
            f"{f', {worst.gc_ms:.0f} ms of it a full GC' if worst.gc_ms else ''})"
            f"{f'  [{with_gc} opens hit a full GC]' if with_gc else ''}"
        )
        print(
            f"{'':32}  CPU: median {statistics.median(cpu):6.1f} ms  p95 {_p95(cpu):6.1f} ms"
            f"  max {max(cpu):6.1f} ms;  in open_lesson: median "
            f"{statistics.median(work):4.1f} ms  max {max(work):4.1f} ms"
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
        "--gc-threshold",
        help="gc.set_threshold(A, B, C) before starting, to compare, e.g. 20000,20,10",
    )
    parser.add_argument(
        "--reading",
        type=float,
        default=0.0,
        help="seconds of reading between opens (the app is idle meanwhile)",
    )
    args = parser.parse_args()
    columns, rows = (int(part) for part in args.size.lower().split("x"))
    if args.gc_threshold:
        gc.set_threshold(*(int(part) for part in args.gc_threshold.split(",")))
    runs = asyncio.run(measure((columns, rows), args.rounds, args.freeze, args.reading))
    print(f"Guide lesson open, {columns}x{rows}, from the action to the next refresh:")
    ok = report(runs, args.budget_ms)
    print("all within budget" if ok else f"SOME LESSONS TOOK LONGER THAN {args.budget_ms} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
