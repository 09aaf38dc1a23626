"""Time keys inside a running Textual app: from the key event to the screen's refresh.

`pilot.press` is not timed: it waits for the app to go idle and costs 60-125 ms a key
whatever the app does. Instead the app is watched from the inside:

* the start is when the app receives the key event (`App.on_event`, before any binding
  or widget sees it);
* every compositor refresh (the moment a frame is handed to the terminal) is stamped;
* the key's time is up to the next frame (the goal), and also up to the last frame drawn
  before the app went quiet again, so work that a key sets off through messages (a
  highlighted row filling a panel) is seen too.

Nothing else on screen moves by itself while a key is timed (no clock, no cursor blink in
a focused field), so the frames in between belong to the key.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from textual import events
from textual.screen import Screen

QUIET_SECONDS = 0.06  # no new frame for this long: the key's work is over


@dataclass
class KeyTimes:
    """Milliseconds from each key to the next frame, and to the last frame it caused.

    The target is judged on the next frame (the screen answers the key); the last frame
    (the screen still again: a panel filled, the footer's keys laid out) is reported
    beside it.
    """

    name: str
    target_ms: float
    first: list[float] = field(default_factory=list)
    last: list[float] = field(default_factory=list)

    def add(self, first: float, last: float) -> None:
        self.first.append(first * 1000)
        self.last.append(last * 1000)

    @property
    def median(self) -> float:
        return statistics.median(self.first)

    @property
    def p95(self) -> float:
        return percentile(self.first, 95)

    @property
    def settled_median(self) -> float:
        return statistics.median(self.last)

    @property
    def settled_p95(self) -> float:
        return percentile(self.last, 95)

    @property
    def ok(self) -> bool:
        return self.p95 < self.target_ms


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile: a value that was really measured."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil without floats
    return ordered[int(rank) - 1]


class KeyTimer:
    """Stamps key events and frames of one app; `press` times one key."""

    frames: list[float] = []  # all screens' frames, shared by the patched method
    _patched = False

    def __init__(self, app: Any) -> None:
        self.app = app
        self.key_at: float | None = None
        on_event = app.on_event

        async def stamped_on_event(event: events.Event) -> None:
            if isinstance(event, events.Key):
                self.key_at = time.perf_counter()
            await on_event(event)

        app.on_event = stamped_on_event
        KeyTimer._patch_frames()

    @classmethod
    def _patch_frames(cls) -> None:
        if cls._patched:
            return
        cls._patched = True
        refresh = Screen._compositor_refresh

        def stamped_refresh(self: Screen) -> None:
            refresh(self)
            cls.frames.append(time.perf_counter())

        Screen._compositor_refresh = stamped_refresh  # type: ignore[method-assign]

    async def settle(self, pilot: Any) -> None:
        """Wait until the app has drawn its last frame and gone quiet."""
        await pilot.pause()
        seen = len(self.frames)
        while True:
            await asyncio.sleep(QUIET_SECONDS)
            if len(self.frames) == seen:
                return
            seen = len(self.frames)

    async def press(self, pilot: Any, key: str, into: KeyTimes | None = None) -> float:
        """Press `key`; return (and record into `into`) seconds to its next frame."""
        await self.settle(pilot)
        self.key_at = None
        seen = len(self.frames)
        await pilot.press(key)
        # pilot.press waits for idle, then asks for a refresh itself; wait for the rest
        # without forcing anything, so only the app's own frames are counted.
        seen_after = len(self.frames)
        while True:
            await asyncio.sleep(QUIET_SECONDS)
            if len(self.frames) == seen_after:
                break
            seen_after = len(self.frames)
        if self.key_at is None:
            raise RuntimeError(f"the key {key!r} never reached the app")
        frames = [stamp for stamp in self.frames[seen:] if stamp >= self.key_at]
        if not frames:
            raise RuntimeError(f"the key {key!r} drew nothing")
        first, last = frames[0] - self.key_at, frames[-1] - self.key_at
        if into is not None:
            into.add(first, last)
        return first
