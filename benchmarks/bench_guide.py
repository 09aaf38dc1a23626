"""How long the Guide takes to open each lesson, measured inside the app.

Every lesson is opened through Pilot, by key: first with `n` from the first lesson (each
lesson laid out for the first time), then with `p` back again (laid out before), then
from the contents with enter after a settings change (the partner's name differs, so
nothing is cached). The time counted runs from the screen's action to the next refresh
(`GuideScreen.open_times`), not `pilot.press`, which costs 60-125 ms whatever the app does.

Run: python benchmarks/bench_guide.py [--size 110x34] [--budget-ms 100]
Exits 1 if any lesson took longer than the budget.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
from datetime import date, datetime

from coach.clock import FixedClock
from coach.guide import load_guide
from coach.settings import Settings, save_settings
from coach.store import Store

NOW = datetime(2026, 11, 24, 20, 15).astimezone()


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def _wait_for_open(screen: object, count: int) -> None:
    # The timing lands after the refresh that follows the action; wait for it to appear.
    for _ in range(400):
        if len(screen.open_times) >= count:  # type: ignore[attr-defined]
            return
        await asyncio.sleep(0.005)
    raise RuntimeError("a lesson did not open within two seconds")


async def measure(size: tuple[int, int]) -> dict[str, list[tuple[str, float]]]:
    from coach.screens.app import make_app
    from coach.screens.guide import GuideScreen

    clock = FixedClock(NOW)
    store = Store.in_memory(clock)
    settings = Settings(
        partner_name="Dana", pronouns="she/her", program_start=date(2026, 11, 3), welcomed=True
    )
    save_settings(store, settings)
    app = make_app(store, clock)
    lessons = load_guide().lessons()
    runs: dict[str, list[tuple[str, float]]] = {}
    async with app.run_test(size=size) as pilot:
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GuideScreen)
        await _wait_for_open(screen, 1)
        seen = len(screen.open_times)
        # Start from the first lesson, whatever was open.
        screen.open_lesson(lessons[0].id)
        seen += 1
        await _wait_for_open(screen, seen)

        runs["first layout (n)"] = []
        for _ in lessons[1:]:
            await pilot.press("n")
            seen += 1
            await _wait_for_open(screen, seen)
            runs["first layout (n)"].append(screen.open_times[-1])

        runs["cached (p)"] = []
        for _ in lessons[1:]:
            await pilot.press("p")
            seen += 1
            await _wait_for_open(screen, seen)
            runs["cached (p)"].append(screen.open_times[-1])

        # A new name and pronouns: every lesson must be filled and laid out again.
        app.update_settings(settings.with_changes(partner_name="Sam", pronouns="they/them"))
        runs["new settings (contents, enter)"] = []
        contents = screen.contents
        for lesson in lessons:
            contents.focus()
            contents.move_to_lesson(lesson.id)
            await pilot.pause()
            await pilot.press("enter")
            seen += 1
            await _wait_for_open(screen, seen)
            runs["new settings (contents, enter)"].append(screen.open_times[-1])
    return runs


def report(runs: dict[str, list[tuple[str, float]]], budget_ms: float) -> bool:
    ok = True
    for name, timings in runs.items():
        values = [seconds * 1000 for _, seconds in timings]
        worst_id, worst = max(timings, key=lambda item: item[1])
        print(
            f"{name:32} n={len(values):3}  median {statistics.median(values):6.1f} ms  "
            f"p95 {_p95(values):6.1f} ms  worst {worst * 1000:6.1f} ms ({worst_id})"
        )
        ok = ok and worst * 1000 <= budget_ms
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="110x34", help="terminal size, COLSxROWS")
    parser.add_argument("--budget-ms", type=float, default=100.0)
    args = parser.parse_args()
    columns, rows = (int(part) for part in args.size.lower().split("x"))
    runs = asyncio.run(measure((columns, rows)))
    print(f"Guide lesson open, {columns}x{rows}, from the action to the next refresh:")
    ok = report(runs, args.budget_ms)
    print("all within budget" if ok else f"SOME LESSONS TOOK LONGER THAN {args.budget_ms} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
