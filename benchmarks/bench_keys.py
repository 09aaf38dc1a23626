"""How fast each section answers a key, with ten years of history.

    python benchmarks/bench_keys.py --data-dir DIR [--rounds 60]

Opens the real app (110x34, headless, Textual's default frame rate) on a copy of the
store in DIR, started as `coach` starts it, and times keys through Pilot from the key
event to the next frame, and to the last frame the key caused (see `_keytimer.py`:
`pilot.press` itself is not timed). Every section is visited twice first, as a user
would have done long before.

Targets: p95 to the next frame under 16 ms for every key (one frame at 60 fps), except
opening a lesson (100 ms). Prints a line per key and exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _keytimer import KeyTimer, KeyTimes  # noqa: E402
from textual.widgets import Input  # noqa: E402

FRAME_MS = 16.0
LESSON_MS = 100.0
SECTION_KEYS = "1234567"


async def _section(pilot: Any, timer: KeyTimer, key: str, focus: str | None = None) -> Any:
    """Go to the section of `key` (untimed) and focus `focus` on it."""
    app = pilot.app
    await timer.settle(pilot)
    app.screen.set_focus(None)  # so the digit is the section key, never typed into a field
    await pilot.press(key)
    await timer.settle(pilot)
    if focus is not None:
        app.screen.query_one(focus).focus()
        await timer.settle(pilot)
    return app.screen


async def _keys(pilot: Any, timer: KeyTimer, times: KeyTimes, keys: list[str], rounds: int) -> None:
    for index in range(rounds):
        await timer.press(pilot, keys[index % len(keys)], times)


async def measure(data_dir: Path, rounds: int) -> list[KeyTimes]:
    from coach.cli.app import leave_full_collections_to_the_app
    from coach.screens.app import make_app
    from coach.store import Store

    store = Store.open(data_dir)
    app = make_app(store, data_dir=data_dir)
    leave_full_collections_to_the_app()  # as `coach` does before running the app
    results: list[KeyTimes] = []

    def row(name: str, target: float = FRAME_MS) -> KeyTimes:
        results.append(KeyTimes(name, target))
        return results[-1]

    async with app.run_test(size=(110, 34)) as pilot:
        timer = KeyTimer(app)
        await timer.settle(pilot)
        # Every section twice, so what is timed is a user's day, not the first visits.
        for key in SECTION_KEYS * 2:
            await _section(pilot, timer, key)
        # A focused field's cursor blinks, which would draw frames no key asked for.
        for screen in app._screen_stacks.values():
            for field in (w for s in screen for w in s.query(Input)):
                field.cursor_blink = False

        await _section(pilot, timer, "1", "#today-checklist")
        await _keys(pilot, timer, row("Today: move in the promises"), ["down", "up"], rounds)

        await _section(pilot, timer, "2", "#guide-contents")
        await _keys(pilot, timer, row("Guide: move in the contents"), ["down", "up"], rounds)
        opened = row("Guide: open a lesson (n, p)", LESSON_MS)
        lessons = app.screen.guide.lessons()
        app.screen.open_lesson(lessons[0].id)  # from the first lesson, untimed
        await timer.settle(pilot)
        for index in range(rounds):
            # Forward through the guide and back again: each key opens another lesson.
            forward = (index // (len(lessons) - 1)) % 2 == 0
            await timer.press(pilot, "n" if forward else "p", opened)

        await _section(pilot, timer, "3", "#ws-table")
        await _keys(pilot, timer, row("Worksheets: move in the list"), ["down", "up"], rounds)

        await _section(pilot, timer, "4", "#promise-list")
        await _keys(pilot, timer, row("Promises: move in the list"), ["down", "up"], rounds)
        await _section(pilot, timer, "4", "#month")
        days = row("Promises: move a day in the calendar")
        # Mostly back a day, a week forward now and then, crossing months as a user
        # reading back through the history would.
        await _keys(pilot, timer, days, ["left"] * 6 + ["down"], rounds)

        await _section(pilot, timer, "5", "#scenario-table")
        await _keys(pilot, timer, row("Rehearse: move in the list"), ["down", "up"], rounds)

        await _section(pilot, timer, "6")
        await _keys(pilot, timer, row("Check-in: open and close the logs"), ["l", "escape"], rounds)

        await _section(pilot, timer, "7", "#pronouns")
        await _keys(pilot, timer, row("Settings: move in the pronouns"), ["down", "up"], rounds)
        await _section(pilot, timer, "7")
        app.screen.focus_next()
        await _keys(pilot, timer, row("Settings: next field (tab)"), ["tab"], rounds)

        switch = row("Switch section (1-7, each visited before)")
        for index in range(rounds):
            app.screen.set_focus(None)
            await timer.press(pilot, SECTION_KEYS[index % len(SECTION_KEYS)], switch)
    return results


def report(results: list[KeyTimes]) -> bool:
    width = max(len(times.name) for times in results)
    for times in results:
        verdict = "ok" if times.ok else "OVER TARGET"
        print(
            f"{times.name:<{width}}  n={len(times.first):<3} next frame median "
            f"{times.median:6.2f} ms, p95 {times.p95:6.2f} ms (target < {times.target_ms:.0f}: "
            f"{verdict}); still again median {times.settled_median:6.1f}, "
            f"p95 {times.settled_p95:6.1f} ms"
        )
    return all(times.ok for times in results)


def run_on_copy(data_dir: Path, work: Callable[[Path], Awaitable[Any]]) -> Any:
    """Run `work` on a scratch copy of the store, so the history is never changed."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(data_dir, copy)
        return asyncio.run(work(copy))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--json", type=Path, help="also write every sample to this file")
    args = parser.parse_args(argv)
    results = run_on_copy(args.data_dir, lambda copy: measure(copy, args.rounds))
    if args.json is not None:
        args.json.write_text(json.dumps([asdict(times) for times in results]))
    return 0 if report(results) else 1


if __name__ == "__main__":
    sys.exit(main())
