"""The figures that need no screen: a durable check-off, the two reviews, the streaks.

Each is timed in this process with `time.perf_counter`, many times over, on the store a
ten-year history was written to (a scratch copy of it for the check-off, which writes).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Sentences of the kind a draft holds: an apology, excuses, a reply, plain narrative.
DRAFT_SENTENCES = (
    "I am sorry that I hid the messages from you for most of last spring.",
    "I told you I was working late when I was meeting her for a drink instead.",
    "You found out from a friend, and that made you feel foolish and alone.",
    "There is no excuse for it, although work had been very hard at the time.",
    "If you were upset, I understand, but it was honestly not that serious.",
    "From now on I will show you my phone without you having to ask for it.",
    "I can see why you are angry with me tonight, and I am not going anywhere.",
    "Why do we have to go over this again when I already said I was sorry?",
    "She waited up until two in the morning, and I did not even call her.",
    "I don't really know why I did it; maybe I wanted to feel noticed again.",
)


@dataclass
class Timing:
    """Milliseconds of each run of one operation."""

    name: str
    target_ms: float
    ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.ms)
        return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]

    @property
    def ok(self) -> bool:
        return self.median < self.target_ms


def draft_text(length: int = 2_000) -> str:
    """A draft of exactly `length` characters made of whole sentences (the last cut)."""
    words: list[str] = []
    total = 0
    index = 0
    while total < length:
        sentence = DRAFT_SENTENCES[index % len(DRAFT_SENTENCES)]
        words.append(sentence)
        total += len(sentence) + 1
        index += 1
    return " ".join(words)[:length]


def time_calls(name: str, target_ms: float, call: Callable[[], object], runs: int) -> Timing:
    call()  # the first call may load phrase books or build caches; that is not timed
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    return Timing(name, target_ms, samples)


def bench_reviews(runs: int = 200) -> list[Timing]:
    from coach.reviews import review_apology, review_reply

    text = draft_text()
    return [
        time_calls("Apology review, 2,000 characters", 5, lambda: review_apology(text), runs),
        time_calls("Reply review, 2,000 characters", 5, lambda: review_reply(text), runs),
    ]


def bench_check_off(data_dir: Path, runs: int = 30) -> Timing:
    """Today's first due promise marked kept and back, each saved to disk (fsync'd)."""
    from coach.promises import check, due_promises, program_day
    from coach.store import Store

    store = Store.open(data_dir)
    today = program_day(store)
    promise = due_promises(store, today)[0]
    samples = []
    for index in range(runs):
        status = "broken" if index % 2 else "kept"
        note = "Benchmark: forgot, and said so." if status == "broken" else ""
        began = time.perf_counter()
        check(store, promise.id, today, status, note)
        samples.append((time.perf_counter() - began) * 1000)
    return Timing("Check-off saved durably (fsync)", 50, samples)


def bench_streaks(data_dir: Path, runs: int = 40) -> list[Timing]:
    """Streaks and scores of every promise and of all together, and the weekly rates:
    after a check-off (the index brought up to date) and from nothing (at start)."""
    from coach import streaks
    from coach.promises import check, due_promises, list_promises, program_day
    from coach.store import Store

    store = Store.open(data_dir)
    today = program_day(store)
    promises = list_promises(store)
    first = due_promises(store, today)[0]

    def everything() -> None:
        streaks.overall_stats(store, today)
        for promise in promises:
            streaks.promise_stats(store, promise.id, today)
        streaks.weekly_kept_rates(store, today)

    after_check, from_nothing = [], []
    for index in range(runs):
        check(store, first.id, today, "kept" if index % 2 else "broken", "Benchmark note.")
        began = time.perf_counter()
        everything()
        after_check.append((time.perf_counter() - began) * 1000)
        streaks._MEMOS.clear()  # as at start: nothing worked out yet
        began = time.perf_counter()
        everything()
        from_nothing.append((time.perf_counter() - began) * 1000)
    return [
        Timing(f"Streaks and scores, {len(promises)} promises: after a check-off", 5, after_check),
        Timing(f"Streaks and scores, {len(promises)} promises: from nothing", 5, from_nothing),
    ]
